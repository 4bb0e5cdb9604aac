"""Earth gravity: point mass plus the J2 zonal term, and the rotating-frame apparent accelerations.

Positions are ECEF ``(..., 3)`` [m]; accelerations ``(..., 3)`` [m/s^2]; potentials ``(...)``
[m^2/s^2]. The J2 field is axially symmetric about +z, so the same formulas hold in ECEF and in
an inertial frame whose z axis is the rotation axis (e.g. ECI of date, ignoring precession).

Potential (sign convention: potential *energy* per unit mass, negative, so that the
acceleration is ``g = -grad U`` and the specific mechanical energy is ``v^2 / 2 + U``)::

    U(r) = -(GM / r) [1 - J2 (R_e / r)^2 P2(sin phi)],     P2(s) = (3 s^2 - 1) / 2,

with ``sin phi = z / r`` (geocentric latitude) and ``R_e`` the equatorial radius. This is the
geodesists' geopotential ``V = (GM / r) [1 - sum_n J_n (a / r)^n P_n(sin phi)]`` truncated at
n = 2, with the opposite sign (Heiskanen & Moritz, *Physical Geodesy* (1967), ch. 2
[@heiskanen-moritz-1967]; Montenbruck & Gill, *Satellite Orbits* (2000), sect. 3.2
[@montenbruck-gill-2000], with ``J_n = -C_n0``).

Acceleration, ``g = -grad U``::

    g_x = -(GM x / r^3) [1 + 3/2 J2 (R_e / r)^2 (1 - 5 z^2 / r^2)]
    g_y = -(GM y / r^3) [1 + 3/2 J2 (R_e / r)^2 (1 - 5 z^2 / r^2)]
    g_z = -(GM z / r^3) [1 + 3/2 J2 (R_e / r)^2 (3 - 5 z^2 / r^2)]

The J2 part is the Cartesian J2 perturbing acceleration of Vallado, *Fundamentals of
Astrodynamics and Applications*, 4th ed. (2013), ch. 8 (p. 594) [@vallado-2013], also given by
Curtis, *Orbital Mechanics for Engineering Students*, in the section on oblateness perturbations
[@curtis-orbital-mechanics]; here it is derived directly as ``-grad U`` (and the tests check that
numerically).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ashore.earth.constants import GM_M3_S2, J2, OMEGA_EARTH_RAD_S, WGS84_A_M

__all__ = ["centrifugal_ecef", "coriolis_ecef", "gravity_ecef", "potential"]

FloatArray = NDArray[np.float64]


def gravity_ecef(
    r_ecef: ArrayLike,
    gm: float = GM_M3_S2,
    j2: float = J2,
    re_m: float = WGS84_A_M,
    *,
    out: FloatArray | None = None,
) -> FloatArray:
    """Gravitational acceleration ``(..., 3)`` [m/s^2] of point mass + J2 at ``r_ecef`` [m].

    ::

        g = -(GM / r^3) [1 + k (1 - 5 z^2 / r^2)] r  -  (2 k GM z / r^3) e_z,
        k = 3/2 J2 (R_e / r)^2

    which is the component form in the module docstring. No centrifugal term (see
    :func:`centrifugal_ecef`); ``j2 = 0`` gives the point mass ``-GM r / r^3``. Undefined at the
    origin (returns non-finite values there).

    ``out``, optional: a float64 array of the result's shape to write into (must not overlap
    ``r_ecef``); an integrator can pass the same buffer every step to save an allocation.
    """
    r = np.asarray(r_ecef, dtype=np.float64)
    bshape = (*r.shape[:-1], 1)
    flat = r.reshape(-1, 3)  # 1-D work arrays (a view unless r is non-contiguous)
    x, y, z = flat[:, 0], flat[:, 1], flat[:, 2]
    inv_r2 = np.multiply(x, x)
    tmp = np.multiply(y, y)
    inv_r2 += tmp
    np.multiply(z, z, out=tmp)
    inv_r2 += tmp
    np.divide(1.0, inv_r2, out=inv_r2)  # 1 / r^2
    fac = np.sqrt(inv_r2)
    fac *= inv_r2
    fac *= -gm  # -GM / r^3
    if j2 == 0.0:
        return np.multiply(r, fac.reshape(bshape), out=out)
    tmp *= inv_r2  # z^2 / r^2  (tmp held z^2)
    tmp *= -5.0
    tmp += 1.0  # 1 - 5 z^2 / r^2
    k = np.multiply(inv_r2, 1.5 * j2 * re_m * re_m, out=inv_r2)  # k = 3/2 J2 (Re / r)^2
    tmp *= k
    tmp += 1.0
    tmp *= fac  # c = -(GM / r^3) [1 + k (1 - 5 z^2 / r^2)]
    out = np.multiply(r, tmp.reshape(bshape), out=out)
    k *= fac
    k *= 2.0
    k *= z
    out[..., 2] += k.reshape(bshape[:-1])  # g_z has 3 - 5 z^2/r^2, not 1 - 5 z^2/r^2
    return out


def potential(
    r_ecef: ArrayLike, gm: float = GM_M3_S2, j2: float = J2, re_m: float = WGS84_A_M
) -> FloatArray:
    """Gravitational potential energy per unit mass ``U`` ``(...)`` [m^2/s^2] (negative).

    ::

        U = -(GM / r) [1 - J2 (R_e / r)^2 (3 z^2 / r^2 - 1) / 2]

    so that ``gravity_ecef(r) == -grad U(r)``. Sign convention and sources: module docstring.
    """
    r = np.asarray(r_ecef, dtype=np.float64)
    x, y, z = r[..., 0], r[..., 1], r[..., 2]
    r2 = x * x + y * y + z * z
    rn = np.sqrt(r2)
    p2 = 1.5 * (z * z) / r2 - 0.5
    return -(gm / rn) * (1.0 - j2 * (re_m * re_m / r2) * p2)


def centrifugal_ecef(r_ecef: ArrayLike, omega: float = OMEGA_EARTH_RAD_S) -> FloatArray:
    """Centrifugal acceleration ``-omega x (omega x r)`` ``(..., 3)`` [m/s^2], omega along +z.

    With ``omega = (0, 0, w)``: ``(w^2 x, w^2 y, 0)``. Apparent acceleration in the Earth-fixed
    (rotating) frame; e.g. ``w^2 a = 0.03392 m/s^2`` on the equator.
    """
    r = np.asarray(r_ecef, dtype=np.float64)
    w2 = omega * omega
    out = np.empty(r.shape)
    np.multiply(r[..., 0], w2, out=out[..., 0])
    np.multiply(r[..., 1], w2, out=out[..., 1])
    out[..., 2] = 0.0
    return out


def coriolis_ecef(v_ecef: ArrayLike, omega: float = OMEGA_EARTH_RAD_S) -> FloatArray:
    """Coriolis acceleration ``-2 omega x v`` ``(..., 3)`` [m/s^2], omega along +z.

    ``v_ecef`` is the velocity relative to the rotating Earth-fixed frame [m/s]. With
    ``omega = (0, 0, w)``: ``omega x v = (-w v_y, w v_x, 0)``, hence ``(2 w v_y, -2 w v_x, 0)``.
    """
    v = np.asarray(v_ecef, dtype=np.float64)
    out = np.empty(v.shape)
    np.multiply(v[..., 1], 2.0 * omega, out=out[..., 0])
    np.multiply(v[..., 0], -2.0 * omega, out=out[..., 1])
    out[..., 2] = 0.0
    return out
