"""``ashore.fly``: one trajectory, targeted, along an azimuth at maximum range, or in free
flight from a burnout state."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ashore.api._result import Result, axes, out_folder
from ashore.catalog.missiles import resolve_missile
from ashore.earth import geodesy
from ashore.earth.model import EarthModel
from ashore.errors import InputError
from ashore.flight import targeting
from ashore.flight.summary import flight_summary
from ashore.flight.trajectory import Flights, fly_free, fly_missile
from ashore.flight.vehicle import Missile

SHAPES = ("min-energy", "lofted", "depressed", "max-range")
FREE_FLIGHT_BETA_KG_M2 = 5000.0
"""Default ballistic coefficient of a free-flying reentry body, kg/m^2 (notional; open
analyses use 2,000-8,000)."""


@dataclass(frozen=True)
class Flight(Result):
    """One flown trajectory: its key figures (display units, as the names say), the full
    figures (:meth:`to_dict`, exactly ``ashore trajectory --json``) and the recorded flight.

    >>> f = ashore.fly("nodong", launch=(39.224, 125.670), aim=(35.68, 139.69))
    >>> f.range_km, f.apogee_km, f.flight_time_s
    """

    name: str
    """The missile's name, or ``free flight``."""
    mode: str
    """``targeted``, ``max-range`` or ``free-flight``."""
    range_km: float | None
    apogee_km: float | None
    flight_time_s: float | None
    impacted: bool
    miss_km: float | None
    """Distance from the aim to the impact (None without an aim)."""
    flights: Flights = field(repr=False)
    """The flight as the engine returns it (SI; batch of one, recorded when ``record``)."""
    figures: dict[str, Any] = field(repr=False)
    aim_deg: tuple[float, float] | None = field(default=None, repr=False)

    def track(self, step_s: float = 2.0):
        """The trajectory resampled every ``step_s`` (:class:`ashore.io.export.Track`)."""
        from ashore.io.export import track

        return track(self._recorded(), 0, step_s)

    def to_dataframe(self, step_s: float = 2.0):
        """The trajectory every ``step_s`` as a pandas DataFrame: time, latitude, longitude
        (deg), altitude, downrange (km) and speed relative to the Earth (m/s)."""
        import pandas as pd

        tr = self.track(step_s)
        return pd.DataFrame({"time_s": tr.t_s, "lat_deg": tr.lat_deg, "lon_deg": tr.lon_deg,
                             "alt_km": tr.alt_m / 1e3, "downrange_km": tr.downrange_m / 1e3,
                             "speed_mps": tr.speed_m_s})

    def plot(self, ax=None):
        """Altitude against downrange on ``ax`` (a new figure when None); returns the Axes."""
        from ashore.io.export import draw_profiles

        return draw_profiles(axes(ax), [(self.name, self.track())],
                             f"{self.name}: altitude vs downrange")

    def write(self, out: str | Path) -> list[Path]:
        """Write ``trajectory.csv``, ``ground_track.geojson``/``.kml`` and ``profile.png``
        under ``out``; returns the paths."""
        from ashore.io.export import write_all

        out = out_folder(out)
        return write_all(self._recorded(), out, self.name,
                         {k: v for k, v in self.to_dict().items() if not isinstance(v, list)})

    def _recorded(self) -> Flights:
        if self.flights.result.history is None:
            raise InputError("this flight was flown without `record`=True, so it has no history "
                             "to sample; fly it again with `record`=True", parameter="record")
        return self.flights


