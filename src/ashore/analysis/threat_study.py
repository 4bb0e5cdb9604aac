"""Fly every threat of a scenario: resolve places and missiles, target in batches, summarise.

Threats are grouped by (missile, shape) so that each group is one batched targeting solve.
For threat sets, each launch-aim pair is flown by the first missile in the preference list
whose maximum range along that azimuth reaches the aim (with a 1 % margin); lofted and
depressed apogees are multiples of that pair's minimum-energy apogee. A lofted or depressed
trajectory the chosen missile lacks the energy for passes to the next missile in the list (the
summary names the missile that flew it); one that no listed missile can fly is reported so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ashore.catalog.missiles import get_missile
from ashore.earth import geodesy
from ashore.earth.model import EarthModel
from ashore.flight import targeting
from ashore.flight.summary import flight_summary
from ashore.flight.trajectory import Flights, fly_missile
from ashore.scenario.schema import Scenario

Progress = Callable[[str, int], None]
"""progress(description, advance): called as work completes."""


@dataclass
class ThreatCase:
    """One threat to fly and, after the study, its outcome."""

    launch: str
    aim: str | None
    candidates: list[str]
    shape: str
    apogee_km: float | None = None
    apogee_factor: float | None = None
    azimuth_deg: float | None = None
    missile: str | None = None
    status: str = "pending"
    summary: dict = field(default_factory=dict)
    flights: Flights | None = None
    index: int = 0

    @property
    def label(self) -> str:
        return f"{self.launch}->{self.aim or f'{self.azimuth_deg:g} deg'} {self.shape}"


def expand(scenario: Scenario) -> list[ThreatCase]:
    """The scenario's single threats and the combinations of its threat sets."""
    cases = [
        ThreatCase(t.launch, t.aim, [t.missile], t.shape, apogee_km=t.apogee_km,
                   azimuth_deg=t.azimuth_deg)
        for t in scenario.threats
    ]
    for s in scenario.threat_sets:
        for launch in s.launches:
            for aim in s.aims:
                for shape in s.shapes:
                    factor = {"lofted": s.lofted_apogee_factor,
                              "depressed": s.depressed_apogee_factor}.get(shape)
                    cases.append(ThreatCase(launch, aim, list(s.missiles), shape,
                                            apogee_factor=factor))
    return cases


