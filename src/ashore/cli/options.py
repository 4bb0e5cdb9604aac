"""Option groups shared by several commands, declared once.

:func:`with_options` adds a group's flags to a command's signature (typer reads the signature)
and hands the command one parsed value instead: the flight flags become the keyword arguments
of :func:`ashore.fly` (``flight``), the Earth-model switches an
:class:`~ashore.earth.model.EarthModel` (``earth``).
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ashore.cli.parsing import parse_latlon, parse_site


class Shape(StrEnum):
    min_energy = "min-energy"
    lofted = "lofted"
    depressed = "depressed"
    max_range = "max-range"


@dataclass(frozen=True)
class OptionGroup:
    """Flags (name, annotated type, default) that a command receives as one argument."""

    argument: str
    flags: tuple[tuple[str, Any, Any], ...]
    build: Callable[..., Any]


def _earth(no_rotation: bool, no_j2: bool, no_atmosphere: bool, sphere: bool):
    from ashore.earth.model import EarthModel

    return EarthModel().with_switches(no_rotation=no_rotation, no_j2=no_j2,
                                      no_atmosphere=no_atmosphere, sphere=sphere)


EARTH = OptionGroup("earth", (
    ("no_rotation", Annotated[bool, typer.Option("--no-rotation", help="Non-rotating Earth.")],
     False),
    ("no_j2", Annotated[bool, typer.Option("--no-j2", help="Point-mass gravity.")], False),
    ("no_atmosphere", Annotated[bool, typer.Option("--no-atmosphere",
                                                   help="No drag; vacuum thrust.")], False),
    ("sphere", Annotated[bool, typer.Option("--sphere", help="Spherical Earth of mean radius.")],
     False),
), _earth)


def _flight(from_, to, missile, missile_file, shape, apogee_km, azimuth, burnout_speed_mps,
            burnout_angle_deg, burnout_altitude_km, ballistic_coefficient) -> dict:
    return dict(
        launch=parse_latlon(from_, "--from"),
        aim=parse_latlon(to, "--to") if to is not None else None,
        missile=missile, missile_file=missile_file, shape=shape.value, apogee_km=apogee_km,
        azimuth_deg=azimuth, burnout_speed_mps=burnout_speed_mps,
        burnout_angle_deg=burnout_angle_deg, burnout_altitude_km=burnout_altitude_km,
        ballistic_coefficient=ballistic_coefficient,
    )


FLIGHT = OptionGroup("flight", (
    ("from_", Annotated[str, typer.Option("--from", help="Launch (or burnout) point LAT,LON, "
                                          "deg.")], inspect.Parameter.empty),
    ("to", Annotated[str | None, typer.Option(
        "--to", help="Aim point LAT,LON, deg (free flight heads for it; miss reported).")], None),
    ("missile", Annotated[str | None, typer.Option("--missile", help="Built-in missile name.")],
     None),
    ("missile_file", Annotated[Path | None, typer.Option("--missile-file",
                                                         help="Missile YAML file.")], None),
    ("shape", Annotated[Shape, typer.Option("--shape", help="Trajectory shape.")],
     Shape.min_energy),
    ("apogee_km", Annotated[float | None, typer.Option(
        "--apogee-km", help="Apogee for lofted/depressed, km.")], None),
    ("azimuth", Annotated[float | None, typer.Option(
        "--azimuth", help="Azimuth, deg from north (max-range, free flight).")], None),
    ("burnout_speed_mps", Annotated[float | None, typer.Option(
        "--burnout-speed-mps", help="Free flight: burnout speed, m/s.")], None),
    ("burnout_angle_deg", Annotated[float | None, typer.Option(
        "--burnout-angle-deg", help="Free flight: flight-path angle, deg (-90 to 90).")], None),
    ("burnout_altitude_km", Annotated[float | None, typer.Option(
        "--burnout-altitude-km", help="Free flight: altitude, km (default 0).")], None),
    ("ballistic_coefficient", Annotated[float | None, typer.Option(
        "--ballistic-coefficient",
        help="Free flight: ballistic coefficient, kg/m^2 (default 5000).")], None),
), _flight)


def _interceptor(interceptor, interceptor_file) -> dict:
    return {"interceptor": interceptor, "interceptor_file": interceptor_file}


INTERCEPTOR = OptionGroup("interceptor", (
    ("interceptor", Annotated[str | None, typer.Option(
        "--interceptor", help="Built-in interceptor name.")], None),
    ("interceptor_file", Annotated[Path | None, typer.Option(
        "--interceptor-file", help="Interceptor YAML file.")], None),
), _interceptor)


def _radar(radar, radar_file, boresight_deg, rcs_m2) -> dict:
    return {"radar": radar, "radar_file": radar_file, "boresight_deg": boresight_deg,
            "rcs_m2": rcs_m2}


RADAR = OptionGroup("radar", (
    ("radar", Annotated[str | None, typer.Option("--radar", help="Built-in radar name.")], None),
    ("radar_file", Annotated[Path | None, typer.Option("--radar-file", help="Radar YAML.")],
     None),
    ("boresight_deg", Annotated[float | None, typer.Option(
        "--boresight-deg", help="Point the radar's first face to this azimuth, deg.")], None),
    ("rcs_m2", Annotated[float, typer.Option("--rcs-m2", help="Target RCS, m^2.")], 0.05),
), _radar)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
SiteOpt = Annotated[str, typer.Option("--site", help="Site LAT,LON,ALT_M (m above sea).")]
ScenarioArg = Annotated[str, typer.Argument(help="Built-in scenario name or a YAML file.")]
GridOpt = Annotated[float | None, typer.Option(
    "--grid-km", help="Cell size, km (default: the scenario's, usually 10).")]


def site(text: str) -> tuple[float, float, float]:
    """``--site LAT,LON,ALT_M`` parsed."""
    return parse_site(text, "--site")


def with_options(*groups: OptionGroup):
    """Add each group's flags to the decorated command and pass it ``group.argument`` built by
    ``group.build(**flags)`` instead (module docstring)."""
    def decorate(command):
        sig = inspect.signature(command)
        hints = typing.get_type_hints(command, include_extras=True)
        replaced = {g.argument for g in groups}
        params = [p.replace(annotation=hints.get(p.name, p.annotation))
                  for p in sig.parameters.values() if p.name not in replaced]
        kind = inspect.Parameter.KEYWORD_ONLY
        for g in groups:
            params += [inspect.Parameter(name, kind, default=default, annotation=ann)
                       for name, ann, default in g.flags]

        @functools.wraps(command)
        def wrapper(**kwargs):
            for g in groups:
                kwargs[g.argument] = g.build(**{name: kwargs.pop(name) for name, _, _ in g.flags})
            return command(**kwargs)

        wrapper.__signature__ = sig.replace(parameters=params)
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        return wrapper
    return decorate
