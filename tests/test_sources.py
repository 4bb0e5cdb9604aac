"""Sources inside the repository: the bibliography docs/sources.md and the citations to it.

Checks, each failure naming the file and the offending text:

- docs/sources.md: every entry is a level-3 heading holding one well-formed, unique key in
  citation form, with "Used for:" and an "Evidence tier:" naming a tier of
  ``ashore.provenance.TIERS``;
- every pandoc-style citation (a bracket starting with ``@``, keys separated by ``;``, an
  optional locator after a comma) in src/ (Python, YAML, GeoJSON, CSV header lines), docs/*.md,
  README.md, BENCHMARKS.md, tests/ and benchmarks/ resolves to a key of docs/sources.md;
- every provenance ``source`` of the built-in catalog (missiles, radars, interceptors), every
  place of the built-in scenarios and layers and every built-in area cites at least one
  resolving key, read both from the data files and through the loaders;
- no file of the repository points at the notes outside it (the reference-number and design
  files of the original workspace, or a path into the shared folder next to the repository);
- relative Markdown links in README.md and docs/*.md point to files inside the repository.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from ashore.provenance import TIERS

ROOT = Path(__file__).resolve().parents[1]
SOURCES_MD = ROOT / "docs" / "sources.md"
DATA = ROOT / "src" / "ashore" / "data"

KEY = r"[a-z0-9]+(?:-[a-z0-9]+)*"
KEY_RE = re.compile(rf"^{KEY}$")
HEADING_RE = re.compile(r"^###[ \t]+(.*?)[ \t]*$", re.MULTILINE)
ENTRY_HEADING_RE = re.compile(r"^\[" rf"@({KEY})\]$")
BRACKET_RE = re.compile(r"\[" r"(@[^\[\]]*)\]")
NEXT_HEADING_RE = re.compile(r"^#{1,3}[ \t]", re.MULTILINE)
ITEM_RE = re.compile(rf"^@({KEY})(?:\s*,\s*\S.*)?$", re.DOTALL)

SCAN_DIRS = {  # folder -> file suffixes whose citations must resolve
    "src": (".py", ".yaml", ".yml", ".geojson", ".csv"),
    "tests": (".py", ".yaml", ".yml", ".json", ".geojson", ".md", ".csv"),
    "benchmarks": (".py", ".md"),
}
SCAN_FILES = ("README.md", "BENCHMARKS.md")
SKIP_PARTS = {"__pycache__", ".venv", ".git", "node_modules"}

# Built by concatenation so that this file does not itself contain what it forbids.
FORBIDDEN = ("REFERENCE" + ".md", "DESIGN" + ".md", ".." + "/shared", "/work/" + "shared")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


# ---------------------------------------------------------------------------------------------
# (a) the bibliography


def _entries() -> list[tuple[str, str, int]]:
    """(heading text, body up to the next heading, line) of every level-3 heading."""
    text = SOURCES_MD.read_text(encoding="utf-8")
    out = []
    for m in HEADING_RE.finditer(text):
        nxt = NEXT_HEADING_RE.search(text, m.end())
        end = nxt.start() if nxt else len(text)
        out.append((m.group(1), text[m.end():end], _line_of(text, m.start())))
    return out


def source_keys() -> set[str]:
    """The keys of docs/sources.md (its level-3 headings holding one key in citation form)."""
    keys = set()
    for head, _, _ in _entries():
        m = ENTRY_HEADING_RE.match(head)
        if m:
            keys.add(m.group(1))
    return keys


def test_sources_md_exists_and_has_keys():
    assert SOURCES_MD.is_file(), "docs/sources.md is missing"
    keys = source_keys()
    assert len(keys) >= 20, f"docs/sources.md: only {len(keys)} keys parsed: {sorted(keys)}"
    for required in ("ashore-notional", "ashore-computed"):
        assert required in keys, f"docs/sources.md: no entry for the key '{required}'"


def test_sources_md_entries_are_well_formed():
    problems = []
    seen: dict[str, int] = {}
    for head, body, line in _entries():
        where = f"docs/sources.md:{line}: '### {head}'"
        m = ENTRY_HEADING_RE.match(head)
        if not m:
            problems.append(f"{where}: a level-3 heading must be one key in citation form: "
                            "an @ and lowercase letters, digits and hyphens in square brackets")
            continue
        key = m.group(1)
        if key in seen:
            problems.append(f"{where}: key '{key}' already defined at line {seen[key]}")
        seen[key] = line
        if "Used for:" not in body:
            problems.append(f"{where}: no 'Used for:' paragraph")
        tier = re.search(r"Evidence tier:\s*(.*)", body)
        if not tier:
            problems.append(f"{where}: no 'Evidence tier:' paragraph")
        elif not any(t in tier.group(1) for t in TIERS):
            problems.append(f"{where}: 'Evidence tier: {tier.group(1).strip()}' names none of "
                            f"{', '.join(TIERS)}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# (b) every citation resolves


def citations(text: str) -> list[tuple[int, str, list[str], list[str]]]:
    """(position, bracket text, keys, malformed items) of every citation in ``text``."""
    out = []
    for m in BRACKET_RE.finditer(text):
        keys, bad = [], []
        for item in m.group(1).split(";"):
            item = " ".join(item.split())
            im = ITEM_RE.match(item)
            if im:
                keys.append(im.group(1))
            else:
                bad.append(item)
        out.append((m.start(), m.group(0), keys, bad))
    return out


def cited_keys(text: str) -> set[str]:
    """The keys cited anywhere in ``text``."""
    return {k for _, _, keys, _ in citations(text) for k in keys}


def _scanned_files() -> list[Path]:
    files = [ROOT / name for name in SCAN_FILES if (ROOT / name).is_file()]
    files += sorted((ROOT / "docs").glob("*.md"))
    for folder, suffixes in SCAN_DIRS.items():
        base = ROOT / folder
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.suffix in suffixes and not SKIP_PARTS & set(p.parts):
                files.append(p)
    return files


def _scan_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".csv":  # only the comment header of a data table
        lines = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            lines.append(line)
        text = "\n".join(lines)
    return text


def test_every_citation_resolves():
    keys = source_keys()
    problems = []
    n = 0
    for path in _scanned_files():
        text = _scan_text(path)
        for pos, bracket, cited, bad in citations(text):
            n += 1
            where = f"{_rel(path)}:{_line_of(text, pos)}: {bracket!r}"
            for item in bad:
                problems.append(f"{where}: malformed citation item {item!r} (expected @key or "
                                "@key, locator)")
            for key in cited:
                if key not in keys:
                    problems.append(f"{where}: key '{key}' is not defined in docs/sources.md")
    assert n > 0, "no citations found at all: is the scan looking in the right places?"
    assert not problems, "\n".join(problems)


def test_citation_parser():
    """The pandoc forms the checks above rely on."""
    one = "[" + "@bmw-1971, p. 290]"
    two = "[" + "@wilkening-2012;\n  @nrc-2012]"
    bad = "[" + "@Bad_Key]"
    assert cited_keys(one) == {"bmw-1971"}
    assert cited_keys(two) == {"wilkening-2012", "nrc-2012"}
    assert citations(bad)[0][3] == ["@Bad_Key"]
    assert cited_keys("a [link](x.md) and a[i] index") == set()


# ---------------------------------------------------------------------------------------------
# (c) every built-in provenance entry cites a resolving key


def _check_source(problems: list[str], where: str, source: object, keys: set[str]) -> None:
    if not isinstance(source, str) or not source.strip():
        problems.append(f"{where}: no source text")
        return
    cited = cited_keys(source)
    if not cited:
        problems.append(f"{where}: cites no source key: {source!r}")
    for key in sorted(cited - keys):
        problems.append(f"{where}: key '{key}' is not defined in docs/sources.md: {source!r}")


def _yaml_files(folder: str) -> list[Path]:
    return sorted((DATA / folder).glob("*.yaml"))


def test_data_files_provenance_cites_sources():
    keys = source_keys()
    problems = []
    checked = 0
    for folder in ("missiles", "radars", "interceptors"):
        files = _yaml_files(folder)
        assert files, f"no built-in files under src/ashore/data/{folder}"
        for path in files:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            prov = data.get("provenance") or {}
            if not prov:
                problems.append(f"{_rel(path)}: no provenance block")
            for name, entry in prov.items():
                checked += 1
                source = entry.get("source") if isinstance(entry, dict) else None
                _check_source(problems, f"{_rel(path)}: provenance.{name}.source", source, keys)
    for folder in ("scenarios", "layers"):
        for path in _yaml_files(folder):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for name, place in (data.get("places") or {}).items():
                checked += 1
                _check_source(problems, f"{_rel(path)}: places.{name}.source",
                              place.get("source"), keys)
    for path in sorted((DATA / "areas").glob("*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data.get("features", [data])
        for i, feature in enumerate(features):
            checked += 1
            props = feature.get("properties") or {}
            _check_source(problems, f"{_rel(path)}: features[{i}].properties.source",
                          props.get("source"), keys)
    assert checked > 50, f"only {checked} provenance entries found in src/ashore/data"
    assert not problems, "\n".join(problems)


def test_builtin_catalog_provenance_cites_sources():
    from ashore.catalog.interceptors import builtin_interceptors
    from ashore.catalog.missiles import builtin_missiles
    from ashore.catalog.radars import builtin_radars

    keys = source_keys()
    problems = []
    for kind, items in (("missile", builtin_missiles()), ("radar", builtin_radars()),
                        ("interceptor", builtin_interceptors())):
        assert items, f"no built-in {kind}s"
        for name, item in items.items():
            if not item.provenance:
                problems.append(f"built-in {kind} '{name}': no provenance")
            for field, param in item.provenance.items():
                _check_source(problems, f"built-in {kind} '{name}' provenance '{field}'",
                              param.source, keys)
    assert not problems, "\n".join(problems)


def test_builtin_scenario_and_layer_places_cite_sources():
    from ashore.scenario.schema import (
        builtin_layer_names,
        builtin_scenario_names,
        load_layer,
        load_scenario,
    )

    keys = source_keys()
    problems = []
    names = builtin_scenario_names()
    assert names, "no built-in scenarios"
    for name in names:
        for place_name, place in load_scenario(name).places.items():
            _check_source(problems, f"scenario '{name}' place '{place_name}'", place.source, keys)
    for name in builtin_layer_names():
        for place_name, place in (load_layer(name).places or {}).items():
            _check_source(problems, f"layer '{name}' place '{place_name}'", place.source, keys)
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# (d) nothing points outside the repository


def _repository_files() -> list[Path]:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run([git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, check=True).stdout
    files = []
    for name in out.decode("utf-8", errors="replace").split("\0"):
        p = ROOT / name
        if name and p.is_file():
            files.append(p)
    return files


def test_no_file_points_outside_the_repository():
    problems = []
    for path in _repository_files():
        text = path.read_bytes().decode("utf-8", errors="ignore")
        for needle in FORBIDDEN:
            start = 0
            while (pos := text.find(needle, start)) >= 0:
                line = text[text.rfind("\n", 0, pos) + 1:text.find("\n", pos)].strip()
                problems.append(f"{_rel(path)}:{_line_of(text, pos)}: mentions {needle!r}: "
                                f"{line[:160]!r}; cite the primary source by its key in "
                                "docs/sources.md instead")
                start = pos + len(needle)
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# (e) relative Markdown links resolve inside the repository

LINK_RE = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE_RE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_RE = re.compile(r"`+[^`\n]*`+")


def _markdown_files() -> list[Path]:
    files = [ROOT / "README.md"] if (ROOT / "README.md").is_file() else []
    return files + sorted((ROOT / "docs").glob("*.md"))


def test_relative_markdown_links_exist():
    problems = []
    for path in _markdown_files():
        raw = path.read_text(encoding="utf-8")
        # blank out code (keeping offsets for line numbers) so examples are not taken as links
        text = FENCE_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), raw)
        text = CODE_RE.sub(lambda m: " " * len(m.group(0)), text)
        for m in LINK_RE.finditer(text):
            target = m.group(1)
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("#"):
                continue  # a URL (http:, mailto:, ...) or an anchor on the same page
            file_part = target.split("#", 1)[0].split("?", 1)[0]
            where = f"{_rel(path)}:{_line_of(text, m.start())}: link {m.group(0)!r}"
            resolved = (path.parent / file_part).resolve()
            if ROOT not in resolved.parents and resolved != ROOT:
                problems.append(f"{where}: points outside the repository")
            elif not resolved.exists():
                problems.append(f"{where}: {file_part!r} does not exist")
    assert not problems, "\n".join(problems)
