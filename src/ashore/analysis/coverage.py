"""Defended footprints: for every cell of a territory and every threat class, is a threat aimed
there engageable, with one shot or with two sequential (shoot-look-shoot) shots, by which site
and layer, and if not, what binds.

Method, batched over cells, threats and sites (the only Python loops are over threat classes
and sites, never cells):

1. each threat class gets a fan of trajectories over the cells
   (:mod:`ashore.analysis.threat_fan`); a cell takes the trajectory landing nearest it;
2. every radar's detection timeline on every used trajectory
   (:func:`ashore.sensors.timeline.detection_timelines`); with ``cueing='network'`` a site may
   fire on the first detection by any radar and keeps its fire-control data while any radar
   holds the track (launch/engage on remote); with ``'own'`` only its own radar counts; with
   ``'own-and-forward'`` its own and the radars that belong to no site;
3. engagement windows of every used trajectory against every site
   (:func:`ashore.intercept.pip.engagement_windows`);
4. per cell: the most shots any one site can take (shoot-look-shoot counts sequential shots of
   one site), the site and layer (``upper`` for exo-atmospheric interceptors, ``lower`` for
   endo) that take them, and for undefended cells the binding constraint of the site that came
   closest, ranked time > altitude floor > kinematics > horizon > detection (the later in the
   kill chain a site fails, the closer it came).

A cell is *threatened* by a class when the class's fan reaches it; coverage fractions are
shares of the threatened area and population.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ashore.analysis.defence import DefenceSite
from ashore.analysis.threat_fan import ThreatClass, ThreatFan
from ashore.analysis.threat_fan import threat_fans as fans_over
from ashore.earth.model import EarthModel
from ashore.earth.territory import Cells
from ashore.intercept.flyout import flyout_fan
from ashore.intercept.pip import (
    FireControl,
    ThreatSamples,
    engagement_windows,
    fire_times,
)
from ashore.sensors.timeline import RadarSite, detection_timelines

CLOSENESS = ("detection", "horizon", "kinematics", "altitude floor", "time")
"""Binding constraints from the earliest to the latest failure in the kill chain."""
RCS_M2 = 0.05
"""Warhead-class radar cross-section (REFERENCE.md: 0.01-0.1 m^2), notional."""
SAMPLE_STEP_S = 2.0
CUEING = ("network", "own", "own-and-forward")
"""Which radars a site may fire on: every radar of the network, only its own, or its own and
the radars that belong to no interceptor site (forward radars)."""


@dataclass(frozen=True)
class Defence:
    """A defence configuration: interceptor sites, every radar of the network (the sites'
    own and forward radars), fire-control delays, and how sites use other radars."""

    name: str
    sites: tuple[DefenceSite, ...]
    radars: tuple[RadarSite, ...]
    fire_control: FireControl = FireControl()
    cueing: str = "network"

    def __post_init__(self) -> None:
        if self.cueing not in CUEING:
            raise ValueError(f"cueing must be one of {', '.join(CUEING)}")


@dataclass
class ThreatCoverage:
    """One threat class over the cells (n_cells,)."""

    threat: ThreatClass
    threatened: np.ndarray
    shots: np.ndarray
    """Most sequential shots any one site can take (0 where undefended or not threatened)."""
    site: np.ndarray
    """Index of the site taking them (-1 where none)."""
    layer: np.ndarray
    binding: np.ndarray
    """'' where defended or not threatened, else one of CLOSENESS."""
    miss_m: np.ndarray
    """Distance from the cell centre to the impact of the trajectory standing in for it."""


@dataclass
class CoverageResult:
    defence: Defence
    cells: Cells
    threats: list[ThreatCoverage] = field(default_factory=list)

    def fractions(self, tc: ThreatCoverage, mask: np.ndarray | None = None) -> dict:
        """Shares of the threatened area and population defended with >= 1 and >= 2 shots,
        and the shares of undefended threatened area by binding constraint."""
        c = self.cells
        sel = tc.threatened if mask is None else tc.threatened & mask
        area, pop = c.area_km2[sel], c.population[sel]
        one, two = tc.shots[sel] >= 1, tc.shots[sel] >= 2

        def share(w, m):
            total = float(w.sum())
            return float(w[m].sum()) / total if total > 0 else None

        undefended = ~one
        bind = tc.binding[sel]
        return {
            "threatened_area_km2": round(float(area.sum()), 1),
            "threatened_population": round(float(pop.sum())),
            "area_fraction_one_shot": share(area, one),
            "area_fraction_two_shots": share(area, two),
            "population_fraction_one_shot": share(pop, one),
            "population_fraction_two_shots": share(pop, two),
            "undefended_area_by_binding": {
                name: share(area[undefended], bind[undefended] == name)
                for name in CLOSENESS if (bind[undefended] == name).any()
            },
        }


def threat_fans(cells: Cells, threats: list[ThreatClass], earth: EarthModel,
                spacing_m: float) -> list[ThreatFan]:
    """Every threat class's fan over the cells (shared by every defence configuration),
    batched per missile (:func:`ashore.analysis.threat_fan.threat_fans`)."""
    return fans_over(threats, earth, cells.lat_rad, cells.lon_rad, spacing_m=spacing_m)


def coverage(cells: Cells, fans: list[ThreatFan], defence: Defence, earth: EarthModel,
             progress: Callable[[str], None] | None = None) -> CoverageResult:
    """The defended footprint of ``defence`` against every threat fan (module docstring)."""
    result = CoverageResult(defence, cells)
    for fan in fans:
        result.threats.append(_threat_coverage(cells, fan, defence, earth))
        if progress:
            progress(fan.threat.name)
    return result


def site_shots(fan: ThreatFan, defence: Defence, earth: EarthModel):
    """Shots and closeness rank (index into CLOSENESS, len(CLOSENESS) when engageable) of
    every site against every trajectory of the fan: two (S, m) integer arrays."""
    flights = fan.flights
    m = len(flights.launch_lat_rad)
    samples = ThreatSamples.from_flights(flights, SAMPLE_STEP_S)
    radars = list(defence.radars)
    timelines = detection_timelines(flights, radars, RCS_M2)
    det = np.stack([tl.first_detection_time_s for tl in timelines])      # (R, m)
    end = np.stack([tl.track_end_time_s for tl in timelines])
    seen_horizon = np.stack([np.isin(tl.reason, ("horizon", "terrain")) for tl in timelines])
    fc = defence.fire_control
    site_radars = [s.radar for s in defence.sites]
    unsited = np.array([not any(r is sr for sr in site_radars) for r in radars])
    shots = np.zeros((len(defence.sites), m), int)
    closeness = np.zeros((len(defence.sites), m), int)
    for k, site in enumerate(defence.sites):
        own = np.array([r is site.radar for r in radars])
        use = {"network": np.ones(len(radars), bool), "own": own,
               "own-and-forward": own | unsited}[defence.cueing]
        d = np.where(use[:, None] & np.isfinite(det), det, np.inf)
        t_det = np.where(np.isfinite(d).any(axis=0), d.min(axis=0), np.nan)
        e = np.where(use[:, None] & np.isfinite(end), end, -np.inf).max(axis=0)
        horizon_only = (seen_horizon | ~use[:, None]).all(axis=0)
        reason = np.where(horizon_only, "horizon", "detection")
        icp = site.interceptor
        w = engagement_windows(samples, site.lat_rad, site.lon_rad, flyout_fan(icp, earth),
                               icp.kill_vehicle, fire_times(t_det, fc),
                               threat_index=np.arange(m), site_index=np.zeros(m, int),
                               track_end_s=np.where(np.isfinite(e), e, np.nan),
                               undetected_reason=reason,
                               kill_assessment_s=fc.kill_assessment_s, max_shots=fc.max_shots)
        shots[k] = w.shots
        closeness[k] = len(CLOSENESS)  # engageable: closer than any failure
        for rank, name in enumerate(CLOSENESS):
            closeness[k][w.binding == name] = rank
    return shots, closeness


def _threat_coverage(cells: Cells, fan: ThreatFan, defence: Defence,
                     earth: EarthModel) -> ThreatCoverage:
    n = cells.count
    traj = fan.cell_trajectory
    threatened = traj >= 0
    out = ThreatCoverage(fan.threat, threatened, np.zeros(n, int), np.full(n, -1),
                         np.full(n, "", dtype=object), np.full(n, "", dtype=object),
                         fan.cell_miss_m)
    if fan.flights is None or not defence.sites:
        out.binding = np.where(threatened, "detection", "")
        return out
    shots, closeness = site_shots(fan, defence, earth)
    m = shots.shape[1]
    best = np.argmax(shots, axis=0)                                       # (m,)
    best_shots = shots[best, np.arange(m)]
    closest = closeness.max(axis=0)
    layers = np.array(["upper" if s.interceptor.kill_vehicle.regime == "exo" else "lower"
                       for s in defence.sites], dtype=object)
    t = np.where(threatened, traj, 0)
    out.shots = np.where(threatened, best_shots[t], 0)
    defended = out.shots >= 1
    out.site = np.where(defended, best[t], -1)
    out.layer = np.where(defended, layers[best[t]], "")
    names = np.array(list(CLOSENESS) + [""], dtype=object)
    out.binding = np.where(threatened & ~defended, names[np.minimum(closest[t],
                                                                   len(CLOSENESS) - 1)], "")
    return out
