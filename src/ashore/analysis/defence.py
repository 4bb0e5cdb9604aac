"""A scenario's defence, resolved: radars at their sites (with terrain masks and refraction
factor), interceptor sites with their interceptor type, inventory and radar, fire-control delays
and the cueing policy, as the :class:`~ashore.intercept.engagement.Defence` the engagement core
takes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ashore.catalog.interceptors import get_interceptor, load_interceptor_file
from ashore.catalog.radars import get_radar, point_radar
from ashore.earth.areas import resolve_area
from ashore.intercept.engagement import Defence, DefenceSite
from ashore.intercept.interceptor import Interceptor
from ashore.intercept.pip import FireControl
from ashore.scenario.schema import Scenario, SensorSpec
from ashore.sensors.horizon import horizon_profile
from ashore.sensors.radar import load_radar_file
from ashore.sensors.terrain import DemSet, Obstacle, read_dem
from ashore.sensors.timeline import RadarSite

MASK_RANGE_M = 200e3
"""How far terrain is searched for a scenario radar's horizon profile."""


def radar_site(scenario: Scenario, spec: SensorSpec) -> RadarSite:
    """A scenario sensor as a :class:`RadarSite`, with its terrain mask when it has DEMs or
    obstacles."""
    place = scenario.places[spec.site]
    radar = get_radar(spec.radar) if spec.radar else load_radar_file(spec.radar_file)
    if spec.k_factor is not None:
        radar = replace(radar, k_factor=spec.k_factor)
    if spec.boresight_deg is not None:
        radar = point_radar(radar, np.radians(spec.boresight_deg))
    radar = scaled_radar(radar, scenario.options.scale.radar_range)
    lat, lon = np.radians(place.lat_deg), np.radians(place.lon_deg)
    alt = place.alt_m if spec.alt_m is None else spec.alt_m
    profile = None
    if spec.dem or spec.obstacles:
        dems = [read_dem(p) for p in spec.dem]
        dem = None if not dems else dems[0] if len(dems) == 1 else DemSet(tuple(dems))
        obstacles = tuple(Obstacle(o.name, np.radians(o.lat_deg), np.radians(o.lon_deg),
                                   o.height_m) for o in spec.obstacles)
        profile = horizon_profile(lat, lon, alt, dem, obstacles, step_deg=0.1,
                                  max_range_m=MASK_RANGE_M, k=radar.k_factor)
    return RadarSite(radar, lat, lon, alt, profile, name=spec.name)


def scaled_radar(radar, factor: float):
    """The radar with its detection range times ``factor``: the reference range, or the
    average power times factor^4 (range goes as the fourth root of SNR, Skolnik
    [@skolnik-2001])."""
    if factor == 1.0:
        return radar
    if radar.reference_range_m is not None:
        return replace(radar, reference_range_m=radar.reference_range_m * factor,
                       max_range_m=radar.max_range_m * factor)
    return replace(radar, power_avg_w=radar.power_avg_w * factor**4,
                   max_range_m=radar.max_range_m * factor)


def scaled_interceptor(icp: Interceptor, factor: float) -> Interceptor:
    """The interceptor with every stage's specific impulse (vacuum and sea level) times
    ``factor``: the same propellant gives factor times the ideal delta-v."""
    if factor == 1.0:
        return icp
    stages = tuple(replace(s, isp_s=s.isp_s * factor,
                           isp_sl_s=None if s.isp_sl_s is None else s.isp_sl_s * factor)
                   for s in icp.rocket.stages)
    return replace(icp, name=f"{icp.name}x{factor:g}", rocket=replace(icp.rocket, stages=stages))


def fire_control(scenario: Scenario) -> FireControl:
    fc = scenario.options.fire_control
    return FireControl(fc.track_delay_s, fc.decision_delay_s, fc.kill_assessment_s)


def defence_sites(scenario: Scenario) -> list[DefenceSite]:
    """Every interceptor site of the scenario, resolved; when the scenario names a
    ``territory`` (a GeoJSON file or built-in area), each land site must lie inside it."""
    radars = {s.name: radar_site(scenario, s) for s in scenario.sensors}
    territory = None
    if scenario.territory is not None:
        territory = resolve_area(scenario.territory)
    out = []
    for spec in scenario.interceptor_sites:
        place = scenario.places[spec.site]
        lat, lon = np.radians(place.lat_deg), np.radians(place.lon_deg)
        if territory is not None and not spec.at_sea:
            territory.require_site(lat, lon, f"interceptor site '{spec.name}' "
                                   f"({place.lat_deg}, {place.lon_deg})")
        icp = (get_interceptor(spec.interceptor) if spec.interceptor
               else load_interceptor_file(spec.interceptor_file))
        icp = scaled_interceptor(icp, scenario.options.scale.interceptor_isp)
        out.append(DefenceSite(spec.name, lat, lon,
                               place.alt_m if spec.alt_m is None else spec.alt_m, icp,
                               spec.inventory, radars[spec.radar], spec.at_sea))
    return out


def scenario_defence(scenario: Scenario) -> Defence:
    """The scenario's whole defence: its interceptor sites, every radar of its network (the
    sites' own and the forward ones), its fire control and cueing policy (the coverage block's
    ``cueing``, ``network`` when the scenario has no coverage block)."""
    sites = tuple(defence_sites(scenario))
    by_name = {s.radar.name: s.radar for s in sites}
    radars = tuple(by_name.get(spec.name) or radar_site(scenario, spec)
                   for spec in scenario.sensors)
    cueing = scenario.coverage.cueing if scenario.coverage else "network"
    return Defence(scenario.name, sites, radars, fire_control(scenario), cueing)
