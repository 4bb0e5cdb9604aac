"""Interceptors: vertical coast ceilings against the energy closed form, the catalog's public
figures [@wilkening-2012; @csis-missile-threat-sm3], the kill vehicle's divert arithmetic, bad
files."""

from __future__ import annotations

import numpy as np
import pytest

from ashore.catalog.interceptors import (
    builtin_interceptors,
    get_interceptor,
    interceptor_from_dict,
)
from ashore.earth.constants import GM_M3_S2, R_MEAN_M
from ashore.earth.model import TEXTBOOK, EarthModel
from ashore.errors import InputError
from ashore.flight.trajectory import fly_free
from ashore.intercept.flyout import flyout_fan
from ashore.intercept.interceptor import KillVehicle, coast_ceiling_m, fly_interceptor


@pytest.mark.parametrize("speed", [1000.0, 3000.0, 4500.0, 6000.0])
@pytest.mark.parametrize("alt_km", [0.0, 100.0])
def test_vertical_coast_ceiling_matches_energy_closed_form(speed, alt_km):
    """Bate, Mueller & White (1971) eq. 1.4-2 (specific mechanical energy is constant):
    v^2/2 - GM/r_b = -GM/r_max. A vertical coast over the textbook Earth (sphere, point mass,
    no rotation, no air) must reach r_max; tolerance 1 m."""
    f = fly_free(TEXTBOOK, 0.3, 0.2, alt_km * 1e3, 0.0, speed, np.radians(90.0))
    expected = coast_ceiling_m(alt_km * 1e3, speed, GM_M3_S2, R_MEAN_M)
    assert f.apogee_alt_m[0] == pytest.approx(expected, abs=1.0)


def test_closed_form_ceiling_by_hand():
    """4.5 km/s from 100 km: r_max = GM / (GM/r_b - v^2/2), computed here by hand
    (r_b = 6471.0088 km) = 7,743.9 km, i.e. 1,372.9 km altitude; escape speed gives inf."""
    r_b = R_MEAN_M + 100e3
    by_hand = GM_M3_S2 / (GM_M3_S2 / r_b - 0.5 * 4500.0**2) - R_MEAN_M
    assert by_hand == pytest.approx(1_372.9e3, abs=0.5e3)
    assert coast_ceiling_m(100e3, 4500.0, GM_M3_S2, R_MEAN_M) == pytest.approx(by_hand)
    escape = np.sqrt(2 * GM_M3_S2 / r_b)
    assert np.isinf(coast_ceiling_m(100e3, escape * 1.001, GM_M3_S2, R_MEAN_M))


@pytest.mark.parametrize("name", ["sm-3-block-iia-class", "sm-3-block-ib-class",
                                  "pac-3-mse-class"])
def test_interceptor_vertical_shot_coasts_to_the_closed_form_ceiling(name):
    """A powered vertical shot in the textbook Earth: after burnout the coast must end at the
    energy closed form from the burnout state (tolerance 100 m)."""
    icp = get_interceptor(name)
    f = fly_interceptor(icp, TEXTBOOK, 0.0, 0.0, 0.0, np.pi / 2, t_max_s=4000.0)
    expected = coast_ceiling_m(f.burnout_alt_m[0], f.burnout_speed_m_s[0], GM_M3_S2, R_MEAN_M)
    assert f.apogee_alt_m[0] == pytest.approx(expected, abs=100.0)


def _burnout_at(name, elevation_deg):
    icp = get_interceptor(name)
    f = fly_interceptor(icp, EarthModel(), 0.6, 2.3, 1.0, np.radians(elevation_deg))
    return float(f.burnout_speed_m_s[0])


def test_sm3_block_iia_burnout_speed():
    """SM-3 Block IIA burnout ~4.5 km/s [@wilkening-2012]. A 45 deg launch in the full
    Earth model must burn out within 5% of it."""
    assert _burnout_at("sm-3-block-iia-class", 45.0) == pytest.approx(4500.0, rel=0.05)


def test_sm3_block_ib_burnout_speed():
    """SM-3 Block IA/IB burnout ~3.0-3.5 km/s [@wilkening-2012]."""
    assert 3000.0 <= _burnout_at("sm-3-block-ib-class", 45.0) <= 3500.0


