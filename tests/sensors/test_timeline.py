"""Detection timelines for batches of trajectories and several radars."""

from dataclasses import replace

import numpy as np
import pytest

from ashore.catalog.missiles import get_missile
from ashore.catalog.radars import get_radar, point_radar
from ashore.earth import geodesy
from ashore.earth.model import EarthModel
from ashore.flight.trajectory import fly_missile
from ashore.sensors.horizon import elevation_angle, horizon_profile, sea_horizon
from ashore.sensors.terrain import Obstacle
from ashore.sensors.timeline import RadarSite, detection_timelines

SUNAN = (np.radians(39.224), np.radians(125.670))
AKITA = (np.radians(39.67), np.radians(140.05))


NAHA = (np.radians(26.21), np.radians(127.68))
TOKYO = (np.radians(35.68), np.radians(139.69))


@pytest.fixture(scope="module")
def flights():
    """A Nodong trajectory from Sunan eastwards, over Akita."""
    return fly_missile(get_missile("nodong"), EarthModel(), *SUNAN, np.radians(83.0),
                       np.radians(15.0), record=True)


def _site(radar, lat, lon, alt=30.0, profile=None):
    return RadarSite(radar, lat, lon, alt, profile)


def test_radar_under_the_track_detects_and_far_radar_reports_horizon(flights):
    """A SPY-7-class radar at Akita sees the eastbound Nodong and holds its track; a Scud-class
    missile (apogee ~90 km) flown west from Sunan stays below the horizon of the same radar at
    Tokyo, 1,300 km away (horizon range to 90 km: about 1,260 km, [@skolnik-2001] formula)."""
    spy7 = get_radar("spy-7-class")
    tl = detection_timelines(flights, [_site(spy7, *AKITA)], 0.05)[0]
    assert tl.detected[0] and tl.reason[0] == ""
    assert 0 < tl.first_detection_time_s[0] < flights.flight_time_s[0]
    assert tl.track_duration_s[0] > 0
    scud = fly_missile(get_missile("scud-b"), EarthModel(), *SUNAN, np.radians(270.0),
                       np.radians(35.0), record=True)
    far = detection_timelines(scud, [_site(spy7, *TOKYO)], 0.05)[0]
    assert not far.detected[0] and far.reason[0] == "horizon"
def test_first_detection_is_above_the_horizon_and_within_range(flights):
    """At first detection the target is above the radar's refracted sea horizon (closed form,
    [@skolnik-2001]: d = sqrt(2kRh_r) + sqrt(2kRh_t)), and no look before it was: its elevation
    one revisit earlier was below the horizon dip, or the cumulative Pd was still short."""
    radar = get_radar("spy-7-class")
    tl = detection_timelines(flights, [_site(radar, *AKITA)], 0.05)[0]
    t = tl.first_detection_time_s[0]
    _, r, _ = flights.states(0, np.array([t]))
    from ashore.earth.frames import ecef_to_geodetic

    lat, lon, alt = ecef_to_geodetic(r)
    el = elevation_angle(*AKITA, 30.0, lat, lon, alt, k=radar.k_factor)
    dip, _ = sea_horizon(30.0, radar.k_factor)
    assert el.elevation_rad[0] >= dip
    assert tl.first_detection_range_m[0] <= radar.max_range_m
    # the closed-form horizon range for that target altitude bounds the detection distance
    r_e = radar.k_factor * 6371008.8
    d_max = np.sqrt(2 * r_e * 30.0) + np.sqrt(2 * r_e * alt[0])
    assert el.distance_m[0] <= d_max * 1.005


def test_each_reason_is_reported(flights):
    """Seen from Naha the eastbound Nodong stays in the north (azimuths ~330-60 deg). Range,
    field of regard, terrain and SNR each become the reported reason when only that condition
    is made impossible: a 50 km instrumented range, a single face pointed south, a 30 km wall
    of obstacles 10 km to the north, a 1e-12 m^2 target."""
    spy7 = get_radar("spy-7-class")
    short = replace(spy7, max_range_m=50e3)
    south = point_radar(get_radar("tpy-2-class"), np.radians(180.0))
    az = np.radians(np.arange(300.0, 420.0, 0.5))
    lat, lon, _ = geodesy.direct(np.full(az.size, NAHA[0]), np.full(az.size, NAHA[1]), az,
                                 np.full(az.size, 10e3))
    wall = tuple(Obstacle(f"w{i}", float(la), float(lo), 30000.0)
                 for i, (la, lo) in enumerate(zip(lat, lon, strict=True)))
    walled = horizon_profile(*NAHA, 30.0, None, wall, step_deg=0.5, max_range_m=20e3)
    sites = [_site(short, *NAHA), _site(south, *NAHA), _site(spy7, *NAHA, profile=walled),
             _site(spy7, *NAHA)]
    tls = detection_timelines(flights, sites, 0.05)
    assert [t.reason[0] for t in tls] == ["range", "field of regard", "terrain", ""]
    tiny = detection_timelines(flights, [sites[3]], 1e-12)[0]
    assert tiny.reason[0] == "snr"


def test_pointed_radar_sees_the_threat():
    """A TPY-2-class radar at Shariki pointed west (az 270) detects a Nodong bound for Akita
    before the missile is overhead (closer than the launch point)."""
    f = fly_missile(get_missile("nodong"), EarthModel(), *SUNAN, np.radians(83.0),
                    np.radians(15.0), record=True)
    shariki = (np.radians(40.9), np.radians(140.3))
    radar = point_radar(get_radar("tpy-2-class"), np.radians(270.0))
    tl = detection_timelines(f, [_site(radar, *shariki, alt=20.0)], 0.01)[0]
    assert tl.detected[0]
    dist, _, _ = geodesy.inverse(*shariki, *SUNAN)
    assert tl.first_detection_range_m[0] < dist
