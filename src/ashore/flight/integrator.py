"""Batched adaptive Runge-Kutta integration with phase breakpoints and located events.

Each sample of the batch carries its own time and step size; all active samples advance
together one step per iteration, so a batch of 10,000 trajectories costs about as many Python
iterations as one trajectory. The scheme is the Dormand-Prince 5(4) pair (Dormand & Prince,
"A family of embedded Runge-Kutta formulae", J. Comp. Appl. Math. 6 (1980) 19-26
[@dormand-prince-1980]; Hairer, Norsett & Wanner, *Solving ODEs I*, II.5 [@hairer-1993]), local
extrapolation, with the standard step-size controller
h_new = h * min(5, max(0.2, 0.9 err^(-1/5))) (Hairer et al. eq. II.4.13 [@hairer-1993]).

Breakpoints: the right-hand side is only piecewise smooth (staging, thrust cut-off, steering
phases). Steps are clipped so that they end exactly on each sample's next breakpoint, and the
phase of a step is chosen from its midpoint, so no step straddles a discontinuity.

Events g(t, state) = 0 are detected by a sign change over an accepted step and located by
bisection on the cubic Hermite interpolant of (r, v) built from both ends' states and
derivatives (4th-order accurate dense output). Terminal events are then refined by one extra
Dormand-Prince step from the start of the step to the located time, so the final state has the
integrator's own accuracy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

# Dormand-Prince 5(4) tableau [@dormand-prince-1980].
_C = np.array([0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0, 1.0])
_A = [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
]
_B5 = np.array([35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0.0])
_B4 = np.array(
    [5179 / 57600, 0.0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40]
)
_E = _B5 - _B4

Accel = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray, object], np.ndarray]
"""accel(t (n,), t_ref (n,), r (n,3), v (n,3), params) -> dv/dt (n,3)."""


@dataclass(frozen=True)
class Event:
    """A scalar function of the state whose zero crossing is an event.

    ``fn(t, r, v, geo)`` returns (n,) values, with ``geo = (lat, lon, alt)`` of r precomputed.
    ``direction``: +1 only rising crossings, -1 only falling, 0 both. ``armed_after_s``: per
    sample (n,) or scalar time before which crossings are ignored. Only the first crossing is
    recorded. A ``terminal`` event ends the sample's flight.
    """

    name: str
    fn: Callable[[np.ndarray, np.ndarray, np.ndarray, tuple], np.ndarray]
    direction: int = 0
    terminal: bool = False
    armed_after_s: np.ndarray | float = 0.0


@dataclass
class EventRecord:
    """Where and when each sample met one event (NaN where it did not)."""

    found: np.ndarray
    t_s: np.ndarray
    r_ecef: np.ndarray
    v_ecef: np.ndarray

    @classmethod
    def empty(cls, n: int) -> EventRecord:
        return cls(
            np.zeros(n, bool), np.full(n, np.nan), np.full((n, 3), np.nan), np.full((n, 3), np.nan)
        )

    def set(self, idx: np.ndarray, t: np.ndarray, y: np.ndarray) -> None:
        self.found[idx] = True
        self.t_s[idx] = t
        self.r_ecef[idx] = y[:, :3]
        self.v_ecef[idx] = y[:, 3:]


@dataclass
class History:
    """Accepted steps of every sample, stored ragged (CSR): sample i owns rows
    ``offsets[i]:offsets[i+1]``. Row j holds the state at the end of a step and the
    accelerations at both ends of that step (``a_start`` belongs to the step's own phase),
    enough for 4th-order Hermite dense output inside each step."""

    offsets: np.ndarray
    t_s: np.ndarray
    r_ecef: np.ndarray
    v_ecef: np.ndarray
    a_start: np.ndarray
    a_end: np.ndarray

    def sample(self, i: int) -> slice:
        return slice(int(self.offsets[i]), int(self.offsets[i + 1]))


@dataclass
class IntegrationResult:
    t_end_s: np.ndarray
    r_end: np.ndarray
    v_end: np.ndarray
    status: np.ndarray
    """0: ended by a terminal event; 1: reached t_max; 2: step limit; 3: non-finite state
    (e.g. NaN inputs), stopped rather than looping."""
    events: dict[str, EventRecord]
    captures: tuple[EventRecord, ...]
    """One record per column of ``capture_s``."""
    steps: np.ndarray
    history: History | None = None
    rhs_evaluations: int = 0
    iterations: int = 0
    meta: dict = field(default_factory=dict)


def hermite(
    t0: np.ndarray,
    t1: np.ndarray,
    y0: np.ndarray,
    y1: np.ndarray,
    f0: np.ndarray,
    f1: np.ndarray,
    t: np.ndarray,
) -> np.ndarray:
    """Cubic Hermite interpolation of y (n, m) with derivatives f at both ends, at times t (n,).

    y(s) = h00 y0 + h10 h f0 + h01 y1 + h11 h f1, s = (t - t0)/h (Hairer et al. II.6
    [@hairer-1993]).
    """
    h = (t1 - t0)[:, None]
    s = ((t - t0) / np.where(t1 > t0, t1 - t0, 1.0))[:, None]
    s2, s3 = s * s, s * s * s
    return (
        (2 * s3 - 3 * s2 + 1) * y0
        + (s3 - 2 * s2 + s) * h * f0
        + (-2 * s3 + 3 * s2) * y1
        + (s3 - s2) * h * f1
    )


def _deriv(accel: Accel, t, t_ref, y, params) -> np.ndarray:
    return np.concatenate([y[:, 3:], accel(t, t_ref, y[:, :3], y[:, 3:], params)], axis=1)


def _dp_step(accel: Accel, t, h, y, k1, params):
    """One Dormand-Prince step of sizes h (n,). Returns y5, k7 (derivative at the end), error."""
    t_ref = t + 0.5 * h
    hc = h[:, None]
    ks = [k1]
    for i in range(1, 7):
        yi = y + hc * sum(a * k for a, k in zip(_A[i], ks, strict=True) if a != 0.0)
        ks.append(_deriv(accel, t + _C[i] * h, t_ref, yi, params))
        if i == 6:
            y5 = yi
    err = hc * sum(e * k for e, k in zip(_E, ks, strict=True) if e != 0.0)
    return y5, ks[6], err


def integrate(
    accel: Accel,
    params,
    t0: np.ndarray,
    r0: np.ndarray,
    v0: np.ndarray,
    *,
    to_geodetic: Callable[[np.ndarray], tuple],
    breakpoints: np.ndarray | None = None,
    events: tuple[Event, ...] = (),
    capture_s: np.ndarray | None = None,
    t_max_s: float = 4 * 3600.0,
    rtol: float = 2e-10,
    atol_pos_m: float = 2e-3,
    atol_vel_m_s: float = 2e-6,
    h_init_s: float = 0.5,
    h_max_s: float = 60.0,
    max_iterations: int = 200_000,
    record: bool = False,
) -> IntegrationResult:
    """Integrate a batch of (r, v) trajectories until each meets a terminal event or t_max.

    ``params`` must have ``take(idx)``. ``breakpoints`` (n, B) lists each sample's phase
    boundaries (pad with +inf). ``capture_s`` (n,) or (n, K) are times (which must be
    breakpoints or the start time; NaN for none) at which the state is stored, e.g. staging and
    burnout. ``to_geodetic(r)`` returns (lat, lon, alt) for event functions.
    """
    n_total = r0.shape[0]
    t = np.asarray(t0, float).copy()
    y = np.concatenate([r0, v0], axis=1).astype(float)
    bps = np.full((n_total, 1), np.inf) if breakpoints is None else np.asarray(breakpoints, float)
    cap_t = np.full((n_total, 1), np.nan) if capture_s is None else np.asarray(capture_s, float)
    cap_t = cap_t.reshape(n_total, -1)
    arm = [np.broadcast_to(np.asarray(ev.armed_after_s, float), (n_total,)) for ev in events]

    idx = np.arange(n_total)
    p = params
    h = np.full(n_total, h_init_s)
    ev_records = {ev.name: EventRecord.empty(n_total) for ev in events}
    captures = tuple(EventRecord.empty(n_total) for _ in range(cap_t.shape[1]))
    for j, cap in enumerate(captures):
        at_start = cap_t[:, j] <= t
        cap.set(idx[at_start], t[at_start], y[at_start])
    status = np.full(n_total, 1)
    t_end = np.full(n_total, np.nan)
    y_end = np.full((n_total, 6), np.nan)
    steps = np.zeros(n_total, int)
    n_rhs = 0

    k1 = _deriv(accel, t, t + 1e-9, y, p)
    n_rhs += len(t)
    geo = to_geodetic(y[:, :3])
    g_prev = [ev.fn(t, y[:, :3], y[:, 3:], geo) for ev in events]
    fired = [np.zeros(n_total, bool) for _ in events]

    rec: list[tuple] = []
    if record:
        rec.append((idx.copy(), t.copy(), y.copy(), k1[:, 3:].copy(), k1[:, 3:].copy()))

    it = 0
    while idx.size and it < max_iterations:
        it += 1
        # Non-finite inputs (or a step size that collapsed) would loop for ever: stop them.
        broken = ~(np.isfinite(t) & np.isfinite(y).all(axis=1) & np.isfinite(k1).all(axis=1)
                   & (h > 1e-9))
        if broken.any():
            status[idx[broken]] = 3
            keep = ~broken
            idx, t, y, h, k1, bps = idx[keep], t[keep], y[keep], h[keep], k1[keep], bps[keep]
            p = p.take(keep)
            g_prev = [g[keep] for g in g_prev]
            if not idx.size:
                break
        nxt = np.where(bps > t[:, None] + 1e-9, bps, np.inf).min(axis=1)
        h_try = np.minimum(np.minimum(h, h_max_s), t_max_s - t)
        clip = t + h_try >= nxt - 1e-9
        h_try = np.where(clip, nxt - t, h_try)

        y5, k7, err = _dp_step(accel, t, h_try, y, k1, p)
        n_rhs += 6 * len(t)
        r_scale = atol_pos_m + rtol * np.maximum(
            np.linalg.norm(y[:, :3], axis=1), np.linalg.norm(y5[:, :3], axis=1)
        )
        v_scale = atol_vel_m_s + rtol * np.maximum(
            np.linalg.norm(y[:, 3:], axis=1), np.linalg.norm(y5[:, 3:], axis=1)
        )
        e = np.sqrt(
            (np.einsum("ij,ij->i", err[:, :3], err[:, :3]) / r_scale**2
             + np.einsum("ij,ij->i", err[:, 3:], err[:, 3:]) / v_scale**2) / 6.0
        )
        ok = e <= 1.0
        factor = np.clip(0.9 * np.maximum(e, 1e-10) ** -0.2, 0.2, 5.0)
        # A step clipped to a breakpoint says little about the natural step: keep the old one.
        h = np.where(ok & clip, np.maximum(h, h_try), h_try * factor)

        acc = np.flatnonzero(ok)
        if acc.size == 0:
            continue
        t_new = np.where(clip, nxt, t + h_try)
        ta, t1a = t[acc], t_new[acc]
        ya, y1a, f0a, f1a = y[acc], y5[acc], k1[acc], k7[acc]
        ga = idx[acc]
        geo1 = to_geodetic(y1a[:, :3])
        done_local = np.zeros(acc.size, bool)

        pa = None
        for j, ev in enumerate(events):
            g0 = g_prev[j][acc]
            g1 = ev.fn(t1a, y1a[:, :3], y1a[:, 3:], geo1)
            cross = (g0 != 0.0) & (np.sign(g1) != np.sign(g0))
            if ev.direction > 0:
                cross &= g1 >= g0
            elif ev.direction < 0:
                cross &= g1 <= g0
            cross &= (ta >= arm[j][ga]) & ~fired[j][ga] & ~done_local
            g_prev[j][acc] = g1
            if not cross.any():
                continue
            c = np.flatnonzero(cross)
            te = _locate(ev, ta[c], t1a[c], ya[c], y1a[c], f0a[c], f1a[c], g0[c], to_geodetic)
            ye = hermite(ta[c], t1a[c], ya[c], y1a[c], f0a[c], f1a[c], te)
            if ev.terminal:
                if pa is None:
                    pa = p.take(acc)
                pc = pa.take(c)
                ye, _, _ = _dp_step(accel, ta[c], te - ta[c], ya[c], f0a[c], pc)
                f1a[c] = _deriv(accel, te, ta[c] + 0.5 * (te - ta[c]), ye, pc)
                n_rhs += 7 * c.size
                done_local[c] = True
                t_end[ga[c]] = te
                y_end[ga[c]] = ye
                status[ga[c]] = 0
                t1a[c] = te
                y1a[c] = ye
            fired[j][ga[c]] = True
            ev_records[ev.name].set(ga[c], te, ye)

        for j, cap in enumerate(captures):
            hit_cap = np.isclose(t1a, cap_t[ga, j], rtol=0.0, atol=1e-9) & ~done_local
            if hit_cap.any():
                cap.set(ga[hit_cap], t1a[hit_cap], y1a[hit_cap])

        if record:
            rec.append((ga.copy(), t1a.copy(), y1a.copy(), f0a[:, 3:].copy(), f1a[:, 3:].copy()))
        steps[ga] += 1
        t[acc] = t1a
        y[acc] = y1a
        k1[acc] = k7[acc]
        # After a breakpoint the derivative belongs to a new phase: recompute it.
        stale = acc[clip[acc] & ~done_local]
        if stale.size:
            k1[stale] = _deriv(accel, t[stale], t[stale] + 1e-9, y[stale], p.take(stale))
            n_rhs += stale.size

        moved = np.zeros(idx.size, bool)
        moved[acc[~done_local]] = True
        timeout = (t >= t_max_s - 1e-9) & moved
        finished = np.zeros(idx.size, bool)
        finished[acc[done_local]] = True
        if timeout.any():
            t_end[idx[timeout]] = t[timeout]
            y_end[idx[timeout]] = y[timeout]
            status[idx[timeout]] = 1
            finished |= timeout
        if finished.any():
            keep = ~finished
            idx, t, y, h, k1 = idx[keep], t[keep], y[keep], h[keep], k1[keep]
            bps = bps[keep]
            p = p.take(keep)
            g_prev = [g[keep] for g in g_prev]

    if idx.size:
        t_end[idx] = t
        y_end[idx] = y
        status[idx] = 2

    history = _assemble(rec, n_total) if record else None
    return IntegrationResult(
        t_end_s=t_end,
        r_end=y_end[:, :3],
        v_end=y_end[:, 3:],
        status=status,
        events=ev_records,
        captures=captures,
        steps=steps,
        history=history,
        rhs_evaluations=n_rhs,
        iterations=it,
    )


def _locate(ev: Event, t0, t1, y0, y1, f0, f1, g0, to_geodetic, iterations: int = 48):
    """Bisection for the zero of ev.fn along the Hermite interpolant inside [t0, t1]."""
    lo, hi = t0.copy(), t1.copy()
    glo = g0.copy()
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        ym = hermite(t0, t1, y0, y1, f0, f1, mid)
        gm = ev.fn(mid, ym[:, :3], ym[:, 3:], to_geodetic(ym[:, :3]))
        same = np.sign(gm) == np.sign(glo)
        lo = np.where(same, mid, lo)
        glo = np.where(same, gm, glo)
        hi = np.where(same, hi, mid)
    return 0.5 * (lo + hi)


def _assemble(rec: list[tuple], n_total: int) -> History:
    gi = np.concatenate([r[0] for r in rec])
    tt = np.concatenate([r[1] for r in rec])
    yy = np.concatenate([r[2] for r in rec])
    a0 = np.concatenate([r[3] for r in rec])
    a1 = np.concatenate([r[4] for r in rec])
    order = np.lexsort((tt, gi))
    counts = np.bincount(gi, minlength=n_total)
    offsets = np.concatenate([[0], np.cumsum(counts)])
    return History(
        offsets=offsets,
        t_s=tt[order],
        r_ecef=yy[order, :3],
        v_ecef=yy[order, 3:],
        a_start=a0[order],
        a_end=a1[order],
    )
