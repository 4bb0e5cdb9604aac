"""Detection timelines: when each of many trajectories is first seen by each of several radars,
how long it stays in track, and, when it never is, why.

Each radar looks at every target once per revisit interval (looks at t = 0, T_r, 2 T_r, ...
after launch). At each look the target must, in this order (the first condition never met is
the reported reason):

1. ``horizon``: be above the radar's sea-level horizon on the effective (refracting) sphere of
   radius k R: nearer than the horizon distance, or above its dip -acos(k R / (k R + h_radar))
   ([@skolnik-2001]; :func:`ashore.sensors.horizon.sea_horizon`);
2. ``terrain``: not be masked by terrain or obstacles: elevation >= the horizon profile's mask
   at that azimuth counting only masking points nearer than the target
   (:meth:`ashore.sensors.horizon.HorizonProfile.mask_at`);
3. ``range``: be within the radar's instrumented range;
4. ``field of regard``: fall inside a face's scan limits and the elevation limits;
5. ``snr``: be detected: the cumulative probability of detection over the visible looks,
   1 - prod(1 - Pd_k) (independent looks), reaches ``pd_threshold`` (default 0.9). Pd_k is the
   single-look probability from the radar equation at that range and RCS.

A track starts at the first detection and continues while every geometric condition holds and
the single-look Pd stays at or above ``track_pd`` (default 0.5); it is lost at the first look
that fails, and ends at impact otherwise. All of this is computed for every trajectory, look
and radar as arrays; the only loop is over radars.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ashore.earth.frames import ecef_to_aer, ecef_to_geodetic
from ashore.flight.trajectory import Flights
from ashore.sensors.horizon import elevation_angle, sea_horizon

REASONS = ("horizon", "terrain", "range", "field of regard", "snr")


@dataclass(frozen=True)
class RadarSite:
    """A radar at a place: geodetic latitude/longitude (rad), antenna height above sea level
    (m) and an optional terrain horizon profile (``ashore.sensors.horizon.HorizonProfile``)."""

    radar: object
    lat_rad: float
    lon_rad: float
    alt_m: float
    profile: object | None = None
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or getattr(self.radar, "name", "radar")


@dataclass
class Timeline:
    """Per trajectory (n,) for one radar; times from launch, NaN where undefined."""

    site: RadarSite
    detected: np.ndarray
    first_detection_time_s: np.ndarray
    first_detection_alt_m: np.ndarray
    first_detection_range_m: np.ndarray
    track_end_time_s: np.ndarray
    reason: np.ndarray
    """'' where detected, else the first of REASONS never satisfied."""

    @property
    def track_duration_s(self) -> np.ndarray:
        return np.where(self.detected, self.track_end_time_s - self.first_detection_time_s,
                        np.nan)


def detection_timelines(
    flights: Flights,
    sites: list[RadarSite],
    rcs_m2,
    *,
    pd_threshold: float = 0.9,
    track_pd: float = 0.5,
) -> list[Timeline]:
    """Timelines of every trajectory in ``flights`` (flown with ``record=True``) for each site.

    ``rcs_m2`` is a scalar or one value per trajectory.
    """
    n = len(flights.launch_lat_rad)
    rcs = np.broadcast_to(np.asarray(rcs_m2, float), (n,))
    t_end = np.nanmax(np.where(flights.impacted, flights.flight_time_s,
                               flights.result.t_end_s))
    out = []
    sampled: dict[float, tuple] = {}  # radars with the same revisit share the sampling
    for site in sites:
        radar = site.radar
        looks = np.arange(0.0, t_end + radar.revisit_s, radar.revisit_s)
        if radar.revisit_s not in sampled:
            r, _, in_flight = flights.sample(looks, velocities=False)
            sampled[radar.revisit_s] = (r, in_flight)
        r, in_flight = sampled[radar.revisit_s]
        out.append(_timeline(site, looks, r, in_flight, rcs, pd_threshold, track_pd,
                             flights.earth.ellipsoid))
    return out


def _timeline(site: RadarSite, looks, r, in_flight, rcs, pd_threshold, track_pd,
              ellipsoid) -> Timeline:
    radar = site.radar
    n = r.shape[0]
    lat, lon, alt = ecef_to_geodetic(r, ellipsoid)
    ok = in_flight & np.isfinite(alt)
    lat, lon, alt = (np.where(ok, x, 0.0) for x in (lat, lon, alt))
    el = elevation_angle(site.lat_rad, site.lon_rad, site.alt_m, lat, lon, alt,
                         k=radar.k_factor)
    elev, ground = el.elevation_rad, el.distance_m
    az, _, slant = ecef_to_aer(np.where(ok[..., None], r, 0.0), site.lat_rad, site.lon_rad,
                               site.alt_m, ellipsoid)
    dip, d_horizon = sea_horizon(site.alt_m, radar.k_factor)
    above_horizon = ok & ((ground <= d_horizon) | (elev >= dip))
    unmasked = above_horizon
    if site.profile is not None:
        unmasked = above_horizon & (elev >= site.profile.mask_at(az, ground))
    in_range = unmasked & (slant <= radar.max_range_m)
    in_for = in_range & radar.in_field_of_regard(az, elev)
    pd = np.where(in_for, radar.pd(np.maximum(slant, 1.0), rcs[:, None]), 0.0)
    cum = 1.0 - np.cumprod(1.0 - pd, axis=1)
    det = in_for & (cum >= pd_threshold)

    detected = det.any(axis=1)
    first = np.argmax(det, axis=1)
    rows = np.arange(n)
    t_first = np.where(detected, looks[first], np.nan)
    alt_first = np.where(detected, alt[rows, first], np.nan)
    range_first = np.where(detected, slant[rows, first], np.nan)

    holding = in_for & (pd >= track_pd)
    after = np.arange(looks.size)[None, :] > first[:, None]
    lost = after & ~holding
    any_lost = lost.any(axis=1)
    lost_idx = np.argmax(lost, axis=1)
    last_in_flight = np.where(ok.any(axis=1), ok.shape[1] - 1 - np.argmax(ok[:, ::-1], axis=1),
                              0)
    end_idx = np.where(any_lost, lost_idx, last_in_flight)
    t_track_end = np.where(detected, looks[end_idx], np.nan)

    stages = (above_horizon, unmasked, in_range, in_for, det)
    reason = np.full(n, "", dtype=object)
    for name, stage in zip(REASONS, stages, strict=True):
        reason = np.where((reason == "") & ~stage.any(axis=1), name, reason)
    return Timeline(site, detected, t_first, alt_first, range_first, t_track_end,
                    np.where(detected, "", reason))

