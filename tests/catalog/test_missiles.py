"""The missile file format (ashore.catalog.missiles) and the built-in catalog.

Every problem in a user's file must surface as one InputError line that names the file and
the offending key (docs/architecture.md, "Errors"); valid files must load exactly as written.
"""

from __future__ import annotations

import copy
import math
from importlib import resources
from pathlib import Path

import pytest
import yaml

from ashore.catalog.missiles import (
    builtin_missiles,
    get_missile,
    load_missile_file,
    missile_from_dict,
)
from ashore.errors import AshoreError, InputError
from ashore.flight.vehicle import GENERIC_DRAG_CD, GENERIC_DRAG_MACH
from ashore.provenance import TIERS
from reference_data import ISSUE_MISSILE_YAML

ISSUE_YAML = ISSUE_MISSILE_YAML

BASE = {
    "name": "two-stage",
    "stages": [
        {"propellant_mass_kg": 20000, "dry_mass_kg": 2000, "isp_s": 290, "isp_sl_s": 260,
         "burn_time_s": 120, "diameter_m": 1.6},
        {"propellant_mass_kg": 4000, "dry_mass_kg": 600, "isp_s": 310, "burn_time_s": 90,
         "diameter_m": 1.2},
    ],
    "payload_mass_kg": 700,
    "reentry": {"ballistic_coefficient_kg_m2": 6000},
}


def _write(tmp_path: Path, data, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _load_error(tmp_path: Path, data) -> str:
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as info:
        load_missile_file(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert path.name in msg  # says which file
    return msg


# ---- valid files ---------------------------------------------------------------------------------


def test_issue_file_loads_exactly(tmp_path):
    m = load_missile_file(_write(tmp_path, ISSUE_YAML))
    assert m.name == "my-missile"
    assert len(m.stages) == 1
    s = m.stages[0]
    assert (s.propellant_mass_kg, s.dry_mass_kg, s.isp_s, s.burn_time_s, s.diameter_m) == (
        12900, 1900, 230, 110, 1.25)
    assert s.isp_sl_s is None  # vacuum Isp only: no nozzle back-pressure term
    assert m.payload_mass_kg == 1000
    assert m.ballistic_coefficient_kg_m2 == 5000
    assert m.launch_mass_kg == 12900 + 1900 + 1000
    assert m.total_burn_time_s == 110
    # documented defaults for everything left out
    assert (m.drag_mach, m.drag_cd) == (GENERIC_DRAG_MACH, GENERIC_DRAG_CD)
    assert (m.vertical_rise_s, m.kick_duration_s) == (6.0, 10.0)
    assert m.reported_range_km is None
    assert m.description == ""
    assert m.provenance == {}


def test_issue_file_ideal_delta_v():
    """Tsiolkovsky (vacuum): dv = g0 Isp ln(m0/mf) = 9.80665 * 230 * ln(15800/2900) m/s."""
    m = missile_from_dict(yaml.safe_load(ISSUE_YAML), "issue")
    assert m.ideal_delta_v_m_s == pytest.approx(9.80665 * 230 * math.log(15800 / 2900),
                                                rel=1e-12)


def test_all_optional_keys(tmp_path):
    data = copy.deepcopy(BASE) | {
        "description": "a test vehicle",
        "drag": {"mach": [0, 1, 3], "cd": [0.2, 0.4, 0.25]},
        "steering": {"vertical_rise_s": 4, "kick_duration_s": 7},
        "reported_range_km": 2500,
        "provenance": {"stages": {"source": "made up for a test", "tier": "notional"},
                       "payload_mass_kg": {"source": "Some Paper (2020)", "tier": "published"}},
    }
    m = load_missile_file(_write(tmp_path, data))
    assert m.description == "a test vehicle"
    assert m.drag_mach == (0, 1, 3) and m.drag_cd == (0.2, 0.4, 0.25)
    assert (m.vertical_rise_s, m.kick_duration_s) == (4, 7)
    assert m.reported_range_km == 2500
    assert m.stages[0].isp_sl_s == 260 and m.stages[1].isp_sl_s is None
    assert m.stage_end_times_s.tolist() == [120, 210]
    assert m.provenance["payload_mass_kg"].tier == "published"
    assert m.provenance["payload_mass_kg"].source == "Some Paper (2020)"
    assert m.provenance["payload_mass_kg"].value == 700


def test_numbers_may_be_written_as_integers_or_floats(tmp_path):
    text = ISSUE_YAML.replace("12900", "12900.0").replace("1.25", "1.25e0")
    m = load_missile_file(_write(tmp_path, text))
    assert m.stages[0].propellant_mass_kg == 12900.0


# ---- bad files -------------------------------------------------------------------------------


def _without(path: tuple, data=None) -> dict:
    data = copy.deepcopy(BASE if data is None else data)
    target = data
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return data


def _with(path: tuple, value) -> dict:
    data = copy.deepcopy(BASE)
    target = data
    for part in path[:-1]:
        target = target.setdefault(part, {}) if isinstance(part, str) else target[part]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (("name",), "name"),
        (("stages",), "stages"),
        (("payload_mass_kg",), "payload_mass_kg"),
        (("reentry",), "reentry"),
        (("reentry", "ballistic_coefficient_kg_m2"), "reentry.ballistic_coefficient_kg_m2"),
        *[(("stages", 0, key), f"stages[0].{key}") for key in
          ("propellant_mass_kg", "dry_mass_kg", "isp_s", "burn_time_s", "diameter_m")],
        (("stages", 1, "isp_s"), "stages[1].isp_s"),
    ],
)
def test_missing_key_is_named(tmp_path, path, shown):
    msg = _load_error(tmp_path, _without(path))
    assert f"missing key '{shown}'" in msg


