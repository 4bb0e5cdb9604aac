"""Tests for ashore.earth.frames: ellipsoids, geodetic <-> ECEF, ENU and AER.

Tolerances are stated in physical units in each docstring. References: NIMA TR8350.2 (WGS84),
Vermeille (2002, 2004), pymap3d 3.2 (independent implementation used as a cross-check).
"""

from __future__ import annotations

import numpy as np
import pymap3d as pm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ashore.earth.constants import R_MEAN_M, WGS84_A_M, WGS84_F
from ashore.earth.frames import (
    SPHERE,
    WGS84,
    Ellipsoid,
    aer_to_ecef,
    aer_to_enu,
    ecef_to_aer,
    ecef_to_enu,
    ecef_to_geodetic,
    ecef_vector_to_enu,
    enu_matrix,
    enu_to_aer,
    enu_to_ecef,
    enu_vector_to_ecef,
    geodetic_to_ecef,
)
from ashore.errors import InputError

MM = 1e-3  # one millimetre [m]
PM_WGS84 = pm.Ellipsoid.from_name("wgs84")


def _random_geodetic(rng: np.random.Generator, n: int, h_lo: float, h_hi: float):
    """Random points: area-uniform latitudes, plus 10 % within 1e-6 rad of a pole, plus the
    poles and the equator exactly."""
    lat = np.arcsin(rng.uniform(-1.0, 1.0, n))
    k = n // 10
    lat[:k] = np.sign(rng.uniform(-1, 1, k)) * (0.5 * np.pi - rng.uniform(0, 1e-6, k))
    lat[k : k + 4] = [0.5 * np.pi, -0.5 * np.pi, 0.0, -0.0]
    lon = rng.uniform(-np.pi, np.pi, n)
    alt = rng.uniform(h_lo, h_hi, n)
    return lat, lon, alt


def _wrap(d):
    """Wrap an angle difference to (-pi, pi]."""
    return np.angle(np.exp(1j * np.asarray(d)))


# --------------------------------------------------------------------------------------------
# Ellipsoid
# --------------------------------------------------------------------------------------------


def test_wgs84_derived_constants():
    """WGS84 derived geometric constants, NIMA TR8350.2 (2000) table 3.3:
    b = 6356752.3142 m (to 0.1 mm), e^2 = 6.69437999014e-3, e'^2 = 6.73949674228e-3 (to 1e-14)."""
    assert WGS84.a_m == WGS84_A_M and WGS84.f == WGS84_F
    assert WGS84.b_m == pytest.approx(6356752.3142, abs=1e-4)
    assert WGS84.e2 == pytest.approx(6.69437999014e-3, abs=1e-14)
    assert WGS84.ep2 == pytest.approx(6.73949674228e-3, abs=1e-14)
    assert SPHERE.a_m == R_MEAN_M and SPHERE.b_m == R_MEAN_M
    assert SPHERE.e2 == 0.0 and SPHERE.ep2 == 0.0


@pytest.mark.parametrize(("a", "f"), [(0.0, 0.0), (-1.0, 0.0), (6e6, -0.1), (6e6, 1.0)])
def test_bad_ellipsoid_raises(a, f):
    """A non-positive axis or a flattening outside [0, 1) is a user error, not a NaN."""
    with pytest.raises(InputError):
        Ellipsoid(a, f, "bad")


# --------------------------------------------------------------------------------------------
# Known points
# --------------------------------------------------------------------------------------------


