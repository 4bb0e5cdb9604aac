"""A scenario's coverage study: territory and cells, threat classes, defence, footprints, and
the figures ``ashore coverage`` reports (overall, per threat class and per region)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ashore.analysis.coverage import CoverageResult, coverage, threat_fans
from ashore.analysis.defence import scenario_defence
from ashore.analysis.threat_fan import ThreatClass, ThreatFan
from ashore.catalog.missiles import get_missile
from ashore.earth.territory import REGIONS, Cells, Territory, grid_cells, japan
from ashore.errors import InputError
from ashore.intercept.engagement import Defence
from ashore.scenario.schema import Scenario

Progress = Callable[[str], None]


@dataclass
class CoverageStudy:
    scenario: Scenario
    territory: Territory
    cells: Cells
    threats: list[ThreatClass]
    fans: list[ThreatFan]
    result: CoverageResult
    overflight: dict | None = None
    """Per overflight corridor: flights, shares engageable with one and two shots."""


def load_territory(scenario: Scenario) -> Territory:
    spec = scenario.coverage
    if spec.territory.lower() == "japan":
        return japan(spec.include_northern_territories)
    from ashore.earth.areas import load_area
    from ashore.earth.territory import territory_from_polygons

    area = load_area(spec.territory)
    regions = [str(area.properties.get("region", "all"))] * len(area.polygons)
    return territory_from_polygons(area.name, area.polygons, regions, area.source or "")


def threat_classes(scenario: Scenario) -> list[ThreatClass]:
    out = []
    for spec in scenario.coverage.threat_classes:
        missile = get_missile(spec.missile)
        for launch in spec.launches:
            place = scenario.places[launch]
            for shape in spec.shapes:
                factor = {"lofted": spec.lofted_apogee_factor,
                          "depressed": spec.depressed_apogee_factor}.get(shape)
                out.append(ThreatClass(f"{spec.name or spec.missile}: {launch} {shape}",
                                       np.radians(place.lat_deg), np.radians(place.lon_deg),
                                       missile, shape, factor))
    return out


SWEEPABLE = {
    "decision_delay_s": ("options", "fire_control", "decision_delay_s"),
    "track_delay_s": ("options", "fire_control", "track_delay_s"),
    "kill_assessment_s": ("options", "fire_control", "kill_assessment_s"),
    "interceptor_isp_scale": ("options", "scale", "interceptor_isp"),
    "radar_range_scale": ("options", "scale", "radar_range"),
}
"""Parameters ``--sweep`` can vary, and where they live in the scenario."""


_FAN_CACHE: dict = {}


def run_coverage_fans(scenario: Scenario, grid_km: float | None = None,
                      progress: Progress | None = None):
    """The scenario's cells and threat fans (kept in memory per territory, grid, threat classes
    and Earth model, so alternatives against the same threats reuse them)."""
    if scenario.coverage is None:
        raise InputError(f"scenario '{scenario.name}' has no 'coverage' block (territory, "
                         "`grid_km`, threat_classes); add one to run coverage")
    grid = scenario.coverage.grid_km if grid_km is None else grid_km
    territory = load_territory(scenario)
    earth = scenario.options.earth.model()
    threats = threat_classes(scenario)
    key = (territory.name, territory.source, grid, tuple(threats), earth)
    if key not in _FAN_CACHE:
        cells = grid_cells(territory, grid)
        if progress:
            progress(f"threats: flying {len(threats)} threat classes over {cells.count} cells")
        _FAN_CACHE[key] = (territory, cells, threat_fans(cells, threats, earth, grid * 1e3))
    territory, cells, fans = _FAN_CACHE[key]
    return territory, cells, fans, earth


def run_coverage(scenario: Scenario, grid_km: float | None = None,
                 progress: Progress | None = None) -> CoverageStudy:
    """The scenario's defended footprints (module docstring)."""
    defence = scenario_defence(scenario)
    if not defence.sites:
        raise InputError(f"scenario '{scenario.name}' has no interceptor_sites to defend with")
    territory, cells, fans, earth = run_coverage_fans(scenario, grid_km, progress)
    threats = [f.threat for f in fans]
    result = coverage(cells, fans, defence, earth,
                      progress=(lambda name: progress(f"defence: {name}")) if progress else None)
    study = CoverageStudy(scenario, territory, cells, threats, fans, result)
    study.overflight = overflight(scenario, defence, earth)
    return study


