"""`ashore horizon`: the terrain mask of a radar site, or the elevation angle to a point."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from ashore.cli.app import app, print_result
from ashore.cli.options import JsonOpt
from ashore.cli.parsing import parse_peak, parse_site
from ashore.errors import InputError


@app.command()
def horizon(
    site: Annotated[str, typer.Option("--site", help="Radar site LAT,LON,ALT_M (m above sea).")],
    dem: Annotated[list[Path] | None, typer.Option("--dem", help="DEM file (.hgt, .tif); "
                                                   "repeat for several tiles.")] = None,
    peak: Annotated[list[str] | None, typer.Option("--peak", help="Obstacle NAME,LAT,LON,ALT_M; "
                                                   "repeatable.")] = None,
    k_factor: Annotated[float, typer.Option("--k-factor", help="Effective Earth radius "
                                            "factor (refraction).")] = 4.0 / 3.0,
    step_deg: Annotated[float, typer.Option("--step-deg", help="Azimuth step, deg.")] = 0.1,
    max_range_km: Annotated[float, typer.Option("--max-range-km",
                                                help="How far terrain is searched.")] = 100.0,
    to: Annotated[str | None, typer.Option("--to", help="Point LAT,LON,ALT_M: its elevation "
                                           "angle, distance and curvature drop.")] = None,
    claimed_deg: Annotated[float | None, typer.Option("--claimed-deg", help="A claimed "
                                                      "elevation angle to --to: the vertical "
                                                      "exaggeration it implies.")] = None,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(help="Write horizon.csv and horizon.png.")] = None,
) -> None:
    """Terrain mask of a radar site (curvature and refraction), or the elevation to a point."""
    if k_factor <= 0 or not math.isfinite(k_factor):
        raise InputError(f"--k-factor must be positive, got {k_factor}")
    result = run_horizon(
        parse_site(site, "--site"), dem or [], [parse_peak(p, "--peak") for p in peak or []],
        k_factor, step_deg, max_range_km,
        parse_site(to, "--to") if to is not None else None, claimed_deg, out,
    )
    print_result(result, json_out, "horizon")


def load_terrain(dem_files: list[Path], peaks: list[tuple[str, float, float, float]]):
    """DEM tiles (one DemSet, or None) and obstacles from the command line."""
    import numpy as np

    from ashore.sensors.terrain import DemSet, Obstacle, read_dem

    dems = [read_dem(p) for p in dem_files]
    dem = None if not dems else dems[0] if len(dems) == 1 else DemSet(tuple(dems))
    obstacles = tuple(Obstacle(n, np.radians(la), np.radians(lo), h) for n, la, lo, h in peaks)
    return dem, obstacles


def run_horizon(site, dem_files, peaks, k_factor, step_deg, max_range_km, to, claimed_deg,
                out: Path | None) -> dict:
    import numpy as np

    from ashore.sensors.horizon import (
        claimed_angle_exaggeration,
        elevation_angle,
        horizon_profile,
    )

    lat, lon, alt = np.radians(site[0]), np.radians(site[1]), site[2]
    if not 0 < step_deg <= 10:
        raise InputError(f"--step-deg must be in (0, 10] degrees, got {step_deg}")
    if not max_range_km > 0:
        raise InputError(f"--max-range-km must be positive, got {max_range_km}")
    dem, obstacles = load_terrain(dem_files, peaks)
    result: dict = {"site_lat_deg": site[0], "site_lon_deg": site[1], "site_alt_m": alt,
                    "k_factor": k_factor}
    if to is not None:
        el = elevation_angle(lat, lon, alt, np.radians(to[0]), np.radians(to[1]), to[2],
                             k=k_factor)
        flat = np.arctan2(to[2] - alt, float(el.distance_m))  # no curvature, no refraction
        result.update({
            "elevation_deg": round(float(np.degrees(el.elevation_rad)), 5),
            "elevation_flat_earth_deg": round(float(np.degrees(flat)), 5),
            "distance_km": round(float(el.distance_m) / 1e3, 4),
            "curvature_drop_m": round(float(el.curvature_drop_m), 2),
        })
        if claimed_deg is not None:
            result["claimed_deg"] = claimed_deg
            result["vertical_exaggeration"] = round(float(claimed_angle_exaggeration(
                el.elevation_rad, np.radians(claimed_deg))), 3)
    elif claimed_deg is not None:
        raise InputError("--claimed-deg needs --to LAT,LON,ALT_M (the point the angle was "
                         "claimed for)")
    if to is None or dem is not None or obstacles or out is not None:
        prof = horizon_profile(lat, lon, alt, dem, obstacles, step_deg=step_deg,
                               max_range_m=max_range_km * 1e3, k=k_factor)
        worst = int(np.argmax(prof.mask_elevation_rad))
        result["profile"] = {
            "step_deg": step_deg,
            "max_range_km": max_range_km,
            "max_mask_deg": round(float(np.degrees(prof.mask_elevation_rad[worst])), 4),
            "max_mask_azimuth_deg": round(float(np.degrees(prof.azimuth_rad[worst])), 2),
            "mean_mask_deg": round(float(np.degrees(prof.mask_elevation_rad.mean())), 4),
        }
        if out is not None:
            result["outputs"] = [str(p) for p in write_horizon(prof, out)]
    return result


def write_horizon(prof, out: Path) -> list[Path]:
    """The mask profile as CSV and a polar PNG."""
    import matplotlib.pyplot as plt
    import numpy as np

    out.mkdir(parents=True, exist_ok=True)
    csv_path, png_path = out / "horizon.csv", out / "horizon.png"
    table = np.column_stack([np.degrees(prof.azimuth_rad), np.degrees(prof.mask_elevation_rad),
                             prof.mask_distance_m / 1e3, prof.mask_height_m])
    np.savetxt(csv_path, table, delimiter=",", fmt=["%.3f", "%.5f", "%.4f", "%.1f"],
               header="azimuth_deg,mask_elevation_deg,mask_distance_km,mask_height_m",
               comments="")
    fig = plt.figure(figsize=(6, 6), dpi=110)
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    ax.plot(prof.azimuth_rad, np.degrees(prof.mask_elevation_rad), lw=1.2)
    ax.set_title("terrain mask elevation (deg) by azimuth", fontsize=10)
    fig.tight_layout()
    fig.savefig(png_path)
    plt.close(fig)
    return [csv_path, png_path]
