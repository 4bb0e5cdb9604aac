"""`ashore horizon` and `ashore detect`: terrain masks and detection timelines from the CLI."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ashore.catalog.radars import point_radar, resolve_radar
from ashore.cli.trajectory_cmd import fly_request
from ashore.errors import InputError
from ashore.sensors.horizon import (
    claimed_angle_exaggeration,
    elevation_angle,
    horizon_profile,
)
from ashore.sensors.terrain import DemSet, Obstacle, read_dem
from ashore.sensors.timeline import RadarSite, detection_timelines


def load_terrain(dem_files: list[Path], peaks: list[tuple[str, float, float, float]]):
    """DEM tiles (one DemSet, or None) and obstacles from the command line."""
    dems = [read_dem(p) for p in dem_files]
    dem = None if not dems else dems[0] if len(dems) == 1 else DemSet(tuple(dems))
    obstacles = tuple(Obstacle(n, np.radians(la), np.radians(lo), h) for n, la, lo, h in peaks)
    return dem, obstacles


def run_horizon(site, dem_files, peaks, k_factor, step_deg, max_range_km, to, claimed_deg,
                out: Path | None) -> dict:
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
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

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


def run_detect(*, radar_name, radar_file, site, boresight_deg, rcs_m2, dem_files, peaks,
               flight: dict) -> dict:
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
    flights, summary, _ = fly_request(**flight, record=True)
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
    return round(float(x), digits) if np.isfinite(x) else None
