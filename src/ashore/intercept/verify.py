"""Re-fly predicted intercepts by direct simulation, to check the fan-based prediction.

The fan (:mod:`ashore.intercept.flyout`) is flown without Earth rotation and interpolated, so a
real fly-out launched at the predicted time along the predicted azimuth and elevation misses
the predicted point by kilometres. An interceptor's mid-course guidance corrects this; here the
correction is a batched Newton iteration on launch azimuth and elevation that makes the
interceptor, flown in the full Earth model (rotation, J2, air), pass through the predicted
intercept point P:

    residual d(az, el) = r_int(tau*) - P,  tau* = argmin_tau |r_int(tau) - P|,

expressed in the two directions across the interceptor's velocity, with a finite-difference
Jacobian. The interceptor is launched at the *predicted* launch time L, so the fan's error in
fly-out time (tau* versus t_I - L) remains, and is what the kill vehicle must remove: the miss
distance is the closest approach between the re-flown interceptor and the threat, and it must
be within the kill vehicle's divert reach dv T_h / 2
(:class:`ashore.intercept.interceptor.KillVehicle`).

For exo-atmospheric interceptors the point-to-point coast is also solved as a Lambert arc from
the re-flown burnout state to the threat at the predicted time
(:func:`burnout_correction`): the velocity change it needs is the mid-course correction a
third-stage or kill-vehicle burn would spend instead of the terminal divert.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ashore.earth.frames import ecef_to_geodetic
from ashore.earth.geodesy import inverse
from ashore.earth.model import EarthModel
from ashore.flight.trajectory import Flights
from ashore.intercept.interceptor import Interceptor, fly_interceptor

NEWTON_ITERATIONS = 8
STEP_RAD = 2e-4
EXO_ALTITUDE_M = 100e3
"""Where the coast is treated as drag-free for the Lambert check."""
WINDOW_S = 30.0
"""Half-width of the time window searched for the closest approach to the threat."""


@dataclass
class Reflight:
    """Re-flown intercepts (n,): steering, the miss against the threat and the divert it needs."""

    azimuth_rad: np.ndarray
    elevation_rad: np.ndarray
    point_miss_m: np.ndarray
    """Closest approach of the guided fly-out to the predicted point P."""
    arrival_time_s: np.ndarray
    """Time after launch of that closest approach (the fan predicted t_I - L)."""
    miss_m: np.ndarray
    """Closest approach to the threat, launching at the predicted time."""
    required_divert_m_s: np.ndarray
    within_divert: np.ndarray
    burnout_correction_m_s: np.ndarray
    """Two-body (Lambert) velocity change at burnout that puts the coast exactly on the
    threat's predicted position at the predicted time; NaN for endo-atmospheric interceptors
    (their coast is not a conic)."""
    flights: Flights


def _closest_to_points(flights: Flights, points: np.ndarray, t_guess: np.ndarray):
    """Time after launch and position of each trajectory's closest approach to its point."""
    n = len(points)
    idx = np.arange(n)
    coarse = t_guess[:, None] + np.linspace(-60.0, 60.0, 241)[None, :]
    coarse = np.clip(coarse, 0.0, None)
    r, _ = flights.state_at(idx[:, None], coarse)
    d = np.linalg.norm(r - points[:, None, :], axis=-1)
    tau = coarse[idx, np.argmin(d, axis=1)]
    for _ in range(4):  # Newton on d/dtau |r - P|^2 = 2 (r - P) . v = 0
        r, v = flights.state_at(idx, tau)
        rel = r - points
        tau = tau - np.einsum("ij,ij->i", rel, v) / np.maximum(np.einsum("ij,ij->i", v, v), 1e-9)
        tau = np.clip(tau, 0.0, None)
    r, v = flights.state_at(idx, tau)
    return tau, r, v


