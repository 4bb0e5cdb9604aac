"""The README is a test: every command it shows runs, and every figure it prints is what that
command gives, to the printed precision.

- Every ``.venv/bin/ashore ...`` line of its ``sh`` blocks (backslash continuations joined) runs
  in-process, in a scratch folder, and must succeed.
- The JSON block after the first trajectory command must equal that command's output, key by
  key, to the number of decimals the README prints (keys it leaves out are allowed: it says it
  trims them).
- Each figure quoted in the prose is listed in ``FIGURES`` with the command it comes from; the
  test checks the README holds the sentence and that the command's value, formatted as the
  README prints it, is in it.
- The ``python`` block runs, and each ``print`` whose line ends in ``# ...`` must print that.

Coverage commands share the in-memory threat fans with tests/test_api.py (same xdist group).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import shlex
from pathlib import Path

import pytest

from cli.cli_helpers import invoke, strict_json

pytestmark = pytest.mark.xdist_group("japan-2017-50km")

README = Path(__file__).parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", TEXT, flags=re.S)


def _commands() -> list[list[str]]:
    out = []
    for block in _blocks("sh"):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = line.split(" #")[0].strip()
            if line.startswith(".venv/bin/ashore "):
                out.append(shlex.split(line)[1:])
    return out


COMMANDS = _commands()


def _find(*words: str) -> list[str]:
    """The README command whose arguments start with ``words``."""
    hits = [c for c in COMMANDS if c[:len(words)] == list(words)]
    assert hits, f"README has no command starting 'ashore {' '.join(words)}'"
    return hits[0]


def _json(args: list[str]) -> dict:
    return json.loads(_json_text(tuple(args)))


@functools.cache
def _json_text(args: tuple[str, ...]) -> str:
    """The command's --json output (run once per command, shared by the figure checks)."""
    args = [a for a in args if a != "--json"]
    if "--out" in args:
        i = args.index("--out")
        del args[i:i + 2]
    run = invoke(*args, "--json")
    assert run.exit_code == 0, (args, run.stderr)
    strict_json(run.stdout)
    return run.stdout


