"""Tests for ashore.sensors.horizon: elevation angles on the refracting sphere, radar horizons,
lowest visible altitude, terrain-mask profiles and line of sight.

References: [@skolnik-2001; @ashore-computed] (radar horizon d = sqrt(2kRh_r) + sqrt(2kRh_t);
radar at 30 m: 22.6 km to a sea-level target, 1,330 km to a target at 100 km; mask -> lowest
visible altitude at 1,000 km, k = 4/3, radar at sea level: 0 deg -> 59 km, 4 -> 131, 10 -> 241,
15 -> 339 km) and the 2019 Akita survey [@asahi-2019-google-earth] (correct elevation =
atan((h_peak - h_site - curvature drop) / d)); Skolnik, *Introduction to Radar Systems* (3rd ed.
2001) sect. 8.2 (effective Earth radius). Tolerances are stated in physical units.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ashore.earth.constants import R_MEAN_M
from ashore.earth.frames import SPHERE, ecef_to_aer, geodetic_to_ecef
from ashore.earth.geodesy import direct
from ashore.errors import InputError
from ashore.sensors.horizon import (
    SOURCE_SEA,
    SOURCE_TERRAIN,
    claimed_angle_exaggeration,
    elevation_angle,
    horizon_distance_m,
    horizon_profile,
    line_of_sight,
    lowest_visible_altitude_m,
    sea_horizon,
)
from ashore.sensors.terrain import (
    DemSet,
    Obstacle,
    from_array,
    synthetic_cone,
    synthetic_ridge,
    synthetic_terrain,
)

rad = np.radians
K43 = 4.0 / 3.0
ARAYA = (math.radians(39.67), math.radians(140.05))  # [@japantimes-2018-aegis-sites]


# --------------------------------------------------------------------------------------------
# Radar horizon and lowest visible altitude [@skolnik-2001; @ashore-computed]
# --------------------------------------------------------------------------------------------


def test_radar_horizon_reference_values():
    """Radar at 30 m, k = 4/3: 22.6 km to a sea-level target and 1,330 km to a target at
    100 km [@ashore-computed], within 0.5 %, for the textbook and the exact slant forms."""
    for form in ("approx", "slant"):
        assert horizon_distance_m(30.0, 0.0, form=form) == pytest.approx(22.6e3, rel=5e-3)
        assert horizon_distance_m(30.0, 100e3, form=form) == pytest.approx(1330e3, rel=5e-3)
    # ground-range form: slightly shorter than the slant length (arc vs tangent)
    g = horizon_distance_m(30.0, 100e3, form="ground")
    assert g < horizon_distance_m(30.0, 100e3, form="slant")
    assert g == pytest.approx(1330e3, rel=1e-2)
    # k = 1 is shorter by sqrt(3/4)
    assert horizon_distance_m(30.0, k=1.0) == pytest.approx(
        horizon_distance_m(30.0) * math.sqrt(0.75), rel=1e-12)


@pytest.mark.parametrize("mask_deg, want_km", [(0.0, 59.0), (4.0, 131.0), (10.0, 241.0),
                                               (15.0, 339.0)])
def test_lowest_visible_altitude_reference_table(mask_deg, want_km):
    """Mask table at 1,000 km (k = 4/3, radar at sea level) [@ashore-computed], within 0.5 %."""
    h = lowest_visible_altitude_m(1000e3, math.radians(mask_deg))
    assert h / 1e3 == pytest.approx(want_km, rel=5e-3)


def test_lowest_visible_altitude_consistency():
    """(a) The ground-range horizon to a target at h_t is the range where the lowest visible
    altitude with no mask (any mask below the sea-level dip is raised to it) is h_t; (b) a
    target at the lowest visible altitude is seen at exactly the mask angle (elevation_angle,
    an independent formula) to 1e-12 rad."""
    for h_r, h_t in [(30.0, 0.0), (30.0, 100e3), (500.0, 20e3)]:
        d = horizon_distance_m(h_r, h_t, form="ground")
        assert lowest_visible_altitude_m(d, -0.5, h_r) == pytest.approx(h_t, abs=1e-3)
    lat, lon = ARAYA
    az = rad(83.0)
    for d, mask in [(50e3, 0.01), (1000e3, rad(4.0)), (300e3, rad(-0.05))]:
        h = lowest_visible_altitude_m(d, mask, 30.0)
        lat2, lon2, _ = direct(lat, lon, az, d, SPHERE)
        el = elevation_angle(lat, lon, 30.0, lat2, lon2, h).elevation_rad
        dip, _ = sea_horizon(30.0)
        assert el == pytest.approx(max(mask, dip), abs=1e-12)
    # beyond reach: the ray never gets there
    assert np.isinf(lowest_visible_altitude_m(20000e3, rad(10.0)))


def test_sea_horizon():
    dip, d = sea_horizon(20.0)
    r_e = K43 * R_MEAN_M
    assert dip == pytest.approx(-math.acos(r_e / (r_e + 20.0)), abs=1e-15)
    assert d == pytest.approx(math.sqrt(2 * r_e * 20.0), rel=1e-5)
    assert sea_horizon(-5.0) == (0.0, 0.0)


# --------------------------------------------------------------------------------------------
# Elevation angle
# --------------------------------------------------------------------------------------------


def test_elevation_angle_matches_ecef_on_the_sphere():
    """k = 1: eq. (1) equals the geometric elevation from an independent ECEF computation
    (geodetic_to_ecef + ecef_to_aer on SPHERE) to 1e-9 rad, from 10 m to 5,000 km, heights
    -400 m to 1,000 km; ground distance equals the ECEF chord's arc."""
    rng = np.random.default_rng(11)
    n = 20000
    lat1 = rng.uniform(-1.4, 1.4, n)
    lon1 = rng.uniform(-np.pi, np.pi, n)
    h1 = rng.uniform(-400.0, 3000.0, n)
    dist = 10.0 ** rng.uniform(1.0, 6.7, n)
    az = rng.uniform(0, 2 * np.pi, n)
    lat2, lon2, _ = direct(lat1, lon1, az, dist, SPHERE)
    h2 = np.where(rng.random(n) < 0.5, rng.uniform(-400.0, 4000.0, n),
                  rng.uniform(0.0, 1e6, n))
    r = elevation_angle(lat1, lon1, h1, lat2, lon2, h2, k=1.0)
    az_e, el_e, _ = ecef_to_aer(geodetic_to_ecef(lat2, lon2, h2, SPHERE), lat1, lon1, h1, SPHERE)
    np.testing.assert_allclose(r.elevation_rad, el_e, rtol=0, atol=1e-9)
    np.testing.assert_allclose(r.distance_m, dist, rtol=1e-9, atol=1e-6)
    daz = np.angle(np.exp(1j * (r.azimuth_rad - az_e)))
    assert np.max(np.abs(daz)[dist > 1e3]) < 1e-9


