"""Equations of motion of a powered, then ballistic, vehicle in the Earth-fixed frame.

Frame: Earth-centred, Earth-fixed (ECEF), rotating at omega about +z. The state is
(r_ecef, v_ecef) with v the velocity relative to the rotating Earth (and so to the air, which
rotates with it). Newton's law in the rotating frame (e.g. Zipfel,
*Modeling and Simulation of Aerospace Vehicle Dynamics*, 2nd ed., ch. 4 [@zipfel-2007]):

    dv/dt = g(r) - 2 omega x v - omega x (omega x r) + (F_thrust + F_drag) / m

- g(r): point mass plus J2 (:func:`ashore.earth.gravity.gravity_ecef`).
- Thrust F = mdot g0 Isp_vac - p(h) A_e along the steering direction
  (:meth:`Dynamics.thrust_direction`).
- Drag while boosting: D = 1/2 rho |v|^2 C_D(M) A_ref, against v; after burnout the reentry
  vehicle's drag acceleration is 1/2 rho |v|^2 / beta.
- Ambient pressure from the 1976 Standard Atmosphere [@ussa-1976] as p = rho a^2 / gamma
  (gamma = 1.4, exact for the standard's ideal gas below 86 km; above that p is negligible for
  thrust).

Everything is batched: ``r`` and ``v`` are (n, 3) arrays and the per-sample parameters are
(n,) or (n, 3) arrays in a :class:`FlightParams`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ashore.earth.atmosphere import density_and_sound_speed
from ashore.earth.frames import ecef_to_geodetic
from ashore.earth.gravity import gravity_ecef
from ashore.earth.model import EarthModel
from ashore.flight.vehicle import Missile

GAMMA_AIR = 1.4


@dataclass(frozen=True)
class VehicleTables:
    """Per-stage arrays of one missile type, shared by every sample of a batch."""

    stage_start_s: np.ndarray
    stage_end_s: np.ndarray
    mass_flow_kg_s: np.ndarray
    thrust_vac_n: np.ndarray
    exit_area_m2: np.ndarray
    ignition_mass_kg: np.ndarray
    reference_area_m2: np.ndarray
    drag_mach: np.ndarray
    drag_cd: np.ndarray
    rv_inverse_beta: float
    vertical_rise_s: float
    kick_end_s: float
    turn_start_s: float

    @classmethod
    def from_missile(cls, missile: Missile) -> VehicleTables:
        st = missile.stages
        return cls(
            stage_start_s=missile.stage_start_times_s,
            stage_end_s=missile.stage_end_times_s,
            mass_flow_kg_s=np.array([s.mass_flow_kg_s for s in st]),
            thrust_vac_n=np.array([s.thrust_vac_n for s in st]),
            exit_area_m2=np.array([s.exit_area_m2 for s in st]),
            ignition_mass_kg=missile.stage_ignition_masses_kg,
            reference_area_m2=missile.reference_areas_m2(),
            drag_mach=np.asarray(missile.drag_mach, dtype=float),
            drag_cd=np.asarray(missile.drag_cd, dtype=float),
            rv_inverse_beta=1.0 / missile.ballistic_coefficient_kg_m2,
            vertical_rise_s=missile.vertical_rise_s,
            kick_end_s=missile.vertical_rise_s + missile.kick_duration_s,
            turn_start_s=missile.turn_start_s,
        )


@dataclass(frozen=True)
class FlightParams:
    """Per-sample steering of a batch (leading axis n).

    up0, h0: launch-site up and horizontal launch-azimuth unit vectors in ECEF (n, 3);
    kick_rad: tilt from vertical reached at the end of the kick (n,);
    cutoff_s: thrust termination time, at most the total burn time (n,); 0 for free flight;
    inverse_beta: per-sample 1/beta (m^2/kg) of the coasting body (n,), or None to use the
    vehicle's ``rv_inverse_beta`` for every sample;
    wind_ecef: per-sample wind, the air's velocity relative to the Earth in ECEF (n, 3), or None
    for still air. Drag and Mach number use the air-relative velocity v - wind.
    """

    up0: np.ndarray
    h0: np.ndarray
    kick_rad: np.ndarray
    cutoff_s: np.ndarray
    inverse_beta: np.ndarray | None = None
    wind_ecef: np.ndarray | None = None

    def take(self, idx: np.ndarray) -> FlightParams:
        return FlightParams(**{
            f.name: None if getattr(self, f.name) is None else getattr(self, f.name)[idx]
            for f in fields(self)
        })


class Dynamics:
    """Right-hand side of the equations of motion for one missile type in one Earth model."""

    def __init__(self, earth: EarthModel, tables: VehicleTables):
        self.earth = earth
        self.tables = tables
        self._omega = np.array([0.0, 0.0, earth.omega_rad_s])

    def thrust_direction(
        self, t: np.ndarray, t_ref: np.ndarray, v: np.ndarray, p: FlightParams
    ) -> np.ndarray:
        """Unit thrust vector: vertical rise, linear kick in the launch plane, attitude hold,
        gravity turn.

        During the kick, the tilt from the launch vertical grows linearly from 0 to ``kick_rad``;
        the thrust then keeps that attitude until ``turn_start_s`` (no hold for the threat
        missiles) and afterwards follows the Earth-relative velocity (zero-lift gravity turn).
        ``t_ref`` (a time strictly inside the current step) picks the phase, so a step that ends
        on a phase boundary is integrated with the law of the phase it belongs to.
        """
        tb = self.tables
        frac = np.clip((t - tb.vertical_rise_s) / (tb.kick_end_s - tb.vertical_rise_s), 0.0, 1.0)
        eta = np.where(t_ref < tb.vertical_rise_s, 0.0, frac * p.kick_rad)
        tilted = np.cos(eta)[:, None] * p.up0 + np.sin(eta)[:, None] * p.h0
        speed = np.sqrt(np.einsum("ij,ij->i", v, v))
        along_v = v / np.maximum(speed, 1e-9)[:, None]
        use_v = (t_ref >= tb.turn_start_s) & (speed > 1e-6)
        return np.where(use_v[:, None], along_v, tilted)

    def acceleration(
        self,
        t: np.ndarray,
        t_ref: np.ndarray,
        r: np.ndarray,
        v: np.ndarray,
        p: FlightParams,
    ) -> np.ndarray:
        """dv/dt in the Earth-fixed frame, (n, 3), for per-sample times ``t`` (n,)."""
        earth, tb = self.earth, self.tables
        acc = gravity_ecef(r, earth.gm_m3_s2, earth.j2, earth.j2_radius_m)
        if earth.omega_rad_s != 0.0:
            w = earth.omega_rad_s
            # -omega x (omega x r) = w^2 (x, y, 0);  -2 omega x v = 2 w (v_y, -v_x, 0)
            acc[:, 0] += w * w * r[:, 0] + 2.0 * w * v[:, 1]
            acc[:, 1] += w * w * r[:, 1] - 2.0 * w * v[:, 0]

        powered = t_ref < p.cutoff_s
        any_powered = bool(powered.any())
        if earth.atmosphere:
            _, _, alt = ecef_to_geodetic(r, earth.ellipsoid)
            rho, sound = density_and_sound_speed(alt)
        else:
            rho = sound = None

        if any_powered:
            k = np.minimum(np.searchsorted(tb.stage_end_s, t_ref, side="right"),
                           len(tb.stage_end_s) - 1)
            mass = tb.ignition_mass_kg[k] - tb.mass_flow_kg_s[k] * (t - tb.stage_start_s[k])
            thrust = tb.thrust_vac_n[k]
            if rho is not None:
                thrust = thrust - rho * sound * sound / GAMMA_AIR * tb.exit_area_m2[k]
            a_thrust = np.where(powered, thrust / mass, 0.0)
            acc += a_thrust[:, None] * self.thrust_direction(t, t_ref, v, p)

        if rho is not None:
            v_air = v if p.wind_ecef is None else v - p.wind_ecef
            speed = np.sqrt(np.einsum("ij,ij->i", v_air, v_air))
            inv_beta = tb.rv_inverse_beta if p.inverse_beta is None else p.inverse_beta
            if any_powered:
                cd = np.interp(speed / sound, tb.drag_mach, tb.drag_cd)
                k_boost = cd * tb.reference_area_m2[k] / mass
                k_drag = np.where(powered, k_boost, inv_beta)
            else:
                k_drag = inv_beta
            acc -= (0.5 * rho * speed * k_drag)[:, None] * v_air
        return acc
