"""Key figures of a flight as a plain dict in display units (km, deg, s), for JSON and tables."""

from __future__ import annotations

import math

import numpy as np

from ashore.earth import geodesy
from ashore.flight.trajectory import Flights


def _num(x: float, digits: int = 3) -> float | None:
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None


def _first(x) -> float:
    return float(np.asarray(x, float).reshape(-1)[0])


def flight_summary(
    flights: Flights, i: int = 0, aim_lat_rad: float | None = None, aim_lon_rad: float | None = None
) -> dict[str, object]:
    """One trajectory's figures. Missing quantities are None (JSON null), never NaN.

    A body that never came down (``impacted`` False) has no range, impact point or miss
    distance, and no apogee if it was still climbing; those are None rather than computed
    from an undefined state.
    """
    hit = bool(flights.impacted[i])
    range_m = math.nan
    if hit:  # sample i alone, not the whole batch
        imp_lat, imp_lon = flights.impact_lat_rad[i], flights.impact_lon_rad[i]
        range_m = _first(geodesy.inverse(flights.launch_lat_rad[i], flights.launch_lon_rad[i],
                                         imp_lat, imp_lon, flights.earth.ellipsoid)[0])
    # Flights reports the burnout state as the apogee when no apogee was crossed; that is the
    # highest point only if the body was not still climbing when the flight ended.
    apogee = bool(flights.result.events["apogee"].found[i]) or flights.burnout_angle_rad[i] <= 0
    out: dict[str, object] = {
        "launch_lat_deg": _num(np.degrees(flights.launch_lat_rad[i]), 6),
        "launch_lon_deg": _num(np.degrees(flights.launch_lon_rad[i]), 6),
        "impacted": hit,
        "range_km": _num(range_m / 1e3),
        "apogee_km": _num(flights.apogee_alt_m[i] / 1e3) if apogee else None,
        "apogee_time_s": _num(flights.apogee_time_s[i], 2) if apogee else None,
        "flight_time_s": _num(flights.flight_time_s[i], 2),
        "burnout_time_s": _num(flights.burnout_time_s[i], 2),
        "burnout_speed_mps": _num(flights.burnout_speed_m_s[i], 1),
        "burnout_angle_deg": _num(np.degrees(flights.burnout_angle_rad[i]), 3),
        "burnout_altitude_km": _num(flights.burnout_alt_m[i] / 1e3),
        "reentry_speed_mps": _num(flights.reentry_speed_m_s[i], 1),
        "impact_speed_mps": _num(flights.impact_speed_m_s[i], 1),
        "impact_lat_deg": _num(np.degrees(flights.impact_lat_rad[i]), 6) if hit else None,
        "impact_lon_deg": _num(np.degrees(flights.impact_lon_rad[i]), 6) if hit else None,
    }
    stagings = []
    for k in range(flights.staging_time_s.shape[1]):
        t_sep = flights.staging_time_s[i, k]
        if np.isfinite(t_sep):
            speed, _, alt = flights.staging_states(k)
            stagings.append({"time_s": _num(t_sep, 2), "speed_mps": _num(speed[i], 1),
                             "altitude_km": _num(alt[i] / 1e3)})
    if stagings:
        out["staging"] = stagings
    if aim_lat_rad is not None and aim_lon_rad is not None:
        out["aim_lat_deg"] = _num(np.degrees(aim_lat_rad), 6)
        out["aim_lon_deg"] = _num(np.degrees(aim_lon_rad), 6)
        out["miss_km"] = None
        if hit:
            miss, _, _ = geodesy.inverse(
                aim_lat_rad, aim_lon_rad, imp_lat, imp_lon, flights.earth.ellipsoid
            )
            out["miss_km"] = _num(_first(miss) / 1e3, 4)
    return out
