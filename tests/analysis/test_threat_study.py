"""A small threat study end to end: missile choice by reach, shapes, outcomes."""

import numpy as np

from ashore.analysis.threat_study import expand, run_study
from ashore.scenario.schema import load_scenario_dict

SCENARIO = {
    "name": "small",
    "places": {
        "sunan": {"lat_deg": 39.224, "lon_deg": 125.670},
        "hagi": {"lat_deg": 34.45, "lon_deg": 131.62},
        "naha": {"lat_deg": 26.21, "lon_deg": 127.68},
        "tokyo": {"lat_deg": 35.68, "lon_deg": 139.69},
    },
    "threat_sets": [{"launches": ["sunan"], "aims": ["hagi", "naha", "tokyo"],
                     "missiles": ["nodong", "hwasong-12"], "shapes": ["min-energy", "lofted"]}],
    "threats": [{"launch": "sunan", "azimuth_deg": 100, "missile": "scud-b",
                 "shape": "max-range"}],
}


def test_small_study():
    """Hagi (750 km) is within Nodong reach, Naha (1,455 km) is not, so it falls to the
    Hwasong-12 class; lofted apogees are 1.5x the pair's minimum-energy apogee (default);
    every targeted threat lands within 1 km of its aim; progress is reported per threat.
    Tokyo (1,300 km) is at the Nodong's limit: it flies the minimum-energy shape, but a lofted
    apogee 1.5x higher needs more energy, so that threat passes to the Hwasong-12 class."""
    scenario = load_scenario_dict(SCENARIO, "test")
    assert len(expand(scenario)) == 7
    seen = []
    cases = run_study(scenario, lambda desc, adv: seen.append(adv))
    assert sum(seen) == 7
    by = {(c.aim, c.shape): c for c in cases}
    assert by[("hagi", "min-energy")].missile == "nodong"
    assert by[("naha", "min-energy")].missile == "hwasong-12"
    assert by[("tokyo", "min-energy")].missile == "nodong"
    assert by[("tokyo", "lofted")].missile == "hwasong-12"
    for key in [("hagi", "min-energy"), ("hagi", "lofted"), ("naha", "min-energy"),
                ("tokyo", "min-energy"), ("tokyo", "lofted")]:
        c = by[key]
        assert c.status == "ok", c.status
        assert c.summary["miss_km"] < 1.0
    lofted, me = by[("hagi", "lofted")].summary, by[("hagi", "min-energy")].summary
    assert np.isclose(lofted["apogee_km"], 1.5 * me["apogee_km"], atol=2.0)
    scud = by[(None, "max-range")]
    assert scud.status == "ok" and 250 < scud.summary["range_km"] < 350
