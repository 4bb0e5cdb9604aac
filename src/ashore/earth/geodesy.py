"""Geodesics on the ellipsoid (via ``pyproj.Geod``, i.e. Karney's algorithms [@karney-2013]) and
on the sphere.

Angles are radians, distances metres. Azimuths are measured clockwise from north and returned
in [0, 2 pi). Arguments broadcast against each other numpy-style; scalar inputs give numpy
float64 scalars.

Ellipsoidal geodesics use ``pyproj.Geod`` (PROJ's port of GeographicLib [@geographiclib]:
C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87 (2013) 43-55 [@karney-2013]),
accurate to about 15 nm. With ``SPHERE`` (f = 0) the same code gives great circles on a sphere
of radius ``SPHERE.a_m``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyproj
from numpy.typing import ArrayLike, NDArray

from ashore.earth.frames import WGS84, Ellipsoid
from ashore.errors import InputError

__all__ = ["central_angle", "direct", "inverse", "path"]

FloatArray = NDArray[np.float64]

_TWO_PI = 2.0 * np.pi


@lru_cache(maxsize=16)
def _geod(ell: Ellipsoid) -> pyproj.Geod:
    """The ``pyproj.Geod`` for an ellipsoid, built once per ellipsoid."""
    return pyproj.Geod(a=ell.a_m, f=ell.f)


def _flat_broadcast(*args: ArrayLike) -> tuple[tuple[int, ...], list[FloatArray]]:
    """Broadcast the arguments, returning the common shape and contiguous 1-D float64 copies."""
    arrays = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in args))
    shape = arrays[0].shape
    return shape, [np.array(a, dtype=np.float64).reshape(-1) for a in arrays]


def _unflatten(a: ArrayLike, shape: tuple[int, ...]) -> FloatArray:
    out = np.asarray(a, dtype=np.float64).reshape(shape)
    return out[()] if out.ndim == 0 else out


def _wrap_2pi(az: FloatArray) -> FloatArray:
    """Wrap angles to [0, 2 pi)."""
    az = np.mod(az, _TWO_PI)
    return np.where(az >= _TWO_PI, 0.0, az) + 0.0


def inverse(
    lat1_rad: ArrayLike,
    lon1_rad: ArrayLike,
    lat2_rad: ArrayLike,
    lon2_rad: ArrayLike,
    ell: Ellipsoid = WGS84,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Inverse geodesic problem: ``(distance_m, az12_rad, az21_rad)`` between two points.

    ``distance_m`` is the length of the shortest geodesic; ``az12`` the azimuth of the geodesic
    at point 1, heading towards point 2; ``az21`` the **back azimuth** at point 2 as pyproj
    defines it: the azimuth, at point 2, of the direction pointing back towards point 1, i.e.
    ``az21 = azi2 + pi`` where ``azi2`` is the forward azimuth of the geodesic as it arrives at
    point 2 (GeographicLib's ``azi2``). Both azimuths are wrapped to [0, 2 pi), clockwise from
    north. Coincident points give distance 0 and azimuths chosen by GeographicLib.

    Karney (2013), J. Geodesy 87, 43-55, sect. 4 [@karney-2013], via ``pyproj.Geod.inv``.
    """
    shape, (la1, lo1, la2, lo2) = _flat_broadcast(lat1_rad, lon1_rad, lat2_rad, lon2_rad)
    _check_lat(la1, la2)
    az12, az21, dist = _geod(ell).inv(lo1, la1, lo2, la2, radians=True)
    return (
        _unflatten(dist, shape),
        _unflatten(_wrap_2pi(np.asarray(az12)), shape),
        _unflatten(_wrap_2pi(np.asarray(az21)), shape),
    )


