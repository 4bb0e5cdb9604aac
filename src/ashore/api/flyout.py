"""``ashore.flyout``: an interceptor's burnout speed, vertical ceiling and fly-out fan."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ashore.api._result import Result, axes, out_folder
from ashore.api._result import rounded as _r
from ashore.api.engagement import interceptor_facts, provenance_lines
from ashore.catalog.interceptors import resolve_interceptor
from ashore.earth.model import EarthModel
from ashore.errors import InputError
from ashore.intercept.flyout import FlyoutFan, flyout_fan
from ashore.intercept.interceptor import Interceptor, coast_ceiling_m, fly_interceptor

REFERENCE_ELEVATION_DEG = 45.0
"""Launch elevation at which the burnout speed of a typical fly-out is reported."""


@dataclass(frozen=True)
class Flyout(Result):
    """An interceptor's kinematics (:meth:`to_dict`, exactly ``ashore flyout --json``) and its
    fly-out fan (:attr:`fan`: time, elevation and velocity to reach each range-altitude cell;
    None with ``vertical=True``)."""

    interceptor: Interceptor = field(repr=False)
    fan: FlyoutFan | None = field(repr=False)
    figures: dict[str, Any] = field(repr=False)

    def to_dataframe(self):
        """Every reachable cell of the fan: ground range and altitude (km), time to reach (s),
        launch elevation (deg), burnout velocity components (m/s)."""
        import pandas as pd

        fan = self._fan()
        hh, rr = np.meshgrid(fan.alt_m, fan.range_m, indexing="ij")
        ok = np.isfinite(fan.time_s)
        return pd.DataFrame({"ground_range_km": rr[ok] / 1e3, "altitude_km": hh[ok] / 1e3,
                             "time_s": fan.time_s[ok],
                             "launch_elevation_deg": np.degrees(fan.elevation_rad[ok]),
                             "v_up_mps": fan.v_up_m_s[ok],
                             "v_horizontal_mps": fan.v_horizontal_m_s[ok]})

    def plot(self, ax=None):
        """Contours of the time to reach each point, and the intercept band; returns the Axes."""
        from ashore.io.intercept_plots import draw_fan

        return draw_fan(axes(ax), self._fan(), self.interceptor)

    def write(self, out: str | Path) -> list[Path]:
        """``flyout_fan.csv`` and ``flyout_fan.png`` under ``out``."""
        from ashore.io.intercept_plots import write_fan

        out = out_folder(out)
        return write_fan(self._fan(), self.interceptor, out)

    def _fan(self) -> FlyoutFan:
        if self.fan is None:
            raise InputError("this fly-out was computed with `vertical`=True, so it has no fan",
                             parameter="vertical")
        return self.fan


def flyout(interceptor: str | Interceptor | None = None, *, vertical: bool = False,
           earth: EarthModel | None = None, interceptor_file: str | Path | None = None,
           keep_curves: bool = False) -> Flyout:
    """Burnout speed and vertical ceiling of ``interceptor`` (a catalog name, an object or
    ``interceptor_file``), and unless ``vertical`` its fly-out fan's reach inside and beyond
    its intercept band (the fan is cached on disk after its first computation)."""
    earth = EarthModel() if earth is None else earth
    icp = interceptor if isinstance(interceptor, Interceptor) else resolve_interceptor(
        interceptor, interceptor_file)
    shots = fly_interceptor(icp, earth, 0.0, 0.0, 0.0,
                            np.radians([90.0, REFERENCE_ELEVATION_DEG]),
                            t_max_s=max(icp.max_flyout_s, 3600.0))
    v_bo, h_bo = shots.burnout_speed_m_s, shots.burnout_alt_m
    coast = coast_ceiling_m(h_bo[0], v_bo[0], earth.gm_m3_s2, earth.ellipsoid.a_m)
    figures: dict = {
        **interceptor_facts(icp),
        "burnout_time_s": _r(shots.burnout_time_s[0], 2),
        "vertical_burnout_speed_mps": _r(v_bo[0], 1),
        "vertical_burnout_altitude_km": _r(h_bo[0] / 1e3, 2),
        "vertical_ceiling_km": _r(shots.apogee_alt_m[0] / 1e3, 1),
        "vertical_ceiling_coast_closed_form_km": _r(coast / 1e3, 1),
        f"burnout_speed_mps_at_{REFERENCE_ELEVATION_DEG:g}deg": _r(v_bo[1], 1),
        "reported_burnout_speed_mps": icp.reported_burnout_speed_m_s,
    }
    fan = None
    if not vertical:
        kv = icp.kill_vehicle
        fan = flyout_fan(icp, earth, keep_curves=keep_curves)
        figures.update({
            "max_intercept_range_km": _r(
                fan.max_range_at_m(kv.min_intercept_alt_m, kv.max_intercept_alt_m) / 1e3, 1),
            "max_range_any_altitude_km": _r(fan.max_range_m / 1e3, 1),
            "fan_ceiling_km": _r(fan.ceiling_m() / 1e3, 1),
            "reported_range_km": icp.reported_range_km,
        })
    figures["assumptions"] = [*earth.describe(), "fan flown without Earth rotation",
                              *provenance_lines(icp)]
    return Flyout(icp, fan, figures)
