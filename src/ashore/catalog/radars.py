"""Radars: the built-in notional catalog (``ashore/data/radars``), lookup by name, user files.

The file format is :class:`ashore.sensors.radar.RadarSpec` (see its module docstring)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np

from ashore.catalog.builtin import find, load_folder, resolve
from ashore.sensors.radar import Radar, load_radar_file


@cache
def builtin_radars() -> dict[str, Radar]:
    """The notional radars shipped in ``ashore/data/radars``, by name."""
    return load_folder("radars", load_radar_file)


def get_radar(name: str) -> Radar:
    return find(name, builtin_radars(), "radar", "radar_file")


def resolve_radar(name: str | None, path: str | Path | None) -> Radar:
    """A built-in radar name or a radar YAML file, not both."""
    return resolve(name, path, builtin_radars, load_radar_file, "radar")


def point_radar(radar: Radar, boresight_az_rad: float) -> Radar:
    """The same radar with its faces turned so that the first face looks along
    ``boresight_az_rad`` (a site parameter for fixed single-face radars)."""
    if not radar.faces:
        return radar
    turn = boresight_az_rad - radar.faces[0].boresight_az_rad
    faces = tuple(replace(f, boresight_az_rad=float(np.mod(f.boresight_az_rad + turn, 2 * np.pi)))
                  for f in radar.faces)
    return replace(radar, faces=faces)

