"""Scenario files: validation and one-line errors."""

import pytest

from ashore.errors import InputError
from ashore.scenario.schema import builtin_scenario_names, load_scenario, load_scenario_file

GOOD = """
name: t
places:
  a: {lat_deg: 39.2, lon_deg: 125.7}
  b: {lat_deg: 35.7, lon_deg: 139.7}
threats:
  - {launch: a, aim: b, missile: nodong}
  - {launch: a, azimuth_deg: 90, missile: scud-b, shape: max-range}
"""


def _write(tmp_path, text):
    p = tmp_path / "s.yaml"
    p.write_text(text)
    return p


def test_builtin_scenario_loads():
    assert "japan-threats" in builtin_scenario_names()
    s = load_scenario("japan-threats")
    assert {"sunan", "tokyo", "akita", "hagi", "naha"} <= set(s.places)
    assert all(p.source for p in s.places.values())


def test_good_file_loads(tmp_path):
    s = load_scenario(str(_write(tmp_path, GOOD)))
    assert len(s.threats) == 2 and s.threats[0].shape == "min-energy"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (GOOD.replace("aim: b", "aim: nowhere"), "nowhere"),
        (GOOD.replace("lat_deg: 39.2", "lat_deg: 99"), "lat_deg"),
        (GOOD.replace("missile: nodong}", "missile: nodong, shape: lofted}"), "apogee_km"),
        (GOOD.replace("name: t\n", ""), "name"),
        (GOOD.replace("threats:", "threatz:"), "threatz"),
        ("name: [unclosed", "YAML"),
    ],
)
def test_bad_files_give_one_line(tmp_path, text, words):
    with pytest.raises(InputError) as err:
        load_scenario_file(_write(tmp_path, text))
    message = str(err.value)
    assert words in message and "\n" not in message


def test_unknown_scenario_lists_builtins():
    with pytest.raises(InputError, match="japan-threats"):
        load_scenario("no-such-scenario")


def test_sensors_need_a_known_site_and_one_radar(tmp_path):
    """Scenario sensors: a radar (built-in name or file) at a named place."""
    good = GOOD + "sensors:\n  - {name: r1, radar: spy-7-class, site: b, alt_m: 30}\n"
    s = load_scenario_file(_write(tmp_path, good))
    assert s.sensors[0].site == "b" and s.sensors[0].alt_m == 30
    with pytest.raises(InputError, match="sensor site place 'c'"):
        load_scenario_file(_write(tmp_path, good.replace("site: b", "site: c")))
    with pytest.raises(InputError, match="exactly one of 'radar' or 'radar_file'"):
        load_scenario_file(_write(tmp_path, good.replace("radar: spy-7-class, ", "")))