def fly(
    missile: str | Missile | None = None,
    *,
    launch: tuple[float, float],
    aim: tuple[float, float] | None = None,
    shape: str = "min-energy",
    apogee_km: float | None = None,
    azimuth_deg: float | None = None,
    burnout_speed_mps: float | None = None,
    burnout_angle_deg: float | None = None,
    burnout_altitude_km: float | None = None,
    ballistic_coefficient: float | None = None,
    missile_file: str | Path | None = None,
    earth: EarthModel | None = None,
    record: bool = True,
) -> Flight:
    """Fly one trajectory and return its figures.

    ``launch`` and ``aim`` are (lat_deg, lon_deg). Modes:

    - **targeted** (``aim`` given): the steering that lands ``missile`` (a catalog name, a
      :class:`~ashore.flight.vehicle.Missile`, or ``missile_file``, a YAML file) on the aim in
      ``shape`` ``min-energy``, ``lofted`` or ``depressed`` (the last two with ``apogee_km``);
    - **max-range** (``shape='max-range'`` with ``azimuth_deg``, or an aim giving the azimuth);
    - **free flight** (``burnout_speed_mps`` given): a bare reentry body from a burnout state
      (``burnout_angle_deg`` from horizontal, -90 to 90 inclusive; ``burnout_altitude_km``,
      default 0; ``ballistic_coefficient`` kg/m^2, default 5000) along ``azimuth_deg`` or
      toward ``aim``.

    Arguments the chosen mode would ignore raise :class:`~ashore.errors.InputError`, which
    names the argument. ``record`` keeps the state history (for tracks, plots and sensors).
    ``earth`` defaults to the full model (WGS84, J2, rotation, atmosphere).
    """
    earth = EarthModel() if earth is None else earth
    lat_deg, lon_deg = checked_latlon(launch, "launch")
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    aim_rad = (None, None)
    if aim is not None:
        aim = checked_latlon(aim, "aim")
        aim_rad = (np.radians(aim[0]), np.radians(aim[1]))
    if shape not in SHAPES:
        raise InputError(f"`shape` must be one of {', '.join(SHAPES)}, got '{shape}'",
                         parameter="shape")
    _check_combination(aim, missile, missile_file, shape, apogee_km, azimuth_deg,
                       burnout_speed_mps, burnout_angle_deg, burnout_altitude_km,
                       ballistic_coefficient)
    burnout_altitude_km = 0.0 if burnout_altitude_km is None else burnout_altitude_km
    beta = FREE_FLIGHT_BETA_KG_M2 if ballistic_coefficient is None else ballistic_coefficient
    _positive(apogee_km, "apogee_km")
    _positive(burnout_altitude_km, "burnout_altitude_km", allow_zero=True)
    _positive(beta, "ballistic_coefficient")
    if azimuth_deg is not None and not np.isfinite(azimuth_deg):
        raise InputError(f"`azimuth_deg` must be a number of degrees, got {azimuth_deg}",
                         parameter="azimuth_deg")

    if burnout_speed_mps is not None:
        _positive(burnout_speed_mps, "burnout_speed_mps")
        if azimuth_deg is None and aim is not None:  # head for the aim
            azimuth_deg = _azimuth_deg(earth, lat, lon, aim_rad)
        if azimuth_deg is None and burnout_angle_deg is not None and \
                abs(burnout_angle_deg) == 90.0:
            azimuth_deg = 0.0  # straight up or down: no horizontal direction to give
        if azimuth_deg is None or burnout_angle_deg is None:
            raise InputError(
                "free flight needs `burnout_angle_deg` and a direction, `azimuth_deg` (or an `aim` "
                "to head for)", parameter="burnout_angle_deg")
        if not (np.isfinite(burnout_angle_deg) and -90.0 <= burnout_angle_deg <= 90.0):
            raise InputError(f"`burnout_angle_deg` must be within -90..90, got {burnout_angle_deg}",
                             parameter="burnout_angle_deg")
        flights = fly_free(
            earth, lat, lon, burnout_altitude_km * 1e3, np.radians(azimuth_deg),
            burnout_speed_mps, np.radians(burnout_angle_deg),
            ballistic_coefficient_kg_m2=beta, record=record,
        )
        figures: dict = {"mode": "free-flight", **flight_summary(flights, 0, *aim_rad)}
        name = "free flight"
    else:
        m = missile if isinstance(missile, Missile) else resolve_missile(missile, missile_file)
        name = m.name
        if shape == "max-range" or (aim is None and azimuth_deg is not None):
            if shape != "max-range":
                raise InputError(
                    f"`shape` '{shape}' needs an `aim`; for the longest flight along "
                    "`azimuth_deg` use `shape` 'max-range'", parameter="aim")
            if azimuth_deg is None:
                if aim is None:
                    raise InputError("max-range needs `azimuth_deg` (or an `aim` giving one)",
                                     parameter="azimuth_deg")
                azimuth_deg = _azimuth_deg(earth, lat, lon, aim_rad)
            _, kick = targeting.max_range(m, earth, lat, lon, np.radians(azimuth_deg))
            flights = fly_missile(m, earth, lat, lon, np.radians(azimuth_deg), kick,
                                  record=record)
            figures = {"mode": "max-range", "missile": m.name, "shape": shape,
                       "azimuth_deg": round(float(azimuth_deg), 4),
                       **flight_summary(flights, 0, *aim_rad)}
        else:
            if aim is None:
                raise InputError("give an `aim` (or `shape` 'max-range' with `azimuth_deg`)",
                                 parameter="aim")
            if shape in ("lofted", "depressed") and apogee_km is None:
                raise InputError(f"`shape` '{shape}' needs `apogee_km`", parameter="apogee_km")
            sol = targeting.solve(m, earth, lat, lon, aim_rad[0], aim_rad[1], shape,
                                  None if apogee_km is None else apogee_km * 1e3)
            flights = sol.flights
            if record:
                flights = fly_missile(m, earth, lat, lon, sol.azimuth_rad, sol.kick_rad,
                                      sol.cutoff_s, record=True)
            figures = {
                "mode": "targeted", "missile": m.name, "shape": shape,
                "launch_azimuth_deg": round(float(np.degrees(sol.azimuth_rad[0])), 4),
                "kick_deg": round(float(np.degrees(sol.kick_rad[0])), 4),
                "cutoff_time_s": round(float(sol.cutoff_s[0]), 3),
                **flight_summary(flights, 0, *aim_rad),
            }
    figures["assumptions"] = earth.describe()
    return flight_result(name, flights, figures, aim)


