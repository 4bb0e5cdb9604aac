"""Tests for ashore.earth.areas: GeoJSON areas (RFC 7946: [longitude, latitude] positions, edges
straight in lon/lat) and point-in-area tests."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from ashore.earth.areas import builtin_area, builtin_area_names, load_area, resolve_area
from ashore.errors import InputError

SQUARE = [[[10.0, 50.0], [11.0, 50.0], [11.0, 51.0], [10.0, 51.0], [10.0, 50.0]]]
HOLE = [[10.4, 50.4], [10.6, 50.4], [10.6, 50.6], [10.4, 50.6], [10.4, 50.4]]
FAR = [[[20.0, 0.0], [21.0, 0.0], [21.0, 1.0], [20.0, 0.0]]]


def write(tmp_path, obj, name="area.geojson"):
    p = tmp_path / name
    p.write_text(obj if isinstance(obj, str) else json.dumps(obj))
    return p


def rad(*deg):
    return tuple(np.radians(np.asarray(d, float)) for d in deg)


def test_polygon_with_hole(tmp_path):
    area = load_area(write(tmp_path, {"type": "Polygon", "coordinates": [SQUARE[0], HOLE]}))
    assert area.name == "area" and len(area.polygons) == 1
    lat, lon = rad([50.2, 50.5, 50.9, 49.9, 50.5], [10.2, 10.5, 10.9, 10.5, 11.2])
    np.testing.assert_array_equal(area.contains(lat, lon), [True, False, True, False, False])


def test_multipolygon_and_feature_collection(tmp_path):
    multi = load_area(write(tmp_path, {"type": "MultiPolygon", "coordinates": [SQUARE, FAR]}))
    assert len(multi.polygons) == 2
    lat, lon = rad([50.5, 0.2, 30.0], [10.5, 20.8, 15.0])
    np.testing.assert_array_equal(multi.contains(lat, lon), [True, True, False])
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "range", "tier": "notional", "source": "x"},
         "geometry": {"type": "Polygon", "coordinates": SQUARE}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point",
                                                           "coordinates": [0, 0]}},
        {"type": "Feature", "properties": {},
         "geometry": {"type": "MultiPolygon", "coordinates": [FAR]}},
    ]}
    area = load_area(write(tmp_path, fc))
    assert area.name == "range" and area.tier == "notional" and len(area.polygons) == 2
    np.testing.assert_array_equal(area.contains(lat, lon), [True, True, False])
    # broadcasting: a (2, 3) grid of points against scalars
    grid = area.contains(np.radians([[50.5] * 3, [0.2] * 3]), np.radians([10.5, 20.8, 15.0]))
    assert grid.shape == (2, 3)


def test_longitudes_beyond_180_are_wrapped(tmp_path):
    area = load_area(write(tmp_path, {"type": "Polygon", "coordinates": [
        [[-170.0, 0.0], [-160.0, 0.0], [-160.0, 10.0], [-170.0, 10.0], [-170.0, 0.0]]]}))
    assert area.contains(math.radians(5.0), math.radians(195.0))


def test_bowtie_is_rejected(tmp_path):
    bowtie = {"type": "Polygon",
              "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(InputError, match="not a valid polygon.*Self-intersection") as exc:
        load_area(write(tmp_path, bowtie))
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("text,match", [
    ("{not json", "is not valid JSON at line 1"),
    ('{"type": "FeatureCollection", "features": []}', "contains no Polygon or MultiPolygon"),
    ('{"type": "Point", "coordinates": [0, 0]}', "contains no Polygon or MultiPolygon"),
    ("[1, 2]", "expected a GeoJSON object"),
    ('{"type": "Circle"}', "unknown GeoJSON type 'Circle'"),
    ('{"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}', "fewer than 3 distinct"),
    ('{"type": "Polygon", "coordinates": [[["a", 0], [1, 1], [1, 0]]]}',
     "not a list of \\[longitude, latitude\\]"),
    ('{"type": "Polygon", "coordinates": [[[34, 131], [35, 131], [35, 132], [34, 131]]]}',
     "GeoJSON wants \\[longitude, latitude\\]"),
    ('{"type": "Polygon", "coordinates": [[[190, 0], [191, 0], [191, 1], [190, 0]]]}',
     "out of range"),
])
def test_bad_files_give_one_line_errors(tmp_path, text, match):
    with pytest.raises(InputError, match=match) as exc:
        load_area(write(tmp_path, text))
    assert "\n" not in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_area(tmp_path / "nope.geojson")


def test_site_outside_is_an_error(tmp_path):
    area = load_area(write(tmp_path, {"type": "MultiPolygon", "coordinates": [SQUARE, FAR]}))
    area.require_site(math.radians(50.5), math.radians(10.5))
    with pytest.raises(InputError, match="outside the area 'area' \\(checked 2 polygons\\); "
                                         "give a site inside") as exc:
        area.require_site(math.radians(40.0), math.radians(10.5), "the launch site")
    assert str(exc.value).startswith("the launch site (40.00000, 10.50000)")


def test_builtin_mutsumi_area():
    """The packaged notional outline contains the published site 34.45 N 131.62 E, is a few km
    across (2-5 km in each direction), and says it is notional."""
    assert "mutsumi-training-area" in builtin_area_names()
    area = builtin_area("Mutsumi-Training-Area")
    assert area.contains(math.radians(34.45), math.radians(131.62))
    assert not area.contains(math.radians(34.50), math.radians(131.62))
    assert area.tier == "notional" and "not a surveyed boundary" in area.source.lower()
    lon0, lat0, lon1, lat1 = area.polygons[0].bounds
    ew_km = (lon1 - lon0) * 111.32 * math.cos(math.radians(34.45))
    ns_km = (lat1 - lat0) * 110.95
    assert 2.0 < ew_km < 5.0 and 2.0 < ns_km < 5.0
    assert resolve_area("mutsumi-training-area").name == "mutsumi-training-area"
    with pytest.raises(InputError, match="unknown area"):
        builtin_area("nowhere")


def test_resolve_area_prefers_an_existing_file(tmp_path):
    p = write(tmp_path, {"type": "Polygon", "coordinates": SQUARE}, "mine.geojson")
    assert resolve_area(str(p)).name == "mine"
    with pytest.raises(InputError, match="neither a GeoJSON file nor a built-in area"):
        resolve_area(tmp_path / "missing.geojson")
