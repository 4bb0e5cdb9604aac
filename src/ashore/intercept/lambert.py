"""Lambert's problem (zero revolution) and the universal-variable Kepler problem, batched.

Lambert: the conic arc around a point mass ``gm`` from ``r1`` to ``r2`` in a time of flight
``tof``. Zero revolution only: transfer angle in ``(0, 2 pi)``, no multi-revolution arcs.
Universal variables (``z = alpha chi^2``, ``alpha = 1 / a``) and Stumpff functions ``C, S``::

    A    = sin(dtheta) sqrt(r1 r2 / (1 - cos dtheta)) = +-sqrt(2 r1 r2) cos(theta0 / 2)
    y(z) = r1 + r2 + A (z S(z) - 1) / sqrt(C(z))
    F(z) = (y / C)^(3/2) S + A sqrt(y) - sqrt(GM) tof = 0
    f = 1 - y / r1,  g = A sqrt(y / GM),  gdot = 1 - y / r2,
    v1 = (r2 - f r1) / g,  v2 = (gdot r2 - r1) / g,

with ``theta0 = atan2(|r1 x r2|, r1 . r2)``; ``A > 0`` on the short way (``dtheta = theta0``),
``A < 0`` on the long way (``dtheta = 2 pi - theta0``). ``F`` increases with ``z`` from
``-sqrt(GM) tof`` (where ``y -> 0``, or ``z -> -inf`` if ``A < 0``) to ``+inf`` at ``z = 4 pi^2``;
all samples are solved at once by Newton steps kept inside a shrinking bracket, else bisection.

Sources: [BMW] R. R. Bate, D. D. Mueller, J. E. White, *Fundamentals of Astrodynamics*, Dover
1971, ch. 4 (universal variable) and ch. 5 (Gauss problem, universal variables) [@bmw-1971].
[Curtis] H. D. Curtis, *Orbital Mechanics for Engineering Students*, ch. 3 (Stumpff functions,
universal Kepler's equation, Algorithms 3.3-3.4) and ch. 5 (Lambert, Algorithm 5.2); numbering as
in the 2nd/3rd editions, not checked against every printing [@curtis-orbital-mechanics].
"""

from __future__ import annotations

from collections.abc import Callable
from math import factorial
from typing import NamedTuple

import numpy as np
from numpy.polynomial import polynomial as P
from numpy.typing import ArrayLike, NDArray

from ashore.earth.constants import GM_M3_S2
from ashore.errors import InputError