def test_the_readme_shows_commands():
    assert len(COMMANDS) >= 9, COMMANDS


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_every_readme_command_runs(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # outputs (out/...) land in a scratch folder
    run = invoke(*args)
    assert run.exit_code == 0, (args, run.stderr)


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def test_the_trajectory_json_block_is_what_the_command_prints():
    block = json.loads(_blocks("json")[0])
    got = _json(_find("trajectory", "--from", "39.224,125.670"))
    for key, want in block.items():
        if isinstance(want, float):
            shown = re.search(rf'"{key}": (-?[0-9.]+)', _blocks("json")[0]).group(1)
            assert round(got[key], _decimals(shown)) == want, (key, got[key], want)
        else:
            assert got[key] == want, (key, got[key], want)


def _fmt(value, digits: int | None, thousands: bool = False) -> str:
    if digits is None:  # a name or a count, as is
        return str(value)
    return f"{value:,.{digits}f}" if thousands else f"{value:.{digits}f}"


FIGURES = [
    # (command words, sentence in the README, (extractor, digits, thousands separator), ...)
    (("trajectory", "--from", "39.224,125.670"), "warhead lands {} m from the aim", [
        (lambda d: 1e3 * d["miss_km"], 0, False)]),
    (("trajectory", "--sphere"), "It reports a range of {} km, an apogee of {} km and a coast of "
     "{} s", [(lambda d: d["range_km"], 3, False), (lambda d: d["apogee_km"], 3, False),
             (lambda d: d["flight_time_s"], 2, False)]),
    (("horizon",), "The first prints an elevation of {} deg ({} deg on a flat Earth; curvature "
     "drop {} m) and an", [(lambda d: d["elevation_deg"], 2, False),
                           (lambda d: d["elevation_flat_earth_deg"], 2, False),
                           (lambda d: d["curvature_drop_m"], 0, False)]),
    (("horizon",), "exaggeration of {}x", [(lambda d: d["vertical_exaggeration"], 1, False)]),
    (("detect",), "a first detection {} s after launch at {} km altitude and", [
        (lambda d: d["first_detection_time_s"], 0, False),
        (lambda d: d["first_detection_altitude_km"], 0, False)]),
    (("detect",), "{} km range, a {} s track", [
        (lambda d: d["first_detection_range_km"], 0, True),
        (lambda d: d["track_duration_s"], 0, False)]),
    (("flyout",), "The first reports {} m/s at burnout on a 45 deg launch and a reach of {} km", [
        (lambda d: d["burnout_speed_mps_at_45deg"], 0, True),
        (lambda d: d["max_intercept_range_km"], 0, True)]),
    (("engage", "--site"), "The second: first fire at {} s, earliest intercept at {} s {} km up", [
        (lambda d: d["first_fire_time_s"], 0, False),
        (lambda d: d["earliest_intercept"]["time_s"], 0, False),
        (lambda d: d["earliest_intercept"]["altitude_km"], 0, False)]),
    (("engage", "--site"), "a decision may take up to {} s before the threat escapes", [
        (lambda d: d["max_decision_delay_s"], 0, False)]),
    (("engage", "--scenario"), "Mutsumi's radar sees the threat first, at {} s instead of "
     "Araya's {} s", [
         (lambda d: min(r["first_detection_time_s"] for r in d["radars"]
                        if r["radar"] == "mutsumi-radar"
                        and r["first_detection_time_s"] == d["first_detection_time_s"]), 0, False),
         (lambda d: next(r["first_detection_time_s"] for r in d["radars"]
                         if r["radar"] == "araya-radar"), 0, False)]),
    (("engage", "--scenario"), "sees the threat first, at {} s instead of Araya's 122 s, so Araya "
     "may fire at {} s, and the defending site is {} with {} shots", [
         (lambda d: d["first_detection_time_s"], 0, False),
         (lambda d: d["first_fire_time_s"], 0, False), (lambda d: d["site"], None, False),
         (lambda d: d["shots"], None, False)]),
    (("coverage", "japan-2017", "--grid-km", "50"), "Nodong-class, people {} % with one shot and "
     "{} % with two; Hwasong-12-class, {} % and {} %", [
         (lambda d: 100 * d["threat_families"]["nodong"]["population_fraction_one_shot"], 1,
          False),
         (lambda d: 100 * d["threat_families"]["nodong"]["population_fraction_two_shots"], 1,
          False),
         (lambda d: 100 * d["threat_families"]["hwasong-12"]["population_fraction_one_shot"], 1,
          False),
         (lambda d: 100 * d["threat_families"]["hwasong-12"]["population_fraction_two_shots"],
          1, False)]),
    (("booster-drop",), "the booster falls about {} km from the launcher, and about {} % of", [
        (lambda d: d["nominal_impact"]["distance_km"], 2, False),
        (lambda d: 100 * d["inside_fraction"], 0, False)]),
]


@pytest.mark.parametrize("words,sentence,figures", FIGURES,
                         ids=[f"{w[0]}-{i}" for i, (w, _, _) in enumerate(FIGURES)])
def test_readme_figures_are_what_the_commands_print(words, sentence, figures):
    got = _json(_find(*words))
    values = [_fmt(get(got), digits, sep) for get, digits, sep in figures]
    text = " ".join(TEXT.split())
    expected = sentence.format(*values)
    assert expected in text, f"README should say: {expected!r}"


def test_engage_shots_are_reflown_within_the_stated_miss():
    got = _json(_find("engage", "--site"))
    assert "two shoot-look-shoot shots, each re-flown to within 400 m" in " ".join(TEXT.split())
    assert got["shots"] == 2 and all(s["reflown_miss_m"] <= 400 for s in got["shot_list"])


def test_the_python_block_prints_what_its_comments_say():
    code = _blocks("python")[0]
    expected = [line.split("#", 1)[1].strip() for line in code.splitlines()
                if line.startswith("print(") and "#" in line]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the README's own example
    printed = [line.strip() for line in out.getvalue().splitlines()]
    assert printed == expected
