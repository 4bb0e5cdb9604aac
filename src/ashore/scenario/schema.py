"""The scenario file: named places, threats and options (pydantic-validated YAML).

A scenario names places once and refers to them by name::

    name: my-study
    places:
      sunan: {lat_deg: 39.224, lon_deg: 125.670, tier: published,
              source: "press [@jmod-nk-launch-releases]"}
      tokyo: {lat_deg: 35.68, lon_deg: 139.69}
    threats:                       # single threats
      - {launch: sunan, aim: tokyo, missile: nodong, shape: min-energy}
      - {launch: sunan, azimuth_deg: 90, missile: hwasong-12, shape: max-range}
      - {launch: sunan, aim: tokyo, missile: hwasong-12, shape: lofted, apogee_km: 1500}
    threat_sets:                   # every launch x aim x shape; first missile that reaches
      - launches: [sunan]
        aims: [tokyo]
        missiles: [nodong, hwasong-12]
        shapes: [min-energy, lofted, depressed]
        lofted_apogee_factor: 1.5      # x the minimum-energy apogee of that threat
        depressed_apogee_factor: 0.7
    sensors:                       # radars at places (built-in name or radar_file)
      - {name: akita-radar, radar: spy-7-class, site: akita, alt_m: 30,
         dem: [N39E140.hgt], obstacles: [{name: ridge, lat_deg: 39.6, lon_deg: 140.2,
         height_m: 700}]}
    interceptor_sites:             # launchers: interceptor type, inventory, the radar they use
      - {name: araya, site: akita, interceptor: sm-3-block-iia-class, inventory: 24,
         radar: akita-radar}       # a name from sensors
    territory: japan.geojson       # optional: land sites must lie inside it (GeoJSON file)
    options:
      earth: {rotation: true, j2: true, atmosphere: true, shape: wgs84}
      fire_control: {track_delay_s: 10, decision_delay_s: 30, kill_assessment_s: 10}
      seed: 0
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from ashore.earth.model import EarthModel
from ashore.errors import InputError
from ashore.provenance import Tier
from ashore.validation import StrictModel, parse_model, read_yaml

ShapeName = Literal["min-energy", "lofted", "depressed", "max-range"]


class Place(StrictModel):
    lat_deg: float = Field(ge=-90.0, le=90.0)
    lon_deg: float = Field(ge=-180.0, le=360.0)
    alt_m: float = 0.0
    description: str = ""
    source: str = ""
    tier: Tier = "notional"


class ThreatSpec(StrictModel):
    """One threat: a missile from a launch place to an aim place (or along an azimuth)."""

    name: str = ""
    launch: str
    aim: str | None = None
    azimuth_deg: float | None = None
    missile: str
    shape: ShapeName = "min-energy"
    apogee_km: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _consistent(self) -> ThreatSpec:
        if self.shape == "max-range":
            if self.aim is None and self.azimuth_deg is None:
                raise ValueError("a max-range threat needs 'aim' or 'azimuth_deg'")
        elif self.aim is None:
            raise ValueError(f"a {self.shape} threat needs an 'aim' place")
        if self.shape in ("lofted", "depressed") and self.apogee_km is None:
            raise ValueError(f"a {self.shape} threat needs 'apogee_km'")
        return self


class ThreatSetSpec(StrictModel):
    """Every combination of launches x aims x shapes, flown by the first missile in
    ``missiles`` whose maximum range reaches the aim."""

    launches: list[str] = Field(min_length=1)
    aims: list[str] = Field(min_length=1)
    missiles: list[str] = Field(min_length=1)
    shapes: list[Literal["min-energy", "lofted", "depressed"]] = ["min-energy"]
    lofted_apogee_factor: float = Field(default=1.5, gt=1.0)
    depressed_apogee_factor: float = Field(default=0.7, gt=0.0, lt=1.0)


class ObstacleSpec(StrictModel):
    """A named masking obstacle (a peak, a building) at lat/lon with its top height."""

    name: str
    lat_deg: float = Field(ge=-90.0, le=90.0)
    lon_deg: float = Field(ge=-180.0, le=360.0)
    height_m: float


class SensorSpec(StrictModel):
    """A radar at a place: a built-in radar name or a radar YAML file, sited at a named place
    (antenna height ``alt_m`` above sea level, defaulting to the place's), with optional terrain
    (DEM files: SRTM .hgt or GeoTIFF) and obstacles for its horizon."""

    name: str = Field(min_length=1)
    radar: str | None = None
    radar_file: str | None = None
    site: str
    alt_m: float | None = None
    boresight_deg: float | None = None
    """Azimuth the first face points to (for single-face radars such as the TPY-2 class)."""
    dem: list[str] = []
    obstacles: list[ObstacleSpec] = []
    k_factor: float | None = Field(default=None, gt=0.0)

    @model_validator(mode="after")
    def _one_radar(self) -> SensorSpec:
        if (self.radar is None) == (self.radar_file is None):
            raise ValueError(f"sensor '{self.name}' needs exactly one of 'radar' or 'radar_file'")
        return self


class InterceptorSiteSpec(StrictModel):
    """Interceptor launchers at a place: a built-in interceptor name or an interceptor YAML
    file, how many rounds (``inventory``), and the scenario sensor (by name) that supplies their
    track. ``at_sea`` marks a ship's station, exempt from the territory check."""

    name: str = Field(min_length=1)
    site: str
    interceptor: str | None = None
    interceptor_file: str | None = None
    inventory: int = Field(default=8, ge=0)
    radar: str
    alt_m: float | None = None
    at_sea: bool = False

    @model_validator(mode="after")
    def _one_interceptor(self) -> InterceptorSiteSpec:
        if (self.interceptor is None) == (self.interceptor_file is None):
            raise ValueError(f"interceptor site '{self.name}' needs exactly one of "
                             "'interceptor' or 'interceptor_file'")
        return self


class ThreatClassSpec(StrictModel):
    """Threats for coverage: a missile from each launch place, in each shape, aimed at every
    cell of the territory."""

    name: str = ""
    launches: list[str] = Field(min_length=1)
    missile: str
    shapes: list[Literal["min-energy", "lofted", "depressed"]] = ["min-energy"]
    lofted_apogee_factor: float = Field(default=1.5, gt=1.0)
    depressed_apogee_factor: float = Field(default=0.7, gt=0.0, lt=1.0)


class OverflightSpec(StrictModel):
    """A corridor of threats that fly over the territory to land beyond it (the 2017 Hwasong-12
    flights over Hokkaido [@jmod-2017-overflights]): minimum-energy flights from ``launch`` along
    azimuths in ``azimuth_deg`` to ranges in ``range_km`` ([low, high] each), ``samples`` of
    each."""

    name: str = Field(min_length=1)
    launch: str
    missile: str
    azimuth_deg: tuple[float, float]
    range_km: tuple[float, float]
    samples: int = Field(default=5, ge=1, le=50)


class CoverageSpec(StrictModel):
    """What ``ashore coverage`` computes: the territory (built-in ``japan`` or a GeoJSON file),
    the grid, the threat classes and how sites use the radar network."""

    territory: str = "japan"
    include_northern_territories: bool = False
    grid_km: float = Field(default=10.0, gt=0)
    threat_classes: list[ThreatClassSpec] = Field(min_length=1)
    overflight: list[OverflightSpec] = []
    cueing: Literal["network", "own", "own-and-forward"] = "network"


class FireControlOptions(StrictModel):
    """Delays of the engagement chain, s (see ``ashore.intercept.pip.FireControl``)."""

    track_delay_s: float = Field(default=10.0, ge=0)
    decision_delay_s: float = Field(default=30.0, ge=0)
    kill_assessment_s: float = Field(default=10.0, ge=0)


class EarthOptions(StrictModel):
    rotation: bool = True
    j2: bool = True
    atmosphere: bool = True
    shape: Literal["wgs84", "sphere"] = "wgs84"

    def model(self) -> EarthModel:
        return EarthModel().with_switches(
            no_rotation=not self.rotation, no_j2=not self.j2,
            no_atmosphere=not self.atmosphere, sphere=self.shape == "sphere",
        )


class ScaleOptions(StrictModel):
    """Multipliers applied to every built-in or file interceptor and radar of the scenario, for
    sensitivity studies (``ashore coverage --sweep interceptor_isp_scale=0.8:1.2:0.1``)."""

    interceptor_isp: float = Field(default=1.0, gt=0.2, le=5.0)
    """Every stage's specific impulse (burnout speed grows about in proportion)."""
    radar_range: float = Field(default=1.0, gt=0.0, le=10.0)
    """Every radar's detection range (its SNR is scaled by the fourth power)."""


class Options(StrictModel):
    earth: EarthOptions = EarthOptions()
    fire_control: FireControlOptions = FireControlOptions()
    scale: ScaleOptions = ScaleOptions()
    seed: int = 0


class LayerSpec(StrictModel):
    """An optional layer of a scenario (e.g. the PAC-3 batteries): its own places, sensors and
    interceptor sites, merged in only when asked for (``ashore coverage ... --with NAME``).
    Built-in layers live in ``ashore/data/layers/NAME.yaml``."""

    name: str = Field(min_length=1)
    description: str = ""
    places: dict[str, Place] = {}
    sensors: list[SensorSpec] = []
    interceptor_sites: list[InterceptorSiteSpec] = []


class Scenario(StrictModel):
    name: str = Field(min_length=1)
    description: str = ""
    places: dict[str, Place] = {}
    threats: list[ThreatSpec] = []
    threat_sets: list[ThreatSetSpec] = []
    sensors: list[SensorSpec] = []
    interceptor_sites: list[InterceptorSiteSpec] = []
    territory: str | None = None
    coverage: CoverageSpec | None = None
    optional_layers: list[str] = []
    """Names of built-in layers this scenario offers (``data/layers``)."""
    options: Options = Options()

    @model_validator(mode="after")
    def _places_exist(self) -> Scenario:
        refs = [(t.launch, "launch") for t in self.threats]
        refs += [(t.aim, "aim") for t in self.threats if t.aim is not None]
        for s in self.threat_sets:
            refs += [(p, "launches") for p in s.launches] + [(p, "aims") for p in s.aims]
        refs += [(s.site, "sensor site") for s in self.sensors]
        refs += [(s.site, "interceptor site") for s in self.interceptor_sites]
        if self.coverage is not None:
            refs += [(p, "coverage launches") for t in self.coverage.threat_classes
                     for p in t.launches]
            refs += [(o.launch, "overflight launch") for o in self.coverage.overflight]
        for ref, key in refs:
            if ref not in self.places:
                known = ", ".join(self.places) or "none defined"
                raise ValueError(f"{key} place '{ref}' is not in places (known: {known})")
        sensors = {s.name for s in self.sensors}
        for site in self.interceptor_sites:
            if site.radar not in sensors:
                known = ", ".join(sorted(sensors)) or "none defined"
                raise ValueError(f"interceptor site '{site.name}' names radar '{site.radar}', "
                                 f"which is not in sensors (known: {known})")
        for kind, items in (("sensor", self.sensors), ("interceptor site",
                                                      self.interceptor_sites)):
            names = [i.name for i in items]
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise ValueError(f"{kind} names must be unique; repeated: {', '.join(dupes)}")
        return self


def builtin_layer_names() -> list[str]:
    from importlib import resources

    folder = resources.files("ashore.data") / "layers"
    return sorted(e.name[:-5] for e in folder.iterdir() if e.name.endswith(".yaml"))


def load_layer(name: str) -> LayerSpec:
    from importlib import resources

    if name not in builtin_layer_names():
        raise InputError(f"unknown layer '{name}'; built-in layers are: "
                         f"{', '.join(builtin_layer_names())}")
    entry = resources.files("ashore.data") / "layers" / f"{name}.yaml"
    with resources.as_file(entry) as p:
        return parse_model(LayerSpec, read_yaml(p, "layer file"), f"layer file '{p.name}'")


def with_layers(scenario: Scenario, names: list[str]) -> Scenario:
    """The scenario with the named optional layers merged in (places, sensors, sites)."""
    data = scenario.model_dump()
    for name in names:
        layer = load_layer(name)
        clash = sorted(set(layer.places) & set(scenario.places))
        clash = [c for c in clash if scenario.places[c] != layer.places[c]]
        if clash:
            raise InputError(f"layer '{name}' redefines place(s) {', '.join(clash)} of "
                             f"scenario '{scenario.name}'")
        data["places"].update({k: v.model_dump() for k, v in layer.places.items()})
        data["sensors"] += [s.model_dump() for s in layer.sensors]
        data["interceptor_sites"] += [s.model_dump() for s in layer.interceptor_sites]
        data["name"] = f"{data['name']}+{name}"
    return load_scenario_dict(data, f"scenario '{scenario.name}' with layers {names}")


def load_scenario_dict(data: object, what: str) -> Scenario:
    return parse_model(Scenario, data, what)


def load_scenario_file(path: str | Path) -> Scenario:
    """Read a scenario YAML file; one-line InputError on any problem. A file with
    ``base: NAME`` starts from that built-in scenario (:func:`_merge_base`)."""
    data = read_yaml(path, "scenario file")
    return load_scenario_dict(_merge_base(data, f"scenario file '{path}'"),
                              f"scenario file '{path}'")


def _merge_base(data, what: str, depth: int = 0):
    """``base: NAME``: the built-in scenario's raw mapping, overridden key by key: mappings
    (places, options, coverage) merge recursively, lists (sensors, interceptor sites,
    threats) and values are replaced."""
    if not isinstance(data, dict) or "base" not in data:
        return data
    from importlib import resources

    base = data["base"]
    if base not in builtin_scenario_names() or depth > 4:
        raise InputError(f"{what}: 'base' must name a built-in scenario "
                         f"({', '.join(builtin_scenario_names())}), got {base!r}")
    entry = resources.files("ashore.data") / "scenarios" / f"{base}.yaml"
    with resources.as_file(entry) as p:
        parent = _merge_base(read_yaml(p, "scenario file"), what, depth + 1)

    def merge(a, b):
        if isinstance(a, dict) and isinstance(b, dict):
            return {**a, **{k: merge(a[k], v) if k in a else v for k, v in b.items()}}
        return b

    own = {k: v for k, v in data.items() if k != "base"}
    return merge(parent, own)


def builtin_scenario_names() -> list[str]:
    from importlib import resources

    folder = resources.files("ashore.data") / "scenarios"
    return sorted(e.name[:-5] for e in folder.iterdir() if e.name.endswith(".yaml"))


def load_scenario(name_or_path: str) -> Scenario:
    """A built-in scenario by name, or a YAML file by path."""
    from importlib import resources

    if name_or_path in builtin_scenario_names():
        entry = resources.files("ashore.data") / "scenarios" / f"{name_or_path}.yaml"
        with resources.as_file(entry) as p:
            return load_scenario_file(p)
    if Path(name_or_path).suffix.lower() in (".yaml", ".yml") or Path(name_or_path).exists():
        return load_scenario_file(name_or_path)
    raise InputError(
        f"unknown scenario '{name_or_path}'; built-in scenarios are: "
        f"{', '.join(builtin_scenario_names())} (or give a YAML file path)"
    )
