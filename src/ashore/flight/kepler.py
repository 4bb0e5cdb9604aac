"""Closed-form (Keplerian) ballistic free flight over a spherical, non-rotating Earth.

Model: after burnout the warhead coasts in vacuum around a point mass ``gm``; the trajectory is a
conic in the inertial plane through the Earth's centre, the burnout position and the burnout
velocity. Burnout is at radius ``r0_m`` (default :data:`~ashore.earth.constants.R_MEAN_M`, the
surface of the spherical Earth), reentry at radius ``r_re_m`` (default ``r0_m``: the symmetric
trajectory of the textbooks). No drag, no J2, no Earth rotation: for a rotating Earth integrate the
equations of motion instead (``ashore.flight.dynamics``) or correct the aim point.

Conventions (as everywhere in ashore): SI units (m, s, rad); every function takes numpy arrays of
any mutually broadcastable shapes and returns arrays of the broadcast shape (a numpy scalar for
scalar inputs), without Python loops over samples. The flight-path angle ``gamma`` is measured
from the local horizontal, positive upward; the range angle ``psi`` is the central angle travelled
from burnout to reentry (multiply by a radius for a distance, see :func:`surface_range_m`).

Notation: ``Q = v^2 r0 / GM`` (the square of the burnout speed over circular speed), so that
the semi-major axis is ``a = r0 / (2 - Q)``, the semi-latus rectum ``p = r0 Q cos^2 gamma`` and the
eccentricity ``e^2 = 1 - Q (2 - Q) cos^2 gamma``. ``Q < 1`` is sub-circular, ``1 <= Q < 2`` gives
ranges up to a full revolution, ``Q >= 2`` escapes and never comes back.

Sources:

- [BMW] R. R. Bate, D. D. Mueller, J. E. White, *Fundamentals of Astrodynamics*, Dover, 1971,
  ch. 6 "Ballistic missile trajectories", section 6.2 "The general ballistic missile problem"
  [@bmw-1971]. Equation numbers below follow the numbering used in the public worked-problem
  transcription github.com/lemming622/BMW_test_package (six_02_general_ballistic_missile_problem.py)
  [@lemming622-bmw-test-package]; they have not been checked against a printed copy.
- [Curtis] H. D. Curtis, *Orbital Mechanics for Engineering Students*, ch. 2 (conic orbits,
  vis-viva, flight-path angle) and ch. 3 (Kepler's equation, eccentric anomaly)
  [@curtis-orbital-mechanics].
- [Wheelon] A. D. Wheelon, "Free flight of a ballistic missile", ARS Journal 29 (1959)
  [@wheelon-1959]: the same closed forms (range, flight-path angle, time of flight) in missile
  notation.

Where a quadrant matters the code evaluates the textbook equations with ``atan2`` of quantities
proportional to ``e sin`` and ``e cos`` of an anomaly, which is exact for circular orbits, keeps
the correct branch for range angles above 180 deg and never divides by ``e``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ashore.earth.constants import GM_M3_S2, R_MEAN_M
from ashore.errors import InputError

__all__ = [
    "Burnout",
    "FlightPathAngles",
    "MinEnergy",
    "apogee_altitude",
    "burnout_for_apogee",
    "flight_path_angles",
    "min_energy",
    "nu",
    "range_angle",
    "reachable",
    "surface_range_m",
    "time_of_flight",
]

FloatArray = NDArray[np.float64]

_TWO_PI = 2.0 * np.pi
_HALF_PI = 0.5 * np.pi
_ANGLE_SLACK = 1e-12
"""Rounding slack [rad] allowed on the domain of input angles."""
_RADIUS_RTOL = 1e-12
"""Relative slack when testing that a radius lies between perigee and apogee (tangent cases)."""
_ASIN_SLACK = 1e-12
"""Slack on the argument of arcsin in the flight-path-angle equation (minimum-energy case)."""


# --------------------------------------------------------------------------------------------
# helpers


def _f64(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def _out(x: FloatArray) -> FloatArray:
    """Return ``x`` unchanged for n-d arrays and a numpy scalar for 0-d arrays."""
    return x[()]


def _check(bad: NDArray[np.bool_], message: Callable[[], str]) -> None:
    """Raise :class:`InputError` with ``message()`` if any element of ``bad`` is true."""
    if np.any(bad):
        raise InputError(message())


def _check_positive(x: FloatArray, name: str, unit: str) -> None:
    bad = x <= 0.0
    _check(bad, lambda: f"{name} must be > 0 {unit} (got {np.min(x[bad]):g})")


def _check_speed(v: FloatArray) -> None:
    bad = v < 0.0
    _check(bad, lambda: f"burnout speed must be >= 0 m/s (got {np.min(v[bad]):g})")


def _check_gamma(gamma: FloatArray) -> None:
    bad = np.abs(gamma) > _HALF_PI + _ANGLE_SLACK
    _check(
        bad,
        lambda: (
            "flight-path angle must be in [-pi/2, pi/2] rad from the local horizontal "
            f"(got {gamma[bad].flat[0]:g}); did you pass degrees?"
        ),
    )


def _check_psi(psi: FloatArray, low_open: bool, high: float, high_open: bool) -> None:
    bad = (psi <= 0.0) if low_open else (psi < 0.0)
    bad = bad | ((psi >= high) if high_open else (psi > high + _ANGLE_SLACK))
    lo = "(" if low_open else "["
    hi = ")" if high_open else "]"
    _check(
        bad,
        lambda: (
            f"range angle must be in {lo}0, {high:.6g}{hi} rad, a central angle "
            f"(got {psi[bad].flat[0]:g}); did you pass km or degrees?"
        ),
    )


def _common(
    v_mps: ArrayLike,
    gamma_rad: ArrayLike,
    r0_m: ArrayLike,
    gm: ArrayLike,
    r_re_m: ArrayLike | None,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Broadcast and validate (v, gamma, r0, gm, r_re); r_re defaults to r0."""
    r_re = r0_m if r_re_m is None else r_re_m
    v, g, r0, mu, rre = np.broadcast_arrays(
        _f64(v_mps), _f64(gamma_rad), _f64(r0_m), _f64(gm), _f64(r_re)
    )
    _check_speed(v)
    _check_gamma(g)
    _check_positive(r0, "burnout radius r0_m", "m")
    _check_positive(rre, "reentry radius r_re_m", "m")
    _check_positive(mu, "gravitational parameter gm", "m^3/s^2")
    # -0.0 + 0.0 == +0.0: a signed zero would put atan2 on the wrong side of the branch cut.
    return v, g + 0.0, r0, mu, rre


