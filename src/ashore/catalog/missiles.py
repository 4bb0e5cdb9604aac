"""Threat missiles: the YAML file format, the built-in notional catalog, and lookup by name.

A missile file (the same format as the built-ins in ``ashore/data/missiles/``)::

    name: my-missile
    stages:
      - {propellant_mass_kg: 12900, dry_mass_kg: 1900, isp_s: 230, burn_time_s: 110,
         diameter_m: 1.25}            # optional: isp_sl_s (sea-level Isp, s)
    payload_mass_kg: 1000
    reentry: {ballistic_coefficient_kg_m2: 5000}
    # optional:
    description: free text
    drag: {mach: [0, 1, 2, 5], cd: [0.2, 0.45, 0.3, 0.2]}   # boost drag table
    steering: {vertical_rise_s: 6, kick_duration_s: 10}
    reported_range_km: 1300
    provenance:                       # per top-level key: where the numbers come from
      stages: {source: "...", tier: notional}

``isp_s`` is the vacuum specific impulse.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field

from ashore.catalog.builtin import find, load_folder, resolve
from ashore.errors import CatalogError, InputError
from ashore.flight.vehicle import GENERIC_DRAG_CD, GENERIC_DRAG_MACH, Missile, Stage
from ashore.provenance import Param
from ashore.validation import SourcedModel, StrictModel, parse_model, read_yaml


class StageSpec(StrictModel):
    propellant_mass_kg: float = Field(gt=0)
    dry_mass_kg: float = Field(ge=0)
    isp_s: float = Field(gt=0, description="vacuum specific impulse, s")
    burn_time_s: float = Field(gt=0)
    diameter_m: float = Field(gt=0)
    isp_sl_s: float | None = Field(default=None, gt=0)


class ReentrySpec(StrictModel):
    ballistic_coefficient_kg_m2: float = Field(gt=0)


class DragSpec(StrictModel):
    mach: list[float]
    cd: list[float]


class SteeringSpec(StrictModel):
    vertical_rise_s: float = Field(default=6.0, ge=0)
    kick_duration_s: float = Field(default=10.0, gt=0)


class MissileSpec(SourcedModel):
    name: str = Field(min_length=1)
    description: str = ""
    stages: list[StageSpec] = Field(min_length=1)
    payload_mass_kg: float = Field(gt=0)
    reentry: ReentrySpec
    drag: DragSpec | None = None
    steering: SteeringSpec = SteeringSpec()
    reported_range_km: float | None = Field(default=None, gt=0)

    def to_missile(self) -> Missile:
        values = {
            "stages": [s.model_dump(exclude_none=True) for s in self.stages],
            "payload_mass_kg": self.payload_mass_kg,
            "reentry": self.reentry.ballistic_coefficient_kg_m2,
            "drag": self.drag.model_dump() if self.drag else "generic table",
            "steering": self.steering.model_dump(),
            "reported_range_km": self.reported_range_km,
        }
        prov = {
            key: Param(values.get(key), "", src.source, src.tier)
            for key, src in self.provenance.items()
        }
        return Missile(
            name=self.name,
            description=self.description,
            stages=tuple(Stage(**s.model_dump()) for s in self.stages),
            payload_mass_kg=self.payload_mass_kg,
            ballistic_coefficient_kg_m2=self.reentry.ballistic_coefficient_kg_m2,
            drag_mach=tuple(self.drag.mach) if self.drag else GENERIC_DRAG_MACH,
            drag_cd=tuple(self.drag.cd) if self.drag else GENERIC_DRAG_CD,
            vertical_rise_s=self.steering.vertical_rise_s,
            kick_duration_s=self.steering.kick_duration_s,
            reported_range_km=self.reported_range_km,
            provenance=prov,
        )


def missile_from_dict(data: object, what: str) -> Missile:
    spec = parse_model(MissileSpec, data, what)
    try:
        return spec.to_missile()
    except CatalogError as exc:
        raise InputError(f"{what}: {exc}") from None


def load_missile_file(path: str | Path) -> Missile:
    """Read a user's missile YAML file; one-line InputError on any problem."""
    what = f"missile file '{path}'"
    return missile_from_dict(read_yaml(path, "missile file"), what)


@cache
def builtin_missiles() -> dict[str, Missile]:
    """The notional threat catalog shipped in ``ashore/data/missiles``, by name."""
    return load_folder("missiles", load_missile_file)


def get_missile(name: str) -> Missile:
    """A built-in missile by name (case-insensitive); InputError listing the names otherwise."""
    return find(name, builtin_missiles(), "missile", "missile_file")


def resolve_missile(name: str | None, path: str | Path | None) -> Missile:
    """The missile named on the command line: a built-in name or a YAML file, not both."""
    return resolve(name, path, builtin_missiles, load_missile_file, "missile",
                   ", or give `burnout_speed_mps` for free flight")
