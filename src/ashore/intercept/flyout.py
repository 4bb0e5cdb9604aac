"""Fly-out fans: how soon an interceptor can reach each point of a range-altitude grid.

A fan is a family of trajectories of one interceptor launched over launch elevations from
vertical down to its minimum, flown once in the full Earth model *without rotation* (so it is
the same in every azimuth; Earth rotation bends real fly-outs by a few km, which the
interceptor's mid-course guidance takes out: see :mod:`ashore.intercept.verify`) and stopped
at the maximum fly-out time. The trajectories sampled in time form a mesh over (launch
elevation, time); mapped to (ground range, altitude) each mesh quad becomes a small
quadrilateral, split into two triangles. Every grid node inside a triangle takes the linear
(barycentric) interpolation of time, launch elevation and velocity there, and keeps the
earliest time over all triangles that cover it, so where rising and falling branches of
different trajectories overlap, the quicker one wins. Nodes no trajectory reaches within the
time limit are NaN.

Ground range is measured on the mean sphere between the geodetic verticals of the site and
the point, R_mean * acos(n_site . n_point), and altitude is geodetic; :func:`range_altitude`
computes both for any positions so lookups match the table's definition.

Fans are built once per interceptor type and Earth model, cached on disk (``ASHORE_CACHE_DIR``
or the user cache directory) as ``.npz`` keyed by a hash of everything that shapes them, and
looked up by bilinear interpolation.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from ashore.earth.constants import R_MEAN_M
from ashore.earth.frames import ecef_to_geodetic, up_vector
from ashore.earth.model import EarthModel
from ashore.errors import InputError
from ashore.flight.trajectory import Flights
from ashore.intercept.interceptor import Interceptor, fly_interceptor

FAN_VERSION = 4
"""Bump when the table's construction changes, to invalidate cached fans."""

FAN_ELEVATIONS = 241
FAN_TIME_SAMPLES = 1801
FAN_RANGE_CELLS = 401
FAN_ALT_CELLS = 301
FIELDS = ("time_s", "elevation_rad", "v_up_m_s", "v_horizontal_m_s", "cutoff_s")
CUTOFF_FRACTIONS = (1.0, 0.75, 0.5, 0.3)
"""Energy management: the fan is also flown with the thrust cut off early, at these fractions
of the powered flight after the pitch-over (t_turn + f (t_burn - t_turn)), so that more
impulse never shrinks the set of points reached: a faster interceptor can fly a slower one's
low, flat paths. (A solid motor cannot be shut down; read this as the energy a real
interceptor wastes by shaping its path.)"""


def ground_range_m(up_site: np.ndarray, up_point: np.ndarray) -> np.ndarray:
    """R_mean * angle between two geodetic verticals (..., 3), in metres (stable atan2 form)."""
    cross = np.linalg.norm(np.cross(up_site, up_point), axis=-1)
    dot = np.einsum("...i,...i->...", up_site, up_point)
    return R_MEAN_M * np.arctan2(cross, dot)


def range_altitude(r_ecef, site_lat_rad, site_lon_rad, earth: EarthModel):
    """Ground range (m, as the fan defines it) and geodetic altitude (m) of positions."""
    lat, lon, alt = ecef_to_geodetic(r_ecef, earth.ellipsoid)
    return ground_range_m(up_vector(site_lat_rad, site_lon_rad), up_vector(lat, lon)), alt


@dataclass(frozen=True)
class FanLookup:
    """Fan values at query points (NaN where the point cannot be reached in time)."""

    time_s: np.ndarray
    elevation_rad: np.ndarray
    v_up_m_s: np.ndarray
    v_horizontal_m_s: np.ndarray
    cutoff_s: np.ndarray


