"""The coverage part of ``ashore demo``: japan-2017 against its two alternatives."""

from __future__ import annotations

import json
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from ashore.analysis.coverage_study import families, run_coverage, summary
from ashore.io.coverage_maps import write_layers, write_maps
from ashore.scenario.schema import load_scenario

DEMO_SCENARIOS = ("japan-2017", "japan-asev", "japan-ddg")
DEMO_GRID_KM = 20.0
"""The demo's cell size (the command's default is the scenario's, 10 km): it keeps the demo
within a few minutes on two cores; ``ashore coverage japan-2017`` gives the 10 km figures."""


def run_demo_coverage(out: Path, console: Console) -> tuple[list[Path], dict]:
    """Footprints of the three configurations (threat fans are flown once and shared), a
    comparison table, and per scenario its maps and cell layers under ``out/coverage/``."""
    paths: list[Path] = []
    studies = {}
    rows = {}
    with console.status("coverage: flying the threat fans over Japan (shared by the three "
                        "configurations)...") as status:
        for name in DEMO_SCENARIOS:
            def progress(message: str, name=name) -> None:
                status.update(f"coverage {name}: {message}")

            study = run_coverage(load_scenario(name), DEMO_GRID_KM, progress)
            studies[name] = study
            rows[name] = summary(study)
            folder = out / "coverage" / name
            folder.mkdir(parents=True, exist_ok=True)
            fams = families(study)
            paths += write_maps(study, fams, folder) + write_layers(study, fams, folder)
    table = Table(title=f"defended footprints over Japan ({DEMO_GRID_KM:g} km cells; share "
                  "of people defended with 1+ / 2+ shots)", box=box.SIMPLE, pad_edge=False)
    table.add_column("configuration")
    fams = list(next(iter(rows.values()))["threat_families"])
    for fam in fams:
        table.add_column(fam, justify="right")
    for name, r in rows.items():
        cells = []
        for fam in fams:
            f = r["threat_families"][fam]
            one, two = f["population_fraction_one_shot"], f["population_fraction_two_shots"]
            cells.append(f"{100 * (one or 0):.1f}% / {100 * (two or 0):.1f}%")
        table.add_row(f"{name} ({', '.join(r['sites'])})", *cells)
    console.print(table)
    summary_path = out / "coverage" / "summary.json"
    summary_path.write_text(json.dumps(rows, indent=1))
    paths.append(summary_path)
    return paths, studies
