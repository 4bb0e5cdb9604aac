"""Fly batches of missiles (powered, then ballistic) or free-flying bodies, and summarise them.

:func:`fly_missile` launches a batch of one missile type from surface points with per-sample
azimuth, kick angle and thrust cut-off; :func:`fly_free` starts ballistic bodies from a burnout
state. Both return a :class:`Flights` with the key figures of each trajectory (burnout, apogee,
reentry, impact, range) as arrays, and optionally the full state history.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ashore.earth import geodesy
from ashore.earth.frames import (
    ecef_to_geodetic,
    enu_vector_to_ecef,
    geodetic_to_ecef,
    up_vector,
)
from ashore.earth.model import EarthModel
from ashore.flight.dynamics import Dynamics, FlightParams, VehicleTables
from ashore.flight.integrator import Event, History, IntegrationResult, hermite, integrate
from ashore.flight.vehicle import Missile

REENTRY_ALTITUDE_M = 100e3
"""Altitude at which the reentry speed is reported (a common convention for the entry
interface)."""


@dataclass(frozen=True)
class Accuracy:
    """Integrator tolerances. The defaults keep 1,300 km powered impacts within 10 m of a
    tight solution over thousands of random launches (measured maximum ~9 m over 10,000; see
    tests/flight/test_integrator_vs_scipy.py and BENCHMARKS.md). The error does not fall
    smoothly with the tolerance because the drag table and the tabulated atmosphere put small
    kinks in the right-hand side."""

    rtol: float = 2e-10
    atol_pos_m: float = 2e-3
    atol_vel_m_s: float = 2e-6
    h_max_s: float = 60.0


DEFAULT_ACCURACY = Accuracy()
FAST_ACCURACY = Accuracy(rtol=1e-7, atol_pos_m=0.5, atol_vel_m_s=5e-4)


def _events(earth: EarthModel, armed_after_s: np.ndarray) -> tuple[Event, ...]:
    def vertical_speed(t, r, v, geo):
        return np.einsum("ij,ij->i", v, up_vector(geo[0], geo[1]))

    return (
        Event("apogee", vertical_speed, direction=-1, armed_after_s=armed_after_s),
        Event("reentry", lambda t, r, v, geo: geo[2] - REENTRY_ALTITUDE_M, direction=-1),
        Event("impact", lambda t, r, v, geo: geo[2], direction=-1, terminal=True),
    )


@dataclass
class Flights:
    """A batch of flights and their key figures (arrays of shape (n,), SI units).

    Where a quantity does not exist for a sample (e.g. no reentry crossing below a 100 km
    apogee) the reentry figure falls back to the apogee state; ``impacted`` is False for samples
    that never came down within the time limit.
    """

    earth: EarthModel
    launch_lat_rad: np.ndarray
    launch_lon_rad: np.ndarray
    launch_alt_m: np.ndarray
    result: IntegrationResult
    aim_lat_rad: np.ndarray | None = None
    """Aim points, when the batch was targeted (for miss distances)."""
    aim_lon_rad: np.ndarray | None = None

    # ---- burnout ------------------------------------------------------------------------
    @property
    def _burnout(self):
        return self.result.captures[-1]

    @property
    def staging_time_s(self) -> np.ndarray:
        """(n, S-1) times of the stage separations before the last stage (NaN if the thrust
        was cut before that stage burned out)."""
        times = [c.t_s for c in self.result.captures[:-1]]
        n = len(self.launch_lat_rad)
        return np.stack(times, axis=-1) if times else np.empty((n, 0))

    def staging_states(self, k: int):
        """Speed (m/s), flight-path angle (rad) and altitude (m) at separation ``k``."""
        cap = self.result.captures[k]
        return self._speed_angle_alt(cap.r_ecef, cap.v_ecef)

    @property
    def burnout_time_s(self) -> np.ndarray:
        return self._burnout.t_s

    def _geo(self, r: np.ndarray):
        return ecef_to_geodetic(r, self.earth.ellipsoid)

    def _speed_angle_alt(self, r: np.ndarray, v: np.ndarray):
        lat, lon, alt = self._geo(r)
        speed = np.linalg.norm(v, axis=-1)
        vz = np.einsum("...i,...i->...", v, up_vector(lat, lon))
        angle = np.arcsin(np.clip(vz / np.maximum(speed, 1e-12), -1.0, 1.0))
        return speed, angle, alt

    @property
    def burnout_speed_m_s(self) -> np.ndarray:
        return self._speed_angle_alt(self._burnout.r_ecef, self._burnout.v_ecef)[0]

    @property
    def burnout_angle_rad(self) -> np.ndarray:
        """Flight-path angle above the local (geodetic) horizontal at burnout."""
        return self._speed_angle_alt(self._burnout.r_ecef, self._burnout.v_ecef)[1]

    @property
    def burnout_alt_m(self) -> np.ndarray:
        return self._speed_angle_alt(self._burnout.r_ecef, self._burnout.v_ecef)[2]

    # ---- apogee -------------------------------------------------------------------------
    @property
    def apogee_alt_m(self) -> np.ndarray:
        ev = self.result.events["apogee"]
        alt = self._geo(ev.r_ecef)[2]
        return np.where(ev.found, alt, self.burnout_alt_m)

    @property
    def apogee_time_s(self) -> np.ndarray:
        ev = self.result.events["apogee"]
        return np.where(ev.found, ev.t_s, self.burnout_time_s)

    # ---- reentry and impact ----------------------------------------------------------------
    @property
    def impacted(self) -> np.ndarray:
        return self.result.events["impact"].found

    @property
    def flight_time_s(self) -> np.ndarray:
        return self.result.events["impact"].t_s

    @property
    def impact_lat_rad(self) -> np.ndarray:
        return self._geo(self.result.events["impact"].r_ecef)[0]

    @property
    def impact_lon_rad(self) -> np.ndarray:
        return self._geo(self.result.events["impact"].r_ecef)[1]

    @property
    def impact_speed_m_s(self) -> np.ndarray:
        return np.linalg.norm(self.result.events["impact"].v_ecef, axis=-1)

    @property
    def reentry_speed_m_s(self) -> np.ndarray:
        """Earth-relative speed descending through 100 km (or at apogee if it stays lower)."""
        ev = self.result.events["reentry"]
        at_re = np.linalg.norm(ev.v_ecef, axis=-1)
        apo = np.linalg.norm(self.result.events["apogee"].v_ecef, axis=-1)
        return np.where(ev.found, at_re, apo)

    def impact_geodesic(self) -> tuple[np.ndarray, np.ndarray]:
        """Geodesic distance and azimuth from launch to impact; NaN where no impact."""
        hit = self.impacted
        dist = np.full(hit.shape, np.nan)
        az = np.full(hit.shape, np.nan)
        if hit.any():
            dist[hit], az[hit], _ = geodesy.inverse(
                self.launch_lat_rad[hit], self.launch_lon_rad[hit], self.impact_lat_rad[hit],
                self.impact_lon_rad[hit], self.earth.ellipsoid,
            )
        return dist, az

    @property
    def range_m(self) -> np.ndarray:
        """Geodesic distance on the model's ellipsoid from launch point to impact point."""
        return self.impact_geodesic()[0]

    @property
    def impact_azimuth_rad(self) -> np.ndarray:
        """Azimuth at the launch point of the geodesic to the impact point."""
        return self.impact_geodesic()[1]

    # ---- history ---------------------------------------------------------------------------
    @property
    def history(self) -> History:
        if self.result.history is None:
            raise ValueError("this batch was flown without record=True")
        return self.result.history

    def states(self, i: int, times_s: np.ndarray | None = None):
        """(t, r_ecef, v_ecef) of sample ``i``: at the integrator's steps, or Hermite-interpolated
        at ``times_s`` (clipped to the flight)."""
        hist = self.history
        sl = hist.sample(i)
        t, r, v = hist.t_s[sl], hist.r_ecef[sl], hist.v_ecef[sl]
        if times_s is None:
            return t, r, v
        tq = np.clip(np.asarray(times_s, float), t[0], t[-1])
        j = np.clip(np.searchsorted(t, tq, side="right"), 1, len(t) - 1) + sl.start
        y = self._dense(j, tq)
        return tq, y[:, :3], y[:, 3:]

    def _dense(self, rows: np.ndarray, tq: np.ndarray) -> np.ndarray:
        """Hermite state (m, 6) inside the steps ending at history rows ``rows`` (m,)."""
        h = self.history
        y0 = np.concatenate([h.r_ecef[rows - 1], h.v_ecef[rows - 1]], axis=-1)
        y1 = np.concatenate([h.r_ecef[rows], h.v_ecef[rows]], axis=-1)
        f0 = np.concatenate([h.v_ecef[rows - 1], h.a_start[rows]], axis=-1)
        f1 = np.concatenate([h.v_ecef[rows], h.a_end[rows]], axis=-1)
        return hermite(h.t_s[rows - 1], h.t_s[rows], y0, y1, f0, f1, tq)

    def state_at(self, sample_idx, times_s):
        """States of given samples at given times (both broadcast to one shape S): r_ecef and
        v_ecef (S + (3,)), Hermite-interpolated, with times clipped to each flight."""
        h = self.history
        idx, tq = np.broadcast_arrays(np.asarray(sample_idx, np.intp),
                                      np.asarray(times_s, float))
        shape = idx.shape
        idx, tq = idx.ravel(), tq.ravel()
        first, last = h.offsets[:-1][idx], h.offsets[1:][idx] - 1
        tq = np.clip(tq, h.t_s[first], h.t_s[last])
        n = len(h.offsets) - 1
        stride = 2.0 * (np.max(np.abs(h.t_s)) + np.max(np.abs(tq), initial=0.0) + 1.0)
        key = h.t_s + np.repeat(np.arange(n), np.diff(h.offsets)) * stride
        rows = np.clip(np.searchsorted(key, tq + idx * stride, side="right"), first + 1, last)
        y = self._dense(rows, tq)
        return y[:, :3].reshape(shape + (3,)), y[:, 3:].reshape(shape + (3,))

    def sample(self, times_s, velocities: bool = True):
        """Every trajectory at common times, in one vectorised pass.

        Returns r_ecef and v_ecef of shape (n, T, 3) and ``in_flight`` (n, T): False (and NaN
        states) before launch or after impact. Each sample's step is found by one
        ``searchsorted`` on the history rows keyed by (sample, time). With
        ``velocities=False`` only positions are interpolated (cubic Hermite from the positions
        and velocities at the step ends, the same values) and v_ecef is None.
        """
        h = self.history
        n = len(h.offsets) - 1
        tq = np.asarray(times_s, float).ravel()
        counts = np.diff(h.offsets)
        first, last = h.offsets[:-1], h.offsets[1:] - 1
        t0, t1 = h.t_s[first], h.t_s[last]
        stride = 2.0 * (np.max(np.abs(h.t_s)) + np.max(np.abs(tq)) + 1.0)
        key = h.t_s + np.repeat(np.arange(n), counts) * stride
        query = tq[None, :] + (np.arange(n) * stride)[:, None]
        rows = np.searchsorted(key, query, side="right")
        rows = np.clip(rows, (first + 1)[:, None], last[:, None])
        in_flight = (tq[None, :] >= t0[:, None]) & (tq[None, :] <= t1[:, None])
        tt = np.clip(np.broadcast_to(tq, (n, tq.size)), t0[:, None], t1[:, None])
        if not velocities:
            rows, tt = rows.ravel(), tt.ravel()
            r = hermite(h.t_s[rows - 1], h.t_s[rows], h.r_ecef[rows - 1], h.r_ecef[rows],
                        h.v_ecef[rows - 1], h.v_ecef[rows], tt).reshape(n, tq.size, 3)
            r[~in_flight] = np.nan
            return r, None, in_flight
        y = self._dense(rows.ravel(), tt.ravel()).reshape(n, tq.size, 6)
        y[~in_flight] = np.nan
        return y[..., :3], y[..., 3:], in_flight