@dataclass(frozen=True)
class FlyoutFan:
    """Time to reach each (altitude, ground range) cell, with the launch elevation that does it
    and the interceptor's velocity there (up and horizontal-away-from-site components)."""

    interceptor_name: str
    range_m: np.ndarray
    """(nr,) ground ranges of the columns."""
    alt_m: np.ndarray
    """(nh,) altitudes of the rows."""
    time_s: np.ndarray
    """(nh, nr) earliest arrival time after launch; NaN where unreachable."""
    elevation_rad: np.ndarray
    v_up_m_s: np.ndarray
    v_horizontal_m_s: np.ndarray
    cutoff_s: np.ndarray
    """(nh, nr) thrust cut-off time of the trajectory that arrives first."""
    burnout_speed_m_s: np.ndarray
    """(K,) burnout speed of each fan trajectory."""
    launch_elevation_rad: np.ndarray
    """(K,) launch elevations flown."""
    apogee_alt_m: np.ndarray
    """(K,) apogee (or highest point within the time limit) of each trajectory."""
    curves: dict | None = None
    """Per-trajectory sampled (range, alt, time) for plots: arrays (K, T); not cached."""

    def time_at(self, range_m, alt_m) -> np.ndarray:
        """Fly-out time (s) to ground range and altitude (broadcast); NaN where unreachable."""
        return self._bilinear(range_m, alt_m, (self.time_s,))[0]

    def lookup(self, range_m, alt_m) -> FanLookup:
        """Every fan field at the query points (bilinear; NaN if any corner is unreachable)."""
        return FanLookup(*self._bilinear(range_m, alt_m, tuple(getattr(self, f) for f in FIELDS)))

    def _bilinear(self, range_m, alt_m, tables):
        r = np.asarray(range_m, float)
        h = np.asarray(alt_m, float)
        r, h = np.broadcast_arrays(r, h)
        dr = self.range_m[1] - self.range_m[0]
        dh = self.alt_m[1] - self.alt_m[0]
        x = (r - self.range_m[0]) / dr
        y = (h - self.alt_m[0]) / dh
        nr, nh = self.range_m.size, self.alt_m.size
        inside = (x >= 0) & (x <= nr - 1) & (y >= 0) & (y <= nh - 1)
        x = np.where(inside, x, 0.0)
        y = np.where(inside, y, 0.0)
        i = np.minimum(x.astype(np.intp), nr - 2)
        j = np.minimum(y.astype(np.intp), nh - 2)
        fx, fy = x - i, y - j
        flat = j * nr + i
        w00, w01 = (1 - fx) * (1 - fy), fx * (1 - fy)
        w10, w11 = (1 - fx) * fy, fx * fy
        out = []
        for table in tables:
            t = table.ravel()
            v = (w00 * t[flat] + w01 * t[flat + 1] + w10 * t[flat + nr] + w11 * t[flat + nr + 1])
            out.append(np.where(inside, v, np.nan))
        return out

    @property
    def max_range_m(self) -> float:
        """Farthest ground range reached at any tabulated altitude."""
        ok = np.isfinite(self.time_s).any(axis=0)
        return float(self.range_m[ok].max()) if ok.any() else 0.0

    def max_range_at_m(self, alt_lo_m: float, alt_hi_m: float) -> float:
        """Farthest ground range reached at altitudes in [alt_lo, alt_hi]."""
        rows = (self.alt_m >= alt_lo_m) & (self.alt_m <= alt_hi_m)
        ok = np.isfinite(self.time_s[rows]).any(axis=0)
        return float(self.range_m[ok].max()) if ok.any() else 0.0

    def row_min_time_s(self) -> np.ndarray:
        """(nh - 1,) lower bound of the bilinear fly-out time between rows j and j + 1: the
        quickest time anywhere on either row (inf where neither is reachable)."""
        quickest = np.min(np.where(np.isfinite(self.time_s), self.time_s, np.inf), axis=1)
        return np.minimum(quickest[:-1], quickest[1:])

    def ceiling_m(self) -> float:
        """Highest altitude reached (the vertical shot's apex or the time limit)."""
        return float(np.nanmax(self.apogee_alt_m))


def fan_earth(earth: EarthModel) -> EarthModel:
    """The Earth model fans are flown in: the engagement's, without rotation."""
    return earth.with_switches(no_rotation=True)


