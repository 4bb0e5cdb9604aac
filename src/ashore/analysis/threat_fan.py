"""Threat fans: each threat class's trajectories to every cell of a territory, without solving
a targeting problem per cell.

A threat class is a missile flown from one launch point in one shape (minimum energy, or
lofted/depressed at a multiple of the minimum-energy apogee). Steering that lands a shape at a
given range changes slowly with azimuth (Earth rotation moves the range by a few per cent), so:

1. **Ladder.** Solve the shape's steering (kick, cut-off) with
   :func:`ashore.flight.targeting.solve` for a ladder of ranges along the central azimuth of
   the cells.
2. **Fan.** Fly every ladder entry along every azimuth of a fan covering the cells, spaced so
   that neighbouring impacts are about ``spacing_m`` apart (unrecorded, cheap), keeping only
   entries whose nominal impact falls near some cell.
3. **Assign.** Each cell takes the trajectory whose impact is nearest (a KD-tree on unit
   vectors); cells farther than ``max_miss_m`` from every impact are out of this class's reach.
4. **Record.** Only the trajectories some cell uses are flown again with their histories, for
   sensor timelines and engagement windows.

Every step is batched across all classes of one missile (the integrator's cost per call is
mostly fixed, so one call for many classes costs little more than one for a single class).
The assigned trajectory lands within ``max_miss_m`` of the cell centre, not on it: a cell's
coverage is that of a threat aimed within that distance of it (a grid-resolution
approximation, stated in reports).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from ashore.earth import geodesy
from ashore.earth.constants import R_MEAN_M
from ashore.earth.frames import up_vector
from ashore.earth.model import EarthModel
from ashore.flight import targeting
from ashore.flight.trajectory import FAST_ACCURACY, Flights, fly_missile
from ashore.flight.vehicle import Missile

PREFILTER_FRACTION = 0.05
"""Fan entries are flown only if their nominal impact lies within this fraction of the range
(plus two cell spacings) of some cell."""
REACH_MARGIN = 0.995
"""Cells beyond this fraction of the maximum range along their azimuth are out of reach."""


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
    fan_size: int
    steering: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    """(azimuth_rad, kick_rad, cutoff_s) of each recorded trajectory: flying one again with
    :func:`ashore.flight.trajectory.fly_missile` at ``FAST_ACCURACY`` reproduces it."""

    def refly(self, k: int) -> Flights:
        """Trajectory ``k`` of :attr:`flights` flown again on its own, recorded."""
        az, kick, cut = (x[k:k + 1] for x in self.steering)
        t = self.threat
        return fly_missile(t.missile, self.flights.earth, np.array([t.launch_lat_rad]),
                           np.array([t.launch_lon_rad]), az, kick, cut, record=True,
                           accuracy=FAST_ACCURACY)


def _circular_mean(az) -> float:
    return float(np.angle(np.mean(np.exp(1j * np.asarray(az, float)))))


@dataclass
class _Plan:
    """One class's geometry before flying: usable cells, ladder ranges, central azimuth."""

    usable: np.ndarray
    dist: np.ndarray
    az: np.ndarray
    az_c: float = 0.0
    ranges: np.ndarray | None = None
    kick: np.ndarray | None = None
    cut: np.ndarray | None = None
    daz: np.ndarray | None = None
    """Launch azimuth minus the aim's azimuth for each ladder entry: the solved correction for
    the track's bend (Earth rotation), applied on every azimuth of the fan."""


