"""Tests for ashore.intercept.booster (spent first-stage fall, Monte Carlo dispersion) and the
`booster-drop` command module ashore.cli.booster_cmd.

References:
- R. R. Bate, D. D. Mueller, J. E. White, *Fundamentals of Astrodynamics*, Dover 1971, ch. 1
  (conic orbit equation r = p / (1 + e cos f), p = h^2 / mu, e sin f = h v_r / mu) and ch. 6
  (free-flight range angle between two radii): written out independently in this file.
- Central limit theorem: the standard error of a sample mean is sigma / sqrt(N); of a share p,
  sqrt(p (1 - p) / N) (binomial).
- Bivariate normal: P(Mahalanobis d^2 <= k^2) = 1 - exp(-k^2 / 2) (chi-square, 2 dof).
"""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pytest
import shapely

import ashore
from ashore.catalog.interceptors import get_interceptor
from ashore.earth import geodesy
from ashore.earth.areas import Area, load_area
from ashore.earth.constants import GM_M3_S2, R_MEAN_M
from ashore.earth.frames import geodetic_to_ecef
from ashore.earth.model import TEXTBOOK, EarthModel
from ashore.errors import InputError
from ashore.flight import kepler
from ashore.flight.trajectory import DEFAULT_ACCURACY, fly_free_state
from ashore.intercept.booster import (
    K95_2D,
    NO_DISPERSION,
    Dispersion,
    booster_drop,
    covariance_ellipse,
    separation_state,
)

SITE_LAT, SITE_LON, SITE_ALT = math.radians(34.45), math.radians(131.62), 200.0
EARTH = EarthModel()


@pytest.fixture(scope="module")
def sm3():
    return get_interceptor("sm-3-block-iia-class")


def drop(icp, az_deg=300.0, el_deg=60.0, samples=400, seed=1, earth=EARTH, **kw):
    return booster_drop(icp, earth, SITE_LAT, SITE_LON, SITE_ALT, math.radians(az_deg),
                        math.radians(el_deg), samples, seed, **kw)


def conic_range_angle(r_ecef, v_ecef, r_impact, mu=GM_M3_S2):
    """Central angle flown from (r, v) to the first descending crossing of radius r_impact,
    from the orbit equation (BMW ch. 1): e cos f = p / r - 1, e sin f = h v_r / mu."""
    r0 = np.linalg.norm(r_ecef)
    h = np.linalg.norm(np.cross(r_ecef, v_ecef))
    p = h * h / mu
    energy = 0.5 * np.dot(v_ecef, v_ecef) - mu / r0
    e = math.sqrt(1.0 + 2.0 * energy * h * h / mu**2)
    f0 = math.atan2(h * np.dot(r_ecef, v_ecef) / r0 / mu, p / r0 - 1.0)
    ecf1 = p / r_impact - 1.0
    f1 = math.atan2(-math.sqrt(e * e - ecf1 * ecf1), ecf1)  # descending branch
    return (f1 - f0) % (2.0 * math.pi)


# ---- physics ---------------------------------------------------------------------------------


@pytest.mark.parametrize("az_deg,el_deg", [(0.0, 45.0), (300.0, 70.0), (135.0, 25.0)])
def test_drag_free_fall_matches_closed_form_conic(sm3, az_deg, el_deg):
    """TEXTBOOK Earth (sphere, no rotation, no J2, no air), zero dispersion: the distance from
    the site to the booster's impact is R (theta_sep + psi), theta_sep the central angle from
    the site to the separation point and psi the conic range angle from the separation radius
    to the surface (orbit equation, BMW ch. 1 and 6.2; also kepler.range_angle with
    r_re != r0). Falls of 43-83 km from the site; tolerance 50 m (measured worst 0.57 m at
    FAST_ACCURACY, 0.10 m at DEFAULT_ACCURACY). Flight time against Kepler's equation
    (kepler.time_of_flight): 0.05 s (measured worst 1.2 ms)."""
    d = drop(sm3, az_deg, el_deg, samples=2, earth=TEXTBOOK, dispersion=NO_DISPERSION)
    _, r, v = separation_state(sm3, TEXTBOOK, SITE_LAT, SITE_LON, SITE_ALT,
                               math.radians(az_deg), math.radians(el_deg))
    psi = conic_range_angle(r, v, R_MEAN_M)
    r0, speed = np.linalg.norm(r), np.linalg.norm(v)
    gamma = math.asin(np.dot(r, v) / (r0 * speed))
    assert psi == pytest.approx(float(kepler.range_angle(speed, gamma, r0, GM_M3_S2, R_MEAN_M)),
                                rel=1e-9)
    site = geodetic_to_ecef(SITE_LAT, SITE_LON, SITE_ALT, TEXTBOOK.ellipsoid)
    theta = math.acos(np.dot(site, r) / (np.linalg.norm(site) * r0))
    expected = R_MEAN_M * (theta + psi)
    assert d.nominal_distance_m > 20e3  # in vacuum the stage flies tens of km
    assert d.nominal_distance_m == pytest.approx(expected, abs=50.0)
    dist, _, _ = geodesy.inverse(SITE_LAT, SITE_LON, d.impact_lat_rad, d.impact_lon_rad,
                                 TEXTBOOK.ellipsoid)
    np.testing.assert_allclose(dist, expected, rtol=0, atol=50.0)
    tof = float(kepler.time_of_flight(speed, gamma, r0, GM_M3_S2, R_MEAN_M))
    assert d.nominal_flight_time_s == pytest.approx(tof, abs=0.05)


