"""Tests for ashore.earth.gravity: point mass + J2, potential, centrifugal and Coriolis terms.

Closed forms used below, derived from U = -(GM/r) [1 - J2 (a/r)^2 P2(z/r)], P2(s) = (3 s^2 - 1)/2,
and g = -grad U (see the module docstring):

- equator, r = a, z = 0:  g = -(GM / a^2) (1 + 3/2 J2) x_hat,        U = -(GM / a) (1 + J2 / 2)
- pole, r = b, x = y = 0: g = -(GM / b^2) (1 - 3 J2 (a/b)^2) z_hat,  U = -(GM / b) (1 - J2 (a/b)^2)
- z^2 = x^2 (45 deg geocentric, y = 0) at radius r:
      g_x = -(GM x / r^3) (1 - 9/4 J2 (a/r)^2),   g_z = -(GM z / r^3) (1 + 3/4 J2 (a/r)^2)
"""

from __future__ import annotations

import numpy as np
import pytest

from ashore.earth.constants import GM_M3_S2, J2, OMEGA_EARTH_RAD_S, WGS84_A_M
from ashore.earth.frames import WGS84, geodetic_to_ecef
from ashore.earth.gravity import centrifugal_ecef, coriolis_ecef, gravity_ecef, potential

A = WGS84_A_M
B = WGS84.b_m
OMEGA_VEC = np.array([0.0, 0.0, OMEGA_EARTH_RAD_S])