class _Conic(NamedTuple):
    q: FloatArray  # Q = v^2 r0 / GM
    sin_g: FloatArray
    cos_g: FloatArray
    one_m_qc2: FloatArray  # 1 - Q cos^2 gamma, evaluated as (1 - Q) + Q sin^2 gamma
    e: FloatArray  # eccentricity
    a: FloatArray  # semi-major axis [m] (meaningless where q >= 2)
    p: FloatArray  # semi-latus rectum [m]
    reach: NDArray[np.bool_]  # bound orbit that reaches r_re on a descending branch
    descend_later: NDArray[np.bool_]  # reentry is one revolution of anomaly after burnout
    symmetric: NDArray[np.bool_]  # r_re == r0 and gamma >= 0


def _conic(
    v: FloatArray, g: FloatArray, r0: FloatArray, gm: FloatArray, r_re: FloatArray
) -> _Conic:
    """Orbit elements from the burnout state (BMW eqs. 6.2-1, 6.2-4, 6.2-5 [@bmw-1971]; Curtis
    ch. 2 [@curtis-orbital-mechanics]).

    ``e sin f0 = Q sin(g) cos(g)`` and ``e cos f0 = Q cos^2(g) - 1`` at burnout, hence
    ``e = hypot(Q s c, Q c^2 - 1)``, which is ``sqrt(1 - Q (2 - Q) cos^2 g)`` without cancellation;
    ``1 - Q c^2`` is evaluated as ``(1 - Q) + Q s^2``.
    """
    q = v * v * r0 / gm
    s, c = np.sin(g), np.cos(g)
    one_m_qc2 = (1.0 - q) + q * s * s  # no cancellation near Q = 1, gamma = 0
    e = np.hypot(q * s * c, one_m_qc2)
    p = r0 * q * c * c
    with np.errstate(divide="ignore", invalid="ignore"):
        a = r0 / (2.0 - q)
        r_apo = a * (1.0 + e)
        r_peri = p / (1.0 + e)
    bound = q < 2.0
    reach = bound & (r_re <= r_apo * (1.0 + _RADIUS_RTOL)) & (r_re >= r_peri * (1.0 - _RADIUS_RTOL))
    # First descending crossing of r_re after burnout: in the same half-revolution only when the
    # missile is already descending (gamma < 0) towards a lower reentry radius.
    descend_later = (g >= 0.0) | (r_re > r0)
    symmetric = (r_re == r0) & (g >= 0.0)
    return _Conic(q, s, c, one_m_qc2, e, a, p, reach, descend_later, symmetric)