def test_fast_accuracy_is_within_centimetres_of_default(sm3):
    """The Monte Carlo uses FAST_ACCURACY; flown again at DEFAULT_ACCURACY the same 300
    dispersed falls land within 0.5 m of each other (measured worst 0.024 m)."""
    fast = drop(sm3, 300.0, 45.0, samples=300, seed=3)
    tight = drop(sm3, 300.0, 45.0, samples=300, seed=3, accuracy=DEFAULT_ACCURACY)
    gap = np.hypot(fast.impact_east_m - tight.impact_east_m,
                   fast.impact_north_m - tight.impact_north_m)
    assert gap.max() < 0.5


def test_zero_dispersion_gives_the_nominal_impact_and_no_ellipse(sm3):
    """With every sigma zero each sample is the nominal body: impacts within 1 m of the nominal
    impact (measured 0 m), ellipses of zero size, mean distance = nominal distance (1 m)."""
    d = drop(sm3, 20.0, 50.0, samples=64, dispersion=NO_DISPERSION)
    dist, _, _ = geodesy.inverse(d.nominal_impact_lat_rad, d.nominal_impact_lon_rad,
                                 d.impact_lat_rad, d.impact_lon_rad)
    assert dist.max() < 1.0
    for e in (d.ellipse_1sigma, d.ellipse_95):
        assert e.semi_major_m < 1e-6 and e.semi_minor_m < 1e-6
    assert d.mean_distance_m == pytest.approx(d.nominal_distance_m, abs=1.0)
    assert np.all(d.ballistic_coefficient_kg_m2 == sm3.booster.ballistic_coefficient_kg_m2)


def test_drag_shortens_the_fall_and_a_heavier_booster_lands_further(sm3):
    """Same separation state, ballistic coefficient beta, 2 beta, 4 beta and 1e12 kg/m^2 (no
    drag to within millimetres: deceleration rho v^2 / (2 beta) < 1e-6 m/s^2): the distance to
    the impact grows with beta, and the drag-free limit matches a vacuum fall of the same
    state (EarthModel without air) within 1 m (measured 0.18 m, integrator tolerance). The
    measured distances: 2.0, 3.2, 5.3 and 61.1 km."""
    b0 = sm3.booster
    dist = []
    for scale in (1.0, 2.0, 4.0, None):
        mass = 1e12 * b0.mean_area_m2 * b0.tumbling_cd if scale is None else scale * b0.mass_kg
        icp = replace(sm3, booster=replace(b0, mass_kg=mass))
        dist.append(drop(icp, 300.0, 45.0, samples=1, dispersion=NO_DISPERSION)
                    .nominal_distance_m)
    assert dist[0] < dist[1] < dist[2] < dist[3]
    assert dist[3] > 10 * dist[0]  # drag takes most of the fall away: ~2 km against ~60 km
    _, r, v = separation_state(sm3, EARTH, SITE_LAT, SITE_LON, SITE_ALT, math.radians(300.0),
                               math.radians(45.0))
    vac = fly_free_state(EARTH.with_switches(no_atmosphere=True), r, v)
    vac_dist, _, _ = geodesy.inverse(SITE_LAT, SITE_LON, vac.impact_lat_rad, vac.impact_lon_rad)
    assert dist[3] == pytest.approx(float(vac_dist[0]), abs=1.0)


