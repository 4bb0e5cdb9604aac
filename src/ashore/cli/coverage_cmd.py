"""`ashore coverage`: defended footprints of a scenario, optionally swept over one parameter."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ashore.analysis.coverage_study import run_coverage, summary
from ashore.errors import InputError
from ashore.scenario.schema import Scenario, load_scenario, with_layers

SWEEPABLE = {
    "decision_delay_s": ("options", "fire_control", "decision_delay_s"),
    "track_delay_s": ("options", "fire_control", "track_delay_s"),
    "kill_assessment_s": ("options", "fire_control", "kill_assessment_s"),
    "interceptor_isp_scale": ("options", "scale", "interceptor_isp"),
    "radar_range_scale": ("options", "scale", "radar_range"),
}
"""Parameters ``--sweep`` can vary, and where they live in the scenario."""


def parse_sweep(text: str) -> tuple[str, np.ndarray]:
    """``PARAM=START:STOP:STEP`` -> (param, values), STOP included when on the grid."""
    if "=" not in text:
        raise InputError(f"--sweep '{text}' must look like PARAM=START:STOP:STEP, e.g. "
                         "decision_delay_s=0:300:30")
    name, rng = text.split("=", 1)
    name = name.strip()
    if name not in SWEEPABLE:
        raise InputError(f"--sweep cannot vary '{name}'; sweepable parameters are: "
                         f"{', '.join(SWEEPABLE)}")
    try:
        start, stop, step = (float(x) for x in rng.split(":"))
    except ValueError:
        raise InputError(f"--sweep '{text}': the range must be three numbers START:STOP:STEP"
                         ) from None
    if not (np.isfinite([start, stop, step]).all() and step > 0 and stop >= start):
        raise InputError(f"--sweep '{text}': need STOP >= START and STEP > 0")
    values = np.arange(start, stop + step * 1e-9, step)
    if values.size > 50:
        raise InputError(f"--sweep '{text}' has {values.size} values; at most 50")
    return name, values


def with_value(scenario: Scenario, param: str, value: float) -> Scenario:
    """A copy of the scenario with one parameter changed."""
    path = SWEEPABLE[param]
    data = scenario.model_dump()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = float(value)
    try:
        return type(scenario).model_validate(data)
    except ValueError as exc:  # pydantic: a value outside the parameter's range
        raise InputError(f"--sweep {param}={value:g} is not a valid value: "
                         f"{str(exc).splitlines()[-1].strip()}") from None


def run_coverage_cmd(scenario_name: str, *, grid_km: float | None, sweep: str | None,
                     out: Path | None, layers: list[str] | None = None, progress=None) -> dict:
    if out is not None and out.exists() and not out.is_dir():
        raise InputError(f"--out '{out}' is a file; give a folder for the outputs")
    scenario = load_scenario(scenario_name)
    if layers:
        scenario = with_layers(scenario, layers)
    if grid_km is not None and not (np.isfinite(grid_km) and grid_km > 0):
        raise InputError(f"--grid-km must be a positive number of km, got {grid_km}")
    swept = parse_sweep(sweep) if sweep else None
    study = run_coverage(scenario, grid_km, progress)
    result = summary(study)
    if swept is not None:
        name, values = swept
        rows = []
        for v in values:
            s = run_coverage(with_value(scenario, name, v), grid_km, progress)
            fam = summary(s)["threat_families"]
            rows.append({name: float(v), **{f: fam[f] for f in fam}})
        result["sweep"] = {"parameter": name, "values": rows}
    result["assumptions"] = assumptions(study)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        from ashore.analysis.coverage_study import families
        from ashore.io.coverage_maps import write_layers, write_maps

        fams = families(study)
        paths = write_maps(study, fams, out) + write_layers(study, fams, out)
        if swept is not None:
            paths.append(_plot_sweep(result["sweep"], out))
        result["outputs"] = [str(p) for p in paths]
    return result


def assumptions(study) -> list[str]:
    from ashore.analysis.coverage import RCS_M2
    from ashore.earth.territory import CENSUS, GEONAMES

    fc = study.result.defence.fire_control
    lines = [*study.scenario.options.earth.model().describe(),
             f"territory: {study.territory.name}, {study.territory.source}",
             (f"population: {CENSUS}, spread over {GEONAMES} city points"
              if study.cells.population.sum() > 0 else
              "population: none for this territory (population shares are undefined)"),
             f"grid: {study.cells.grid_km:g} km equal-area squares; each cell stands for the "
             "threat trajectory landing nearest it (within one cell spacing)",
             f"warhead radar cross-section {RCS_M2} m^2 (notional); cueing: "
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


def _plot_sweep(sweep: dict, out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    name = sweep["parameter"]
    rows = sweep["values"]
    x = [r[name] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    for fam in [k for k in rows[0] if k != name]:
        for key, ls in (("population_fraction_one_shot", "-"),
                        ("population_fraction_two_shots", "--")):
            y = [np.nan if r[fam][key] is None else 100 * r[fam][key] for r in rows]
            ax.plot(x, y, ls, marker="o", ms=3, label=f"{fam}: {key.split('_', 2)[2]}")
    ax.set_xlabel(name)
    ax.set_ylabel("population defended, %")
    ax.set_ylim(0, 102)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = out / f"sweep_{name}.png"
    fig.savefig(path)
    plt.close(fig)
    return path