def launch_frame(lat, lon, az):
    """Up and horizontal (launch-azimuth) unit vectors in ECEF at the launch points."""
    up = up_vector(lat, lon)
    horiz_enu = np.stack([np.sin(az), np.cos(az), np.zeros_like(az)], axis=-1)
    return up, enu_vector_to_ecef(horiz_enu, lat, lon)


def fly_missile(
    missile: Missile,
    earth: EarthModel,
    lat_rad,
    lon_rad,
    azimuth_rad,
    kick_rad,
    cutoff_s=None,
    *,
    alt_m=0.0,
    accuracy: Accuracy = DEFAULT_ACCURACY,
    record: bool = False,
    t_max_s: float = 4 * 3600.0,
) -> Flights:
    """Launch a batch of one missile type; every argument broadcasts to the batch shape (n,).

    ``cutoff_s`` (thrust termination) defaults to the full burn; values beyond it are clipped.
    """
    total = missile.total_burn_time_s
    cut = total if cutoff_s is None else cutoff_s
    inputs = (lat_rad, lon_rad, azimuth_rad, kick_rad, cut, alt_m)
    lat, lon, az, kick, cut, alt = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(x, float)) for x in inputs)
    )
    cut = np.clip(cut, missile.turn_start_s + 1e-3, total)
    n = lat.size
    tables = VehicleTables.from_missile(missile)
    up, h0 = launch_frame(lat, lon, az)
    params = FlightParams(up0=up, h0=h0, kick_rad=kick.copy(), cutoff_s=cut.copy())
    r0 = geodetic_to_ecef(lat, lon, alt, earth.ellipsoid)
    v0 = np.zeros_like(r0)
    bps = np.concatenate(
        [
            np.broadcast_to([tables.vertical_rise_s, tables.kick_end_s, tables.turn_start_s],
                            (n, 3)),
            np.broadcast_to(tables.stage_end_s, (n, len(tables.stage_end_s))),
            cut[:, None],
        ],
        axis=1,
    )
    bps = np.where(bps <= cut[:, None], bps, np.inf)
    separations = np.broadcast_to(tables.stage_end_s[:-1], (n, len(tables.stage_end_s) - 1))
    separations = np.where(separations < cut[:, None], separations, np.nan)
    captures = np.concatenate([separations, cut[:, None]], axis=1)
    result = _integrate(earth, tables, params, r0, v0, captures, bps, accuracy, record, t_max_s)
    return Flights(earth, lat, lon, alt, result)


