"""Key figures of a flight as a plain dict in display units (km, deg, s), for JSON and tables."""

from __future__ import annotations

import math

import numpy as np

from ashore.earth import geodesy
from ashore.flight.trajectory import Flights


def _num(x: float, digits: int = 3) -> float | None:
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None


def flight_summary(
    flights: Flights, i: int = 0, aim_lat_rad: float | None = None, aim_lon_rad: float | None = None
) -> dict[str, object]:
    """One trajectory's figures. Missing quantities are None (JSON null), never NaN."""
    out: dict[str, object] = {
        "launch_lat_deg": _num(np.degrees(flights.launch_lat_rad[i]), 6),
        "launch_lon_deg": _num(np.degrees(flights.launch_lon_rad[i]), 6),
        "impacted": bool(flights.impacted[i]),
        "range_km": _num(flights.range_m[i] / 1e3),
        "apogee_km": _num(flights.apogee_alt_m[i] / 1e3),
        "apogee_time_s": _num(flights.apogee_time_s[i], 2),
        "flight_time_s": _num(flights.flight_time_s[i], 2),
        "burnout_time_s": _num(flights.burnout_time_s[i], 2),
        "burnout_speed_mps": _num(flights.burnout_speed_m_s[i], 1),
        "burnout_angle_deg": _num(np.degrees(flights.burnout_angle_rad[i]), 3),
        "burnout_altitude_km": _num(flights.burnout_alt_m[i] / 1e3),
        "reentry_speed_mps": _num(flights.reentry_speed_m_s[i], 1),
        "impact_speed_mps": _num(flights.impact_speed_m_s[i], 1),
        "impact_lat_deg": _num(np.degrees(flights.impact_lat_rad[i]), 6),
        "impact_lon_deg": _num(np.degrees(flights.impact_lon_rad[i]), 6),
    }
    if aim_lat_rad is not None and aim_lon_rad is not None:
        miss, _, _ = geodesy.inverse(
            aim_lat_rad, aim_lon_rad, flights.impact_lat_rad[i], flights.impact_lon_rad[i],
            flights.earth.ellipsoid,
        )
        out["aim_lat_deg"] = _num(np.degrees(aim_lat_rad), 6)
        out["aim_lon_deg"] = _num(np.degrees(aim_lon_rad), 6)
        out["miss_km"] = _num(float(miss) / 1e3, 4)
    return out
