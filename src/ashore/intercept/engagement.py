"""The engagement core: threat flights against a defence, from detection to shots.

Every engagement in ashore goes through :func:`engage`: ``ashore engage`` (one threat), the
demo's engagement study (every flown threat of a scenario), coverage (every trajectory of
every threat fan), overflight corridors and site selection. Given recorded threat flights and a
:class:`Defence` (interceptor sites, every radar of the network with its terrain mask and
refraction factor, fire-control delays and a cueing policy), it computes:

1. the detection timeline of every trajectory by every radar
   (:func:`ashore.sensors.timeline.detection_timelines`);
2. for each site, the detection it may fire on, by the cueing policy: ``network`` (the first
   detection by any radar, keeping fire-control data while any radar holds the track: launch
   and engage on remote), ``own`` (its own radar only) or ``own-and-forward`` (its own and the
   radars that belong to no interceptor site);
3. the first fire time, detection + track formation + decision delay
   (:func:`ashore.intercept.pip.fire_times`);
4. engagement windows and shoot-look-shoot shots of every trajectory against every site, on
   the threat sampled every ``step_s`` (:func:`ashore.intercept.pip.engagement_windows`);
5. the verdict per trajectory: the most sequential shots any one site can take and that site
   (the first such site in the defence's order), or, when no site can engage, the binding
   constraint of the site that came closest, ranked time > altitude floor > kinematics >
   horizon > detection (the later in the kill chain a site fails, the closer it came).

Radars and sites are the only Python loops; trajectories are batched throughout.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ashore.earth.model import EarthModel
from ashore.flight.trajectory import Flights
from ashore.intercept.flyout import flyout_fan
from ashore.intercept.interceptor import Interceptor
from ashore.intercept.pip import (
    FireControl,
    ThreatSamples,
    Windows,
    engagement_windows,
    fire_times,
    max_decision_delay_s,
)
from ashore.sensors.timeline import RadarSite, Timeline, detection_timelines

CLOSENESS = ("detection", "horizon", "kinematics", "altitude floor", "time")
"""Binding constraints from the earliest to the latest failure in the kill chain."""
RCS_M2 = 0.05
"""Warhead-class radar cross-section, m^2 (open analyses use 0.01-0.1 m^2 nose-on
[@sessler-2000-countermeasures]); notional."""
SAMPLE_STEP_S = 2.0
"""Default threat sampling step of the engagement windows, s (every caller uses it unless
told otherwise, so that one engagement reproduces a coverage cell)."""
CUEING = ("network", "own", "own-and-forward")
"""Which radars a site may fire on: every radar of the network, only its own, or its own and
the radars that belong to no interceptor site (forward radars)."""


@dataclass(frozen=True)
class DefenceSite:
    """Interceptor launchers at a place, with the radar that tracks for them."""

    name: str
    lat_rad: float
    lon_rad: float
    alt_m: float
    interceptor: Interceptor
    inventory: int
    radar: RadarSite
    at_sea: bool = False

    @property
    def layer(self) -> str:
        """``upper`` for exo-atmospheric interceptors, ``lower`` for endo-atmospheric ones."""
        return "upper" if self.interceptor.kill_vehicle.regime == "exo" else "lower"


@dataclass(frozen=True)
class Defence:
    """A defence configuration: interceptor sites, every radar of the network (the sites'
    own and forward radars), fire-control delays, and how sites use other radars."""

    name: str
    sites: tuple[DefenceSite, ...]
    radars: tuple[RadarSite, ...]
    fire_control: FireControl = FireControl()
    cueing: str = "network"

    def __post_init__(self) -> None:
        if self.cueing not in CUEING:
            raise ValueError(f"cueing must be one of {', '.join(CUEING)}, got {self.cueing!r}")

    def only(self, site_name: str) -> Defence:
        """The same network with only the named interceptor site (radars and cueing kept)."""
        sites = tuple(s for s in self.sites if s.name == site_name)
        if not sites:
            from ashore.errors import InputError

            raise InputError(f"defence '{self.name}' has no interceptor site '{site_name}'; "
                             f"its sites are: {', '.join(s.name for s in self.sites)}")
        return Defence(self.name, sites, self.radars, self.fire_control, self.cueing)


@dataclass
class Engagements:
    """Every trajectory (m,) against every site (S,) of a defence; times from launch, s, NaN
    where undefined."""

    defence: Defence
    flights: Flights
    timelines: list[Timeline]
    """One per radar of the defence, in its order."""
    first_detection_s: np.ndarray
    """(S, m) the detection each site may fire on under the cueing policy."""
    track_end_s: np.ndarray
    """(S, m) when the last radar the site may use loses the track."""
    first_fire_s: np.ndarray
    """(S, m) detection + track formation + decision delay."""
    windows: list[Windows]
    """One per site: engagement windows and shots of every trajectory."""
    shots: np.ndarray
    """(S, m) sequential shots each site can take."""
    binding: np.ndarray
    """(S, m) '' where the site can engage, else one of CLOSENESS."""
    max_decision_delay_s: np.ndarray
    """(S, m) the decision delay beyond which the site can no longer engage."""

    @cached_property
    def closeness(self) -> np.ndarray:
        """(S, m) index into CLOSENESS of each failure, len(CLOSENESS) where engageable."""
        rank = np.full(self.binding.shape, len(CLOSENESS), int)
        for k, name in enumerate(CLOSENESS):
            rank[self.binding == name] = k
        return rank

    @property
    def best_site(self) -> np.ndarray:
        """(m,) the site taking the most shots (the first in the defence's order on a tie);
        where none can engage, the site that came closest."""
        engaged = np.argmax(self.shots, axis=0)
        closest = np.argmax(self.closeness, axis=0)
        return np.where(self.best_shots >= 1, engaged, closest)

    @property
    def best_shots(self) -> np.ndarray:
        """(m,) the most sequential shots any one site can take."""
        return self.shots.max(axis=0)

    @property
    def best_binding(self) -> np.ndarray:
        """(m,) '' where some site engages, else the binding constraint of the closest site."""
        closest = self.closeness.max(axis=0)
        names = np.array([*CLOSENESS, ""], dtype=object)
        return np.where(self.best_shots >= 1, "", names[np.minimum(closest, len(CLOSENESS) - 1)])


def engage(flights: Flights, defence: Defence, earth: EarthModel, *,
           step_s: float = SAMPLE_STEP_S, rcs_m2=RCS_M2) -> Engagements:
    """Every recorded trajectory of ``flights`` against every site of ``defence`` (module
    docstring). ``earth`` is the model the interceptors' fly-out fans are flown in; ``rcs_m2``
    a scalar or one value per trajectory."""
    m = len(flights.launch_lat_rad)
    n_sites = len(defence.sites)
    radars = list(defence.radars)
    for site in defence.sites:  # a site's own radar is part of the network
        if not any(r is site.radar for r in radars):
            radars.append(site.radar)
    timelines = detection_timelines(flights, radars, rcs_m2)
    det = np.stack([tl.first_detection_time_s for tl in timelines])      # (R, m)
    end = np.stack([tl.track_end_time_s for tl in timelines])
    seen_horizon = np.stack([np.isin(tl.reason, ("horizon", "terrain")) for tl in timelines])
    site_radars = [s.radar for s in defence.sites]
    unsited = np.array([not any(r is sr for sr in site_radars) for r in radars])
    samples = ThreatSamples.from_flights(flights, step_s)
    fc = defence.fire_control
    out = {k: np.full((n_sites, m), np.nan) for k in ("det", "end", "fire", "delay")}
    shots = np.zeros((n_sites, m), int)
    binding = np.full((n_sites, m), "", dtype=object)
    windows = []
    for k, site in enumerate(defence.sites):
        own = np.array([r is site.radar for r in radars])
        use = {"network": np.ones(len(radars), bool), "own": own,
               "own-and-forward": own | unsited}[defence.cueing]
        d = np.where(use[:, None] & np.isfinite(det), det, np.inf)
        t_det = np.where(np.isfinite(d).any(axis=0), d.min(axis=0), np.nan)
        e = np.where(use[:, None] & np.isfinite(end), end, -np.inf).max(axis=0)
        t_end = np.where(np.isfinite(e), e, np.nan)
        horizon_only = (seen_horizon | ~use[:, None]).all(axis=0)
        icp = site.interceptor
        t_fire = fire_times(t_det, fc)
        w = engagement_windows(samples, site.lat_rad, site.lon_rad, flyout_fan(icp, earth),
                               icp.kill_vehicle, t_fire, threat_index=np.arange(m),
                               site_index=np.zeros(m, int), track_end_s=t_end,
                               undetected_reason=np.where(horizon_only, "horizon", "detection"),
                               kill_assessment_s=fc.kill_assessment_s, max_shots=fc.max_shots)
        windows.append(w)
        out["det"][k], out["end"][k], out["fire"][k] = t_det, t_end, t_fire
        out["delay"][k] = max_decision_delay_s(w, t_det, fc)
        shots[k] = w.shots
        binding[k] = w.binding
    return Engagements(defence, flights, timelines, out["det"], out["end"], out["fire"], windows,
                       shots, binding, out["delay"])
