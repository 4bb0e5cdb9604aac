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

Times are resolved to the threat's sampling interval. Everything is arrays over pairs and
samples, processed in chunks to bound memory; the only Python loops are over chunks and shots.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ashore.earth.frames import ecef_to_geodetic
from ashore.flight.trajectory import Flights
from ashore.intercept.flyout import FlyoutFan, ground_range_m, unit_up
from ashore.intercept.interceptor import KillVehicle

BINDING = ("detection", "horizon", "kinematics", "altitude floor", "time")
CHUNK_ELEMENTS = 4_000_000
"""Pair-samples processed at once (bounds memory to a few hundred MB)."""


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
        return cls(times, r, v, alt, unit_up(lat, lon))

    @property
    def count(self) -> int:
        return self.r_ecef.shape[0]


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


def _site_frames(lat, lon):
    return unit_up(np.asarray(lat, float), np.asarray(lon, float))


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
    up_site = _site_frames(site_lat, site_lon)
    n_t = threats.times_s.size
    chunk = max(1, CHUNK_ELEMENTS // max(n_t, 1))
    parts = [
        _windows_chunk(threats, up_site, fan, kill_vehicle, ti[a:a + chunk], si[a:a + chunk],
                       t_fire[a:a + chunk], t_end[a:a + chunk], reason[a:a + chunk],
                       kill_assessment_s, max_shots)
        for a in range(0, m, chunk)
    ]
    out = {f.name: np.concatenate([p[f.name] for p in parts]) for f in fields(Windows)
           if f.name not in ("threat_index", "site_index")}
    return Windows(threat_index=ti, site_index=si, **out)


def _first_true(mask):
    """Index of the first True per row and whether there is one."""
    return np.argmax(mask, axis=1), mask.any(axis=1)


def _last_true(mask):
    n = mask.shape[1]
    return n - 1 - np.argmax(mask[:, ::-1], axis=1), mask.any(axis=1)


def _windows_chunk(threats, up_site, fan, kv, ti, si, t_fire, t_end, reason, t_ka, max_shots):
    t = threats.times_s
    m = ti.size
    rows = np.arange(m)
    alt = threats.alt_m[ti]                                   # (m, T)
    rng = ground_range_m(up_site[si][:, None, :], threats.up[ti])
    t_fo = fan.time_at(rng, alt)
    launch = t[None, :] - t_fo
    reach = np.isfinite(t_fo) & np.isfinite(alt)
    above_floor = alt >= kv.min_intercept_alt_m
    band = above_floor & (alt <= kv.max_intercept_alt_m)
    tracked = np.isfinite(t_fire)
    timely = (launch >= t_fire[:, None]) & (t[None, :] <= t_end[:, None])
    feasible = reach & band & timely & tracked[:, None]

    first, ok = _first_true(feasible)
    last, _ = _last_true(feasible)

    def pick(a, idx):
        return np.where(ok, a[rows, idx], np.nan)

    launch_ok = np.where(feasible, launch, np.nan)
    with np.errstate(all="ignore"):
        first_launch = np.where(ok, np.nanmin(np.where(feasible, launch_ok, np.inf), axis=1),
                                np.nan)
        last_launch = np.where(ok, np.nanmax(np.where(feasible, launch_ok, -np.inf), axis=1),
                               np.nan)

    # closing geometry at the earliest intercept
    look = fan.lookup(rng[rows, first], alt[rows, first])
    up_p = threats.up[ti, first]
    s = up_site[si]
    away = np.einsum("i,ij->ij", np.einsum("ij,ij->i", s, up_p), up_p) - s
    away /= np.maximum(np.linalg.norm(away, axis=-1), 1e-300)[:, None]
    v_int = look.v_up_m_s[:, None] * up_p + look.v_horizontal_m_s[:, None] * away
    v_thr = threats.v_ecef[ti, first]
    closing = np.linalg.norm(v_int - v_thr, axis=-1)
    cosang = np.einsum("ij,ij->i", v_int, v_thr) / np.maximum(
        np.linalg.norm(v_int, axis=-1) * np.linalg.norm(v_thr, axis=-1), 1e-300)
    crossing = np.arccos(np.clip(cosang, -1.0, 1.0))

    # shoot-look-shoot
    shot_launch = np.full((m, max_shots), np.nan)
    shot_hit = np.full((m, max_shots), np.nan)
    shot_launch[:, 0] = pick(launch, first)
    shot_hit[:, 0] = pick(np.broadcast_to(t, (m, t.size)), first)
    shots = ok.astype(np.int64)
    prev_hit = shot_hit[:, 0]
    for k in range(1, max_shots):
        ready = prev_hit + t_ka
        nxt = feasible & (launch >= ready[:, None]) & (t[None, :] > prev_hit[:, None])
        idx, more = _first_true(nxt)
        more &= np.isfinite(prev_hit)
        shot_launch[:, k] = np.where(more, launch[rows, idx], np.nan)
        shot_hit[:, k] = np.where(more, t[idx], np.nan)
        shots += more
        prev_hit = np.where(more, t[idx], np.nan)
        if not more.any():
            break

    binding = np.full(m, "", dtype=object)
    undone = ~ok
    binding = np.where(undone & ~tracked, reason, binding)
    rest = undone & tracked
    for name, cond in (("kinematics", reach.any(axis=1)),
                       ("altitude floor", (reach & above_floor).any(axis=1)),
                       ("kinematics", (reach & band).any(axis=1)),
                       ("time", (reach & band & timely).any(axis=1))):
        hit = rest & ~cond & (binding == "")
        binding = np.where(hit, name, binding)

    nan = np.full(m, np.nan)
    return {
        "engageable": ok,
        "first_fire_time_s": np.asarray(t_fire, float),
        "first_launch_time_s": first_launch,
        "last_launch_time_s": last_launch,
        "earliest_time_s": np.where(ok, t[first], nan),
        "earliest_alt_m": pick(alt, first),
        "earliest_range_m": pick(rng, first),
        "latest_time_s": np.where(ok, t[last], nan),
        "latest_alt_m": pick(alt, last),
        "latest_range_m": pick(rng, last),
        "closing_speed_m_s": np.where(ok, closing, nan),
        "crossing_angle_rad": np.where(ok, crossing, nan),
        "earliest_elevation_rad": np.where(ok, look.elevation_rad, nan),
        "shots": shots,
        "shot_launch_s": shot_launch,
        "shot_intercept_s": shot_hit,
        "binding": binding,
    }


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