def burnout_state_ecef(lat_rad, lon_rad, alt_m, azimuth_rad, speed_m_s, angle_rad, earth):
    """Position and Earth-relative velocity in ECEF of a body at a geodetic point moving at
    ``speed`` along ``azimuth`` with flight-path angle ``angle`` above the local horizontal."""
    r = geodetic_to_ecef(lat_rad, lon_rad, alt_m, earth.ellipsoid)
    ce = np.cos(angle_rad)
    v_enu = speed_m_s[..., None] * np.stack(
        [ce * np.sin(azimuth_rad), ce * np.cos(azimuth_rad), np.sin(angle_rad)], axis=-1
    )
    return r, enu_vector_to_ecef(v_enu, lat_rad, lon_rad)


def fly_free(
    earth: EarthModel,
    lat_rad,
    lon_rad,
    alt_m,
    azimuth_rad,
    speed_m_s,
    angle_rad,
    *,
    ballistic_coefficient_kg_m2=5000.0,
    accuracy: Accuracy = DEFAULT_ACCURACY,
    record: bool = False,
    t_max_s: float = 4 * 3600.0,
) -> Flights:
    """Ballistic flight from a burnout state (no thrust); drag from ``ballistic_coefficient``
    (scalar or per sample) when the Earth model has an atmosphere."""
    arrays = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(x, float))
          for x in (lat_rad, lon_rad, alt_m, azimuth_rad, speed_m_s, angle_rad))
    )
    lat, lon, alt, az, speed, angle = (a.copy() for a in arrays)
    r0, v0 = burnout_state_ecef(lat, lon, alt, az, speed, angle, earth)
    return fly_free_state(earth, r0, v0, ballistic_coefficient_kg_m2=ballistic_coefficient_kg_m2,
                          accuracy=accuracy, record=record, t_max_s=t_max_s)


