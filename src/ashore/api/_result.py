"""What every result of the API shares: JSON-ready figures (no NaN, no numpy types), figures
by name, an output folder check, and a default Axes for ``.plot()``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np


def json_ready(value: Any) -> Any:
    """``value`` with non-finite floats as None, numpy scalars and arrays as Python values,
    tuples as lists and mappings copied, so that ``json.dumps(..., allow_nan=False)`` works and
    the caller may change the copy freely."""
    if isinstance(value, np.ndarray):
        return json_ready(value.tolist())
    if isinstance(value, np.generic):
        return json_ready(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    return value


def rounded(x, digits: int) -> float | None:
    """``x`` rounded to ``digits`` decimals, or None when it is not finite (JSON null)."""
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None


def axes(ax):
    """``ax``, or a new figure's Axes when it is None (pyplot picks the backend: inline in
    Jupyter, whatever ``MPLBACKEND`` says elsewhere)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(8, 4.8))
    return ax


class Result:
    """Mixin of the API's frozen result dataclasses, which hold their figures (display units,
    as the CLI prints them) in a ``figures`` dict."""

    figures: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        """Any figure of :meth:`to_dict` by name, e.g. ``result["burnout_speed_mps"]``."""
        return self.figures[key]

    def to_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict: exactly what the command's ``--json`` prints."""
        return json_ready(self.figures)


def out_folder(out: str | Path) -> Path:
    """``out`` as a Path, refusing an existing file (outputs go into a folder)."""
    from ashore.errors import InputError

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"`out` '{out}' is a file; give a folder for the outputs",
                         parameter="out")
    return out
