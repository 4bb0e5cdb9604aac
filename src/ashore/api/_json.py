"""JSON-ready values: what every result's ``.to_dict()`` returns (no NaN, no numpy types)."""

from __future__ import annotations

import math
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


def axes(ax):
    """``ax``, or a new figure's Axes when it is None (pyplot picks the backend: inline in
    Jupyter, whatever ``MPLBACKEND`` says elsewhere)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(8, 4.8))
    return ax
