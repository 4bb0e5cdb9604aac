"""Predicted intercept points and engagement windows, batched over threat-site pairs.

For a threat trajectory sampled at times t_k (truth here; track estimates later), a site and
an interceptor with fly-out fan T(range, altitude) (:mod:`ashore.intercept.flyout`), an
intercept at t_k is feasible when

1. the point can be reached in time: T(range_k, alt_k) exists (so within the fan's reach and
   the maximum fly-out time);
2. its altitude is inside the kill vehicle's band [h_min, h_max];
3. the launch time L_k = t_k - T(range_k, alt_k) is no earlier than the first time the site
   may fire, t_fire = first detection + track formation + decision delay;
4. the intercept happens while the site still holds the track (t_k <= end of track).

The earliest and latest feasible t_k bound the engagement window; their launch times, points
and the closing geometry are reported. Shoot-look-shoot: shot 1 takes the earliest feasible
intercept; shot n+1 must launch after shot n's intercept plus the kill-assessment time and
intercept later, and takes the earliest such point; ``shots`` counts how many fit.

When no intercept is feasible the binding constraint is the first of these never met:
``detection`` or ``horizon`` (the site never tracks the threat; passed in from the detection
timeline), ``kinematics`` (no point of the trajectory is reachable, or reachable points are
all above the kill vehicle's ceiling), ``altitude floor`` (reachable points are all below the
floor), ``time`` (reachable points in the band exist but only before the site may fire or after
its track ends).

Times are resolved to the threat's sampling interval. The scan over each pair's samples is one
compiled loop (numba, pairs in parallel): batching many pairs in one call is what makes it fast
(see BENCHMARKS.md, engagement); the geometry of the chosen intercepts is numpy on arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numba
import numpy as np

from ashore.earth.constants import R_MEAN_M
from ashore.earth.frames import ecef_to_geodetic, up_vector
from ashore.flight.trajectory import Flights
from ashore.intercept.flyout import FlyoutFan, ground_range_m
from ashore.intercept.interceptor import KillVehicle

BINDING = ("detection", "horizon", "kinematics", "altitude floor", "time")


@dataclass(frozen=True)
class FireControl:
    """Delays of the engagement chain (s) and the shot limit. Defaults are notional."""

    track_delay_s: float = 10.0
    """From first detection to a fire-control-quality track."""
    decision_delay_s: float = 30.0
    """From firm track to the order to fire (command chain)."""
    kill_assessment_s: float = 10.0
    """From an intercept to knowing whether it killed (before the next shot may launch)."""
    max_shots: int = 8

    def __post_init__(self) -> None:
        for f in ("track_delay_s", "decision_delay_s", "kill_assessment_s"):
            value = getattr(self, f)
            if not np.isfinite(value) or value < 0:
                raise ValueError(f"{f} must be zero or positive, got {value}")
        if self.max_shots < 1:
            raise ValueError("max_shots must be at least 1")


@dataclass(frozen=True)
class ThreatSamples:
    """Threat trajectories at common times: positions and Earth-relative velocities (n, T, 3),
    geodetic altitude (n, T) and vertical (n, T, 3); NaN before launch and after impact."""

    times_s: np.ndarray
    r_ecef: np.ndarray
    v_ecef: np.ndarray
    alt_m: np.ndarray
    up: np.ndarray

    @classmethod
    def from_flights(cls, flights: Flights, step_s: float = 1.0) -> ThreatSamples:
        """Sample recorded flights every ``step_s`` from launch to the last impact."""
        end = np.nanmax(np.where(flights.impacted, flights.flight_time_s,
                                 flights.result.t_end_s))
        times = np.arange(0.0, end + step_s, step_s)
        r, v, in_flight = flights.sample(times)
        lat, lon, alt = ecef_to_geodetic(np.where(in_flight[..., None], r, 0.0),
                                         flights.earth.ellipsoid)
        alt = np.where(in_flight, alt, np.nan)
        return cls(times, r, v, alt, up_vector(lat, lon))

    @property
    def count(self) -> int:
        return self.r_ecef.shape[0]

    def band_limits(self, lo_m: float, hi_m: float, threats=None):
        """First and last sample index of each threat (or of the listed ones; the others get
        an empty range) inside [lo, hi] altitude; last < first when it never is."""
        rows = np.arange(self.count) if threats is None else np.unique(threats)
        inside = (self.alt_m[rows] >= lo_m) & (self.alt_m[rows] <= hi_m)
        any_in = inside.any(axis=1)
        first = np.zeros(self.count, np.int64)
        last = np.full(self.count, -1, np.int64)
        first[rows] = np.where(any_in, np.argmax(inside, axis=1), 0)
        last[rows] = np.where(any_in, inside.shape[1] - 1 - np.argmax(inside[:, ::-1], axis=1),
                              -1)
        return first, last


@dataclass
class Windows:
    """Engagement windows per threat-site pair (m,), SI units; NaN where undefined."""

    threat_index: np.ndarray
    site_index: np.ndarray
    engageable: np.ndarray
    first_fire_time_s: np.ndarray
    first_launch_time_s: np.ndarray
    last_launch_time_s: np.ndarray
    earliest_time_s: np.ndarray
    earliest_alt_m: np.ndarray
    earliest_range_m: np.ndarray
    latest_time_s: np.ndarray
    latest_alt_m: np.ndarray
    latest_range_m: np.ndarray
    closing_speed_m_s: np.ndarray
    """At the earliest intercept."""
    crossing_angle_rad: np.ndarray
    """Angle between interceptor and threat velocities at the earliest intercept (pi: head-on)."""
    earliest_elevation_rad: np.ndarray
    """Launch elevation of the earliest intercept (from the fan)."""
    shots: np.ndarray
    shot_launch_s: np.ndarray
    """(m, max_shots) launch times of the sequential shots (NaN beyond ``shots``)."""
    shot_intercept_s: np.ndarray
    binding: np.ndarray
    """'' where engageable, else one of BINDING."""

    def row(self, i: int) -> dict:
        return {f.name: getattr(self, f.name)[i] for f in fields(self)}


def engagement_windows(
    threats: ThreatSamples,
    site_lat_rad,
    site_lon_rad,
    fan: FlyoutFan,
    kill_vehicle: KillVehicle,
    first_fire_s,
    *,
    threat_index=None,
    site_index=None,
    track_end_s=None,
    undetected_reason=None,
    kill_assessment_s: float = 10.0,
    max_shots: int = 8,
) -> Windows:
    """Engagement windows for pairs (threat_index[i], site_index[i]) (default: every threat
    against every site, threat-major).

    ``first_fire_s`` (m,): first time each pair's site may launch (NaN: never tracked, then
    ``undetected_reason`` (m,) names ``detection`` or ``horizon``); ``track_end_s`` (m,): when
    the site's track ends (default: never).
    """
    site_lat = np.atleast_1d(np.asarray(site_lat_rad, float))
    site_lon = np.atleast_1d(np.asarray(site_lon_rad, float))
    if threat_index is None:
        ti, si = np.meshgrid(np.arange(threats.count), np.arange(site_lat.size), indexing="ij")
        threat_index, site_index = ti.ravel(), si.ravel()
    ti = np.asarray(threat_index, np.intp)
    si = np.asarray(site_index, np.intp)
    m = ti.size
    t_fire = np.broadcast_to(np.asarray(first_fire_s, float), (m,))
    t_end = (np.full(m, np.inf) if track_end_s is None
             else np.broadcast_to(np.asarray(track_end_s, float), (m,)))
    reason = (np.full(m, "detection", dtype=object) if undetected_reason is None
              else np.broadcast_to(np.asarray(undetected_reason, dtype=object), (m,)))
    up_site = up_vector(site_lat, site_lon)
    kv = kill_vehicle
    lo, hi = threats.band_limits(kv.min_intercept_alt_m, kv.max_intercept_alt_m, ti)
    first, last, first_launch, last_launch, shots, shot_launch, shot_hit, code = _pair_windows(
        threats.times_s, threats.alt_m, threats.up, lo, hi, up_site, ti, si,
        np.ascontiguousarray(t_fire, float), np.ascontiguousarray(t_end, float),
        fan.range_m[0], fan.range_m[1] - fan.range_m[0], fan.alt_m[0],
        fan.alt_m[1] - fan.alt_m[0], fan.time_s, fan.row_min_time_s(),
        kv.min_intercept_alt_m, kv.max_intercept_alt_m, float(kill_assessment_s),
        int(max_shots), R_MEAN_M)
    ok = first >= 0
    binding = np.array(["", "", *BINDING[2:]], dtype=object)[code]
    binding = np.where(code == 1, reason, binding)
    out = {name: np.full(m, np.nan) for name in (
        "earliest_time_s", "earliest_alt_m", "earliest_range_m", "latest_time_s",
        "latest_alt_m", "latest_range_m", "closing_speed_m_s", "crossing_angle_rad",
        "earliest_elevation_rad")}
    if ok.any():
        out.update(_geometry(threats, up_site, fan, ti[ok], si[ok], first[ok], last[ok], out,
                             ok))
    return Windows(
        threat_index=ti, site_index=si, engageable=ok,
        first_fire_time_s=np.asarray(t_fire, float).copy(),
        first_launch_time_s=np.where(ok, first_launch, np.nan),
        last_launch_time_s=np.where(ok, last_launch, np.nan),
        shots=shots, shot_launch_s=shot_launch, shot_intercept_s=shot_hit, binding=binding,
        **out)


def _geometry(threats, up_site, fan, ti, si, first, last, out, ok):
    """Points, closing speed and crossing angle of the earliest (and latest) intercepts."""
    res = {k: v.copy() for k, v in out.items()}
    t = threats.times_s
    up_p = threats.up[ti, first]
    s = up_site[si]
    rng_first = ground_range_m(s, up_p)
    alt_first = threats.alt_m[ti, first]
    look = fan.lookup(rng_first, alt_first)
    away = np.einsum("i,ij->ij", np.einsum("ij,ij->i", s, up_p), up_p) - s
    away /= np.maximum(np.linalg.norm(away, axis=-1), 1e-300)[:, None]
    v_int = look.v_up_m_s[:, None] * up_p + look.v_horizontal_m_s[:, None] * away
    v_thr = threats.v_ecef[ti, first]
    cosang = np.einsum("ij,ij->i", v_int, v_thr) / np.maximum(
        np.linalg.norm(v_int, axis=-1) * np.linalg.norm(v_thr, axis=-1), 1e-300)
    for key, value in (
        ("earliest_time_s", t[first]), ("earliest_alt_m", alt_first),
        ("earliest_range_m", rng_first), ("latest_time_s", t[last]),
        ("latest_alt_m", threats.alt_m[ti, last]),
        ("latest_range_m", ground_range_m(s, threats.up[ti, last])),
        ("closing_speed_m_s", np.linalg.norm(v_int - v_thr, axis=-1)),
        ("crossing_angle_rad", np.arccos(np.clip(cosang, -1.0, 1.0))),
        ("earliest_elevation_rad", look.elevation_rad),
    ):
        res[key][ok] = value
    return res


@numba.njit(cache=True, inline="always")
def _fly_out_time(sx, sy, sz, px, py, pz, h, r0, dr, h0, dh, table, radius):  # pragma: no cover
    """Fan time to the point with vertical (px, py, pz) and altitude h from the site with
    vertical (sx, sy, sz): ground range R atan2(|n_s x n_p|, n_s . n_p), then the bilinear
    interpolation of ``FlyoutFan.time_at`` (NaN outside the table or next to an unreachable
    cell)."""
    nh, nr = table.shape
    cx = sy * pz - sz * py
    cy = sz * px - sx * pz
    cz = sx * py - sy * px
    rng = radius * np.arctan2(np.sqrt(cx * cx + cy * cy + cz * cz), sx * px + sy * py + sz * pz)
    x = (rng - r0) / dr
    y = (h - h0) / dh
    if not (x >= 0.0 and x <= nr - 1 and y >= 0.0 and y <= nh - 1):
        return np.nan
    i = min(int(x), nr - 2)
    j = min(int(y), nh - 2)
    fx = x - i
    fy = y - j
    return ((1 - fx) * (1 - fy) * table[j, i] + fx * (1 - fy) * table[j, i + 1]
            + (1 - fx) * fy * table[j + 1, i] + fx * fy * table[j + 1, i + 1])


@numba.njit(cache=True, parallel=True)
def _pair_windows(times, alt, up, band_lo, band_hi, up_site, ti, si, t_fire, t_end, r0, dr, h0,
                  dh, table, row_min_time, floor, ceiling, t_ka, max_shots,
                  radius):  # pragma: no cover - compiled
    """The per-pair scan, compiled: one pass over each pair's samples (pairs in parallel).

    Sample k is feasible when the fan reaches it (T_k finite), its altitude is in the band,
    its launch L_k = t_k - T_k >= t_fire and t_k <= t_end (module docstring). The first pass
    visits only the threat's samples between its first and last in-band sample
    (``band_lo``/``band_hi``) and skips, before any geometry, samples that no launch after
    t_fire could reach in time: t_k - t_fire < the fan's quickest time to that altitude
    (``row_min_time``, a lower bound of the bilinear value). Shots are taken greedily in time
    order: the first feasible sample, then each first feasible sample after the previous
    intercept whose launch is at least that intercept plus ``t_ka``. Pairs with nothing
    feasible get a second, full pass to name the binding constraint.
    Codes: 0 engageable, 1 never tracked, 2 kinematics, 3 altitude floor, 4 time.
    """
    m = ti.size
    n_t = times.size
    nh = table.shape[0]
    first = np.full(m, -1, np.int64)
    last = np.full(m, -1, np.int64)
    first_launch = np.full(m, np.nan)
    last_launch = np.full(m, np.nan)
    shots = np.zeros(m, np.int64)
    shot_launch = np.full((m, max_shots), np.nan)
    shot_hit = np.full((m, max_shots), np.nan)
    code = np.zeros(m, np.int64)
    for p in numba.prange(m):
        tf = t_fire[p]
        if not np.isfinite(tf):
            code[p] = 1
            continue
        a = ti[p]
        sx, sy, sz = up_site[si[p], 0], up_site[si[p], 1], up_site[si[p], 2]
        lo_launch = np.inf
        hi_launch = -np.inf
        ready = -np.inf
        prev_hit = -np.inf
        n_shots = 0
        for k in range(band_lo[a], band_hi[a] + 1):
            t = times[k]
            if t > t_end[p]:
                break
            h = alt[a, k]
            if not (h >= floor and h <= ceiling):
                continue
            row = min(max(int((h - h0) / dh), 0), nh - 2)
            if t - tf < row_min_time[row]:
                continue
            t_fo = _fly_out_time(sx, sy, sz, up[a, k, 0], up[a, k, 1], up[a, k, 2], h, r0, dr,
                                 h0, dh, table, radius)
            if not np.isfinite(t_fo):
                continue
            launch = t - t_fo
            if launch < tf:
                continue
            if first[p] < 0:
                first[p] = k
            last[p] = k
            lo_launch = min(lo_launch, launch)
            hi_launch = max(hi_launch, launch)
            if n_shots < max_shots and t > prev_hit and launch >= ready:
                shot_launch[p, n_shots] = launch
                shot_hit[p, n_shots] = t
                n_shots += 1
                prev_hit = t
                ready = t + t_ka
        shots[p] = n_shots
        if first[p] >= 0:
            first_launch[p] = lo_launch
            last_launch[p] = hi_launch
            continue
        any_reach = False
        any_floor = False
        any_band = False
        for k in range(n_t):
            h = alt[a, k]
            if not np.isfinite(h):
                continue
            t_fo = _fly_out_time(sx, sy, sz, up[a, k, 0], up[a, k, 1], up[a, k, 2], h, r0, dr,
                                 h0, dh, table, radius)
            if np.isfinite(t_fo):
                any_reach = True
                if h >= floor:
                    any_floor = True
                    if h <= ceiling:
                        any_band = True
                        break
        code[p] = 4 if any_band else 3 if (any_reach and not any_floor) else 2
    return first, last, first_launch, last_launch, shots, shot_launch, shot_hit, code


def fire_times(first_detection_s, fire_control: FireControl):
    """First time a site may launch: detection + track formation + decision delay."""
    return (np.asarray(first_detection_s, float) + fire_control.track_delay_s
            + fire_control.decision_delay_s)


def max_decision_delay_s(windows: Windows, first_detection_s, fire_control: FireControl):
    """The decision delay beyond which each pair can no longer be engaged, with everything
    else fixed: the last feasible launch time minus detection and track formation (NaN where
    not engageable). An interval-closed form: launch feasibility is L_k >= t_fire, so the
    window vanishes once t_fire passes the latest launch time."""
    base = np.asarray(first_detection_s, float) + fire_control.track_delay_s
    return np.where(windows.engageable, windows.last_launch_time_s - base, np.nan)

