"""Every flown threat of a threat study against a scenario's interceptor sites.

Threats are grouped by the batch they were flown in, and each batch goes through the
engagement core once (:func:`ashore.intercept.engagement.engage`: the scenario's radars with
their terrain masks, its cueing policy and fire control), so every row agrees with
``ashore engage --scenario`` on the same threat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ashore.analysis.threat_study import ThreatCase
from ashore.intercept.engagement import SAMPLE_STEP_S, Defence, engage
from ashore.scenario.schema import Scenario


@dataclass
class Engagement:
    """One threat against one interceptor site (display units)."""

    case: ThreatCase
    site: str
    engageable: bool
    shots: int
    first_detection_s: float | None
    earliest_intercept_s: float | None
    earliest_intercept_alt_km: float | None
    max_decision_delay_s: float | None
    binding: str

    def row(self) -> dict:
        return {"launch": self.case.launch, "aim": self.case.aim, "shape": self.case.shape,
                "missile": self.case.missile, "site": self.site,
                "engageable": self.engageable, "shots": self.shots,
                "first_detection_s": self.first_detection_s,
                "earliest_intercept_s": self.earliest_intercept_s,
                "earliest_intercept_alt_km": self.earliest_intercept_alt_km,
                "max_decision_delay_s": self.max_decision_delay_s,
                "binding_constraint": self.binding}


def _r(x, digits=1):
    x = float(x)
    return round(x, digits) if np.isfinite(x) else None


def engage_study(scenario: Scenario, cases: list[ThreatCase], defence: Defence,
                 step_s: float = SAMPLE_STEP_S) -> list[Engagement]:
    """Every flown case against every site of ``defence`` (case-major order)."""
    earth = scenario.options.earth.model()
    flown = [c for c in cases if c.status == "ok" and c.flights is not None]
    batches: dict[int, list[ThreatCase]] = {}
    for c in flown:
        batches.setdefault(id(c.flights), []).append(c)
    found: dict[tuple[int, str], Engagement] = {}
    for group in batches.values():
        rows = np.array([c.index for c in group])
        eng = engage(group[0].flights, defence, earth, step_s=step_s)
        for k, site in enumerate(defence.sites):
            w = eng.windows[k]
            for c, i in zip(group, rows, strict=True):
                found[(id(c), site.name)] = Engagement(
                    c, site.name, bool(w.engageable[i]), int(w.shots[i]),
                    _r(eng.first_detection_s[k, i]), _r(w.earliest_time_s[i]),
                    _r(w.earliest_alt_m[i] / 1e3), _r(eng.max_decision_delay_s[k, i]),
                    str(w.binding[i]))
    return [found[(id(c), s.name)] for c in flown for s in defence.sites]
