"""Layers import only downward (docs/architecture.md, "How to check the layering"): every
`from ashore.X import ...` (top level or inside a function) in a module of layer rank r names a
layer of rank <= r."""

from __future__ import annotations

import ast
from pathlib import Path

RANK = {"errors": 0, "provenance": 0, "validation": 0, "data": 0, "__init__": 0, "earth": 1,
        "scenario": 2, "flight": 2, "sensors": 3, "intercept": 4, "catalog": 5, "analysis": 6,
        "io": 7, "api": 8, "cli": 9}
SRC = Path(__file__).parents[1] / "src" / "ashore"


def test_no_module_imports_from_a_layer_above_it():
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        layer = rel.parts[0].removesuffix(".py")
        if rel.as_posix() == "__init__.py":
            continue  # the package re-exports the API lazily, by design
        assert layer in RANK, f"{rel}: layer '{layer}' has no rank; add it to the table"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ashore."):
                target = node.module.split(".")[1]
                if RANK.get(target, 0) > RANK[layer]:
                    bad.append(f"{rel}:{node.lineno} ({layer}) imports {node.module}")
    assert not bad, "upward imports:\n" + "\n".join(bad)


def test_the_architecture_page_lists_every_module():
    """docs/architecture.md's module table names every module of the package."""
    page = (SRC.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [rel for path in sorted(SRC.rglob("*.py"))
               if path.name != "__init__.py"
               and f"`{(rel := path.relative_to(SRC).as_posix())}`" not in page
               and f"`ashore/{rel}`" not in page]
    assert not missing, f"add these modules to docs/architecture.md: {missing}"
