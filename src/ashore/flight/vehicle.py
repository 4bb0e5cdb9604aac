"""Rocket vehicles: stages, payload, reentry vehicle and aerodynamics.

A missile is a stack of stages burning one after another (no inter-stage coast), topped by a
payload that separates at final burnout (or at thrust termination) and flies on as a reentry
vehicle (RV) with a constant ballistic coefficient beta = m / (C_D A).

Thrust of stage k at ambient pressure p (Sutton & Biblarz, *Rocket Propulsion Elements*, 9th ed.,
eq. 3-21 [@sutton-biblarz-2017]):  F = mdot g0 Isp_vac - p A_e,  with the nozzle exit area A_e
recovered from the sea-level and vacuum specific impulses: A_e = mdot g0 (Isp_vac - Isp_sl) / p0.
Mass flow is constant during a burn: mdot = m_prop / t_burn.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ashore.earth.constants import G0_M_S2
from ashore.errors import CatalogError
from ashore.provenance import Param, Tier

SEA_LEVEL_PRESSURE_PA = 101325.0

# Generic slender-rocket drag coefficient versus Mach number (transonic peak, slow supersonic
# decline), of the shape measured for the V-2 and reproduced in rocket-design texts. Notional.
GENERIC_DRAG_MACH = (0.0, 0.6, 0.8, 0.95, 1.05, 1.2, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0)
GENERIC_DRAG_CD = (0.20, 0.20, 0.22, 0.33, 0.42, 0.41, 0.37, 0.32, 0.26, 0.23, 0.20, 0.19)


@dataclass(frozen=True)
class Stage:
    """One rocket stage. Masses in kg, specific impulses in s, burn time in s, diameter in m."""

    propellant_mass_kg: float
    dry_mass_kg: float
    isp_s: float
    burn_time_s: float
    diameter_m: float
    isp_sl_s: float | None = None

    def __post_init__(self) -> None:
        for name in ("propellant_mass_kg", "burn_time_s", "isp_s", "diameter_m"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0:
                raise CatalogError(f"stage {name} must be a positive number, got {value}")
        if not np.isfinite(self.dry_mass_kg) or self.dry_mass_kg < 0:
            raise CatalogError(
                f"stage dry_mass_kg must be zero or positive, got {self.dry_mass_kg}"
            )
        if self.isp_sl_s is not None and not 0 < self.isp_sl_s <= self.isp_s:
            raise CatalogError(
                f"stage isp_sl_s must be positive and at most the vacuum isp_s ({self.isp_s} s), "
                f"got {self.isp_sl_s}"
            )

    @property
    def mass_flow_kg_s(self) -> float:
        return self.propellant_mass_kg / self.burn_time_s

    @property
    def thrust_vac_n(self) -> float:
        return self.mass_flow_kg_s * G0_M_S2 * self.isp_s

    @property
    def exit_area_m2(self) -> float:
        if self.isp_sl_s is None:
            return 0.0
        return self.mass_flow_kg_s * G0_M_S2 * (self.isp_s - self.isp_sl_s) / SEA_LEVEL_PRESSURE_PA

    @property
    def gross_mass_kg(self) -> float:
        return self.propellant_mass_kg + self.dry_mass_kg


@dataclass(frozen=True)
class Missile:
    """A ballistic missile: stages (first to last), payload/RV, boost aerodynamics, steering.

    ``vertical_rise_s``, ``kick_duration_s`` and ``attitude_hold_s`` (how long the thrust keeps
    the kicked attitude before the gravity turn; 0 for the threat missiles) shape the pitch
    programme (see
    :meth:`ashore.flight.dynamics.Dynamics.thrust_direction`). ``provenance`` maps field names
    to their sourced values.
    """

    name: str
    stages: tuple[Stage, ...]
    payload_mass_kg: float
    ballistic_coefficient_kg_m2: float
    description: str = ""
    drag_mach: tuple[float, ...] = GENERIC_DRAG_MACH
    drag_cd: tuple[float, ...] = GENERIC_DRAG_CD
    vertical_rise_s: float = 6.0
    kick_duration_s: float = 10.0
    attitude_hold_s: float = 0.0
    reported_range_km: float | None = None
    provenance: dict[str, Param] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.stages:
            raise CatalogError(f"missile {self.name!r} needs at least one stage")
        if not np.isfinite(self.payload_mass_kg) or self.payload_mass_kg <= 0:
            raise CatalogError(
                f"missile {self.name!r}: payload_mass_kg must be positive, "
                f"got {self.payload_mass_kg}"
            )
        beta = self.ballistic_coefficient_kg_m2
        if not np.isfinite(beta) or beta <= 0:
            raise CatalogError(
                f"missile {self.name!r}: reentry ballistic_coefficient_kg_m2 must be positive, "
                f"got {beta}"
            )
        if len(self.drag_mach) != len(self.drag_cd) or len(self.drag_mach) < 2:
            raise CatalogError(
                f"missile {self.name!r}: drag table needs matching mach and cd lists of length >= 2"
            )
        if np.any(np.diff(self.drag_mach) <= 0) or min(self.drag_cd) < 0:
            raise CatalogError(
                f"missile {self.name!r}: drag table mach must increase and cd must be >= 0"
            )
        if self.vertical_rise_s < 0 or self.kick_duration_s <= 0 or self.attitude_hold_s < 0:
            raise CatalogError(
                f"missile {self.name!r}: vertical_rise_s and attitude_hold_s must be >= 0 and "
                "kick_duration_s > 0"
            )
        if self.turn_start_s >= self.total_burn_time_s:
            raise CatalogError(
                f"missile {self.name!r}: vertical rise, kick and attitude hold "
                f"({self.vertical_rise_s} + {self.kick_duration_s} + {self.attitude_hold_s} s) "
                f"must end before burnout ({self.total_burn_time_s} s)"
            )
        tw = self.stages[0].thrust_vac_n - SEA_LEVEL_PRESSURE_PA * self.stages[0].exit_area_m2
        weight = self.launch_mass_kg * G0_M_S2
        if tw <= weight:
            raise CatalogError(
                f"missile {self.name!r} cannot lift off: first-stage sea-level thrust "
                f"{tw / 1e3:.0f} kN is below its weight {weight / 1e3:.0f} kN"
            )

    def with_payload(
        self, payload_mass_kg: float, source: str = "", tier: Tier = "notional"
    ) -> Missile:
        """The same missile carrying a different payload (e.g. the light payload a test flight is
        thought to have carried). Everything else, the reentry ballistic coefficient included,
        is unchanged; the new missile is validated like any other (CatalogError if the mass is
        not positive or the missile could no longer lift off). ``source`` (optional) replaces
        the payload's provenance entry, with evidence ``tier``."""
        prov = dict(self.provenance)
        if source:
            prov["payload_mass_kg"] = Param(float(payload_mass_kg), "kg", source, tier)
        return replace(self, payload_mass_kg=float(payload_mass_kg), provenance=prov)

    @property
    def turn_start_s(self) -> float:
        """When the gravity turn starts: after the vertical rise, the kick and the hold."""
        return self.vertical_rise_s + self.kick_duration_s + self.attitude_hold_s

    @property
    def launch_mass_kg(self) -> float:
        return self.payload_mass_kg + sum(s.gross_mass_kg for s in self.stages)

    @property
    def total_burn_time_s(self) -> float:
        return float(sum(s.burn_time_s for s in self.stages))

    @property
    def stage_end_times_s(self) -> np.ndarray:
        return np.cumsum([s.burn_time_s for s in self.stages])

    @property
    def stage_start_times_s(self) -> np.ndarray:
        ends = self.stage_end_times_s
        return np.concatenate([[0.0], ends[:-1]])

    @property
    def stage_ignition_masses_kg(self) -> np.ndarray:
        """Stack mass at each stage's ignition (that stage and all above it, plus payload)."""
        gross = np.array([s.gross_mass_kg for s in self.stages])
        above = np.cumsum(gross[::-1])[::-1]
        return above + self.payload_mass_kg

    @property
    def ideal_delta_v_m_s(self) -> float:
        """Tsiolkovsky vacuum delta-v of the whole stack: sum g0 Isp_k ln(m0_k / mf_k) (the ideal
        rocket equation, Sutton & Biblarz ch. 4 [@sutton-biblarz-2017])."""
        m0 = self.stage_ignition_masses_kg
        mf = m0 - np.array([s.propellant_mass_kg for s in self.stages])
        isp = np.array([s.isp_s for s in self.stages])
        return float(np.sum(G0_M_S2 * isp * np.log(m0 / mf)))

    def reference_areas_m2(self) -> np.ndarray:
        """Drag reference area while stage k burns: the largest remaining diameter."""
        diam = np.array([s.diameter_m for s in self.stages])
        widest_above = np.maximum.accumulate(diam[::-1])[::-1]
        return np.pi * widest_above**2 / 4.0
