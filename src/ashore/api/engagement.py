"""``ashore.engage``: one threat against one site, or against a scenario's whole defence."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ashore.api._result import Result, axes, out_folder
from ashore.api._result import rounded as _r
from ashore.api.flight import Flight, checked_latlon
from ashore.catalog.interceptors import resolve_interceptor
from ashore.catalog.radars import point_radar, resolve_radar
from ashore.errors import InputError
from ashore.intercept.engagement import (
    RCS_M2,
    SAMPLE_STEP_S,
    Defence,
    DefenceSite,
    Engagements,
)
from ashore.intercept.engagement import engage as engage_core
from ashore.intercept.flyout import flyout_fan, range_altitude
from ashore.intercept.interceptor import Interceptor
from ashore.intercept.pip import FireControl
from ashore.intercept.verify import reflight
from ashore.scenario.schema import Scenario
from ashore.sensors.radar import Radar
from ashore.sensors.timeline import RadarSite


def interceptor_facts(icp: Interceptor) -> dict:
    """An interceptor's intercept band, divert and fly-out limits (display units)."""
    kv = icp.kill_vehicle
    return {
        "interceptor": icp.name,
        "regime": kv.regime,
        "min_intercept_altitude_km": kv.min_intercept_alt_m / 1e3,
        "max_intercept_altitude_km": kv.max_intercept_alt_m / 1e3,
        "divert_delta_v_mps": kv.divert_delta_v_m_s,
        "divert_reach_m": _r(kv.divert_reach_m, 1),
        "max_flyout_s": icp.max_flyout_s,
    }


def provenance_lines(icp: Interceptor) -> list[str]:
    """One assumption line per sourced parameter of the interceptor."""
    return [f"{icp.name} {key}: {p.tier} ({p.source})" for key, p in icp.provenance.items()]


@dataclass(frozen=True)
class Engagement(Result):
    """One threat against a defence: the verdict of the defending site (the one taking the most
    shots, or, when none can engage, the one that came closest), its figures
    (:meth:`to_dict`, exactly ``ashore engage --json``) and the engagement core's arrays."""

    engageable: bool
    shots: int
    site: str
    """The defending (or closest) site's name."""
    binding_constraint: str | None
    """What stops the engagement (None when engageable): detection, horizon, kinematics,
    altitude floor or time."""
    first_detection_time_s: float | None
    first_fire_time_s: float | None
    max_decision_delay_s: float | None
    threat: Flight = field(repr=False)
    core: Engagements = field(repr=False)
    """Every site's detection, fire times, windows and shots
    (:class:`ashore.intercept.engagement.Engagements`)."""
    figures: dict[str, Any] = field(repr=False)
    shot_flights: tuple | None = field(default=None, repr=False)

    def to_dataframe(self):
        """The shots as a pandas DataFrame (one row per shoot-look-shoot shot; empty when the
        threat cannot be engaged)."""
        import pandas as pd

        return pd.DataFrame(self.figures.get("shot_list", []),
                            columns=["launch_time_s", "time_s", "altitude_km", "ground_range_km",
                                     "launch_azimuth_deg", "launch_elevation_deg",
                                     "reflown_miss_m", "required_divert_mps",
                                     "lambert_burnout_correction_mps", "within_divert"])

    def plot(self, ax=None, kind: str = "profile"):
        """``kind='profile'``: altitude against ground range from the site (threat, re-flown
        shots, intercept band); ``'timeline'``: detection, decision and shots against time.
        Returns the Axes."""
        from ashore.io.intercept_plots import draw_engagement_profile, draw_engagement_timeline

        site = self._site()
        if kind == "profile":
            return draw_engagement_profile(axes(ax), self.figures, self.threat.flights,
                                           site.lat_rad, site.lon_rad, self.threat.flights.earth,
                                           self.shot_flights)
        if kind == "timeline":
            return draw_engagement_timeline(axes(ax), self.figures, self.threat.flights)
        raise ValueError(f"kind must be 'profile' or 'timeline', got {kind!r}")

    def write(self, out: str | Path) -> list[Path]:
        """``engagement_profile.png`` and ``engagement_timeline.png`` under ``out``."""
        from ashore.io.intercept_plots import write_engagement

        out = out_folder(out)
        site = self._site()
        return write_engagement(self.figures, self.threat.flights, site.lat_rad, site.lon_rad,
                                self.threat.flights.earth, self.shot_flights, out)

    def _site(self) -> DefenceSite:
        return next(s for s in self.core.defence.sites if s.name == self.site)