def reflight(
    interceptor: Interceptor,
    earth: EarthModel,
    site_lat_rad,
    site_lon_rad,
    site_alt_m,
    point_ecef,
    launch_time_s,
    intercept_time_s,
    elevation_guess_rad,
    threat: Flights,
    threat_index,
    cutoff_s=None,
) -> Reflight:
    """Guide a batch of fly-outs through predicted points and measure the miss on the threat.

    ``point_ecef`` (n, 3): predicted intercept points; ``launch_time_s``/``intercept_time_s``
    (n,): predicted times (threat clock); ``threat`` (recorded) and ``threat_index`` (n,) give
    each intercept's threat trajectory; ``cutoff_s`` (n,) the fan's thrust cut-off (default:
    full burn).
    """
    p = np.atleast_2d(np.asarray(point_ecef, float))
    n = len(p)
    lat, lon, alt = (np.broadcast_to(np.asarray(x, float), (n,)).copy()
                     for x in (site_lat_rad, site_lon_rad, site_alt_m))
    t_launch = np.broadcast_to(np.asarray(launch_time_s, float), (n,))
    t_hit = np.broadcast_to(np.asarray(intercept_time_s, float), (n,))
    plat, plon, _ = ecef_to_geodetic(p, earth.ellipsoid)
    _, az, _ = inverse(lat, lon, plat, plon, earth.ellipsoid)
    el = np.broadcast_to(np.asarray(elevation_guess_rad, float), (n,)).copy()
    tau_guess = t_hit - t_launch
    el_lo, el_hi = interceptor.min_launch_elevation_rad * 0.5, np.pi / 2 - 1e-4
    cut = (np.full(n, interceptor.rocket.total_burn_time_s) if cutoff_s is None
           else np.broadcast_to(np.asarray(cutoff_s, float), (n,)).copy())

    def residual(az_, el_, tg):
        f = fly_interceptor(interceptor, earth, np.tile(lat, 3), np.tile(lon, 3), az_, el_,
                            cutoff_s=np.tile(cut, 3), alt_m=np.tile(alt, 3), record=True,
                            t_max_s=float(np.max(tg)) + 120.0)
        tau, r, v = _closest_to_points(f, np.tile(p, (3, 1)), tg)
        across = np.cross(v, np.tile(p, (3, 1)))  # horizontal-ish, across the flight plane
        e1 = across / np.linalg.norm(across, axis=-1, keepdims=True)
        e2 = np.cross(v, e1)
        e2 /= np.linalg.norm(e2, axis=-1, keepdims=True)
        d = r - np.tile(p, (3, 1))
        return np.stack([np.einsum("ij,ij->i", d, e1), np.einsum("ij,ij->i", d, e2)], -1), tau

    for _ in range(NEWTON_ITERATIONS):
        az3 = np.concatenate([az, az + STEP_RAD, az])
        el3 = np.concatenate([el, el, el + STEP_RAD])
        res, tau = residual(az3, el3, np.tile(tau_guess, 3))
        f0, fa, fe = res[:n], res[n:2 * n], res[2 * n:]
        jac = np.stack([(fa - f0) / STEP_RAD, (fe - f0) / STEP_RAD], axis=-1)  # (n, 2, 2)
        done = np.linalg.norm(f0, axis=-1) < 1.0
        det = np.linalg.det(jac)
        safe = np.abs(det) > 1e-12
        step = np.zeros((n, 2))
        step[safe] = np.linalg.solve(jac[safe], -f0[safe][..., None])[..., 0]
        step = np.clip(step, -0.05, 0.05)
        step[done] = 0.0
        az, el = az + step[:, 0], np.clip(el + step[:, 1], el_lo, el_hi)
        tau_guess = tau[:n]
        if done.all():
            break

    flights = fly_interceptor(interceptor, earth, lat, lon, az, el, cutoff_s=cut, alt_m=alt,
                              record=True,
                              t_max_s=float(np.max(tau_guess)) + WINDOW_S + 60.0)
    tau, r_at, _ = _closest_to_points(flights, p, tau_guess)
    point_miss = np.linalg.norm(r_at - p, axis=-1)

    # closest approach to the threat around the predicted intercept, launching at t_launch
    idx = np.arange(n)
    s = np.linspace(-WINDOW_S, WINDOW_S, 1201)[None, :]
    t_abs = t_hit[:, None] + s
    r_i, _ = flights.state_at(idx[:, None], t_abs - t_launch[:, None])
    r_t, _ = threat.state_at(np.asarray(threat_index, np.intp)[:, None], t_abs)
    dist = np.linalg.norm(r_i - r_t, axis=-1)
    k = np.argmin(dist, axis=1)
    miss = _refine_min(dist, k)
    kv = interceptor.kill_vehicle
    need = kv.required_divert_m_s(miss)
    target, _ = threat.state_at(np.asarray(threat_index, np.intp), t_hit)
    correction = (burnout_correction(flights, earth, target, t_hit - t_launch)
                  if kv.regime == "exo" else np.full(n, np.nan))
    return Reflight(az, el, point_miss, tau, miss, need, need <= kv.divert_delta_v_m_s,
                    correction, flights)


