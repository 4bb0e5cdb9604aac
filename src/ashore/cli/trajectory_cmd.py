"""`ashore trajectory`: targeted, max-range or free flight, with JSON and file outputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ashore.cli.parsing import check_positive
from ashore.earth.model import EarthModel
from ashore.errors import InputError
from ashore.flight import targeting
from ashore.flight.trajectory import fly_free, fly_missile
from ashore.io.export import write_all
from ashore.io.summary import flight_summary


def run_trajectory(
    *,
    from_: tuple[float, float],
    to: tuple[float, float] | None,
    missile: str | None,
    missile_file: Path | None,
    shape: str,
    apogee_km: float | None,
    azimuth_deg: float | None,
    burnout_speed_mps: float | None,
    burnout_angle_deg: float | None,
    burnout_altitude_km: float,
    ballistic_coefficient: float,
    earth: EarthModel,
    out: Path | None,
    progress: bool = True,
) -> dict:
    from ashore.cli.main import load_missile

    lat, lon = np.radians(from_[0]), np.radians(from_[1])
    record = out is not None
    check_positive(apogee_km, "--apogee-km")
    check_positive(burnout_altitude_km, "--burnout-altitude-km", allow_zero=True)
    check_positive(ballistic_coefficient, "--ballistic-coefficient")
    if azimuth_deg is not None and not np.isfinite(azimuth_deg):
        raise InputError(f"--azimuth must be a number of degrees, got {azimuth_deg}")

    if burnout_speed_mps is not None:
        check_positive(burnout_speed_mps, "--burnout-speed-mps")
        if azimuth_deg is None or burnout_angle_deg is None:
            raise InputError("free flight needs --azimuth DEG and --burnout-angle-deg DEG too")
        if not -90.0 < burnout_angle_deg < 90.0:
            raise InputError(f"--burnout-angle-deg must be within -90..90, got {burnout_angle_deg}")
        flights = fly_free(
            earth, lat, lon, burnout_altitude_km * 1e3, np.radians(azimuth_deg),
            burnout_speed_mps, np.radians(burnout_angle_deg),
            ballistic_coefficient_kg_m2=ballistic_coefficient, record=record,
        )
        result: dict = {"mode": "free-flight", **flight_summary(flights)}
        name = "free flight"
    else:
        m = load_missile(missile, missile_file)
        name = m.name
        if shape == "max-range" or (to is None and azimuth_deg is not None):
            if shape != "max-range":
                raise InputError(f"shape '{shape}' needs an aim point --to LAT,LON")
            if azimuth_deg is None:
                if to is None:
                    raise InputError("max-range needs --azimuth DEG (or --to LAT,LON for one)")
                from ashore.earth import geodesy

                _, az, _ = geodesy.inverse(lat, lon, np.radians(to[0]), np.radians(to[1]),
                                           earth.ellipsoid)
                azimuth_deg = float(np.degrees(az))
            _, kick = targeting.max_range(m, earth, lat, lon, np.radians(azimuth_deg))
            flights = fly_missile(m, earth, lat, lon, np.radians(azimuth_deg), kick,
                                  record=record)
            result = {"mode": "max-range", "missile": m.name, "shape": shape,
                      "azimuth_deg": round(float(azimuth_deg), 4), **flight_summary(flights)}
        else:
            if to is None:
                raise InputError("give an aim point --to LAT,LON (or --shape max-range --azimuth)")
            if shape in ("lofted", "depressed") and apogee_km is None:
                raise InputError(f"shape '{shape}' needs --apogee-km")
            sol = targeting.solve(
                m, earth, lat, lon, np.radians(to[0]), np.radians(to[1]), shape,
                None if apogee_km is None else apogee_km * 1e3,
            )
            flights = sol.flights
            if record:
                flights = fly_missile(m, earth, lat, lon, sol.azimuth_rad, sol.kick_rad,
                                      sol.cutoff_s, record=True)
            result = {
                "mode": "targeted", "missile": m.name, "shape": shape,
                "launch_azimuth_deg": round(float(np.degrees(sol.azimuth_rad[0])), 4),
                "kick_deg": round(float(np.degrees(sol.kick_rad[0])), 4),
                "cutoff_time_s": round(float(sol.cutoff_s[0]), 3),
                **flight_summary(flights, 0, np.radians(to[0]), np.radians(to[1])),
            }
    result["assumptions"] = earth.describe()
    if out is not None:
        paths = write_all(flights, out, name, {k: v for k, v in result.items()
                                               if not isinstance(v, list)})
        result["outputs"] = [str(p) for p in paths]
    return result