def fly_free_state(
    earth: EarthModel,
    r0_ecef,
    v0_ecef,
    *,
    ballistic_coefficient_kg_m2=5000.0,
    wind_ecef=None,
    accuracy: Accuracy = DEFAULT_ACCURACY,
    record: bool = False,
    t_max_s: float = 4 * 3600.0,
) -> Flights:
    """Ballistic flight of bodies from ECEF states (n, 3) (velocity relative to the Earth), at
    t = 0, until impact. ``ballistic_coefficient_kg_m2`` (beta = m / (C_D A)) is a scalar or one
    value per body; ``wind_ecef`` (3,) or (n, 3) is a uniform wind (the air's velocity relative
    to the Earth, m/s) that drag acts relative to."""
    r0 = np.atleast_2d(np.asarray(r0_ecef, float)).copy()
    v0 = np.atleast_2d(np.asarray(v0_ecef, float)).copy()
    n = len(r0)
    beta = np.broadcast_to(np.asarray(ballistic_coefficient_kg_m2, float), (n,))
    if not np.all(np.isfinite(beta) & (beta > 0)):
        raise ValueError("ballistic coefficients must be positive and finite")
    lat, lon, alt = ecef_to_geodetic(r0, earth.ellipsoid)
    up = up_vector(lat, lon)
    wind = (None if wind_ecef is None
            else np.broadcast_to(np.asarray(wind_ecef, float), (n, 3)).copy())
    params = FlightParams(up0=up, h0=up, kick_rad=np.zeros(n), cutoff_s=np.zeros(n),
                          inverse_beta=1.0 / beta, wind_ecef=wind)
    result = _integrate(earth, _free_body_tables(float(beta[0])), params, r0, v0,
                        np.zeros((n, 1)), None, accuracy, record, t_max_s)
    return Flights(earth, lat, lon, alt, result)


