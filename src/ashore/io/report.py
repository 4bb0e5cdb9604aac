"""One self-contained HTML report: inline CSS, every figure a ``data:image/png;base64`` URI,
a table of contents, and no external reference of any kind (no scripts, fonts, style sheets,
tiles or links off the page), so it opens offline and can be mailed as one file.

A report is a title and a list of :class:`Section`; a section holds blocks, each one of:
a ``str`` (a paragraph), :class:`Bullets`, :class:`Table`, :class:`Figure` or a nested
:class:`Section` (a sub-heading, listed in the table of contents). All text is escaped with
:func:`html.escape`, and web addresses in it lose their scheme (``https://www.geonames.org/``
shows as ``www.geonames.org/``) so that nothing in the file names a location off the page
that a browser or a checker could take for a reference. A Content-Security-Policy meta tag
tells the browser to load nothing but the page's own inline styles and ``data:`` images.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
"""Nothing may load from anywhere but the page itself."""

CSS = """
:root { --ink: #1d2329; --muted: #5b6670; --rule: #d5dbe1; --band: #f4f6f8; --accent: #1f5f8b; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
h1 { font-size: 1.8rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.25rem;
  border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.1rem; margin: 1.75rem 0 0.5rem; color: var(--accent); }
p.subtitle { color: var(--muted); margin-top: 0; }
nav.toc { background: var(--band); border: 1px solid var(--rule); border-radius: 6px;
  padding: 0.75rem 1.25rem; margin: 1.25rem 0; }
nav.toc h2 { border: 0; margin: 0 0 0.25rem; font-size: 1.05rem; }
nav.toc ol { margin: 0; padding-left: 1.25rem; }
nav.toc ol ol { list-style: lower-alpha; }
a { color: var(--accent); }
table { border-collapse: collapse; margin: 0.75rem 0 1.25rem; font-size: 0.88rem;
  display: block; overflow-x: auto; max-width: 100%; }
caption { caption-side: top; text-align: left; color: var(--muted); padding: 0 0 0.3rem; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.55rem; vertical-align: top; }
th { background: var(--band); text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
figure { margin: 1rem 0 1.75rem; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 0.88rem; margin-top: 0.35rem; }
ul.bullets li { margin: 0.15rem 0; }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 3rem;
  border-top: 1px solid var(--rule); padding-top: 0.75rem; }
@media print { nav.toc { display: none; } h2 { break-before: page; }
  figure, table { break-inside: avoid; } }
"""


@dataclass(frozen=True)
class Figure:
    """A PNG figure (bytes or a file path) with a caption."""

    png: bytes | Path
    caption: str = ""


@dataclass(frozen=True)
class Table:
    """A table: header cells and rows (None shows as an en dash, bools as yes/no)."""

    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    caption: str = ""


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]


@dataclass
class Section:
    title: str
    blocks: list = field(default_factory=list)


_NUMBER = re.compile(r"^[-+]?[\d,]*\.?\d+(e[-+]?\d+)?\s*(%|km|s|m|deg|km\^2|kg)?$", re.I)


def png_data_uri(png: bytes | Path) -> str:
    """``data:image/png;base64,...`` of PNG bytes or a PNG file; ValueError if not a PNG."""
    data = Path(png).read_bytes() if isinstance(png, Path) else bytes(png)
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError(f"not a PNG image: {png if isinstance(png, Path) else 'bytes'}")
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


_SCHEME = re.compile(r"\b(?:https?|ftp):/+", re.I)


def _e(text: object) -> str:
    return html.escape(_SCHEME.sub("", str(text)), quote=True)


def _cell(value: object) -> str:
    if value is None:
        text = "\u2013"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = str(value)
    cls = ' class="num"' if _NUMBER.match(text.strip()) else ""
    return f"<td{cls}>{_e(text)}</td>"


def _table(t: Table) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in t.header)
    body = "\n".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in t.rows)
    cap = f"<caption>{_e(t.caption)}</caption>" if t.caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>"


def _figure(f: Figure) -> str:
    cap = f"<figcaption>{_e(f.caption)}</figcaption>" if f.caption else ""
    return (f'<figure><img src="{png_data_uri(f.png)}" alt="{_e(f.caption or "figure")}">'
            f"{cap}</figure>")


class _Anchors:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, title: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
        anchor, k = base, 2
        while anchor in self.used:
            anchor, k = f"{base}-{k}", k + 1
        self.used.add(anchor)
        return anchor


def _section(sec: Section, level: int, anchors: _Anchors, toc: list) -> str:
    anchor = anchors(sec.title)
    children: list = []
    toc.append((sec.title, anchor, children))
    parts = [f'<section id="{anchor}"><h{level}>{_e(sec.title)}</h{level}>']
    for block in sec.blocks:
        if isinstance(block, str):
            parts.append(f"<p>{_e(block)}</p>")
        elif isinstance(block, Bullets):
            parts.append('<ul class="bullets">' + "".join(f"<li>{_e(i)}</li>"
                                                          for i in block.items) + "</ul>")
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Figure):
            parts.append(_figure(block))
        elif isinstance(block, Section):
            parts.append(_section(block, min(level + 1, 6), anchors, children))
        else:
            raise TypeError(f"unknown report block {type(block).__name__}")
    parts.append("</section>")
    return "\n".join(parts)


def _toc(entries: list) -> str:
    if not entries:
        return ""
    items = "".join(f'<li><a href="#{a}">{_e(t)}</a>{_toc(children)}</li>'
                    for t, a, children in entries)
    return f"<ol>{items}</ol>"


def render_report(title: str, sections: Sequence[Section], *, subtitle: str = "",
                  footer: str = "") -> str:
    """The whole report as one HTML document (a string)."""
    anchors, toc = _Anchors(), []
    anchors("contents")
    body = "\n".join(_section(s, 2, anchors, toc) for s in sections)
    sub = f'<p class="subtitle">{_e(subtitle)}</p>' if subtitle else ""
    foot = f"<footer>{_e(footer)}</footer>" if footer else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<h1>{_e(title)}</h1>
{sub}
<nav class="toc" id="contents"><h2>Contents</h2>{_toc(toc)}</nav>
{body}
{foot}
</main>
</body>
</html>
"""
