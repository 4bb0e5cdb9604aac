"""``ashore.booster_drop``: where an interceptor's spent first stage falls, with Monte Carlo
dispersion, and what share lands inside an area (e.g. the notional Mutsumi training area)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ashore.api._result import Result, axes, out_folder
from ashore.catalog.interceptors import resolve_interceptor
from ashore.earth.areas import Area, resolve_area
from ashore.earth.model import EarthModel
from ashore.errors import InputError
from ashore.intercept.booster import (
    CALM,
    BoosterDrop,
    Dispersion,
    Wind,
    require_booster,
)
from ashore.intercept.booster import booster_drop as fly_booster_drop
from ashore.intercept.interceptor import Interceptor


@dataclass(frozen=True)
class BoosterDropResult(Result):
    """A spent-booster drop: nominal and mean impact, 95 % ellipse and the share inside the
    area (:meth:`to_dict`, exactly ``ashore booster-drop --json``), and every impact
    (:attr:`drop`)."""

    interceptor: str
    nominal_distance_km: float
    inside_fraction: float | None
    drop: BoosterDrop = field(repr=False)
    figures: dict[str, Any] = field(repr=False)

    def to_dataframe(self):
        """Every Monte Carlo impact: latitude, longitude (deg), east and north of the site (km),
        fall time (s), impact speed (m/s), ballistic coefficient (kg/m^2), inside the area."""
        import numpy as np
        import pandas as pd

        d = self.drop
        cols = {"lat_deg": np.degrees(d.impact_lat_rad), "lon_deg": np.degrees(d.impact_lon_rad),
                "east_km": d.impact_east_m / 1e3, "north_km": d.impact_north_m / 1e3,
                "flight_time_s": d.flight_time_s, "impact_speed_mps": d.impact_speed_m_s,
                "ballistic_coefficient_kg_m2": d.ballistic_coefficient_kg_m2}
        if d.inside is not None:
            cols["inside_area"] = d.inside
        return pd.DataFrame(cols)

    def plot(self, ax=None):
        """Impacts east/north of the site, ellipses and area on ``ax``; returns the Axes."""
        from ashore.io.booster_outputs import draw_booster_drop

        return draw_booster_drop(axes(ax), self.drop)

    def write(self, out: str | Path) -> list[Path]:
        """``impacts.csv``, ``impacts.geojson`` and ``booster_drop.png`` under ``out``."""
        from ashore.io.booster_outputs import write_booster_outputs

        out = out_folder(out)
        return write_booster_outputs(self.drop, out)


def booster_drop(
    interceptor: str | Interceptor | None = None,
    *,
    site: tuple[float, float, float],
    azimuth_deg: float,
    elevation_deg: float = 60.0,
    samples: int = 2000,
    area: str | Path | Area | None = None,
    seed: int = 1,
    wind: Wind | None = None,
    dispersion: Dispersion | None = None,
    earth: EarthModel | None = None,
    interceptor_file: str | Path | None = None,
    require_site_inside: bool = True,
) -> BoosterDropResult:
    """Fly the spent first stage of ``interceptor`` (catalog name, object, or
    ``interceptor_file``) launched from ``site`` (lat_deg, lon_deg, alt_m) toward
    ``azimuth_deg`` at ``elevation_deg``: the nominal fall and ``samples`` dispersed ones
    (``seed``), in ``wind`` (default calm). ``area``: a GeoJSON file, a built-in area name
    (``mutsumi-training-area``) or an :class:`~ashore.earth.areas.Area`; with
    ``require_site_inside`` the site must lie inside it."""
    lat_deg, lon_deg, alt_m = (float(x) for x in site)
    for name, value in (("azimuth_deg", azimuth_deg), ("elevation_deg", elevation_deg)):
        if not math.isfinite(value):
            raise InputError(f"{name} must be a finite number of degrees, got {value}",
                             parameter=name)
    if not 0.0 < elevation_deg <= 90.0:
        raise InputError(f"`elevation_deg` must be above 0 and at most 90 degrees, got "
                         f"{elevation_deg}", parameter="elevation_deg")
    icp = interceptor if isinstance(interceptor, Interceptor) else resolve_interceptor(
        interceptor, interceptor_file)
    require_booster(icp)
    region = area if isinstance(area, Area) or area is None else resolve_area(area)
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    if region is not None and require_site_inside:
        region.require_site(lat, lon, "the launch site")
    earth = EarthModel() if earth is None else earth
    drop = fly_booster_drop(icp, earth, lat, lon, alt_m, math.radians(azimuth_deg),
                            math.radians(elevation_deg), samples, seed,
                            Dispersion() if dispersion is None else dispersion, region,
                            wind=CALM if wind is None else wind)
    figures = drop.to_dict()
    figures["assumptions"] = assumptions(drop, icp, region)
    return BoosterDropResult(icp.name, drop.nominal_distance_m / 1e3, drop.inside_fraction,
                             drop, figures)


def assumptions(drop: BoosterDrop, interceptor: Interceptor, area: Area | None) -> list[str]:
    """What the figures rest on: the Earth model, the booster and dispersion values with their
    evidence tiers, the wind, and the area's."""
    prov = interceptor.provenance
    stages, boost = prov.get("stages"), prov.get("booster")

    def tier(param) -> str:
        return f"{param.tier}: {param.source}" if param is not None else "no provenance given"

    b = drop.booster
    lines = list(drop.earth.describe())
    lines += [
        f"spent booster mass {b.mass_kg:g} kg and diameter {b.diameter_m:g} m = the first "
        f"stage's dry mass and diameter ({tier(stages)})",
        f"spent booster length {b.length_m:g} m, tumbling drag coefficient {b.tumbling_cd:g} "
        f"({tier(boost)})",
        f"tumbling ballistic coefficient beta = m / (C_D S/4) = "
        f"{b.ballistic_coefficient_kg_m2:.1f} kg/m^2 (mean projected area S/4 = "
        f"{b.mean_area_m2:.3f} m^2, Cauchy; derived) [@gruber-2007]",
        "separation at the end of the first stage's burn, no separation impulse; the fall has "
        "a constant drag coefficient, no thrust tail-off, no breakup",
        *drop.dispersion.describe(),
        drop.wind.describe(),
    ]
    if area is not None:
        src = area.source or "no source given"
        lines.append(f"area '{area.name}' ({area.tier or 'tier not given'}: {src})")
    return lines