def direct(
    lat1_rad: ArrayLike,
    lon1_rad: ArrayLike,
    az12_rad: ArrayLike,
    distance_m: ArrayLike,
    ell: Ellipsoid = WGS84,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Direct geodesic problem: ``(lat2_rad, lon2_rad, az21_rad)`` after ``distance_m`` along
    the geodesic leaving point 1 at azimuth ``az12``.

    ``lon2`` is wrapped to [-pi, pi]; ``az21`` is the back azimuth at point 2 (pointing back
    towards point 1, see :func:`inverse`), in [0, 2 pi). Negative distances go backwards.

    Karney (2013), J. Geodesy 87, 43-55, sect. 3 [@karney-2013], via ``pyproj.Geod.fwd``.
    """
    shape, (la1, lo1, az, s) = _flat_broadcast(lat1_rad, lon1_rad, az12_rad, distance_m)
    _check_lat(la1)
    lo2, la2, az21 = _geod(ell).fwd(lo1, la1, az, s, radians=True)
    return (
        _unflatten(la2, shape),
        _unflatten(lo2, shape),
        _unflatten(_wrap_2pi(np.asarray(az21)), shape),
    )


def central_angle(
    lat1_rad: ArrayLike, lon1_rad: ArrayLike, lat2_rad: ArrayLike, lon2_rad: ArrayLike
) -> FloatArray:
    """Great-circle central angle [rad] between two points on the unit sphere, in [0, pi].

    Vincenty's form [@vincenty-1975] of the spherical law of cosines, well conditioned for all
    separations (unlike ``acos``, near 0 and pi, and the haversine [@sinnott-1984], near pi)::

        num = sqrt((cos p2 sin dl)^2 + (cos p1 sin p2 - sin p1 cos p2 cos dl)^2)
        den = sin p1 sin p2 + cos p1 cos p2 cos dl
        sigma = atan2(num, den)

    (T. Vincenty, Survey Review 23 (1975) 88-93 [@vincenty-1975]: his sin/cos sigma formulas
    with lambda = L).
    Multiply by the radius for a spherical distance.
    """
    p1 = np.asarray(lat1_rad, dtype=np.float64)
    p2 = np.asarray(lat2_rad, dtype=np.float64)
    dl = np.asarray(lon2_rad, dtype=np.float64) - np.asarray(lon1_rad, dtype=np.float64)
    sp1, cp1 = np.sin(p1), np.cos(p1)
    sp2, cp2 = np.sin(p2), np.cos(p2)
    sdl, cdl = np.sin(dl), np.cos(dl)
    a = cp2 * sdl
    b = cp1 * sp2 - sp1 * cp2 * cdl
    return np.arctan2(np.sqrt(a * a + b * b), sp1 * sp2 + cp1 * cp2 * cdl)


def path(
    lat1_rad: ArrayLike,
    lon1_rad: ArrayLike,
    lat2_rad: ArrayLike,
    lon2_rad: ArrayLike,
    n: int,
    ell: Ellipsoid = WGS84,
) -> tuple[FloatArray, FloatArray]:
    """``n`` points equally spaced in distance along the geodesic from point 1 to point 2.

    Returns ``(lat_rad, lon_rad)``, each of shape ``(..., n)`` where ``...`` is the broadcast
    shape of the endpoints (``(n,)`` for scalar endpoints). The first and last points are the
    endpoints themselves. Longitudes are wrapped to [-pi, pi] (a track crossing the
    antimeridian jumps by 2 pi; use ``numpy.unwrap`` to plot it). For ground tracks.

    Solves the inverse problem once, then the direct problem at distances
    ``s_i = i s12 / (n - 1)``.
    """
    n = int(n)
    if n < 2:
        raise InputError(f"path needs n >= 2 points (the two endpoints), got n={n}")
    dist, az12, _ = inverse(lat1_rad, lon1_rad, lat2_rad, lon2_rad, ell)
    dist = np.asarray(dist)[..., None]
    frac = np.linspace(0.0, 1.0, n)
    lat1 = np.asarray(lat1_rad, dtype=np.float64)[..., None]
    lon1 = np.asarray(lon1_rad, dtype=np.float64)[..., None]
    lat, lon, _ = direct(lat1, lon1, np.asarray(az12)[..., None], dist * frac, ell)
    lat = np.array(lat, dtype=np.float64)
    lon = np.array(lon, dtype=np.float64)
    shape = lat.shape[:-1]
    lat[..., 0] = np.broadcast_to(lat1_rad, shape)
    lon[..., 0] = np.broadcast_to(_wrap_pi(np.asarray(lon1_rad, dtype=np.float64)), shape)
    lat[..., -1] = np.broadcast_to(lat2_rad, shape)
    lon[..., -1] = np.broadcast_to(_wrap_pi(np.asarray(lon2_rad, dtype=np.float64)), shape)
    return lat, lon


def _wrap_pi(lon: FloatArray) -> FloatArray:
    """Wrap longitudes to [-pi, pi], leaving those already inside untouched (bit for bit)."""
    inside = (lon >= -np.pi) & (lon <= np.pi)
    return np.where(inside, lon, np.mod(lon + np.pi, _TWO_PI) - np.pi)


def _check_lat(*lats: FloatArray) -> None:
    """Reject latitudes outside [-pi/2, pi/2] (pyproj would return NaN)."""
    lim = 0.5 * np.pi * (1.0 + 1e-15)
    for lat in lats:
        if lat.size and not np.all(np.abs(lat) <= lim):
            bad = lat[~(np.abs(lat) <= lim)][0]
            raise InputError(
                f"latitude {bad!r} rad is outside [-pi/2, pi/2]: give latitudes in radians, "
                "north positive"
            )