def test_known_points_wgs84():
    """Equator/prime meridian -> (a, 0, 0); equator/90E -> (0, a, 0); north pole -> (0, 0, b);
    south pole with h = 1 km -> (0, 0, -(b + 1 km)). Definition of geodetic coordinates
    (the forward closed form, e.g. Vermeille 2002 sect. 1). Tolerance 1 micrometre
    (cos(pi/2) = 6e-17 is not exactly 0)."""
    a, b = WGS84.a_m, WGS84.b_m
    np.testing.assert_allclose(geodetic_to_ecef(0.0, 0.0, 0.0), [a, 0, 0], rtol=0, atol=1e-6)
    np.testing.assert_allclose(geodetic_to_ecef(0.0, np.pi / 2, 0.0), [0, a, 0], atol=1e-6)
    np.testing.assert_allclose(geodetic_to_ecef(np.pi / 2, 0.3, 0.0), [0, 0, b], atol=1e-6)
    np.testing.assert_allclose(
        geodetic_to_ecef(-np.pi / 2, 0.0, 1000.0), [0, 0, -(b + 1000.0)], atol=1e-6
    )
    lat, lon, h = ecef_to_geodetic([a, 0.0, 0.0])
    assert (lat, lon) == (0.0, 0.0) and abs(h) < 1e-9
    lat, lon, h = ecef_to_geodetic([0.0, 0.0, b + 5.0])
    assert lat == np.pi / 2 and h == pytest.approx(5.0, abs=1e-8)
    lat, lon, h = ecef_to_geodetic([0.0, 0.0, -b])
    assert lat == -np.pi / 2 and abs(h) < 1e-8


def test_known_point_45deg_closed_form():
    """At geodetic latitude 45 deg on the ellipsoid, x = a / sqrt(2 - e^2) (cos 45 N) and
    z = a (1 - e^2) / sqrt(2 - e^2) (hand evaluation of the forward form). Tolerance 1 nm
    forward, 10 nm (a few ulp of 6e6 m) back."""
    e2, a = WGS84.e2, WGS84.a_m
    x = a / np.sqrt(2.0 - e2)
    z = a * (1.0 - e2) / np.sqrt(2.0 - e2)
    np.testing.assert_allclose(geodetic_to_ecef(np.pi / 4, 0.0, 0.0), [x, 0, z], atol=1e-9)
    lat, lon, h = ecef_to_geodetic([x, 0.0, z])
    assert abs(lat - np.pi / 4) < 1e-15 and abs(h) < 1e-8


def test_sphere_exact():
    """Sphere (f = 0): geodetic = geocentric latitude, lat = asin(z / r), h = r - R, exactly
    (tolerance: 2 ulp, i.e. 1e-15 rad and 1e-8 m at 1e7 m), and the forward formula is
    (R + h)(cos lat cos lon, cos lat sin lon, sin lat)."""
    rng = np.random.default_rng(11)
    lat, lon, alt = _random_geodetic(rng, 2000, -1e6, 4e7)
    r = geodetic_to_ecef(lat, lon, alt, SPHERE)
    rr = (R_MEAN_M + alt)[:, None]
    expect = rr * np.stack(
        [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1
    )
    np.testing.assert_allclose(r, expect, rtol=1e-15, atol=1e-9)
    la, lo, h = ecef_to_geodetic(r, SPHERE)
    norm = np.linalg.norm(r, axis=-1)
    # lat = asin(z / r), checked as sin(lat) = z / r and cos(lat) = rho / r (asin itself is
    # ill-conditioned near the poles)
    np.testing.assert_allclose(np.sin(la), r[:, 2] / norm, rtol=0, atol=4e-16)
    np.testing.assert_allclose(np.cos(la), np.hypot(r[:, 0], r[:, 1]) / norm, rtol=0, atol=4e-16)
    np.testing.assert_allclose(h, norm - R_MEAN_M, rtol=0, atol=1e-8)
    np.testing.assert_allclose(la, lat, rtol=0, atol=1e-11)


# --------------------------------------------------------------------------------------------
# Geodetic <-> ECEF round trips
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("h_lo", "h_hi"),
    [(-10e3, 40_000e3), (-10e3, 100e3), (-5_000e3, -10e3), (40_000e3, 100_000e3)],
)
def test_geodetic_ecef_round_trip(h_lo, h_hi):
    """geodetic -> ECEF -> geodetic on 50,000 seeded random points (10 % within 1e-6 rad of a
    pole, the poles themselves included). The forward map is exact, so the input is the truth
    for the closed-form inverse (Vermeille 2004). Tolerances: latitude 1e-11 rad, height 1 mm,
    ECEF position after a second forward map 1 mm; longitude 1e-11 rad except within 1e-6 rad
    of the poles, where longitude is ill-defined (the position check covers those points)."""
    rng = np.random.default_rng(int(abs(h_lo) + h_hi) % 2**32)
    lat, lon, alt = _random_geodetic(rng, 50_000, h_lo, h_hi)
    r = geodetic_to_ecef(lat, lon, alt)
    la, lo, h = ecef_to_geodetic(r)
    assert np.max(np.abs(la - lat)) < 1e-11
    assert np.max(np.abs(h - alt)) < MM
    ok = np.cos(lat) > 1e-6
    assert np.max(np.abs(_wrap(lo - lon)[ok])) < 1e-11
    r2 = geodetic_to_ecef(la, lo, h)
    assert np.max(np.linalg.norm(r2 - r, axis=-1)) < MM