def _integrate(earth, tables, params, r0, v0, capture_s, breakpoints, accuracy, record, t_max_s):
    """Integrate from launch (or burnout) at t = 0 until impact. ``capture_s`` (n, K): stage
    separations, then burnout (the last column, also arming the apogee event)."""
    cutoff_s = capture_s[:, -1]
    return integrate(
        Dynamics(earth, tables).acceleration,
        params,
        np.zeros(len(r0)),
        r0,
        v0,
        to_geodetic=lambda r: ecef_to_geodetic(r, earth.ellipsoid),
        breakpoints=breakpoints,
        events=_events(earth, cutoff_s),
        capture_s=capture_s,
        t_max_s=t_max_s,
        rtol=accuracy.rtol,
        atol_pos_m=accuracy.atol_pos_m,
        atol_vel_m_s=accuracy.atol_vel_m_s,
        h_max_s=accuracy.h_max_s,
        record=record,
    )


def _free_body_tables(beta: float) -> VehicleTables:
    one = np.ones(1)
    return VehicleTables(
        stage_start_s=0 * one, stage_end_s=0 * one, mass_flow_kg_s=0 * one,
        thrust_vac_n=0 * one, exit_area_m2=0 * one, ignition_mass_kg=one,
        reference_area_m2=0 * one, drag_mach=np.array([0.0, 1.0]), drag_cd=np.zeros(2),
        rv_inverse_beta=1.0 / beta, vertical_rise_s=0.0, kick_end_s=0.0, turn_start_s=0.0,
    )
