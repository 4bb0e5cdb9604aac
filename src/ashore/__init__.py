"""ashore: an open, physics-based simulator and analysis toolkit for layered missile defence.

The public API (see ``docs/api.md``)::

    import ashore
    f = ashore.fly("nodong", launch=(39.224, 125.670), aim=(35.68, 139.69))
    e = ashore.engage(f, scenario="japan-2017")
    c = ashore.coverage("japan-2017", grid_km=50)

Names are imported on first use (PEP 562), so ``import ashore`` stays quick.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = (
    "AshoreError", "BoosterDropResult", "CatalogError", "Coverage", "Dispersion", "Engagement",
    "FireControl", "Flight", "Flyout", "InputError", "Scenario", "UnreachableError", "Wind",
    "booster_drop", "coverage", "engage", "fly", "flyout", "interceptor", "load_scenario",
    "missile", "names", "radar",
)
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        from ashore import api

        return getattr(api, name)
    raise AttributeError(f"module 'ashore' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