def engage(
    threat: Flight,
    *,
    scenario: str | Path | Scenario | None = None,
    site_name: str | None = None,
    site: tuple[float, float, float] | None = None,
    interceptor: str | Interceptor | None = None,
    interceptor_file: str | Path | None = None,
    radar: str | Radar | None = None,
    radar_file: str | Path | None = None,
    boresight_deg: float | None = None,
    rcs_m2: float = RCS_M2,
    fire_control: FireControl | None = None,
    step_s: float = SAMPLE_STEP_S,
    reflight_shots: bool = True,
) -> Engagement:
    """Can the defence engage ``threat`` (an :func:`ashore.fly` result): detection, window,
    shoot-look-shoot shots, or the binding constraint; each shot re-flown in the full Earth
    model to check the prediction against the divert budget (``reflight_shots``).

    Either a ``scenario`` (built-in name, YAML file or :class:`~ashore.scenario.schema.Scenario`;
    its radars with terrain and refraction factor, cueing policy and fire control; every
    interceptor site, or only ``site_name``), or one ``site`` (lat_deg, lon_deg, alt_m) with an
    ``interceptor`` and a ``radar`` there (catalog names or files; the site fires on its own
    radar only). ``fire_control`` overrides the scenario's delays (default: track 10 s,
    decision 30 s, kill assessment 10 s, notional). ``step_s`` is the threat sampling step of
    the engagement windows (coverage's unless set), ``rcs_m2`` the threat's radar
    cross-section. The verdict is the coverage map's for a threat on that trajectory.
    """
    if not np.isfinite(rcs_m2) or rcs_m2 <= 0:
        raise InputError(f"`rcs_m2` must be positive, got {rcs_m2}", parameter="rcs_m2")
    if not np.isfinite(step_s) or not 0.05 <= step_s <= 30.0:
        raise InputError(f"`step_s` must be between 0.05 and 30 s, got {step_s}",
                         parameter="step_s")
    flights = threat.flights
    if flights.result.history is None:
        raise InputError("the threat was flown without `record`=True; fly it with `record`=True "
                         "so that radars can sample it", parameter="threat")
    if scenario is not None:
        defence, sc_name = _scenario_defence(scenario, site_name, site, fire_control)
    else:
        defence, sc_name = _single_site(site, interceptor, interceptor_file, radar, radar_file,
                                        boresight_deg, fire_control), None
    earth = flights.earth
    core = engage_core(flights, defence, earth, step_s=step_s, rcs_m2=rcs_m2)
    k = int(core.best_site[0])
    chosen = defence.sites[k]
    icp = chosen.interceptor
    w = core.windows[k]
    row = w.row(0)
    ok = bool(row["engageable"])
    fc = defence.fire_control

    def point(t, h, r):
        return {"time_s": _r(t, 1), "altitude_km": _r(h / 1e3, 2),
                "ground_range_km": _r(r / 1e3, 2)}

    figures: dict = {}
    if sc_name is not None:
        figures.update({"scenario": sc_name, "site": chosen.name, "cueing": defence.cueing})
    figures.update({
        **interceptor_facts(icp),
        "radar": chosen.radar.radar.name,
        "site_lat_deg": round(float(np.degrees(chosen.lat_rad)), 6),
        "site_lon_deg": round(float(np.degrees(chosen.lon_rad)), 6),
        "site_alt_m": chosen.alt_m,
        "engageable": ok,
        "first_detection_time_s": _r(core.first_detection_s[k, 0], 1),
        "track_end_time_s": _r(core.track_end_s[k, 0], 1),
        "first_fire_time_s": _r(core.first_fire_s[k, 0], 1),
        "first_launch_time_s": _r(row["first_launch_time_s"], 1),
        "last_launch_time_s": _r(row["last_launch_time_s"], 1),
        "earliest_intercept": point(row["earliest_time_s"], row["earliest_alt_m"],
                                    row["earliest_range_m"]),
        "latest_intercept": point(row["latest_time_s"], row["latest_alt_m"],
                                  row["latest_range_m"]),
        "closing_speed_mps": _r(row["closing_speed_m_s"], 1),
        "crossing_angle_deg": _r(np.degrees(row["crossing_angle_rad"]), 1),
        "shots": int(row["shots"]),
        "max_decision_delay_s": _r(core.max_decision_delay_s[k, 0], 1),
        "fire_control": {"track_delay_s": fc.track_delay_s,
                         "decision_delay_s": fc.decision_delay_s,
                         "kill_assessment_s": fc.kill_assessment_s},
    })
    figures["radars"] = [
        {"radar": tl.site.label, "detected": bool(tl.detected[0]),
         "first_detection_time_s": _r(tl.first_detection_time_s[0], 1),
         "track_end_time_s": _r(tl.track_end_time_s[0], 1),
         "reason": str(tl.reason[0]) or None}
        for tl in core.timelines]
    if sc_name is not None:
        figures["sites"] = [
            {"site": s.name, "interceptor": s.interceptor.name, "shots": int(core.shots[j, 0]),
             "binding_constraint": str(core.binding[j, 0]) or None,
             "first_detection_time_s": _r(core.first_detection_s[j, 0], 1),
             "first_fire_time_s": _r(core.first_fire_s[j, 0], 1)}
            for j, s in enumerate(defence.sites)]
    shot_flights = None
    if ok and reflight_shots:
        n = int(row["shots"])
        t_hit, t_launch = row["shot_intercept_s"][:n], row["shot_launch_s"][:n]
        p_ecef, _ = flights.state_at(np.zeros(n, np.intp), t_hit)
        rng, h = range_altitude(p_ecef, chosen.lat_rad, chosen.lon_rad, earth)
        look = flyout_fan(icp, earth).lookup(rng, h)
        rf = reflight(icp, earth, chosen.lat_rad, chosen.lon_rad, chosen.alt_m, p_ecef,
                      t_launch, t_hit, look.elevation_rad, flights, np.zeros(n, np.intp),
                      look.cutoff_s)
        shot_flights = (rf.flights, t_launch)
        figures["shot_list"] = [
            {"launch_time_s": _r(t_launch[j], 1), **point(t_hit[j], h[j], rng[j]),
             "launch_azimuth_deg": _r(np.degrees(rf.azimuth_rad[j]) % 360.0, 2),
             "launch_elevation_deg": _r(np.degrees(rf.elevation_rad[j]), 2),
             "reflown_miss_m": _r(rf.miss_m[j], 1),
             "required_divert_mps": _r(rf.required_divert_m_s[j], 1),
             "lambert_burnout_correction_mps": _r(rf.burnout_correction_m_s[j], 1),
             "within_divert": bool(rf.within_divert[j])}
            for j in range(n)
        ]
    binding = None if ok else str(core.best_binding[0])
    if not ok:
        figures["binding_constraint"] = binding
    figures["threat"] = threat.to_dict()
    cue = {"own": "its own radar only", "network": "the first detection by any radar of the "
           "network (launch on remote)", "own-and-forward": "its own and the forward radars"}
    figures["assumptions"] = [
        *earth.describe(),
        f"engagement windows from the fly-out fan (flown without rotation) on the threat sampled "
        f"every {step_s:g} s" + ("; each shot re-flown with mid-course correction in the full "
                                 "Earth model; lambert_burnout_correction_mps: two-body "
                                 "velocity change at the start of the exo-atmospheric coast to "
                                 "arrive on the threat at the predicted time"
                                 if reflight_shots else ""),
        f"first fire = first detection (cumulative Pd 0.9 on a {rcs_m2:g} m^2 target) + track "
        f"{fc.track_delay_s:g} s + decision {fc.decision_delay_s:g} s (delays notional); a site "
        f"fires on {cue[defence.cueing]}",
        *provenance_lines(icp),
    ]
    return Engagement(ok, int(row["shots"]), chosen.name, binding,
                      figures["first_detection_time_s"], figures["first_fire_time_s"],
                      figures["max_decision_delay_s"], threat, core, figures, shot_flights)