def test_elevation_angle_broadcasting_and_errors():
    lat, lon = ARAYA
    tl = lat + np.linspace(0, 0.01, 5)
    r = elevation_angle(np.array([[lat], [lat]]), lon, [[20.0], [500.0]], tl, lon + 0.01, 1000.0)
    assert r.elevation_rad.shape == (2, 5)
    assert np.all(r.elevation_rad[1] < r.elevation_rad[0])
    s = elevation_angle(lat, lon, 20.0, lat, lon + 0.01, 1000.0)
    assert np.ndim(s.elevation_rad) == 0
    with pytest.raises(InputError, match="radians"):
        elevation_angle(39.67, 140.05, 20.0, 39.7, 140.1, 0.0)  # degrees
    with pytest.raises(InputError, match="k="):
        elevation_angle(lat, lon, 20.0, lat, lon + 0.01, 0.0, k=0.0)
    with pytest.raises(InputError):
        elevation_angle(lat, lon, np.nan, lat, lon + 0.01, 0.0)


@pytest.mark.parametrize("k", [1.0, K43])
def test_akita_style_worked_numbers(k):
    """A 1,000 m peak 20 km from a 20 m site (the Akita geometry [@asahi-2019-google-earth]): the
    surveyor's rule atan((h_peak - h_site - d^2/(2kR)) / d) agrees with the exact eq. (1) to
    1e-5 rad (0.0006 deg); the naive atan(dh/d) is 0.09 deg (k = 1) / 0.07 deg (k = 4/3) too
    high; the curvature drop is 31.4 m (k = 1) / 23.5 m (k = 4/3)."""
    lat, lon = ARAYA
    d = 20e3
    lat2, lon2, _ = direct(lat, lon, rad(90.0), d, SPHERE)
    r = elevation_angle(lat, lon, 20.0, lat2, lon2, 1000.0, k=k)
    drop = d * d / (2 * k * R_MEAN_M)
    rule = math.atan((1000.0 - 20.0 - drop) / d)
    naive = math.atan(980.0 / d)
    assert r.distance_m == pytest.approx(d, rel=1e-9)
    assert r.curvature_drop_m == pytest.approx(drop, rel=2e-4)
    assert r.curvature_drop_m == pytest.approx(31.39 if k == 1.0 else 23.54, abs=0.01)
    assert r.elevation_rad == pytest.approx(rule, abs=1e-5)
    assert math.degrees(naive - r.elevation_rad) == pytest.approx(
        0.0898 if k == 1.0 else 0.0674, abs=1e-3)
    # degrees, for the worked example: 2.716 (k = 1), 2.738 (k = 4/3); naive 2.805
    assert math.degrees(r.elevation_rad) == pytest.approx(2.716 if k == 1.0 else 2.738,
                                                          abs=1e-3)


