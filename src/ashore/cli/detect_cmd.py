"""`ashore detect`: the detection timeline of one flight against one radar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ashore.cli.app import app, busy, print_result
from ashore.cli.options import EARTH, FLIGHT, RADAR, JsonOpt, with_options
from ashore.cli.parsing import parse_peak, parse_site
from ashore.errors import InputError


@app.command()
@with_options(RADAR, FLIGHT, EARTH)
def detect(
    site: Annotated[str, typer.Option("--site", help="Radar site LAT,LON,ALT_M (m above sea).")],
    radar: dict,
    flight: dict,
    earth: object,
    dem: Annotated[list[Path] | None, typer.Option("--dem", help="DEM file(s) for the site's "
                                                   "terrain mask.")] = None,
    peak: Annotated[list[str] | None, typer.Option("--peak", help="Obstacle NAME,LAT,LON,"
                                                   "ALT_M; repeatable.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """When a radar first detects a trajectory, how long it tracks it, or why it never does."""
    with busy(json_out, "flying the threat..."):
        result = run_detect(
            radar_name=radar["radar"], radar_file=radar["radar_file"],
            site=parse_site(site, "--site"), boresight_deg=radar["boresight_deg"],
            rcs_m2=radar["rcs_m2"], dem_files=dem or [],
            peaks=[parse_peak(p, "--peak") for p in peak or []], flight={**flight, "earth": earth})
    print_result(result, json_out, f"detect: {result['radar']}")


def run_detect(*, radar_name, radar_file, site, boresight_deg, rcs_m2, dem_files, peaks,
               flight: dict) -> dict:
    import numpy as np

    from ashore.api.flight import fly
    from ashore.catalog.radars import point_radar, resolve_radar
    from ashore.cli.horizon_cmd import load_terrain
    from ashore.sensors.horizon import horizon_profile
    from ashore.sensors.timeline import RadarSite, detection_timelines

    if not (np.isfinite(rcs_m2) and rcs_m2 > 0):
        raise InputError(f"--rcs-m2 must be a positive radar cross-section in m^2, got {rcs_m2}")
    radar = resolve_radar(radar_name, radar_file)
    if boresight_deg is not None:
        radar = point_radar(radar, np.radians(boresight_deg))
    lat, lon, alt = np.radians(site[0]), np.radians(site[1]), site[2]
    dem, obstacles = load_terrain(dem_files, peaks)
    profile = None
    if dem is not None or obstacles:
        profile = horizon_profile(lat, lon, alt, dem, obstacles, step_deg=0.1,
                                  max_range_m=200e3, k=radar.k_factor)
    threat = fly(**flight, record=True)
    flights, summary = threat.flights, threat.to_dict()
    tl = detection_timelines(flights, [RadarSite(radar, lat, lon, alt, profile)], rcs_m2)[0]
    detected = bool(tl.detected[0])
    out: dict = {
        "radar": radar.name, "site_lat_deg": site[0], "site_lon_deg": site[1],
        "site_alt_m": alt, "rcs_m2": rcs_m2, "detected": detected,
        "first_detection_time_s": _r(tl.first_detection_time_s[0], 2),
        "first_detection_altitude_km": _r(tl.first_detection_alt_m[0] / 1e3, 3),
        "first_detection_range_km": _r(tl.first_detection_range_m[0] / 1e3, 3),
        "track_duration_s": _r(tl.track_duration_s[0], 2),
        "track_end_time_s": _r(tl.track_end_time_s[0], 2),
    }
    if not detected:
        out["reason"] = str(tl.reason[0])
    out["trajectory"] = summary
    return out


def _r(x: float, digits: int):
    import numpy as np

    return round(float(x), digits) if np.isfinite(x) else None
