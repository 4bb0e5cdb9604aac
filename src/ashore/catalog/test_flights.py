"""Published test flights of the built-in threat classes, and flying them again.

``ashore/data/test_flights.yaml`` lists flights whose range, apogee and flight time were made
public (Japan Ministry of Defense, South Korean JCS, North Korean statements as reported, and
open analyses; sources in ``docs/sources.md``, section "Test flights"). Each names the catalog
missile that stands for its class and the payload assumed for that flight.

:func:`fly_test_flight` flies one flight the way it was flown: from its launch point along its
azimuth to the published range, on the shape that gives the published apogee (lofted when the
apogee lies above the minimum-energy apogee for that range, depressed when below, and the
minimum-energy trajectory when no apogee was published), with the assumed payload
(:meth:`ashore.flight.vehicle.Missile.with_payload`). :func:`fly_test_flights` does the same for
many flights, batching those of the same missile, payload and shape into one targeting call.
The comparison with the published figures is in ``docs/test-flights.md`` and
``tests/flight/test_test_flights.py``.

Example::

    from ashore.catalog.test_flights import fly_test_flight, test_flights
    for flight in test_flights():
        flown = fly_test_flight(flight)
        print(flight.id, flown.shape, flown.apogee_km, flight.apogee_km)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from pydantic import Field

from ashore.catalog.missiles import get_missile
from ashore.earth import geodesy
from ashore.earth.model import EarthModel
from ashore.flight import targeting
from ashore.flight.vehicle import Missile
from ashore.validation import StrictModel, parse_model, read_yaml


class _FlightSpec(StrictModel):
    id: str = Field(min_length=1)
    date: dt.date
    missile: str = Field(min_length=1)
    launch_place: str
    launch_lat_deg: float = Field(ge=-90, le=90)
    launch_lon_deg: float = Field(ge=-180, le=180)
    azimuth_deg: float = Field(ge=0, lt=360)
    impact_area: str
    range_km: float = Field(gt=0)
    apogee_km: float | None = Field(default=None, gt=0)
    flight_time_s: float | None = Field(default=None, gt=0)
    payload_kg: float = Field(gt=0)
    payload_source: str = Field(min_length=1)
    source: str = Field(min_length=1)


class _FileSpec(StrictModel):
    flights: list[_FlightSpec] = Field(min_length=1)


@dataclass(frozen=True)
class TestFlight:
    """One published test flight (display units: degrees, km, s, kg).

    ``apogee_km`` and ``flight_time_s`` are None where no public figure was found. Launch
    coordinates and azimuth are approximate (public reports name an area, not a pad; the
    azimuth is that of the geodesic to the reported impact area).
    """

    __test__ = False  # not a pytest test class, despite its name

    id: str
    date: dt.date
    missile: str
    """Catalog name of the missile that stands for the class flown."""
    launch_place: str
    launch_lat_deg: float
    launch_lon_deg: float
    azimuth_deg: float
    impact_area: str
    range_km: float
    apogee_km: float | None
    flight_time_s: float | None
    payload_kg: float
    """Payload assumed for this flight (may differ from the catalog's)."""
    payload_source: str
    source: str


@dataclass(frozen=True)
class FlownFlight:
    """A test flight flown again by ashore (display units: km, s).

    ``ok`` is False when no trajectory of the missile with that payload reaches the published
    range with the published apogee; ``note`` then says why, and ``apogee_km`` is the highest
    apogee the missile reaches (its lofted ceiling) or the one the search ended on.
    """

    flight: TestFlight
    shape: str
    """"lofted", "depressed" or "min-energy"."""
    ok: bool
    range_km: float
    apogee_km: float
    flight_time_s: float
    min_energy_apogee_km: float
    """Apogee of the minimum-energy trajectory to the published range (the shape boundary)."""
    burnout_time_s: float
    miss_km: float
    note: str = ""


@cache
def test_flights() -> tuple[TestFlight, ...]:
    """The published test flights of ``ashore/data/test_flights.yaml``, in file order."""
    entry = resources.files("ashore.data") / "test_flights.yaml"
    with resources.as_file(entry) as path:
        data = read_yaml(path, "test flights file")
    spec = parse_model(_FileSpec, data, "test flights file")
    return tuple(TestFlight(**f.model_dump()) for f in spec.flights)


test_flights.__test__ = False  # type: ignore[attr-defined]


def get_test_flight(flight_id: str) -> TestFlight:
    """The flight with this id (KeyError listing the ids otherwise)."""
    for f in test_flights():
        if f.id == flight_id:
            return f
    raise KeyError(f"no test flight '{flight_id}'; ids: {', '.join(f.id for f in test_flights())}")


def fly_test_flight(
    flight: TestFlight,
    earth: EarthModel | None = None,
    missiles: Mapping[str, Missile] | None = None,
) -> FlownFlight:
    """Fly one published test flight again (see :func:`fly_test_flights`)."""
    return fly_test_flights([flight], earth, missiles)[0]


def fly_test_flights(
    flights: Iterable[TestFlight],
    earth: EarthModel | None = None,
    missiles: Mapping[str, Missile] | None = None,
) -> list[FlownFlight]:
    """Fly published test flights again in the full Earth model (default ``EarthModel()``).

    For each flight: the aim is the point at the published range along the published azimuth;
    the minimum-energy trajectory to it is solved first, and its apogee decides the shape
    (lofted above it, depressed below, min-energy when no apogee was published). A lofted
    apogee above the missile's ceiling (:func:`ashore.flight.targeting.lofted_ceiling`) is
    reported as not flown without a search. Flights of the same missile, payload and shape are
    solved together in one batch.

    ``missiles`` (optional) maps a catalog name to the missile that flies that name's rows
    instead of the built-in entry (e.g. a candidate vehicle while fitting stage data,
    ``tools/fit_hwasong.py``); other names are looked up in the catalog.
    """
    earth = earth or EarthModel()
    missiles = missiles or {}
    flights = list(flights)
    out: list[FlownFlight | None] = [None] * len(flights)
    groups: dict[tuple[str, float], list[int]] = defaultdict(list)
    for i, f in enumerate(flights):
        groups[(f.missile, f.payload_kg)].append(i)
    for (name, payload), idx in groups.items():
        missile = missiles[name] if name in missiles else get_missile(name)
        if payload != missile.payload_mass_kg:
            missile = missile.with_payload(payload, "test-flight payload (assumed)")
        for i, flown in zip(idx, _fly_group(missile, earth, [flights[i] for i in idx]),
                            strict=True):
            out[i] = flown
    return [f for f in out if f is not None]


def _fly_group(missile, earth: EarthModel, flights: Sequence[TestFlight]) -> list[FlownFlight]:
    n = len(flights)
    lat = np.radians([f.launch_lat_deg for f in flights])
    lon = np.radians([f.launch_lon_deg for f in flights])
    az = np.radians([f.azimuth_deg for f in flights])
    rng = np.array([f.range_km for f in flights]) * 1e3
    alat, alon, _ = geodesy.direct(lat, lon, az, rng, earth.ellipsoid)
    me = targeting.solve(missile, earth, lat, lon, alat, alon, "min-energy", raise_errors=False)
    h_me = me.flights.apogee_alt_m
    apogee = np.array([np.nan if f.apogee_km is None else f.apogee_km * 1e3 for f in flights])
    shapes = np.where(np.isnan(apogee), "min-energy",
                      np.where(apogee > h_me, "lofted", "depressed"))
    result: list[FlownFlight | None] = [None] * n
    for i in np.flatnonzero(shapes == "min-energy"):
        result[i] = _flown(flights[i], "min-energy", me, i, h_me[i])
    lofted = np.flatnonzero(shapes == "lofted")
    if lofted.size:
        ceiling = targeting.lofted_ceiling(missile, earth, lat[lofted], lon[lofted], az[lofted])
        over = apogee[lofted] > ceiling * (1.0 + targeting.CEILING_MARGIN)
        for j, i in enumerate(lofted):
            if over[j]:
                result[i] = FlownFlight(
                    flights[i], "lofted", False, float("nan"), float(ceiling[j] / 1e3),
                    float("nan"), float(h_me[i] / 1e3), float("nan"), float("nan"),
                    note=(f"unreachable: with {missile.payload_mass_kg:.0f} kg even a steep full "
                          f"burn climbs only to about {ceiling[j] / 1e3:.0f} km"))
    for shape in ("lofted", "depressed"):
        sel = np.array([i for i in np.flatnonzero(shapes == shape) if result[i] is None], int)
        if not sel.size:
            continue
        s = targeting.solve(missile, earth, lat[sel], lon[sel], alat[sel], alon[sel], shape,
                            apogee[sel], raise_errors=False, min_energy_apogee_m=h_me[sel])
        for j, i in enumerate(sel):
            result[i] = _flown(flights[i], shape, s, j, h_me[i])
    return [r for r in result if r is not None]


def _flown(flight: TestFlight, shape: str, sol: targeting.Solution, j: int, h_me: float):
    f = sol.flights
    ok = bool(sol.ok[j]) if sol.ok is not None else True
    note = "" if ok else f"targeting did not land within 1 km (miss {sol.miss_m[j] / 1e3:.1f} km)"
    return FlownFlight(
        flight, shape, ok, float(f.range_m[j] / 1e3), float(f.apogee_alt_m[j] / 1e3),
        float(f.flight_time_s[j]), float(h_me / 1e3), float(f.burnout_time_s[j]),
        float(sol.miss_m[j] / 1e3),
        note=note,
    )
