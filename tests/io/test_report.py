"""The HTML report (`ashore report`): one self-contained file that opens offline and shows
every figure, checked on a small synthetic scenario: a 3 x 6 deg land box (GeoJSON) east of a
Nodong-class launch point on the equator, 50 km cells, one SM-3 Block IIA-class site with a
SPY-7-class radar, on a non-rotating spherical Earth (as in tests/analysis/test_coverage.py)."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from ashore.analysis.coverage_study import run_coverage
from ashore.cli.report_build import run_report
from ashore.errors import InputError
from ashore.io.report import PNG_SIGNATURE, Figure, Section, Table, render_report
from ashore.scenario.schema import load_scenario

# one module fixture serves every test here: keep them on one xdist worker (--dist loadgroup)
pytestmark = pytest.mark.xdist_group("report")

CHROMIUM = Path("/usr/bin/chromium")
SECTIONS = ("Contents", "Overview", "Coverage maps", "Coverage tables", "Threat trajectories",
            "Engagements", "Site east", "Booster drop", "Booster drop at east", "Defence",
            "Assumptions and sources")


def write_scenario(folder: Path) -> Path:
    box = {"type": "Feature",
           "properties": {"name": "box", "source": "synthetic test land", "region": "box"},
           "geometry": {"type": "Polygon",
                        "coordinates": [[[8, -3], [11, -3], [11, 3], [8, 3], [8, -3]]]}}
    (folder / "box.geojson").write_text(json.dumps(box))
    scenario = {
        "name": "synthetic-box",
        "description": "A land box east of a launch point on the equator <test & check>.",
        "places": {
            "launch": {"lat_deg": 0.0, "lon_deg": 0.0, "source": "test", "tier": "notional"},
            "east": {"lat_deg": 0.5, "lon_deg": 9.5, "alt_m": 20, "source": "test",
                     "tier": "notional"},
        },
        "sensors": [{"name": "east-radar", "radar": "spy-7-class", "site": "east",
                     "alt_m": 30}],
        "interceptor_sites": [{"name": "east", "site": "east",
                               "interceptor": "sm-3-block-iia-class", "inventory": 24,
                               "radar": "east-radar"}],
        "coverage": {"territory": str(folder / "box.geojson"), "grid_km": 50,
                     "threat_classes": [{"name": "nodong", "launches": ["launch"],
                                         "missile": "nodong", "shapes": ["min-energy"]}]},
        "options": {"earth": {"rotation": False, "j2": False, "shape": "sphere"}},
    }
    path = folder / "box.yaml"
    path.write_text(yaml.safe_dump(scenario))
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    scenario = write_scenario(folder)
    messages: list[str] = []
    result = run_report(str(scenario), folder / "out", progress=messages.append)
    return {"scenario": scenario, "result": result, "messages": messages,
            "path": Path(result["report"]),
            "html": Path(result["report"]).read_text(encoding="utf-8")}


class _Refs(HTMLParser):
    """Every tag's src and href, and the text of every heading."""

    def __init__(self) -> None:
        super().__init__()
        self.imgs: list[str] = []
        self.refs: list[tuple[str, str, str]] = []
        self.headings: list[str] = []
        self._in_heading = False
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "poster", "data"):
                self.refs.append((tag, name, value or ""))
            if name == "id":
                self.ids.add(value)
        if tag == "img":
            self.imgs.append(dict(attrs).get("src") or "")
        if tag in ("h1", "h2", "h3", "h4"):
            self._in_heading = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4"):
            self._in_heading = False

    def handle_data(self, data):
        if self._in_heading:
            self.headings[-1] += data


def parse(text: str) -> _Refs:
    p = _Refs()
    p.feed(text)
    return p


def test_report_is_written_with_its_figures(report):
    """The file exists where the result says, with the figures it counts."""
    r = report["result"]
    assert report["path"] == report["scenario"].parent / "out" / "report.html"
    assert report["path"].is_file()
    assert r["figures"] == len(parse(report["html"]).imgs) >= 8
    assert r["coverage_seconds"] is not None and r["seconds"] >= r["coverage_seconds"]
    assert any("engagement" in m for m in report["messages"])


def test_report_references_nothing_outside_the_file(report):
    """Offline means no URL of any kind: no scheme, no protocol-relative reference, no
    external script or style sheet, no CSS url() except data:, and every src/href is either
    an embedded PNG or an anchor on the page."""
    text = report["html"]
    low = text.lower()
    for bad in ("http://", "https://", "ftp://", "<script src", "<link", "@import", "@font-face"):
        assert bad not in low, bad
    assert not re.search(r"""(src|href)\s*=\s*["']?//""", low)
    assert all(m.startswith("data:") for m in re.findall(r"url\(\s*['\"]?([^)'\"]*)", low))
    refs = parse(text)
    for tag, attr, value in refs.refs:
        if attr == "href":
            assert value.startswith("#") and value[1:] in refs.ids, (tag, value)
        else:
            assert value.startswith("data:image/png;base64,"), (tag, attr, value[:40])
    assert "default-src 'none'" in text  # the CSP forbids loading anything else