def _finish(value: FloatArray, k: _Conic, unreachable: float, *inputs: FloatArray) -> FloatArray:
    """Put ``unreachable`` where the orbit does not come down to r_re; keep NaN for NaN input."""
    out = np.where(k.reach, value, unreachable)
    nan_in = np.zeros(out.shape, dtype=bool)
    for x in inputs:
        nan_in |= np.isnan(x)
    return np.where(nan_in, np.nan, out)


# --------------------------------------------------------------------------------------------
# public API


def nu(v_mps: ArrayLike, r0_m: ArrayLike = R_MEAN_M, gm: ArrayLike = GM_M3_S2) -> FloatArray:
    """Dimensionless burnout parameter ``Q = v^2 r0 / GM`` (BMW eq. 6.2-1 [@bmw-1971]).

    ``Q`` is the square of the ratio of the burnout speed to the local circular speed
    ``sqrt(GM / r0)``: ``Q = 1`` circular speed, ``Q = 2`` escape speed.

    Args:
        v_mps: burnout speed (inertial) [m/s].
        r0_m: burnout radius from the Earth's centre [m].
        gm: gravitational parameter [m^3/s^2].

    Returns:
        ``Q`` [-], broadcast shape of the inputs.
    """
    v, r0, mu = np.broadcast_arrays(_f64(v_mps), _f64(r0_m), _f64(gm))
    _check_speed(v)
    _check_positive(r0, "burnout radius r0_m", "m")
    _check_positive(mu, "gravitational parameter gm", "m^3/s^2")
    return _out(v * v * r0 / mu)