def test_claimed_angle_exaggeration():
    """Reading an angle off a profile stretched vertically by V gives atan(V tan el): the
    function recovers V (any V, any angle), and a claim equal to the truth gives 1."""
    el = rad(np.array([0.5, 2.738, 10.0]))
    for v in (1.0, 2.0, 3.5, 10.0):
        claimed = np.arctan(v * np.tan(el))
        np.testing.assert_allclose(claimed_angle_exaggeration(el, claimed), v, rtol=1e-12)
    # the worked example: a 2.738 deg ridge claimed at 10 deg implies a 3.69x stretch
    # (tan 10 deg = 0.17633, tan 2.738 deg = 0.04782)
    assert claimed_angle_exaggeration(rad(2.738), rad(10.0)) == pytest.approx(3.687, abs=1e-3)
    assert np.isnan(claimed_angle_exaggeration(rad(-1.0), rad(2.0)))


# --------------------------------------------------------------------------------------------
# Horizon profiles: closed-form cone
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cone_case():
    """A 1,000 m cone (radius 3 km) whose summit lies 20 km due east (azimuth exactly 90 deg
    on the sphere) of a 20 m site near Araya."""
    lat, lon = ARAYA
    lat_c, lon_c, _ = direct(lat, lon, rad(90.0), 20e3, SPHERE)
    dem = synthetic_cone(math.degrees(lat_c), math.degrees(lon_c), 1000.0, 3000.0,
                         size_deg=0.6, step_arcsec=3.0)
    return lat, lon, float(lat_c), float(lon_c), dem


