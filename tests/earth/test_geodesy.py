"""Tests for ashore.earth.geodesy: inverse/direct geodesics, central angle, paths.

References: C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87 (2013) 43-55, and his
test set GeodTest (doi:10.5281/zenodo.32156), whose first lines are reproduced in
GeographicLib's tests (geodtest.c) [@karney-2013; @geographiclib]; the distances of the
reference case computed by the developers [@ashore-computed].
"""

from __future__ import annotations

import numpy as np
import pytest

from ashore.earth import geodesy
from ashore.earth.constants import R_MEAN_M
from ashore.earth.frames import SPHERE, WGS84, Ellipsoid
from ashore.earth.geodesy import central_angle, direct, inverse, path
from ashore.errors import InputError

MM = 1e-3  # one millimetre [m]
D = np.radians

SUNAN = (D(39.224), D(125.670))
TOKYO = (D(35.68), D(139.69))
ARAYA = (D(39.67), D(140.05))
MUTSUMI = (D(34.45), D(131.62))

# Karney's GeodTest lines (WGS84), as in GeographicLib's geodtest.c:
# lat1, lon1, azi1, lat2, lon2, azi2 [deg], s12 [m]; azi2 is the forward azimuth at point 2.
# fmt: off
GEODTEST = np.array(
    [
        [35.60777, -139.44815, 111.098748429560326, -11.17491, -69.95921, 129.289270889708762,
         8935244.5604818305],
        [55.52454, 106.05087, 22.020059880982801, 77.03196, 197.18234, 109.112041110671519,
         4105086.1713924406],
        [-21.97856, 142.59065, -32.44456876433189, 41.84138, 98.56635, -41.84359951440466,
         8394328.894657671],
        [-66.99028, 112.2363, 173.73491240878403, -12.70631, 285.90344, 2.512956620913668,
         11150344.2312080241],
        [-17.42761, 173.34268, -159.033557661192928, -15.84784, 5.93557, -20.787484651536988,
         16076603.1631180673],
        [32.84994, 48.28919, 150.492927788121982, -56.28556, 202.29132, 48.113449399816759,
         16727068.9438164461],
        [6.96833, 52.74123, 92.581585386317712, -7.39675, 206.17291, 90.721692165923907,
         17102477.2496958388],
        [-50.56724, -16.30485, -105.439679907590164, -33.56571, -94.97412, -47.348547835650331,
         6455670.5118668696],
    ]
)
# fmt: on


def _wrap(d):
    """Wrap an angle difference to (-pi, pi]."""
    return np.angle(np.exp(1j * np.asarray(d)))


@pytest.mark.parametrize(
    ("p1", "p2", "dist_km", "az_deg"),
    [
        (SUNAN, TOKYO, 1305.0, None),
        (SUNAN, ARAYA, 1237.0, 83.0),
        (SUNAN, MUTSUMI, 750.0, 133.0),
        (ARAYA, MUTSUMI, 947.0, None),
    ],
)
def test_reference_case_distances(p1, p2, dist_km, az_deg):
    """Great-circle distances and azimuths from Sunan (and Araya-Mutsumi) [@ashore-computed],
    which are approximate: distance within 1 %, azimuth within 1 % (< 1.4 deg)."""
    dist, az12, az21 = inverse(*p1, *p2)
    assert dist == pytest.approx(dist_km * 1e3, rel=0.01)
    if az_deg is not None:
        assert np.degrees(az12) == pytest.approx(az_deg, rel=0.01)


def test_karney_geodtest_inverse():
    """Inverse problem on 8 GeodTest lines (Karney 2013), batched: distance to 1 mm (achieved:
    ~1e-8 m), az12 to 1e-11 rad (0.06 mm over 6,000 km) and az21 = azi2 + pi (back azimuth,
    pyproj's convention) to 1e-11 rad."""
    t = np.radians(GEODTEST[:, :6])
    dist, az12, az21 = inverse(t[:, 0], t[:, 1], t[:, 3], t[:, 4])
    assert np.max(np.abs(dist - GEODTEST[:, 6])) < MM
    assert np.max(np.abs(_wrap(az12 - t[:, 2]))) < 1e-11
    assert np.max(np.abs(_wrap(az21 - (t[:, 5] + np.pi)))) < 1e-11
    assert np.all((az12 >= 0) & (az12 < 2 * np.pi) & (az21 >= 0) & (az21 < 2 * np.pi))


