"""The worked examples in docs/examples/ run as notebooks, so they cannot rot.

Each percent-format script is converted to a notebook (jupytext) and executed in a Jupyter
kernel (nbclient) with no matplotlib backend forced: the plots must render inline, as
``image/png`` outputs, as they would for a user in Jupyter.
"""

from __future__ import annotations

import os
from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

EXAMPLES = sorted((Path(__file__).parents[1] / "docs" / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs_as_a_notebook_with_inline_plots(path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the Jupyter kernel chooses (inline)
    nb = jupytext.read(path)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    images = [o for cell in nb.cells if cell.cell_type == "code"
              for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    errors = [o for cell in nb.cells if cell.cell_type == "code"
              for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    assert len(images) >= 3, f"{path.name}: expected inline plots, got {len(images)}"
    assert "MPLBACKEND" not in os.environ
