"""`ashore horizon` and `ashore detect` from the command line."""

from __future__ import annotations

import math

import pytest
from cli_helpers import invoke, strict_json

FREE_EAST = ["--from", "39.224,125.67", "--burnout-speed-mps", "3200", "--burnout-angle-deg",
             "37", "--azimuth", "83", "--burnout-altitude-km", "80"]


def test_horizon_to_a_point_reports_angle_distance_and_curvature():
    """Elevation from a 20 m site to a 1,000 m ridge 15 km away: the JSON holds the elevation,
    distance and curvature drop, which agrees with the closed form d^2 / (2 k R)
    ([@skolnik-2001]; k = 4/3) to 0.1 m, and a claimed 15 deg implies a vertical exaggeration
    tan(15 deg) / tan(elevation)."""
    run = invoke("horizon", "--site", "39.67,140.05,20", "--to", "39.60,140.20,1000",
                 "--claimed-deg", "15", "--json")
    assert run.exit_code == 0, run.stderr
    data = strict_json(run.stdout)
    d = data["distance_km"] * 1e3
    assert data["curvature_drop_m"] == pytest.approx(d * d / (2 * 4 / 3 * 6371008.8), abs=0.1)
    assert 3.0 < data["elevation_deg"] < data["elevation_flat_earth_deg"]
    expected = math.tan(math.radians(15)) / math.tan(math.radians(data["elevation_deg"]))
    assert data["vertical_exaggeration"] == pytest.approx(expected, rel=1e-3)


def test_horizon_profile_files(tmp_path):
    """--out writes the mask profile as CSV (one row per azimuth step) and a polar PNG."""
    run = invoke("horizon", "--site", "39.67,140.05,20", "--peak", "ridge,39.60,140.20,1000",
                 "--step-deg", "1", "--out", str(tmp_path), "--json")
    assert run.exit_code == 0, run.stderr
    data = strict_json(run.stdout)
    assert data["profile"]["max_mask_deg"] > 3.0
    rows = (tmp_path / "horizon.csv").read_text().strip().splitlines()
    assert rows[0].startswith("azimuth_deg") and len(rows) == 361
    assert (tmp_path / "horizon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_detect_reports_first_detection_and_track():
    """A SPY-7-class radar at Akita detects a warhead flying over it: the JSON holds the
    issue's keys, with times inside the flight."""
    run = invoke("detect", "--radar", "spy-7-class", "--site", "39.67,140.05,30", *FREE_EAST,
                 "--rcs-m2", "0.05", "--json")
    assert run.exit_code == 0, run.stderr
    data = strict_json(run.stdout)
    for key in ("detected", "first_detection_time_s", "first_detection_altitude_km",
                "first_detection_range_km", "track_duration_s"):
        assert key in data
    assert data["detected"] is True
    assert 0 <= data["first_detection_time_s"] <= data["trajectory"]["flight_time_s"]
    assert data["track_duration_s"] > 0


def test_detect_reports_why_not():
    """A radar pointed away from the threat never detects it, and says why."""
    run = invoke("detect", "--radar", "tpy-2-class", "--boresight-deg", "90", "--site",
                 "26.21,127.68,20", *FREE_EAST, "--json")
    assert run.exit_code == 0, run.stderr
    data = strict_json(run.stdout)
    assert data["detected"] is False and data["reason"] == "field of regard"
    assert data["first_detection_time_s"] is None


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--rcs-m2", "-1"], "positive radar cross-section"),
        (["--radar", "no-such-radar"], "spy-7-class"),
        (["--site", "39.67,140.05"], "LAT,LON,ALT_M"),
        (["--dem", "/nonexistent/N39E140.hgt"], "N39E140.hgt"),
    ],
)
def test_detect_bad_input_one_line(args, words):
    base = {"--radar": "spy-7-class", "--site": "39.67,140.05,30"}
    flags = dict(base)
    extra = []
    i = 0
    while i < len(args):
        if args[i] in flags:
            flags[args[i]] = args[i + 1]
        else:
            extra += args[i:i + 2]
        i += 2
    cmd = ["detect", *[x for kv in flags.items() for x in kv], *FREE_EAST, *extra]
    run = invoke(*cmd)
    assert run.exit_code == 2
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in run.stderr


def _one_line_error(run, words):
    assert run.exit_code == 2, (run.stdout, run.stderr)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert all(w in lines[0] for w in words), lines[0]


def test_bad_dem_files_give_one_line(tmp_path):
    """A truncated or wrong-sized .hgt tile, and a site outside the DEM, end with one line and
    status 2 (issue: bad input)."""
    import numpy as np

    truncated = tmp_path / "N39E140.hgt"
    truncated.write_bytes(b"\x00\x01" * 1000)
    _one_line_error(invoke("horizon", "--site", "39.67,140.05,20", "--dem", str(truncated)),
                    ["N39E140.hgt"])
    good = tmp_path / "N30E130.hgt"
    np.zeros((1201, 1201), dtype=">i2").tofile(good)
    _one_line_error(invoke("horizon", "--site", "39.67,140.05,20", "--dem", str(good)),
                    ["site"])


def test_radar_file_missing_key_names_it(tmp_path):
    """A radar file without its detection model names the missing key."""
    f = tmp_path / "r.yaml"
    f.write_text("name: r\nfrequency_ghz: 3\nmax_range_km: 1000\npfa: 1.0e-6\nswerling: 1\n"
                 "revisit_s: 2\nbeamwidth_deg: 1\nbandwidth_mhz: 5\n")
    _one_line_error(invoke("detect", "--radar-file", str(f), "--site", "39.67,140.05,30",
                           *FREE_EAST), ["detection"])