def test_karney_geodtest_direct():
    """Direct problem on the same GeodTest lines: lat2, lon2 to 1e-11 rad (0.06 mm) and the back
    azimuth az21 = azi2 + pi to 1e-11 rad."""
    t = np.radians(GEODTEST[:, :6])
    lat2, lon2, az21 = direct(t[:, 0], t[:, 1], t[:, 2], GEODTEST[:, 6])
    assert np.max(np.abs(lat2 - t[:, 3])) < 1e-11
    assert np.max(np.abs(_wrap(lon2 - t[:, 4]))) < 1e-11
    assert np.max(np.abs(_wrap(az21 - (t[:, 5] + np.pi)))) < 1e-11
    assert np.all((lon2 >= -np.pi) & (lon2 <= np.pi))


def test_direct_inverse_round_trip():
    """direct(inverse()) lands on point 2: the inverse distance between the landing point and
    point 2 is below 1 mm, for 5,000 random pairs on WGS84 and on the sphere (antipodal
    pairs excluded, where the geodesic is not unique)."""
    rng = np.random.default_rng(61)
    n = 5000
    lat1, lat2 = np.arcsin(rng.uniform(-1, 1, (2, n)))
    lon1, lon2 = rng.uniform(-np.pi, np.pi, (2, n))
    for ell in (WGS84, SPHERE):
        dist, az12, az21 = inverse(lat1, lon1, lat2, lon2, ell)
        keep = dist < 19_900e3
        la, lo, baz = direct(lat1, lon1, az12, dist, ell)
        miss, _, _ = inverse(la[keep], lo[keep], lat2[keep], lon2[keep], ell)
        assert np.max(miss) < MM
        assert np.max(np.abs(_wrap(baz - az21)[keep])) < 1e-9


def test_sphere_distance_is_radius_times_central_angle():
    """On SPHERE, the geodesic distance equals R * central_angle to 1 mm (5,000 random pairs
    plus near-coincident and near-antipodal ones)."""
    rng = np.random.default_rng(62)
    n = 5000
    lat1, lat2 = np.arcsin(rng.uniform(-1, 1, (2, n)))
    lon1, lon2 = rng.uniform(-np.pi, np.pi, (2, n))
    lat2[:10] = lat1[:10] + 1e-9
    lon2[:10] = lon1[:10]
    lat2[10:20] = -lat1[10:20] + 1e-7
    lon2[10:20] = lon1[10:20] + np.pi
    dist, _, _ = inverse(lat1, lon1, lat2, lon2, SPHERE)
    sigma = central_angle(lat1, lon1, lat2, lon2)
    assert np.max(np.abs(dist - R_MEAN_M * sigma)) < MM


def test_central_angle_known_values():
    """Hand values on the unit sphere: quarter circle pi/2, pole to pole pi, antipodes on the
    equator pi, and tiny separations resolved where acos would return 0: 1e-12 rad east along
    the equator gives 1e-12 (1e-24 abs); a point 1e-9 rad from the antipode gives pi - 1e-9
    (1e-15 abs)."""
    assert central_angle(0.0, 0.0, 0.0, np.pi / 2) == pytest.approx(np.pi / 2, abs=1e-15)
    assert central_angle(np.pi / 2, 0.0, -np.pi / 2, 1.0) == pytest.approx(np.pi, abs=1e-15)
    assert central_angle(0.0, 0.0, 0.0, np.pi) == pytest.approx(np.pi, abs=1e-15)
    assert central_angle(0.0, 0.0, 0.0, 1e-12) == pytest.approx(1e-12, abs=1e-24)
    assert central_angle(0.0, 0.0, 1e-9, np.pi) == pytest.approx(np.pi - 1e-9, abs=1e-15)
    assert central_angle(0.3, 0.2, 0.3, 0.2) == 0.0
    # symmetric and in [0, pi]
    rng = np.random.default_rng(63)
    lat1, lat2 = np.arcsin(rng.uniform(-1, 1, (2, 1000)))
    lon1, lon2 = rng.uniform(-np.pi, np.pi, (2, 1000))
    s12 = central_angle(lat1, lon1, lat2, lon2)
    np.testing.assert_allclose(s12, central_angle(lat2, lon2, lat1, lon1), atol=1e-15)
    assert np.all((s12 >= 0) & (s12 <= np.pi))