@pytest.mark.parametrize("k", [1.0, K43])
def test_cone_mask_equals_closed_form(cone_case, k):
    """The mask at azimuth 90 deg equals the closed-form elevation of the summit (eq. (1) by
    hand) within 0.01 deg at 5 m sampling; the masking point is the summit; azimuths away from
    the cone show the bare-earth (sea-level) horizon, -acos(R_e/(R_e + 20 m)), exactly."""
    lat, lon, lat_c, lon_c, dem = cone_case
    p = horizon_profile(lat, lon, 20.0, dem, step_deg=0.5, max_range_m=40e3, range_step_m=5.0,
                        k=k)
    r_e = k * R_MEAN_M
    th = 20e3 / r_e
    want = math.atan2((r_e + 1000.0) * math.cos(th) - (r_e + 20.0), (r_e + 1000.0) * math.sin(th))
    i90 = int(round(90.0 / 0.5))
    assert math.degrees(p.mask_elevation_rad[i90] - want) == pytest.approx(0.0, abs=0.01)
    assert p.mask_distance_m[i90] == pytest.approx(20e3, abs=5.0)
    assert p.mask_height_m[i90] == pytest.approx(1000.0, abs=5.0)
    assert p.mask_source[i90] == SOURCE_TERRAIN
    dip = -math.acos(r_e / (r_e + 20.0))
    far = np.abs(np.angle(np.exp(1j * (p.azimuth_rad - rad(90.0))))) > rad(15.0)
    np.testing.assert_allclose(p.mask_elevation_rad[far], dip, rtol=0, atol=1e-12)
    assert np.all(p.mask_source[far] == SOURCE_SEA)
    np.testing.assert_allclose(p.mask_distance_m[far], r_e * math.acos(r_e / (r_e + 20.0)))
    # mask_at interpolates between rays and is periodic
    assert p.mask_at(rad(90.0)) == pytest.approx(p.mask_elevation_rad[i90])
    assert p.mask_at(rad(90.25)) == pytest.approx(
        0.5 * (p.mask_elevation_rad[i90] + p.mask_elevation_rad[i90 + 1]))
    assert p.mask_at(rad(359.75)) == pytest.approx(
        0.5 * (p.mask_elevation_rad[-1] + p.mask_elevation_rad[0]))
    assert p.mask_at(rad([[90.0, 270.0]])).shape == (1, 2)


@pytest.mark.parametrize("k", [1.0, K43])
def test_cone_line_of_sight(cone_case, k):
    """Targets 10 km behind the summit on its azimuth, on the straight ray (on the effective
    sphere) through the summit raised or lowered by 0.01 deg: above is visible, below is
    blocked. Heights from the closed form r cos(phi + e) = r_s cos(e) (module eq. (3)), not
    from the code under test. A low target in front of the cone stays visible."""
    lat, lon, _, _, dem = cone_case
    p = horizon_profile(lat, lon, 20.0, dem, step_deg=0.5, max_range_m=40e3, range_step_m=5.0,
                        k=k)
    r_e = k * R_MEAN_M
    th_peak = 20e3 / r_e
    e_peak = math.atan2((r_e + 1000.0) * math.cos(th_peak) - (r_e + 20.0),
                        (r_e + 1000.0) * math.sin(th_peak))
    d_t = np.array([30e3, 30e3, 60e3, 60e3])
    e = e_peak + rad(np.array([0.01, -0.01, 0.01, -0.01]))
    h_t = (r_e + 20.0) * np.cos(e) / np.cos(d_t / r_e + e) - r_e
    lat_t, lon_t, _ = direct(lat, lon, rad(90.0), d_t, SPHERE)
    vis = line_of_sight(p, lat_t, lon_t, h_t)
    np.testing.assert_array_equal(vis, [True, False, True, False])
    # in front of the cone (10 km), 50 m up: below the summit's elevation but visible
    lat_f, lon_f, _ = direct(lat, lon, rad(90.0), 10e3, SPHERE)
    assert line_of_sight(p, lat_f, lon_f, 50.0)
    # but beyond the sea horizon, a low target behind the cone is hidden
    lat_b, lon_b, _ = direct(lat, lon, rad(90.0), 35e3, SPHERE)
    assert not line_of_sight(p, lat_b, lon_b, 50.0)