_CORRIDOR_CACHE: dict = {}


def corridor_flights(scenario: Scenario, spec, earth):
    """The recorded minimum-energy flights of one overflight corridor (launch place, missile,
    azimuths x ranges), or None when the missile flies none of them. Kept in memory per
    corridor and Earth model, so sweeps and alternatives re-engage them without flying them
    again."""
    from ashore.earth import geodesy
    from ashore.flight import targeting
    from ashore.flight.trajectory import fly_missile

    place = scenario.places[spec.launch]
    key = (place.lat_deg, place.lon_deg, spec.missile, tuple(spec.azimuth_deg),
           tuple(spec.range_km), spec.samples, earth)
    if key not in _CORRIDOR_CACHE:
        missile = get_missile(spec.missile)
        az, rng = np.meshgrid(np.radians(np.linspace(*spec.azimuth_deg, spec.samples)),
                              np.linspace(*spec.range_km, spec.samples) * 1e3, indexing="ij")
        az, rng = az.ravel(), rng.ravel()
        lat0 = np.full(az.size, np.radians(place.lat_deg))
        lon0 = np.full(az.size, np.radians(place.lon_deg))
        alat, alon, _ = geodesy.direct(lat0, lon0, az, rng, earth.ellipsoid)
        sol = targeting.solve(missile, earth, lat0, lon0, alat, alon, "min-energy",
                              raise_errors=False)
        ok = sol.ok
        _CORRIDOR_CACHE[key] = None if not ok.any() else fly_missile(
            missile, earth, lat0[ok], lon0[ok], sol.azimuth_rad[ok], sol.kick_rad[ok],
            sol.cutoff_s[ok], record=True)
    return _CORRIDOR_CACHE[key]


def overflight(scenario: Scenario, defence: Defence, earth) -> dict:
    """Engageability of each overflight corridor: the share of its flights that some site can
    engage with one and with two shots (:func:`ashore.intercept.engagement.engage`)."""
    from ashore.intercept.engagement import engage

    out = {}
    for spec in scenario.coverage.overflight if scenario.coverage else []:
        flights = corridor_flights(scenario, spec, earth)
        if flights is None:
            out[spec.name] = {"flights": 0, "note": f"{spec.missile} cannot fly these ranges"}
            continue
        n = len(flights.launch_lat_rad)
        best = engage(flights, defence, earth).best_shots
        out[spec.name] = {"flights": n, "fraction_one_shot": round(float((best >= 1).mean()), 4),
                          "fraction_two_shots": round(float((best >= 2).mean()), 4),
                          "apogee_km": [round(float(flights.apogee_alt_m.min()) / 1e3, 1),
                                        round(float(flights.apogee_alt_m.max()) / 1e3, 1)]}
    return out


def only_families(scenario: Scenario, names: Sequence[str]) -> Scenario:
    """A copy of the scenario whose coverage keeps only the named threat families (a threat
    class spec's ``name``, or its missile when unnamed); overflight corridors are kept."""
    if scenario.coverage is None:
        raise InputError(f"scenario '{scenario.name}' has no 'coverage' block",
                         parameter="families")
    specs = scenario.coverage.threat_classes
    known = [t.name or t.missile for t in specs]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"no threat family {', '.join(repr(n) for n in unknown)} in scenario "
                         f"'{scenario.name}'; its families are: {', '.join(known)}",
                         parameter="families")
    kept = [t for t, n in zip(specs, known, strict=True) if n in names]
    coverage = scenario.coverage.model_copy(update={"threat_classes": kept})
    return scenario.model_copy(update={"coverage": coverage})


def with_value(scenario: Scenario, param: str, value: float) -> Scenario:
    """A copy of the scenario with one parameter changed."""
    if param not in SWEEPABLE:
        raise InputError(f"`sweep` cannot vary '{param}'; sweepable parameters are: "
                         f"{', '.join(SWEEPABLE)}", parameter="sweep")
    path = SWEEPABLE[param]
    data = scenario.model_dump()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = float(value)
    try:
        return type(scenario).model_validate(data)
    except ValueError as exc:  # pydantic: a value outside the parameter's range
        raise InputError(f"`sweep` {param}={value:g} is not a valid value: "
                         f"{str(exc).splitlines()[-1].strip()}", parameter="sweep") from None