def range_angle(
    v_mps: ArrayLike,
    gamma_rad: ArrayLike,
    r0_m: ArrayLike = R_MEAN_M,
    gm: ArrayLike = GM_M3_S2,
    r_re_m: ArrayLike | None = None,
) -> FloatArray:
    """Free-flight range angle ``psi`` [rad] from burnout to reentry.

    Symmetric case (``r_re_m`` is None or equal to ``r0_m``, ``gamma >= 0``), BMW eq. 6.2-12
    (free-flight range equation) in its tangent form [@bmw-1971]::

        tan(psi / 2) = Q sin(g) cos(g) / (1 - Q cos^2(g)),

    evaluated as ``psi = 2 atan2(Q sin g cos g, 1 - Q cos^2 g)`` so that ranges beyond 180 deg
    (possible for ``Q > 1``) come out right; ``psi`` is in ``[0, 2 pi]``.

    General case (``r_re != r0``): the conic ``r = p / (1 + e cos f)`` (BMW eq. 6.2-5 [@bmw-1971])
    is cut at the burnout true anomaly ``f0 = atan2(Q s c, Q c^2 - 1)`` and at the descending-branch
    true anomaly of reentry, ``e cos f1 = p / r_re - 1``,
    ``e sin f1 = -sqrt(e^2 - (p / r_re - 1)^2)``; ``psi = f1 - f0`` with ``f1`` taken at the first
    descending crossing of ``r_re`` after burnout (one revolution of anomaly later unless the
    missile is already descending, ``gamma < 0``, towards a lower reentry radius). A burnout that is
    itself a descending crossing of ``r_re`` (``gamma < 0`` and ``r_re == r0``) gives ``psi = 0``,
    and so does the degenerate circular orbit ``Q = 1``, ``gamma = 0`` at ``r_re = r0`` (the limit
    ``gamma -> 0+`` is ``pi``).

    Unreachable cases return ``+inf`` (never NaN for finite input): escape (``Q >= 2``), or a
    conic whose apogee is below ``r_re`` or whose perigee is above it. NaN inputs give NaN.

    Args:
        v_mps: burnout speed (inertial) [m/s], >= 0.
        gamma_rad: flight-path angle at burnout from the local horizontal [rad], in
            ``[-pi/2, pi/2]``.
        r0_m: burnout radius [m].
        gm: gravitational parameter [m^3/s^2].
        r_re_m: reentry radius [m]; default ``r0_m``.

    Returns:
        Range angle [rad], broadcast shape of the inputs.

    Raises:
        InputError: negative speed, non-positive radius or ``gm``, ``|gamma| > pi/2``.
    """
    v, g, r0, mu, rre = _common(v_mps, gamma_rad, r0_m, gm, r_re_m)
    k = _conic(v, g, r0, mu, rre)
    with np.errstate(divide="ignore", invalid="ignore"):
        qsc = k.q * k.sin_g * k.cos_g
        psi_sym = 2.0 * np.arctan2(qsc, k.one_m_qc2)
        f0 = np.arctan2(qsc, -k.one_m_qc2)
        x1 = k.p / rre - 1.0
        y1 = -np.sqrt(np.maximum(k.e**2 - x1**2, 0.0))
        f1 = np.arctan2(y1, x1) + np.where(k.descend_later, _TWO_PI, 0.0)
        psi_gen = np.maximum(f1 - f0, 0.0)
    psi = np.where(k.symmetric, psi_sym, psi_gen)
    return _out(_finish(psi, k, np.inf, v, g, r0, mu, rre))


def time_of_flight(
    v_mps: ArrayLike,
    gamma_rad: ArrayLike,
    r0_m: ArrayLike = R_MEAN_M,
    gm: ArrayLike = GM_M3_S2,
    r_re_m: ArrayLike | None = None,
) -> FloatArray:
    """Free-flight time [s] from burnout to reentry, from Kepler's equation.

    Kepler's equation (Curtis ch. 3 [@curtis-orbital-mechanics]; BMW eq. 6.2-22 for the symmetric
    case [@bmw-1971])::

        t = sqrt(a^3 / GM) [(E1 - e sin E1) - (E0 - e sin E0)],   a = r0 / (2 - Q).

    The eccentric anomaly at burnout follows from ``e cos E = 1 - r / a`` and
    ``e sin E = r v_r / sqrt(GM a)``: ``e cos E0 = Q - 1``, ``e sin E0 = sqrt(Q (2 - Q)) sin g``.
    For the symmetric trajectory ``E1 = 2 pi - E0`` and::

        t = 2 sqrt(a^3 / GM) (pi - E0 + e sin E0),   pi - E0 = atan2(e sin E0, 1 - Q).

    For ``r_re != r0`` the reentry anomaly is the descending-branch solution of
    ``e cos E1 = 1 - r_re / a``, chosen as in :func:`range_angle`; ``e^2 = 1 - Q (2 - Q) cos^2 g``.

    Unreachable cases (escape, ``Q >= 2``, or ``r_re`` outside [perigee, apogee]) return
    ``+inf``, as :func:`range_angle`.

    Args:
        v_mps: burnout speed (inertial) [m/s].
        gamma_rad: flight-path angle from the local horizontal [rad].
        r0_m: burnout radius [m].
        gm: gravitational parameter [m^3/s^2].
        r_re_m: reentry radius [m]; default ``r0_m``.

    Returns:
        Coast time [s], broadcast shape of the inputs.
    """
    v, g, r0, mu, rre = _common(v_mps, gamma_rad, r0_m, gm, r_re_m)
    k = _conic(v, g, r0, mu, rre)
    with np.errstate(divide="ignore", invalid="ignore"):
        esin_e0 = np.sqrt(np.maximum(k.q * (2.0 - k.q), 0.0)) * k.sin_g
        n_inv = np.sqrt(k.a**3 / mu)  # 1 / mean motion [s]
        t_sym = 2.0 * n_inv * (np.arctan2(esin_e0, 1.0 - k.q) + esin_e0)
        e0 = np.arctan2(esin_e0, k.q - 1.0)
        x1 = 1.0 - rre / k.a
        y1 = -np.sqrt(np.maximum(k.e**2 - x1**2, 0.0))
        e1 = np.arctan2(y1, x1) + np.where(k.descend_later, _TWO_PI, 0.0)
        t_gen = n_inv * np.maximum((e1 - y1) - (e0 - esin_e0), 0.0)
    t = np.where(k.symmetric, t_sym, t_gen)
    return _out(_finish(t, k, np.inf, v, g, r0, mu, rre))