def _scenario_defence(scenario, site_name, site, fire_control) -> tuple[Defence, str]:
    from dataclasses import replace

    from ashore.analysis.defence import scenario_defence
    from ashore.scenario.schema import load_scenario

    if site is not None:
        raise InputError("give either a scenario (its sites, chosen with `site_name`) or a site, "
                         "not both", parameter="site")
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(str(scenario))
    defence = scenario_defence(sc)
    if not defence.sites:
        raise InputError(f"scenario '{sc.name}' has no interceptor_sites to engage with",
                         parameter="scenario")
    if site_name is not None:
        defence = defence.only(site_name)
    if fire_control is not None:
        defence = replace(defence, fire_control=fire_control)
    return defence, sc.name


def _single_site(site, interceptor, interceptor_file, radar, radar_file, boresight_deg,
                 fire_control) -> Defence:
    if site is None:
        raise InputError("give a site (lat_deg, lon_deg, alt_m) with an interceptor and a "
                         "radar, or a scenario", parameter="site")
    if len(site) != 3 or not np.isfinite(float(site[2])):
        raise InputError(f"`site` must be (lat_deg, lon_deg, alt_m), got {site}",
                         parameter="site")
    lat_deg, lon_deg = checked_latlon(site[:2], "site")
    alt = float(site[2])
    icp = interceptor if isinstance(interceptor, Interceptor) else resolve_interceptor(
        interceptor, interceptor_file)
    rad = radar if isinstance(radar, Radar) else resolve_radar(radar, radar_file)
    if boresight_deg is not None:
        rad = point_radar(rad, np.radians(boresight_deg))
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    rsite = RadarSite(rad, lat, lon, alt)
    dsite = DefenceSite("site", lat, lon, alt, icp, 0, rsite)
    return Defence("engage", (dsite,), (rsite,), fire_control or FireControl(), "own")