def test_ridge_mask_and_lowest_visible_altitude():
    """The worked example (docs/terrain-worked-example.md): a north-south ridge, crest 1,000 m,
    crossing the 90 deg ray 20 km from a 20 m site. The mask at 90 deg is the crest's closed-form
    elevation (within 0.01 deg at 5 m sampling); at 45 deg the ray meets the crest farther away,
    so the mask is lower; the lowest visible altitude 1,000 km behind the mask follows eq. (3)
    computed by hand."""
    lat, lon = ARAYA
    lat_r, lon_r, _ = direct(lat, lon, rad(90.0), 20e3, SPHERE)
    dem = synthetic_ridge(math.degrees(lat_r), math.degrees(lon_r), 0.0, 1000.0, 3000.0,
                          size_deg=0.6, step_arcsec=3.0)
    p = horizon_profile(lat, lon, 20.0, dem, step_deg=0.5, max_range_m=50e3, range_step_m=5.0)
    r_e = K43 * R_MEAN_M
    th = 20e3 / r_e
    crest = math.atan2((r_e + 1000.0) * math.cos(th) - (r_e + 20.0), (r_e + 1000.0) * math.sin(th))
    assert math.degrees(p.mask_elevation_rad[180] - crest) == pytest.approx(0.0, abs=0.01)
    assert p.mask_elevation_rad[90] < p.mask_elevation_rad[180]
    assert p.mask_distance_m[90] > 25e3
    e = p.mask_elevation_rad[180]
    want = (r_e + 20.0) * math.cos(e) / math.cos(1000e3 / r_e + e) - r_e
    assert lowest_visible_altitude_m(1000e3, e, 20.0) == pytest.approx(want, rel=1e-12)
    assert 100e3 < want < 120e3


# --------------------------------------------------------------------------------------------
# Horizon profiles against a per-ray reference
# --------------------------------------------------------------------------------------------


def _reference_profile(lat, lon, h_s, dem, az, max_range_m, step, k):
    """Straightforward per-ray reference: exact sample points (pyproj's great circles on
    SPHERE), heights from ``dem.height_at``, eq. (1) by hand, running maximum. Returns the
    elevations (na, ns) and the distances (ns,)."""
    ns = int(round(max_range_m / step))
    s = np.arange(1, ns + 1) * step
    r_e = k * R_MEAN_M
    lat2, lon2, _ = direct(lat, lon, az[:, None], s[None, :], SPHERE)
    h = dem.height_at(lat2, lon2)
    th = s / r_e
    el = np.arctan2((r_e + h) * np.cos(th) - (r_e + h_s), (r_e + h) * np.sin(th))
    return np.where(np.isnan(el), -np.inf, el), s


@pytest.fixture(scope="module")
def rough_dem():
    """Fractal terrain rounded to whole metres (like SRTM), 0.4 deg at 3"."""
    d = synthetic_terrain(5, center_lat_deg=39.7, center_lon_deg=140.2, size_deg=0.4,
                          step_arcsec=3.0, relief_m=1400.0, sea_fraction=0.15)
    return from_array(np.round(d.heights_m), 39.9, 140.0, -3 / 3600, 3 / 3600, name="rough")


@pytest.mark.parametrize("site, h_agl", [((39.70, 140.20), 30.0), ((39.62, 140.12), 10.0),
                                         ((39.85, 140.35), 200.0)])