def apogee_altitude(
    v_mps: ArrayLike,
    gamma_rad: ArrayLike,
    r0_m: ArrayLike = R_MEAN_M,
    gm: ArrayLike = GM_M3_S2,
) -> FloatArray:
    """Apogee height above the burnout radius [m]: ``a (1 + e) - r0`` (BMW ch. 1, conics
    [@bmw-1971]).

    ``a = r0 / (2 - Q)``, ``e^2 = 1 - Q (2 - Q) cos^2 g``. With the default ``r0_m`` (the Earth's
    surface) this is the apogee altitude; for a burnout above the surface add ``r0 - R``.
    It is the apoapsis of the conic: the missile passes it only if it climbs there before
    reentry (always, for ``gamma >= 0`` and a reentry radius not above ``r0``).
    Escape (``Q >= 2``) returns ``+inf``.

    Args:
        v_mps: burnout speed [m/s].
        gamma_rad: flight-path angle from the local horizontal [rad].
        r0_m: burnout radius [m].
        gm: gravitational parameter [m^3/s^2].

    Returns:
        Apogee height above ``r0`` [m].
    """
    v, g, r0, mu, rre = _common(v_mps, gamma_rad, r0_m, gm, None)
    k = _conic(v, g, r0, mu, rre)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = k.a * (1.0 + k.e) - r0
    h = np.where(k.q < 2.0, h, np.inf)
    return _out(np.where(np.isnan(v + g + r0 + mu), np.nan, h))


@dataclass(frozen=True)
class MinEnergy:
    """Minimum-energy (maximum-range) trajectory for a range angle; all fields are arrays.

    Attributes:
        gamma_rad: burnout flight-path angle from the local horizontal [rad].
        nu: burnout ``Q = v^2 r0 / GM`` [-].
        v_mps: burnout speed [m/s].
        time_of_flight_s: coast time from burnout to reentry at ``r0`` [s].
        apogee_alt_m: apogee radius minus ``r0`` [m].
        semi_major_axis_m: semi-major axis [m].
        eccentricity: eccentricity [-].
    """

    gamma_rad: FloatArray
    nu: FloatArray
    v_mps: FloatArray
    time_of_flight_s: FloatArray
    apogee_alt_m: FloatArray
    semi_major_axis_m: FloatArray
    eccentricity: FloatArray