def threat_fans(threats: list[ThreatClass], earth: EarthModel, cell_lat_rad, cell_lon_rad, *,
                spacing_m: float = 10e3, max_miss_m: float | None = None) -> list[ThreatFan]:
    """The fans of several threat classes over the same cells (module docstring)."""
    cell_lat = np.asarray(cell_lat_rad, float)
    cell_lon = np.asarray(cell_lon_rad, float)
    max_miss = spacing_m if max_miss_m is None else max_miss_m
    plans = []
    for t in threats:
        dist, az, _ = geodesy.inverse(t.launch_lat_rad, t.launch_lon_rad, cell_lat, cell_lon,
                                      earth.ellipsoid)
        plans.append(_Plan(np.zeros(cell_lat.size, bool), dist, az, _circular_mean(az)))
    by_missile: dict[Missile, list[int]] = {}
    for i, t in enumerate(threats):
        by_missile.setdefault(t.missile, []).append(i)
    for missile, idx in by_missile.items():
        _plan_ladders(missile, [threats[i] for i in idx], [plans[i] for i in idx], earth,
                      spacing_m)
    fans: list[ThreatFan | None] = [None] * len(threats)
    for missile, idx in by_missile.items():
        for i, fan in zip(idx, _fly_fans(missile, [threats[i] for i in idx],
                                         [plans[i] for i in idx], earth, cell_lat, cell_lon,
                                         spacing_m, max_miss), strict=True):
            fans[i] = fan
    return fans


def threat_fan(threat: ThreatClass, earth: EarthModel, cell_lat_rad, cell_lon_rad, *,
               spacing_m: float = 10e3, max_miss_m: float | None = None) -> ThreatFan:
    """The fan of one threat class (see :func:`threat_fans`)."""
    return threat_fans([threat], earth, cell_lat_rad, cell_lon_rad, spacing_m=spacing_m,
                       max_miss_m=max_miss_m)[0]


def _plan_ladders(missile, threats, plans, earth, spacing_m) -> None:
    """Reach per class (one batched max-range search) and the steering of every ladder entry
    (one batched minimum-energy solve, then one per lofted/depressed shape)."""
    lat0 = np.array([t.launch_lat_rad for t in threats])
    lon0 = np.array([t.launch_lon_rad for t in threats])
    reach, _ = targeting.max_range(missile, earth, lat0, lon0, np.array([p.az_c for p in plans]))
    entries = []  # (plan index, range)
    for k, p in enumerate(plans):
        p.usable = p.dist <= reach[k] * REACH_MARGIN
        if not p.usable.any():
            continue
        p.az_c = _circular_mean(p.az[p.usable])
        lo = max(float(p.dist[p.usable].min()) - 2 * spacing_m, 50e3)
        hi = min(float(p.dist[p.usable].max()) + 2 * spacing_m, reach[k] * REACH_MARGIN)
        p.ranges = np.arange(lo, hi + spacing_m, spacing_m)
        entries += [(k, r) for r in p.ranges]
    if not entries:
        return
    k_of = np.array([e[0] for e in entries])
    rng = np.array([e[1] for e in entries])
    az = np.array([plans[k].az_c for k in k_of])
    alat, alon, _ = geodesy.direct(lat0[k_of], lon0[k_of], az, rng, earth.ellipsoid)
    me = targeting.solve(missile, earth, lat0[k_of], lon0[k_of], alat, alon, "min-energy",
                         raise_errors=False)
    kick, cut, ok = me.kick_rad.copy(), me.cutoff_s.copy(), me.ok.copy()
    daz = np.angle(np.exp(1j * (me.azimuth_rad - az)))
    for shape in ("lofted", "depressed"):
        rows = np.flatnonzero([threats[k].shape == shape for k in k_of]) if len(k_of) else []
        if len(rows) == 0:
            continue
        factor = np.array([threats[k].apogee_factor for k in k_of[rows]])
        h_me = me.flights.apogee_alt_m[rows]
        sol = targeting.solve(missile, earth, lat0[k_of[rows]], lon0[k_of[rows]], alat[rows],
                              alon[rows], shape, factor * h_me, raise_errors=False,
                              min_energy_apogee_m=h_me)
        kick[rows], cut[rows] = sol.kick_rad, sol.cutoff_s
        daz[rows] = np.angle(np.exp(1j * (sol.azimuth_rad - az[rows])))
        ok[rows] &= sol.ok
    for k, p in enumerate(plans):
        mine = (k_of == k) & ok
        p.ranges, p.kick, p.cut, p.daz = rng[mine], kick[mine], cut[mine], daz[mine]