@settings(max_examples=300, deadline=None)
@given(
    lat=st.floats(-np.pi / 2, np.pi / 2),
    lon=st.floats(-np.pi, np.pi),
    alt=st.floats(-10e3, 40_000e3),
)
def test_geodetic_ecef_round_trip_property(lat, lon, alt):
    """Property (hypothesis): geodetic -> ECEF -> geodetic returns the latitude to 1e-11 rad,
    the height to 1 mm and the ECEF point to 1 mm, for all latitudes (poles included) and
    heights from -10 km to 40,000 km."""
    r = geodetic_to_ecef(lat, lon, alt)
    la, lo, h = ecef_to_geodetic(r)
    assert abs(la - lat) < 1e-11
    assert abs(h - alt) < MM
    assert np.linalg.norm(geodetic_to_ecef(la, lo, h) - r) < MM


def _nearest_distance_to_ellipsoid(rho, z, a, b):
    """Brute-force distance from meridian-plane points (rho >= 0, z) to the ellipse
    (a cos t, b sin t): a coarse grid, then a fine grid around the coarse minimum (test-only
    reference, independent of the closed form; resolution ~1e-8 rad, error < 1e-5 m)."""
    t = np.linspace(-np.pi / 2, np.pi / 2, 4001)
    d2 = (a * np.cos(t) - rho[:, None]) ** 2 + (b * np.sin(t) - z[:, None]) ** 2
    t0 = t[np.argmin(d2, axis=1)]
    step = t[1] - t[0]
    tf = t0[:, None] + np.linspace(-2 * step, 2 * step, 4001)
    d2 = (a * np.cos(tf) - rho[:, None]) ** 2 + (b * np.sin(tf) - z[:, None]) ** 2
    return np.sqrt(d2.min(axis=1))


