"""`ashore booster-drop`: where the spent first stage falls (:func:`ashore.booster_drop`)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from ashore.cli.app import app, busy, check_out, print_assumptions, print_result, with_outputs
from ashore.cli.options import EARTH, INTERCEPTOR, JsonOpt, SiteOpt, site, with_options


@app.command("booster-drop")
@with_options(INTERCEPTOR, EARTH)
def booster_drop(
    site_: SiteOpt,
    azimuth: Annotated[float, typer.Option("--azimuth", help="Launch azimuth, deg.")],
    interceptor: dict,
    earth: object,
    elevation_deg: Annotated[float, typer.Option("--elevation-deg",
                                                 help="Launch elevation, deg.")] = 60.0,
    samples: Annotated[int, typer.Option("--samples", help="Monte Carlo samples.")] = 2000,
    area: Annotated[str | None, typer.Option(
        "--area", help="GeoJSON polygon file, or mutsumi-training-area.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 1,
    wind_mps: Annotated[float, typer.Option("--wind-mps", help="Mean wind speed, m/s.")] = 0.0,
    wind_from_deg: Annotated[float, typer.Option(
        "--wind-from-deg", help="Direction the wind blows from, deg (270: a westerly).")] = 270.0,
    wind_sigma_mps: Annotated[float, typer.Option(
        "--wind-sigma-mps", help="Wind spread per east/north axis, m/s.")] = 0.0,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(help="Write impacts CSV/GeoJSON and a map.")] = None,
) -> None:
    """Where the spent first stage falls: Monte Carlo impacts, 95% ellipse, share inside an area."""
    from ashore.api import Wind
    from ashore.api import booster_drop as run

    check_out(out)
    with busy(json_out, "flying the booster Monte Carlo..."):
        result = with_outputs(run(
            **interceptor, site=site(site_), azimuth_deg=azimuth, elevation_deg=elevation_deg,
            samples=samples, area=area, seed=seed, earth=earth,
            wind=Wind(wind_mps, math.radians(wind_from_deg), wind_sigma_mps)), out)
    print_result(result, json_out, f"booster drop: {result.get('interceptor', '')}")
    print_assumptions(result, json_out)
