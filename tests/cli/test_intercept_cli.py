"""`ashore flyout`, `ashore engage` and `ashore booster-drop`: outputs and one-line errors."""

from __future__ import annotations

import json

import pytest
from cli_helpers import assert_one_line_error, invoke, strict_json

from ashore.catalog.interceptors import get_interceptor
from ashore.intercept.flyout import flyout_fan

THREAT = ["--from", "39.224,125.670", "--to", "35.68,139.69", "--missile", "nodong"]
ARAYA = ["--site", "39.67,140.05,20"]


def test_flyout_json_and_files(tmp_path):
    run = invoke("flyout", "--interceptor", "sm-3-block-iia-class", "--json", "--out", tmp_path)
    assert run.exit_code == 0, run.stderr
    data = strict_json(run.stdout)
    for key in ("vertical_burnout_speed_mps", "vertical_ceiling_km", "max_intercept_range_km",
                "vertical_ceiling_coast_closed_form_km", "assumptions", "outputs"):
        assert key in data
    # the drag-free coast above the burnout point closes on the simulated apex (air is thin)
    assert data["vertical_ceiling_km"] == pytest.approx(
        data["vertical_ceiling_coast_closed_form_km"], rel=0.01)
    assert (tmp_path / "flyout_fan.csv").stat().st_size > 1000
    assert (tmp_path / "flyout_fan.png").read_bytes()[:4] == b"\x89PNG"
    header = (tmp_path / "flyout_fan.csv").read_text().splitlines()[0]
    assert header.startswith("ground_range_km,altitude_km,time_s")


def test_flyout_vertical_only():
    data = strict_json(invoke("flyout", "--interceptor", "pac-3-mse-class", "--vertical",
                              "--json").stdout)
    assert "max_intercept_range_km" not in data
    assert 1500 < data["vertical_burnout_speed_mps"] < 2200


