"""Helpers shared by the command-line tests: a runner that separates stdout from stderr (when
the installed click/typer can), strict JSON parsing, and the user missile file from the issue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from ashore.cli.main import app
from reference_data import ISSUE_MISSILE_YAML


def _no_nan(token: str):
    raise ValueError(f"JSON holds the non-standard constant {token}")


def strict_json(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity."""
    return json.loads(text, parse_constant=_no_nan)


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    """stderr alone when the runner separates the streams, else the mixed output."""
    separate: bool
    exception: BaseException | None

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def invoke(*args: str) -> Run:
    """Run ``ashore ARGS`` in-process. Older click mixes stderr into ``output`` (and raises on
    ``.stderr``); newer versions keep both, so use whichever this installation offers."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    try:
        err, separate = result.stderr, True
    except ValueError:  # click < 8.2 without mix_stderr=False
        err, separate = result.output, False
    out = result.stdout if separate else result.output
    return Run(result.exit_code, out, err, separate, result.exception)


def assert_one_line_error(run: Run, *words: str) -> str:
    """Exit status 2, exactly one non-empty line on stderr, starting 'error:' and holding all
    ``words`` (case-insensitive), no traceback, nothing on stdout. Returns the line."""
    assert run.exit_code == 2, (run.exit_code, run.stdout, run.stderr, run.exception)
    # the command ended through sys.exit, not through an escaping exception
    assert run.exception is None or isinstance(run.exception, SystemExit), run.exception
    lines = run.error_lines()
    assert len(lines) == 1, lines
    line = lines[0]
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert line.startswith("error:"), line
    for word in words:
        assert word.lower() in line.lower(), (word, line)
    if run.separate:
        assert run.stdout.strip() == "", run.stdout
    return line


def write_issue_missile(tmp_path: Path) -> Path:
    path = tmp_path / "my-missile.yaml"
    path.write_text(ISSUE_MISSILE_YAML, encoding="utf-8")
    return path