def min_energy(
    psi_rad: ArrayLike, r0_m: ArrayLike = R_MEAN_M, gm: ArrayLike = GM_M3_S2
) -> MinEnergy:
    """Minimum-energy symmetric trajectory reaching range angle ``psi`` (BMW eqs. 6.2-18, 6.2-20
    [@bmw-1971]).

    ::

        gamma* = pi/4 - psi/4,     Q* = 2 sin(psi/2) / (1 + sin(psi/2)),
        v* = sqrt(Q* GM / r0),     a* = r0 / (2 - Q*) = r0 (1 + sin(psi/2)) / 2,

    (``a*`` is also a quarter of the sum of the two radii and the chord, the Lambert minimum-energy
    ellipse). Time of flight and apogee follow from :func:`time_of_flight` and
    :func:`apogee_altitude`. At fixed burnout speed the same angle maximises the range (BMW
    eq. 6.2-19: ``sin(psi_max / 2) = Q / (2 - Q)`` [@bmw-1971]).

    Args:
        psi_rad: range angle [rad], in ``(0, pi)``. At ``pi`` the minimum-energy trajectory
            degenerates into the grazing circular orbit (``Q = 1``, ``gamma = 0``); beyond it
            no minimum exists (the energy decreases towards that orbit).
        r0_m: burnout and reentry radius [m].
        gm: gravitational parameter [m^3/s^2].

    Returns:
        :class:`MinEnergy` with arrays of the broadcast shape.

    Raises:
        InputError: ``psi`` outside ``(0, pi)``, non-positive radius or ``gm``.
    """
    psi, r0, mu = np.broadcast_arrays(_f64(psi_rad), _f64(r0_m), _f64(gm))
    _check_psi(psi, low_open=True, high=np.pi, high_open=True)
    _check_positive(r0, "burnout radius r0_m", "m")
    _check_positive(mu, "gravitational parameter gm", "m^3/s^2")
    s = np.sin(0.5 * psi)
    q = 2.0 * s / (1.0 + s)
    gamma = 0.25 * np.pi - 0.25 * psi
    v = np.sqrt(q * mu / r0)
    a = 0.5 * r0 * (1.0 + s)
    sg = np.sin(gamma)
    e = np.hypot(q * sg * np.cos(gamma), (1.0 - q) + q * sg * sg)
    return MinEnergy(
        gamma_rad=_out(gamma),
        nu=_out(q),
        v_mps=_out(v),
        time_of_flight_s=time_of_flight(v, gamma, r0, mu),
        apogee_alt_m=apogee_altitude(v, gamma, r0, mu),
        semi_major_axis_m=_out(a),
        eccentricity=_out(e),
    )


class FlightPathAngles(NamedTuple):
    """The two burnout flight-path angles [rad, from horizontal] reaching a range angle."""

    low: FloatArray
    """Depressed-side solution [rad]; NaN where it does not exist."""
    high: FloatArray
    """Lofted-side solution [rad]; NaN where the range is unreachable."""


