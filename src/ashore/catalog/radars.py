"""Radars: the built-in notional catalog (``ashore/data/radars``), lookup by name, user files.

The file format is :class:`ashore.sensors.radar.RadarSpec` (see its module docstring)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from ashore.errors import InputError
from ashore.sensors.radar import Radar, load_radar_file


@cache
def builtin_radars() -> dict[str, Radar]:
    out: dict[str, Radar] = {}
    folder = resources.files("ashore.data") / "radars"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            with resources.as_file(entry) as p:
                r = load_radar_file(p)
            out[r.name] = r
    return out


def get_radar(name: str) -> Radar:
    radars = builtin_radars()
    for key, r in radars.items():
        if key.lower() == name.strip().lower():
            return r
    raise InputError(f"unknown radar '{name}'; built-in radars are: {', '.join(radars)} "
                     "(or give --radar-file FILE)")


def resolve_radar(name: str | None, path: str | Path | None) -> Radar:
    """A built-in radar name or a radar YAML file, not both."""
    if name and path:
        raise InputError("give either --radar NAME or --radar-file FILE, not both")
    if path:
        return load_radar_file(path)
    if name:
        return get_radar(name)
    raise InputError(f"name a radar with --radar NAME ({', '.join(builtin_radars())}) "
                     "or --radar-file FILE")


def point_radar(radar: Radar, boresight_az_rad: float) -> Radar:
    """The same radar with its faces turned so that the first face looks along
    ``boresight_az_rad`` (a site parameter for fixed single-face radars)."""
    if not radar.faces:
        return radar
    turn = boresight_az_rad - radar.faces[0].boresight_az_rad
    faces = tuple(replace(f, boresight_az_rad=float(np.mod(f.boresight_az_rad + turn, 2 * np.pi)))
                  for f in radar.faces)
    return replace(radar, faces=faces)

