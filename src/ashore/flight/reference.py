"""A one-trajectory-at-a-time reference integration with scipy's ``solve_ivp``.

It flies exactly the physics of :class:`ashore.flight.dynamics.Dynamics` (same right-hand
side, called with a batch of one), phase by phase between the same breakpoints, with an impact
event. It is the peer that the batched integrator is validated against
(tests/flight/test_integrator_vs_scipy.py) and measured against (benchmarks/).
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from ashore.earth.frames import ecef_to_geodetic, geodetic_to_ecef
from ashore.earth.model import EarthModel
from ashore.flight.dynamics import Dynamics, FlightParams, VehicleTables
from ashore.flight.trajectory import launch_frame
from ashore.flight.vehicle import Missile


def fly_missile_scipy(
    missile: Missile,
    earth: EarthModel,
    lat_rad: float,
    lon_rad: float,
    azimuth_rad: float,
    kick_rad: float,
    cutoff_s: float | None = None,
    *,
    method: str = "DOP853",
    rtol: float = 1e-12,
    atol: float = 1e-9,
    t_max_s: float = 4 * 3600.0,
) -> tuple[float, np.ndarray, np.ndarray, int]:
    """Impact time, impact r_ecef, v_ecef and the number of right-hand-side evaluations."""
    tables = VehicleTables.from_missile(missile)
    cut = missile.total_burn_time_s if cutoff_s is None else float(cutoff_s)
    lat, lon, az = (np.atleast_1d(float(x)) for x in (lat_rad, lon_rad, azimuth_rad))
    up, h0 = launch_frame(lat, lon, az)
    params = FlightParams(up0=up, h0=h0, kick_rad=np.array([kick_rad]), cutoff_s=np.array([cut]))
    dyn = Dynamics(earth, tables)
    bps = [tables.vertical_rise_s, tables.kick_end_s, tables.turn_start_s,
           *tables.stage_end_s.tolist(), cut]
    bps = sorted({b for b in bps if b <= cut})
    y = np.concatenate([geodetic_to_ecef(lat, lon, 0.0, earth.ellipsoid)[0], np.zeros(3)])
    nfev = 0
    t0 = 0.0
    for t1 in [*bps, t_max_s]:
        t_ref = np.array([0.5 * (t0 + t1)])

        def rhs(t, yy, t_ref=t_ref):
            a = dyn.acceleration(np.array([t]), t_ref, yy[None, :3], yy[None, 3:], params)
            return np.concatenate([yy[3:], a[0]])

        def impact(t, yy):
            return float(ecef_to_geodetic(yy[None, :3], earth.ellipsoid)[2][0])

        impact.terminal = True
        impact.direction = -1
        sol = solve_ivp(rhs, (t0, t1), y, method=method, rtol=rtol, atol=atol,
                        events=impact if t0 >= cut else None)
        nfev += sol.nfev
        y = sol.y[:, -1]
        if t0 >= cut and sol.t_events[0].size:
            return float(sol.t_events[0][0]), sol.y_events[0][0][:3], sol.y_events[0][0][3:], nfev
        t0 = t1
    raise RuntimeError("no impact before t_max")
