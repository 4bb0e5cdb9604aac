"""`ashore flyout`: an interceptor's kinematics and fly-out fan (:func:`ashore.flyout`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ashore.cli.app import app, busy, check_out, print_assumptions, print_result, with_outputs
from ashore.cli.options import EARTH, INTERCEPTOR, JsonOpt, with_options


@app.command()
@with_options(INTERCEPTOR, EARTH)
def flyout(
    interceptor: dict,
    earth: object,
    vertical: Annotated[bool, typer.Option("--vertical", help="Only the vertical shot: burnout "
                                           "speed and ceiling (no fan).")] = False,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(help="Write flyout_fan.csv and .png here.")] = None,
) -> None:
    """An interceptor's burnout speed, vertical ceiling and fly-out fan (time to reach)."""
    from ashore.api import flyout as run

    check_out(out)
    with busy(json_out, "flying the fan (cached after the first run)..."):
        result = with_outputs(run(**interceptor, vertical=vertical, earth=earth,
                                  keep_curves=out is not None), out)
    print_result(result, json_out, f"flyout: {result['interceptor']}")
    print_assumptions(result, json_out)