def assumptions(study: CoverageStudy) -> list[str]:
    """Every assumption the study rests on, with sources and evidence tiers."""
    from ashore.earth.territory import CENSUS, GEONAMES
    from ashore.intercept.engagement import RCS_M2

    fc = study.result.defence.fire_control
    lines = [*study.scenario.options.earth.model().describe(),
             f"territory: {study.territory.name}, {study.territory.source}",
             (f"population: {CENSUS}, spread over {GEONAMES} city points"
              if study.cells.population.sum() > 0 else
              "population: none for this territory (population shares are undefined)"),
             f"grid: {study.cells.grid_km:g} km equal-area squares; each cell stands for the "
             "threat trajectory landing nearest it (within one cell spacing)",
             f"warhead radar cross-section {RCS_M2} m^2 (notional) "
             "[@sessler-2000-countermeasures; @ashore-notional]; cueing: "
             f"{study.result.defence.cueing}",
             f"fire control: track {fc.track_delay_s} s, decision {fc.decision_delay_s} s, "
             f"kill assessment {fc.kill_assessment_s} s"]
    for site in study.result.defence.sites:
        for key, p in site.interceptor.provenance.items():
            lines.append(f"{site.interceptor.name} {key}: {p.tier} ({p.source})")
    for r in study.result.defence.radars:
        for key, p in getattr(r.radar, "provenance", {}).items():
            lines.append(f"{r.radar.name} {key}: {p.tier} ({p.source})")
    for name, place in study.scenario.places.items():
        lines.append(f"place {name}: {place.lat_deg}, {place.lon_deg} ({place.tier}"
                     f"{'; ' + place.source if place.source else ''})")
    return list(dict.fromkeys(lines))


def _round(x, digits=4):
    return None if x is None else round(float(x), digits)


def _rounded(d: dict) -> dict:
    return {k: (_rounded(v) if isinstance(v, dict) else _round(v) if isinstance(v, float)
                else v) for k, v in d.items()}


def families(study: CoverageStudy) -> dict:
    """Each missile family's classes combined (:func:`_combine`), by family name."""
    groups: dict[str, list] = {}
    for tc in study.result.threats:
        groups.setdefault(tc.threat.name.split(":")[0], []).append(tc)
    return {fam: _combine(group) for fam, group in groups.items()}


def summary(study: CoverageStudy) -> dict:
    """JSON-ready figures: per threat class, per missile family (all its classes together:
    a cell counts as defended only if defended against every class that threatens it) and
    per region."""
    res, cells = study.result, study.cells
    per_class = {tc.threat.name: _rounded(res.fractions(tc)) for tc in res.threats}
    per_family, by_region = {}, {}
    for fam, combined in families(study).items():
        per_family[fam] = _rounded(res.fractions(combined))
        names = [r for r in REGIONS if (cells.region == r).any()]
        names += sorted(set(cells.region) - set(REGIONS))
        by_region[fam] = {r: _rounded(res.fractions(combined, cells.region == r))
                          for r in names}
    return {
        "scenario": study.scenario.name,
        "grid_km": cells.grid_km,
        "cells": cells.count,
        "land_area_km2": round(float(cells.area_km2.sum()), 1),
        "population": round(float(cells.population.sum())),
        "sites": [s.name for s in res.defence.sites],
        "radars": [r.name for r in res.defence.radars],
        "cueing": res.defence.cueing,
        "threat_families": per_family,
        "by_region": by_region,
        "threat_classes": per_class,
        "overflight": study.overflight or {},
    }


def _combine(group):
    """All classes of a family at once: threatened by any; shots = the fewest among the
    classes that threaten the cell, with that class's site and layer; binding from the first
    class that leaves it undefended."""
    from copy import copy

    first = copy(group[0])
    threatened = np.any([g.threatened for g in group], axis=0)
    big = np.iinfo(np.int64).max
    stacked = np.array([np.where(g.threatened, g.shots, big) for g in group])
    shots = stacked.min(axis=0)
    worst = np.argmin(stacked, axis=0)
    cols = np.arange(threatened.size)
    first.site = np.array([g.site for g in group])[worst, cols]
    first.layer = np.array([g.layer for g in group], dtype=object)[worst, cols]
    binding = np.full(threatened.size, "", dtype=object)
    for g in group:
        binding = np.where((binding == "") & g.threatened & (g.shots < 1), g.binding, binding)
    first.threatened = threatened
    first.shots = np.where(threatened, shots, 0)
    first.binding = binding
    return first
