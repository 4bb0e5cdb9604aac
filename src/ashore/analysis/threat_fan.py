"""Threat fans: one threat class's trajectories to every cell of a territory, without solving a
targeting problem per cell.

A threat class is a missile flown from one launch point in one shape (minimum energy, or
lofted/depressed at a multiple of the minimum-energy apogee). Steering that lands a shape at a
given range changes slowly with azimuth (Earth rotation moves the range by a few per cent), so:

1. **Ladder.** Solve the shape's steering (kick, cut-off) with :func:`ashore.flight.targeting.
   solve` once, for a ladder of ranges along the central azimuth of the cells.
2. **Fan.** Fly every ladder entry along every azimuth of a fan covering the cells, spaced so
   that neighbouring impacts are no farther apart than ``spacing_m`` across the track
   (unrecorded, cheap).
3. **Assign.** Each cell takes the trajectory whose impact is nearest (a KD-tree on unit
   vectors); cells farther than ``max_miss_m`` from every impact are out of this class's reach.
4. **Record.** Only the trajectories some cell uses are flown again with their histories, for
   sensor timelines and engagement windows.

The assigned trajectory lands within ``max_miss_m`` of the cell centre, not on it: the coverage
of a cell is the coverage of a threat aimed within that distance of it (a grid-resolution
approximation, stated in reports).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.spatial import cKDTree

from ashore.earth import geodesy
from ashore.earth.constants import R_MEAN_M
from ashore.earth.model import EarthModel
from ashore.flight import targeting
from ashore.flight.trajectory import FAST_ACCURACY, Flights, fly_missile
from ashore.flight.vehicle import Missile


@dataclass(frozen=True)
class ThreatClass:
    """A missile from a launch point in a shape; ``apogee_factor`` scales the
    minimum-energy apogee for lofted (> 1) and depressed (< 1) shapes."""

    name: str
    launch_lat_rad: float
    launch_lon_rad: float
    missile: Missile
    shape: str = "min-energy"
    apogee_factor: float | None = None


@dataclass
class ThreatFan:
    """The trajectories one threat class uses, and which one each cell takes."""

    threat: ThreatClass
    flights: Flights | None
    """Recorded flights of the used trajectories (None when no cell is in reach)."""
    cell_trajectory: np.ndarray
    """(n_cells,) index into ``flights`` per cell, -1 where the cell is out of reach."""
    cell_miss_m: np.ndarray
    """(n_cells,) distance from the cell centre to the assigned impact (NaN out of reach)."""
    ladder_ranges_m: np.ndarray
    fan_size: int


PREFILTER_FRACTION = 0.05
"""Fan entries are flown only if their nominal impact lies within this fraction of the range
(plus two cell spacings) of some cell."""


def _unit(lat, lon):
    cl = np.cos(lat)
    return np.stack([cl * np.cos(lon), cl * np.sin(lon), np.sin(lat)], axis=-1)


def threat_fan(threat: ThreatClass, earth: EarthModel, cell_lat_rad, cell_lon_rad, *,
               spacing_m: float = 10e3, max_miss_m: float | None = None) -> ThreatFan:
    """The fan of ``threat`` over the cells (see the module docstring)."""
    lat0, lon0 = threat.launch_lat_rad, threat.launch_lon_rad
    cell_lat = np.asarray(cell_lat_rad, float)
    cell_lon = np.asarray(cell_lon_rad, float)
    n_cells = cell_lat.size
    max_miss = spacing_m if max_miss_m is None else max_miss_m
    dist, az, _ = geodesy.inverse(lat0, lon0, cell_lat, cell_lon, earth.ellipsoid)
    reach, _ = targeting.max_range(threat.missile, earth, lat0, lon0,
                                   np.array([_circular_mean(az)]))
    usable = dist <= reach[0] * 0.995
    empty = ThreatFan(threat, None, np.full(n_cells, -1), np.full(n_cells, np.nan),
                      np.empty(0), 0)
    if not usable.any():
        return empty
    r_lo = max(float(dist[usable].min()) - 2 * spacing_m, 50e3)
    r_hi = min(float(dist[usable].max()) + 2 * spacing_m, reach[0] * 0.995)
    ranges = np.arange(r_lo, r_hi + spacing_m, spacing_m)
    az_c = _circular_mean(az[usable])
    kick, cut, ok = _ladder(threat, earth, az_c, ranges)
    if not ok.any():
        return empty
    kick, cut, ranges = kick[ok], cut[ok], ranges[ok]
    spread = np.angle(np.exp(1j * (az[usable] - az_c)))
    d_az = spacing_m / max(float(dist[usable].max()), 1.0)
    fan_az = az_c + np.arange(spread.min() - 2 * d_az, spread.max() + 2 * d_az, d_az)
    a_grid, k_idx = np.meshgrid(fan_az, np.arange(ranges.size), indexing="ij")
    a_grid, k_idx = a_grid.ravel(), k_idx.ravel()
    # keep only fan entries whose impact, as if the ladder range held on every azimuth, falls
    # near some cell (Earth rotation shifts the true impact by a few per cent of the range)
    plat, plon, _ = geodesy.direct(np.full(a_grid.size, lat0), np.full(a_grid.size, lon0),
                                   a_grid, ranges[k_idx], earth.ellipsoid)
    cells_tree = cKDTree(_unit(cell_lat[usable], cell_lon[usable]))
    near, _ = cells_tree.query(_unit(plat, plon))
    keep = near * R_MEAN_M <= PREFILTER_FRACTION * ranges[k_idx] + 2 * spacing_m
    a_grid, k_idx = a_grid[keep], k_idx[keep]
    flights = fly_missile(threat.missile, earth, lat0, lon0, a_grid, kick[k_idx], cut[k_idx],
                          accuracy=FAST_ACCURACY)
    hit = flights.impacted
    tree = cKDTree(_unit(flights.impact_lat_rad[hit], flights.impact_lon_rad[hit]))
    chord, nearest = tree.query(_unit(cell_lat, cell_lon))
    miss = 2.0 * R_MEAN_M * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0))
    inside = usable & (miss <= max_miss)
    if not inside.any():
        return empty
    which = np.flatnonzero(hit)[nearest]
    used, cell_traj = np.unique(which[inside], return_inverse=True)
    recorded = fly_missile(threat.missile, earth, lat0, lon0, a_grid[used], kick[k_idx[used]],
                           cut[k_idx[used]], record=True, accuracy=FAST_ACCURACY)
    traj = np.full(n_cells, -1)
    traj[inside] = cell_traj
    return ThreatFan(threat, recorded, traj, np.where(inside, miss, np.nan), ranges,
                     int(a_grid.size))


def _circular_mean(az):
    return float(np.angle(np.mean(np.exp(1j * np.asarray(az, float)))))


@lru_cache(maxsize=32)
def _min_energy_ladder(missile: Missile, earth: EarthModel, lat0: float, lon0: float,
                       azimuth: float, ranges: tuple[float, ...]):
    """Minimum-energy steering along ``azimuth`` for each range (shared by the shapes of one
    launch point and missile)."""
    r = np.asarray(ranges)
    alat, alon, _ = geodesy.direct(np.full(r.size, lat0), np.full(r.size, lon0), azimuth, r,
                                   earth.ellipsoid)
    me = targeting.solve(missile, earth, np.full(r.size, lat0), np.full(r.size, lon0), alat,
                         alon, "min-energy", raise_errors=False)
    return me.kick_rad, me.cutoff_s, me.ok, me.flights.apogee_alt_m, alat, alon


def _ladder(threat: ThreatClass, earth: EarthModel, azimuth: float, ranges: np.ndarray):
    """Steering of the threat's shape for each ladder range along ``azimuth``."""
    lat0, lon0 = threat.launch_lat_rad, threat.launch_lon_rad
    kick, cut, ok, h_me, alat, alon = _min_energy_ladder(
        threat.missile, earth, float(lat0), float(lon0), float(azimuth),
        tuple(float(x) for x in ranges))
    if threat.shape == "min-energy":
        return kick, cut, ok
    lat = np.full(ranges.size, lat0)
    lon = np.full(ranges.size, lon0)
    me_ok = ok
    sol = targeting.solve(threat.missile, earth, lat, lon, alat, alon, threat.shape,
                          threat.apogee_factor * h_me, raise_errors=False,
                          min_energy_apogee_m=h_me)
    return sol.kick_rad, sol.cutoff_s, sol.ok & me_ok
