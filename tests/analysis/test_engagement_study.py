"""The demo's engagement study: every flown threat against every interceptor site, checked
against the single-engagement command path."""

import ashore
from ashore.analysis.defence import scenario_defence
from ashore.analysis.engagement_study import engage_study
from ashore.analysis.threat_study import run_study
from ashore.scenario.schema import load_scenario_dict

SCENARIO = {
    "name": "one-site",
    "places": {
        "sunan": {"lat_deg": 39.224, "lon_deg": 125.670},
        "tokyo": {"lat_deg": 35.68, "lon_deg": 139.69},
        "hagi": {"lat_deg": 34.45, "lon_deg": 131.62},
        "akita": {"lat_deg": 39.67, "lon_deg": 140.05},
    },
    "threat_sets": [{"launches": ["sunan"], "aims": ["tokyo", "hagi"],
                     "missiles": ["nodong"], "shapes": ["min-energy"]}],
    "sensors": [{"name": "araya-radar", "radar": "spy-7-class", "site": "akita", "alt_m": 30}],
    "interceptor_sites": [{"name": "araya", "site": "akita", "alt_m": 30,
                           "interceptor": "sm-3-block-iia-class", "radar": "araya-radar"}],
}


def test_study_rows_match_the_engage_command():
    """The batched study (threats grouped by flight batch) and `ashore.engage` on the same
    threat with the same scenario go through one engagement core, so verdict, shots and
    earliest intercept must agree exactly; and a site given by hand (site, interceptor, radar,
    its own radar only) must agree with the one-site scenario, whose cueing is network but
    whose network is that one radar."""
    scenario = load_scenario_dict(SCENARIO, "test")
    cases = run_study(scenario)
    rows = engage_study(scenario, cases, scenario_defence(scenario))
    assert [(r.case.aim, r.site) for r in rows] == [("tokyo", "araya"), ("hagi", "araya")]
    for r in rows:
        aim = SCENARIO["places"][r.case.aim]
        threat = ashore.fly("nodong", launch=(39.224, 125.670),
                            aim=(aim["lat_deg"], aim["lon_deg"]))
        for single in (ashore.engage(threat, scenario=scenario).to_dict(),
                       ashore.engage(threat, site=(39.67, 140.05, 30.0),
                                     interceptor="sm-3-block-iia-class",
                                     radar="spy-7-class").to_dict()):
            assert r.engageable == single["engageable"]
            assert r.shots == single["shots"]
            assert r.earliest_intercept_s == single["earliest_intercept"]["time_s"]
            assert r.binding == (single.get("binding_constraint") or "")
