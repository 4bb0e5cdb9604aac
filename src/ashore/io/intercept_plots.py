"""Figures and tables of interceptor fly-outs and engagements (PNG via matplotlib, CSV)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ashore.earth.model import EarthModel
from ashore.flight.trajectory import Flights
from ashore.intercept.flyout import FlyoutFan, range_altitude
from ashore.intercept.interceptor import Interceptor


def _pyplot():
    import matplotlib.pyplot as plt  # the backend is the caller's choice (the CLI picks Agg)

    return plt


def write_fan(fan: FlyoutFan, icp: Interceptor, out: Path) -> list[Path]:
    """``flyout_fan.csv`` (one row per reachable cell) and ``flyout_fan.png`` (trajectories of
    the fan and contours of the time to reach each point)."""
    out.mkdir(parents=True, exist_ok=True)
    csv_path, png_path = out / "flyout_fan.csv", out / "flyout_fan.png"
    hh, rr = np.meshgrid(fan.alt_m, fan.range_m, indexing="ij")
    ok = np.isfinite(fan.time_s)
    table = np.column_stack([rr[ok] / 1e3, hh[ok] / 1e3, fan.time_s[ok],
                             np.degrees(fan.elevation_rad[ok]), fan.v_up_m_s[ok],
                             fan.v_horizontal_m_s[ok]])
    np.savetxt(csv_path, table, delimiter=",", fmt="%.3f",
               header="ground_range_km,altitude_km,time_s,launch_elevation_deg,v_up_mps,"
                      "v_horizontal_mps", comments="")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 5), dpi=110)
    draw_fan(ax, fan, icp)
    fig.tight_layout()
    fig.savefig(png_path)
    plt.close(fig)
    return [csv_path, png_path]


def draw_fan(ax, fan: FlyoutFan, icp: Interceptor):
    """Fan trajectories (grey, when kept), contours of the time to reach each point and the
    intercept altitude band on ``ax``."""
    hh, rr = np.meshgrid(fan.alt_m, fan.range_m, indexing="ij")
    if fan.curves is not None:
        rng, alt = fan.curves["range_m"], fan.curves["alt_m"]
        for k in range(0, rng.shape[0], max(1, rng.shape[0] // 24)):
            ax.plot(rng[k] / 1e3, alt[k] / 1e3, color="0.75", lw=0.7)
    levels = np.arange(0, icp.max_flyout_s + 1, 60 if icp.max_flyout_s > 300 else 5)
    cs = ax.contour(rr / 1e3, hh / 1e3, fan.time_s, levels=levels[1:], cmap="viridis",
                    linewidths=1.0)
    ax.clabel(cs, fmt="%g s", fontsize=7)
    kv = icp.kill_vehicle
    for h in (kv.min_intercept_alt_m, kv.max_intercept_alt_m):
        ax.axhline(h / 1e3, color="tab:red", lw=0.8, ls="--")
    ax.set_xlabel("ground range from the site, km")
    ax.set_ylabel("altitude, km")
    ax.set_ylim(0, max(fan.alt_m[-1], kv.max_intercept_alt_m) / 1e3 * 1.05)
    ax.set_xlim(0, fan.range_m[-1] / 1e3)
    ax.set_title(f"{icp.name}: fly-out fan (grey) and time to reach (s); dashed: intercept "
                 "altitude band", fontsize=9)
    return ax


def _threat_path(threat: Flights, site_lat: float, site_lon: float, earth: EarthModel):
    t_end = float(threat.flight_time_s[0]) if threat.impacted[0] else float(
        threat.result.t_end_s[0])
    _, r_t, _ = threat.states(0, np.linspace(0.0, t_end, 600))
    rng_t, alt_t = range_altitude(r_t, site_lat, site_lon, earth)
    return t_end, rng_t, alt_t


def draw_engagement_profile(ax, result: dict, threat: Flights, site_lat: float, site_lon: float,
                            earth: EarthModel, shot_flights):
    """Altitude versus ground range from the site on ``ax``: the threat, each re-flown shot
    (``shot_flights``: (Flights, launch times) or None) and the intercept altitude band.
    ``result`` is an engagement's dict (``ashore.engage(...).to_dict()``)."""
    _, rng_t, alt_t = _threat_path(threat, site_lat, site_lon, earth)
    ax.plot(rng_t / 1e3, alt_t / 1e3, color="tab:red", lw=1.5, label="threat")
    for k, shot in enumerate(result.get("shot_list", [])):
        flights, t_launch = shot_flights
        tau = np.linspace(0.0, shot["time_s"] - t_launch[k], 200)
        _, r_i, _ = flights.states(k, tau)
        rng_i, alt_i = range_altitude(r_i, site_lat, site_lon, earth)
        ax.plot(rng_i / 1e3, alt_i / 1e3, color="tab:blue", lw=1.0,
                label="interceptor shots" if k == 0 else None)
        ax.plot(shot["ground_range_km"], shot["altitude_km"], "kx")
    for h in (result["min_intercept_altitude_km"], result["max_intercept_altitude_km"]):
        ax.axhline(h, color="0.5", lw=0.8, ls="--")
    ax.set_xlabel("ground range from the site, km")
    ax.set_ylabel("altitude, km")
    ax.set_ylim(bottom=0)
    ax.set_xlim(left=0)
    ax.legend(loc="upper right", fontsize=8)
    verdict = (f"engageable, {result['shots']} shot(s)" if result["engageable"]
               else "not engageable: " + (result.get("binding_constraint") or ""))
    ax.set_title(f"{result['interceptor']} from ({result['site_lat_deg']}, "
                 f"{result['site_lon_deg']}): {verdict}", fontsize=9)
    return ax


