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


def _numbers(text: str, flag: str, count: int, form: str) -> list[float]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != count:
        raise InputError(f"{flag} expects {form}, got '{text}'")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InputError(f"{flag} expects numbers {form}, got '{text}'") from None
    if not all(math.isfinite(v) for v in values):
        raise InputError(f"{flag} expects finite numbers {form}, got '{text}'")
    return values


def parse_site(text: str, flag: str) -> tuple[float, float, float]:
    """'LAT,LON,ALT_M' (degrees, metres above sea level) -> (lat_deg, lon_deg, alt_m)."""
    lat, lon, alt = _numbers(text, flag, 3, "LAT,LON,ALT_M (deg, deg, m above sea level)")
    check_latlon(lat, lon, flag)
    if alt < -500.0:
        raise InputError(f"{flag}: height {alt} m is below any land; give metres above sea level")
    return lat, lon, alt


def parse_peak(text: str, flag: str) -> tuple[str, float, float, float]:
    """'NAME,LAT,LON,ALT_M' -> (name, lat_deg, lon_deg, top height above sea level in m)."""
    name, _, rest = text.partition(",")
    if not name.strip() or not rest:
        raise InputError(f"{flag} expects NAME,LAT,LON,ALT_M (e.g. chokai,39.099,140.049,2236), "
                         f"got '{text}'")
    lat, lon, alt = parse_site(rest, flag)
    return name.strip(), lat, lon, alt
