"""The ``ashore`` command line. Every user mistake ends with one line on stderr and status 2."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ashore import __version__
from ashore.catalog.missiles import builtin_missiles, get_missile, load_missile_file
from ashore.cli.parsing import parse_latlon
from ashore.earth.model import EarthModel
from ashore.errors import AshoreError, InputError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="ashore: open physics-based analysis of layered ballistic-missile defence.",
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)
console = Console()


class Shape(StrEnum):
    min_energy = "min-energy"
    lofted = "lofted"
    depressed = "depressed"
    max_range = "max-range"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ashore {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """ashore: open physics-based analysis of layered ballistic-missile defence."""


def _fail(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _earth(no_rotation: bool, no_j2: bool, no_atmosphere: bool, sphere: bool) -> EarthModel:
    return EarthModel().with_switches(
        no_rotation=no_rotation, no_j2=no_j2, no_atmosphere=no_atmosphere, sphere=sphere
    )


@app.command()
def trajectory(
    from_: Annotated[str, typer.Option("--from", help="Launch (or burnout) point LAT,LON, deg.")],
    to: Annotated[str | None, typer.Option(help="Aim point LAT,LON, deg.")] = None,
    missile: Annotated[str | None, typer.Option(help="Built-in missile name.")] = None,
    missile_file: Annotated[Path | None, typer.Option(help="Missile YAML file.")] = None,
    shape: Annotated[Shape, typer.Option(help="Trajectory shape.")] = Shape.min_energy,
    apogee_km: Annotated[float | None, typer.Option(help="Apogee for lofted/depressed.")] = None,
    azimuth: Annotated[float | None, typer.Option(help="Azimuth, deg from north.")] = None,
    burnout_speed_mps: Annotated[
        float | None, typer.Option(help="Free flight: burnout speed, m/s.")
    ] = None,
    burnout_angle_deg: Annotated[
        float | None, typer.Option(help="Free flight: flight-path angle, deg.")
    ] = None,
    burnout_altitude_km: Annotated[float, typer.Option(help="Free flight: altitude, km.")] = 0.0,
    ballistic_coefficient: Annotated[
        float, typer.Option(help="Free flight: ballistic coefficient, kg/m^2.")
    ] = 5000.0,
    no_rotation: Annotated[bool, typer.Option(help="Non-rotating Earth.")] = False,
    no_j2: Annotated[bool, typer.Option(help="Point-mass gravity.")] = False,
    no_atmosphere: Annotated[bool, typer.Option(help="No drag; vacuum thrust.")] = False,
    sphere: Annotated[bool, typer.Option(help="Spherical Earth of mean radius.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    out: Annotated[Path | None, typer.Option(help="Write CSV, GeoJSON, KML and PNG here.")] = None,
) -> None:
    """Fly one trajectory: targeted (--to), max-range (--azimuth) or free flight from burnout."""
    from ashore.cli.trajectory_cmd import run_trajectory

    try:
        result = run_trajectory(
            from_=parse_latlon(from_, "--from"),
            to=parse_latlon(to, "--to") if to else None,
            missile=missile,
            missile_file=missile_file,
            shape=shape.value,
            apogee_km=apogee_km,
            azimuth_deg=azimuth,
            burnout_speed_mps=burnout_speed_mps,
            burnout_angle_deg=burnout_angle_deg,
            burnout_altitude_km=burnout_altitude_km,
            ballistic_coefficient=ballistic_coefficient,
            earth=_earth(no_rotation, no_j2, no_atmosphere, sphere),
            out=out,
            progress=not json_out,
        )
    except AshoreError as exc:
        _fail(str(exc))
    if json_out:
        typer.echo(json.dumps(result))
    else:
        table = Table(title=f"trajectory: {result.get('missile', 'free flight')}")
        table.add_column("quantity")
        table.add_column("value", justify="right")
        for key, value in result.items():
            if key not in ("assumptions", "outputs"):
                table.add_row(key, str(value))
        console.print(table)
        if result.get("outputs"):
            console.print("wrote: " + ", ".join(result["outputs"]))


@app.command()
def catalog(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the built-in missiles with their key figures, sources and evidence tiers."""
    from ashore.catalog.listing import catalog_entries

    try:
        entries = catalog_entries()
    except AshoreError as exc:
        _fail(str(exc))
    if json_out:
        typer.echo(json.dumps(entries, indent=1))
        return
    table = Table(title="ashore catalog: threat missiles (notional, public sources)")
    for col in ("name", "stages", "launch t", "payload kg", "burn s", "ideal dv km/s",
                "reported km", "sources (tier)"):
        table.add_column(col)
    for e in entries["missiles"]:
        table.add_row(
            e["name"], str(e["stages"]), f"{e['launch_mass_kg'] / 1e3:.1f}",
            f"{e['payload_mass_kg']:.0f}", f"{e['total_burn_time_s']:.0f}",
            f"{e['ideal_delta_v_m_s'] / 1e3:.2f}", str(e["reported_range_km"]),
            "; ".join(f"{k}: {v['tier']}" for k, v in e["provenance"].items()),
        )
    console.print(table)


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out"),
) -> None:
    """Built-in study: threats from North Korean launch areas to Japanese cities, three shapes."""
    from ashore.cli.demo_cmd import run_demo

    try:
        run_demo(out, console)
    except AshoreError as exc:
        _fail(str(exc))


def load_missile(name: str | None, path: Path | None):
    if name and path:
        raise InputError("give either --missile NAME or --missile-file FILE, not both")
    if path:
        return load_missile_file(path)
    if name:
        return get_missile(name)
    raise InputError(
        f"name a missile with --missile NAME ({', '.join(builtin_missiles())}) "
        "or --missile-file FILE, or give --burnout-speed-mps for free flight"
    )


def main() -> None:  # pragma: no cover - entry point wrapper
    try:
        app()
    except AshoreError as exc:
        err_console.print(f"error: {exc}")
        sys.exit(2)

