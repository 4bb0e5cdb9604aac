"""Bad input on the command line: one clear line on stderr, exit status 2, no traceback.

The rule (docs/architecture.md, "Conventions"): user mistakes raise a project exception whose
message says what was wrong and how to fix it; the CLI prints it on one line and exits with
status 2.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import ISSUE_MISSILE_YAML, assert_one_line_error, invoke

from ashore.catalog.missiles import builtin_missiles

FROM = ("--from", "39.0,125.0")
TO = ("--to", "40.0,130.0")  # ~444 km, east-north-east
FREE = ("--azimuth", "90", "--burnout-speed-mps", "2000", "--burnout-angle-deg", "40")


def _write(tmp_path: Path, text: str, name: str = "missile.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _issue_yaml_with(old: str, new: str) -> str:
    assert old in ISSUE_MISSILE_YAML
    return ISSUE_MISSILE_YAML.replace(old, new)


# ---- coordinates and flags (no flight is flown) ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--from", "95,125", *TO, "--missile", "nodong"), ("--from", "latitude", "95", "-90")),
        (("--from", "-90.5,125", *TO, "--missile", "nodong"), ("latitude", "-90.5")),
        ((*FROM, "--to", "40,130,5", "--missile", "nodong"), ("--to", "LAT,LON")),
        ((*FROM, "--to", "north,130", "--missile", "nodong"), ("--to", "numbers")),
        ((*FROM, "--to", "40,400", "--missile", "nodong"), ("--to", "longitude", "400")),
        (("--from", "nan,125", *FREE), ("latitude", "nan")),
        ((*FROM, "--azimuth", "90", "--burnout-speed-mps", "nan", "--burnout-angle-deg", "40"),
         ("--burnout-speed-mps", "positive")),
        ((*FROM, "--azimuth", "90", "--burnout-speed-mps", "-5", "--burnout-angle-deg", "40"),
         ("--burnout-speed-mps", "positive", "-5")),
        ((*FROM, "--azimuth", "90", "--burnout-speed-mps", "2000", "--burnout-angle-deg", "95"),
         ("--burnout-angle-deg", "-90..90", "95")),
        ((*FROM, "--azimuth", "inf", "--burnout-speed-mps", "2000", "--burnout-angle-deg", "4"),
         ("--azimuth", "inf")),
        ((*FROM, "--burnout-speed-mps", "2000", "--burnout-angle-deg", "40"),
         ("free flight", "--azimuth")),
        ((*FROM, *FREE, "--burnout-altitude-km", "-1"), ("--burnout-altitude-km", "-1")),
        ((*FROM, *FREE, "--ballistic-coefficient", "0"), ("--ballistic-coefficient", "positive")),
        ((*FROM, *FREE, "--missile", "nodong"), ("free flight", "--missile")),
        ((*FROM, *FREE, "--shape", "lofted"), ("--shape", "free flight")),
        ((*FROM, *TO, "--missile", "nodong", "--shape", "lofted"), ("lofted", "--apogee-km")),
        ((*FROM, *TO, "--missile", "nodong", "--shape", "depressed"), ("depressed", "--apogee-km")),
        ((*FROM, *TO, "--missile", "nodong", "--shape", "lofted", "--apogee-km", "-300"),
         ("--apogee-km", "positive")),
        ((*FROM, *TO, "--missile", "nodong", "--apogee-km", "300"),
         ("--apogee-km", "lofted or depressed")),
        ((*FROM, *TO, "--missile", "nodong", "--azimuth", "45"), ("--to", "--azimuth", "not both")),
        ((*FROM, *TO, "--missile", "nodong", "--burnout-angle-deg", "45"),
         ("--burnout-angle-deg", "free flight")),
        ((*FROM, "--missile", "nodong"), ("--to",)),
        ((*FROM, "--missile", "nodong", "--azimuth", "90"), ("--to", "max-range")),
        ((*FROM, "--missile", "nodong", "--shape", "max-range"), ("max-range", "--azimuth")),
        ((*FROM, *TO), ("--missile", "--missile-file", "nodong", "scud-b")),
        ((*FROM, "--to", "39.0,125.0", "--missile", "nodong"), ("coincides",)),
    ],
)
def test_bad_flags_give_one_line_and_status_2(args, words):
    assert_one_line_error(invoke("trajectory", *args), *words)


def test_unknown_missile_lists_the_builtins():
    line = assert_one_line_error(
        invoke("trajectory", *FROM, *TO, "--missile", "taepodong-9"),
        "unknown missile", "taepodong-9", "--missile-file",
    )
    names = list(builtin_missiles())
    assert len(names) >= 4
    for name in names:
        assert name in line


def test_both_missile_and_missile_file(tmp_path):
    path = _write(tmp_path, ISSUE_MISSILE_YAML)
    assert_one_line_error(
        invoke("trajectory", *FROM, *TO, "--missile", "nodong", "--missile-file", path),
        "--missile", "--missile-file", "not both",
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("trajectory", "--to", "40,130"), ("--from", "missing")),
        (("trajectory", *FROM, *TO, "--missile", "nodong", "--shape", "ballistic"),
         ("--shape", "ballistic")),
        (("trajectory", *FROM, "--azimuth", "east"), ("--azimuth",)),
        (("trajectory", *FROM, "--warp-drive"), ("--warp-drive",)),
        (("intercept",), ("intercept",)),
        (("--bogus",), ("--bogus",)),
    ],
)
def test_parser_usage_errors_are_one_line_too(args, words):
    """Mistakes caught by the option parser (before our code runs) follow the same rule
    instead of a multi-line usage box."""
    assert_one_line_error(invoke(*args), *words)


def test_out_that_is_a_file(tmp_path):
    path = _write(tmp_path, "not a folder", "out.txt")
    assert_one_line_error(invoke("trajectory", *FROM, *FREE, "--out", path), "--out", "folder")
    assert path.read_text() == "not a folder"


def test_rich_markup_in_a_message_is_printed_literally(tmp_path):
    """A file name that looks like console markup must not be eaten by the error printer."""
    path = tmp_path / "[bold]mine[/bold].yaml"
    line = assert_one_line_error(
        invoke("trajectory", *FROM, *TO, "--missile-file", path), "does not exist"
    )
    assert "[bold]mine[/bold].yaml" in line


# ---- missile files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("name: x\nstages: [\n  {isp_s: 230\n", ("not valid YAML", "line")),
        ("name: x\n\tstages: 1\n", ("not valid YAML",)),
        ("", ("empty",)),
        ("- just\n- a list\n", ("mapping",)),
        (_issue_yaml_with("isp_s: 230, ", ""), ("missing", "stages[0].isp_s")),
        (_issue_yaml_with("payload_mass_kg: 1000\n", ""), ("missing", "payload_mass_kg")),
        (_issue_yaml_with("reentry: {ballistic_coefficient_kg_m2: 5000}\n", ""),
         ("missing", "reentry")),
        (_issue_yaml_with("reentry: {ballistic_coefficient_kg_m2: 5000}",
                          "reentry: {}"), ("missing", "reentry.ballistic_coefficient_kg_m2")),
        (_issue_yaml_with("isp_s: 230", "isp: 230"), ("stages[0].isp_s", "stages[0].isp")),
        (_issue_yaml_with("dry_mass_kg: 1900", "dry_mass_kg: -1900"),
         ("stages[0].dry_mass_kg", "-1900")),
        (_issue_yaml_with("propellant_mass_kg: 12900", "propellant_mass_kg: -12900"),
         ("stages[0].propellant_mass_kg", "-12900")),
        (_issue_yaml_with("payload_mass_kg: 1000", "payload_mass_kg: -1000"),
         ("payload_mass_kg", "-1000")),
        (_issue_yaml_with("burn_time_s: 110", "burn_time_s: -110"),
         ("stages[0].burn_time_s", "-110")),
        (_issue_yaml_with("burn_time_s: 110", "burn_time_s: 0"), ("stages[0].burn_time_s",)),
        (_issue_yaml_with("payload_mass_kg: 1000", "payload_mass_kg: .nan"),
         ("payload_mass_kg", "finite")),
        (_issue_yaml_with("isp_s: 230", "isp_s: .inf"), ("stages[0].isp_s", "finite")),
        (_issue_yaml_with("isp_s: 230", "isp_s: 230, isp_sl_s: 250"), ("isp_sl_s",)),
        (_issue_yaml_with("payload_mass_kg: 1000", "payload_mass_kg: 100000"),
         ("cannot lift off",)),
        ("name: x\nstages: []\npayload_mass_kg: 1000\n"
         "reentry: {ballistic_coefficient_kg_m2: 5000}\n", ("stages", "at least 1")),
        (ISSUE_MISSILE_YAML + "provenance: {stages: {source: x, tier: rumour}}\n",
         ("provenance.stages.tier", "published")),
        (ISSUE_MISSILE_YAML + "colour: grey\n", ("unknown key", "colour")),
    ],
)
def test_bad_missile_file(tmp_path, text, words):
    path = _write(tmp_path, text)
    line = assert_one_line_error(
        invoke("trajectory", *FROM, *TO, "--missile-file", path), *words
    )
    assert str(path.name) in line  # the message says which file


def test_missile_file_that_does_not_exist(tmp_path):
    assert_one_line_error(
        invoke("trajectory", *FROM, *TO, "--missile-file", tmp_path / "nope.yaml"),
        "nope.yaml", "does not exist",
    )


def test_missile_file_that_is_not_text(tmp_path):
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\xff\xfe\x00\x81name")
    assert_one_line_error(invoke("trajectory", *FROM, *TO, "--missile-file", path),
                          "not valid YAML")


# ---- errors found by flying (targeting) ----------------------------------------------------


def test_unreachable_aim_names_the_maximum_range():
    """Scud-B class (reported range 300 km) aimed ~1,000 km away: the message names the
    maximum range, and that figure is of the reported size (within 20%)."""
    line = assert_one_line_error(
        invoke("trajectory", *FROM, "--to", "35.0,135.0", "--missile", "scud-b"),
        "maximum range", "scud-b",
    )
    match = re.search(r"maximum range of (\d+) km", line)
    assert match, line
    assert 240 <= int(match.group(1)) <= 360


def test_lofted_apogee_below_minimum_energy(tmp_path):
    """A 444 km shot has a minimum-energy apogee near 100 km; a 40 km 'lofted' apogee is
    impossible and the message says which apogee bounds it."""
    path = _write(tmp_path, ISSUE_MISSILE_YAML)
    line = assert_one_line_error(
        invoke("trajectory", *FROM, *TO, "--missile-file", path, "--shape", "lofted",
               "--apogee-km", "40"),
        "lofted", "minimum-energy apogee", "40 km",
    )
    match = re.search(r"\((\d+) km at (\d+) km\)", line)
    assert match, line
    assert 60 < int(match.group(1)) < 200
    assert 430 < int(match.group(2)) < 460


# ---- the real program --------------------------------------------------------------------------


def _ashore_exe() -> str:
    exe = Path(sys.executable).with_name("ashore")
    if not exe.exists():
        pytest.skip("the ashore console script is not installed next to this Python")
    return str(exe)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["trajectory", *FROM, *TO, "--missile", "no-such-missile"],
         ["unknown missile", "nodong"]),
        (["trajectory", "--from", "91,125", *TO, "--missile", "nodong"], ["latitude", "91"]),
        (["trajectory", *TO], ["--from"]),
    ],
)
def test_real_process_exit_status_and_stderr(args, words):
    """Through the installed console script: status 2, one line on stderr, nothing on stdout."""
    proc = subprocess.run([_ashore_exe(), *args], capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "COLUMNS": "60", "LANG": "C.UTF-8"})
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr  # one line even when longer than COLUMNS
    assert "Traceback" not in proc.stderr
    assert lines[0].startswith("error:")
    for word in words:
        assert word in lines[0]


def test_real_process_bad_missile_file(tmp_path):
    path = _write(tmp_path, _issue_yaml_with("isp_s: 230, ", ""))
    proc = subprocess.run(
        [_ashore_exe(), "trajectory", *FROM, *TO, "--missile-file", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "stages[0].isp_s" in proc.stderr
    assert "Traceback" not in proc.stderr


# ---- what is not the user's fault ---------------------------------------------------------


def _boom(**_):
    raise ZeroDivisionError("float division by zero")


def test_internal_error_is_one_line_with_status_1(monkeypatch):
    """An unexpected exception is a bug, not bad input: status 1 (not 2), one line asking for a
    report, and the traceback only on request (ASHORE_DEBUG=1)."""
    import ashore.api as api

    monkeypatch.setattr(api, "fly", _boom)
    monkeypatch.delenv("ASHORE_DEBUG", raising=False)
    run = invoke("trajectory", *FROM, *FREE)
    assert run.exit_code == 1
    lines = run.error_lines()
    assert len(lines) == 1 and "internal error" in lines[0] and "ZeroDivisionError" in lines[0]
    assert "Traceback" not in run.stderr

    monkeypatch.setenv("ASHORE_DEBUG", "1")
    run = invoke("trajectory", *FROM, *FREE)
    assert isinstance(run.exception, ZeroDivisionError)


def test_bare_command_shows_help():
    run = invoke()
    text = run.stdout + run.stderr
    assert "trajectory" in text and "catalog" in text
    assert "Traceback" not in text
