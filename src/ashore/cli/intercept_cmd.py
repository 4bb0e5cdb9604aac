"""`ashore flyout` and `ashore engage`: an interceptor's kinematics, and one engagement."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ashore.catalog.interceptors import resolve_interceptor
from ashore.catalog.radars import point_radar, resolve_radar
from ashore.cli.parsing import check_positive
from ashore.cli.trajectory_cmd import fly_request
from ashore.earth.model import EarthModel
from ashore.errors import InputError
from ashore.intercept.flyout import flyout_fan, range_altitude
from ashore.intercept.interceptor import Interceptor, coast_ceiling_m, fly_interceptor
from ashore.intercept.pip import (
    FireControl,
    ThreatSamples,
    engagement_windows,
    fire_times,
    max_decision_delay_s,
)
from ashore.intercept.verify import reflight
from ashore.sensors.timeline import RadarSite, detection_timelines

REFERENCE_ELEVATION_DEG = 45.0
"""Launch elevation at which ``flyout`` reports the burnout speed of a typical fly-out."""


def _r(x, digits: int):
    x = float(x)
    return round(x, digits) if np.isfinite(x) else None


def _check_out(out: Path | None) -> None:
    if out is not None and out.exists() and not out.is_dir():
        raise InputError(f"--out '{out}' is a file; give a folder for the outputs")


def interceptor_facts(icp: Interceptor) -> dict:
    kv = icp.kill_vehicle
    return {
        "interceptor": icp.name,
        "regime": kv.regime,
        "min_intercept_altitude_km": kv.min_intercept_alt_m / 1e3,
        "max_intercept_altitude_km": kv.max_intercept_alt_m / 1e3,
        "divert_delta_v_mps": kv.divert_delta_v_m_s,
        "divert_reach_m": _r(kv.divert_reach_m, 1),
        "max_flyout_s": icp.max_flyout_s,
    }


def provenance_lines(icp: Interceptor) -> list[str]:
    return [f"{icp.name} {key}: {p.tier} ({p.source})" for key, p in icp.provenance.items()]


def run_flyout(*, interceptor: str | None, interceptor_file: Path | None, vertical: bool,
               earth: EarthModel, out: Path | None) -> dict:
    """Burnout speed and vertical ceiling of an interceptor, and (unless ``vertical``) its
    fly-out fan's reach; ``out`` writes the fan table (CSV) and plot (PNG)."""
    _check_out(out)
    icp = resolve_interceptor(interceptor, interceptor_file)
    shots = fly_interceptor(icp, earth, 0.0, 0.0, 0.0,
                            np.radians([90.0, REFERENCE_ELEVATION_DEG]),
                            t_max_s=max(icp.max_flyout_s, 3600.0))
    v_bo, h_bo = shots.burnout_speed_m_s, shots.burnout_alt_m
    coast = coast_ceiling_m(h_bo[0], v_bo[0], earth.gm_m3_s2, earth.ellipsoid.a_m)
    result: dict = {
        **interceptor_facts(icp),
        "burnout_time_s": _r(shots.burnout_time_s[0], 2),
        "vertical_burnout_speed_mps": _r(v_bo[0], 1),
        "vertical_burnout_altitude_km": _r(h_bo[0] / 1e3, 2),
        "vertical_ceiling_km": _r(shots.apogee_alt_m[0] / 1e3, 1),
        "vertical_ceiling_coast_closed_form_km": _r(coast / 1e3, 1),
        f"burnout_speed_mps_at_{REFERENCE_ELEVATION_DEG:g}deg": _r(v_bo[1], 1),
        "reported_burnout_speed_mps": icp.reported_burnout_speed_m_s,
    }
    if not vertical:
        kv = icp.kill_vehicle
        fan = flyout_fan(icp, earth, keep_curves=out is not None)
        result.update({
            "max_intercept_range_km": _r(
                fan.max_range_at_m(kv.min_intercept_alt_m, kv.max_intercept_alt_m) / 1e3, 1),
            "max_range_any_altitude_km": _r(fan.max_range_m / 1e3, 1),
            "fan_ceiling_km": _r(fan.ceiling_m() / 1e3, 1),
            "reported_range_km": icp.reported_range_km,
        })
        if out is not None:
            from ashore.io.intercept_plots import write_fan

            result["outputs"] = [str(p) for p in write_fan(fan, icp, out)]
    result["assumptions"] = [*earth.describe(), "fan flown without Earth rotation",
                             *provenance_lines(icp)]
    return result