def flight_path_angles(
    v_mps: ArrayLike,
    psi_rad: ArrayLike,
    r0_m: ArrayLike = R_MEAN_M,
    gm: ArrayLike = GM_M3_S2,
) -> FlightPathAngles:
    """Burnout flight-path angles that reach range angle ``psi`` at speed ``v`` (symmetric case).

    BMW eq. 6.2-16 [@bmw-1971] (flight-path angle equation; BMW's ``phi`` is measured from the local
    horizontal, as here, which is why ``sin = 1`` gives the minimum-energy ``pi/4 - psi/4``)::

        sin(2 gamma + psi/2) = ((2 - Q) / Q) sin(psi/2),
        gamma_low  = (asin(X) - psi/2) / 2,
        gamma_high = (pi - asin(X) - psi/2) / 2,     X = ((2 - Q) / Q) sin(psi/2).

    Only roots with ``0 < gamma <= pi/2`` are kept; others are NaN:

    - ``Q < 1``: both roots exist up to the maximum range (``X = 1``, BMW eq. 6.2-19 [@bmw-1971],
      always below ``pi``); beyond it both are NaN.
    - ``1 <= Q < 2``: the low root is below the horizontal (the missile would have to dive
      through the burnout sphere), so only ``high`` exists; for ``psi > pi`` this is the only
      way to get there.
    - ``Q >= 2`` (escape) or ``Q = 0``: both NaN.

    At the maximum range the two roots coincide (the minimum-energy angle).

    Args:
        v_mps: burnout speed [m/s].
        psi_rad: range angle [rad], in ``[0, 2 pi]``.
        r0_m: burnout and reentry radius [m].
        gm: gravitational parameter [m^3/s^2].

    Returns:
        :class:`FlightPathAngles` ``(low, high)`` [rad], arrays of the broadcast shape.

    Raises:
        InputError: negative speed, ``psi`` outside ``[0, 2 pi]``, bad radius or ``gm``.
    """
    v, psi, r0, mu = np.broadcast_arrays(_f64(v_mps), _f64(psi_rad), _f64(r0_m), _f64(gm))
    _check_speed(v)
    _check_psi(psi, low_open=False, high=_TWO_PI, high_open=False)
    _check_positive(r0, "burnout radius r0_m", "m")
    _check_positive(mu, "gravitational parameter gm", "m^3/s^2")
    q = v * v * r0 / mu
    half = 0.5 * psi
    sin_h = np.sin(half)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = (2.0 - q) / q
        x = k * sin_h
        x = np.where((x > 1.0) & (x <= 1.0 + _ASIN_SLACK), 1.0, x)
        x = np.where(np.abs(x) <= 1.0, x, np.nan)
        # The textbook forms (asin(x) - h) / 2 and (pi - asin(x) - h) / 2 cancel when Q -> 1 (low
        # root for h < pi/2, high root for h > pi/2). Rewritten with asin(u) - asin(w) =
        # asin(u sqrt(1 - w^2) - w sqrt(1 - u^2)) and k^2 - 1 = 4 (1 - Q) / Q^2:
        #   sin(2 low)  = d / (k cos h + sqrt(1 - x^2))   (h < pi/2)
        #   sin(2 high) = -d / (sqrt(1 - x^2) - k cos h)  (h > pi/2),  d = 4 (1 - Q) sin h / Q^2.
        d = 4.0 * (1.0 - q) * sin_h / (q * q)
        cos_h = np.cos(half)
        root = np.sqrt(1.0 - x * x)
        low = 0.5 * np.arcsin(np.clip(d / (k * cos_h + root), -1.0, 1.0))
        high = np.where(
            half > _HALF_PI,
            0.5 * np.arcsin(np.clip(-d / (root - k * cos_h), -1.0, 1.0)),
            0.5 * (np.pi - np.arcsin(x) - half),
        )
    ok = (q > 0.0) & (q < 2.0) & ~np.isnan(x)

    def keep(g: FloatArray, valid: NDArray[np.bool_]) -> FloatArray:
        return np.where(valid & (g > 0.0) & (g <= _HALF_PI), g, np.nan)

    return FlightPathAngles(
        low=_out(keep(low, ok & (q < 1.0) & (psi < np.pi))), high=_out(keep(high, ok))
    )


def reachable(
    v_mps: ArrayLike,
    psi_rad: ArrayLike,
    r0_m: ArrayLike = R_MEAN_M,
    gm: ArrayLike = GM_M3_S2,
) -> NDArray[np.bool_]:
    """True where some burnout flight-path angle reaches ``psi`` at speed ``v`` (symmetric case).

    Equivalent to ``0 <= psi < 2 pi`` and either ``1 < Q < 2``, or ``psi < pi`` and
    ``sin(psi/2) <= Q / (2 - Q)`` (BMW eq. 6.2-19 [@bmw-1971], maximum range; ``Q = 1`` reaches any
    ``psi < pi``); see :func:`flight_path_angles`. NaN input gives False.
    """
    return _out(~np.isnan(flight_path_angles(v_mps, psi_rad, r0_m, gm).high))


