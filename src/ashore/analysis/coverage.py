"""Defended footprints: for every cell of a territory and every threat class, is a threat aimed
there engageable, with one shot or with two sequential (shoot-look-shoot) shots, by which site
and layer, and if not, what binds.

Method, batched over cells, threats and sites (the only Python loops are over threat classes
and sites, never cells):

1. each threat class gets a fan of trajectories over the cells
   (:mod:`ashore.analysis.threat_fan`); a cell takes the trajectory landing nearest it;
2. every used trajectory goes through the engagement core
   (:func:`ashore.intercept.engagement.engage`: detection timelines of every radar, cueing,
   fire times, engagement windows and shots against every site);
3. per cell: the most shots any one site can take (shoot-look-shoot counts sequential shots of
   one site), the site and layer (``upper`` for exo-atmospheric interceptors, ``lower`` for
   endo) that take them, and for undefended cells the binding constraint of the site that came
   closest (:attr:`ashore.intercept.engagement.Engagements.best_binding`).

A cell is *threatened* by a class when the class's fan reaches it; coverage fractions are
shares of the threatened area and population.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ashore.analysis.threat_fan import ThreatClass, ThreatFan
from ashore.analysis.threat_fan import threat_fans as fans_over
from ashore.earth.model import EarthModel
from ashore.earth.territory import Cells
from ashore.intercept.engagement import CLOSENESS, Defence, engage


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
    eng = engage(fan.flights, defence, earth)
    best, best_shots = eng.best_site, eng.best_shots
    layers = np.array([s.layer for s in defence.sites], dtype=object)
    t = np.where(threatened, traj, 0)
    out.shots = np.where(threatened, best_shots[t], 0)
    defended = out.shots >= 1
    out.site = np.where(defended, best[t], -1)
    out.layer = np.where(defended, layers[best[t]], "")
    out.binding = np.where(threatened & ~defended, eng.best_binding[t], "")
    return out