def burnout_correction(flights: Flights, earth: EarthModel, target_ecef, arrival_s):
    """|v_Lambert - v| at the start of the exo-atmospheric coast, in the inertial frame aligned
    with ECEF at that instant.

    The coast starts at burnout, or later where the interceptor first climbs through
    ``EXO_ALTITUDE_M`` (below that, drag makes the coast no conic). From there to the target in
    time dt the zero-revolution Lambert arc (:func:`ashore.intercept.lambert.lambert`,
    point-mass gravity) gives the velocity needed. The Earth turns by omega dt meanwhile, so
    the Earth-fixed target is rotated by Rz(omega dt) into that frame; the inertial velocity
    is v_ecef + omega x r. NaN where the coast never gets above the atmosphere in time.
    """
    from ashore.intercept.lambert import lambert

    n = len(flights.launch_lat_rad)
    arrival = np.broadcast_to(np.asarray(arrival_s, float), (n,))
    t_b = flights.result.captures[-1].t_s
    grid = t_b[:, None] + np.linspace(0.0, 1.0, 401)[None, :] * (arrival - t_b)[:, None]
    r, _ = flights.state_at(np.arange(n)[:, None], grid)
    _, _, alt = ecef_to_geodetic(r, earth.ellipsoid)
    above = alt >= EXO_ALTITUDE_M
    start = np.where(above.any(axis=1), grid[np.arange(n), np.argmax(above, axis=1)], np.nan)
    r0, v0 = flights.state_at(np.arange(n), np.nan_to_num(start))
    w = earth.omega_rad_s
    v_inertial = v0 + np.cross([0.0, 0.0, w], r0)
    dt = arrival - start
    c, s = np.cos(w * dt), np.sin(w * dt)
    x, y, z = np.moveaxis(np.asarray(target_ecef, float), -1, 0)
    r2 = np.stack([c * x - s * y, s * x + c * y, z], axis=-1)
    sol = lambert(r0, r2, dt, gm=earth.gm_m3_s2, normal=np.cross(r0, v_inertial))
    ok = sol.ok & np.isfinite(start) & (dt > 1.0)
    return np.where(ok, np.linalg.norm(sol.v1_mps - v_inertial, axis=-1), np.nan)


def _refine_min(d: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Minimum of sampled distances per row, refined by a parabola through the three samples
    around the smallest (the distance is smooth near its minimum)."""
    rows = np.arange(len(d))
    k = np.clip(k, 1, d.shape[1] - 2)
    a, b, c = d[rows, k - 1], d[rows, k], d[rows, k + 1]
    # on d^2, which is quadratic in time near closest approach for straight-line relative motion
    a2, b2, c2 = a * a, b * b, c * c
    denom = a2 - 2 * b2 + c2
    with np.errstate(divide="ignore", invalid="ignore"):
        best = b2 - (a2 - c2) ** 2 / (8 * denom)
    best = np.where(denom > 0, best, b2)
    return np.sqrt(np.clip(np.minimum(best, b2), 0.0, None))
