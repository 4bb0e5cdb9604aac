"""`ashore trajectory`: targeted, max-range or free flight, with JSON and file outputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ashore.catalog.missiles import resolve_missile
from ashore.cli.parsing import check_positive
from ashore.earth.model import EarthModel
from ashore.errors import InputError
from ashore.flight import targeting
from ashore.flight.trajectory import Flights, fly_free, fly_missile
from ashore.io.export import write_all
from ashore.io.summary import flight_summary


def run_trajectory(*, out: Path | None = None, **request) -> dict:
    """Fly one trajectory and return its key figures (display units) as a JSON-ready dict;
    with ``out``, also write its files. ``request`` are the keyword arguments of
    :func:`fly_request` (the modes and flags)."""
    if out is not None and out.exists() and not out.is_dir():
        raise InputError(f"--out '{out}' is a file; give a folder for the outputs")
    flights, result, name = fly_request(**request, record=out is not None)
    if out is not None:
        paths = write_all(flights, out, name, {k: v for k, v in result.items()
                                               if not isinstance(v, list)})
        result["outputs"] = [str(p) for p in paths]
    return result


def fly_request(
    *,
    from_: tuple[float, float],
    to: tuple[float, float] | None = None,
    missile: str | None = None,
    missile_file: Path | None = None,
    shape: str = "min-energy",
    apogee_km: float | None = None,
    azimuth_deg: float | None = None,
    burnout_speed_mps: float | None = None,
    burnout_angle_deg: float | None = None,
    burnout_altitude_km: float | None = None,
    ballistic_coefficient: float | None = None,
    earth: EarthModel | None = None,
    record: bool = False,
) -> tuple[Flights, dict, str]:
    """Fly the trajectory the flags describe; return the flight, its figures and a name.

    Modes: free flight from a burnout state (``burnout_speed_mps`` given), maximum range along
    an azimuth (``shape='max-range'``), or targeted at ``to`` with a shape. Flags that the
    chosen mode would ignore raise :class:`InputError`. ``burnout_altitude_km`` defaults to 0
    and ``ballistic_coefficient`` (kg/m^2) to 5000 in free flight. ``record`` keeps the state
    history (for files, plots and sensor timelines).
    """
    earth = EarthModel() if earth is None else earth
    lat, lon = np.radians(from_[0]), np.radians(from_[1])
    aim = (None, None) if to is None else (np.radians(to[0]), np.radians(to[1]))
    _check_combination(to, missile, missile_file, shape, apogee_km, azimuth_deg,
                       burnout_speed_mps, burnout_angle_deg, burnout_altitude_km,
                       ballistic_coefficient)
    burnout_altitude_km = 0.0 if burnout_altitude_km is None else burnout_altitude_km
    ballistic_coefficient = 5000.0 if ballistic_coefficient is None else ballistic_coefficient
    check_positive(apogee_km, "--apogee-km")
    check_positive(burnout_altitude_km, "--burnout-altitude-km", allow_zero=True)
    check_positive(ballistic_coefficient, "--ballistic-coefficient")
    if azimuth_deg is not None and not np.isfinite(azimuth_deg):
        raise InputError(f"--azimuth must be a number of degrees, got {azimuth_deg}")

    if burnout_speed_mps is not None:
        check_positive(burnout_speed_mps, "--burnout-speed-mps")
        if azimuth_deg is None and to is not None:  # head for the aim
            azimuth_deg = _azimuth_deg(earth, lat, lon, aim)
        if azimuth_deg is None or burnout_angle_deg is None:
            raise InputError(
                "free flight needs --burnout-angle-deg DEG and a direction, --azimuth DEG "
                "(or --to LAT,LON to head for an aim)"
            )
        if not -90.0 < burnout_angle_deg < 90.0:
            raise InputError(f"--burnout-angle-deg must be within -90..90, got {burnout_angle_deg}")
        flights = fly_free(
            earth, lat, lon, burnout_altitude_km * 1e3, np.radians(azimuth_deg),
            burnout_speed_mps, np.radians(burnout_angle_deg),
            ballistic_coefficient_kg_m2=ballistic_coefficient, record=record,
        )
        result: dict = {"mode": "free-flight", **flight_summary(flights, 0, *aim)}
        name = "free flight"
    else:
        m = resolve_missile(missile, missile_file)
        name = m.name
        if shape == "max-range" or (to is None and azimuth_deg is not None):
            if shape != "max-range":
                raise InputError(
                    f"shape '{shape}' needs an aim point --to LAT,LON; for the longest flight "
                    "along --azimuth use --shape max-range"
                )
            if azimuth_deg is None:
                if to is None:
                    raise InputError("max-range needs --azimuth DEG (or --to LAT,LON for one)")
                azimuth_deg = _azimuth_deg(earth, lat, lon, aim)
            _, kick = targeting.max_range(m, earth, lat, lon, np.radians(azimuth_deg))
            flights = fly_missile(m, earth, lat, lon, np.radians(azimuth_deg), kick,
                                  record=record)
            result = {"mode": "max-range", "missile": m.name, "shape": shape,
                      "azimuth_deg": round(float(azimuth_deg), 4),
                      **flight_summary(flights, 0, *aim)}
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
                **flight_summary(flights, 0, *aim),
            }
    result["assumptions"] = earth.describe()
    return flights, result, name


def _azimuth_deg(earth: EarthModel, lat: float, lon: float, aim) -> float:
    """Azimuth (deg from north) at the launch point of the geodesic to the aim."""
    from ashore.earth import geodesy

    dist, az, _ = geodesy.inverse(lat, lon, aim[0], aim[1], earth.ellipsoid)
    if float(np.asarray(dist, float).reshape(-1)[0]) < 1.0:
        raise InputError("--to coincides with --from, so it gives no direction; give --azimuth")
    return float(np.degrees(np.asarray(az, float).reshape(-1)[0]))


def _check_combination(to, missile, missile_file, shape, apogee_km, azimuth_deg,
                       burnout_speed_mps, burnout_angle_deg, burnout_altitude_km,
                       ballistic_coefficient) -> None:
    """Reject flags that would be silently ignored in the chosen mode."""
    if burnout_speed_mps is not None:
        if missile is not None or missile_file is not None:
            raise InputError(
                "free flight (--burnout-speed-mps) flies a bare reentry body; drop --missile / "
                "--missile-file, or drop --burnout-speed-mps to fly the missile"
            )
        if shape != "min-energy" or apogee_km is not None:
            raise InputError(
                "--shape and --apogee-km steer a missile; free flight (--burnout-speed-mps) "
                "takes --azimuth and --burnout-angle-deg instead"
            )
        return
    for flag, value in (("--burnout-angle-deg", burnout_angle_deg),
                        ("--burnout-altitude-km", burnout_altitude_km),
                        ("--ballistic-coefficient", ballistic_coefficient)):
        if value is not None:
            hint = (" (a missile's reentry ballistic coefficient comes from its catalog entry "
                    "or file)" if flag == "--ballistic-coefficient" else "")
            raise InputError(f"{flag} is for free flight; give --burnout-speed-mps too{hint}")
    if apogee_km is not None and shape not in ("lofted", "depressed"):
        raise InputError(
            f"--apogee-km applies only to --shape lofted or depressed (the {shape} apogee "
            "follows from the range); drop it or choose one of those shapes"
        )
    if to is not None and azimuth_deg is not None:
        raise InputError(
            "give either --to LAT,LON (the azimuth follows from the aim) or --azimuth DEG, "
            "not both"
        )
