"""`ashore report`: the command; the work is in :mod:`ashore.cli.report_build`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ashore.cli.app import app, busy, console, progress_to
from ashore.cli.options import ScenarioArg


@app.command()
def report(
    scenario: ScenarioArg,
    out: Annotated[Path, typer.Option(help="Output folder (report.html and its figures).")],
    grid_km: Annotated[float | None, typer.Option("--grid-km", help="Cell size, km.")] = None,
) -> None:
    """A self-contained HTML report: coverage maps and tables, threat trajectories, engagement
    timelines, booster drop, and every assumption with its source."""
    from ashore.cli.report_build import run_report

    with busy(False, "report: running the coverage study...") as status:
        result = run_report(scenario, out, grid_km=grid_km,
                            progress=progress_to(status, "report: "))
    console.print(escape(f"wrote {result['report']} ({result['figures']} figures, "
                         f"{result['seconds']:.0f} s)"), highlight=False)