def test_engage_reports_window_and_shots(tmp_path):
    run = invoke("engage", *ARAYA, "--interceptor", "sm-3-block-iia-class", "--radar",
                 "spy-7-class", *THREAT, "--json", "--out", tmp_path)
    assert run.exit_code == 0, run.stderr
    d = strict_json(run.stdout)
    assert d["engageable"] is True
    for key in ("first_launch_time_s", "last_launch_time_s", "closing_speed_mps", "shots"):
        assert d[key] is not None
    for which in ("earliest_intercept", "latest_intercept"):
        assert set(d[which]) == {"time_s", "altitude_km", "ground_range_km"}
    assert d["earliest_intercept"]["time_s"] <= d["latest_intercept"]["time_s"]
    assert d["first_launch_time_s"] >= d["first_fire_time_s"]
    assert d["shots"] == len(d["shot_list"]) >= 1
    assert all(s["within_divert"] for s in d["shot_list"])
    assert "binding_constraint" not in d
    for name in ("engagement_profile.png", "engagement_timeline.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"


def test_engage_names_the_binding_constraint():
    """A decision that takes longer than the threat's whole flight: 'time'. A site far out in
    the Pacific: 'horizon' (its radar never sees the threat)."""
    d = strict_json(invoke("engage", *ARAYA, "--interceptor", "sm-3-block-iia-class",
                           "--radar", "spy-7-class", "--decision-delay-s", "900", *THREAT,
                           "--json").stdout)
    assert d["engageable"] is False and d["binding_constraint"] == "time"
    assert d["earliest_intercept"]["time_s"] is None
    d = strict_json(invoke("engage", "--site", "20,160,0", "--interceptor",
                           "sm-3-block-iia-class", "--radar", "spy-7-class", *THREAT,
                           "--json").stdout)
    assert d["binding_constraint"] == "horizon"


def test_booster_drop_json_and_files(tmp_path):
    run = invoke("booster-drop", "--site", "34.45,131.62,200", "--interceptor",
                 "sm-3-block-iia-class", "--azimuth", "315", "--samples", "300",
                 "--area", "mutsumi-training-area", "--json", "--out", tmp_path)
    assert run.exit_code == 0, run.stderr
    d = strict_json(run.stdout)
    assert 0.0 <= d["inside_fraction"] <= 1.0
    assert {"lat_deg", "lon_deg", "distance_km"} <= set(d["mean_impact"])
    assert {"semi_major_km", "semi_minor_km", "orientation_deg"} <= set(d["ellipse_95"])
    assert json.loads((tmp_path / "impacts.geojson").read_text())["type"] == "FeatureCollection"
    assert (tmp_path / "booster_drop.png").read_bytes()[:4] == b"\x89PNG"


WEAK_INTERCEPTOR = """
name: weak
stages:
  - {propellant_mass_kg: 100, dry_mass_kg: 50, isp_s: 230, isp_sl_s: 210, burn_time_s: 6,
     diameter_m: 0.5}
  - {propellant_mass_kg: 20, dry_mass_kg: 10, isp_s: 250, burn_time_s: 15, diameter_m: 0.3}
kill_vehicle: {mass_kg: 20, ballistic_coefficient_kg_m2: 1000, divert_delta_v_m_s: 300,
               homing_time_s: 10, min_intercept_alt_km: 100, max_intercept_alt_km: 500}
max_flyout_s: 300
"""


def test_interceptor_below_its_own_floor_is_one_line(tmp_path):
    path = tmp_path / "weak.yaml"
    path.write_text(WEAK_INTERCEPTOR)
    assert_one_line_error(invoke("flyout", "--interceptor-file", path),
                          "cannot reach its own minimum intercept altitude")
    assert_one_line_error(invoke("engage", *ARAYA, "--interceptor-file", path, "--radar",
                                 "spy-7-class", *THREAT), "minimum intercept altitude")


def test_malformed_area_and_site_outside(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [')
    base = ["booster-drop", "--site", "34.45,131.62,200", "--interceptor",
            "sm-3-block-iia-class", "--azimuth", "315"]
    assert_one_line_error(invoke(*base, "--area", bad), "not valid JSON")
    far = tmp_path / "far.geojson"
    ring = [[140, 40], [141, 40], [141, 41], [140, 41], [140, 40]]
    far.write_text(json.dumps({"type": "Polygon", "coordinates": [ring]}))
    assert_one_line_error(invoke(*base, "--area", far), "outside the area")


@pytest.mark.parametrize("args, words", [
    (["flyout", "--interceptor", "thaad"], ["unknown interceptor", "sm-3-block-iia-class"]),
    (["flyout"], ["--interceptor"]),
    (["booster-drop", "--site", "34.45,131.62,200", "--interceptor", "sm-3-block-iia-class",
      "--azimuth", "315", "--samples", "0"], ["--samples"]),
    (["booster-drop", "--site", "34.45,131.62,200", "--interceptor", "pac-3-mse-class",
      "--azimuth", "315"], ["booster"]),
    (["booster-drop", "--site", "34.45,131.62,200", "--interceptor", "sm-3-block-iia-class",
      "--azimuth", "315", "--area", "nowhere"], ["built-in areas"]),
    (["engage", *ARAYA, "--interceptor", "sm-3-block-iia-class", "--radar", "spy-7-class",
      "--decision-delay-s", "-5", *THREAT], ["--decision-delay-s"]),
    (["engage", "--site", "95,140,0", "--interceptor", "sm-3-block-iia-class", "--radar",
      "spy-7-class", *THREAT], ["--site"]),
    (["engage", *ARAYA, "--interceptor", "sm-3-block-iia-class", *THREAT], ["--radar"]),
    (["engage", "--scenario", "japan-2017", "--site-name", "nowhere", *THREAT],
     ["no interceptor site 'nowhere'", "araya", "mutsumi"]),
    (["engage", "--scenario", "japan-2017", *ARAYA, *THREAT], ["--scenario", "--site-name"]),
    (["engage", "--site-name", "araya", *THREAT], ["--site-name", "--scenario"]),
    (["engage", *THREAT], ["--site", "--scenario"]),
    (["engage", "--scenario", "no-such-scenario", *THREAT], ["no-such-scenario"]),
    (["engage", *ARAYA, "--interceptor", "sm-3-block-iia-class", "--radar", "spy-7-class",
      "--step-s", "0", *THREAT], ["--step-s"]),
])
def test_bad_input_one_line(args, words):
    assert_one_line_error(invoke(*args), *words)


def test_fan_is_cached_between_commands():
    """The second fan request for the same interceptor is the same object (in-process cache
    over the disk cache)."""
    icp = get_interceptor("sm-3-block-ib-class")
    assert flyout_fan(icp) is flyout_fan(icp)
