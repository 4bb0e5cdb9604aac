"""Threat trajectories and places shared by the intercept tests."""

from __future__ import annotations

import numpy as np

from ashore.catalog.missiles import get_missile
from ashore.earth.model import EarthModel
from ashore.flight import targeting
from ashore.flight.trajectory import fly_missile

SUNAN = (39.224, 125.670)
AIMS = {  # scenario places [@japantimes-2018-aegis-sites]; Osaka approximate [@ashore-notional]
    "tokyo": (35.68, 139.69),
    "akita": (39.72, 140.10),
    "hagi": (34.41, 131.40),
    "osaka": (34.69, 135.50),
}
ARAYA = (39.67, 140.05, 20.0)
MUTSUMI = (34.45, 131.62, 200.0)


def fly_targeted(missile: str, launch, aims, shape="min-energy", apogee_m=None):
    """Recorded flights of ``missile`` from ``launch`` (deg) to each aim (deg)."""
    m = get_missile(missile)
    earth = EarthModel()
    aims = np.radians(np.asarray(aims, float))
    lat = np.full(len(aims), np.radians(launch[0]))
    lon = np.full(len(aims), np.radians(launch[1]))
    sol = targeting.solve(m, earth, lat, lon, aims[:, 0], aims[:, 1], shape, apogee_m)
    return fly_missile(m, earth, lat, lon, sol.azimuth_rad, sol.kick_rad, sol.cutoff_s,
                       record=True)
