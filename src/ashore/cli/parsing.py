"""Parsing of command-line values (coordinates, ranges) into SI, with one-line errors."""

from __future__ import annotations

import math

from ashore.errors import InputError


def parse_latlon(text: str, flag: str) -> tuple[float, float]:
    """'LAT,LON' in degrees -> (lat_deg, lon_deg), checked for range."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2:
        raise InputError(f"{flag} expects LAT,LON in degrees (e.g. 39.22,125.67), got '{text}'")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise InputError(f"{flag} expects numbers LAT,LON in degrees, got '{text}'") from None
    check_latlon(lat, lon, flag)
    return lat, lon


def check_latlon(lat: float, lon: float, what: str) -> None:
    if not math.isfinite(lat) or not -90.0 <= lat <= 90.0:
        raise InputError(f"{what}: latitude {lat} is out of range; use -90 to 90 degrees")
    if not math.isfinite(lon) or not -180.0 <= lon <= 360.0:
        raise InputError(
            f"{what}: longitude {lon} is out of range; use -180 to 180 (or 0 to 360) degrees"
        )


def check_positive(value: float | None, flag: str, *, allow_zero: bool = False) -> None:
    if value is None:
        return
    ok = value >= 0 if allow_zero else value > 0
    if not math.isfinite(value) or not ok:
        bound = "zero or positive" if allow_zero else "positive"
        raise InputError(f"{flag} must be {bound}, got {value}")