def _cache_dir() -> Path:
    env = os.environ.get("ASHORE_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("ashore"))


def fan_key(interceptor: Interceptor, earth: EarthModel) -> str:
    """Hash of everything that shapes the fan (not names, descriptions or provenance)."""
    rocket = replace(interceptor.rocket, name="", description="", provenance={})
    parts = (FAN_VERSION, FAN_ELEVATIONS, FAN_TIME_SAMPLES, FAN_RANGE_CELLS, FAN_ALT_CELLS,
             repr(rocket), repr(interceptor.kill_vehicle), interceptor.max_flyout_s,
             interceptor.min_launch_elevation_rad, repr(fan_earth(earth)))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def flyout_fan(interceptor: Interceptor, earth: EarthModel | None = None, *,
               use_cache: bool = True, keep_curves: bool = False) -> FlyoutFan:
    """The fan of ``interceptor`` in ``earth`` (default WGS84 with air), from the disk cache
    when present, otherwise built and cached. A damaged cache file is rebuilt."""
    earth = EarthModel() if earth is None else earth
    if keep_curves:
        fan = build_fan(interceptor, earth, keep_curves=True)
    elif not use_cache:
        fan = build_fan(interceptor, earth)
    else:
        fan = _cached_fan(interceptor, earth, fan_key(interceptor, earth), str(_cache_dir()))
    check_reaches_floor(fan, interceptor)
    return fan


def check_reaches_floor(fan: FlyoutFan, interceptor: Interceptor) -> None:
    """InputError when the interceptor can never climb to its own minimum intercept altitude."""
    floor = interceptor.kill_vehicle.min_intercept_alt_m
    if fan.ceiling_m() < floor:
        raise InputError(
            f"interceptor '{interceptor.name}' cannot reach its own minimum intercept altitude "
            f"({floor / 1e3:g} km): it climbs to {fan.ceiling_m() / 1e3:.1f} km at most within "
            f"{interceptor.max_flyout_s:g} s; lower min_intercept_alt_km or give it more "
            "impulse or fly-out time")


@cache
def _cached_fan(interceptor: Interceptor, earth: EarthModel, key: str, folder: str) -> FlyoutFan:
    path = Path(folder) / f"fan-{interceptor.name}-{key}.npz"
    if path.exists():
        try:
            with np.load(path) as z:
                arrays = {name: z[name] for name in z.files}
            return FlyoutFan(interceptor_name=interceptor.name, **arrays)
        except Exception:  # noqa: BLE001 - any damage means "build it again"
            pass
    fan = build_fan(interceptor, earth)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")  # concurrent writers never share it
        np.savez(tmp, **{k: v for k, v in fan.__dict__.items()
                         if isinstance(v, np.ndarray)})
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs the rebuild next time
    return fan


def _rasterise(x, y, values, nx: int, ny: int):
    """Earliest-time fields on grid nodes from trajectories sampled on an (elevation, time)
    mesh.

    ``x``, ``y`` (K, T): grid coordinates (column and row, in cells) of each sample; ``values``
    (F, K, T) with the time first. Each mesh quad is split into two triangles; every grid node
    inside a triangle gets the triangle's barycentric (linear) interpolation of the values, and
    each node keeps the smallest time over all triangles covering it. Returns (F, ny, nx), NaN
    where no triangle covers a node. Vectorised over triangles and nodes.
    """
    k0, i0 = np.meshgrid(np.arange(x.shape[0] - 1), np.arange(x.shape[1] - 1), indexing="ij")
    k0, i0 = k0.ravel(), i0.ravel()
    corners = ((k0, i0), (k0 + 1, i0), (k0 + 1, i0 + 1), (k0, i0 + 1))
    tris = np.concatenate([np.stack([corners[0], corners[1], corners[2]], 0),
                           np.stack([corners[0], corners[2], corners[3]], 0)], axis=2)
    kk, ii = tris[:, 0], tris[:, 1]                     # (3, N) vertex indices
    px, py = x[kk, ii], y[kk, ii]
    ok = np.isfinite(px).all(0) & np.isfinite(py).all(0)
    x_lo = np.ceil(np.min(px, 0) - 1e-9)
    x_hi = np.floor(np.max(px, 0) + 1e-9)
    y_lo = np.ceil(np.min(py, 0) - 1e-9)
    y_hi = np.floor(np.max(py, 0) + 1e-9)
    x_lo, y_lo = np.maximum(x_lo, 0), np.maximum(y_lo, 0)
    x_hi, y_hi = np.minimum(x_hi, nx - 1), np.minimum(y_hi, ny - 1)
    wx = np.where(ok, x_hi - x_lo + 1, 0).clip(0).astype(np.int64)
    wy = np.where(ok, y_hi - y_lo + 1, 0).clip(0).astype(np.int64)
    count = wx * wy
    tri = np.repeat(np.arange(count.size), count)
    local = np.arange(tri.size) - np.repeat(np.cumsum(count) - count, count)
    gx = x_lo[tri] + local % wx[tri]
    gy = y_lo[tri] + local // wx[tri]
    ax, ay = px[0, tri], py[0, tri]
    e1x, e1y = px[1, tri] - ax, py[1, tri] - ay
    e2x, e2y = px[2, tri] - ax, py[2, tri] - ay
    det = e1x * e2y - e1y * e2x
    with np.errstate(divide="ignore", invalid="ignore"):
        l1 = ((gx - ax) * e2y - (gy - ay) * e2x) / det
        l2 = (e1x * (gy - ay) - e1y * (gx - ax)) / det
    eps = 1e-9
    inside = (np.abs(det) > 1e-12) & (l1 >= -eps) & (l2 >= -eps) & (l1 + l2 <= 1 + eps)
    tri, gx, gy, l1, l2 = tri[inside], gx[inside], gy[inside], l1[inside], l2[inside]
    vk, vi = kk[:, tri], ii[:, tri]
    interp = np.stack([f[vk[0], vi[0]] + l1 * (f[vk[1], vi[1]] - f[vk[0], vi[0]])
                       + l2 * (f[vk[2], vi[2]] - f[vk[0], vi[0]]) for f in values])
    node = gy.astype(np.int64) * nx + gx.astype(np.int64)
    order = np.lexsort((interp[0], node))
    node, interp = node[order], interp[:, order]
    first = np.concatenate([[True], node[1:] != node[:-1]]) if node.size else node.astype(bool)
    out = np.full((len(values), ny * nx), np.nan)
    out[:, node[first]] = interp[:, first]
    return out.reshape(len(values), ny, nx)


def build_fan(interceptor: Interceptor, earth: EarthModel, *, keep_curves: bool = False
              ) -> FlyoutFan:
    """Fly the fan's trajectories and tabulate the earliest arrival on the range-altitude
    grid (no cache)."""
    model = fan_earth(earth)
    kv = interceptor.kill_vehicle
    rocket = interceptor.rocket
    t_turn, t_burn = rocket.turn_start_s, rocket.total_burn_time_s
    cutoffs = np.array([max(t_turn + f * (t_burn - t_turn), t_turn + 1.0)
                        for f in CUTOFF_FRACTIONS])
    elev1 = np.linspace(np.pi / 2, interceptor.min_launch_elevation_rad, FAN_ELEVATIONS)
    n_k = elev1.size
    elev = np.tile(elev1, cutoffs.size)
    cut = np.repeat(cutoffs, n_k)
    flights: Flights = fly_interceptor(interceptor, model, 0.0, 0.0, 0.0, elev, cutoff_s=cut,
                                       record=True)
    times = np.linspace(0.0, interceptor.max_flyout_s, FAN_TIME_SAMPLES)
    r, v, in_flight = flights.sample(times)
    lat, lon, alt = ecef_to_geodetic(np.where(in_flight[..., None], r, 0.0), model.ellipsoid)
    up = up_vector(lat, lon)
    rng = ground_range_m(up_vector(0.0, 0.0), up)
    vu = np.einsum("...i,...i->...", np.nan_to_num(v), up)
    vh = np.linalg.norm(np.nan_to_num(v) - vu[..., None] * up, axis=-1)
    alt = np.where(in_flight, alt, np.nan)
    tt = np.broadcast_to(times, alt.shape)

    alt_top = min(float(np.nanmax(alt)), kv.max_intercept_alt_m * 1.02)
    rows = np.linspace(0.0, alt_top, FAN_ALT_CELLS)
    below_top = np.where(alt <= alt_top * 1.001, rng, np.nan)
    cols = np.linspace(0.0, float(np.nanmax(below_top)), FAN_RANGE_CELLS)

    elev_k = np.broadcast_to(elev[:, None], alt.shape)
    cut_k = np.broadcast_to(cut[:, None], alt.shape)
    x = rng / (cols[1] - cols[0])
    y = alt / (rows[1] - rows[0])
    best = None
    for g in range(cutoffs.size):  # one mesh per cut-off; keep the earliest arrival
        sl = slice(g * n_k, (g + 1) * n_k)
        part = _rasterise(x[sl], y[sl], (tt[sl], elev_k[sl], vu[sl], vh[sl], cut_k[sl]),
                          cols.size, rows.size)
        if best is None:
            best = part
            continue
        better = np.isfinite(part[0]) & ~(part[0] >= np.nan_to_num(best[0], nan=np.inf))
        best = np.where(better[None], part, best)
    apogee = np.nanmax(alt, axis=1)
    full = slice(0, n_k)
    curves = ({"range_m": rng[full], "alt_m": alt[full], "time_s": tt[full]} if keep_curves
              else None)
    return FlyoutFan(
        interceptor_name=interceptor.name, range_m=cols, alt_m=rows, time_s=best[0],
        elevation_rad=best[1], v_up_m_s=best[2], v_horizontal_m_s=best[3], cutoff_s=best[4],
        burnout_speed_m_s=flights.burnout_speed_m_s[full], launch_elevation_rad=elev1,
        apogee_alt_m=apogee, curves=curves,
    )