def test_statistics_converge_as_one_over_root_n(sm3):
    """Mean impact and inside share at N = 250, 1000, 4000 (independent seeds) against
    N = 16000: each East/North component within 4 standard errors of the difference,
    sqrt(var (1/N + 1/16000)), from the sample covariance; the inside share within 4 binomial
    standard errors; the standard error of the mean falls as 1/sqrt(N) (ratio of 250 to 16000
    between 6 and 10, ideal 8). The 95 % ellipse holds 93-97 % of the 16000 impacts and the
    1-sigma ellipse 37-43 % (bivariate normal: 95 % and 39.3 %)."""
    probe = drop(sm3, 300.0, 60.0, samples=1, dispersion=NO_DISPERSION)
    # half-plane through the nominal impact: a share near one half, the hardest to estimate
    cut = math.degrees(probe.nominal_impact_lon_rad)
    lat0 = math.degrees(probe.nominal_impact_lat_rad)
    half = Area("east-half", (shapely.box(cut, lat0 - 1.0, cut + 1.0, lat0 + 1.0),))
    big = drop(sm3, 300.0, 60.0, samples=16000, seed=100, area=half)
    big_mean = np.array([big.impact_east_m.mean(), big.impact_north_m.mean()])
    p_big = big.inside_fraction
    assert 0.2 < p_big < 0.8
    se = {}
    for k, n in enumerate((250, 1000, 4000)):
        d = drop(sm3, 300.0, 60.0, samples=n, seed=10 + k, area=half)
        mean = np.array([d.impact_east_m.mean(), d.impact_north_m.mean()])
        var = np.diag(d.covariance_en_m2)
        sd_diff = np.sqrt(var * (1.0 / n + 1.0 / 16000))
        assert np.all(np.abs(mean - big_mean) <= 4.0 * sd_diff), (n, mean - big_mean, sd_diff)
        p = d.inside_fraction
        sp = math.sqrt(p_big * (1 - p_big) * (1.0 / n + 1.0 / 16000))
        assert abs(p - p_big) <= 4.0 * sp, (n, p, p_big)
        assert d.inside_standard_error == pytest.approx(math.sqrt(p * (1 - p) / n))
        se[n] = np.sqrt(var / n)
    se_big = np.sqrt(np.diag(big.covariance_en_m2) / 16000)
    ratio = se[250] / se_big
    assert np.all((ratio > 6.0) & (ratio < 10.0)), ratio
    x = np.column_stack([big.impact_east_m, big.impact_north_m]) - big_mean
    d2 = np.einsum("ij,jk,ik->i", x, np.linalg.inv(big.covariance_en_m2), x)
    assert 0.93 < np.mean(d2 <= K95_2D**2) < 0.97
    assert 0.37 < np.mean(d2 <= 1.0) < 0.43


def test_covariance_ellipse_of_a_known_covariance():
    """C = R diag(9, 1) R^T with the major axis at azimuth 30 deg: semi-axes 3 k and k m,
    orientation 30 deg (to 1e-9); k95 = sqrt(-2 ln 0.05) = 2.4477 (chi-square, 2 dof)."""
    assert K95_2D == pytest.approx(2.447746830680816, rel=1e-12)
    az = math.radians(30.0)
    major = np.array([math.sin(az), math.cos(az)])
    minor = np.array([math.cos(az), -math.sin(az)])
    cov = 9.0 * np.outer(major, major) + 1.0 * np.outer(minor, minor)
    e = covariance_ellipse((5.0, -2.0), cov, K95_2D)
    assert e.semi_major_m == pytest.approx(3.0 * K95_2D, rel=1e-9)
    assert e.semi_minor_m == pytest.approx(K95_2D, rel=1e-9)
    assert math.degrees(e.orientation_rad) == pytest.approx(30.0, abs=1e-9)
    pts = e.outline() - np.array([5.0, -2.0])
    d2 = np.einsum("ij,jk,ik->i", pts, np.linalg.inv(cov), pts)
    np.testing.assert_allclose(d2, K95_2D**2, rtol=1e-9)


# ---- reproducibility and input checks ----------------------------------------------------------


def test_same_seed_same_impacts_different_seed_differs(sm3):
    a = drop(sm3, samples=200, seed=42)
    b = drop(sm3, samples=200, seed=42)
    c = drop(sm3, samples=200, seed=43)
    assert np.array_equal(a.impact_lat_rad, b.impact_lat_rad)
    assert np.array_equal(a.impact_lon_rad, b.impact_lon_rad)
    assert not np.array_equal(a.impact_lat_rad, c.impact_lat_rad)