def test_centre_region():
    """Points within 60 km of the centre, i.e. in and around the evolute of the meridian
    ellipse (half-widths a e^2 = 42.7 km, a e^2 / sqrt(1 - e^2) = 42.8 km), including the
    centre, the axis, the equatorial plane and the evolute's cusps (Vermeille 2002, 2004;
    Karney's GeographicLib limits on the equatorial plane). Checks: no NaN; the returned
    (lat, lon, h) maps back to the input point to 1 mm; -h equals the brute-force distance to
    the nearest point of the ellipsoid to 1 mm."""
    a, b, e2 = WGS84.a_m, WGS84.b_m, WGS84.e2
    rng = np.random.default_rng(5)
    pts = rng.uniform(-60e3, 60e3, (600, 3))
    pts[:100, 2] = rng.uniform(-1.0, 1.0, 100) * 10.0 ** rng.uniform(-12, 0, 100)  # near plane
    pts[100:150, :2] *= 1e-9  # near the axis
    special = np.array(
        [
            [0.0, 0.0, 0.0],
            [1e-3, 0.0, 0.0],
            [0.0, 0.0, 1e-3],
            [0.0, 0.0, -10e3],
            [10e3, 0.0, 0.0],
            [0.0, 30e3, 0.0],
            [a * e2, 0.0, 0.0],  # equatorial cusp of the evolute
            [0.0, 0.0, a * e2 / np.sqrt(1.0 - e2)],  # axial cusp
            [10e3, 0.0, 1e-9],
        ]
    )
    pts = np.concatenate([pts, special])
    lat, lon, h = ecef_to_geodetic(pts)
    assert np.all(np.isfinite(lat)) and np.all(np.isfinite(lon)) and np.all(np.isfinite(h))
    back = geodetic_to_ecef(lat, lon, h)
    assert np.max(np.linalg.norm(back - pts, axis=-1)) < MM
    rho = np.hypot(pts[:, 0], pts[:, 1])
    dmin = _nearest_distance_to_ellipsoid(rho, np.abs(pts[:, 2]), a, b)
    assert np.max(np.abs(-h - dmin)) < MM
    # the centre maps to the north pole at depth b (nearest points: the poles)
    assert lat[-9] == pytest.approx(np.pi / 2, abs=1e-15) and h[-9] == pytest.approx(-b, abs=MM)


# --------------------------------------------------------------------------------------------
# Cross-checks against pymap3d
# --------------------------------------------------------------------------------------------


def test_geodetic2ecef_vs_pymap3d():
    """geodetic_to_ecef vs pymap3d.geodetic2ecef (WGS84), 20,000 random points, heights
    -10 km to 40,000 km: agreement to 1 mm."""
    rng = np.random.default_rng(21)
    lat, lon, alt = _random_geodetic(rng, 20_000, -10e3, 40_000e3)
    x, y, z = pm.geodetic2ecef(lat, lon, alt, ell=PM_WGS84, deg=False)
    r = geodetic_to_ecef(lat, lon, alt)
    assert np.max(np.abs(r - np.stack([x, y, z], axis=-1))) < MM


def test_ecef2geodetic_vs_pymap3d():
    """ecef_to_geodetic vs pymap3d.ecef2geodetic (You 2000, one correction step), 20,000 random
    points from -10 km to 100 km: latitude and longitude to 1e-9 deg, height to 1 mm.

    pymap3d's method loses accuracy with height (measured: latitude error 7e-8 deg at
    1,000 km, 1.2e-4 deg at 40,000 km), so above 100 km the exact forward map is the
    reference instead (test_geodetic_ecef_round_trip)."""
    rng = np.random.default_rng(22)
    lat, lon, alt = _random_geodetic(rng, 20_000, -10e3, 100e3)
    r = geodetic_to_ecef(lat, lon, alt)
    la_p, lo_p, h_p = pm.ecef2geodetic(r[:, 0], r[:, 1], r[:, 2], ell=PM_WGS84, deg=True)
    la, lo, h = ecef_to_geodetic(r)
    assert np.max(np.abs(np.degrees(la) - la_p)) < 1e-9
    ok = np.cos(lat) > 1e-6  # longitude is arbitrary at the poles
    assert np.max(np.abs(np.degrees(_wrap(lo - np.radians(lo_p)))[ok])) < 1e-9
    assert np.max(np.abs(h - h_p)) < MM


OBSERVERS = [
    (np.radians(39.67), np.radians(140.05), 20.0),  # Araya [@japantimes-2018-aegis-sites]
    (np.radians(34.45), np.radians(131.62), 200.0),  # Mutsumi
    (np.radians(-89.9), np.radians(-170.0), 3000.0),  # near the south pole
    (0.0, np.pi, -50.0),  # equator, antimeridian, below the ellipsoid
]