class Burnout(NamedTuple):
    """A burnout state: speed [m/s] and flight-path angle from the local horizontal [rad]."""

    v_mps: FloatArray
    gamma_rad: FloatArray


def burnout_for_apogee(
    psi_rad: ArrayLike,
    apogee_alt_m: ArrayLike,
    r0_m: ArrayLike = R_MEAN_M,
    gm: ArrayLike = GM_M3_S2,
) -> Burnout:
    """Burnout speed and flight-path angle for range angle ``psi`` and a given apogee height.

    Derivation (symmetric trajectory, from the conic equation BMW eq. 6.2-5 [@bmw-1971]): the apse
    line bisects the range angle and apogee lies on it, so burnout and reentry are at true anomalies
    ``f = pi -+ psi/2``. With ``r_a = r0 + apogee_alt``::

        r_a = p / (1 - e),     r0 = p / (1 - e cos(psi/2))
        =>  e = (r_a - r0) / (r_a - r0 cos(psi/2)),     a = r_a / (1 + e).

    The flight-path angle at ``f = pi - psi/2`` is ``tan g = e sin f / (1 + e cos f)``, which
    simplifies to::

        tan(gamma) = (1 - r0 / r_a) cot(psi / 4),

    and vis-viva (BMW ch. 1 [@bmw-1971]; Curtis ch. 2 [@curtis-orbital-mechanics]) gives
    ``v^2 = GM (2 / r0 - 1 / a)``.

    Domain: for ``0 < psi < 2 pi`` every apogee height ``> 0`` gives ``0 <= e < 1``, a bound
    conic through both points that stays above ``r0`` between them; there is no larger lower
    bound. As the apogee height tends to 0 the solution tends to the grazing circular orbit
    (``gamma -> 0``, ``Q -> 1``); as it tends to infinity, to the parabola
    (``gamma -> pi/2 - psi/4``). The minimum-energy apogee (:func:`min_energy`) separates the
    depressed (``low`` in :func:`flight_path_angles`) from the lofted (``high``) solutions.

    Args:
        psi_rad: range angle [rad], in ``(0, 2 pi)``.
        apogee_alt_m: apogee height above ``r0`` [m], > 0.
        r0_m: burnout and reentry radius [m].
        gm: gravitational parameter [m^3/s^2].

    Returns:
        :class:`Burnout` ``(v_mps, gamma_rad)``, arrays of the broadcast shape.

    Raises:
        InputError: apogee height <= 0 or infinite (a trajectory between two points of the
            sphere ``r0`` rises above it), ``psi`` outside ``(0, 2 pi)``, bad radius or ``gm``.
    """
    psi, h, r0, mu = np.broadcast_arrays(_f64(psi_rad), _f64(apogee_alt_m), _f64(r0_m), _f64(gm))
    _check_psi(psi, low_open=True, high=_TWO_PI, high_open=True)
    bad = (h <= 0.0) | np.isinf(h)
    _check(
        bad,
        lambda: (
            "apogee height above the burnout radius must be finite and > 0 m "
            f"(got {h[bad].flat[0]:g}): any positive height is reachable"
        ),
    )
    _check_positive(r0, "burnout radius r0_m", "m")
    _check_positive(mu, "gravitational parameter gm", "m^3/s^2")
    ra = r0 + h
    e = h / (ra - r0 * np.cos(0.5 * psi))
    a = ra / (1.0 + e)
    gamma = np.arctan2(h * np.cos(0.25 * psi), ra * np.sin(0.25 * psi))
    v = np.sqrt(mu * (2.0 / r0 - 1.0 / a))
    return Burnout(v_mps=_out(v), gamma_rad=_out(gamma))


def surface_range_m(psi_rad: ArrayLike, r_m: ArrayLike = R_MEAN_M) -> FloatArray:
    """Great-circle distance [m] for a central angle: ``s = psi r`` (arc length).

    Args:
        psi_rad: central (range) angle [rad].
        r_m: sphere radius [m]; default the mean Earth radius.
    """
    return _out(_f64(psi_rad) * _f64(r_m))
