"""``ashore.coverage``: a scenario's defended footprints, optionally swept over one parameter."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ashore.analysis.coverage_study import (
    CoverageStudy,
    assumptions,
    families,
    only_families,
    run_coverage,
    summary,
    with_value,
)
from ashore.api._result import Result, axes, out_folder
from ashore.api.flight import Flight, flight_result
from ashore.errors import InputError
from ashore.flight.summary import flight_summary
from ashore.scenario.schema import Scenario, load_scenario, with_layers

MAX_SWEEP_VALUES = 50


@dataclass(frozen=True)
class Coverage(Result):
    """Defended footprints of a scenario: per threat family the shares of threatened area and
    people defended with one and two shoot-look-shoot shots (:attr:`families`), the whole
    figures (:meth:`to_dict`, exactly ``ashore coverage --json``) and the study behind them
    (cells, threat fans, per-cell shots, site and binding constraint)."""

    scenario: str
    grid_km: float
    cells: int
    families: dict[str, dict] = field(repr=False)
    study: CoverageStudy = field(repr=False)
    figures: dict[str, Any] = field(repr=False)

    def to_dataframe(self):
        """One row per cell and threat class: cell centre (deg), land area (km^2), people,
        region, threatened, shots, defending site and layer, binding constraint, and the
        distance from the cell to the impact of the trajectory standing in for it (km)."""
        import pandas as pd

        c, res = self.study.cells, self.study.result
        names = np.array([s.name for s in res.defence.sites] + [""], dtype=object)
        frames = []
        for tc in res.threats:
            frames.append(pd.DataFrame({
                "cell": np.arange(c.count), "lat_deg": np.degrees(c.lat_rad),
                "lon_deg": np.degrees(c.lon_rad), "area_km2": c.area_km2,
                "population": c.population, "region": c.region,
                "threat_class": tc.threat.name, "threatened": tc.threatened,
                "shots": tc.shots, "site": names[tc.site], "layer": tc.layer,
                "binding": tc.binding, "miss_km": tc.miss_m / 1e3}))
        return pd.concat(frames, ignore_index=True)

    def plot(self, family: str | None = None, kind: str = "shots", ax=None):
        """The map of one threat family (the first when None): ``kind='shots'`` or
        ``'binding'``; with a sweep, ``kind='sweep'`` plots people defended against the swept
        parameter. Returns the Axes."""
        from ashore.io.coverage_maps import draw_map, draw_sweep

        if kind == "sweep":
            if "sweep" not in self.figures:
                raise InputError("this coverage has no `sweep`; run it with `sweep`=...",
                                 parameter="kind")
            return draw_sweep(axes(ax), self.figures["sweep"])
        fams = families(self.study)
        name = next(iter(fams)) if family is None else family
        if name not in fams:
            raise InputError(f"no threat family '{name}'; the families are: "
                             f"{', '.join(fams)}", parameter="family")
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(7, 7))
        return draw_map(ax, self.study, name, fams[name], kind)

    def threat(self, cell: int, threat_class: str | int = 0) -> Flight:
        """The trajectory standing in for ``cell`` in the coverage of ``threat_class`` (its
        name, e.g. ``"nodong: sunan min-energy"``, or index): the fan trajectory landing
        nearest the cell, flown again on its own and recorded. ``ashore.engage`` on it with
        this scenario gives the cell's verdict for that class (shots, site, binding)."""
        fans = self.study.fans
        names = [f.threat.name for f in fans]
        if isinstance(threat_class, str):
            if threat_class not in names:
                raise InputError(f"no threat class '{threat_class}'; the classes are: "
                                 f"{', '.join(names)}", parameter="threat_class")
            k = names.index(threat_class)
        else:
            k = int(threat_class)
            if not 0 <= k < len(fans):
                raise InputError(f"`threat_class` index {k} is out of range (0..{len(fans) - 1})",
                                 parameter="threat_class")
        n = self.study.cells.count
        if not 0 <= int(cell) < n:
            raise InputError(f"`cell` {cell} is out of range (0..{n - 1})", parameter="cell")
        fan = fans[k]
        j = int(fan.cell_trajectory[int(cell)])
        if j < 0:
            raise InputError(f"threat class '{names[k]}' does not reach cell {cell}",
                             parameter="cell")
        flights = fan.refly(j)
        c = self.study.cells
        aim = (float(c.lat_rad[int(cell)]), float(c.lon_rad[int(cell)]))
        az, kick, cut = (float(x[j]) for x in fan.steering)
        figures = {"mode": "coverage-cell", "missile": fan.threat.missile.name,
                   "shape": fan.threat.shape, "threat_class": names[k], "cell": int(cell),
                   "launch_azimuth_deg": round(float(np.degrees(az)), 4),
                   "kick_deg": round(float(np.degrees(kick)), 4), "cutoff_time_s": round(cut, 3),
                   **flight_summary(flights, 0, *aim),
                   "assumptions": flights.earth.describe()}
        return flight_result(fan.threat.missile.name, flights, figures,
                             (float(np.degrees(aim[0])), float(np.degrees(aim[1]))))

    def write(self, out: str | Path) -> list[Path]:
        """Maps (PNG), ``coverage_cells.geojson``/``.kml`` (and the sweep plot) under ``out``."""
        from ashore.io.coverage_maps import write_layers, write_maps, write_sweep

        out = out_folder(out)
        out.mkdir(parents=True, exist_ok=True)
        fams = families(self.study)
        paths = write_maps(self.study, fams, out) + write_layers(self.study, fams, out)
        if "sweep" in self.figures:
            paths.append(write_sweep(self.figures["sweep"], out))
        return paths


