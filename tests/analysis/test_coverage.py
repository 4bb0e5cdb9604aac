"""Coverage method tests on a small synthetic territory, each with the reason it must hold.

Setup: a 3 x 6 deg land box east of a Nodong-class launch point on the equator, 50 km cells, a
non-rotating spherical Earth without J2 (so the geometry is mirror-symmetric about the equator),
SM-3 Block IIA-class sites with 360-degree SPY-7-class radars."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from shapely.geometry import box

import ashore
from ashore.analysis.coverage import coverage, threat_fans
from ashore.analysis.threat_fan import ThreatClass
from ashore.catalog.interceptors import get_interceptor
from ashore.catalog.missiles import get_missile
from ashore.catalog.radars import get_radar
from ashore.earth.model import EarthModel
from ashore.earth.territory import grid_cells, territory_from_polygons
from ashore.intercept.engagement import Defence, DefenceSite
from ashore.intercept.pip import FireControl
from ashore.sensors.timeline import RadarSite

# one module fixture serves every test here: keep them on one xdist worker (--dist loadgroup)
pytestmark = pytest.mark.xdist_group("coverage-box")

EARTH = EarthModel().with_switches(no_rotation=True, no_j2=True, sphere=True)
LAND = territory_from_polygons("box", [box(8.0, -3.0, 11.0, 3.0)])
GRID_KM = 50.0
D = np.radians
RADAR = replace(get_radar("spy-7-class"), faces=())  # 360 deg: no face layout to break symmetry
IIA = get_interceptor("sm-3-block-iia-class")
THREATS = [ThreatClass("nodong", 0.0, 0.0, get_missile("nodong"), "min-energy")]


def _site(name, lat, lon, icp=IIA, radar=RADAR):
    r = RadarSite(radar, D(lat), D(lon), 20.0, name=name)
    return DefenceSite(name, D(lat), D(lon), 20.0, icp, 24, r)


DEFAULT_FC = FireControl()


def _defence(*sites, fc=DEFAULT_FC, cueing="own"):
    return Defence("t", tuple(sites), tuple(s.radar for s in sites), fc, cueing)


@pytest.fixture(scope="module")
def setup():
    cells = grid_cells(LAND, GRID_KM, population=False)
    fans = threat_fans(cells, THREATS, EARTH, GRID_KM * 1e3)
    return cells, fans


def _shots(setup, defence):
    cells, fans = setup
    return coverage(cells, fans, defence, EARTH).threats[0]


def test_mirror_symmetric_scenario_gives_a_mirror_symmetric_footprint(setup):
    """Launch point, site and land are symmetric about the equator and the Earth model has
    no rotation or J2, so the cell at (x, -y) must have the same shots and binding as (x, y)."""
    cells, _ = setup
    tc = _shots(setup, _defence(_site("east", 0.0, 12.5)))
    key = {(round(x), round(y)): i for i, (x, y) in enumerate(zip(cells.x_m, cells.y_m,
                                                               strict=True))}
    pairs = [(i, key[(round(x), round(-y))]) for (x, y), i in key.items()
             if (round(x), round(-y)) in key]
    assert len(pairs) == cells.count
    a, b = np.array(pairs).T
    assert np.array_equal(tc.threatened[a], tc.threatened[b])
    assert np.array_equal(tc.shots[a], tc.shots[b])
    assert np.array_equal(tc.binding[a], tc.binding[b])
    assert 0 < (tc.shots >= 1).sum() < cells.count or (tc.shots >= 1).all()


def test_coverage_never_falls_with_more_sites_or_rises_with_delay(setup):
    """Per cell the shots are the most any one site can take, so adding a site can only add;
    a longer decision delay only delays the first launch (launches must follow t_fire), so
    it can only remove feasible intercepts."""
    one = _shots(setup, _defence(_site("a", 1.0, 12.5)))
    two = _shots(setup, _defence(_site("a", 1.0, 12.5), _site("b", -2.0, 9.0)))
    assert np.all(two.shots >= one.shots)
    assert (two.shots > one.shots).any()
    previous = None
    for delay in (0.0, 60.0, 120.0, 240.0, 480.0):
        tc = _shots(setup, _defence(_site("a", 1.0, 12.5),
                                    fc=FireControl(decision_delay_s=delay)))
        if previous is not None:
            assert np.all(tc.shots <= previous)
        previous = tc.shots
    assert previous.sum() == 0


def test_coverage_never_falls_with_radar_range_or_burnout_speed(setup):
    """A radar that sees further detects no later and holds the track no shorter; an
    interceptor with more impulse reaches every point no later. Either can only enlarge the
    feasible intercepts."""
    base = _shots(setup, _defence(_site("a", 1.0, 12.5)))
    far_radar = replace(RADAR, reference_range_m=RADAR.reference_range_m * 2.0)
    seen = _shots(setup, _defence(_site("a", 1.0, 12.5, radar=far_radar)))
    assert np.all(seen.shots >= base.shots)
    stages = tuple(replace(s, isp_s=s.isp_s * 1.1) for s in IIA.rocket.stages)
    faster = replace(IIA, rocket=replace(IIA.rocket, stages=stages))
    quick = _shots(setup, _defence(_site("a", 1.0, 12.5, icp=faster)))
    assert np.all(quick.shots >= base.shots)


def test_site_under_the_track_defends_its_own_location(setup):
    """A site at a cell inside the threat's reach sees the threat coming at it and the threat
    descends through the 100 km floor overhead, well inside the interceptor's reach: the
    cell holding the site is defended."""
    cells, _ = setup
    tc = _shots(setup, _defence(_site("home", 0.5, 9.5)))
    here = np.argmin(np.hypot(np.degrees(cells.lat_rad) - 0.5, np.degrees(cells.lon_rad) - 9.5))
    assert tc.threatened[here]
    assert tc.shots[here] >= 1


def test_cell_outside_every_radar_horizon_binds_on_the_horizon(setup):
    """A site 3,300 km east of the launch never has the threat (apogee ~250 km, horizon
    ~2,000 km for it) above its horizon: every threatened cell reports 'horizon'."""
    tc = _shots(setup, _defence(_site("far", 0.0, 40.0)))
    assert tc.threatened.any()
    assert set(tc.binding[tc.threatened]) == {"horizon"}


def test_one_cell_agrees_with_ashore_engage(setup):
    """The single-engagement path: fly the cell's stand-in threat (aimed at its impact point)
    with `ashore.engage` against the same site; verdict and shots must agree."""
    cells, fans = setup
    tc = _shots(setup, _defence(_site("east", 0.0, 12.5)))
    fan = fans[0]
    cell = int(np.flatnonzero(tc.threatened & (tc.shots >= 1))[0])
    k = fan.cell_trajectory[cell]
    aim = (float(np.degrees(fan.flights.impact_lat_rad[k])),
           float(np.degrees(fan.flights.impact_lon_rad[k])))
    earth_switches = {"no_rotation": True, "no_j2": True, "sphere": True}
    threat = ashore.fly("nodong", launch=(0.0, 0.0), aim=aim,
                        earth=EarthModel().with_switches(**earth_switches))
    single = ashore.engage(threat, site=(0.0, 12.5, 20.0), interceptor="sm-3-block-iia-class",
                           radar=RADAR).to_dict()
    assert single["engageable"] is True
    assert single["shots"] == tc.shots[cell]


def test_a_lone_cell_gets_a_trajectory_that_lands_on_it():
    """The ladder's solved azimuth correction (the track bends with Earth rotation) is applied
    on every azimuth of the fan, so even a fan over one cell lands on it: within 1 km (the
    full Earth model, rotating; without the correction the impacts fell 30-60 km aside)."""
    from ashore.analysis.threat_fan import threat_fan

    earth = EarthModel()
    for lat, lon in ((35.68, 139.69), (43.06, 141.35), (26.21, 127.68)):
        fan = threat_fan(ThreatClass("hwasong-12", D(40.856), D(129.666),
                                     get_missile("hwasong-12")), earth,
                         np.array([D(lat)]), np.array([D(lon)]))
        assert fan.cell_trajectory[0] == 0
        assert fan.cell_miss_m[0] < 1e3