@pytest.mark.parametrize(
    ("path", "value", "shown"),
    [
        (("stages", 0, "propellant_mass_kg"), -20000, "stages[0].propellant_mass_kg"),
        (("stages", 0, "propellant_mass_kg"), 0, "stages[0].propellant_mass_kg"),
        (("stages", 1, "dry_mass_kg"), -600, "stages[1].dry_mass_kg"),
        (("stages", 0, "burn_time_s"), -120, "stages[0].burn_time_s"),
        (("stages", 1, "burn_time_s"), 0, "stages[1].burn_time_s"),
        (("stages", 0, "isp_s"), -290, "stages[0].isp_s"),
        (("stages", 0, "diameter_m"), 0, "stages[0].diameter_m"),
        (("payload_mass_kg",), -700, "payload_mass_kg"),
        (("payload_mass_kg",), 0, "payload_mass_kg"),
        (("reentry", "ballistic_coefficient_kg_m2"), -1, "reentry.ballistic_coefficient_kg_m2"),
        (("reported_range_km",), -5, "reported_range_km"),
        (("steering", "vertical_rise_s"), -1, "steering.vertical_rise_s"),
    ],
)
def test_out_of_range_number_is_named_with_its_value(tmp_path, path, value, shown):
    msg = _load_error(tmp_path, _with(path, value))
    assert f"'{shown}'" in msg
    assert f"got {value}" in msg


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize(
    "path",
    [("payload_mass_kg",), ("stages", 0, "isp_s"), ("stages", 1, "dry_mass_kg"),
     ("reported_range_km",), ("reentry", "ballistic_coefficient_kg_m2")],
)
def test_non_finite_numbers_are_refused(tmp_path, path, value):
    msg = _load_error(tmp_path, _with(path, value))
    assert "finite" in msg


def test_nan_in_drag_table_is_refused(tmp_path):
    data = copy.deepcopy(BASE) | {"drag": {"mach": [0, 1, 2], "cd": [0.2, float("nan"), 0.3]}}
    assert "drag.cd[1]" in _load_error(tmp_path, data)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (_with(("stages",), []), ("stages", "at least 1")),
        (_with(("stages",), {"propellant_mass_kg": 1}), ("stages", "list")),
        (_with(("reentry",), 5000), ("reentry", "dictionary")),
        (_with(("name",), ""), ("name",)),
        (_with(("payload_mass_kg",), "heavy"), ("payload_mass_kg", "number", "heavy")),
        (_with(("colour",), "grey"), ("unknown key", "colour")),
        (_with(("stages", 0, "thrust_n"), 1e6), ("unknown key", "stages[0].thrust_n")),
        (_with(("provenance",), {"stages": {"source": "x", "tier": "rumour"}}),
         ("provenance.stages.tier", "published")),
        (_with(("stages", 0, "isp_sl_s"), 300), ("isp_sl_s", "at most")),
        (_with(("payload_mass_kg",), 1e6), ("cannot lift off",)),
        (_with(("steering",), {"vertical_rise_s": 200, "kick_duration_s": 10}),
         ("before burnout",)),
        (copy.deepcopy(BASE) | {"drag": {"mach": [0, 2, 1], "cd": [0.2, 0.3, 0.4]}},
         ("drag", "increase")),
        (copy.deepcopy(BASE) | {"drag": {"mach": [0, 1], "cd": [0.2]}}, ("drag", "matching")),
    ],
)
def test_inconsistent_definitions(tmp_path, data, words):
    msg = _load_error(tmp_path, data)
    for word in words:
        assert word in msg, (word, msg)