def coverage(
    scenario: str | Path | Scenario,
    *,
    grid_km: float | None = None,
    layers: Sequence[str] = (),
    families: Sequence[str] | None = None,
    sweep: tuple[str, Sequence[float]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Coverage:
    """The defended footprints of ``scenario`` (a built-in name, a YAML file or a
    :class:`~ashore.scenario.schema.Scenario`) over its territory, on cells of ``grid_km``
    (default the scenario's), with optional ``layers`` (e.g. ``["pac3-japan"]``), against all
    its threat families or only ``families`` (e.g. ``["nodong"]``: quicker). ``sweep``:
    ``(parameter, values)`` reruns the defence for each value of one parameter
    (:data:`ashore.analysis.coverage_study.SWEEPABLE`; the threat fans are flown once).
    ``progress(message)`` is called as the work advances."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(str(scenario))
    if layers:
        sc = with_layers(sc, list(layers))
    if families:
        sc = only_families(sc, list(families))
    if grid_km is not None and not (np.isfinite(grid_km) and grid_km > 0):
        raise InputError(f"`grid_km` must be a positive number of km, got {grid_km}",
                         parameter="grid_km")
    if sweep is not None:
        name, values = sweep
        values = [float(v) for v in values]
        if not values or len(values) > MAX_SWEEP_VALUES:
            raise InputError(f"`sweep` of '{name}' has {len(values)} values; give 1 to "
                             f"{MAX_SWEEP_VALUES}", parameter="sweep")
        swept = [with_value(sc, name, v) for v in values]  # checks every value first
    study = run_coverage(sc, grid_km, progress)
    figures = summary(study)
    if sweep is not None:
        rows = []
        for v, s in zip(values, swept, strict=True):
            fam = summary(run_coverage(s, grid_km, progress))["threat_families"]
            rows.append({name: v, **fam})
        figures["sweep"] = {"parameter": name, "values": rows}
    figures["assumptions"] = assumptions(study)
    return Coverage(figures["scenario"], figures["grid_km"], figures["cells"],
                    figures["threat_families"], study, figures)
