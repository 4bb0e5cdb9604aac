"""Boost steering that lands a missile on an aim point, batched over many aim points.

Steering has three unknowns per aim point: launch azimuth, kick angle (the tilt from vertical
reached at the end of the pitch-over, after which the missile flies a gravity turn, see
:mod:`ashore.flight.dynamics`) and thrust cut-off time. Shapes:

- ``max-range``: full burn, kick that maximises range along an azimuth (dR/dkick = 0).
- ``min-energy``: the trajectory that reaches the aim with the least energy: among all cut-off
  times that can reach the range, the shortest, flown with the range-maximising kick. Solved as
  R(kick, cut) = R_aim together with dR/dkick = 0 (the classic definition: the minimum-energy
  trajectory to a range is the maximum-range trajectory of the energy that just reaches it).
- ``lofted`` / ``depressed``: R(kick, cut) = R_aim and apogee(kick, cut) = H_aim, on the
  steep (small kick) or flat (large kick) side of the minimum-energy trajectory.

Each iteration flies all aim points and their finite-difference neighbours in one batch and
takes a damped Newton step; the azimuth is corrected by the azimuth error of the impact point
(Earth rotation and J2 bend the track). Iterations run on relaxed integrator tolerances; the
final steering is flown once more at full accuracy and the miss distance reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ashore.earth import geodesy
from ashore.earth.model import EarthModel
from ashore.errors import InputError, UnreachableError
from ashore.flight.trajectory import DEFAULT_ACCURACY, FAST_ACCURACY, Flights, fly_missile
from ashore.flight.vehicle import Missile

SHAPES = ("min-energy", "lofted", "depressed", "max-range")
KICK_MIN_RAD = np.radians(0.05)
KICK_MAX_RAD = np.radians(85.0)
DK = np.radians(0.25)
DK_CURVATURE = np.radians(1.0)
"""Kick step for the second differences of the min-energy condition: wide enough that the
range change (~1 km) dwarfs integration noise at the relaxed tolerances (~0.1 km)."""
KICK_TOLERANCE = np.radians(0.1)
"""Min-energy kick optimality: a kick 0.1 deg off the optimum costs only ~10 m of range."""


@dataclass
class Solution:
    """Steering per aim point and the verification flight flown with it."""

    azimuth_rad: np.ndarray
    kick_rad: np.ndarray
    cutoff_s: np.ndarray
    flights: Flights
    miss_m: np.ndarray
    iterations: int
    ok: np.ndarray | None = None
    """Per sample: landed within 1 km (always all True when errors are raised)."""


def _wrap(a):
    return (a + np.pi) % (2 * np.pi) - np.pi


def _fly(missile, earth, lat, lon, az, kick, cut, accuracy=FAST_ACCURACY):
    kick = np.clip(kick, KICK_MIN_RAD, KICK_MAX_RAD)
    f = fly_missile(missile, earth, lat, lon, az, kick, cut, accuracy=accuracy)
    dist, az_impact = f.impact_geodesic()
    rng = np.where(f.impacted, dist, 0.0)
    return f, rng, f.apogee_alt_m, np.where(f.impacted, az_impact, az)


def _min_cut(missile: Missile) -> float:
    return missile.turn_start_s + 1.0


def max_range(
    missile: Missile,
    earth: EarthModel,
    lat_rad,
    lon_rad,
    azimuth_rad,
    *,
    iterations: int = 40,
) -> tuple[np.ndarray, np.ndarray]:
    """Maximum range (m) along each azimuth and the kick that achieves it (full burn).

    Golden-section search on the kick angle, batched (range is unimodal in the kick: too
    little kick wastes energy climbing, too much flies into the ground or the dense air).
    """
    lat, lon, az = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, float))
                                         for x in (lat_rad, lon_rad, azimuth_rad)))
    full = missile.total_burn_time_s
    lo = np.full(lat.shape, np.radians(0.5))
    hi = np.full(lat.shape, np.radians(60.0))
    g = (np.sqrt(5.0) - 1.0) / 2.0
    x1 = hi - g * (hi - lo)
    x2 = lo + g * (hi - lo)
    f1 = _fly(missile, earth, lat, lon, az, x1, full)[1]
    f2 = _fly(missile, earth, lat, lon, az, x2, full)[1]
    for _ in range(iterations):
        left = f1 > f2  # maximum lies in [lo, x2]
        hi = np.where(left, x2, hi)
        lo = np.where(left, lo, x1)
        nx1 = np.where(left, hi - g * (hi - lo), x2)
        nx2 = np.where(left, x1, lo + g * (hi - lo))
        new_x = np.where(left, nx1, nx2)
        fn = _fly(missile, earth, lat, lon, az, new_x, full)[1]
        f1, f2 = np.where(left, fn, f2), np.where(left, f1, fn)
        x1, x2 = nx1, nx2
        if np.all(hi - lo < np.radians(0.01)):
            break
    kick = 0.5 * (lo + hi)
    rng = _fly(missile, earth, lat, lon, az, kick, full, DEFAULT_ACCURACY)[1]
    return rng, kick


def solve(
    missile: Missile,
    earth: EarthModel,
    lat_rad,
    lon_rad,
    aim_lat_rad,
    aim_lon_rad,
    shape: str = "min-energy",
    apogee_m=None,
    *,
    max_iterations: int = 40,
    tolerance_m: float = 50.0,
    raise_errors: bool = True,
    min_energy_apogee_m=None,
) -> Solution:
    """Steering that lands each sample on its aim point with the requested trajectory shape.

    Raises :class:`UnreachableError` (naming the maximum range along that azimuth) when an aim
    is beyond the missile's reach, and :class:`InputError` for an impossible apogee. With
    ``raise_errors=False`` it instead returns a solution whose ``ok`` mask marks the samples
    that landed within 1 km. ``min_energy_apogee_m`` (if known) saves re-solving the
    minimum-energy trajectory to check a lofted/depressed apogee.
    """
    if shape not in ("min-energy", "lofted", "depressed"):
        raise InputError(f"unknown shape '{shape}'; use one of min-energy, lofted, depressed")
    arrays = [np.atleast_1d(np.asarray(x, float))
              for x in (lat_rad, lon_rad, aim_lat_rad, aim_lon_rad)]
    lat, lon, alat, alon = (a.copy() for a in np.broadcast_arrays(*arrays))
    n = lat.size
    rt, az_aim, _ = geodesy.inverse(lat, lon, alat, alon, earth.ellipsoid)
    if np.any(rt < 1e3):
        raise InputError(
            "aim point coincides with the launch point; give an aim at least 1 km away"
        )
    full = missile.total_burn_time_s
    cmin = _min_cut(missile)

    rmax, kmax = max_range(missile, earth, lat, lon, az_aim, iterations=25)
    beyond = rt > rmax
    if beyond.any() and raise_errors:
        i = int(np.flatnonzero(beyond)[0])
        raise UnreachableError(
            f"aim {np.degrees(alat[i]):.3f},{np.degrees(alon[i]):.3f} is {rt[i] / 1e3:.0f} km "
            f"away, beyond the {missile.name} maximum range of {rmax[i] / 1e3:.0f} km on that "
            f"azimuth ({np.degrees(az_aim[i]):.1f} deg)"
        )

    if shape != "min-energy":
        if apogee_m is None:
            raise InputError(f"shape '{shape}' needs an apogee (`apogee_km`)",
                             parameter="apogee_km")
        ht = np.broadcast_to(np.asarray(apogee_m, float), (n,)).copy()
        bad_apogee = ~(np.isfinite(ht) & (ht > 0))
        if bad_apogee.any():
            if raise_errors:
                raise InputError(f"the apogee must be a positive number of km, got "
                                 f"{ht[bad_apogee][0] / 1e3}")
            beyond = beyond | bad_apogee
            ht = np.where(bad_apogee, 100e3, ht)
        if raise_errors:
            if shape == "lofted":
                _check_apogee_ceiling(missile, earth, lat, lon, az_aim, rt, ht)
            _check_apogee(missile, earth, lat, lon, alat, alon, rt, ht, shape,
                          min_energy_apogee_m)

    az = az_aim.copy()
    kick = kmax.copy()
    cut = np.full(n, full) * np.clip(np.sqrt(rt / rmax), 0.3, 1.0)
    cut = np.maximum(cut, cmin + 1.0)
    if shape == "lofted":
        kick = 0.5 * kmax
    elif shape == "depressed":
        kick = np.minimum(1.6 * kmax, KICK_MAX_RAD - 3 * DK)
        cut = np.full(n, full)

    # Range grows with burn time, so each sample keeps a bracket [c_lo, c_hi] on the cut-off
    # and falls back to bisection when a Newton step would leave it (safeguarded Newton).
    c_lo, c_hi = np.full(n, cmin), np.full(n, full)
    iterations = 0
    converged = np.zeros(n, bool)
    for iterations in range(1, max_iterations + 1):  # noqa: B007 (reported after the loop)
        # Cut-off differences step backwards at the full burn, which cannot be exceeded.
        dc = np.where(cut + 0.2 > full, -0.2, 0.2)
        if shape == "min-energy":
            dk2 = DK_CURVATURE
            ks = np.concatenate([kick, kick + dk2, kick - dk2, kick, kick + dk2, kick - dk2])
            cs = np.concatenate([cut, cut, cut, cut + dc, cut + dc, cut + dc])
        else:
            ks = np.concatenate([kick, kick + DK, kick])
            cs = np.concatenate([cut, cut, cut + dc])
        m = len(ks) // n
        _, rng, apo, iaz = _fly(missile, earth, np.tile(lat, m), np.tile(lon, m),
                                np.tile(az, m), ks, cs)
        rng = rng.reshape(m, n)
        apo = apo.reshape(m, n)
        iaz = iaz.reshape(m, n)
        err_r = rng[0] - rt
        cross = rt * _wrap(iaz[0] - az_aim)
        if shape == "min-energy":
            g = (rng[1] - rng[2]) / (2 * dk2)
            j11 = g
            j12 = (rng[3] - rng[0]) / dc
            j21 = (rng[1] - 2 * rng[0] + rng[2]) / dk2**2
            g_c = (rng[4] - rng[5]) / (2 * dk2)
            j22 = (g_c - g) / dc
            res2 = g
            kick_off = np.where(j21 < 0.0, np.abs(g / np.where(j21 < 0, j21, -1.0)), np.inf)
        else:
            j11 = (rng[1] - rng[0]) / DK
            j12 = (rng[2] - rng[0]) / dc
            j21 = (apo[1] - apo[0]) / DK
            j22 = (apo[2] - apo[0]) / dc
            res2 = apo[0] - ht
        converged = (np.abs(err_r) < tolerance_m) & (np.abs(cross) < tolerance_m) & (
            kick_off < KICK_TOLERANCE if shape == "min-energy" else np.abs(res2) < 100.0
        )
        if converged.all():
            break
        if shape == "min-energy":
            # Decoupled: near the optimum dR/dkick ~ 0, so the cut-off alone fixes the range
            # (secant on a monotone function) and a Newton step on dR/dkick = 0 fixes the kick;
            # where R is not concave in the kick, climb the gradient by 1 deg instead.
            d_cut = -err_r / np.where(j12 > 0.0, j12, np.nan)
            d_kick = np.where(j21 < 0.0, -g / np.where(j21 < 0.0, j21, -1.0),
                              np.sign(g) * np.radians(1.0))
        else:
            det = j11 * j22 - j12 * j21
            det = np.where(np.abs(det) > 1e-12, det, 1e-12)
            d_kick = -(j22 * err_r - j12 * res2) / det
            d_cut = -(-j21 * err_r + j11 * res2) / det
        d_kick = np.clip(np.nan_to_num(d_kick), -np.radians(5.0), np.radians(5.0))
        d_cut = np.nan_to_num(d_cut, nan=np.inf)  # no usable slope: bisect the bracket
        c_lo = np.where(err_r < 0.0, np.maximum(c_lo, cut), c_lo)
        c_hi = np.where(err_r > 0.0, np.minimum(c_hi, cut), c_hi)
        # The bracket holds only for a fixed kick: reopen it whenever the kick moves much, or
        # by a second around the cut when it has collapsed.
        moving = np.abs(d_kick) > np.radians(0.05)
        c_lo = np.where(moving, cmin, c_lo)
        c_hi = np.where(moving, full, c_hi)
        collapsed = c_hi - c_lo < 1e-3
        c_lo = np.where(collapsed, np.maximum(cut - 1.0, cmin), c_lo)
        c_hi = np.where(collapsed, np.minimum(cut + 1.0, full), c_hi)
        proposal = cut + d_cut
        inside = (proposal > c_lo) & (proposal < c_hi)
        # Past the full burn with no evidence yet that the full burn overshoots: try it.
        to_full = (proposal >= c_hi) & (c_hi >= full)
        proposal = np.where(inside, proposal, np.where(to_full, full, 0.5 * (c_lo + c_hi)))
        kick = np.clip(kick + np.where(converged, 0.0, d_kick), KICK_MIN_RAD + DK,
                       KICK_MAX_RAD - DK)
        cut = np.where(converged, cut, np.clip(proposal, cmin, full))
        az = az - np.where(converged, 0.0, _wrap(iaz[0] - az_aim))

    flights = fly_missile(missile, earth, lat, lon, az, kick, cut, accuracy=DEFAULT_ACCURACY)
    flights.aim_lat_rad, flights.aim_lon_rad = alat, alon
    miss = np.full(n, np.inf)
    hit = flights.impacted
    miss[hit], _, _ = geodesy.inverse(alat[hit], alon[hit], flights.impact_lat_rad[hit],
                                      flights.impact_lon_rad[hit], earth.ellipsoid)
    failed = (miss > 1e3) | beyond
    if not raise_errors:
        return Solution(az, kick, cut, flights, miss, iterations, ~failed)
    if failed.any() and shape != "min-energy":
        i = int(np.flatnonzero(failed)[0])
        h_full = _full_burn_apogee(missile, earth, lat[i], lon[i], az[i], rt[i], kmax[i], shape)
        limit = "highest" if shape == "lofted" else "lowest"
        beyond_limit = ht[i] > h_full if shape == "lofted" else ht[i] < h_full
        if beyond_limit:
            raise UnreachableError(
                f"no {shape} trajectory of {missile.name} with a {ht[i] / 1e3:.0f} km apogee "
                f"reaches {rt[i] / 1e3:.0f} km: even with a full burn the {limit} {shape} "
                f"apogee for that range is {h_full / 1e3:.0f} km"
            )
    if failed.any():
        i = int(np.flatnonzero(failed)[0])
        raise UnreachableError(
            f"targeting did not converge for aim {np.degrees(alat[i]):.3f},"
            f"{np.degrees(alon[i]):.3f} (miss {miss[i] / 1e3:.1f} km); the aim may be too close "
            f"to the {missile.name} maximum range of {rmax[i] / 1e3:.0f} km"
        )
    return Solution(az, kick, cut, flights, miss, iterations, ~failed)


def _full_burn_apogee(missile, earth, lat, lon, az, rt, kmax, shape, iterations=30):
    """Apogee of the full-burn trajectory reaching range ``rt`` on the lofted (kick below the
    max-range kick) or depressed (kick above it) side, by bisection on the kick."""
    full = missile.total_burn_time_s
    lo, hi = (KICK_MIN_RAD, kmax) if shape == "lofted" else (kmax, KICK_MAX_RAD)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        rng = _fly(missile, earth, lat, lon, az, mid, full)[1][0]
        too_far = rng > rt
        if shape == "lofted":
            hi, lo = (mid, lo) if too_far else (hi, mid)
        else:
            lo, hi = (mid, hi) if too_far else (lo, mid)
    return float(_fly(missile, earth, lat, lon, az, 0.5 * (lo + hi), full)[2][0])


CEILING_KICKS = np.radians([0.05, 0.5, 1.0, 2.0, 3.0])
"""Kicks of the full burns whose highest apogee is the ceiling. Apogee falls with the kick on
the lofted side, except that on a rotating Earth a small eastward kick gains a little (about
0.4 % at 0.5 deg for an ICBM at 39 N): hence several small kicks, not only the smallest."""
CEILING_MARGIN = 0.01
"""A lofted apogee is refused at once only if it exceeds the ceiling by more than this share,
which covers the kicks between the grid points and the relaxed integration tolerances."""


def lofted_ceiling(missile: Missile, earth: EarthModel, lat_rad, lon_rad, azimuth_rad):
    """The missile's ceiling (m) along each azimuth: the highest apogee of full burns with a few
    small kicks (``CEILING_KICKS``, one batch of flights). No trajectory climbs much higher
    (within ``CEILING_MARGIN``): a shorter burn has less energy, and a larger kick turns more
    of it into range, so it bounds every lofted apogee at any range."""
    lat, lon, az = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, float))
                                         for x in (lat_rad, lon_rad, azimuth_rad)))
    k, n = len(CEILING_KICKS), lat.size
    apo = _fly(missile, earth, np.tile(lat, k), np.tile(lon, k), np.tile(az, k),
               np.repeat(CEILING_KICKS, n), missile.total_burn_time_s)[2]
    return np.nanmax(apo.reshape(k, n), axis=0)


def _check_apogee_ceiling(missile, earth, lat, lon, az, rt, ht):
    """Refuse at once a lofted apogee above the missile's ceiling (:func:`lofted_ceiling`):
    this cheap bound spares the minimum-energy solve and the iterations that would fail;
    apogees just below it still get the full search."""
    ceiling = lofted_ceiling(missile, earth, lat, lon, az)
    over = ht > ceiling * (1.0 + CEILING_MARGIN)
    if over.any():
        i = int(np.flatnonzero(over)[0])
        raise UnreachableError(
            f"no lofted trajectory of {missile.name} with a {ht[i] / 1e3:.0f} km apogee "
            f"reaches {rt[i] / 1e3:.0f} km: even flown steeply on a full burn it climbs only "
            f"to about {ceiling[i] / 1e3:.0f} km"
        )


def _check_apogee(missile, earth, lat, lon, alat, alon, rt, ht, shape, h_me=None):
    """Lofted apogees must lie above the minimum-energy apogee for the range, depressed ones
    below it; otherwise there is no such trajectory."""
    if h_me is None:
        h_me = solve(missile, earth, lat, lon, alat, alon, "min-energy").flights.apogee_alt_m
    h_me = np.broadcast_to(np.asarray(h_me, float), ht.shape)
    bad = ht <= h_me if shape == "lofted" else ht >= h_me
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        side = "above" if shape == "lofted" else "below"
        raise InputError(
            f"a {shape} apogee must lie {side} the minimum-energy apogee for this range "
            f"({h_me[i] / 1e3:.0f} km at {rt[i] / 1e3:.0f} km); got {ht[i] / 1e3:.0f} km"
        )