def test_sm3_block_iia_ceiling_and_range():
    """Block IIA intercept ceiling ~1,000 km and reported range [@csis-missile-threat-sm3]
    ~2,500 km. The fan must reach 1,000 km altitude, and its farthest ground range inside the
    kill vehicle's altitude band must be within 10% of 2,500 km."""
    icp = get_interceptor("sm-3-block-iia-class")
    kv = icp.kill_vehicle
    fan = flyout_fan(icp)
    assert kv.max_intercept_alt_m == 1000e3
    assert fan.ceiling_m() >= kv.max_intercept_alt_m
    reach = fan.max_range_at_m(kv.min_intercept_alt_m, kv.max_intercept_alt_m)
    assert reach == pytest.approx(2500e3, rel=0.10)


def test_exo_floor_and_pac3_band():
    """Textbook: exo-atmospheric kill vehicles need intercepts above ~70-100 km; PAC-3
    intercepts at ~10-20 km and the MSE roughly doubles the altitude (so up to ~40 km), and
    its fan must reach the top of that band."""
    for name in ("sm-3-block-iia-class", "sm-3-block-ib-class"):
        kv = get_interceptor(name).kill_vehicle
        assert kv.regime == "exo" and 70e3 <= kv.min_intercept_alt_m <= 100e3
    pac = get_interceptor("pac-3-mse-class")
    assert pac.kill_vehicle.regime == "endo"
    assert pac.kill_vehicle.min_intercept_alt_m == 10e3
    assert pac.kill_vehicle.max_intercept_alt_m == pytest.approx(2 * 20e3)
    assert flyout_fan(pac).ceiling_m() >= pac.kill_vehicle.max_intercept_alt_m


def test_every_builtin_carries_provenance_with_tiers():
    for icp in builtin_interceptors().values():
        assert {"stages", "kill_vehicle"} <= set(icp.provenance)
        assert all(p.tier in ("published", "derived", "notional") and p.source
                   for p in icp.provenance.values())


def test_divert_reach_arithmetic():
    """Constant lateral acceleration a = dv/T for T: d = a T^2 / 2 = dv T / 2; the inverse
    gives the divert a miss needs."""
    kv = KillVehicle(500.0, 15.0, 100e3, 1000e3)
    assert kv.divert_reach_m == pytest.approx(3750.0)
    assert kv.required_divert_m_s(3750.0) == pytest.approx(500.0)


def test_spent_booster_ballistic_coefficient():
    """Tumbling cylinder, Cauchy: mean projected area = surface / 4. Mk 72-class: D 0.53 m,
    L 1.7 m -> A = (pi 0.53^2 / 2 + pi 0.53 1.7) / 4 = 0.8179 m^2; beta = 225 / A."""
    b = get_interceptor("sm-3-block-iia-class").booster
    area = (np.pi * 0.53**2 / 2 + np.pi * 0.53 * 1.7) / 4
    assert b.mean_area_m2 == pytest.approx(area)
    assert b.ballistic_coefficient_kg_m2 == pytest.approx(225.0 / area)
    assert get_interceptor("pac-3-mse-class").booster is None


WEAK = {
    "name": "weak",
    "stages": [{"propellant_mass_kg": 100, "dry_mass_kg": 50, "isp_s": 230, "isp_sl_s": 210,
                "burn_time_s": 6, "diameter_m": 0.5},
               {"propellant_mass_kg": 20, "dry_mass_kg": 10, "isp_s": 250, "burn_time_s": 15,
                "diameter_m": 0.3}],
    "kill_vehicle": {"mass_kg": 20, "ballistic_coefficient_kg_m2": 1000,
                     "divert_delta_v_m_s": 300, "homing_time_s": 10,
                     "min_intercept_alt_km": 100, "max_intercept_alt_km": 500},
    "max_flyout_s": 300,
}


def test_interceptor_that_cannot_reach_its_floor_is_an_input_error():
    icp = interceptor_from_dict(WEAK, "weak file")
    with pytest.raises(InputError, match="cannot reach its own minimum intercept altitude"):
        flyout_fan(icp)


@pytest.mark.parametrize("change, message", [
    ({"kill_vehicle": {**WEAK["kill_vehicle"], "regime": "space"}}, "regime"),
    ({"kill_vehicle": {**WEAK["kill_vehicle"], "min_intercept_alt_km": 600}}, "min < max"),
    ({"max_flyout_s": 5}, "must exceed the total burn time"),
    ({"booster": {"length_m": 1, "tumbling_cd": 1},
      "stages": [{**WEAK["stages"][0], "dry_mass_kg": 0}, WEAK["stages"][1]]}, "booster"),
])
def test_bad_interceptor_files_give_one_line(change, message):
    with pytest.raises(InputError, match=message) as err:
        interceptor_from_dict({**WEAK, **change}, "interceptor file 'x.yaml'")
    assert "\n" not in str(err.value)