def _random_positions(n: int, h_lo: float, h_hi: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    lat = np.arcsin(rng.uniform(-1, 1, n))
    lon = rng.uniform(-np.pi, np.pi, n)
    return geodetic_to_ecef(lat, lon, rng.uniform(h_lo, h_hi, n))


def test_equator_closed_form():
    """On the equator at the surface, |g| = GM/a^2 (1 + 3/2 J2), pointing to the centre
    (closed form above). Tolerance 1e-12 relative (asked: 1e-9)."""
    g = gravity_ecef([A, 0.0, 0.0])
    expect = GM_M3_S2 / A**2 * (1.0 + 1.5 * J2)
    assert -g[0] == pytest.approx(expect, rel=1e-12)
    assert g[1] == 0.0 and g[2] == 0.0
    # same on any meridian
    g = gravity_ecef(geodetic_to_ecef(0.0, 2.0, 0.0))
    assert np.linalg.norm(g) == pytest.approx(expect, rel=1e-12)


def test_pole_closed_form():
    """At the north pole on the ellipsoid, g = -(GM/b^2)(1 - 3 J2 (a/b)^2) z_hat (closed form
    above). Tolerance 1e-12 relative (asked: 1e-9)."""
    g = gravity_ecef([0.0, 0.0, B])
    expect = GM_M3_S2 / B**2 * (1.0 - 3.0 * J2 * (A / B) ** 2)
    assert -g[2] == pytest.approx(expect, rel=1e-12)
    assert g[0] == 0.0 and g[1] == 0.0
    g = gravity_ecef([0.0, 0.0, -B])
    assert g[2] == pytest.approx(expect, rel=1e-12)


def test_45deg_geocentric_closed_form():
    """At z = x (geocentric latitude 45 deg), r = 7,000 km: g_x = -(GM x/r^3)(1 - 9/4 J2 (a/r)^2),
    g_z = -(GM z/r^3)(1 + 3/4 J2 (a/r)^2) (closed form above). Tolerance 1e-12 relative."""
    r = 7.0e6
    x = z = r / np.sqrt(2.0)
    g = gravity_ecef([x, 0.0, z])
    q = J2 * (A / r) ** 2
    assert g[0] == pytest.approx(-GM_M3_S2 * x / r**3 * (1.0 - 2.25 * q), rel=1e-12)
    assert g[2] == pytest.approx(-GM_M3_S2 * z / r**3 * (1.0 + 0.75 * q), rel=1e-12)
    assert g[1] == 0.0


def test_against_wgs84_normal_gravity():
    """Physical sanity: gravity plus centrifugal acceleration at the equator and at the pole vs
    the WGS84 normal gravity gamma_e = 9.7803253359 m/s^2, gamma_p = 9.8321849378 m/s^2
    (NIMA TR8350.2, 2000, derived physical constants). The J2-only field omits J4 and higher,
    worth ~1e-5 relative, so the tolerance is 2e-5 relative (2e-4 m/s^2, 20 mGal)."""
    r_eq = np.array([A, 0.0, 0.0])
    g_eq = gravity_ecef(r_eq) + centrifugal_ecef(r_eq)
    assert np.linalg.norm(g_eq) == pytest.approx(9.7803253359, rel=2e-5)
    g_p = gravity_ecef([0.0, 0.0, B]) + centrifugal_ecef([0.0, 0.0, B])
    assert np.linalg.norm(g_p) == pytest.approx(9.8321849378, rel=2e-5)


def _numerical_gradient(f, r: np.ndarray, h: float) -> np.ndarray:
    """Central differences of a scalar field f over the last axis of r (step h metres)."""
    grad = np.empty_like(r)
    for i in range(3):  # loop over the 3 axes, not over samples
        dr = np.zeros(3)
        dr[i] = h
        grad[..., i] = (f(r + dr) - f(r - dr)) / (2.0 * h)
    return grad


def test_gravity_is_minus_gradient_of_potential():
    """g = -grad U by central differences (step 10 m, 100 m for the J2 part; truncation
    ~(h/r)^2 < 1e-9, round-off < 1e-7 relative) on 2,000 random points from -10 km to
    40,000 km altitude, for the full field and for the J2 part alone. Tolerance 1e-6 relative
    to |g| (full field) and to |g_J2| (J2 part, below 2,000 km where the J2 part is large
    enough to difference)."""
    r = _random_positions(2000, -10e3, 40_000e3, seed=1)
    g = gravity_ecef(r)
    num = -_numerical_gradient(potential, r, 10.0)
    err = np.linalg.norm(g - num, axis=-1) / np.linalg.norm(g, axis=-1)
    assert err.max() < 1e-6

    r = _random_positions(2000, -10e3, 2_000e3, seed=2)
    g_j2 = gravity_ecef(r) - gravity_ecef(r, j2=0.0)

    def u_j2(rr):
        return potential(rr) - potential(rr, j2=0.0)

    num = -_numerical_gradient(u_j2, r, 100.0)
    err = np.linalg.norm(g_j2 - num, axis=-1) / np.linalg.norm(g_j2, axis=-1)
    assert err.max() < 1e-6


def test_potential_closed_forms_and_sign():
    """U at the equator = -(GM/a)(1 + J2/2), at the pole = -(GM/b)(1 - J2 (a/b)^2) (closed
    forms above, 1e-14 relative); U < 0 everywhere; j2 = 0 gives -GM/r (1e-15 relative)."""
    assert potential([A, 0.0, 0.0]) == pytest.approx(-GM_M3_S2 / A * (1 + 0.5 * J2), rel=1e-14)
    assert potential([0.0, 0.0, B]) == pytest.approx(
        -GM_M3_S2 / B * (1 - J2 * (A / B) ** 2), rel=1e-14
    )
    r = _random_positions(1000, -10e3, 40_000e3, seed=3)
    assert np.all(potential(r) < 0.0)
    np.testing.assert_allclose(
        potential(r, j2=0.0), -GM_M3_S2 / np.linalg.norm(r, axis=-1), rtol=1e-15
    )


def test_point_mass_when_j2_zero():
    """j2 = 0: g = -GM r / |r|^3, radial with magnitude GM/r^2 (Newton). Tolerance 1e-14
    relative in magnitude, 1e-14 in direction cosines."""
    r = _random_positions(1000, -10e3, 40_000e3, seed=4)
    g = gravity_ecef(r, j2=0.0)
    rn = np.linalg.norm(r, axis=-1)
    np.testing.assert_allclose(np.linalg.norm(g, axis=-1), GM_M3_S2 / rn**2, rtol=1e-14)
    np.testing.assert_allclose(
        g / np.linalg.norm(g, axis=-1)[:, None], -r / rn[:, None], atol=1e-14
    )


def test_custom_parameters():
    """gm, j2 and re_m are honoured: scaling gm scales g; the J2 part scales with j2 and re^2
    (1e-14 relative)."""
    r = _random_positions(100, 0, 1e6, seed=5)
    np.testing.assert_allclose(gravity_ecef(r, gm=2 * GM_M3_S2), 2 * gravity_ecef(r), rtol=1e-14)
    base = gravity_ecef(r, j2=0.0)
    d1 = gravity_ecef(r) - base
    np.testing.assert_allclose(gravity_ecef(r, j2=2 * J2) - base, 2 * d1, rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(gravity_ecef(r, re_m=2 * A) - base, 4 * d1, rtol=1e-9, atol=1e-14)


def test_centrifugal_hand_values():
    """-omega x (omega x r): on the equator omega^2 a = 0.033916 m/s^2 outward (hand value
    0.03392, to 1e-5 m/s^2; exact formula to 1e-15 relative); zero on the axis; equal to
    numpy's cross products on random points (1e-18 m/s^2)."""
    c = centrifugal_ecef([A, 0.0, 0.0])
    assert c[0] == pytest.approx(0.03392, abs=1e-5)
    assert c[0] == pytest.approx(OMEGA_EARTH_RAD_S**2 * A, rel=1e-15)
    assert c[1] == 0.0 and c[2] == 0.0
    np.testing.assert_array_equal(centrifugal_ecef([0.0, 0.0, B]), [0.0, 0.0, 0.0])
    r = _random_positions(1000, 0, 1e7, seed=6)
    expect = -np.cross(OMEGA_VEC, np.cross(OMEGA_VEC, r))
    np.testing.assert_allclose(centrifugal_ecef(r), expect, rtol=1e-14, atol=1e-18)
    np.testing.assert_allclose(
        centrifugal_ecef(r, omega=2 * OMEGA_EARTH_RAD_S), 4 * expect, rtol=1e-14, atol=1e-18
    )


def test_coriolis_hand_values():
    """-2 omega x v: eastward 100 m/s at the equator/prime meridian (v = +y) gives
    2 omega 100 = 0.014584 m/s^2 upward (+x, the Eotvos effect), northward (+z) gives zero,
    +x gives -y; equal to numpy's cross product on random velocities (1e-18 m/s^2)."""
    c = coriolis_ecef([0.0, 100.0, 0.0])
    np.testing.assert_allclose(c, [0.014584, 0.0, 0.0], atol=1e-6)
    assert c[0] == pytest.approx(2 * OMEGA_EARTH_RAD_S * 100.0, rel=1e-15)
    np.testing.assert_array_equal(coriolis_ecef([0.0, 0.0, 100.0]), [0.0, 0.0, 0.0])
    c = coriolis_ecef([100.0, 0.0, 0.0])
    assert c[1] == pytest.approx(-2 * OMEGA_EARTH_RAD_S * 100.0, rel=1e-15)
    v = np.random.default_rng(7).normal(0, 3e3, (1000, 3))
    np.testing.assert_allclose(
        coriolis_ecef(v), -2 * np.cross(OMEGA_VEC, v), rtol=1e-14, atol=1e-18
    )


def test_shapes_and_out():
    """(4, 5, 3) positions give (4, 5, 3) accelerations and (4, 5) potentials; a single (3,)
    position gives (3,) and a scalar potential; out= is filled and returned, identical to the
    allocating call; non-contiguous input gives the same numbers."""
    r = _random_positions(20, 0, 1e6, seed=8).reshape(4, 5, 3)
    assert gravity_ecef(r).shape == (4, 5, 3)
    assert gravity_ecef(r, j2=0.0).shape == (4, 5, 3)
    assert potential(r).shape == (4, 5)
    assert centrifugal_ecef(r).shape == (4, 5, 3)
    assert coriolis_ecef(r).shape == (4, 5, 3)
    assert gravity_ecef(r[0, 0]).shape == (3,)
    assert np.ndim(potential(r[0, 0])) == 0
    out = np.empty_like(r)
    res = gravity_ecef(r, out=out)
    assert res is out
    np.testing.assert_array_equal(out, gravity_ecef(r))
    rt = np.asfortranarray(r)
    np.testing.assert_array_equal(gravity_ecef(rt), gravity_ecef(r))
    np.testing.assert_array_equal(gravity_ecef(r[:, ::2]), gravity_ecef(r)[:, ::2])