def test_input_errors(sm3):
    with pytest.raises(InputError, match="`samples` must be at least 1"):
        drop(sm3, samples=0)
    with pytest.raises(InputError, match="`seed` must be a non-negative integer"):
        drop(sm3, seed=-1)
    with pytest.raises(InputError, match="drops no spent booster") as exc:
        drop(get_interceptor("pac-3-mse-class"))
    assert "\n" not in str(exc.value)
    with pytest.raises(InputError, match="launch elevation 2 deg is outside 5-90 deg"):
        drop(sm3, el_deg=2.0)
    with pytest.raises(InputError, match="speed_sigma_fraction"):
        Dispersion(speed_sigma_fraction=2.0)
    with pytest.raises(InputError, match="position_sigma_m"):
        Dispersion(position_sigma_m=-1.0)


def test_to_dict_is_nan_free_and_in_display_units(sm3):
    d = drop(sm3, 90.0, 90.0, samples=1)  # one sample: zero covariance; vertical shot
    out = d.to_dict()
    json.dumps(out, allow_nan=False)
    assert out["inside_fraction"] is None and out["area"] is None
    assert out["separation"]["time_s"] == pytest.approx(sm3.first_stage_separation_s)
    assert 1.0 < out["separation"]["altitude_km"] < 5.0  # Mk 72 separates a few km up
    assert out["ellipse_95"]["semi_major_km"] == 0.0
    assert out["nominal_impact"]["distance_km"] < 0.05  # vertical: falls back near the site


# ---- the public API ----------------------------------------------------------------------------


def test_run_booster_drop_with_builtin_area_and_outputs(tmp_path):
    drop = ashore.booster_drop(
        "sm-3-block-iia-class", site=(34.45, 131.62, 200.0), azimuth_deg=300.0,
        elevation_deg=60.0, samples=500, area="mutsumi-training-area", seed=7, earth=EARTH)
    result = drop.to_dict()
    json.dumps(result, allow_nan=False)
    assert len(drop.to_dataframe()) == 500
    assert 0.0 < result["inside_fraction"] < 1.0
    assert result["area"] == "mutsumi-training-area"
    for key in ("lat_deg", "lon_deg", "distance_km"):
        assert result["mean_impact"][key] is not None
    assert set(result["ellipse_95"]) == {"semi_major_km", "semi_minor_km", "orientation_deg"}
    assert any("notional" in line for line in result["assumptions"])
    assert any(line.startswith("Earth shape") for line in result["assumptions"])
    paths = drop.write(tmp_path / "out")
    assert [p.name for p in paths] == ["impacts.csv", "impacts.geojson", "booster_drop.png"]
    assert all(p.stat().st_size > 0 for p in paths)
    assert len((tmp_path / "out" / "impacts.csv").read_text().splitlines()) == 501
    geo = json.loads((tmp_path / "out" / "impacts.geojson").read_text())
    kinds = [f["properties"]["kind"] for f in geo["features"]]
    assert kinds.count("impact") == 500 and "ellipse_95" in kinds and "area" in kinds
    # the written ellipses and area are valid polygons; the 95 % one holds the mean impact
    shapes = load_area(tmp_path / "out" / "impacts.geojson")
    assert len(shapes.polygons) == 3
    ell95 = next(f for f in geo["features"] if f["properties"]["kind"] == "ellipse_95")
    poly = shapely.geometry.shape(ell95["geometry"])
    assert poly.contains(shapely.Point(result["mean_impact"]["lon_deg"],
                                       result["mean_impact"]["lat_deg"]))


def test_run_booster_drop_site_outside_area_and_no_area():
    kwargs = dict(interceptor="sm-3-block-iia-class", azimuth_deg=0.0, elevation_deg=80.0,
                  samples=20, seed=1, earth=EARTH)
    with pytest.raises(InputError, match="outside the area 'mutsumi-training-area'"):
        ashore.booster_drop(site=(35.0, 131.62, 0.0), area="mutsumi-training-area",
                         **kwargs)
    r = ashore.booster_drop(site=(35.0, 131.62, 0.0), area="mutsumi-training-area",
                         require_site_inside=False, **kwargs)
    assert r["inside_fraction"] == 0.0 and r.inside_fraction == 0.0
    r = ashore.booster_drop(site=(34.45, 131.62, 200.0), area=None, **kwargs)
    assert r["inside_fraction"] is None and r["inside_standard_error"] is None
    with pytest.raises(InputError, match="neither a GeoJSON file nor a built-in area"):
        ashore.booster_drop(site=(34.45, 131.62, 200.0), area="no-such-area", **kwargs)
    with pytest.raises(InputError, match="drops no spent booster"):
        ashore.booster_drop(site=(34.45, 131.62, 200.0), area=None,
                         **{**kwargs, "interceptor": "pac-3-mse-class"})