def test_profile_matches_per_ray_reference(rough_dem, site, h_agl):
    """The batched, bounded profile gives the same mask (to 1e-10 rad), masking distance and
    running-maximum envelope as the per-ray reference with exact points, including rays that
    leave the DEM (the last site is near its north-east corner)."""
    lat, lon = rad(site[0]), rad(site[1])
    h_s = float(rough_dem.height_at(lat, lon)) + h_agl
    k = K43
    p = horizon_profile(lat, lon, h_s, rough_dem, step_deg=2.0, max_range_m=25e3, k=k)
    el, s = _reference_profile(lat, lon, h_s, rough_dem, p.azimuth_rad, 25e3, p.range_step_m, k)
    dip, d_hor = sea_horizon(h_s, k)
    ref = np.maximum(el.max(axis=1), dip)
    np.testing.assert_allclose(p.mask_elevation_rad, ref, rtol=0, atol=1e-10)
    terr = el.max(axis=1) > dip
    np.testing.assert_allclose(p.mask_distance_m[terr], s[el.argmax(axis=1)][terr], atol=1e-6)
    np.testing.assert_allclose(p.mask_height_m[terr], rough_dem.height_at(
        *direct(lat, lon, p.azimuth_rad[terr], p.mask_distance_m[terr], SPHERE)[:2]), atol=1e-6)
    # envelope: the running maximum of nearer samples, at random distances on every ray
    rng = np.random.default_rng(3)
    d_q = rng.uniform(0.0, 26e3, (p.azimuth_rad.size, 40))
    run = np.maximum.accumulate(el, axis=1)
    j = np.searchsorted(s, d_q, side="left") - 1  # last sample strictly nearer
    ref_run = np.where(j >= 0, np.take_along_axis(run, np.maximum(j, 0), axis=1), -np.inf)
    th = np.minimum(d_q, d_hor) / (k * R_MEAN_M)
    sea = np.arctan2(k * R_MEAN_M * np.cos(th) - (k * R_MEAN_M + h_s), k * R_MEAN_M * np.sin(th))
    ref_run = np.maximum(ref_run, sea)
    got = p.mask_at(np.broadcast_to(p.azimuth_rad[:, None], d_q.shape), d_q)
    np.testing.assert_allclose(got, ref_run, rtol=0, atol=1e-10)
    # the envelope lists exactly the record-breaking samples
    rec = np.zeros_like(el, dtype=bool)
    rec[:, 0] = np.isfinite(el[:, 0])
    rec[:, 1:] = el[:, 1:] > run[:, :-1]
    assert p.env_distance_m.size == rec.sum()
    want_d = np.concatenate([s[r] for r in rec])
    np.testing.assert_allclose(p.env_distance_m, want_d, atol=1e-6)
    # coverage: every ray either runs to max range inside the DEM or stops at its edge
    assert np.all(p.data_range_m <= 25e3 + 1e-6)
    if site == (39.85, 140.35):
        assert p.data_range_m.min() < 10e3  # rays leaving past the north-east corner


def test_profile_with_non_integer_heights(rough_dem):
    """Heights that are not whole metres: the hot path reads float32 copies (0.5 ulp, ~0.06 mm
    at 1,000 m); the mask stays within 1e-6 rad of the float64 reference."""
    h = rough_dem.heights_m + np.random.default_rng(4).uniform(-0.5, 0.5, rough_dem.shape)
    dem = from_array(h, 39.9, 140.0, -3 / 3600, 3 / 3600)
    lat, lon = rad(39.7), rad(140.2)
    h_s = float(dem.height_at(lat, lon)) + 30.0
    p = horizon_profile(lat, lon, h_s, dem, step_deg=3.0, max_range_m=20e3)
    el, _ = _reference_profile(lat, lon, h_s, dem, p.azimuth_rad, 20e3, p.range_step_m, K43)
    ref = np.maximum(el.max(axis=1), sea_horizon(h_s)[0])
    np.testing.assert_allclose(p.mask_elevation_rad, ref, rtol=0, atol=1e-6)


def test_demset_profile_equals_single_tile(rough_dem):
    """The same terrain cut into two overlapping tiles (sharing a column, as SRTM tiles share
    their edges) gives the same profile as the whole grid."""
    h = rough_dem.heights_m
    step = 3 / 3600
    west = from_array(h[:, :241], 39.9, 140.0, -step, step, name="w")
    east = from_array(h[:, 240:], 39.9, 140.0 + 240 * step, -step, step, name="e")
    lat, lon = rad(39.7), rad(140.2)
    h_s = float(rough_dem.height_at(lat, lon)) + 30.0
    a = horizon_profile(lat, lon, h_s, rough_dem, step_deg=2.0, max_range_m=25e3)
    b = horizon_profile(lat, lon, h_s, DemSet((west, east)), step_deg=2.0, max_range_m=25e3)
    np.testing.assert_allclose(b.mask_elevation_rad, a.mask_elevation_rad, rtol=0, atol=1e-12)
    np.testing.assert_allclose(b.mask_distance_m, a.mask_distance_m)
    assert b.env_distance_m.size == a.env_distance_m.size


