"""Scenario interceptor sites: validation, resolution into defence sites, territory check."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ashore.analysis.defence import defence_sites, fire_control
from ashore.errors import InputError
from ashore.scenario.schema import load_scenario_file

SCENARIO = """
name: two-sites
places:
  akita: {lat_deg: 39.67, lon_deg: 140.05, alt_m: 20}
  hagi: {lat_deg: 34.45, lon_deg: 131.62, alt_m: 200}
  sea: {lat_deg: 38.5, lon_deg: 136.0}
sensors:
  - {name: akita-radar, radar: spy-7-class, site: akita, alt_m: 30}
  - {name: hagi-radar, radar: spy-7-class, site: hagi}
interceptor_sites:
  - {name: araya, site: akita, interceptor: sm-3-block-iia-class, inventory: 24,
     radar: akita-radar}
  - {name: mutsumi, site: hagi, interceptor: sm-3-block-iia-class, radar: hagi-radar}
  - {name: ship, site: sea, interceptor: sm-3-block-ib-class, radar: hagi-radar, at_sea: true}
options:
  fire_control: {decision_delay_s: 60}
"""


def _write(tmp_path, text, name="s.yaml"):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_sites_resolve(tmp_path):
    s = load_scenario_file(_write(tmp_path, SCENARIO))
    sites = defence_sites(s)
    assert [d.name for d in sites] == ["araya", "mutsumi", "ship"]
    araya = sites[0]
    assert araya.inventory == 24 and araya.interceptor.name == "sm-3-block-iia-class"
    assert araya.radar.alt_m == 30 and araya.radar.name == "akita-radar"
    assert araya.alt_m == 20 and sites[1].inventory == 8
    assert np.degrees(araya.lat_rad) == pytest.approx(39.67)
    assert fire_control(s).decision_delay_s == 60 and fire_control(s).track_delay_s == 10


@pytest.mark.parametrize("old, new, words", [
    ("radar: akita-radar}", "radar: nowhere}", "names radar 'nowhere'"),
    ("site: akita, interceptor", "site: mars, interceptor", "interceptor site place 'mars'"),
    ("inventory: 24", "inventory: -1", "inventory"),
    ("interceptor: sm-3-block-iia-class, inventory: 24",
     "inventory: 24", "exactly one of 'interceptor' or 'interceptor_file'"),
    ("name: mutsumi", "name: araya", "repeated: araya"),
])
def test_bad_sites_give_one_line(tmp_path, old, new, words):
    with pytest.raises(InputError, match=words) as err:
        load_scenario_file(_write(tmp_path, SCENARIO.replace(old, new, 1)))
    assert "\n" not in str(err.value)


def _square(lat0, lat1, lon0, lon1):
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Feature", "properties": {"name": "land"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_land_sites_must_lie_in_the_territory(tmp_path):
    """Both land sites inside the territory pass (the ship is exempt); a territory without
    Hagi names the site that lies outside it."""
    both = {"type": "FeatureCollection", "features": [_square(33, 41, 129, 142)]}
    _write(tmp_path, json.dumps(both), "land.geojson")
    text = SCENARIO + f"territory: {tmp_path / 'land.geojson'}\n"
    text = text.replace("sea: {lat_deg: 38.5, lon_deg: 136.0}", "sea: {lat_deg: 45, lon_deg: 150}")
    assert len(defence_sites(load_scenario_file(_write(tmp_path, text)))) == 3

    north = {"type": "FeatureCollection", "features": [_square(37, 41, 138, 142)]}
    _write(tmp_path, json.dumps(north), "land.geojson")
    with pytest.raises(InputError, match="interceptor site 'mutsumi'.*outside the area") as err:
        defence_sites(load_scenario_file(_write(tmp_path, text)))
    assert "\n" not in str(err.value)
