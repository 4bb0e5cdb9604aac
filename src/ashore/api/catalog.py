"""Catalog look-ups of the public API: built-in missiles, radars and interceptors by name."""

from __future__ import annotations

from ashore.catalog.interceptors import builtin_interceptors, get_interceptor
from ashore.catalog.missiles import builtin_missiles, get_missile
from ashore.catalog.radars import builtin_radars, get_radar
from ashore.flight.vehicle import Missile
from ashore.intercept.interceptor import Interceptor
from ashore.sensors.radar import Radar


def missile(name: str) -> Missile:
    """A built-in threat missile (e.g. ``nodong``), with its stages and provenance."""
    return get_missile(name)


def radar(name: str) -> Radar:
    """A built-in radar (e.g. ``spy-7-class``), with its faces, detection model and
    provenance."""
    return get_radar(name)


def interceptor(name: str) -> Interceptor:
    """A built-in interceptor (e.g. ``sm-3-block-iia-class``), with its rocket, kill vehicle
    and provenance."""
    return get_interceptor(name)


def names() -> dict[str, list[str]]:
    """The names of every built-in missile, radar and interceptor."""
    return {"missiles": list(builtin_missiles()), "radars": list(builtin_radars()),
            "interceptors": list(builtin_interceptors())}