def flight_result(name: str, flights: Flights, figures: dict,
                  aim_deg: tuple[float, float] | None = None) -> Flight:
    """A :class:`Flight` of trajectory 0 of ``flights`` with its figures (a dict holding at
    least ``mode`` and the keys of :func:`ashore.flight.summary.flight_summary`)."""
    return Flight(name, figures["mode"], figures.get("range_km"), figures.get("apogee_km"),
                  figures.get("flight_time_s"), bool(figures["impacted"]),
                  figures.get("miss_km"), flights, figures, aim_deg)


def checked_latlon(value, name: str) -> tuple[float, float]:
    try:
        lat, lon = (float(x) for x in value)
    except (TypeError, ValueError):
        raise InputError(f"`{name}` must be (lat_deg, lon_deg), got {value!r}",
                         parameter=name) from None
    if not (np.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise InputError(f"`{name}`: latitude {lat} is out of range; use -90 to 90 degrees",
                         parameter=name)
    if not (np.isfinite(lon) and -180.0 <= lon <= 360.0):
        raise InputError(f"`{name}`: longitude {lon} is out of range; use -180 to 180 (or 0 to "
                         "360) degrees", parameter=name)
    return lat, lon


def _positive(value: float | None, name: str, *, allow_zero: bool = False) -> None:
    if value is None:
        return
    ok = value >= 0 if allow_zero else value > 0
    if not np.isfinite(value) or not ok:
        bound = "zero or positive" if allow_zero else "positive"
        raise InputError(f"`{name}` must be {bound}, got {value}", parameter=name)


def _azimuth_deg(earth: EarthModel, lat: float, lon: float, aim) -> float:
    """Azimuth (deg from north) at the launch point of the geodesic to the aim."""
    dist, az, _ = geodesy.inverse(lat, lon, aim[0], aim[1], earth.ellipsoid)
    if float(np.asarray(dist, float).reshape(-1)[0]) < 1.0:
        raise InputError("the `aim` coincides with the `launch` point, so it gives no direction; "
                         "give `azimuth_deg`", parameter="aim")
    return float(np.degrees(np.asarray(az, float).reshape(-1)[0]))


def _check_combination(aim, missile, missile_file, shape, apogee_km, azimuth_deg,
                       burnout_speed_mps, burnout_angle_deg, burnout_altitude_km,
                       ballistic_coefficient) -> None:
    """Reject arguments that would be silently ignored in the chosen mode."""
    if burnout_speed_mps is not None:
        if missile is not None or missile_file is not None:
            raise InputError(
                "free flight (`burnout_speed_mps`) flies a bare reentry body; drop `missile` / "
                "`missile_file`, or drop `burnout_speed_mps` to fly the missile",
                parameter="burnout_speed_mps")
        if shape != "min-energy" or apogee_km is not None:
            raise InputError(
                "`shape` and `apogee_km` steer a missile; free flight (`burnout_speed_mps`) takes "
                "`azimuth_deg` and `burnout_angle_deg` instead", parameter="shape")
        return
    for name, value in (("burnout_angle_deg", burnout_angle_deg),
                        ("burnout_altitude_km", burnout_altitude_km),
                        ("ballistic_coefficient", ballistic_coefficient)):
        if value is not None:
            hint = (" (a missile's reentry ballistic coefficient comes from its catalog entry "
                    "or file)" if name == "ballistic_coefficient" else "")
            raise InputError(f"`{name}` is for free flight; give `burnout_speed_mps` too{hint}",
                             parameter=name)
    if apogee_km is not None and shape not in ("lofted", "depressed"):
        raise InputError(
            f"`apogee_km` applies only to `shape` lofted or depressed (the {shape} apogee follows "
            "from the range); drop it or choose one of those shapes", parameter="apogee_km")
    if aim is not None and azimuth_deg is not None:
        raise InputError("give either an `aim` (the azimuth follows from it) or `azimuth_deg`, "
                         "not both", parameter="azimuth_deg")
