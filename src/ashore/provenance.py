"""Parameters with provenance: every built-in number says where it comes from.

A ``source`` text cites its primary sources by key, pandoc style (e.g. ``[@bmw-1971, p. 290]``;
``[@ashore-notional]`` for values chosen by the developers), from the bibliography
``docs/sources.md``, which also defines the evidence tiers:

- ``published``: stated in a public source (paper, official document, press).
- ``derived``: computed from published numbers by a stated method.
- ``notional``: a plausible default chosen by the developers where no public figure exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Tier = Literal["published", "derived", "notional"]
TIERS: tuple[str, ...] = ("published", "derived", "notional")


@dataclass(frozen=True)
class Param:
    """One sourced value: ``value`` in ``unit``, with its ``source`` and evidence ``tier``."""

    value: object
    """The sourced value: a number, or the structure it describes (e.g. a list of stages)."""
    unit: str
    source: str
    tier: Tier

    def __post_init__(self) -> None:
        if self.tier not in TIERS:
            raise ValueError(f"tier must be one of {TIERS}, got {self.tier!r}")

    def as_dict(self) -> dict[str, object]:
        return {"value": self.value, "unit": self.unit, "source": self.source, "tier": self.tier}