__all__ = ["LambertSolution", "check_lambert", "lambert", "propagate_universal", "stumpff"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_Z_MAX = 4.0 * np.pi**2  # C(4 pi^2) = 0: zero-revolution time of flight -> infinity
_Z_MIN = -1.0e4  # lowest z searched (hyperbolic); sinh(100) ~ 1e43 is still finite
_SERIES_Z = 1.0  # Stumpff functions from their Taylor series below this |z|
_C_SERIES = np.array([(-1.0) ** k / factorial(2 * k + 2) for k in range(14)])
_S_SERIES = np.array([(-1.0) ** k / factorial(2 * k + 3) for k in range(14)])
_DC_SERIES, _DS_SERIES = P.polyder(_C_SERIES), P.polyder(_S_SERIES)
_MAX_ITER = 100
_XTOL = 1e-14  # relative step at which the safeguarded Newton iteration stops
_TOF_RTOL = 1e-10  # accepted relative mismatch of the time of flight (the F residual)
_MIN_SIN = 1e-6  # r1, r2 parallel (0 or 180 deg, plane undefined) when sin(dtheta) < this


class LambertSolution(NamedTuple):
    """Zero-revolution Lambert arc(s), batch shape ``(...)``.

    ``v1_mps``, ``v2_mps``: velocities at ``r1`` (departure) and ``r2`` (arrival), (..., 3) [m/s],
    NaN where ``ok`` is False; ``ok``: valid input and converged; ``transfer_angle_rad``: the
    transfer angle ``dtheta`` in ``[0, 2 pi)`` [rad] (NaN for non-finite input).
    """

    v1_mps: FloatArray
    v2_mps: FloatArray
    ok: BoolArray
    transfer_angle_rad: FloatArray


def _f64(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def _dot(a: FloatArray, b: FloatArray) -> FloatArray:
    return np.einsum("...i,...i->...", a, b)


def _stumpff4(z: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """``C, S, dC/dz, dS/dz`` (see :func:`stumpff`); ``dC/dz = (1 - z S - 2 C) / (2 z)``,
    ``dS/dz = (C - 3 S) / (2 z)`` (BMW ch. 4 [@bmw-1971]), from the series for ``|z| < 1``."""
    small = np.abs(z) < _SERIES_Z
    zs, zl = np.where(small, z, 0.0), np.where(small, 1.0, z)
    x, pos = np.sqrt(np.abs(zl)), zl > 0.0
    half = np.where(pos, np.sin(0.5 * x), np.sinh(0.5 * x))
    c = 2.0 * half * half / np.abs(zl)  # 1 - cos x = 2 sin^2(x / 2): no cancellation
    s = np.where(pos, x - np.sin(x), np.sinh(x) - x) / x**3
    dc, ds = (1.0 - zl * s - 2.0 * c) / (2.0 * zl), (c - 3.0 * s) / (2.0 * zl)
    series = (P.polyval(zs, k) for k in (_C_SERIES, _S_SERIES, _DC_SERIES, _DS_SERIES))
    c, s, dc, ds = (np.where(small, a, b) for a, b in zip(series, (c, s, dc, ds), strict=True))
    return c, s, dc, ds


def stumpff(z: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Stumpff functions ``C(z), S(z)`` (Curtis ch. 3 [@curtis-orbital-mechanics]; BMW ch. 4
    [@bmw-1971]), batched::

        z > 0:  C = (1 - cos sqrt(z)) / z,         S = (sqrt(z) - sin sqrt(z)) / sqrt(z)^3
        z < 0:  C = (cosh sqrt(-z) - 1) / (-z),    S = (sinh sqrt(-z) - sqrt(-z)) / sqrt(-z)^3
        series: C = sum (-z)^k / (2k+2)!,          S = sum (-z)^k / (2k+3)!   (C(0)=1/2, S(0)=1/6)

    The series (14 terms, used for ``|z| < 1``) avoids the cancellation of the closed forms.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        c, s, _, _ = _stumpff4(_f64(z))
    return c[()], s[()]


def _safe_newton(
    fun: Callable[[FloatArray], tuple[FloatArray, FloatArray]],
    x: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    done: BoolArray,
) -> FloatArray:
    """Root of an increasing ``fun -> (value, derivative)`` in ``[lo, hi]``, all samples at once:
    Newton step if it lands inside the bracket (shrunk on the sign of ``fun``), else bisection
    (``rtsafe``). Samples flagged in ``done`` are left alone."""
    for _ in range(_MAX_ITER):
        f, df = fun(x)
        hi, lo = np.where(f > 0.0, x, hi), np.where(f < 0.0, x, lo)
        newton = x - f / df
        inside = np.isfinite(newton) & (newton > lo) & (newton < hi)
        x_new = np.where(inside, newton, 0.5 * (lo + hi))
        done = done | (f == 0.0) | (np.abs(x_new - x) <= _XTOL * np.maximum(np.abs(x), 1.0))
        x = np.where(done, x, x_new)
        if np.all(done):
            break
    return x


def _batch(
    vectors: dict[str, ArrayLike], t: ArrayLike, gm: ArrayLike
) -> tuple[list[FloatArray], FloatArray, FloatArray]:
    """Check 3-vectors (..., 3), times (...) and ``gm``; broadcast them to one batch shape."""
    vs = {name: _f64(v) for name, v in vectors.items()}
    for name, a in vs.items():
        if a.ndim == 0 or a.shape[-1] != 3:
            raise InputError(f"{name} must be 3-vectors of shape (..., 3) (got {a.shape})")
    tt, mu = _f64(t), _f64(gm)
    if not np.all(np.isfinite(mu) & (mu > 0.0)):
        raise InputError(f"gravitational parameter gm must be finite and > 0 m^3/s^2 (got {gm})")
    shapes = [a.shape[:-1] for a in vs.values()] + [tt.shape, mu.shape]
    try:
        shape = np.broadcast_shapes(*shapes)
    except ValueError:
        raise InputError(f"batch shapes do not broadcast: {shapes}") from None
    vecs = [np.broadcast_to(a, (*shape, 3)) for a in vs.values()]
    return vecs, np.broadcast_to(tt, shape), np.broadcast_to(mu, shape)


def lambert(
    r1: ArrayLike,
    r2: ArrayLike,
    tof_s: ArrayLike,
    *,
    gm: ArrayLike = GM_M3_S2,
    prograde: bool = True,
    normal: ArrayLike | None = None,
) -> LambertSolution:
    """Zero-revolution Lambert arcs from ``r1`` to ``r2`` in ``tof_s`` (Curtis Algorithm 5.2
    [@curtis-orbital-mechanics]).

    Short or long way, generalising Curtis: with ``n = normal`` (default ``+z``) the short way
    ``dtheta = theta0`` is taken when ``(r1 x r2) . n >= 0`` for ``prograde`` (``< 0`` if not),
    else the long way ``2 pi - theta0``: the motion is counter-clockwise about ``n`` (clockwise
    if not prograde). With ``n = +z`` this is Curtis' test on ``(r1 x r2)_z``, right only for
    near-equatorial orbits; pass ``normal`` (e.g. the intended orbit's angular momentum)
    otherwise. The plane is always that of ``r1`` and ``r2``; ``normal`` only picks the sense.

    Samples with non-finite input, ``tof_s <= 0``, a zero radius or ``normal``, ``r1`` parallel to
    ``r2`` (``sin dtheta < 1e-6``: 0 or 180 deg, plane undefined and ``g = 0``), or no converged
    root (e.g. arcs at thousands of km/s) get ``ok = False`` and NaN velocities; no exception and
    no warning (:func:`check_lambert` raises). Near 180 deg the velocity error grows like
    ``1 / sin(dtheta)`` (about 5 mm of arrival miss after 3000 s at ``sin dtheta = 1e-6``).

    Args:
        r1, r2: departure and arrival positions, (..., 3) [m].
        tof_s: time of flight, (...) [s].
        gm: gravitational parameter [m^3/s^2], broadcastable with ``tof_s``.
        prograde: sense of motion about ``normal``.
        normal: reference direction, (..., 3) [any unit]; default ``(0, 0, 1)``.

    Raises:
        InputError: arrays that are not 3-vectors or do not broadcast; ``gm`` not finite and > 0.
    """
    nrm = (0.0, 0.0, 1.0) if normal is None else normal
    (p1, p2, n), tof, mu = _batch({"r1": r1, "r2": r2, "normal": nrm}, tof_s, gm)
    with np.errstate(all="ignore"):
        r1n, r2n = np.linalg.norm(p1, axis=-1), np.linalg.norm(p2, axis=-1)
        cross = np.cross(p1, p2)
        sin_abs, side = np.linalg.norm(cross, axis=-1), _dot(cross, n)
        theta0 = np.arctan2(sin_abs, _dot(p1, p2))
        short = (side >= 0.0) if prograde else (side < 0.0)
        dtheta = np.where(short, theta0, 2.0 * np.pi - theta0)
        a = np.where(short, 1.0, -1.0) * np.sqrt(2.0 * r1n * r2n) * np.cos(0.5 * theta0)
        finite = np.isfinite(np.concatenate([p1, p2, n, tof[..., None]], axis=-1)).all(axis=-1)
        valid = finite & (tof > 0.0) & (np.linalg.norm(n, axis=-1) > 0.0)
        valid &= (r1n > 0.0) & (r2n > 0.0) & (sin_abs >= _MIN_SIN * r1n * r2n)
        target = np.sqrt(mu) * tof

        def tof_eq(z: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
            """``F(z)``, ``dF/dz`` (chain rule on the Stumpff derivatives) and ``y(z)``."""
            cz, sz, dcz, dsz = _stumpff4(z)
            sq = np.sqrt(cz)
            y = r1n + r2n + a * (z * sz - 1.0) / sq
            dy = a * ((sz + z * dsz) / sq - 0.5 * (z * sz - 1.0) * dcz / (cz * sq))
            yp = np.maximum(y, 0.0)
            chi = np.sqrt(yp / cz)
            f = np.where(y > 0.0, chi**3 * sz + a * np.sqrt(yp) - target, -target)
            dchi3 = 1.5 * chi * (dy / cz - yp * dcz / cz**2)
            return f, dchi3 * sz + chi**3 * dsz + a * dy / (2.0 * np.sqrt(yp)), y

        lo, hi = np.full(tof.shape, _Z_MIN), np.full(tof.shape, _Z_MAX)
        z = _safe_newton(lambda x: tof_eq(x)[:2], np.zeros(tof.shape), lo, hi, ~valid)
        f, _, y = tof_eq(z)
        ok = valid & (y > 0.0) & (np.abs(f) <= _TOF_RTOL * (target + np.abs(a) * np.sqrt(y)))
        g = (a * np.sqrt(y / mu))[..., None]
        ff, gdot = (1.0 - y / r1n)[..., None], (1.0 - y / r2n)[..., None]
        v1, v2 = (p2 - ff * p1) / g, (gdot * p2 - p1) / g
        ok &= np.isfinite(v1).all(axis=-1) & np.isfinite(v2).all(axis=-1)
    nan = np.where(ok, 0.0, np.nan)[..., None]
    return LambertSolution(v1 + nan, v2 + nan, ok[()], np.where(finite, dtheta, np.nan)[()])


def check_lambert(solution: LambertSolution, what: str) -> None:
    """Raise :class:`InputError` (one line, naming ``what``) if any sample has ``ok`` False."""
    ok = np.asarray(solution.ok)
    if not np.all(ok):
        first = tuple(int(i) for i in np.argwhere(~ok)[0]) if ok.ndim else ()
        raise InputError(
            f"{what}: no Lambert arc for {np.count_nonzero(~ok)} of {ok.size} case(s) (first at "
            f"index {first}); need finite inputs, time of flight > 0 and positions neither "
            "parallel nor opposite (0 or 180 deg transfer)"
        )


def propagate_universal(
    r0: ArrayLike, v0: ArrayLike, dt: ArrayLike, gm: ArrayLike = GM_M3_S2
) -> tuple[FloatArray, FloatArray]:
    """Two-body state after ``dt`` by the universal Kepler equation (Curtis Algorithms 3.3-3.4
    [@curtis-orbital-mechanics]).

    With ``alpha = 2 / r0 - v0^2 / GM``, ``z = alpha chi^2``, ``sigma = r0 . v0 / sqrt(GM)``::

        sqrt(GM) dt = sigma chi^2 C(z) + (1 - alpha r0) chi^3 S(z) + r0 chi,

    whose ``chi``-derivative is the radius ``r > 0``: solved by safeguarded Newton on
    ``[0, chi_hi]`` (``chi_hi`` found by doubling). Then the Lagrange coefficients::

        f = 1 - chi^2 C / r0,  g = dt - chi^3 S / sqrt(GM),  r = f r0 + g v0,
        fdot = sqrt(GM) / (r r0) (alpha chi^3 S - chi),  gdot = 1 - chi^2 C / r,
        v = fdot r0 + gdot v0.

    ``dt < 0`` runs backwards (forward with ``-v0``, by time reversal). Non-finite input,
    ``r0 = 0`` or no convergence (hyperbolas grazing the centre, where the terms overflow or
    cancel) give NaN. Shapes: ``r0``, ``v0`` (..., 3) [m, m/s], ``dt`` (...) [s], ``gm``
    [m^3/s^2]; returns ``(r, v)``, each (..., 3) [m, m/s].
    """
    (p0, w0), t, mu = _batch({"r0": r0, "v0": v0}, dt, gm)
    sgn = np.where(t < 0.0, -1.0, 1.0)[..., None]
    w0, t, sm = w0 * sgn, np.abs(t), np.sqrt(mu)
    with np.errstate(all="ignore"):
        rn = np.linalg.norm(p0, axis=-1)
        sigma = _dot(p0, w0) / sm
        alpha = 2.0 / rn - _dot(w0, w0) / mu
        target = sm * t

        def kepler(chi: FloatArray) -> tuple[FloatArray, FloatArray]:
            z = alpha * chi * chi
            c, s, _, _ = _stumpff4(z)
            f = sigma * chi**2 * c + (1.0 - alpha * rn) * chi**3 * s + rn * chi - target
            return f, sigma * chi * (1.0 - z * s) + (1.0 - alpha * rn) * chi**2 * c + rn

        valid = np.isfinite(rn + sigma + alpha + target) & (rn > 0.0)
        hi = np.where(valid, np.maximum(target / rn, 1e-300), np.nan)
        for _ in range(_MAX_ITER):  # double chi_hi until F(chi_hi) >= 0
            grow = kepler(hi)[0] < 0.0
            if not np.any(grow):
                break
            hi = np.where(grow, 2.0 * hi, hi)
        # Curtis' initial guess [@curtis-orbital-mechanics]
        chi0 = np.clip(sm * np.abs(alpha) * t, 0.0, hi)
        chi = _safe_newton(kepler, chi0, np.zeros(t.shape), hi, ~valid | (t == 0.0))
        chi = np.where(valid & (np.abs(kepler(chi)[0]) <= _TOF_RTOL * target), chi, np.nan)
        z = alpha * chi * chi
        c, s, _, _ = _stumpff4(z)
        f, g = (1.0 - chi**2 * c / rn)[..., None], (t - chi**3 * s / sm)[..., None]
        r = f * p0 + g * w0
        r_n = np.linalg.norm(r, axis=-1)
        fdot = (sm / (r_n * rn) * (z * chi * s - chi))[..., None]
        v = fdot * p0 + (1.0 - chi**2 * c / r_n)[..., None] * w0
    return r, v * sgn
