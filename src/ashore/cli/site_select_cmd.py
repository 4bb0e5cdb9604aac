"""`ashore site-select`: choose k sites from candidates (:mod:`ashore.analysis.siting`)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ashore.cli.app import app, busy, console, dumps
from ashore.cli.options import GridOpt, JsonOpt, ScenarioArg
from ashore.errors import InputError


@app.command("site-select")
def site_select(
    scenario: ScenarioArg,
    candidates: Annotated[Path, typer.Option("--candidates", help="YAML file: candidates: "
                                             "[{name, lat_deg, lon_deg, alt_m, interceptor, "
                                             "radar}].")],
    k: Annotated[int, typer.Option("--k", help="How many sites to choose.")],
    grid_km: GridOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Choose k sites from candidates to defend the most people: greedy and exact (MILP)."""
    from ashore.analysis.siting import load_candidates, select_sites, siting_summary
    from ashore.scenario.schema import load_scenario

    if grid_km is not None and not (math.isfinite(grid_km) and grid_km > 0):
        raise InputError(f"--grid-km must be a positive number of km, got {grid_km}")
    with busy(json_out, "site selection: flying the threat fans..."):
        result = siting_summary(select_sites(load_scenario(scenario),
                                             load_candidates(candidates), k, grid_km))
    if json_out:
        typer.echo(dumps(result))
        return
    for method in ("greedy", "exact"):
        r = result[method]
        console.print(escape(f"{method}: {', '.join(r['sites'])}: "
                             f"{r['population_defended']:,} people "
                             f"({100 * r['population_fraction']:.1f}% of those threatened)"),
                      highlight=False)
    for name, pop in result["single_site_population"].items():
        console.print(escape(f"  {name} alone: {pop:,}"), highlight=False)