def test_path_points_lie_on_the_geodesic():
    """path(): n points, endpoints exactly the inputs, equal spacing s12/(n-1) to 1 mm, and each
    point on the geodesic from point 1 (its inverse azimuth from point 1 equals az12 to
    1e-9 rad)."""
    n = 11
    lat, lon = path(*SUNAN, *TOKYO, n)
    assert lat.shape == lon.shape == (n,)
    assert (lat[0], lon[0]) == SUNAN and (lat[-1], lon[-1]) == TOKYO
    dist, az12, _ = inverse(*SUNAN, *TOKYO)
    step, _, _ = inverse(lat[:-1], lon[:-1], lat[1:], lon[1:])
    assert np.max(np.abs(step - dist / (n - 1))) < MM
    _, az, _ = inverse(SUNAN[0], SUNAN[1], lat[1:], lon[1:])
    assert np.max(np.abs(az - az12)) < 1e-9


def test_path_batched_and_sphere():
    """path() broadcasts endpoints: (4, 1) and (1, 5) endpoints give (4, 5, n); on SPHERE the
    points are equally spaced in central angle (R * angle to 1 mm)."""
    rng = np.random.default_rng(64)
    lat1 = rng.uniform(-1, 1, (4, 1))
    lon1 = rng.uniform(-3, 3, (4, 1))
    lat2 = rng.uniform(-1, 1, (1, 5))
    lon2 = rng.uniform(-3, 3, (1, 5))
    lat, lon = path(lat1, lon1, lat2, lon2, 7)
    assert lat.shape == lon.shape == (4, 5, 7)
    lat, lon = path(0.1, 0.2, 0.5, 1.5, 9, SPHERE)
    total = central_angle(0.1, 0.2, 0.5, 1.5)
    steps = central_angle(lat[:-1], lon[:-1], lat[1:], lon[1:])
    assert np.max(np.abs(R_MEAN_M * (steps - total / 8))) < MM
    with pytest.raises(InputError):
        path(0.1, 0.2, 0.5, 1.5, 1)


def test_shapes_scalars_and_cache():
    """Scalars give numpy float64 scalars; (4, 5) inputs give (4, 5) outputs; the pyproj.Geod is
    built once per ellipsoid (equal ellipsoids share it)."""
    out = inverse(0.1, 0.2, 0.3, 0.4)
    assert all(isinstance(v, float) for v in out)
    out = direct(0.1, 0.2, 0.3, 1e5)
    assert all(isinstance(v, float) for v in out)
    assert isinstance(central_angle(0.1, 0.2, 0.3, 0.4), float)
    lat = np.full((4, 5), 0.1)
    assert all(v.shape == (4, 5) for v in inverse(lat, 0.2, 0.3, 0.4))
    assert all(v.shape == (4, 5) for v in direct(lat, 0.2, 0.3, 1e5))
    assert central_angle(lat, 0.2, 0.3, 0.4).shape == (4, 5)
    assert geodesy._geod(WGS84) is geodesy._geod(Ellipsoid(WGS84.a_m, WGS84.f, "WGS84"))
    assert geodesy._geod(SPHERE) is not geodesy._geod(WGS84)


def test_bad_latitude_raises():
    """Latitudes outside [-pi/2, pi/2] (e.g. degrees passed by mistake) or NaN raise InputError
    instead of returning NaN."""
    with pytest.raises(InputError):
        inverse(39.2, 125.6, 35.7, 139.7)
    with pytest.raises(InputError):
        direct(np.nan, 0.0, 0.0, 1e3)
