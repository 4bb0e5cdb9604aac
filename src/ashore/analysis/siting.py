"""Choosing k interceptor sites from candidates to defend the most people.

Each candidate (a place, an interceptor type and its own radar) is evaluated against every
threat class with its own radar plus the scenario's forward radars (radars that belong to no
interceptor site): ``d[c, i, k] = 1`` when candidate c can take at least one shot at the
threat of class k aimed at cell i. A cell is defended by a set S of sites when, for every
class k that threatens it, some site in S defends it. Two answers are reported:

- **greedy**: add the candidate with the largest gain in defended population, k times;
- **exact**: the integer programme (maximum covering with several threats per cell)

      maximise  sum_i p_i y_i
      subject to  y_i <= sum_c d[c, i, k] x_c   for every cell i and class k threatening i
                  sum_c x_c = k,   x_c in {0, 1},   0 <= y_i <= 1

  solved with scipy's ``milp`` (HiGHS). y may stay continuous: at an optimum with binary x
  each y_i is 1 exactly when every constraint on it has a right-hand side of at least 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import Field

from ashore.analysis.coverage_study import run_coverage_fans
from ashore.analysis.defence import fire_control, radar_site
from ashore.catalog.interceptors import get_interceptor
from ashore.catalog.radars import get_radar, point_radar
from ashore.errors import InputError
from ashore.intercept.engagement import Defence, DefenceSite, engage
from ashore.scenario.schema import Scenario
from ashore.sensors.timeline import RadarSite
from ashore.validation import StrictModel, parse_model, read_yaml


class CandidateSpec(StrictModel):
    name: str = Field(min_length=1)
    lat_deg: float = Field(ge=-90, le=90)
    lon_deg: float = Field(ge=-180, le=360)
    alt_m: float = 0.0
    interceptor: str = "sm-3-block-iia-class"
    radar: str = "spy-7-class"
    boresight_deg: float | None = None
    at_sea: bool = False


class CandidatesFile(StrictModel):
    candidates: list[CandidateSpec] = Field(min_length=1)


def load_candidates(path: str | Path) -> list[DefenceSite]:
    """A YAML file ``candidates: [{name, lat_deg, lon_deg, alt_m, interceptor, radar}, ...]``."""
    spec = parse_model(CandidatesFile, read_yaml(path, "candidates file"),
                       f"candidates file '{path}'")
    names = [c.name for c in spec.candidates]
    if len(set(names)) != len(names):
        raise InputError(f"candidates file '{path}': candidate names must be unique")
    out = []
    for c in spec.candidates:
        radar = get_radar(c.radar)
        if c.boresight_deg is not None:
            radar = point_radar(radar, np.radians(c.boresight_deg))
        lat, lon = np.radians(c.lat_deg), np.radians(c.lon_deg)
        site = RadarSite(radar, lat, lon, c.alt_m + 10.0, name=f"{c.name}-radar")
        out.append(DefenceSite(c.name, lat, lon, c.alt_m, get_interceptor(c.interceptor), 0,
                               site, c.at_sea))
    return out


@dataclass
class Selection:
    names: list[str]
    population_defended: float
    population_threatened: float

    @property
    def fraction(self) -> float:
        return self.population_defended / self.population_threatened if \
            self.population_threatened > 0 else 0.0


@dataclass
class SitingResult:
    k: int
    candidates: list[str]
    greedy: Selection
    exact: Selection
    single: dict[str, float]
    """Population defended by each candidate alone."""


def defended_matrix(scenario: Scenario, candidates: list[DefenceSite],
                    grid_km: float | None = None, progress=None):
    """(C, n_cells, K) booleans: candidate c defends the class-k threat aimed at cell i; plus
    (n_cells, K) threatened, and the cells."""
    _, cells, fans, earth = run_coverage_fans(scenario, grid_km, progress)
    sited = {s.radar for s in scenario.interceptor_sites}
    forward = tuple(radar_site(scenario, spec) for spec in scenario.sensors
                    if spec.name not in sited)
    defence = Defence("candidates", tuple(candidates),
                      forward + tuple(c.radar for c in candidates), fire_control(scenario),
                      "own-and-forward")
    n, kk = cells.count, len(fans)
    d = np.zeros((len(candidates), n, kk), bool)
    threatened = np.zeros((n, kk), bool)
    for k, fan in enumerate(fans):
        traj = fan.cell_trajectory
        threatened[:, k] = traj >= 0
        if fan.flights is None:
            continue
        shots = engage(fan.flights, defence, earth).shots
        t = np.where(traj >= 0, traj, 0)
        d[:, :, k] = (shots[:, t] >= 1) & (traj >= 0)[None, :]
        if progress:
            progress(f"candidates against {fan.threat.name}")
    return d, threatened, cells


def _defended_population(d, threatened, pop, chosen) -> float:
    if not chosen:
        return 0.0
    covered = d[chosen].any(axis=0) | ~threatened         # (n, K)
    ok = covered.all(axis=1) & threatened.any(axis=1)
    return float(pop[ok].sum())


def select_sites(scenario: Scenario, candidates: list[DefenceSite], k: int,
                 grid_km: float | None = None, progress=None) -> SitingResult:
    if not 1 <= k <= len(candidates):
        raise InputError(f"`k` must be between 1 and the number of candidates "
                         f"({len(candidates)}), got {k}")
    d, threatened, cells = defended_matrix(scenario, candidates, grid_km, progress)
    pop = cells.population if cells.population.sum() > 0 else cells.area_km2
    names = [c.name for c in candidates]
    total = float(pop[threatened.any(axis=1)].sum())
    chosen: list[int] = []
    for _ in range(k):
        gains = [(_defended_population(d, threatened, pop, chosen + [c]), -c)
                 for c in range(len(names)) if c not in chosen]
        best = max(gains)
        chosen.append(-best[1])
    greedy = Selection([names[c] for c in chosen],
                       _defended_population(d, threatened, pop, chosen), total)
    exact_idx = _exact(d, threatened, pop, k)
    exact = Selection([names[c] for c in exact_idx],
                      _defended_population(d, threatened, pop, exact_idx), total)
    single = {names[c]: _defended_population(d, threatened, pop, [c])
              for c in range(len(names))}
    return SitingResult(k, names, greedy, exact, single)


def _exact(d, threatened, pop, k) -> list[int]:
    """The integer programme of the module docstring, with scipy.optimize.milp."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix, vstack

    n_c, n, _ = d.shape
    cells = np.flatnonzero(threatened.any(axis=1))
    rows_i, rows_k = np.nonzero(threatened[cells])          # one constraint per (cell, class)
    m = rows_i.size
    # y_i - sum_c d[c, i, k] x_c <= 0 ; variables: x (n_c), y (len(cells))
    cc, rr = np.nonzero(d[:, cells[rows_i], rows_k])         # (candidate, constraint row)
    a_x = coo_matrix((-np.ones(cc.size), (rr, cc)), shape=(m, n_c))
    a_y = coo_matrix((np.ones(m), (np.arange(m), rows_i)), shape=(m, cells.size))
    from scipy.sparse import hstack

    a = hstack([a_x, a_y]).tocsr()
    card = coo_matrix((np.ones(n_c), (np.zeros(n_c, int), np.arange(n_c))),
                      shape=(1, n_c + cells.size))
    constraints = [LinearConstraint(a, -np.inf, 0.0),
                   LinearConstraint(vstack([card]).tocsr(), k, k)]
    c = np.concatenate([np.zeros(n_c), -pop[cells]])
    integrality = np.concatenate([np.ones(n_c), np.zeros(cells.size)])
    res = milp(c, constraints=constraints, integrality=integrality,
               bounds=Bounds(np.zeros(n_c + cells.size), np.ones(n_c + cells.size)))
    if not res.success:
        raise InputError(f"the site-selection integer programme failed: {res.message}")
    x = res.x[:n_c]
    return [int(i) for i in np.flatnonzero(x > 0.5)]


def siting_summary(result: SitingResult) -> dict:
    """JSON-ready: both selections with their defended population and share."""
    def sel(s: Selection) -> dict:
        return {"sites": s.names, "population_defended": round(s.population_defended),
                "population_fraction": round(s.fraction, 4)}

    return {"k": result.k, "candidates": result.candidates, "greedy": sel(result.greedy),
            "exact": sel(result.exact),
            "single_site_population": {k: round(v) for k, v in result.single.items()},
            "population_threatened": round(result.exact.population_threatened)}


__all__ = ["CandidatesFile", "SitingResult", "load_candidates", "select_sites",
           "siting_summary"]