def test_obstacles_fold_into_their_azimuth():
    """Bare Earth (no DEM) plus a 300 m mast top 5 km away at azimuth 180 deg: the mask at
    180 deg is the mast's elevation (eq. (1)); other azimuths keep the sea horizon; a target
    behind the mast is blocked, one in front of it visible."""
    lat, lon = ARAYA
    lat_o, lon_o, _ = direct(lat, lon, rad(180.0), 5e3, SPHERE)
    mast = Obstacle("mast", float(lat_o), float(lon_o), 300.0)
    low = Obstacle("low", float(lat_o), float(lon_o) + 1e-5, 1.0)  # below the sea horizon
    p = horizon_profile(lat, lon, 20.0, None, obstacles=(low, mast), step_deg=1.0)
    want = elevation_angle(lat, lon, 20.0, lat_o, lon_o, 300.0).elevation_rad
    assert p.mask_elevation_rad[180] == pytest.approx(want, abs=1e-12)
    assert p.mask_source[180] == 1
    assert p.mask_height_m[180] == 300.0
    assert p.mask_distance_m[180] == pytest.approx(5e3, rel=1e-9)
    dip, _ = sea_horizon(20.0)
    assert np.all(p.mask_elevation_rad[np.arange(360) != 180] == dip)
    behind = direct(lat, lon, rad(180.0), 8e3, SPHERE)
    front = direct(lat, lon, rad(180.0), 3e3, SPHERE)
    assert not line_of_sight(p, behind[0], behind[1], 100.0)
    assert line_of_sight(p, front[0], front[1], 100.0)
    assert line_of_sight(p, behind[0], behind[1], 2000.0)


def test_profile_errors(rough_dem):
    lat, lon = rad(39.7), rad(140.2)
    with pytest.raises(InputError) as exc:
        horizon_profile(rad(38.0), lon, 20.0, rough_dem)
    assert "outside the DEM" in str(exc.value) and "\n" not in str(exc.value)
    with pytest.raises(InputError):
        horizon_profile(39.7, 140.2, 20.0, rough_dem)  # degrees
    with pytest.raises(InputError):
        horizon_profile(lat, lon, 20.0, rough_dem, step_deg=0.0)
    with pytest.raises(InputError):
        horizon_profile(lat, lon, 20.0, rough_dem, range_step_m=-1.0)
    with pytest.raises(InputError):
        horizon_profile(lat, lon, 20.0, rough_dem, obstacles=("mast",))
    with pytest.raises(InputError):
        horizon_profile(lat, lon, 20.0, "N39E140.hgt")
    with pytest.raises(InputError):
        horizon_profile(rad(89.5), lon, 20.0, None)  # over the pole
    with pytest.raises(InputError):
        horizon_distance_m(-1.0)


@settings(max_examples=30, deadline=None)
@given(h_r=st.floats(0.0, 5000.0), d=st.floats(1e3, 3000e3), e=st.floats(-0.02, 1.2))
def test_lowest_visible_altitude_is_monotonic(h_r, d, e):
    """A higher mask never lowers the lowest visible altitude; a farther target never sees
    lower for a mask at or above the horizontal (a rising ray climbs monotonically over the
    sphere). Below the horizontal (dip <= e < 0) the ray first descends to its tangent point,
    so there a farther target can be seen lower, and no such claim holds (hypothesis found
    h_r = 260 m, d = 1 km, e = -0.0078 rad)."""
    h1 = lowest_visible_altitude_m(d, e, h_r)
    h2 = lowest_visible_altitude_m(d, e + 0.01, h_r)
    h3 = lowest_visible_altitude_m(d * 1.1, e, h_r)
    assert h2 >= h1 - 1e-6
    if e >= 0.0:
        assert h3 >= h1 - 1e-6
