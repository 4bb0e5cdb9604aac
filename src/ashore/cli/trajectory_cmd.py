"""`ashore trajectory`: targeted, max-range or free flight (:func:`ashore.fly`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ashore.cli.app import (
    app,
    busy,
    check_out,
    console,
    dumps,
    json_ready,
    print_assumptions,
    with_outputs,
)
from ashore.cli.options import EARTH, FLIGHT, JsonOpt, with_options


@app.command()
@with_options(FLIGHT, EARTH)
def trajectory(
    flight: dict,
    earth: object,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(help="Write CSV, GeoJSON, KML and PNG here.")] = None,
) -> None:
    """Fly one trajectory: targeted (--to), max-range (--azimuth) or free flight from burnout."""
    from ashore.api import fly

    check_out(out)
    with busy(json_out, "flying (targeting takes a few seconds)..."):
        result = with_outputs(fly(**flight, earth=earth, record=out is not None), out)
    if json_out:
        typer.echo(dumps(result))
        return
    table = Table(title=escape(f"trajectory: {result.get('missile', 'free flight')}"))
    table.add_column("quantity")
    table.add_column("value", justify="right")
    for key, value in json_ready(result).items():
        if key == "staging":
            for k, sep in enumerate(value, start=1):
                table.add_row(f"staging_{k}", escape(
                    f"{sep['time_s']} s, {sep['speed_mps']} m/s, {sep['altitude_km']} km"))
        elif key not in ("assumptions", "outputs"):
            table.add_row(escape(key), escape("-" if value is None else str(value)))
    console.print(table)
    if not result.get("impacted", True):
        console.print("note: the body did not come down within the 4 h flight limit")
    print_assumptions(result, json_out)
    if result.get("outputs"):
        console.print(escape("wrote: " + ", ".join(result["outputs"])), highlight=False)
