"""Engagement windows of a threat study's flown threats against a scenario's interceptor sites.

For every flown threat and every interceptor site: detection by the site's radar
(:mod:`ashore.sensors.timeline`), first fire time (detection + track + decision delays), the
engagement window and shoot-look-shoot shots (:func:`ashore.intercept.pip.engagement_windows`),
or the binding constraint. Threats are grouped by the batch they were flown in, so each radar
timeline and each window call covers a whole batch at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ashore.analysis.defence import DefenceSite, fire_control
from ashore.analysis.threat_study import ThreatCase
from ashore.intercept.flyout import flyout_fan
from ashore.intercept.pip import (
    ThreatSamples,
    engagement_windows,
    fire_times,
    max_decision_delay_s,
)
from ashore.scenario.schema import Scenario
from ashore.sensors.timeline import detection_timelines

RCS_M2 = 0.05
"""Warhead-class radar cross-section of the study (REFERENCE.md: 0.01-0.1 m^2), notional."""


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


def engage_study(scenario: Scenario, cases: list[ThreatCase], sites: list[DefenceSite],
                 step_s: float = 1.0) -> list[Engagement]:
    """Every flown case against every site (case-major order)."""
    fc = fire_control(scenario)
    earth = scenario.options.earth.model()
    flown = [c for c in cases if c.status == "ok" and c.flights is not None]
    batches: dict[int, list[ThreatCase]] = {}
    for c in flown:
        batches.setdefault(id(c.flights), []).append(c)
    found: dict[tuple[int, str], Engagement] = {}
    for group in batches.values():
        flights = group[0].flights
        rows = np.array([c.index for c in group])
        samples = ThreatSamples.from_flights(flights, step_s)
        timelines = detection_timelines(flights, [s.radar for s in sites], RCS_M2)
        for site, tl in zip(sites, timelines, strict=True):
            det = tl.first_detection_time_s[rows]
            reason = np.where(np.isin(tl.reason[rows], ("horizon", "terrain")), "horizon",
                              "detection")
            icp = site.interceptor
            w = engagement_windows(
                samples, site.lat_rad, site.lon_rad, flyout_fan(icp, earth), icp.kill_vehicle,
                fire_times(det, fc), threat_index=rows, site_index=np.zeros(rows.size, int),
                track_end_s=tl.track_end_time_s[rows], undetected_reason=reason,
                kill_assessment_s=fc.kill_assessment_s, max_shots=fc.max_shots)
            delay = max_decision_delay_s(w, det, fc)
            for k, c in enumerate(group):
                found[(id(c), site.name)] = Engagement(
                    c, site.name, bool(w.engageable[k]), int(w.shots[k]), _r(det[k]),
                    _r(w.earliest_time_s[k]), _r(w.earliest_alt_m[k] / 1e3),
                    _r(delay[k]), str(w.binding[k]))
    return [found[(id(c), s.name)] for c in flown for s in sites]