def test_misspelt_key_is_pointed_out(tmp_path):
    data = copy.deepcopy(BASE)
    data["stages"][0]["isp"] = data["stages"][0].pop("isp_s")
    msg = _load_error(tmp_path, data)
    assert "missing key 'stages[0].isp_s'" in msg
    assert "'stages[0].isp'" in msg


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", ("empty",)),
        ("# only a comment\n", ("empty",)),
        ("- a\n- b\n", ("mapping",)),
        ("just words", ("mapping",)),
        ("name: x\nstages: [\n", ("not valid YAML", "line 3")),
        ("name: 'unterminated\n", ("not valid YAML",)),
        ("a: 1\n  b: 2\n", ("not valid YAML", "line 2")),
    ],
)
def test_malformed_files(tmp_path, text, words):
    msg = _load_error(tmp_path, text)
    for word in words:
        assert word in msg, (word, msg)


def test_undecodable_file(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_bytes(b"name: \xff\xfe\x81\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_missile_file(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_missile_file(tmp_path / "absent.yaml")
    with pytest.raises(InputError, match="not a file"):
        load_missile_file(tmp_path)


def test_every_problem_is_an_ashore_error(tmp_path):
    """Whatever goes wrong inside the loader reaches the CLI as an AshoreError (never a
    pydantic ValidationError, YAML error or CatalogError from deeper down)."""
    for data in (_with(("stages", 0, "isp_sl_s"), 300), _with(("payload_mass_kg",), 1e6),
                 _with(("stages",), "x"), "key: [unclosed"):
        with pytest.raises(AshoreError) as info:
            load_missile_file(_write(tmp_path, data))
        assert isinstance(info.value, InputError)


# ---- built-in catalog ---------------------------------------------------------------------------


def test_builtins_load_and_are_sourced():
    missiles = builtin_missiles()
    assert {"scud-b", "nodong", "hwasong-12", "hwasong-15"} <= set(missiles)
    for name, m in missiles.items():
        assert m.name == name
        assert m.description
        assert m.reported_range_km and m.reported_range_km > 0
        for key in ("stages", "payload_mass_kg", "reentry", "reported_range_km"):
            assert key in m.provenance, (name, key)
            assert m.provenance[key].tier in TIERS
            assert m.provenance[key].source.strip()


def test_builtin_files_use_the_user_format():
    """The shipped files are ordinary missile files: each loads through the user loader to
    the same missile as the catalog holds."""
    folder = resources.files("ashore.data") / "missiles"
    files = [e for e in folder.iterdir() if e.name.endswith(".yaml")]
    assert len(files) == len(builtin_missiles())
    for entry in files:
        with resources.as_file(entry) as p:
            m = load_missile_file(p)
        assert m == builtin_missiles()[m.name]


def test_builtin_launch_masses_match_their_sources():
    """Launch masses against the figures quoted in the files' own sources (CSIS: Scud-B
    ~5,900 kg, Nodong ~16 t), within 5%."""
    assert builtin_missiles()["scud-b"].launch_mass_kg == pytest.approx(5900, rel=0.05)
    assert builtin_missiles()["nodong"].launch_mass_kg == pytest.approx(16000, rel=0.05)


def test_get_missile_by_name():
    assert get_missile("nodong") is builtin_missiles()["nodong"]
    assert get_missile("  Hwasong-12 ") is builtin_missiles()["hwasong-12"]
    with pytest.raises(InputError) as info:
        get_missile("nodong-9")
    msg = str(info.value)
    assert "nodong-9" in msg
    for name in builtin_missiles():
        assert name in msg
