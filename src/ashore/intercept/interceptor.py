"""Interceptors: a staged rocket (the flight engine's :class:`~ashore.flight.vehicle.Missile`)
topped by a kill vehicle, with a fly-out time limit and the spent first stage's fall body.

Steering law (launch azimuth A, launch elevation E): the rocket rises vertically for
``vertical_rise_s``, tilts linearly in the vertical plane of azimuth A until its thrust points
E above the horizon at the end of the kick, holds that attitude for ``attitude_hold_s`` (so the
velocity has time to follow the thrust while the rocket is still slow), then flies a zero-lift
gravity turn
(:meth:`ashore.flight.dynamics.Dynamics.thrust_direction`); so the flight engine's kick angle is
``pi/2 - E``. A launch elevation of 90 deg is a vertical shot.

Kill vehicle: hit-to-kill with a divert velocity budget dv spent over the homing time T_h. With
constant lateral acceleration a = dv / T_h the largest lateral correction is

    d_max = a T_h^2 / 2 = dv T_h / 2,

and a lateral miss m found with T_h to go needs dv_req = 2 m / T_h (constant-acceleration
pursuit, e.g. Zarchan, *Tactical and Strategic Missile Guidance*, 6th ed., ch. 2 [@zarchan-2012],
zero-effort miss removed by a constant acceleration).

Spent booster: a tumbling cylinder's mean projected area over random orientations is a quarter
of its surface area (Cauchy's formula for convex bodies [@gruber-2007]),
A = (pi D^2 / 2 + pi D L) / 4, and its ballistic coefficient is beta = m / (C_D A).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ashore.earth.model import EarthModel
from ashore.errors import CatalogError
from ashore.flight.trajectory import DEFAULT_ACCURACY, Accuracy, Flights, fly_missile
from ashore.flight.vehicle import Missile
from ashore.provenance import Param

REGIMES = ("exo", "endo")


@dataclass(frozen=True)
class KillVehicle:
    """Hit-to-kill vehicle: divert budget (m/s) over a homing time (s), intercept altitude band
    (m) and regime (``exo``: above the sensible atmosphere; ``endo``: inside it)."""

    divert_delta_v_m_s: float
    homing_time_s: float
    min_intercept_alt_m: float
    max_intercept_alt_m: float
    regime: str = "exo"

    def __post_init__(self) -> None:
        if self.regime not in REGIMES:
            raise CatalogError(f"kill vehicle regime must be one of {', '.join(REGIMES)}, "
                               f"got {self.regime!r}")
        for name in ("divert_delta_v_m_s", "homing_time_s"):
            if not np.isfinite(getattr(self, name)) or getattr(self, name) <= 0:
                raise CatalogError(f"kill vehicle {name} must be positive")
        lo, hi = self.min_intercept_alt_m, self.max_intercept_alt_m
        if not (np.isfinite(lo) and np.isfinite(hi) and 0 <= lo < hi):
            raise CatalogError(
                f"kill vehicle intercept altitudes must satisfy 0 <= min < max, got "
                f"{lo / 1e3:g} and {hi / 1e3:g} km")

    @property
    def divert_reach_m(self) -> float:
        """Largest lateral miss the divert can remove: dv T_h / 2."""
        return 0.5 * self.divert_delta_v_m_s * self.homing_time_s

    def required_divert_m_s(self, miss_m):
        """Divert velocity needed to remove a lateral miss seen T_h before intercept: 2 m / T_h."""
        return 2.0 * np.asarray(miss_m, float) / self.homing_time_s


@dataclass(frozen=True)
class SpentBooster:
    """The first stage after separation, tumbling: its dry mass and diameter come from the
    rocket's first stage; ``length_m`` and the tumbling drag coefficient are given here."""

    mass_kg: float
    diameter_m: float
    length_m: float
    tumbling_cd: float

    def __post_init__(self) -> None:
        for name in ("mass_kg", "diameter_m", "length_m", "tumbling_cd"):
            if not np.isfinite(getattr(self, name)) or getattr(self, name) <= 0:
                raise CatalogError(f"spent booster {name} must be positive")

    @property
    def mean_area_m2(self) -> float:
        """Mean projected area of a tumbling cylinder: surface area / 4 (Cauchy
        [@gruber-2007])."""
        d, length = self.diameter_m, self.length_m
        return (np.pi * d * d / 2.0 + np.pi * d * length) / 4.0

    @property
    def ballistic_coefficient_kg_m2(self) -> float:
        return self.mass_kg / (self.tumbling_cd * self.mean_area_m2)