@pytest.mark.parametrize(("lat0", "lon0", "h0"), OBSERVERS)
def test_enu_aer_vs_pymap3d(lat0, lon0, h0):
    """ecef_to_enu, ecef_to_aer and aer_to_ecef vs pymap3d.ecef2enu, ecef2aer, aer2ecef on
    5,000 random targets (-10 km to 40,000 km): positions to 1 mm, angles to 1e-9 deg."""
    rng = np.random.default_rng(23)
    lat, lon, alt = _random_geodetic(rng, 5_000, -10e3, 40_000e3)
    r = geodetic_to_ecef(lat, lon, alt)
    x, y, z = r[:, 0], r[:, 1], r[:, 2]
    e, n, u = pm.ecef2enu(x, y, z, lat0, lon0, h0, ell=PM_WGS84, deg=False)
    enu = ecef_to_enu(r, lat0, lon0, h0)
    assert np.max(np.abs(enu - np.stack([e, n, u], axis=-1))) < MM

    az_p, el_p, sr_p = pm.ecef2aer(x, y, z, lat0, lon0, h0, ell=PM_WGS84, deg=False)
    az, el, sr = ecef_to_aer(r, lat0, lon0, h0)
    assert np.max(np.degrees(np.abs(_wrap(az - az_p)))) < 1e-9
    assert np.max(np.degrees(np.abs(el - el_p))) < 1e-9
    assert np.max(np.abs(sr - sr_p)) < MM

    xp, yp, zp = pm.aer2ecef(az_p, el_p, sr_p, lat0, lon0, h0, ell=PM_WGS84, deg=False)
    r_back = aer_to_ecef(az, el, sr, lat0, lon0, h0)
    assert np.max(np.abs(r_back - np.stack([xp, yp, zp], axis=-1))) < MM
    assert np.max(np.abs(r_back - r)) < MM


# --------------------------------------------------------------------------------------------
# ENU
# --------------------------------------------------------------------------------------------


def test_enu_matrix_rows_are_east_north_up():
    """Rows of enu_matrix are orthonormal and right-handed (E x N = U); U is the ellipsoid
    normal (the direction of d r / d h), N is the direction of
    d r / d lat and E of d r / d lon. Tolerance 1e-12 on unit vectors."""
    rng = np.random.default_rng(31)
    lat, lon, _ = _random_geodetic(rng, 1000, 0, 0)
    lat = np.clip(lat, -1.5, 1.5)  # away from the poles, where d r / d lon vanishes
    m = enu_matrix(lat, lon)
    assert m.shape == (1000, 3, 3)
    np.testing.assert_allclose(
        m @ np.swapaxes(m, -1, -2), np.broadcast_to(np.eye(3), m.shape), atol=1e-12
    )
    np.testing.assert_allclose(np.cross(m[:, 0], m[:, 1]), m[:, 2], atol=1e-12)

    def unit(v):
        return v / np.linalg.norm(v, axis=-1, keepdims=True)

    up = unit(geodetic_to_ecef(lat, lon, 1000.0) - geodetic_to_ecef(lat, lon, -1000.0))
    north = unit(geodetic_to_ecef(lat + 1e-6, lon, 0.0) - geodetic_to_ecef(lat - 1e-6, lon, 0.0))
    east = unit(geodetic_to_ecef(lat, lon + 1e-6, 0.0) - geodetic_to_ecef(lat, lon - 1e-6, 0.0))
    np.testing.assert_allclose(m[:, 2], up, atol=1e-9)
    np.testing.assert_allclose(m[:, 1], north, atol=1e-9)
    np.testing.assert_allclose(m[:, 0], east, atol=1e-9)


