"""Ground areas (training ranges, keep-out zones) read from GeoJSON, and point-in-area tests.

A GeoJSON file (RFC 7946 [@rfc-7946]) may hold a FeatureCollection, a Feature, a
GeometryCollection or a bare Polygon / MultiPolygon; every Polygon and MultiPolygon in it
becomes one or more polygons of the :class:`Area` (other geometries, e.g. Points, are ignored).
Positions are ``[longitude, latitude]`` in degrees (RFC 7946 sect. 3.1.1 [@rfc-7946], WGS84),
and polygon edges are straight lines in longitude/latitude (RFC 7946 sect. 3.1.1: "lines ...
follow the Cartesian geometry" [@rfc-7946]), so the point-in-polygon test is planar in (lon, lat)
degrees (shapely, ``contains_xy``; a point exactly on an edge counts as outside). Holes (interior
rings) are honoured. Polygons that cross the antimeridian must be split there, as RFC 7946 sect.
3.1.9 asks [@rfc-7946].

The built-in ``mutsumi-training-area`` (``ashore/data/areas/``) is a NOTIONAL simplified
outline drawn around the published site coordinates (34.45 N, 131.62 E
[@japantimes-2018-aegis-sites]), a few km across [@ashore-notional]; it is for illustration,
not a surveyed boundary.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Polygon, mapping
from shapely.validation import explain_validity

from ashore.errors import InputError

BUILTIN_AREAS_FOLDER = "areas"


@dataclass(frozen=True)
class Area:
    """One named area: shapely polygons in (longitude, latitude) degrees, and the properties
    of the GeoJSON feature it came from (e.g. ``source``, ``tier``)."""

    name: str
    polygons: tuple[Polygon, ...]
    properties: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.polygons:
            raise InputError(f"area '{self.name}' has no polygons; give at least one Polygon")
        for poly in self.polygons:
            shapely.prepare(poly)

    def contains(self, lat_rad, lon_rad) -> np.ndarray:
        """True where the points (any broadcastable shapes, radians) lie inside any polygon
        (strictly: a point on an edge is outside). Longitudes are wrapped to [-180, 180)."""
        lat = np.degrees(np.asarray(lat_rad, float))
        lon = _wrap_lon_deg(np.degrees(np.asarray(lon_rad, float)))
        lat, lon = np.broadcast_arrays(lat, lon)
        inside = np.zeros(lat.shape, bool)
        for poly in self.polygons:  # a loop over the few polygons, never over points
            inside |= shapely.contains_xy(poly, lon, lat)
        return inside

    def require_site(self, lat_rad: float, lon_rad: float, what: str = "the site") -> None:
        """Raise a one-line InputError unless the point lies inside one of the polygons."""
        if bool(np.all(self.contains(lat_rad, lon_rad))):
            return
        lat, lon = math.degrees(float(lat_rad)), math.degrees(float(lon_rad))
        k = len(self.polygons)
        raise InputError(
            f"{what} ({lat:.5f}, {lon:.5f}) lies outside the area '{self.name}' (checked "
            f"{k} polygon{'s' if k != 1 else ''}); give a site inside the area, or an area "
            "that contains it (GeoJSON positions are [longitude, latitude])")

    @property
    def tier(self) -> str | None:
        return self.properties.get("tier")

    @property
    def source(self) -> str | None:
        return self.properties.get("source")

    def rings_deg(self) -> list[np.ndarray]:
        """Every ring (exteriors and holes) as an (m, 2) array of (lon, lat) degrees."""
        rings = []
        for poly in self.polygons:
            rings.append(np.asarray(poly.exterior.coords)[:, :2])
            rings.extend(np.asarray(hole.coords)[:, :2] for hole in poly.interiors)
        return rings

    def geojson_features(self) -> list[dict]:
        """The polygons as GeoJSON Features (kind ``area``), for output files."""
        props = {"kind": "area", "name": self.name,
                 **{k: v for k, v in self.properties.items() if k in ("source", "tier")}}
        return [{"type": "Feature", "properties": props,
                 "geometry": mapping(poly)} for poly in self.polygons]


def _wrap_lon_deg(lon: np.ndarray) -> np.ndarray:
    return (lon + 180.0) % 360.0 - 180.0


# ---- reading ---------------------------------------------------------------------------------


def load_area(path: str | Path, name: str | None = None) -> Area:
    """Read a GeoJSON file into an :class:`Area`; one-line InputError on any problem.

    The name is ``name``, else the top-level or first polygon feature's ``name`` property,
    else the file name without its extension.
    """
    p = Path(path)
    what = f"area file '{p}'"
    if not p.is_file():
        raise InputError(f"{what} does not exist or is not a file; give a GeoJSON file of "
                         "Polygons (or a built-in area name)")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = (f" at line {exc.lineno}, column {exc.colno}"
                 if isinstance(exc, json.JSONDecodeError) else "")
        raise InputError(f"{what} is not valid JSON{where}; it must be a GeoJSON file") from None
    return area_from_geojson(data, what, name or p.name.removesuffix(".json")
                             .removesuffix(".geojson"))


def area_from_geojson(data: object, what: str, default_name: str) -> Area:
    """An :class:`Area` from parsed GeoJSON (``what`` names the source in error messages)."""
    if not isinstance(data, dict) or "type" not in data:
        raise InputError(f"{what}: expected a GeoJSON object with a 'type' (FeatureCollection, "
                         "Feature, Polygon or MultiPolygon)")
    polygons: list[Polygon] = []
    props: dict = {}
    _collect(data, what, "(top level)", polygons, props)
    if not polygons:
        raise InputError(f"{what} contains no Polygon or MultiPolygon; an area needs at least "
                         "one closed outline")
    name = data.get("name") if isinstance(data.get("name"), str) else None
    name = name or (props.get("name") if isinstance(props.get("name"), str) else None)
    return Area(name or default_name, tuple(polygons), props)


def _collect(obj: object, what: str, where: str, out: list[Polygon], props: dict) -> None:
    if not isinstance(obj, dict):
        raise InputError(f"{what}: {where} should be a GeoJSON object, got {type(obj).__name__}")
    kind = obj.get("type")
    if kind == "FeatureCollection":
        feats = obj.get("features")
        if not isinstance(feats, list):
            raise InputError(f"{what}: {where} is a FeatureCollection without a 'features' list")
        for i, feat in enumerate(feats):
            _collect(feat, what, f"features[{i}]", out, props)
    elif kind == "Feature":
        geom = obj.get("geometry")
        if geom is None:
            return
        before = len(out)
        _collect(geom, what, f"{where}.geometry", out, props)
        fprops = obj.get("properties")
        if len(out) > before and not props and isinstance(fprops, dict):
            props.update(fprops)
    elif kind == "GeometryCollection":
        geoms = obj.get("geometries")
        if not isinstance(geoms, list):
            raise InputError(f"{what}: {where} is a GeometryCollection without a "
                             "'geometries' list")
        for i, g in enumerate(geoms):
            _collect(g, what, f"{where}.geometries[{i}]", out, props)
    elif kind == "Polygon":
        out.append(_polygon(obj.get("coordinates"), what, where, len(out)))
    elif kind == "MultiPolygon":
        coords = obj.get("coordinates")
        if not isinstance(coords, list) or not coords:
            raise InputError(f"{what}: {where} is a MultiPolygon without coordinates")
        for j, c in enumerate(coords):
            out.append(_polygon(c, what, f"{where}.coordinates[{j}]", len(out)))
    elif kind in ("Point", "MultiPoint", "LineString", "MultiLineString"):
        return
    else:
        raise InputError(f"{what}: {where} has unknown GeoJSON type {kind!r}; expected "
                         "FeatureCollection, Feature, Polygon or MultiPolygon")


def _polygon(coords: object, what: str, where: str, index: int) -> Polygon:
    """One Polygon from its GeoJSON rings (exterior first, then holes), checked."""
    if not isinstance(coords, list) or not coords:
        raise InputError(f"{what}: polygon {index + 1} ({where}) has no coordinates; a Polygon "
                         "needs a list of rings of [longitude, latitude] positions")
    rings = []
    for k, ring in enumerate(coords):
        try:
            arr = np.asarray(ring, dtype=float)
        except (TypeError, ValueError):
            arr = None
        if arr is None or arr.ndim != 2 or arr.shape[1] < 2:
            raise InputError(f"{what}: polygon {index + 1} ring {k + 1} is not a list of "
                             "[longitude, latitude] positions")
        arr = arr[:, :2]
        if not np.all(np.isfinite(arr)):
            raise InputError(f"{what}: polygon {index + 1} ring {k + 1} has a non-finite "
                             "coordinate")
        lon, lat = arr[:, 0], arr[:, 1]
        bad_lat = np.abs(lat) > 90.0
        if bad_lat.any() or np.any(np.abs(lon) > 180.0):
            j = int(np.argmax(bad_lat | (np.abs(lon) > 180.0)))
            hint = (" (latitude beyond 90; are the positions [latitude, longitude]? GeoJSON "
                    "wants [longitude, latitude])" if bad_lat.any() and np.all(np.abs(lon) <= 90)
                    else "; longitude must be in [-180, 180] and latitude in [-90, 90]")
            raise InputError(f"{what}: polygon {index + 1} ring {k + 1} position "
                             f"[{lon[j]:g}, {lat[j]:g}] is out of range{hint}")
        if len(np.unique(arr, axis=0)) < 3:
            raise InputError(f"{what}: polygon {index + 1} ring {k + 1} has fewer than 3 "
                             "distinct positions; a ring needs at least 3 corners")
        rings.append(arr)
    poly = Polygon(rings[0], rings[1:])
    if not poly.is_valid:
        reason = explain_validity(poly)
        raise InputError(f"{what}: polygon {index + 1} is not a valid polygon ({reason}); "
                         "redraw it so its edges do not cross or touch themselves")
    if poly.area <= 0.0:
        raise InputError(f"{what}: polygon {index + 1} has zero area")
    return poly


# ---- built-in areas --------------------------------------------------------------------------


def builtin_area_names() -> list[str]:
    """Names of the areas shipped in ``ashore/data/areas`` (file names without extension)."""
    root = resources.files("ashore.data") / BUILTIN_AREAS_FOLDER
    return sorted(e.name.removesuffix(".geojson") for e in root.iterdir()
                  if e.name.endswith(".geojson"))


def builtin_area(name: str) -> Area:
    """A built-in area by name (case-insensitive), e.g. ``mutsumi-training-area``."""
    names = builtin_area_names()
    key = name.strip().lower()
    if key not in names:
        raise InputError(f"unknown area '{name}'; built-in areas are: {', '.join(names)} "
                         "(or give a GeoJSON file)")
    entry = resources.files("ashore.data") / BUILTIN_AREAS_FOLDER / f"{key}.geojson"
    with resources.as_file(entry) as p:
        return load_area(p, name=key)


def resolve_area(text: str | Path) -> Area:
    """An area named by ``text``: an existing GeoJSON file, else a built-in area name."""
    p = Path(text)
    if p.is_file():
        return load_area(p)
    if str(text).strip().lower() in builtin_area_names():
        return builtin_area(str(text))
    raise InputError(f"`area` '{text}' is neither a GeoJSON file nor a built-in area; built-in "
                     f"areas are: {', '.join(builtin_area_names())}", parameter="area")
