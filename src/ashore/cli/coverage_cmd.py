"""`ashore coverage`: defended footprints of a scenario, optionally swept over one parameter
(:func:`ashore.coverage`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from ashore.cli.app import (
    app,
    busy,
    check_out,
    console,
    dumps,
    print_assumptions,
    print_outputs,
    progress_to,
    with_outputs,
)
from ashore.cli.options import GridOpt, JsonOpt, ScenarioArg
from ashore.errors import InputError


def parse_sweep(text: str) -> tuple[str, np.ndarray]:
    """``PARAM=START:STOP:STEP`` -> (param, values), STOP included when on the grid."""
    if "=" not in text:
        raise InputError(f"--sweep '{text}' must look like PARAM=START:STOP:STEP, e.g. "
                         "decision_delay_s=0:300:30")
    name, rng = text.split("=", 1)
    name = name.strip()
    from ashore.analysis.coverage_study import SWEEPABLE

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
    return name, values.tolist()



@app.command("coverage")
def coverage_command(
    scenario: ScenarioArg,
    grid_km: GridOpt = None,
    sweep: Annotated[str | None, typer.Option(
        "--sweep", help="Vary one parameter: PARAM=START:STOP:STEP, e.g. "
        "decision_delay_s=0:300:30.")] = None,
    with_layer: Annotated[list[str] | None, typer.Option(
        "--with", help="Add an optional layer, e.g. pac3-japan (repeatable).")] = None,
    family: Annotated[list[str] | None, typer.Option(
        "--family", help="Only this threat family, e.g. nodong (repeatable; quicker).")] = None,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(help="Write maps (PNG), GeoJSON and KML here.")
                   ] = None,
) -> None:
    """Defended footprints: share of area and population defended with one and two shots."""
    from ashore.api import coverage

    swept = parse_sweep(sweep) if sweep else None
    check_out(out)
    with busy(json_out, "coverage: flying the threat fans (a minute or two)...") as status:
        result = with_outputs(coverage(scenario, grid_km=grid_km, layers=with_layer or (),
                                       families=family, sweep=swept,
                                       progress=progress_to(status, "coverage: ")), out)
    if json_out:
        typer.echo(dumps(result))
        return
    table = Table(title=escape(f"coverage: {result['scenario']} ({result['cells']} cells of "
                               f"{result['grid_km']:g} km)"), box=box.SIMPLE_HEAD,
                  title_justify="left")
    for col in ("threat", "area 1+", "area 2+", "people 1+", "people 2+", "undefended by"):
        table.add_column(col, justify="left" if col in ("threat", "undefended by") else "right")

    def pct(x):
        return "-" if x is None else f"{100 * x:.1f}%"

    for fam, f in result["threat_families"].items():
        why = ", ".join(f"{k} {100 * v:.0f}%" for k, v in f["undefended_area_by_binding"].items())
        table.add_row(escape(fam), pct(f["area_fraction_one_shot"]),
                      pct(f["area_fraction_two_shots"]), pct(f["population_fraction_one_shot"]),
                      pct(f["population_fraction_two_shots"]), escape(why))
    console.print(table)
    for name, o in result.get("overflight", {}).items():
        if o.get("flights"):
            console.print(escape(f"overflight '{name}': {o['flights']} flights, engageable "
                                 f"{pct(o['fraction_one_shot'])} with 1+ shots, "
                                 f"{pct(o['fraction_two_shots'])} with 2+"), highlight=False)
    if "sweep" in result:
        name = result["sweep"]["parameter"]
        for row in result["sweep"]["values"]:
            cells = "; ".join(f"{fam} {pct(v['population_fraction_one_shot'])} / "
                              f"{pct(v['population_fraction_two_shots'])}"
                              for fam, v in row.items() if fam != name)
            console.print(escape(f"{name} = {row[name]:g}: people defended (1+/2+ shots): "
                                 f"{cells}"), highlight=False)
    print_outputs(result)
    print_assumptions(result, json_out)