def test_vector_rotation_matches_matrix_and_round_trips():
    """ecef_vector_to_enu equals enu_matrix @ v and enu_vector_to_ecef is its inverse
    (tolerance 1e-9 m/s on 1e4 m/s vectors: rotation only, no translation)."""
    rng = np.random.default_rng(32)
    lat, lon, _ = _random_geodetic(rng, 500, 0, 0)
    v = rng.normal(0, 1e4, (500, 3))
    venu = ecef_vector_to_enu(v, lat, lon)
    np.testing.assert_allclose(
        venu, np.einsum("...ij,...j->...i", enu_matrix(lat, lon), v), atol=1e-9
    )
    np.testing.assert_allclose(enu_vector_to_ecef(venu, lat, lon), v, atol=1e-9)


def test_ecef_enu_round_trip():
    """ECEF -> ENU -> ECEF for 20,000 random targets and observers: 1 mm."""
    rng = np.random.default_rng(33)
    lat, lon, alt = _random_geodetic(rng, 20_000, -10e3, 40_000e3)
    lat0, lon0, h0 = _random_geodetic(rng, 20_000, -1e3, 10e3)
    r = geodetic_to_ecef(lat, lon, alt)
    back = enu_to_ecef(ecef_to_enu(r, lat0, lon0, h0), lat0, lon0, h0)
    assert np.max(np.abs(back - r)) < MM


def test_enu_known_values():
    """Hand values: a point 1 km above the observer is (0, 0, 1000) ENU; moving +z at the
    equator/prime meridian is North; moving +y there is East (tolerance 1 nm)."""
    lat0, lon0, h0 = np.radians(35.0), np.radians(135.0), 100.0
    above = geodetic_to_ecef(lat0, lon0, h0 + 1000.0)
    np.testing.assert_allclose(ecef_to_enu(above, lat0, lon0, h0), [0, 0, 1000.0], atol=1e-9)
    a = WGS84.a_m
    np.testing.assert_allclose(ecef_to_enu([a, 5.0, 7.0], 0.0, 0.0, 0.0), [5, 7, 0], atol=1e-9)


def test_observer_target_broadcasting():
    """Observers (m, 1) against targets (n, 3) broadcast to (m, n, 3) ENU and (m, n) AER,
    equal element by element to single-observer calls (exactly)."""
    rng = np.random.default_rng(34)
    lat0, lon0, h0 = _random_geodetic(rng, 4, 0, 100)
    tgt = geodetic_to_ecef(*_random_geodetic(rng, 6, 1e5, 1e6))
    enu = ecef_to_enu(tgt, lat0[:, None], lon0[:, None], h0[:, None])
    az, el, sr = ecef_to_aer(tgt, lat0[:, None], lon0[:, None], h0[:, None])
    assert enu.shape == (4, 6, 3) and az.shape == el.shape == sr.shape == (4, 6)
    for i in range(4):
        np.testing.assert_array_equal(enu[i], ecef_to_enu(tgt, lat0[i], lon0[i], h0[i]))
        np.testing.assert_array_equal(az[i], ecef_to_aer(tgt, lat0[i], lon0[i], h0[i])[0])


# --------------------------------------------------------------------------------------------
# AER
# --------------------------------------------------------------------------------------------


def test_enu_to_aer_known_values():
    """Compass directions by hand: N -> az 0, E -> pi/2, S -> pi, W -> 3 pi/2, NW -> 7 pi/4;
    up -> el pi/2; (3, 4, 0) km -> range 5 km. Azimuth in [0, 2 pi): a target a hair west of
    north (where az + 2 pi rounds to 2 pi) gives 0, and -0.0 east gives +0.0. Tolerance
    1e-15 rad, 1 nm."""
    enu = np.array(
        [
            [0, 1, 0],
            [1, 0, 0],
            [0, -1, 0],
            [-1, 0, 0],
            [-1, 1, 0],
            [0, 0, 1],
            [3e3, 4e3, 0],
            [-1e-300, 1, 0],
            [-0.0, 1.0, 0.0],
        ],
        dtype=float,
    )
    az, el, sr = enu_to_aer(enu)
    np.testing.assert_allclose(
        az[:7], [0, np.pi / 2, np.pi, 1.5 * np.pi, 1.75 * np.pi, 0, np.arctan2(3, 4)], atol=1e-15
    )
    assert np.all(az >= 0.0) and np.all(az < 2 * np.pi)
    assert az[-1] == 0.0 and not np.signbit(az[-1])
    assert el[5] == pytest.approx(np.pi / 2, abs=1e-15)
    assert sr[6] == pytest.approx(5e3, abs=1e-9)


