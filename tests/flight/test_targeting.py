"""Targeting: steering that lands on the aim for each trajectory shape, batched."""

import numpy as np
import pytest

from ashore.catalog.missiles import get_missile
from ashore.earth import geodesy
from ashore.earth.model import EarthModel
from ashore.errors import InputError, UnreachableError
from ashore.flight import targeting

# one module fixture serves every test here: keep them on one xdist worker (--dist loadgroup)
pytestmark = pytest.mark.xdist_group("targeting-100-aims")

SUNAN = (np.radians(39.224), np.radians(125.670))


@pytest.fixture(scope="module")
def aims():
    """100 aim points 400-900 km from Sunan towards Japan (seeded)."""
    rng = np.random.default_rng(20171229)
    n = 100
    dist = rng.uniform(400e3, 900e3, n)
    az = np.radians(rng.uniform(60.0, 150.0, n))
    lat, lon, _ = geodesy.direct(np.full(n, SUNAN[0]), np.full(n, SUNAN[1]), az, dist)
    return lat, lon


@pytest.fixture(scope="module")
def min_energy(aims):
    return targeting.solve(get_missile("nodong"), EarthModel(), *SUNAN, *aims, "min-energy")


def test_min_energy_hits_100_aims_within_1_km(min_energy):
    """Acceptance: min-energy steering lands within 1 km of each of 100 aims (full Earth
    model, verified by an independent full-accuracy flight)."""
    assert min_energy.miss_m.shape == (100,)
    assert np.all(min_energy.miss_m < 1e3), np.max(min_energy.miss_m)


def test_min_energy_is_the_range_maximum_for_its_energy(min_energy):
    """Definition: at the solved cut-off, kicks either side of the solution fly shorter
    (a minimum-energy trajectory is the maximum-range one of its energy; Wheelon 1959)."""
    m, earth = get_missile("nodong"), EarthModel()
    s = min_energy
    sel = slice(0, 10)
    base = s.flights.range_m[sel]
    for dk in (np.radians(2.0), -np.radians(2.0)):
        other = targeting.fly_missile(m, earth, *SUNAN, s.azimuth_rad[sel], s.kick_rad[sel] + dk,
                                      s.cutoff_s[sel])
        assert np.all(other.range_m < base)


@pytest.mark.parametrize(("shape", "factor"), [("lofted", 1.5), ("depressed", 0.7)])
def test_lofted_and_depressed_hit_100_aims_within_1_km(aims, min_energy, shape, factor):
    """Acceptance: lofted (apogee 1.5x the minimum-energy apogee) and depressed (0.7x) shapes
    land within 1 km of each of 100 aims and reach the requested apogee within 2 km."""
    apogee = factor * min_energy.flights.apogee_alt_m
    s = targeting.solve(get_missile("nodong"), EarthModel(), *SUNAN, *aims, shape, apogee)
    assert np.all(s.miss_m < 1e3), np.max(s.miss_m)
    np.testing.assert_allclose(s.flights.apogee_alt_m, apogee, atol=2e3)


def test_max_range_search_converges():
    """Golden-section search on the kick: the maximum is bracketed (a kick 1 deg either side
    flies shorter) and doubling the iterations changes the range by less than 100 m."""
    m, earth = get_missile("nodong"), EarthModel()
    az = np.radians([0.0, 90.0, 200.0])
    r1, k1 = targeting.max_range(m, earth, *SUNAN, az, iterations=25)
    r2, k2 = targeting.max_range(m, earth, *SUNAN, az, iterations=50)
    np.testing.assert_allclose(r1, r2, atol=100.0)
    for dk in (np.radians(1.0), -np.radians(1.0)):
        f = targeting.fly_missile(m, earth, *SUNAN, az, k2 + dk)
        assert np.all(f.range_m < r2)


def test_unreachable_aim_names_maximum_range():
    """An aim beyond reach raises UnreachableError naming the maximum range on that azimuth."""
    with pytest.raises(UnreachableError, match=r"maximum range of \d+ km"):
        targeting.solve(get_missile("scud-b"), EarthModel(), *SUNAN, np.radians(35.68),
                        np.radians(139.69))


def test_lofted_apogee_below_min_energy_apogee_is_rejected(min_energy, aims):
    """A 'lofted' apogee below the minimum-energy apogee is not a lofted trajectory."""
    low = 0.5 * min_energy.flights.apogee_alt_m[:1]
    with pytest.raises(InputError, match="minimum-energy apogee"):
        targeting.solve(get_missile("nodong"), EarthModel(), *SUNAN, aims[0][:1], aims[1][:1],
                        "lofted", low)


def test_lofted_apogee_above_the_ceiling_is_refused_without_a_search(monkeypatch):
    """A lofted apogee above the missile's ceiling (highest apogee of steep full burns) is
    refused at once, before the minimum-energy solve and the Newton iterations, with the
    ceiling in the message: the Nodong class tops out near 630 km."""

    def no_search(*args, **kwargs):
        raise AssertionError("the full search ran for an apogee above the ceiling")

    monkeypatch.setattr(targeting, "_check_apogee", no_search)
    lat, lon, _ = geodesy.direct(np.array([SUNAN[0]]), np.array([SUNAN[1]]),
                                 np.radians([90.0]), np.array([500e3]))
    with pytest.raises(UnreachableError, match=r"climbs only to about \d+ km"):
        targeting.solve(get_missile("nodong"), EarthModel(), *SUNAN, lat, lon, "lofted", 800e3)


def test_lofted_ceiling_bounds_every_full_burn_apogee():
    """The ceiling bounds the apogee of full burns at every kick from 0.05 to 6 deg (eastward,
    westward and northward, where Earth rotation makes a small eastward kick climb highest)
    within CEILING_MARGIN, so no reachable lofted apogee is refused."""
    m, earth = get_missile("nodong"), EarthModel()
    kicks = np.radians(np.linspace(0.05, 6.0, 60))
    for az in np.radians([0.0, 90.0, 270.0]):
        ceiling = targeting.lofted_ceiling(m, earth, *SUNAN, az)[0]
        f = targeting.fly_missile(m, earth, *SUNAN, np.full(kicks.size, az), kicks)
        top = np.nanmax(f.apogee_alt_m)
        assert top <= ceiling * (1.0 + targeting.CEILING_MARGIN), (
            f"apogee {top / 1e3:.1f} km above ceiling {ceiling / 1e3:.1f} km")