def _coords(scenario: Scenario, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    lat = np.radians([scenario.places[n].lat_deg for n in names])
    lon = np.radians([scenario.places[n].lon_deg for n in names])
    return lat, lon


def run_study(scenario: Scenario, progress: Progress | None = None) -> list[ThreatCase]:
    """Fly every threat; each case ends with status 'ok' or a reason, and a summary."""
    earth: EarthModel = scenario.options.earth.model()
    cases = expand(scenario)
    step = progress or (lambda desc, adv: None)
    targeted = [c for c in cases if c.shape != "max-range"]
    _assign_missiles(scenario, earth, targeted, step)
    # Every targeted pair needs its minimum-energy trajectory: as the answer for min-energy
    # cases, and as the reference apogee for lofted and depressed ones.
    min_energy = _solve(scenario, earth, sorted({(c.launch, c.aim, c.missile) for c in targeted
                                                 if c.missile is not None}), "min-energy")
    for c in targeted:
        if c.missile is None:
            step(c.shape, 1)
        elif c.shape == "min-energy":
            _finish(c, *min_energy[(c.launch, c.aim, c.missile)], None)
            step(c.shape, 1)
    for shape in ("lofted", "depressed"):
        group = [c for c in targeted if c.shape == shape and c.missile is not None]
        keys = [(c.launch, c.aim, c.missile) for c in group]
        h_me = {k: min_energy[k][0].apogee_alt_m[min_energy[k][1]] if min_energy[k][2] else np.nan
                for k in keys}
        apogee = {
            k: (c.apogee_km * 1e3 if c.apogee_km is not None else c.apogee_factor * h_me[k])
            for c, k in zip(group, keys, strict=True)
        }
        # The requested apogee belongs to the pair (a multiple of its minimum-energy apogee);
        # a missile without the energy for it hands the threat to the next candidate.
        pending = list(zip(group, keys, strict=True))
        while pending:
            tries = [(c, (k[0], k[1], c.missile)) for c, k in pending]
            results = _solve(scenario, earth, [t for _, t in tries], shape,
                             {t: apogee[k] for (_, k), (_, t) in zip(pending, tries, strict=True)},
                             {t: h_me[k] for (_, k), (_, t) in zip(pending, tries, strict=True)})
            retry = []
            for (c, k), (_, t) in zip(pending, tries, strict=True):
                nxt = c.candidates[c.candidates.index(c.missile) + 1:]
                if not results[t][2] and nxt:
                    c.missile = nxt[0]
                    retry.append((c, k))
                    continue
                _finish(c, *results[t], apogee[k])
                step(shape, 1)
            pending = retry
    for c in cases:
        if c.shape == "max-range":
            _fly_max_range(scenario, earth, c)
            step("max-range", 1)
    return cases


def _finish(c: ThreatCase, flights: Flights, i: int, ok: bool, apogee_m: float | None) -> None:
    if not ok:
        c.status = f"{c.missile} cannot fly this {c.shape} trajectory"
        return
    c.status, c.flights, c.index = "ok", flights, i
    c.summary = {"missile": c.missile, **flight_summary(flights, i, *_aim_rad(flights, i))}
    if apogee_m is not None:
        c.summary["requested_apogee_km"] = round(float(apogee_m) / 1e3, 1)


def _aim_rad(flights: Flights, i: int) -> tuple[float, float]:
    return flights.aim_lat_rad[i], flights.aim_lon_rad[i]


def _solve(scenario, earth, keys, shape, apogee=None, h_me=None) -> dict:
    """Batched targeting of (launch, aim, missile) keys, one solve per missile. Returns
    key -> (recorded flights, index, ok)."""
    out: dict = {}
    by_missile: dict[str, list] = {}
    for k in dict.fromkeys(keys):
        by_missile.setdefault(k[2], []).append(k)
    for name, group in by_missile.items():
        missile = get_missile(name)
        lat, lon = _coords(scenario, [k[0] for k in group])
        alat, alon = _coords(scenario, [k[1] for k in group])
        ap = None if apogee is None else np.array([apogee[k] for k in group])
        hm = None if h_me is None else np.array([h_me[k] for k in group])
        if hm is not None and np.isnan(hm).any():
            hm = None
        sol = targeting.solve(missile, earth, lat, lon, alat, alon, shape, ap,
                              raise_errors=False, min_energy_apogee_m=hm)
        if ap is not None and hm is not None:
            wrong_side = ap <= hm if shape == "lofted" else ap >= hm
            sol.ok &= ~wrong_side
        rec = fly_missile(missile, earth, lat, lon, sol.azimuth_rad, sol.kick_rad, sol.cutoff_s,
                          record=True)
        rec.aim_lat_rad, rec.aim_lon_rad = alat, alon
        for i, k in enumerate(group):
            out[k] = (rec, i, bool(sol.ok[i]))
    return out


def _assign_missiles(scenario, earth, cases: list[ThreatCase], step: Progress) -> None:
    """First candidate missile whose maximum range covers the launch-aim distance."""
    pending = list(cases)
    depth = max((len(c.candidates) for c in cases), default=0)
    for level in range(depth):
        by_missile: dict[str, list[ThreatCase]] = {}
        for c in pending:
            if level < len(c.candidates):
                by_missile.setdefault(c.candidates[level], []).append(c)
        still = []
        for name, group in by_missile.items():
            missile = get_missile(name)
            pairs = sorted({(c.launch, c.aim) for c in group})
            lat, lon = _coords(scenario, [p[0] for p in pairs])
            alat, alon = _coords(scenario, [p[1] for p in pairs])
            dist, az, _ = geodesy.inverse(lat, lon, alat, alon, earth.ellipsoid)
            rmax, _ = targeting.max_range(missile, earth, lat, lon, az, iterations=20)
            reach = {p: (d, r) for p, d, r in zip(pairs, dist, rmax, strict=True)}
            for c in group:
                d, r = reach[(c.launch, c.aim)]
                if d * 1.01 <= r:
                    c.missile = name
                else:
                    still.append(c)
                    c.status = f"beyond reach: {d / 1e3:.0f} km > {name} {r / 1e3:.0f} km"
            step("reach", 0)
        pending = still


def _fly_max_range(scenario, earth, c: ThreatCase) -> None:
    missile = get_missile(c.candidates[0])
    lat, lon = _coords(scenario, [c.launch])
    if c.azimuth_deg is not None:
        az = np.radians([c.azimuth_deg])
    else:
        alat, alon = _coords(scenario, [c.aim])
        _, az, _ = geodesy.inverse(lat, lon, alat, alon, earth.ellipsoid)
    _, kick = targeting.max_range(missile, earth, lat, lon, az)
    rec = fly_missile(missile, earth, lat, lon, az, kick, record=True)
    c.missile, c.status, c.flights, c.index = missile.name, "ok", rec, 0
    c.summary = {"missile": missile.name, "launch_azimuth_deg": round(float(np.degrees(az[0])), 3),
                 **flight_summary(rec, 0)}
