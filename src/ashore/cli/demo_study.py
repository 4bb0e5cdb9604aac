"""What `ashore demo` runs: the built-in Japan threat study, engagements and coverage, with
tables and plots under ``out/``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ashore.analysis.defence import scenario_defence
from ashore.analysis.engagement_study import engage_study
from ashore.analysis.threat_study import ThreatCase, expand, run_study
from ashore.io.study_plots import plot_ground_tracks, plot_profiles_by_aim, write_tracks_geojson
from ashore.scenario.schema import load_scenario

COLUMNS = [
    ("launch", "launch"), ("aim", "aim"), ("shape", "shape"), ("missile", "missile"),
    ("range_km", "range km"), ("apogee_km", "apogee km"), ("flight_time_s", "flight s"),
    ("burnout_speed_mps", "burnout m/s"), ("burnout_angle_deg", "burnout deg"),
    ("reentry_speed_mps", "reentry m/s"), ("miss_km", "miss km"), ("status", "status"),
]

CONSOLE_COLUMNS = {"launch": "launch", "aim": "aim", "shape": "shape", "missile": "missile",
                   "range_km": "km", "apogee_km": "apogee", "flight_time_s": "s",
                   "status": "status"}


def _cell(value) -> str:
    if value is None:
        return ""
    return f"{value:.0f}" if isinstance(value, float) else str(value)


def _row(c: ThreatCase) -> dict:
    return {"launch": c.launch, "aim": c.aim, "shape": c.shape, "missile": c.missile,
            "status": c.status, **{k: c.summary.get(k) for k, _ in COLUMNS[4:-1]}}


def run_demo(out: Path, console: Console, scenario_name: str = "japan-threats",
             with_coverage: bool = True) -> list[Path]:
    scenario = load_scenario(scenario_name)
    out.mkdir(parents=True, exist_ok=True)
    total = len(expand(scenario))
    console.print(f"[bold]ashore demo[/]: {scenario.name}: {total} threats "
                  f"({scenario.description.split('.')[0]}).")
    with Progress(TextColumn("{task.description:<28}"), BarColumn(), TextColumn("{task.completed}"
                  "/{task.total}"), TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("flying threats", total=total)

        def step(desc: str, advance: int) -> None:
            bar.update(task, advance=advance, description=f"flying threats: {desc}")

        cases = run_study(scenario, step)
        bar.update(task, description="flying threats: done")

    engagements = []
    defence = scenario_defence(scenario)
    sites = defence.sites
    if sites:
        with console.status("engagement windows against the interceptor sites..."):
            engagements = engage_study(scenario, cases, defence)
    rows = [_row(c) for c in cases]
    paths = [out / "summary.csv", out / "summary.json", out / "summary.md"]
    with paths[0].open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[k for k, _ in COLUMNS])
        w.writeheader()
        w.writerows(rows)
    earth = scenario.options.earth.model()
    paths[1].write_text(json.dumps({"scenario": scenario.name, "assumptions": earth.describe(),
                                    "threats": rows}, indent=1))
    paths[2].write_text(_markdown(scenario, rows, earth.describe()))
    paths += plot_profiles_by_aim(cases, out)
    paths.append(plot_ground_tracks(cases, scenario, out / "ground_tracks.png"))
    paths.append(write_tracks_geojson(cases, out / "ground_tracks.geojson"))
    if engagements:
        paths.append(_write_engagements(engagements, out / "engagements.csv"))

    table = Table(title=f"{scenario.name}: threat trajectories (details in summary.md)",
                  box=box.SIMPLE, pad_edge=False)
    for key, head in CONSOLE_COLUMNS.items():
        table.add_column(head, no_wrap=True, justify="right" if key.endswith(("km", "_s"))
                         else "left")
    for r in rows:
        cells = [_cell(r[k]) for k in CONSOLE_COLUMNS]
        cells[-1] = "ok" if r["status"] == "ok" else "not flown"
        table.add_row(*cells)
    console.print(table)
    if engagements:
        _print_engagements(engagements, sites, console)
    flown = sum(c.status == "ok" for c in cases)
    console.print(f"{flown} of {len(cases)} threats flown; results in {out}/: "
                  + ", ".join(p.name for p in paths))
    if with_coverage:
        from ashore.cli.demo_coverage import run_demo_coverage
        from ashore.cli.report_build import run_report

        cov_paths, studies = run_demo_coverage(out, console)
        paths += cov_paths
        console.print(f"coverage maps and layers in {out}/coverage/")
        with console.status("report: trajectories, engagements and booster drop...") as status:
            rep = run_report("japan-2017", out / "report", coverage_study=studies["japan-2017"],
                             progress=lambda m: status.update(f"report: {m}"))
        console.print(f"report (opens offline in any browser): {rep['report']}")
        paths.append(Path(rep["report"]))
    return paths


def _write_engagements(engagements, path: Path) -> Path:
    rows = [e.row() for e in engagements]
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def _print_engagements(engagements, sites, console: Console) -> None:
    """Per aim and shape: how many threats each site can engage, and with two shots."""
    table = Table(title="engagements by the interceptor sites (details in engagements.csv)",
                  box=box.SIMPLE, pad_edge=False)
    table.add_column("aim")
    table.add_column("shape")
    for s in sites:
        table.add_column(f"{s.name}: 1+ / 2+ shots", justify="right")
    table.add_column("binding (not engaged)")
    groups: dict[tuple, list] = {}
    for e in engagements:
        groups.setdefault((e.case.aim, e.case.shape), []).append(e)
    for (aim, shape), group in groups.items():
        cells = []
        for s in sites:
            mine = [e for e in group if e.site == s.name]
            one = sum(e.engageable for e in mine)
            two = sum(e.shots >= 2 for e in mine)
            cells.append(f"{one}/{len(mine)}, {two}/{len(mine)}")
        reasons = sorted({e.binding for e in group if e.binding})
        table.add_row(str(aim), shape, *cells, ", ".join(reasons))
    console.print(table)


def _markdown(scenario, rows: list[dict], assumptions: list[str]) -> str:
    lines = [f"# {scenario.name}", "", scenario.description.strip(), "",
             "| " + " | ".join(h for _, h in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join("" if r[k] is None else str(r[k]) for k, _ in COLUMNS)
                     + " |")
    lines += ["", "## Assumptions", "", *(f"- {a}" for a in assumptions)]
    lines += ["", "## Places", ""]
    for name, p in scenario.places.items():
        src = f" ({p.source}; {p.tier})" if p.source else f" ({p.tier})"
        lines.append(f"- {name}: {p.lat_deg:.3f} N, {p.lon_deg:.3f} E, {p.description}{src}")
    return "\n".join(lines) + "\n"