def draw_engagement_timeline(ax, result: dict, threat: Flights):
    """Threat flight, radar track, track + decision delay and the shots on one time axis."""
    t_end = float(threat.flight_time_s[0]) if threat.impacted[0] else float(
        threat.result.t_end_s[0])
    ax.barh(3, t_end, left=0, color="tab:red", alpha=0.3)
    det, end = result["first_detection_time_s"], result["track_end_time_s"]
    if det is not None:
        ax.barh(2, (end or t_end) - det, left=det, color="tab:green", alpha=0.4)
        fc = result["fire_control"]
        ax.barh(1, fc["track_delay_s"] + fc["decision_delay_s"], left=det, color="tab:orange",
                alpha=0.5)
    for shot in result.get("shot_list", []):
        ax.barh(0, shot["time_s"] - shot["launch_time_s"], left=shot["launch_time_s"],
                color="tab:blue", alpha=0.5, edgecolor="k")
        ax.plot(shot["time_s"], 0, "kx")
    ax.set_yticks([0, 1, 2, 3], ["shots (fly-out)", "track + decision", "radar track",
                                 "threat in flight"])
    ax.set_xlabel("time after threat launch, s")
    ax.set_xlim(0, t_end * 1.02)
    return ax


def write_engagement(result: dict, threat: Flights, site_lat: float, site_lon: float,
                     earth: EarthModel, shot_flights, out: Path) -> list[Path]:
    """``engagement_profile.png`` (:func:`draw_engagement_profile`) and
    ``engagement_timeline.png`` (:func:`draw_engagement_timeline`)."""
    out.mkdir(parents=True, exist_ok=True)
    prof_path, line_path = out / "engagement_profile.png", out / "engagement_timeline.png"
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 5), dpi=110)
    draw_engagement_profile(ax, result, threat, site_lat, site_lon, earth, shot_flights)
    fig.tight_layout()
    fig.savefig(prof_path)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(8, 3.2), dpi=110)
    draw_engagement_timeline(ax, result, threat)
    fig.tight_layout()
    fig.savefig(line_path)
    plt.close(fig)
    return [prof_path, line_path]