def run_engage(*, site: tuple[float, float, float], interceptor: str | None,
               interceptor_file: Path | None, radar: str | None, radar_file: Path | None,
               boresight_deg: float | None, rcs_m2: float, fire_control: FireControl,
               flight: dict, out: Path | None) -> dict:
    """One threat against one site: detection, engagement window, sequential shots, each
    shot re-flown in the full Earth model to check the prediction against the divert budget."""
    _check_out(out)
    check_positive(rcs_m2, "--rcs-m2")
    icp = resolve_interceptor(interceptor, interceptor_file)
    rad = resolve_radar(radar, radar_file)
    if boresight_deg is not None:
        rad = point_radar(rad, np.radians(boresight_deg))
    earth = flight.get("earth") or EarthModel()
    lat, lon, alt = np.radians(site[0]), np.radians(site[1]), site[2]
    flights, summary, _ = fly_request(**flight, record=True)
    tl = detection_timelines(flights, [RadarSite(rad, lat, lon, alt)], rcs_m2)[0]
    reason = "horizon" if tl.reason[0] in ("horizon", "terrain") else "detection"
    fan = flyout_fan(icp, earth)
    threat = ThreatSamples.from_flights(flights, step_s=1.0)
    t_fire = fire_times(tl.first_detection_time_s, fire_control)
    w = engagement_windows(threat, lat, lon, fan, icp.kill_vehicle, t_fire,
                           track_end_s=tl.track_end_time_s, undetected_reason=[reason],
                           kill_assessment_s=fire_control.kill_assessment_s,
                           max_shots=fire_control.max_shots)
    row = w.row(0)
    ok = bool(row["engageable"])

    def point(t, h, r):
        return {"time_s": _r(t, 1), "altitude_km": _r(h / 1e3, 2),
                "ground_range_km": _r(r / 1e3, 2)}

    result: dict = {
        **interceptor_facts(icp),
        "radar": rad.name, "site_lat_deg": site[0], "site_lon_deg": site[1], "site_alt_m": alt,
        "engageable": ok,
        "first_detection_time_s": _r(tl.first_detection_time_s[0], 1),
        "track_end_time_s": _r(tl.track_end_time_s[0], 1),
        "first_fire_time_s": _r(t_fire[0], 1),
        "first_launch_time_s": _r(row["first_launch_time_s"], 1),
        "last_launch_time_s": _r(row["last_launch_time_s"], 1),
        "earliest_intercept": point(row["earliest_time_s"], row["earliest_alt_m"],
                                    row["earliest_range_m"]),
        "latest_intercept": point(row["latest_time_s"], row["latest_alt_m"],
                                  row["latest_range_m"]),
        "closing_speed_mps": _r(row["closing_speed_m_s"], 1),
        "crossing_angle_deg": _r(np.degrees(row["crossing_angle_rad"]), 1),
        "shots": int(row["shots"]),
        "max_decision_delay_s": _r(max_decision_delay_s(w, tl.first_detection_time_s,
                                                        fire_control)[0], 1),
        "fire_control": {"track_delay_s": fire_control.track_delay_s,
                         "decision_delay_s": fire_control.decision_delay_s,
                         "kill_assessment_s": fire_control.kill_assessment_s},
    }
    shot_flights = None
    if ok:
        n = int(row["shots"])
        t_hit, t_launch = row["shot_intercept_s"][:n], row["shot_launch_s"][:n]
        p_ecef, _ = flights.state_at(np.zeros(n, np.intp), t_hit)
        rng, h = range_altitude(p_ecef, lat, lon, earth)
        look = fan.lookup(rng, h)
        rf = reflight(icp, earth, lat, lon, alt, p_ecef, t_launch, t_hit, look.elevation_rad,
                      flights, np.zeros(n, np.intp), look.cutoff_s)
        shot_flights = (rf.flights, t_launch)
        result["shot_list"] = [
            {"launch_time_s": _r(t_launch[k], 1), **point(t_hit[k], h[k], rng[k]),
             "launch_azimuth_deg": _r(np.degrees(rf.azimuth_rad[k]) % 360.0, 2),
             "launch_elevation_deg": _r(np.degrees(rf.elevation_rad[k]), 2),
             "reflown_miss_m": _r(rf.miss_m[k], 1),
             "required_divert_mps": _r(rf.required_divert_m_s[k], 1),
             "lambert_burnout_correction_mps": _r(rf.burnout_correction_m_s[k], 1),
             "within_divert": bool(rf.within_divert[k])}
            for k in range(n)
        ]
    else:
        result["binding_constraint"] = str(row["binding"])
    result["threat"] = summary
    result["assumptions"] = [
        *earth.describe(),
        "engagement windows from the fly-out fan (flown without rotation) on the threat sampled "
        "every 1 s; each shot re-flown with mid-course correction in the full Earth model; "
        "lambert_burnout_correction_mps: two-body velocity change at the start of the "
        "exo-atmospheric coast to arrive on the threat at the predicted time",
        f"first fire = first detection (cumulative Pd 0.9 on a {rcs_m2} m^2 target) + track "
        f"{fire_control.track_delay_s} s + decision {fire_control.decision_delay_s} s "
        "(delays notional)",
        *provenance_lines(icp),
    ]
    if out is not None:
        from ashore.io.intercept_plots import write_engagement

        result["outputs"] = [str(p) for p in write_engagement(
            result, flights, lat, lon, earth, shot_flights, out)]
    return result
