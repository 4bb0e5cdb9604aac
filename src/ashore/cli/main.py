"""The ``ashore`` command line. Every user mistake ends with one line on stderr and status 2."""

from __future__ import annotations

import json
import math
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from ashore import __version__
from ashore.cli.parsing import parse_latlon
from ashore.earth.model import EarthModel
from ashore.errors import AshoreError, InputError

# typer vendors click in recent versions and re-exports only some of its exceptions; find the
# base classes through the one it does re-export, whatever the version.
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

DEBUG_ENV = "ASHORE_DEBUG"
"""Set this environment variable to 1 to see the traceback of an unexpected (internal) error."""


def _one_line(message: str) -> str:
    """Collapse a message onto one line (file names or library messages may hold newlines)."""
    return " ".join(str(message).split())


def _print_error(message: str) -> None:
    err_console.print(
        f"[bold red]error:[/] {escape(_one_line(message))}", highlight=False, soft_wrap=True
    )


class _OneLineErrors(TyperGroup):
    """Every way the command line can fail ends in one line on stderr.

    Usage mistakes caught by the option parser (a missing --from, a word where a number
    belongs, an unknown --shape) exit with status 2 like our own input errors; an unexpected
    internal error exits with status 1 and asks for a report (``ASHORE_DEBUG=1`` shows the
    traceback).
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _CLICK_EXCEPTION as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                # Bare `ashore`: rich has already printed the help; plain click carries it here.
                if exc.format_message().strip():
                    typer.echo(exc.format_message(), err=True)
                sys.exit(2)
            hint = ""
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                hint = f" (see '{ctx.command_path} --help')"
            _print_error(exc.format_message() + hint)
            sys.exit(2 if exc.exit_code == 2 else exc.exit_code)
        except AshoreError as exc:  # raised outside a command's own handler
            _print_error(str(exc))
            sys.exit(2)
        except Exception as exc:
            if type(exc).__name__ == "Abort":
                _print_error("aborted")
                sys.exit(1)
            if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
                raise
            _print_error(
                f"internal error ({type(exc).__name__}: {exc}); please report it with the "
                f"command you ran ({DEBUG_ENV}=1 shows the traceback)"
            )
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_OneLineErrors,
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
    _print_error(message)
    raise typer.Exit(2)


def _finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by None, so JSON never holds NaN."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _dumps(value: Any, **kwargs: Any) -> str:
    return json.dumps(_finite(value), allow_nan=False, **kwargs)


def _earth(no_rotation: bool, no_j2: bool, no_atmosphere: bool, sphere: bool) -> EarthModel:
    return EarthModel().with_switches(
        no_rotation=no_rotation, no_j2=no_j2, no_atmosphere=no_atmosphere, sphere=sphere
    )


# Flight options shared by every command that flies a trajectory (trajectory, detect).
FromOpt = Annotated[str, typer.Option("--from", help="Launch (or burnout) point LAT,LON, deg.")]
ToOpt = Annotated[
    str | None,
    typer.Option("--to", help="Aim point LAT,LON, deg (free flight heads for it; miss reported)."),
]
MissileOpt = Annotated[str | None, typer.Option("--missile", help="Built-in missile name.")]
MissileFileOpt = Annotated[Path | None, typer.Option("--missile-file", help="Missile YAML file.")]
ShapeOpt = Annotated[Shape, typer.Option("--shape", help="Trajectory shape.")]
ApogeeOpt = Annotated[
    float | None, typer.Option("--apogee-km", help="Apogee for lofted/depressed, km.")
]
AzimuthOpt = Annotated[
    float | None,
    typer.Option("--azimuth", help="Azimuth, deg from north (max-range, free flight)."),
]
BurnoutSpeedOpt = Annotated[
    float | None, typer.Option("--burnout-speed-mps", help="Free flight: burnout speed, m/s.")
]
BurnoutAngleOpt = Annotated[
    float | None,
    typer.Option("--burnout-angle-deg", help="Free flight: flight-path angle, deg."),
]
BurnoutAltOpt = Annotated[
    float | None,
    typer.Option("--burnout-altitude-km", help="Free flight: altitude, km (default 0)."),
]
BetaOpt = Annotated[
    float | None,
    typer.Option("--ballistic-coefficient",
                 help="Free flight: ballistic coefficient, kg/m^2 (default 5000)."),
]
NoRotationOpt = Annotated[bool, typer.Option("--no-rotation", help="Non-rotating Earth.")]
NoJ2Opt = Annotated[bool, typer.Option("--no-j2", help="Point-mass gravity.")]
NoAtmosphereOpt = Annotated[bool, typer.Option("--no-atmosphere", help="No drag; vacuum thrust.")]
SphereOpt = Annotated[bool, typer.Option("--sphere", help="Spherical Earth of mean radius.")]


def _flight_request(from_, to, missile, missile_file, shape, apogee_km, azimuth,
                    burnout_speed_mps, burnout_angle_deg, burnout_altitude_km,
                    ballistic_coefficient, no_rotation, no_j2, no_atmosphere, sphere) -> dict:
    """The flight flags as keyword arguments of ``trajectory_cmd.fly_request``."""
    return dict(
        from_=parse_latlon(from_, "--from"),
        to=parse_latlon(to, "--to") if to is not None else None,
        missile=missile, missile_file=missile_file, shape=shape.value, apogee_km=apogee_km,
        azimuth_deg=azimuth, burnout_speed_mps=burnout_speed_mps,
        burnout_angle_deg=burnout_angle_deg, burnout_altitude_km=burnout_altitude_km,
        ballistic_coefficient=ballistic_coefficient,
        earth=_earth(no_rotation, no_j2, no_atmosphere, sphere),
    )


@app.command()
def trajectory(
    from_: FromOpt,
    to: ToOpt = None,
    missile: MissileOpt = None,
    missile_file: MissileFileOpt = None,
    shape: ShapeOpt = Shape.min_energy,
    apogee_km: ApogeeOpt = None,
    azimuth: AzimuthOpt = None,
    burnout_speed_mps: BurnoutSpeedOpt = None,
    burnout_angle_deg: BurnoutAngleOpt = None,
    burnout_altitude_km: BurnoutAltOpt = None,
    ballistic_coefficient: BetaOpt = None,
    no_rotation: NoRotationOpt = False,
    no_j2: NoJ2Opt = False,
    no_atmosphere: NoAtmosphereOpt = False,
    sphere: SphereOpt = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    out: Annotated[Path | None, typer.Option(help="Write CSV, GeoJSON, KML and PNG here.")] = None,
) -> None:
    """Fly one trajectory: targeted (--to), max-range (--azimuth) or free flight from burnout."""
    from contextlib import nullcontext

    from ashore.cli.trajectory_cmd import run_trajectory

    busy = (nullcontext() if json_out
            else err_console.status("flying (targeting takes a few seconds)...", spinner="dots"))
    try:
        with busy:
            result = run_trajectory(
                **_flight_request(from_, to, missile, missile_file, shape, apogee_km, azimuth,
                                  burnout_speed_mps, burnout_angle_deg, burnout_altitude_km,
                                  ballistic_coefficient, no_rotation, no_j2, no_atmosphere,
                                  sphere),
                out=out,
            )
    except AshoreError as exc:
        _fail(str(exc))
    if json_out:
        typer.echo(_dumps(result))
        return
    table = Table(title=escape(f"trajectory: {result.get('missile', 'free flight')}"))
    table.add_column("quantity")
    table.add_column("value", justify="right")
    for key, value in _finite(result).items():
        if key == "staging":
            for k, sep in enumerate(value, start=1):
                table.add_row(f"staging_{k}", escape(
                    f"{sep['time_s']} s, {sep['speed_mps']} m/s, {sep['altitude_km']} km"))
        elif key not in ("assumptions", "outputs"):
            table.add_row(escape(key), escape("-" if value is None else str(value)))
    console.print(table)
    if not result.get("impacted", True):
        console.print("note: the body did not come down within the 4 h flight limit")
    for line in result.get("assumptions", []):
        console.print(escape(f"assumption: {line}"), highlight=False)
    if result.get("outputs"):
        console.print(escape("wrote: " + ", ".join(result["outputs"])), highlight=False)


def _fmt(value: float | None, fmt: str, scale: float = 1.0) -> str:
    return "-" if value is None else format(value / scale, fmt)


@app.command()
def catalog(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the built-in missiles, radars and interceptors with sources and evidence tiers."""
    from ashore.catalog.listing import catalog_entries

    try:
        entries = catalog_entries()
    except AshoreError as exc:
        _fail(str(exc))
    if json_out:
        typer.echo(_dumps(entries, indent=1))
        return
    missiles = entries["missiles"]
    table = Table(
        title="ashore catalog: threat missiles (notional parameters, public sources)",
        box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left",
    )
    table.add_column("name", no_wrap=True)
    for col in ("stages", "launch t", "payload kg", "burn s", "dv km/s", "range km"):
        table.add_column(col, justify="right", no_wrap=True)
    for e in missiles:
        table.add_row(
            escape(e["name"]), str(e["stages"]), _fmt(e["launch_mass_kg"], ".1f", 1e3),
            _fmt(e["payload_mass_kg"], ".0f"), _fmt(e["total_burn_time_s"], ".0f"),
            _fmt(e["ideal_delta_v_m_s"], ".2f", 1e3), _fmt(e["reported_range_km"], ".0f"),
        )
    console.print(table)
    console.print(
        "launch t: launch mass in tonnes; dv: ideal (vacuum, Tsiolkovsky) delta-v of the stack; "
        "range km: reported range", highlight=False,
    )
    console.print()
    radars = Table(title="radars (notional parameters, public sources)", box=box.SIMPLE_HEAD,
                   pad_edge=False, title_justify="left")
    radars.add_column("name", no_wrap=True)
    for col in ("GHz", "faces", "det. km @0.05 m2", "max km", "revisit s"):
        radars.add_column(col, justify="right", no_wrap=True)
    for e in entries["radars"]:
        radars.add_row(escape(e["name"]), _fmt(e["frequency_ghz"], ".1f"),
                       str(e["faces"] or "360"), _fmt(e["detection_range_km_at_0.05_m2"], ".0f"),
                       _fmt(e["max_range_km"], ".0f"), _fmt(e["revisit_s"], "g"))
    console.print(radars)
    console.print()
    icps = Table(title="interceptors (notional parameters, public sources)", box=box.SIMPLE_HEAD,
                 pad_edge=False, title_justify="left")
    icps.add_column("name", no_wrap=True)
    for col in ("kg", "dv km/s", "intercept km", "divert", "fly-out"):
        icps.add_column(col, justify="right", no_wrap=True)
    for e in entries["interceptors"]:
        icps.add_row(escape(e["name"]), _fmt(e["launch_mass_kg"], ".0f"),
                     _fmt(e["ideal_delta_v_m_s"], ".2f", 1e3),
                     f"{e['regime']} {e['min_intercept_alt_km']:g}-"
                     f"{e['max_intercept_alt_km']:g}",
                     _fmt(e["divert_delta_v_m_s"], ".0f"), _fmt(e["max_flyout_s"], ".0f"))
    console.print(icps)
    console.print("dv: ideal delta-v; intercept km: regime and altitude band; divert: kill "
                  "vehicle divert budget, m/s; fly-out: longest fly-out, s", highlight=False)
    console.print()
    console.print("[bold]sources[/] (evidence tier: published, derived or notional)")
    sources = Table.grid(padding=(0, 1))
    sources.add_column(no_wrap=True)
    sources.add_column(no_wrap=True)
    sources.add_column()
    for e in missiles + entries["radars"] + entries["interceptors"]:
        sources.add_row(f"[bold]{escape(e['name'])}[/]", "", escape(e["description"]))
        for key, prov in e["provenance"].items():
            sources.add_row(f"  {escape(key)}", escape(prov["tier"]), escape(prov["source"]))
    console.print(sources, highlight=False)