@dataclass(frozen=True)
class Interceptor:
    """A staged interceptor: ``rocket`` carries the stages, the kill vehicle's mass as payload
    (its ballistic coefficient is the coasting upper body's) and the steering timings."""

    name: str
    rocket: Missile
    kill_vehicle: KillVehicle
    max_flyout_s: float
    booster: SpentBooster | None = None
    """The separating first stage (None when nothing drops, e.g. a single-stage missile)."""
    min_launch_elevation_rad: float = float(np.radians(5.0))
    description: str = ""
    reported_burnout_speed_m_s: float | None = None
    reported_range_km: float | None = None
    provenance: dict[str, Param] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not np.isfinite(self.max_flyout_s) or self.max_flyout_s <= self.rocket.total_burn_time_s:
            raise CatalogError(
                f"interceptor {self.name!r}: max_flyout_s ({self.max_flyout_s:g} s) must exceed "
                f"the total burn time ({self.rocket.total_burn_time_s:g} s)")
        if not 0 < self.min_launch_elevation_rad < np.pi / 2:
            raise CatalogError(f"interceptor {self.name!r}: the minimum launch elevation must be "
                               "between 0 and 90 deg")

    @property
    def first_stage_separation_s(self) -> float:
        return float(self.rocket.stage_end_times_s[0])


def kick_from_elevation(elevation_rad):
    """The flight engine's kick (tilt from vertical) for a launch elevation: pi/2 - E."""
    return np.pi / 2 - np.asarray(elevation_rad, float)


def fly_interceptor(
    interceptor: Interceptor,
    earth: EarthModel,
    lat_rad,
    lon_rad,
    azimuth_rad,
    elevation_rad,
    *,
    cutoff_s=None,
    alt_m=0.0,
    accuracy: Accuracy = DEFAULT_ACCURACY,
    record: bool = False,
    t_max_s: float | None = None,
) -> Flights:
    """Fly a batch of one interceptor type (arguments broadcast to (n,)) until impact or
    ``t_max_s`` (default: its maximum fly-out time); ``cutoff_s`` ends the thrust early
    (default: full burn)."""
    return fly_missile(
        interceptor.rocket, earth, lat_rad, lon_rad, azimuth_rad,
        kick_from_elevation(elevation_rad), cutoff_s, alt_m=alt_m, accuracy=accuracy,
        record=record,
        t_max_s=interceptor.max_flyout_s if t_max_s is None else t_max_s,
    )


def coast_ceiling_m(burnout_alt_m, burnout_speed_m_s, gm_m3_s2: float, radius_m: float):
    """Apex altitude of a vertical coast in vacuum over a spherical, non-rotating Earth, from
    energy conservation: v^2 / 2 - GM / r_b = -GM / r_max, so r_max = GM / (GM / r_b - v^2 / 2)
    (infinite at or above escape speed). Bate, Mueller & White (1971) eq. 1.4-2 [@bmw-1971]."""
    r_b = radius_m + np.asarray(burnout_alt_m, float)
    v = np.asarray(burnout_speed_m_s, float)
    denom = gm_m3_s2 / r_b - 0.5 * v * v
    with np.errstate(divide="ignore"):
        return np.where(denom > 0, gm_m3_s2 / np.where(denom > 0, denom, 1.0) - radius_m, np.inf)