def test_aer_round_trips():
    """AER -> ENU -> AER and AER -> ECEF -> AER for 20,000 random directions (elevations away
    from +-90 deg, where azimuth is undefined): angles to 1e-11 rad, range to 1 mm."""
    rng = np.random.default_rng(41)
    n = 20_000
    az = rng.uniform(0, 2 * np.pi, n)
    el = rng.uniform(-1.5, 1.5, n)
    sr = rng.uniform(1.0, 4e7, n)
    az2, el2, sr2 = enu_to_aer(aer_to_enu(az, el, sr))
    assert np.max(np.abs(_wrap(az2 - az))) < 1e-11
    assert np.max(np.abs(el2 - el)) < 1e-11 and np.max(np.abs(sr2 - sr)) < MM
    lat0, lon0, h0 = np.radians(39.67), np.radians(140.05), 20.0
    az3, el3, sr3 = ecef_to_aer(aer_to_ecef(az, el, sr, lat0, lon0, h0), lat0, lon0, h0)
    assert np.max(np.abs(_wrap(az3 - az))) < 1e-11
    assert np.max(np.abs(el3 - el)) < 1e-11 and np.max(np.abs(sr3 - sr)) < MM


# --------------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------------


def test_shapes_scalar_and_batched():
    """Scalars give (3,) vectors and numpy float64 scalars; (4, 5) inputs give (4, 5, 3) and
    (4, 5); (4, 5, 3) vectors give (4, 5) angles."""
    r = geodetic_to_ecef(0.5, 1.0, 100.0)
    assert r.shape == (3,)
    out = ecef_to_geodetic(r)
    assert all(isinstance(v, float) or np.ndim(v) == 0 for v in out)
    out = ecef_to_aer(r + 1e3, 0.5, 1.0, 0.0)
    assert all(isinstance(v, float) or np.ndim(v) == 0 for v in out)
    assert enu_matrix(0.1, 0.2).shape == (3, 3)

    rng = np.random.default_rng(51)
    lat = rng.uniform(-1.5, 1.5, (4, 5))
    lon = rng.uniform(-3, 3, (4, 5))
    alt = rng.uniform(0, 1e6, (4, 5))
    r = geodetic_to_ecef(lat, lon, alt)
    assert r.shape == (4, 5, 3)
    assert geodetic_to_ecef(lat, lon, 0.0).shape == (4, 5, 3)
    assert all(v.shape == (4, 5) for v in ecef_to_geodetic(r))
    assert enu_matrix(lat, lon).shape == (4, 5, 3, 3)
    assert ecef_to_enu(r, lat, lon, alt).shape == (4, 5, 3)
    assert ecef_to_enu(r, 0.1, 0.2, 0.0).shape == (4, 5, 3)
    assert enu_to_ecef(r, 0.1, 0.2, 0.0).shape == (4, 5, 3)
    assert ecef_vector_to_enu(r, lat, lon).shape == (4, 5, 3)
    assert enu_vector_to_ecef(r, 0.1, 0.2).shape == (4, 5, 3)
    assert all(v.shape == (4, 5) for v in enu_to_aer(r))
    assert all(v.shape == (4, 5) for v in ecef_to_aer(r, 0.1, 0.2, 0.0))
    assert aer_to_enu(lat, lon, alt).shape == (4, 5, 3)
    assert aer_to_ecef(lat, lon, alt, 0.1, 0.2, 0.0).shape == (4, 5, 3)
    assert all(v.dtype == np.float64 for v in ecef_to_geodetic(r.astype(np.float32)))
