"""Terrain elevation models: regular latitude/longitude grids (SRTM ``.hgt``, GeoTIFF), tile
sets, synthetic terrain for tests and benchmarks, and point obstacles.

Conventions
-----------
- Angles are radians, lengths metres (degrees and arc-seconds only in the file readers and
  the synthetic builders, which take what the files and the users speak).
- **Heights are above mean sea level** (the geoid): SRTM heights are referred to the EGM96 geoid
  [@srtm], and the horizon model of :mod:`ashore.sensors.horizon` works on a sphere whose surface is
  mean sea level. The geoid-ellipsoid separation (about 30-40 m around Japan) is *not* applied
  anywhere: do not mix these heights with WGS84 ellipsoidal heights.
- Latitudes and longitudes are geodetic (WGS84, or a datum within a few metres of it); the
  horizon model treats them as coordinates on its sphere, which is the spherical-Earth
  approximation it states.

Grid model
----------
A :class:`Dem` is a regular grid of *nodes*: ``heights_m[i, j]`` is the height at::

    lat_i = lat0 + i * dlat,     lon_j = lon0 + j * dlon        (i = row, j = column)

Steps are signed. SRTM tiles and north-up GeoTIFFs store rows **north to south**, so their ``dlat``
is negative and row 0 is the northern edge. Between nodes, heights are bilinear in (lat, lon) (the
usual reading of a DEM, e.g. GDAL's bilinear resampling on node-registered data [@gdal]); outside
the hull of the nodes the result is a fill value (NaN by default). A void (NaN) at any of the four
surrounding nodes gives NaN.

References
----------
- SRTM: NASA/USGS, *SRTM Topography* (SRTM documentation, 2003; "SRTM v3 / SRTMGL1 user
  guide", LP DAAC, 2015): 1-degree tiles named by their south-west corner, big-endian signed
  16-bit heights in metres above the EGM96 geoid, -32768 for voids, 3601 x 3601 samples at
  1 arc-second or 1201 x 1201 at 3 arc-seconds, rows from north to south, samples centred on
  the integer-degree lines (the edge rows and columns overlap the neighbouring tiles) [@srtm].
- GeoTIFF: OGC GeoTIFF Standard 1.1 (OGC 19-008r4, 2019) [@ogc-geotiff-1-1]: ModelPixelScaleTag
  (33550), ModelTiepointTag (33922), ModelTransformationTag (34264), GeoKeyDirectoryTag (34735),
  GTModelTypeGeoKey (1024), GTRasterTypeGeoKey (1025: 1 = PixelIsArea, 2 = PixelIsPoint),
  GeographicTypeGeoKey (2048), GeogAngularUnitsGeoKey (2054); GDAL's GDAL_NODATA tag (42113)
  [@gdal].
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ashore.earth.constants import R_MEAN_M
from ashore.errors import InputError

__all__ = [
    "Bounds",
    "Dem",
    "DemSet",
    "Obstacle",
    "from_array",
    "read_dem",
    "read_dems",
    "read_geotiff",
    "read_hgt",
    "synthetic_cone",
    "synthetic_ridge",
    "synthetic_terrain",
]

FloatArray = NDArray[np.float64]

_TWO_PI = 2.0 * math.pi
_EDGE_TOL = 1e-6
"""Tolerance, in grid cells, for points on the hull of the nodes (rounding of degree -> rad)."""

HGT_SIZES = {3601: 1, 1201: 3}
"""SRTM ``.hgt`` samples per side -> arc-seconds per sample."""
HGT_VOID = -32768


class Bounds(NamedTuple):
    """Latitude/longitude box of a DEM's nodes [rad]: ``(south, north, west, east)``.

    ``east`` may exceed pi for a grid that crosses the antimeridian (``east - west`` is the
    span)."""

    south_rad: float
    north_rad: float
    west_rad: float
    east_rad: float


# --------------------------------------------------------------------------------------------
# The grid
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Dem:
    """A digital elevation model on a regular latitude/longitude grid of nodes.

    Attributes
    ----------
    heights_m:
        ``(ny, nx)`` float64 heights above mean sea level [m], NaN for voids; row ``i``,
        column ``j`` is the node at ``(lat0 + i dlat, lon0 + j dlon)``. Stored read-only.
    lat0_rad, lon0_rad:
        Latitude and longitude of node ``[0, 0]`` [rad]: for SRTM and north-up GeoTIFFs the
        **north-west** node, since rows run north to south.
    dlat_rad, dlon_rad:
        Signed node spacing [rad]: ``dlat < 0`` when rows run north to south (SRTM, GeoTIFF),
        ``dlon > 0`` when columns run west to east.
    name:
        Label for messages and reports (e.g. the file name).
    """

    heights_m: FloatArray
    lat0_rad: float
    lon0_rad: float
    dlat_rad: float
    dlon_rad: float
    name: str = "dem"

    def __post_init__(self) -> None:
        h = np.asarray(self.heights_m)
        if h.ndim != 2 or h.shape[0] < 2 or h.shape[1] < 2:
            raise InputError(
                f"DEM {self.name!r}: heights must be a 2-D grid of at least 2 x 2 nodes, got "
                f"shape {h.shape}"
            )
        if not np.issubdtype(h.dtype, np.number):
            raise InputError(f"DEM {self.name!r}: heights must be numbers, got dtype {h.dtype}")
        h = np.ascontiguousarray(h, dtype=np.float64)
        if np.isinf(h).any():
            raise InputError(f"DEM {self.name!r}: heights contain infinities; mark voids with "
                             "NaN")
        h.flags.writeable = False
        object.__setattr__(self, "heights_m", h)
        for attr in ("lat0_rad", "lon0_rad", "dlat_rad", "dlon_rad"):
            try:
                v = float(getattr(self, attr))
            except (TypeError, ValueError):
                v = math.nan
            if not math.isfinite(v):
                raise InputError(f"DEM {self.name!r}: {attr}={v!r} must be a finite number")
            object.__setattr__(self, attr, v)
        if self.dlat_rad == 0.0 or self.dlon_rad == 0.0:
            raise InputError(
                f"DEM {self.name!r}: node spacing must be non-zero (dlat_rad={self.dlat_rad!r}, "
                f"dlon_rad={self.dlon_rad!r})"
            )
        ny, nx = h.shape
        lat_end = self.lat0_rad + (ny - 1) * self.dlat_rad
        lim = 0.5 * math.pi * (1.0 + 1e-12)
        if abs(self.lat0_rad) > lim or abs(lat_end) > lim:
            raise InputError(
                f"DEM {self.name!r}: latitudes {math.degrees(self.lat0_rad):.6f} to "
                f"{math.degrees(lat_end):.6f} deg leave [-90, 90]: check the grid origin, the "
                "spacing and that angles are in radians"
            )
        if (nx - 1) * abs(self.dlon_rad) > _TWO_PI * (1.0 + 1e-12):
            raise InputError(
                f"DEM {self.name!r}: {nx} columns at {math.degrees(abs(self.dlon_rad)):g} deg "
                "span more than 360 deg of longitude: check the spacing"
            )

    # ---- geometry ------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        """``(ny, nx)``: rows, columns."""
        return self.heights_m.shape  # type: ignore[return-value]

    @property
    def lat_rad(self) -> FloatArray:
        """Latitudes of the rows ``(ny,)`` [rad]."""
        return self.lat0_rad + np.arange(self.shape[0]) * self.dlat_rad

    @property
    def lon_rad(self) -> FloatArray:
        """Longitudes of the columns ``(nx,)`` [rad] (not wrapped)."""
        return self.lon0_rad + np.arange(self.shape[1]) * self.dlon_rad

    @property
    def bounds(self) -> Bounds:
        """The box of the nodes, ``Bounds(south, north, west, east)`` [rad]."""
        ny, nx = self.shape
        lat1 = self.lat0_rad + (ny - 1) * self.dlat_rad
        lon1 = self.lon0_rad + (nx - 1) * self.dlon_rad
        return Bounds(min(self.lat0_rad, lat1), max(self.lat0_rad, lat1),
                      min(self.lon0_rad, lon1), max(self.lon0_rad, lon1))

    def min_spacing_m(self, lat_rad: float | None = None) -> float:
        """Smaller of the north-south and east-west node spacings [m] on the mean sphere, at
        ``lat_rad`` (default: the grid's centre latitude): ``R min(|dlat|, |dlon| cos lat)``."""
        if lat_rad is None:
            b = self.bounds
            lat_rad = 0.5 * (b.south_rad + b.north_rad)
        ew = abs(self.dlon_rad) * max(math.cos(lat_rad), 1e-6)
        return R_MEAN_M * min(abs(self.dlat_rad), ew)

    # ---- grid coordinates ----------------------------------------------------------------
    def _west_rad(self) -> float:
        return self.bounds.west_rad

    def grid_index(self, lat_rad: ArrayLike, lon_rad: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Fractional (row, column) indices of points: ``((lat - lat0) / dlat, (lon - lon0) /
        dlon)``, with the longitude difference taken modulo 2 pi so that the point falls east of
        the grid's western edge (grids may straddle the antimeridian)."""
        lat = np.asarray(lat_rad, dtype=np.float64)
        lon = np.asarray(lon_rad, dtype=np.float64)
        fy = (lat - self.lat0_rad) / self.dlat_rad
        west = self._west_rad()
        off = np.mod(lon - west, _TWO_PI)  # in [0, 2 pi): east of the western edge
        # a point a hair west of the western edge comes back as ~2 pi: bring it back
        off = np.where(off > _TWO_PI - _EDGE_TOL * abs(self.dlon_rad), off - _TWO_PI, off)
        if self.dlon_rad > 0:
            fx = off / self.dlon_rad
        else:
            fx = (self.shape[1] - 1) + off / self.dlon_rad
        return fy, fx

    def contains(self, lat_rad: ArrayLike, lon_rad: ArrayLike) -> NDArray[np.bool_]:
        """Whether points lie inside the hull of the nodes (edges included), numpy bool array."""
        fy, fx = self.grid_index(lat_rad, lon_rad)
        ny, nx = self.shape
        return ((fy >= -_EDGE_TOL) & (fy <= ny - 1 + _EDGE_TOL)
                & (fx >= -_EDGE_TOL) & (fx <= nx - 1 + _EDGE_TOL))

    def height_at(self, lat_rad: ArrayLike, lon_rad: ArrayLike,
                  fill: float = np.nan) -> FloatArray:
        """Bilinear height above mean sea level [m] at points, any broadcastable shapes.

        With fractional indices ``y = (lat - lat0) / dlat``, ``x = (lon - lon0) / dlon``,
        ``i = floor(y)``, ``j = floor(x)``, ``t = y - i``, ``u = x - j``::

            h = (1-t)(1-u) H[i, j] + (1-t) u H[i, j+1] + t (1-u) H[i+1, j] + t u H[i+1, j+1]

        which returns the node heights exactly at the nodes (edges and corners included).
        Points outside the hull of the nodes get ``fill`` (NaN by default; pass ``fill=0`` to
        treat the outside as sea). A void (NaN) at any of the four nodes gives NaN.
        """
        fy, fx = self.grid_index(lat_rad, lon_rad)
        return _bilinear(self._flat, *self.shape, fy, fx, fill)

    @cached_property
    def _flat(self) -> FloatArray:
        return self.heights_m.reshape(-1)

    @cached_property
    def _flat32(self) -> NDArray[np.float32]:
        """float32 copy of the heights for the horizon's hot path (half the memory traffic):
        exact for whole metres (SRTM) and float32 sources, within 0.5 float32 ulp (~0.1 mm at
        2,000 m) otherwise."""
        return self.heights_m.astype(np.float32).reshape(-1)

    @property
    def _tiles(self) -> tuple[Dem, ...]:
        return (self,)

    @cached_property
    def _height_range(self) -> tuple[float, float]:
        """``(min, max)`` of the non-void heights of :attr:`_flat32` [m] (the values the
        horizon's hot path reads); ``(nan, nan)`` if all are voids."""
        flat = self._flat32
        return float(np.fmin.reduce(flat)), float(np.fmax.reduce(flat))  # NaN-ignoring

    def _block_max(self, b: int) -> FloatArray:
        """Maximum height over blocks of nodes, for bounding: ``M[I, J]`` is the largest height
        of :attr:`_flat32` (the values the horizon's hot path reads) over the nodes in rows
        ``I b .. I b + b`` and columns ``J b .. J b + b`` (inclusive, so neighbouring blocks
        share an edge), ``-inf`` where they are all voids. Cached per ``b``."""
        cache = self.__dict__.setdefault("_block_max_cache", {})
        if b in cache:
            return cache[b]
        with np.errstate(invalid="ignore"):
            m = _block_fmax(_block_fmax(self._flat32.reshape(self.shape), b, axis=0), b,
                            axis=1).astype(np.float64)
        m[np.isnan(m)] = -np.inf
        cache[b] = m
        return m

    def _dilated_block_max(self, b: int) -> FloatArray:
        """:meth:`_block_max` padded with two rings of ``-inf`` blocks and dilated by one block:
        ``D[I + 2, J + 2]`` bounds every node within one block (``b`` nodes) of block ``(I, J)``
        (rows ``(I - 1) b .. (I + 2) b``), for ``-2 <= I <= nby + 1``; the outer ring stays
        ``-inf``. Cached per ``b``."""
        cache = self.__dict__.setdefault("_dilated_cache", {})
        if b in cache:
            return cache[b]
        m = self._block_max(b)
        nby, nbx = m.shape
        p = np.full((nby + 4, nbx + 4), -np.inf)
        p[2:-2, 2:-2] = m
        d = p.copy()
        core = d[1:-1, 1:-1]
        for di in (0, 1, 2):
            for dj in (0, 1, 2):
                np.maximum(core, p[di:di + nby + 2, dj:dj + nbx + 2], out=core)
        cache[b] = d
        return d

    def __repr__(self) -> str:
        b = self.bounds
        return (f"Dem({self.name!r}, {self.shape[0]} x {self.shape[1]}, "
                f"lat {math.degrees(b.south_rad):.4f}..{math.degrees(b.north_rad):.4f} deg, "
                f"lon {math.degrees(b.west_rad):.4f}..{math.degrees(b.east_rad):.4f} deg)")


def _block_fmax(h: FloatArray, b: int, axis: int) -> FloatArray:
    """NaN-ignoring maximum along ``axis`` over the index blocks ``[I b, I b + b]`` (inclusive;
    the last block is cut at the end), ``ceil((n - 1) / b)`` blocks."""
    h = np.moveaxis(h, axis, 0)
    n = h.shape[0]
    nb = -(-(n - 1) // b)
    full = (n - 1) // b  # blocks whose b rows I b .. I b + b - 1 all exist
    out = np.empty((nb, *h.shape[1:]), dtype=h.dtype)
    if full:
        out[:full] = np.fmax.reduce(h[: full * b].reshape(full, b, *h.shape[1:]), axis=1)
        np.fmax(out[:full], h[b: full * b + 1: b], out=out[:full])
    if nb > full:
        out[full] = np.fmax.reduce(h[full * b:], axis=0)
    return np.moveaxis(out, 0, axis)


def _bilinear(flat: FloatArray, ny: int, nx: int, fy: FloatArray, fx: FloatArray,
              fill: float) -> FloatArray:
    """Bilinear interpolation in a C-ordered ``(ny, nx)`` grid given as ``flat``, at fractional
    indices ``(fy, fx)`` (broadcast); ``fill`` outside ``[0, ny-1] x [0, nx-1]``."""
    fy, fx = np.broadcast_arrays(np.asarray(fy, dtype=np.float64),
                                 np.asarray(fx, dtype=np.float64))
    shape = fy.shape
    fy = fy.reshape(-1)
    fx = fx.reshape(-1)
    inside = (fy >= -_EDGE_TOL) & (fy <= ny - 1 + _EDGE_TOL)
    inside &= fx >= -_EDGE_TOL
    inside &= fx <= nx - 1 + _EDGE_TOL
    y = np.clip(fy, 0.0, ny - 1.0)
    x = np.clip(fx, 0.0, nx - 1.0)
    iy = y.astype(np.intp)
    ix = x.astype(np.intp)
    np.minimum(iy, ny - 2, out=iy)
    np.minimum(ix, nx - 2, out=ix)
    t = y - iy
    u = x - ix
    k = iy * nx
    k += ix
    h00 = flat.take(k)
    h01 = flat.take(k + 1)
    k += nx
    h10 = flat.take(k)
    h11 = flat.take(k + 1)
    top = h00 + u * (h01 - h00)
    bot = h10 + u * (h11 - h10)
    h = top + t * (bot - top)
    out = np.where(inside, h, fill).reshape(shape)
    return out[()] if out.ndim == 0 else out


@dataclass(frozen=True, eq=False)
class DemSet:
    """Several DEM tiles used as one: each point takes its height from the first tile (in the
    given order) whose node hull contains it and has data there (a void falls through to the
    next tile); points in no tile get ``fill``, points in voids of every tile NaN.

    Put the preferred source first when tiles overlap (SRTM neighbours share their edge rows,
    which hold the same values). Lookups are vectorised per tile, not per point.
    """

    tiles: tuple[Dem, ...]
    name: str = "demset"

    def __post_init__(self) -> None:
        tiles = tuple(self.tiles)
        if not tiles:
            raise InputError("DemSet needs at least one tile: give a non-empty list of Dem")
        for t in tiles:
            if not isinstance(t, Dem):
                raise InputError(f"DemSet tiles must be Dem objects, got {type(t).__name__}")
        object.__setattr__(self, "tiles", tiles)

    @property
    def bounds(self) -> Bounds:
        """Union of the tiles' boxes, ``Bounds(south, north, west, east)`` [rad] (not wrapped
        across the antimeridian)."""
        bs = [t.bounds for t in self.tiles]
        return Bounds(min(b.south_rad for b in bs), max(b.north_rad for b in bs),
                      min(b.west_rad for b in bs), max(b.east_rad for b in bs))

    def min_spacing_m(self, lat_rad: float | None = None) -> float:
        """Finest node spacing of any tile [m] (see :meth:`Dem.min_spacing_m`)."""
        return min(t.min_spacing_m(lat_rad) for t in self.tiles)

    def contains(self, lat_rad: ArrayLike, lon_rad: ArrayLike) -> NDArray[np.bool_]:
        """Whether points lie inside any tile."""
        lat, lon = np.broadcast_arrays(np.asarray(lat_rad, dtype=np.float64),
                                       np.asarray(lon_rad, dtype=np.float64))
        out = np.zeros(lat.shape, dtype=bool)
        for t in self.tiles:
            out |= t.contains(lat, lon)
        return out

    def height_at(self, lat_rad: ArrayLike, lon_rad: ArrayLike,
                  fill: float = np.nan) -> FloatArray:
        """Bilinear height [m] from the first tile holding data at each point (see
        :meth:`Dem.height_at`); ``fill`` where no tile contains the point."""
        lat, lon = np.broadcast_arrays(np.asarray(lat_rad, dtype=np.float64),
                                       np.asarray(lon_rad, dtype=np.float64))
        out = np.full(lat.shape, np.nan, dtype=np.float64)
        todo = np.ones(lat.shape, dtype=bool)
        inside = np.zeros(lat.shape, dtype=bool)
        for t in self.tiles:
            m = todo & t.contains(lat, lon)
            if m.any():
                inside |= m
                v = t.height_at(lat[m], lon[m])
                out[m] = v
                m[m] = ~np.isnan(v)  # a void stays to do: a later tile may have data there
                todo &= ~m
                if not todo.any():
                    break
        out[~inside] = fill
        return out[()] if out.ndim == 0 else out

    @property
    def _tiles(self) -> tuple[Dem, ...]:
        return self.tiles


@dataclass(frozen=True)
class Obstacle:
    """A point obstacle (mast, wind turbine, building) that the DEM does not hold.

    Attributes
    ----------
    name:
        Label for reports.
    lat_rad, lon_rad:
        Position [rad].
    height_m:
        Height of its **top above mean sea level** [m] (ground height plus structure height),
        the same datum as the DEM heights.
    """

    name: str
    lat_rad: float
    lon_rad: float
    height_m: float

    def __post_init__(self) -> None:
        for attr in ("lat_rad", "lon_rad", "height_m"):
            v = getattr(self, attr)
            if not (isinstance(v, int | float | np.floating | np.integer) and math.isfinite(v)):
                raise InputError(f"obstacle {self.name!r}: {attr}={v!r} must be a finite number")
        if abs(self.lat_rad) > 0.5 * math.pi:
            raise InputError(
                f"obstacle {self.name!r}: lat_rad={self.lat_rad!r} is outside [-pi/2, pi/2]: "
                "give radians"
            )


# --------------------------------------------------------------------------------------------
# Builders and readers
# --------------------------------------------------------------------------------------------


def from_array(heights: ArrayLike, lat0_deg: float, lon0_deg: float, dlat_deg: float,
               dlon_deg: float, name: str = "array") -> Dem:
    """A :class:`Dem` from a plain ``(ny, nx)`` array of heights above mean sea level [m] whose
    node ``[0, 0]`` is at ``(lat0_deg, lon0_deg)`` and whose signed spacings are ``dlat_deg``
    (negative for rows north to south) and ``dlon_deg`` [deg]. NaN marks voids."""
    return Dem(np.asarray(heights, dtype=np.float64), math.radians(lat0_deg),
               math.radians(lon0_deg), math.radians(dlat_deg), math.radians(dlon_deg), name)


_HGT_NAME = re.compile(r"^([NS])(\d{1,2})([EW])(\d{1,3})", re.IGNORECASE)


def _hgt_corner(name: str) -> tuple[int, int]:
    m = _HGT_NAME.match(name)
    lat = lon = None
    if m:
        lat = int(m.group(2)) * (1 if m.group(1).upper() == "N" else -1)
        lon = int(m.group(4)) * (1 if m.group(3).upper() == "E" else -1)
    if m is None or not (-90 <= lat < 90 and -180 <= lon < 180):
        raise InputError(
            f"cannot read the tile position from the file name {name!r}: SRTM .hgt files are "
            "named by their south-west corner, like N39E140.hgt or S12W077.hgt; rename the file"
        )
    return lat, lon


def read_hgt(path: str | Path) -> Dem:
    """Read an SRTM ``.hgt`` tile (or a ``.hgt.zip`` holding one) as a :class:`Dem`.

    Format (SRTM documentation; LP DAAC SRTMGL1/SRTMGL3 user guide [@srtm]): a 1 x 1 degree tile of
    big-endian int16 heights [m above the EGM96 geoid], ``n x n`` samples with ``n = 3601``
    (1 arc-second, 25,934,402 bytes) or ``n = 1201`` (3 arc-seconds, 2,884,802 bytes), -32768
    for voids. The name (``N39E140.hgt``) gives the **south-west** corner, latitude ``L`` and
    longitude ``M``. Rows run north to south: row 0 is the northern edge at ``L + 1``, row
    ``n - 1`` the southern edge at ``L``; columns run west to east from ``M`` to ``M + 1``.
    Samples lie *on* the integer-degree lines (node-registered), so the edges are shared with
    the neighbouring tiles. Hence ``lat0 = L + 1``, ``dlat = -1/(n-1)``, ``lon0 = M``,
    ``dlon = +1/(n-1)`` [deg]. Voids become NaN.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"DEM file not found: {str(p)!r}: give the path of an SRTM tile such "
                         "as N39E140.hgt")
    name = p.name
    try:
        if p.suffix.lower() == ".zip":
            with zipfile.ZipFile(p) as z:
                members = [m for m in z.namelist() if m.lower().endswith(".hgt")]
                if len(members) != 1:
                    raise InputError(f"{str(p)!r} holds {len(members)} .hgt files; expected "
                                     "exactly one (unzip it and read the .hgt file instead)")
                name = Path(members[0]).name
                data = z.read(members[0])
        else:
            data = p.read_bytes()
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"cannot read DEM file {str(p)!r}: {exc}") from None
    lat, lon = _hgt_corner(name)
    sizes = {2 * n * n: n for n in HGT_SIZES}
    n = sizes.get(len(data))
    if n is None:
        raise InputError(
            f"SRTM file {str(p)!r} has {len(data):,} bytes; expected 25,934,402 (3601 x 3601, "
            "1 arc-second) or 2,884,802 (1201 x 1201, 3 arc-seconds): the file is truncated or "
            "not an SRTM .hgt tile; download it again"
        )
    raw = np.frombuffer(data, dtype=">i2").reshape(n, n)
    h = raw.astype(np.float64)
    h[raw == HGT_VOID] = np.nan
    step = 1.0 / (n - 1)
    return from_array(h, lat + 1.0, float(lon), -step, step, name=Path(name).stem)


# GeoTIFF tags and keys (OGC 19-008r4 [@ogc-geotiff-1-1]; GDAL_NODATA: [@gdal])
_TAG_PIXEL_SCALE = 33550
_TAG_TIEPOINT = 33922
_TAG_TRANSFORM = 34264
_TAG_GEOKEYS = 34735
_TAG_GDAL_NODATA = 42113
_KEY_MODEL_TYPE = 1024
_KEY_RASTER_TYPE = 1025
_KEY_GEOGRAPHIC_TYPE = 2048
_KEY_ANGULAR_UNITS = 2054
_KEY_PROJECTED_TYPE = 3072
_MODEL_GEOGRAPHIC = 2
_RASTER_PIXEL_IS_POINT = 2
_ANGULAR_DEGREE = 9102
_USER_DEFINED = 32767
# geographic CRSs accepted as WGS84 (ITRF-aligned datums, within a few metres of WGS84):
# WGS 84, NAD83, ETRS89, GDA94, GDA2020, JGD2000, JGD2011
_WGS84_LIKE = {4326: "WGS 84", 4269: "NAD83", 4258: "ETRS89", 4283: "GDA94", 7844: "GDA2020",
               4612: "JGD2000", 6668: "JGD2011"}


def _geokeys(raw: Sequence[int]) -> dict[int, int]:
    """Short (inline) values of a GeoKeyDirectoryTag: ``{key id: value}``."""
    vals = [int(v) for v in raw]
    if len(vals) < 4:
        return {}
    n = vals[3]
    keys = {}
    for i in range(n):
        entry = vals[4 + 4 * i: 8 + 4 * i]
        if len(entry) < 4:
            break
        key, loc, _count, value = entry
        if loc == 0:
            keys[key] = value
    return keys


def read_geotiff(path: str | Path) -> Dem:
    """Read a single-band GeoTIFF in geographic coordinates (EPSG:4326) as a :class:`Dem`.

    The georeference comes from ModelPixelScaleTag ``(sx, sy, sz)`` and ModelTiepointTag
    ``(i, j, k, X, Y, Z)`` (raster point ``(i, j)`` = model point ``(lon X, lat Y)`` in degrees), or
    from a ModelTransformationTag without rotation. With the GeoTIFF raster space convention
    (OGC 19-008r4, sect. 7.5 [@ogc-geotiff-1-1]), the centre of the pixel in row ``r``, column
    ``c`` is at raster point ``(c + 1/2, r + 1/2)`` for ``PixelIsArea`` (the default) and
    ``(c, r)`` for ``PixelIsPoint``; its coordinates are::

        lon = X + (c + o - i) sx,    lat = Y - (r + o - j) sy,    o = 1/2 (Area) or 0 (Point)

    and the :class:`Dem` nodes are the pixel centres (``lat0`` = row 0, ``dlat = -sy``). Values
    equal to the GDAL_NODATA tag (42113) [@gdal], when present, become NaN. The CRS must be
    geographic (GTModelTypeGeoKey = 2) in degrees, with a WGS84-compatible datum (EPSG 4326, or an
    ITRF-aligned one: 4269, 4258, 4283, 7844, 4612, 6668); reproject others first (e.g.
    ``gdalwarp -t_srs EPSG:4326 in.tif out.tif``).
    """
    import tifffile

    p = Path(path)
    if not p.is_file():
        raise InputError(f"DEM file not found: {str(p)!r}: give the path of a GeoTIFF (.tif)")
    try:
        with tifffile.TiffFile(p) as tif:
            page = tif.pages[0]
            tags = {t.code: t.value for t in page.tags.values()}
            data = page.asarray()
    except Exception as exc:  # tifffile raises several types for damaged files
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"cannot read GeoTIFF {str(p)!r}: {msg}: check that the file is a "
                         "complete TIFF") from None
    data = np.asarray(data)
    if data.ndim > 2:
        data = np.squeeze(data)  # (1, ny, nx) or (ny, nx, 1): one band
    if data.ndim != 2:
        raise InputError(f"GeoTIFF {str(p)!r} has data of shape {data.shape}; expected a "
                         "single band (extract one, e.g. gdal_translate -b 1)")
    if not np.issubdtype(data.dtype, np.number) or np.iscomplexobj(data):
        raise InputError(f"GeoTIFF {str(p)!r} holds {data.dtype} values; expected heights")
    if _TAG_GEOKEYS not in tags:
        raise InputError(f"GeoTIFF {str(p)!r} has no GeoKeyDirectoryTag (34735): it is a plain "
                         "TIFF without a coordinate system; georeference it in EPSG:4326")
    keys = _geokeys(tags[_TAG_GEOKEYS])
    model = keys.get(_KEY_MODEL_TYPE)
    if model != _MODEL_GEOGRAPHIC:
        what = {1: "projected", 3: "geocentric"}.get(model, f"model type {model}")
        if model == 1 and _KEY_PROJECTED_TYPE in keys:
            what += f" (EPSG:{keys[_KEY_PROJECTED_TYPE]})"
        raise InputError(
            f"GeoTIFF {str(p)!r} is in a {what} coordinate system; ashore reads geographic "
            "latitude/longitude grids only: reproject with gdalwarp -t_srs EPSG:4326"
        )
    gcs = keys.get(_KEY_GEOGRAPHIC_TYPE, 4326)
    if gcs not in _WGS84_LIKE:
        raise InputError(
            f"GeoTIFF {str(p)!r} uses geographic CRS EPSG:{gcs}, not WGS84 or an ITRF-aligned "
            "datum: reproject with gdalwarp -t_srs EPSG:4326"
        )
    unit = keys.get(_KEY_ANGULAR_UNITS, _ANGULAR_DEGREE)
    if unit != _ANGULAR_DEGREE:
        raise InputError(f"GeoTIFF {str(p)!r} has angular unit code {unit}; expected degrees "
                         "(9102): reproject with gdalwarp -t_srs EPSG:4326")
    offset = 0.0 if keys.get(_KEY_RASTER_TYPE, 1) == _RASTER_PIXEL_IS_POINT else 0.5

    if _TAG_PIXEL_SCALE in tags and _TAG_TIEPOINT in tags:
        scale = [float(v) for v in tags[_TAG_PIXEL_SCALE]]
        tie = [float(v) for v in tags[_TAG_TIEPOINT]]
        if len(scale) < 2 or len(tie) < 6:
            raise InputError(f"GeoTIFF {str(p)!r}: ModelPixelScaleTag or ModelTiepointTag is "
                             "too short")
        if len(tie) > 6:
            raise InputError(f"GeoTIFF {str(p)!r} has {len(tie) // 6} tie points (a warped "
                             "grid); resample it to a regular grid with gdalwarp first")
        sx, sy = scale[0], scale[1]
        i0, j0, x0, y0 = tie[0], tie[1], tie[3], tie[4]
        lon0 = x0 + (offset - i0) * sx
        lat0 = y0 - (offset - j0) * sy
        dlon, dlat = sx, -sy
    elif _TAG_TRANSFORM in tags:
        m = [float(v) for v in tags[_TAG_TRANSFORM]]
        if len(m) < 16 or m[1] != 0.0 or m[4] != 0.0:
            raise InputError(f"GeoTIFF {str(p)!r}: ModelTransformationTag has rotation or "
                             "shear; resample it to a north-up grid with gdalwarp first")
        dlon, dlat = m[0], m[5]
        lon0 = m[3] + offset * dlon
        lat0 = m[7] + offset * dlat
    else:
        raise InputError(
            f"GeoTIFF {str(p)!r} lacks ModelPixelScaleTag (33550) and ModelTiepointTag "
            "(33922): cannot place the grid; georeference it (e.g. gdal_translate -a_ullr)"
        )
    h = data.astype(np.float64)
    nodata = tags.get(_TAG_GDAL_NODATA)
    if nodata is not None:
        try:
            nd = float(str(nodata).strip().strip("\x00"))
        except ValueError:
            raise InputError(f"GeoTIFF {str(p)!r}: GDAL_NODATA tag {nodata!r} is not a "
                             "number") from None
        if not math.isnan(nd):
            h[h == nd] = np.nan
    return from_array(h, lat0, lon0, dlat, dlon, name=p.stem)


def read_dem(path: str | Path) -> Dem:
    """Read a DEM file, choosing the reader by suffix: ``.hgt`` / ``.hgt.zip`` -> :func:`read_hgt`,
    ``.tif`` / ``.tiff`` -> :func:`read_geotiff`."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".hgt" or (suffix == ".zip" and p.name.lower().endswith(".hgt.zip")):
        return read_hgt(p)
    if suffix in (".tif", ".tiff"):
        return read_geotiff(p)
    raise InputError(f"unknown DEM file type {p.name!r}: give an SRTM .hgt (or .hgt.zip) tile "
                     "or a GeoTIFF (.tif) in EPSG:4326")


def read_dems(paths: Iterable[str | Path]) -> DemSet:
    """Read several DEM files (see :func:`read_dem`) into a :class:`DemSet`, in the order
    given."""
    paths = list(paths)
    if not paths:
        raise InputError("no DEM files given: pass at least one .hgt or .tif path")
    return DemSet(tuple(read_dem(p) for p in paths), name="+".join(Path(p).stem for p in paths))


# --------------------------------------------------------------------------------------------
# Synthetic terrain (tests, benchmarks, examples)
# --------------------------------------------------------------------------------------------


def _square_grid(center_lat_deg: float, center_lon_deg: float, size_deg: float,
                 step_arcsec: float) -> tuple[int, float, float, float]:
    """An odd number of nodes per side, with the centre on the middle node; rows north to
    south. Returns ``(n, lat0_deg, lon0_deg, step_deg)``."""
    if not (size_deg > 0 and step_arcsec > 0):
        raise InputError(f"synthetic DEM: size_deg={size_deg!r} and step_arcsec={step_arcsec!r} "
                         "must be positive")
    step = step_arcsec / 3600.0
    half = int(round(0.5 * size_deg / step))
    if half < 1:
        raise InputError(f"synthetic DEM: size_deg={size_deg!r} is smaller than two steps of "
                         f"{step_arcsec!r} arc-seconds")
    n = 2 * half + 1
    return n, center_lat_deg + half * step, center_lon_deg - half * step, step


def _sphere_distance_m(lat1, lon1, lat2, lon2):
    """Great-circle distance on the mean sphere [m] (haversine [@sinnott-1984]; rad in)."""
    a = (np.sin(0.5 * (lat2 - lat1)) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin(0.5 * (lon2 - lon1)) ** 2)
    return 2.0 * R_MEAN_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def synthetic_cone(center_lat_deg: float, center_lon_deg: float, peak_m: float,
                   radius_m: float, size_deg: float = 0.5, step_arcsec: float = 3.0,
                   base_m: float = 0.0, name: str = "cone") -> Dem:
    """A conical mountain on flat ground, for closed-form tests::

        h(s) = base + peak * max(0, 1 - s / radius)

    with ``s`` the great-circle distance [m] from the centre on the mean sphere (R1). The grid
    is ``size_deg`` square, ``step_arcsec`` spacing, rows north to south, with the peak on the
    middle node so that it is represented exactly; ``peak_m`` is the height of the summit above
    ``base_m`` [m]."""
    if not (radius_m > 0):
        raise InputError(f"synthetic_cone: radius_m={radius_m!r} must be positive")
    n, lat0, lon0, step = _square_grid(center_lat_deg, center_lon_deg, size_deg, step_arcsec)
    lat = np.radians(lat0 - step * np.arange(n))[:, None]
    lon = np.radians(lon0 + step * np.arange(n))[None, :]
    s = _sphere_distance_m(math.radians(center_lat_deg), math.radians(center_lon_deg), lat, lon)
    h = base_m + peak_m * np.maximum(0.0, 1.0 - s / radius_m)
    return from_array(h, lat0, lon0, -step, step, name=name)


def synthetic_ridge(center_lat_deg: float, center_lon_deg: float, strike_deg: float,
                    crest_m: float, half_width_m: float, size_deg: float = 0.5,
                    step_arcsec: float = 3.0, base_m: float = 0.0,
                    name: str = "ridge") -> Dem:
    """A straight ridge of triangular cross-section along the great circle through
    ``(center_lat_deg, center_lon_deg)`` with azimuth ``strike_deg`` (clockwise from north)::

        h = base + crest * max(0, 1 - |x| / half_width),    x = R asin(sin(s/R) sin(az - strike))

    ``x`` is the cross-track distance [m] from the crest line on the mean sphere (Williams,
    *Aviation Formulary*, "cross track error") with ``s`` and ``az`` the distance and azimuth
    of the node from the centre point. Grid as in :func:`synthetic_cone`."""
    if not (half_width_m > 0):
        raise InputError(f"synthetic_ridge: half_width_m={half_width_m!r} must be positive")
    n, lat0, lon0, step = _square_grid(center_lat_deg, center_lon_deg, size_deg, step_arcsec)
    lat = np.radians(lat0 - step * np.arange(n))[:, None]
    lon = np.radians(lon0 + step * np.arange(n))[None, :]
    p1, l1 = math.radians(center_lat_deg), math.radians(center_lon_deg)
    s = _sphere_distance_m(p1, l1, lat, lon) / R_MEAN_M
    az = np.arctan2(np.sin(lon - l1) * np.cos(lat),
                    math.cos(p1) * np.sin(lat) - math.sin(p1) * np.cos(lat) * np.cos(lon - l1))
    x = R_MEAN_M * np.arcsin(np.sin(s) * np.sin(az - math.radians(strike_deg)))
    h = base_m + crest_m * np.maximum(0.0, 1.0 - np.abs(x) / half_width_m)
    return from_array(h, lat0, lon0, -step, step, name=name)


def synthetic_terrain(seed: int, center_lat_deg: float = 39.5, center_lon_deg: float = 140.5,
                      size_deg: float = 1.0, step_arcsec: float = 1.0, relief_m: float = 1500.0,
                      hurst: float = 0.8, sea_fraction: float = 0.2,
                      name: str = "synthetic") -> Dem:
    """Random, fractal-like terrain for benchmarks and examples (not a model of any real place).

    A sum of value-noise octaves: at octave ``o`` a ``(2^o + 2)``-square grid of standard normal
    values (``numpy.random.default_rng(seed)``) is bilinearly upsampled to the DEM and weighted by
    ``2^(-o H)`` (``H = hurst``; amplitude ~ wavelength^H, as for fractional Brownian surfaces,
    Mandelbrot 1982 [@mandelbrot-1982]), for wavelengths from the tile size down to two nodes. The
    sum is shifted so that the ``sea_fraction`` quantile is sea level (lower ground is set to 0,
    i.e. sea) and scaled so that the highest point is ``relief_m`` [m]. The grid is as in
    :func:`synthetic_cone` (e.g. 3601 x 3601 for ``size_deg=1, step_arcsec=1``, an SRTM 1" tile's
    shape)."""
    n, lat0, lon0, step = _square_grid(center_lat_deg, center_lon_deg, size_deg, step_arcsec)
    rng = np.random.default_rng(seed)
    total = np.zeros((n, n))
    pos = np.arange(n) / (n - 1)  # node position in [0, 1]
    octave = 0
    while True:
        m = 2 ** octave  # cells per side at this octave
        if m > (n - 1) // 2:
            break
        g = rng.standard_normal((m + 1, m + 1))
        x = pos * m
        i = np.minimum(x.astype(np.intp), m - 1)
        t = x - i
        rows = g[i] * (1.0 - t)[:, None] + g[i + 1] * t[:, None]  # (n, m+1)
        total += (2.0 ** (-octave * hurst)) * (rows[:, i] * (1.0 - t) + rows[:, i + 1] * t)
        octave += 1
    sea = np.quantile(total, sea_fraction) if sea_fraction > 0 else total.min()
    total -= sea
    np.maximum(total, 0.0, out=total)
    top = total.max()
    if top > 0:
        total *= relief_m / top
    return from_array(total, lat0, lon0, -step, step, name=name)