def _fly_fans(missile, threats, plans, earth, cell_lat, cell_lon, spacing_m, max_miss):
    """Fly every class's fan in one batch, assign cells, then record the used trajectories."""
    n_cells = cell_lat.size
    cells_unit = up_vector(cell_lat, cell_lon)
    parts = []  # per class: (azimuths, ladder indices)
    for p, t in zip(plans, threats, strict=True):
        if p.ranges is None or p.ranges.size == 0:
            parts.append((np.empty(0), np.empty(0, int)))
            continue
        spread = np.angle(np.exp(1j * (p.az[p.usable] - p.az_c)))
        d_az = spacing_m / max(float(p.dist[p.usable].max()), 1.0)
        half = int(np.ceil(np.max(np.abs(spread)) / d_az)) + 2  # symmetric about az_c
        fan_az = p.az_c + d_az * np.arange(-half, half + 1)
        a_grid, k_idx = (x.ravel() for x in np.meshgrid(fan_az, np.arange(p.ranges.size),
                                                        indexing="ij"))
        plat, plon, _ = geodesy.direct(np.full(a_grid.size, t.launch_lat_rad),
                                       np.full(a_grid.size, t.launch_lon_rad), a_grid,
                                       p.ranges[k_idx], earth.ellipsoid)
        near, _ = cKDTree(cells_unit[p.usable]).query(up_vector(plat, plon))
        keep = near * R_MEAN_M <= PREFILTER_FRACTION * p.ranges[k_idx] + 2 * spacing_m
        parts.append((a_grid[keep], k_idx[keep]))
    sizes = [a.size for a, _ in parts]
    if sum(sizes) == 0:
        return [_empty(t, n_cells) for t in threats]
    cls = np.repeat(np.arange(len(threats)), sizes)
    a_all = np.concatenate([a + plans[c].daz[k] for c, (a, k) in enumerate(parts)])
    kick = np.concatenate([plans[c].kick[k] for c, (_, k) in enumerate(parts)])
    cut = np.concatenate([plans[c].cut[k] for c, (_, k) in enumerate(parts)])
    lat0 = np.array([t.launch_lat_rad for t in threats])[cls]
    lon0 = np.array([t.launch_lon_rad for t in threats])[cls]
    flown = fly_missile(missile, earth, lat0, lon0, a_all, kick, cut, accuracy=FAST_ACCURACY)
    impact = up_vector(flown.impact_lat_rad, flown.impact_lon_rad)
    fans = []
    for c, t in enumerate(threats):
        rows = np.flatnonzero((cls == c) & flown.impacted)
        if rows.size == 0:
            fans.append(_empty(t, n_cells))
            continue
        chord, nearest = cKDTree(impact[rows]).query(cells_unit)
        miss = 2.0 * R_MEAN_M * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0))
        inside = plans[c].usable & (miss <= max_miss)
        if not inside.any():
            fans.append(_empty(t, n_cells))
            continue
        used, traj_of_cell = np.unique(rows[nearest[inside]], return_inverse=True)
        recorded = fly_missile(missile, earth, lat0[used], lon0[used], a_all[used], kick[used],
                               cut[used], record=True, accuracy=FAST_ACCURACY)
        traj = np.full(n_cells, -1)
        traj[inside] = traj_of_cell
        fans.append(ThreatFan(t, recorded, traj, np.where(inside, miss, np.nan), sizes[c],
                              (a_all[used], kick[used], cut[used])))
    return fans


def _empty(t: ThreatClass, n_cells: int) -> ThreatFan:
    return ThreatFan(t, None, np.full(n_cells, -1), np.full(n_cells, np.nan), 0)
