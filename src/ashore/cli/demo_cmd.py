"""`ashore demo`: the command; the work is in :mod:`ashore.cli.demo_study`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ashore.cli.app import app, console


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out"),
) -> None:
    """Built-in study: threats to Japanese cities, their engagement by the two Aegis Ashore
    sites, and the defended footprints of japan-2017 against japan-asev and japan-ddg."""
    from ashore.cli.demo_study import run_demo

    run_demo(out, console)