def test_every_image_is_an_embedded_png(report):
    imgs = parse(report["html"]).imgs
    assert imgs
    for src in imgs:
        assert src.startswith("data:image/png;base64,")
        data = base64.b64decode(src.split(",", 1)[1], validate=True)
        assert data.startswith(PNG_SIGNATURE) and len(data) > 5000


def test_report_has_every_section_and_escapes_text(report):
    refs = parse(report["html"])
    for title in SECTIONS:
        assert title in refs.headings, title
    text = report["html"]
    assert "&lt;test &amp; check&gt;" in text and "<test & check>" not in text
    for needle in ("nodong", "sm-3-block-iia-class", "spy-7-class", "notional",
                   "area 1+ shots", "earliest intercept", "95 % ellipse"):
        assert needle in text, needle


def test_precomputed_study_is_used_as_is(tmp_path, report):
    """The demo passes its coverage study: the report must not run another."""
    study = run_coverage(load_scenario(str(report["scenario"])))
    result = run_report("ignored", tmp_path / "again", coverage_study=study)
    assert result["coverage_seconds"] is None
    assert "synthetic-box" in Path(result["report"]).read_text(encoding="utf-8")


def test_out_must_be_a_folder(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        run_report("japan-2017", tmp_path / "file")


def test_render_report_escapes_and_refuses_non_png(tmp_path):
    png = tmp_path / "x.png"
    png.write_bytes(PNG_SIGNATURE + b"rest")
    page = render_report("T <b>", [Section("A & B", [
        "see https://example.org/x and <script>alert(1)</script>",
        Table(["h"], [[None], [True], ["1.5 %"]]),
        Figure(png, "cap"),
        Section("A & B", ["nested"])])])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "https://" not in page and "example.org/x" in page
    assert 'href="#a-b"' in page and 'href="#a-b-2"' in page and 'id="a-b-2"' in page
    assert "<td>\u2013</td>" in page and "<td>yes</td>" in page and 'class="num"' in page
    not_png = tmp_path / "x.jpg"
    not_png.write_bytes(b"\xff\xd8\xff")
    with pytest.raises(ValueError, match="not a PNG"):
        render_report("T", [Section("S", [Figure(not_png)])])


# ---- a real browser, with no network ------------------------------------------------------


def _no_network_prefix() -> list[str]:
    """``unshare -rn`` (a private network namespace with only a down loopback) when the
    kernel allows it; otherwise rely on the flags and the page's Content-Security-Policy."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn"]
    return []


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [*_no_network_prefix(), str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--no-first-run",
           "--disable-sync", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="headless check needs Debian's chromium package (/usr/bin/chromium);"
                           " install it with apt-get install chromium")
def test_chromium_offline_loads_every_image(report, tmp_path):
    """Headless Chromium with no network: a copy of the report with a probe script added
    (the CSP otherwise forbids scripts; images stay data:-only) counts the images that
    finished loading with a non-zero size; every one of them must have."""
    probe = ("<script>window.addEventListener('load', function () {"
             "var im = Array.prototype.slice.call(document.images);"
             "document.body.setAttribute('data-images', im.length);"
             "document.body.setAttribute('data-loaded', im.filter(function (i) {"
             "return i.complete && i.naturalWidth > 0; }).length); });</script>")
    text = report["html"].replace("style-src 'unsafe-inline'",
                                  "style-src 'unsafe-inline'; script-src 'unsafe-inline'")
    copy = tmp_path / "probe.html"
    copy.write_text(text.replace("</body>", probe + "</body>"), encoding="utf-8")
    run = _chromium(tmp_path, "--dump-dom", copy.as_uri())
    n = len(parse(report["html"]).imgs)
    m = re.search(r'data-images="(\d+)" data-loaded="(\d+)"', run.stdout)
    assert m, f"no probe result from chromium; stderr: {run.stderr[-2000:]}"
    assert int(m.group(1)) == n > 0
    assert int(m.group(2)) == n


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="headless check needs Debian's chromium package (/usr/bin/chromium);"
                           " install it with apt-get install chromium")
def test_chromium_offline_screenshot_of_the_report(report, tmp_path):
    """The report itself, unmodified, renders to a non-trivial screenshot offline."""
    shot = tmp_path / "shot.png"
    run = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,3000",
                    report["path"].as_uri())
    assert shot.is_file(), run.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 50_000
