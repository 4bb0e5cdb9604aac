"""Interceptors: the YAML file format, the built-in notional catalog, and lookup by name.

An interceptor file (the format of the built-ins in ``ashore/data/interceptors/``)::

    name: my-interceptor
    stages:                           # first to last, as in a missile file
      - {propellant_mass_kg: 470, dry_mass_kg: 230, isp_s: 250, isp_sl_s: 225,
         burn_time_s: 6, diameter_m: 0.53}
    kill_vehicle:
      mass_kg: 30                     # the payload after final burnout
      ballistic_coefficient_kg_m2: 3000   # of the coasting upper body
      divert_delta_v_m_s: 500
      homing_time_s: 20
      min_intercept_alt_km: 100
      max_intercept_alt_km: 1000
      regime: exo                     # exo | endo
    max_flyout_s: 900
    # optional:
    booster: {length_m: 1.7, tumbling_cd: 1.0}   # the spent first stage, tumbling
    description: free text
    drag: {mach: [...], cd: [...]}    # boost drag table
    steering: {vertical_rise_s: 1, kick_duration_s: 3, attitude_hold_s: 10,
               min_launch_elevation_deg: 5}
    reported_burnout_speed_kms: 4.5
    reported_range_km: 2500
    provenance:                       # per top-level key
      stages: {source: "...", tier: notional}
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from pydantic import Field

from ashore.catalog.builtin import find, load_folder, resolve
from ashore.catalog.missiles import DragSpec, StageSpec
from ashore.errors import CatalogError, InputError
from ashore.flight.vehicle import GENERIC_DRAG_CD, GENERIC_DRAG_MACH, Missile, Stage
from ashore.intercept.interceptor import REGIMES, Interceptor, KillVehicle, SpentBooster
from ashore.provenance import Param
from ashore.validation import SourcedModel, StrictModel, parse_model, read_yaml


class KillVehicleSpec(StrictModel):
    mass_kg: float = Field(gt=0)
    ballistic_coefficient_kg_m2: float = Field(gt=0)
    divert_delta_v_m_s: float = Field(gt=0)
    homing_time_s: float = Field(gt=0)
    min_intercept_alt_km: float = Field(ge=0)
    max_intercept_alt_km: float = Field(gt=0)
    regime: str = Field(default="exo", pattern="^(" + "|".join(REGIMES) + ")$")


class BoosterSpec(StrictModel):
    length_m: float = Field(gt=0)
    tumbling_cd: float = Field(gt=0)


class InterceptorSteeringSpec(StrictModel):
    vertical_rise_s: float = Field(default=1.0, ge=0)
    kick_duration_s: float = Field(default=3.0, gt=0)
    attitude_hold_s: float = Field(default=10.0, ge=0)
    min_launch_elevation_deg: float = Field(default=5.0, gt=0, lt=90)


class InterceptorSpec(SourcedModel):
    name: str = Field(min_length=1)
    description: str = ""
    stages: list[StageSpec] = Field(min_length=1)
    kill_vehicle: KillVehicleSpec
    booster: BoosterSpec | None = None
    max_flyout_s: float = Field(gt=0)
    drag: DragSpec | None = None
    steering: InterceptorSteeringSpec = InterceptorSteeringSpec()
    reported_burnout_speed_kms: float | None = Field(default=None, gt=0)
    reported_range_km: float | None = Field(default=None, gt=0)

    def to_interceptor(self) -> Interceptor:
        kv = self.kill_vehicle
        stages = tuple(Stage(**s.model_dump()) for s in self.stages)
        rocket = Missile(
            name=self.name,
            description=self.description,
            stages=stages,
            payload_mass_kg=kv.mass_kg,
            ballistic_coefficient_kg_m2=kv.ballistic_coefficient_kg_m2,
            drag_mach=tuple(self.drag.mach) if self.drag else GENERIC_DRAG_MACH,
            drag_cd=tuple(self.drag.cd) if self.drag else GENERIC_DRAG_CD,
            vertical_rise_s=self.steering.vertical_rise_s,
            kick_duration_s=self.steering.kick_duration_s,
            attitude_hold_s=self.steering.attitude_hold_s,
        )
        values = self.model_dump(exclude={"provenance", "name", "description"})
        prov = {key: Param(values.get(key), "", src.source, src.tier)
                for key, src in self.provenance.items()}
        first = stages[0]
        burnout = self.reported_burnout_speed_kms
        return Interceptor(
            name=self.name,
            description=self.description,
            rocket=rocket,
            kill_vehicle=KillVehicle(
                divert_delta_v_m_s=kv.divert_delta_v_m_s,
                homing_time_s=kv.homing_time_s,
                min_intercept_alt_m=kv.min_intercept_alt_km * 1e3,
                max_intercept_alt_m=kv.max_intercept_alt_km * 1e3,
                regime=kv.regime,
            ),
            max_flyout_s=self.max_flyout_s,
            booster=None if self.booster is None else SpentBooster(
                mass_kg=first.dry_mass_kg, diameter_m=first.diameter_m,
                length_m=self.booster.length_m, tumbling_cd=self.booster.tumbling_cd),
            min_launch_elevation_rad=float(np.radians(self.steering.min_launch_elevation_deg)),
            reported_burnout_speed_m_s=None if burnout is None else burnout * 1e3,
            reported_range_km=self.reported_range_km,
            provenance=prov,
        )


def interceptor_from_dict(data: object, what: str) -> Interceptor:
    spec = parse_model(InterceptorSpec, data, what)
    if spec.booster is not None and (len(spec.stages) < 2 or spec.stages[0].dry_mass_kg <= 0):
        raise InputError(f"{what}: a 'booster' block describes a first stage that separates, so "
                         "it needs two or more stages and a first-stage dry_mass_kg above 0; "
                         "remove the block for a single-stage interceptor")
    try:
        return spec.to_interceptor()
    except CatalogError as exc:
        raise InputError(f"{what}: {exc}") from None


def load_interceptor_file(path: str | Path) -> Interceptor:
    """Read a user's interceptor YAML file; one-line InputError on any problem."""
    what = f"interceptor file '{path}'"
    return interceptor_from_dict(read_yaml(path, "interceptor file"), what)


@cache
def builtin_interceptors() -> dict[str, Interceptor]:
    """The notional interceptors shipped in ``ashore/data/interceptors``, by name."""
    return load_folder("interceptors", load_interceptor_file)


def get_interceptor(name: str) -> Interceptor:
    return find(name, builtin_interceptors(), "interceptor", "interceptor_file")


def resolve_interceptor(name: str | None, path: str | Path | None) -> Interceptor:
    """A built-in interceptor name or an interceptor YAML file, not both."""
    return resolve(name, path, builtin_interceptors, load_interceptor_file, "interceptor")