def test_uniform_wind_is_a_galilean_shift():
    """Drag acts on the air-relative velocity, so in a uniform wind w a body falls exactly as
    one launched at v0 - w in still air, carried along by w t (Galilean relativity; exact on a
    flat non-rotating Earth). On the non-rotating sphere with air, over a ~1 km drift, the two
    impacts agree within 2 m after the w t shift."""
    from ashore.earth.frames import ecef_to_enu, enu_vector_to_ecef, geodetic_to_ecef
    from ashore.earth.model import EarthModel
    from ashore.flight.trajectory import fly_free_state

    earth = EarthModel().with_switches(no_rotation=True, no_j2=True, sphere=True)
    lat, lon = np.radians(34.45), np.radians(131.62)
    r0 = geodetic_to_ecef(lat, lon, 2500.0, earth.ellipsoid)[None, :]
    v0 = enu_vector_to_ecef(np.array([[-500.0, 500.0, 400.0]]), lat, lon)
    w = enu_vector_to_ecef(np.array([[10.0, -4.0, 0.0]]), lat, lon)
    windy = fly_free_state(earth, r0, v0, ballistic_coefficient_kg_m2=275.0, wind_ecef=w)
    still = fly_free_state(earth, r0, v0 - w, ballistic_coefficient_kg_m2=275.0)
    t = windy.flight_time_s[0]
    assert t == pytest.approx(still.flight_time_s[0], abs=0.05)
    a = ecef_to_enu(windy.result.events["impact"].r_ecef, lat, lon, 0.0, earth.ellipsoid)[0]
    b = ecef_to_enu(still.result.events["impact"].r_ecef, lat, lon, 0.0, earth.ellipsoid)[0]
    shift = np.array([10.0, -4.0]) * t
    assert np.hypot(*(a[:2] - b[:2] - shift)) < 2.0
    assert np.hypot(*shift) > 500.0  # the wind matters: hundreds of metres over the fall


def test_wind_moves_the_booster_downwind():
    """A 10 m/s westerly carries the Mutsumi booster several hundred metres east; its spread
    adds to the ellipse."""
    from ashore.catalog.interceptors import get_interceptor
    from ashore.earth.model import EarthModel
    from ashore.intercept.booster import Wind, booster_drop

    icp = get_interceptor("sm-3-block-iia-class")
    args = (icp, EarthModel(), np.radians(34.45), np.radians(131.62), 200.0, np.radians(315.0),
            np.radians(60.0), 300, 3)
    calm = booster_drop(*args)
    windy = booster_drop(*args, wind=Wind(10.0, np.radians(270.0), 3.0))
    east = windy.impact_east_m.mean() - calm.impact_east_m.mean()
    assert 300.0 < east < 10.0 * windy.nominal_flight_time_s
    assert abs(windy.impact_north_m.mean() - calm.impact_north_m.mean()) < 100.0
    assert windy.ellipse_95.semi_minor_m > calm.ellipse_95.semi_minor_m


def test_a_given_wind_is_stated_in_the_assumptions():
    """Bug (issue 9): the assumptions said "no wind" even when a wind was given. With a wind
    they state its speed, direction and spread, and never "no wind"; calm says calm."""
    kwargs = dict(site=(34.45, 131.62, 200.0), azimuth_deg=300.0, samples=5, earth=EARTH)
    windy = ashore.booster_drop("sm-3-block-iia-class",
                                wind=ashore.Wind(10.0, np.radians(270.0), 2.0),
                                **kwargs)["assumptions"]
    assert not any("no wind" in line for line in windy), windy
    assert "wind 10 m/s from 270 deg, sigma 2 m/s per east/north axis (user input)" in windy
    calm = ashore.booster_drop("sm-3-block-iia-class", **kwargs)["assumptions"]
    assert sum("wind" in line for line in calm) == 1 and "wind: calm (no wind given)" in calm