@app.command()
def horizon(
    site: Annotated[str, typer.Option("--site", help="Radar site LAT,LON,ALT_M (m above sea).")],
    dem: Annotated[list[Path] | None, typer.Option("--dem", help="DEM file (.hgt, .tif); "
                                                   "repeat for several tiles.")] = None,
    peak: Annotated[list[str] | None, typer.Option("--peak", help="Obstacle NAME,LAT,LON,ALT_M; "
                                                   "repeatable.")] = None,
    k_factor: Annotated[float, typer.Option("--k-factor", help="Effective Earth radius "
                                            "factor (refraction).")] = 4.0 / 3.0,
    step_deg: Annotated[float, typer.Option("--step-deg", help="Azimuth step, deg.")] = 0.1,
    max_range_km: Annotated[float, typer.Option("--max-range-km",
                                                help="How far terrain is searched.")] = 100.0,
    to: Annotated[str | None, typer.Option("--to", help="Point LAT,LON,ALT_M: its elevation "
                                           "angle, distance and curvature drop.")] = None,
    claimed_deg: Annotated[float | None, typer.Option("--claimed-deg", help="A claimed "
                                                      "elevation angle to --to: the vertical "
                                                      "exaggeration it implies.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    out: Annotated[Path | None, typer.Option(help="Write horizon.csv and horizon.png.")] = None,
) -> None:
    """Terrain mask of a radar site (curvature and refraction), or the elevation to a point."""
    from ashore.cli.parsing import parse_peak, parse_site
    from ashore.cli.sensors_cmd import run_horizon

    try:
        if k_factor <= 0 or not math.isfinite(k_factor):
            raise InputError(f"--k-factor must be positive, got {k_factor}")
        result = run_horizon(
            parse_site(site, "--site"), dem or [], [parse_peak(p, "--peak") for p in peak or []],
            k_factor, step_deg, max_range_km,
            parse_site(to, "--to") if to is not None else None, claimed_deg, out,
        )
    except AshoreError as exc:
        _fail(str(exc))
    _print_result(result, json_out, "horizon")


@app.command()
def detect(
    site: Annotated[str, typer.Option("--site", help="Radar site LAT,LON,ALT_M (m above sea).")],
    from_: FromOpt,
    radar: Annotated[str | None, typer.Option("--radar", help="Built-in radar name.")] = None,
    radar_file: Annotated[Path | None, typer.Option("--radar-file", help="Radar YAML.")] = None,
    boresight_deg: Annotated[float | None, typer.Option(
        "--boresight-deg", help="Point the radar's first face to this azimuth, deg.")] = None,
    rcs_m2: Annotated[float, typer.Option("--rcs-m2", help="Target RCS, m^2.")] = 0.05,
    dem: Annotated[list[Path] | None, typer.Option("--dem", help="DEM file(s) for the site's "
                                                   "terrain mask.")] = None,
    peak: Annotated[list[str] | None, typer.Option("--peak", help="Obstacle NAME,LAT,LON,"
                                                   "ALT_M; repeatable.")] = None,
    to: ToOpt = None,
    missile: MissileOpt = None,
    missile_file: MissileFileOpt = None,
    shape: ShapeOpt = Shape.min_energy,
    apogee_km: ApogeeOpt = None,
    azimuth: AzimuthOpt = None,
    burnout_speed_mps: BurnoutSpeedOpt = None,
    burnout_angle_deg: BurnoutAngleOpt = None,
    burnout_altitude_km: BurnoutAltOpt = None,
    ballistic_coefficient: BetaOpt = None,
    no_rotation: NoRotationOpt = False,
    no_j2: NoJ2Opt = False,
    no_atmosphere: NoAtmosphereOpt = False,
    sphere: SphereOpt = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """When a radar first detects a trajectory, how long it tracks it, or why it never does."""
    from ashore.cli.parsing import parse_peak, parse_site
    from ashore.cli.sensors_cmd import run_detect

    try:
        result = run_detect(
            radar_name=radar, radar_file=radar_file, site=parse_site(site, "--site"),
            boresight_deg=boresight_deg, rcs_m2=rcs_m2, dem_files=dem or [],
            peaks=[parse_peak(p, "--peak") for p in peak or []],
            flight=_flight_request(from_, to, missile, missile_file, shape, apogee_km, azimuth,
                                   burnout_speed_mps, burnout_angle_deg, burnout_altitude_km,
                                   ballistic_coefficient, no_rotation, no_j2, no_atmosphere,
                                   sphere),
        )
    except AshoreError as exc:
        _fail(str(exc))
    _print_result(result, json_out, f"detect: {result['radar']}")


def _print_result(result: dict, json_out: bool, title: str) -> None:
    """One JSON object, or a two-column table of the top-level figures."""
    if json_out:
        typer.echo(_dumps(result))
        return
    table = Table(title=escape(title), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    for key, value in _finite(result).items():
        if isinstance(value, dict):
            for sub_key, sub_value in value.items():
                if not isinstance(sub_value, list | dict):
                    table.add_row(escape(f"{key}.{sub_key}"),
                                  escape("-" if sub_value is None else str(sub_value)))
        elif key not in ("outputs", "assumptions") and not isinstance(value, list):
            table.add_row(escape(key), escape("-" if value is None else str(value)))
    console.print(table)
    if result.get("outputs"):
        console.print(escape("wrote: " + ", ".join(result["outputs"])))


InterceptorOpt = Annotated[str | None, typer.Option("--interceptor",
                                                   help="Built-in interceptor name.")]
InterceptorFileOpt = Annotated[Path | None, typer.Option("--interceptor-file",
                                                         help="Interceptor YAML file.")]
SiteOpt = Annotated[str, typer.Option("--site", help="Site LAT,LON,ALT_M (m above sea).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


@app.command()
def flyout(
    interceptor: InterceptorOpt = None,
    interceptor_file: InterceptorFileOpt = None,
    vertical: Annotated[bool, typer.Option("--vertical", help="Only the vertical shot: burnout "
                                           "speed and ceiling (no fan).")] = False,
    no_rotation: NoRotationOpt = False,
    no_j2: NoJ2Opt = False,
    no_atmosphere: NoAtmosphereOpt = False,
    sphere: SphereOpt = False,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(help="Write flyout_fan.csv and .png here.")] = None,
) -> None:
    """An interceptor's burnout speed, vertical ceiling and fly-out fan (time to reach)."""
    from ashore.cli.intercept_cmd import run_flyout

    try:
        with _busy(json_out, "flying the fan (cached after the first run)..."):
            result = run_flyout(interceptor=interceptor, interceptor_file=interceptor_file,
                                vertical=vertical,
                                earth=_earth(no_rotation, no_j2, no_atmosphere, sphere), out=out)
    except AshoreError as exc:
        _fail(str(exc))
    _print_result(result, json_out, f"flyout: {result['interceptor']}")
    _print_assumptions(result, json_out)


@app.command()
def engage(
    site: SiteOpt,
    from_: FromOpt,
    interceptor: InterceptorOpt = None,
    interceptor_file: InterceptorFileOpt = None,
    radar: Annotated[str | None, typer.Option("--radar", help="Built-in radar name.")] = None,
    radar_file: Annotated[Path | None, typer.Option("--radar-file", help="Radar YAML.")] = None,
    boresight_deg: Annotated[float | None, typer.Option(
        "--boresight-deg", help="Point the radar's first face to this azimuth, deg.")] = None,
    rcs_m2: Annotated[float, typer.Option("--rcs-m2", help="Target RCS, m^2.")] = 0.05,
    decision_delay_s: Annotated[float, typer.Option(
        "--decision-delay-s", help="Firm track to order to fire, s.")] = 30.0,
    track_delay_s: Annotated[float, typer.Option(
        "--track-delay-s", help="First detection to fire-control track, s.")] = 10.0,
    kill_assessment_s: Annotated[float, typer.Option(
        "--kill-assessment-s", help="Intercept to kill assessment, s.")] = 10.0,
    to: ToOpt = None,
    missile: MissileOpt = None,
    missile_file: MissileFileOpt = None,
    shape: ShapeOpt = Shape.min_energy,
    apogee_km: ApogeeOpt = None,
    azimuth: AzimuthOpt = None,
    burnout_speed_mps: BurnoutSpeedOpt = None,
    burnout_angle_deg: BurnoutAngleOpt = None,
    burnout_altitude_km: BurnoutAltOpt = None,
    ballistic_coefficient: BetaOpt = None,
    no_rotation: NoRotationOpt = False,
    no_j2: NoJ2Opt = False,
    no_atmosphere: NoAtmosphereOpt = False,
    sphere: SphereOpt = False,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(help="Write the profile and timeline PNGs.")] = None,
) -> None:
    """Can a site engage a threat: window, sequential shots, or the binding constraint."""
    from ashore.cli.intercept_cmd import run_engage
    from ashore.cli.parsing import parse_site
    from ashore.intercept.pip import FireControl

    try:
        for flag, value in (("--decision-delay-s", decision_delay_s),
                            ("--track-delay-s", track_delay_s),
                            ("--kill-assessment-s", kill_assessment_s)):
            if not (math.isfinite(value) and value >= 0):
                raise InputError(f"{flag} must be zero or a positive number of seconds, "
                                 f"got {value}")
        with _busy(json_out, "flying the threat and the interceptor..."):
            result = run_engage(
                site=parse_site(site, "--site"), interceptor=interceptor,
                interceptor_file=interceptor_file, radar=radar, radar_file=radar_file,
                boresight_deg=boresight_deg, rcs_m2=rcs_m2,
                fire_control=FireControl(track_delay_s, decision_delay_s, kill_assessment_s),
                flight=_flight_request(from_, to, missile, missile_file, shape, apogee_km,
                                       azimuth, burnout_speed_mps, burnout_angle_deg,
                                       burnout_altitude_km, ballistic_coefficient,
                                       no_rotation, no_j2, no_atmosphere, sphere),
                out=out,
            )
    except AshoreError as exc:
        _fail(str(exc))
    _print_result(result, json_out, f"engage: {result['interceptor']} vs threat")
    if not json_out:
        for shot in result.get("shot_list", []):
            console.print(escape(
                f"shot: launch {shot['launch_time_s']} s -> intercept {shot['time_s']} s at "
                f"{shot['altitude_km']} km, {shot['ground_range_km']} km out; re-flown miss "
                f"{shot['reflown_miss_m']} m (divert {shot['required_divert_mps']} m/s)"),
                highlight=False)
    _print_assumptions(result, json_out)


@app.command("booster-drop")
def booster_drop(
    site: SiteOpt,
    azimuth: Annotated[float, typer.Option("--azimuth", help="Launch azimuth, deg.")],
    interceptor: InterceptorOpt = None,
    interceptor_file: InterceptorFileOpt = None,
    elevation_deg: Annotated[float, typer.Option("--elevation-deg",
                                                 help="Launch elevation, deg.")] = 60.0,
    samples: Annotated[int, typer.Option("--samples", help="Monte Carlo samples.")] = 2000,
    area: Annotated[str | None, typer.Option(
        "--area", help="GeoJSON polygon file, or mutsumi-training-area.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 1,
    wind_mps: Annotated[float, typer.Option("--wind-mps", help="Mean wind speed, m/s.")] = 0.0,
    wind_from_deg: Annotated[float, typer.Option(
        "--wind-from-deg", help="Direction the wind blows from, deg (270: a westerly).")] = 270.0,
    wind_sigma_mps: Annotated[float, typer.Option(
        "--wind-sigma-mps", help="Wind spread per east/north axis, m/s.")] = 0.0,
    no_rotation: NoRotationOpt = False,
    no_j2: NoJ2Opt = False,
    no_atmosphere: NoAtmosphereOpt = False,
    sphere: SphereOpt = False,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(help="Write impacts CSV/GeoJSON and a map.")] = None,
) -> None:
    """Where the spent first stage falls: Monte Carlo impacts, 95% ellipse, share inside an area."""
    from ashore.cli.booster_cmd import run_booster_drop, write_booster_outputs
    from ashore.cli.parsing import parse_site
    from ashore.intercept.booster import Wind

    try:
        if out is not None and out.exists() and not out.is_dir():
            raise InputError(f"--out '{out}' is a file; give a folder for the outputs")
        with _busy(json_out, "flying the booster Monte Carlo..."):
            result = run_booster_drop(
                site=parse_site(site, "--site"), interceptor_name=interceptor,
                interceptor_file=interceptor_file, azimuth_deg=azimuth,
                elevation_deg=elevation_deg, samples=samples, area_path=area, seed=seed,
                earth=_earth(no_rotation, no_j2, no_atmosphere, sphere),
                wind=Wind(wind_mps, math.radians(wind_from_deg), wind_sigma_mps),
            )
            if out is not None:
                result["outputs"] = [str(p) for p in write_booster_outputs(result, out)]
    except AshoreError as exc:
        _fail(str(exc))
    _print_result(result, json_out, f"booster drop: {result.get('interceptor', '')}")
    _print_assumptions(result, json_out)


@app.command("coverage")
def coverage_command(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or a YAML file.")],
    grid_km: Annotated[float | None, typer.Option(
        "--grid-km", help="Cell size, km (default: the scenario's, usually 10).")] = None,
    sweep: Annotated[str | None, typer.Option(
        "--sweep", help="Vary one parameter: PARAM=START:STOP:STEP, e.g. "
        "decision_delay_s=0:300:30.")] = None,
    with_layer: Annotated[list[str] | None, typer.Option(
        "--with", help="Add an optional layer, e.g. pac3-japan (repeatable).")] = None,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(help="Write maps (PNG), GeoJSON and KML here.")
                   ] = None,
) -> None:
    """Defended footprints: share of area and population defended with one and two shots."""
    from ashore.cli.coverage_cmd import run_coverage_cmd

    try:
        with _busy(json_out, "coverage: flying the threat fans (a minute or two)...") as status:
            def progress(message: str) -> None:
                if status is not None:
                    status.update(f"coverage: {message}")

            result = run_coverage_cmd(scenario, grid_km=grid_km, sweep=sweep, out=out,
                                      layers=with_layer, progress=progress)
    except AshoreError as exc:
        _fail(str(exc))
    if json_out:
        typer.echo(_dumps(result))
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
    if result.get("outputs"):
        console.print(escape("wrote: " + ", ".join(result["outputs"])), highlight=False)
    _print_assumptions(result, json_out)


@app.command("site-select")
def site_select(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or a YAML file.")],
    candidates: Annotated[Path, typer.Option("--candidates", help="YAML file: candidates: "
                                             "[{name, lat_deg, lon_deg, alt_m, interceptor, "
                                             "radar}].")],
    k: Annotated[int, typer.Option("--k", help="How many sites to choose.")],
    grid_km: Annotated[float | None, typer.Option("--grid-km", help="Cell size, km.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Choose k sites from candidates to defend the most people: greedy and exact (MILP)."""
    from ashore.analysis.siting import load_candidates, select_sites, siting_summary
    from ashore.scenario.schema import load_scenario

    try:
        if grid_km is not None and not (math.isfinite(grid_km) and grid_km > 0):
            raise InputError(f"--grid-km must be a positive number of km, got {grid_km}")
        with _busy(json_out, "site selection: flying the threat fans..."):
            result = siting_summary(select_sites(load_scenario(scenario),
                                                 load_candidates(candidates), k, grid_km))
    except AshoreError as exc:
        _fail(str(exc))
    if json_out:
        typer.echo(_dumps(result))
        return
    for method in ("greedy", "exact"):
        r = result[method]
        console.print(escape(f"{method}: {', '.join(r['sites'])}: "
                             f"{r['population_defended']:,} people "
                             f"({100 * r['population_fraction']:.1f}% of those threatened)"),
                      highlight=False)
    for name, pop in result["single_site_population"].items():
        console.print(escape(f"  {name} alone: {pop:,}"), highlight=False)


@app.command()
def report(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or a YAML file.")],
    out: Annotated[Path, typer.Option(help="Output folder (report.html and its figures).")],
    grid_km: Annotated[float | None, typer.Option("--grid-km", help="Cell size, km.")] = None,
) -> None:
    """A self-contained HTML report: coverage maps and tables, threat trajectories, engagement
    timelines, booster drop, and every assumption with its source."""
    from ashore.cli.report_cmd import run_report

    try:
        with _busy(False, "report: running the coverage study...") as status:
            result = run_report(scenario, out, grid_km=grid_km,
                                progress=lambda m: status.update(f"report: {m}"))
    except AshoreError as exc:
        _fail(str(exc))
    console.print(escape(f"wrote {result['report']} ({result['figures']} figures, "
                         f"{result['seconds']:.0f} s)"), highlight=False)


def _busy(json_out: bool, message: str):
    from contextlib import nullcontext

    return nullcontext() if json_out else err_console.status(message, spinner="dots")


def _print_assumptions(result: dict, json_out: bool) -> None:
    if json_out:
        return
    for line in result.get("assumptions", []):
        console.print(escape(f"assumption: {line}"), highlight=False)


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out"),
) -> None:
    """Built-in study: threats to Japanese cities, their engagement by the two Aegis Ashore
    sites, and the defended footprints of japan-2017 against japan-asev and japan-ddg."""
    from ashore.cli.demo_cmd import run_demo

    try:
        run_demo(out, console)
    except AshoreError as exc:
        _fail(str(exc))


def main() -> None:  # pragma: no cover - entry point wrapper (errors handled by the group)
    app()

