"""`ashore coverage` and `ashore site-select` on a small synthetic scenario; one-line errors."""

from __future__ import annotations

import json

import pytest
import yaml
from cli_helpers import assert_one_line_error, invoke, strict_json

BOX = {"type": "Polygon", "coordinates": [[[8, -3], [11, -3], [11, 3], [8, 3], [8, -3]]]}
BOWTIE = {"type": "Polygon", "coordinates": [[[8, -3], [11, 3], [11, -3], [8, 3], [8, -3]]]}


def _scenario(tmp_path, territory=BOX, options=None, **coverage):
    (tmp_path / "land.geojson").write_text(json.dumps(territory))
    data = {
        "name": "box",
        "places": {"launch": {"lat_deg": 0.0, "lon_deg": 0.0},
                   "site": {"lat_deg": 0.0, "lon_deg": 12.5}},
        "sensors": [{"name": "r", "radar": "spy-7-class", "site": "site", "alt_m": 20}],
        "interceptor_sites": [{"name": "s", "site": "site",
                               "interceptor": "sm-3-block-iia-class", "radar": "r"}],
        "coverage": {"territory": str(tmp_path / "land.geojson"), "grid_km": 60,
                     "threat_classes": [{"launches": ["launch"], "missile": "nodong",
                                         "shapes": ["min-energy"]}], **coverage},
        "options": {"earth": {"rotation": False, "j2": False, "shape": "sphere"},
                    **(options or {})},
    }
    path = tmp_path / "box.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_coverage_json_maps_and_layers(tmp_path):
    path = _scenario(tmp_path)
    out = tmp_path / "out"
    run = invoke("coverage", path, "--json", "--out", out, "--sweep",
                 "decision_delay_s=0:400:200")
    assert run.exit_code == 0, run.stderr
    d = strict_json(run.stdout)
    fam = d["threat_families"]["nodong"]
    for key in ("area_fraction_one_shot", "area_fraction_two_shots",
                "population_fraction_one_shot", "population_fraction_two_shots",
                "undefended_area_by_binding"):
        assert key in fam
    assert 0.0 <= fam["area_fraction_two_shots"] <= fam["area_fraction_one_shot"] <= 1.0
    sweep = [row["nodong"]["area_fraction_one_shot"] for row in d["sweep"]["values"]]
    assert sweep == sorted(sweep, reverse=True)  # a longer decision never defends more
    names = {p.split("/")[-1] for p in d["outputs"]}
    assert {"coverage_nodong_shots.png", "coverage_nodong_binding.png",
            "coverage_cells.geojson", "coverage_cells.kml",
            "sweep_decision_delay_s.png"} <= names
    layer = json.loads((out / "coverage_cells.geojson").read_text())
    props = [f["properties"] for f in layer["features"] if "nodong_shots" in f["properties"]]
    assert layer["type"] == "FeatureCollection" and props
    for p in props:  # every defended cell names the site and the layer that defends it
        assert (p["nodong_site"] == "s" and p["nodong_layer"] == "upper") == \
            (p["nodong_shots"] >= 1)


def test_site_select(tmp_path):
    path = _scenario(tmp_path)
    cands = tmp_path / "c.yaml"
    cands.write_text(yaml.safe_dump({"candidates": [
        {"name": "a", "lat_deg": 0.0, "lon_deg": 8.5},
        {"name": "b", "lat_deg": 0.0, "lon_deg": 30.0}]}))
    d = strict_json(invoke("site-select", path, "--candidates", cands, "--k", "1",
                           "--json").stdout)
    assert d["exact"]["sites"] == ["a"]
    assert d["greedy"]["sites"] == ["a"]
    assert_one_line_error(invoke("site-select", path, "--candidates", cands, "--k", "3"),
                          "--k")


@pytest.mark.parametrize("args, words", [
    (["coverage", "nowhere-land"], ["unknown scenario", "japan-2017"]),
    (["coverage", "japan-threats"], ["no 'coverage' block"]),
    (["coverage", "japan-2017", "--grid-km", "0.2"], ["cells", "--grid-km"]),
    (["coverage", "japan-2017", "--sweep", "warp_factor=1:2:1"],
     ["cannot vary 'warp_factor'", "decision_delay_s"]),
    (["coverage", "japan-2017", "--sweep", "decision_delay_s=0:10"], ["START:STOP:STEP"]),
    (["coverage", "japan-2017", "--with", "thaad-japan"], ["unknown layer", "pac3-japan"]),
    (["coverage", "japan-2017", "--family", "scud"], ["no threat family 'scud'", "nodong",
                                                       "hwasong-12"]),
])
def test_bad_input_one_line(args, words):
    assert_one_line_error(invoke(*args), *words)


def test_self_intersecting_or_empty_territory(tmp_path):
    assert_one_line_error(invoke("coverage", _scenario(tmp_path, BOWTIE)), "self-intersection")
    empty = {"type": "FeatureCollection", "features": []}
    assert_one_line_error(invoke("coverage", _scenario(tmp_path, empty)), "no polygon")


def test_sweeps_of_interceptor_impulse_and_radar_range(tmp_path):
    """More impulse (burnout speed) or more radar range never defends less."""
    path = _scenario(tmp_path, options={"fire_control": {"decision_delay_s": 250}})
    for sweep in ("interceptor_isp_scale=0.8:1.2:0.2", "radar_range_scale=0.5:1.5:0.5"):
        d = strict_json(invoke("coverage", path, "--json", "--sweep", sweep).stdout)
        name = sweep.split("=")[0]
        values = [row["nodong"]["area_fraction_one_shot"] for row in d["sweep"]["values"]]
        assert values == sorted(values), (name, values)
        assert d["sweep"]["parameter"] == name


def test_overflight_corridor(tmp_path):
    """Flights over the box to 1,250-1,300 km (beyond it) are reported as a corridor: the
    share some site can engage, with a 360-degree view from a site under the corridor."""
    over = [{"name": "over", "launch": "launch", "missile": "nodong",
             "azimuth_deg": [89, 91], "range_km": [1250, 1300], "samples": 2}]
    d = strict_json(invoke("coverage", _scenario(tmp_path, overflight=over), "--json").stdout)
    o = d["overflight"]["over"]
    assert o["flights"] == 4
    assert 0.0 <= o["fraction_two_shots"] <= o["fraction_one_shot"] <= 1.0
