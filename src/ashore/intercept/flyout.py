"""Fly-out fans: how soon an interceptor can reach each point of a range-altitude grid.

A fan is a family of trajectories of one interceptor launched over launch elevations from
vertical down to its minimum, flown once in the full Earth model *without rotation* (so it is
the same in every azimuth; Earth rotation bends real fly-outs by a few km, which the
interceptor's mid-course guidance takes out: see :mod:`ashore.intercept.pip`) and stopped at
the maximum fly-out time. Each trajectory crosses each altitude h of the grid at most twice,
rising and falling; those crossings give the ground range, time, launch elevation and velocity
at (range, h) for every elevation. Between neighbouring elevations the crossing ranges bracket
the grid's ranges, and the time is interpolated linearly in range; the fan keeps, per cell, the
earliest arrival over both branches. Cells no trajectory reaches within the time limit are NaN.

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
from ashore.earth.frames import ecef_to_geodetic
from ashore.earth.model import EarthModel
from ashore.flight.trajectory import Flights
from ashore.intercept.interceptor import Interceptor, fly_interceptor

FAN_VERSION = 1
"""Bump when the table's construction changes, to invalidate cached fans."""

FAN_ELEVATIONS = 241
FAN_TIME_SAMPLES = 1801
FAN_RANGE_CELLS = 401
FAN_ALT_CELLS = 301
FIELDS = ("time_s", "elevation_rad", "v_up_m_s", "v_horizontal_m_s")


def unit_up(lat_rad, lon_rad) -> np.ndarray:
    """Geodetic vertical (..., 3) in ECEF."""
    cl = np.cos(lat_rad)
    return np.stack([cl * np.cos(lon_rad), cl * np.sin(lon_rad), np.sin(lat_rad)], axis=-1)


def ground_range_m(up_site: np.ndarray, up_point: np.ndarray) -> np.ndarray:
    """R_mean * angle between two geodetic verticals (..., 3), in metres (stable atan2 form)."""
    cross = np.linalg.norm(np.cross(up_site, up_point), axis=-1)
    dot = np.einsum("...i,...i->...", up_site, up_point)
    return R_MEAN_M * np.arctan2(cross, dot)


def range_altitude(r_ecef, site_lat_rad, site_lon_rad, earth: EarthModel):
    """Ground range (m, as the fan defines it) and geodetic altitude (m) of positions."""
    lat, lon, alt = ecef_to_geodetic(r_ecef, earth.ellipsoid)
    return ground_range_m(unit_up(site_lat_rad, site_lon_rad), unit_up(lat, lon)), alt


@dataclass(frozen=True)
class FanLookup:
    """Fan values at query points (NaN where the point cannot be reached in time)."""

    time_s: np.ndarray
    elevation_rad: np.ndarray
    v_up_m_s: np.ndarray
    v_horizontal_m_s: np.ndarray


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
        return build_fan(interceptor, earth, keep_curves=True)
    if not use_cache:
        return build_fan(interceptor, earth)
    return _cached_fan(interceptor, earth, fan_key(interceptor, earth), str(_cache_dir()))


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
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, **{k: v for k, v in fan.__dict__.items()
                         if isinstance(v, np.ndarray)})
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs the rebuild next time
    return fan


def _crossings(alt, fields, rows, ascending):
    """Where each trajectory crosses each row altitude on its rising (or falling) branch.

    ``alt`` (K, T) and each of ``fields`` (K, T) -> (len(fields), K, nh), NaN where the
    trajectory does not reach the row on that branch."""
    k_n = alt.shape[0]
    out = np.full((len(fields), k_n, rows.size), np.nan)
    for k in range(k_n):  # a table build over ~240 trajectories, once per interceptor type
        ok = np.isfinite(alt[k])
        a = alt[k][ok]
        if a.size < 2:
            continue
        top = int(np.argmax(a))
        sl = slice(0, top + 1) if ascending else slice(top, a.size)
        aa = a[sl]
        vals = [f[k][ok][sl] for f in fields]
        if not ascending:
            aa = aa[::-1]
            vals = [v[::-1] for v in vals]
        # the branch is monotone up to numerical noise; keep strictly rising points
        keep = np.concatenate([[True], np.diff(np.maximum.accumulate(aa)) > 0])
        aa = aa[keep]
        if aa.size < 2:
            continue
        hit = (rows >= aa[0]) & (rows <= aa[-1])
        for m, v in enumerate(vals):
            out[m, k, hit] = np.interp(rows[hit], aa, v[keep])
    return out


def build_fan(interceptor: Interceptor, earth: EarthModel, *, keep_curves: bool = False
              ) -> FlyoutFan:
    """Fly the fan's trajectories and tabulate the earliest arrival on the range-altitude
    grid (no cache)."""
    model = fan_earth(earth)
    kv = interceptor.kill_vehicle
    elev = np.linspace(np.pi / 2, interceptor.min_launch_elevation_rad, FAN_ELEVATIONS)
    flights: Flights = fly_interceptor(interceptor, model, 0.0, 0.0, 0.0, elev, record=True)
    times = np.linspace(0.0, interceptor.max_flyout_s, FAN_TIME_SAMPLES)
    r, v, in_flight = flights.sample(times)
    lat, lon, alt = ecef_to_geodetic(np.where(in_flight[..., None], r, 0.0), model.ellipsoid)
    up = unit_up(lat, lon)
    rng = ground_range_m(unit_up(0.0, 0.0), up)
    vu = np.einsum("...i,...i->...", np.nan_to_num(v), up)
    vh = np.linalg.norm(np.nan_to_num(v) - vu[..., None] * up, axis=-1)
    alt = np.where(in_flight, alt, np.nan)
    tt = np.broadcast_to(times, alt.shape)

    alt_top = min(float(np.nanmax(alt)), kv.max_intercept_alt_m * 1.02)
    rows = np.linspace(0.0, alt_top, FAN_ALT_CELLS)
    below_top = np.where(alt <= alt_top * 1.001, rng, np.nan)
    cols = np.linspace(0.0, float(np.nanmax(below_top)), FAN_RANGE_CELLS)

    best = np.full((4, rows.size, cols.size), np.nan)
    elev_k = np.broadcast_to(elev[:, None], alt.shape)
    for ascending in (True, False):
        vals = _crossings(alt, (rng, tt, elev_k, vu, vh), rows, ascending)
        r0, r1 = vals[0, :-1], vals[0, 1:]  # (K-1, nh) segment ends between neighbours
        lo, hi = np.fmin(r0, r1), np.fmax(r0, r1)
        span = np.where(r1 != r0, r1 - r0, np.nan)
        for j in range(rows.size):  # one vectorised (segments x columns) pass per row
            frac = (cols[None, :] - r0[:, j, None]) / span[:, j, None]
            inside = (cols[None, :] >= lo[:, j, None]) & (cols[None, :] <= hi[:, j, None])
            inside &= np.isfinite(frac)
            seg_vals = [vals[q, :-1, j, None]
                        + frac * (vals[q, 1:, j, None] - vals[q, :-1, j, None])
                        for q in (1, 2, 3, 4)]
            t_seg = np.where(inside, seg_vals[0], np.inf)
            arg = np.argmin(t_seg, axis=0)
            t_best = t_seg[arg, np.arange(cols.size)]
            better = np.isfinite(t_best) & ~(t_best >= np.nan_to_num(best[0, j], nan=np.inf))
            for m in range(4):
                cand = seg_vals[m][arg, np.arange(cols.size)]
                best[m, j] = np.where(better, cand, best[m, j])
    apogee = np.nanmax(alt, axis=1)
    curves = {"range_m": rng, "alt_m": alt, "time_s": tt} if keep_curves else None
    return FlyoutFan(
        interceptor_name=interceptor.name, range_m=cols, alt_m=rows, time_s=best[0],
        elevation_rad=best[1], v_up_m_s=best[2], v_horizontal_m_s=best[3],
        burnout_speed_m_s=flights.burnout_speed_m_s, launch_elevation_rad=elev,
        apogee_alt_m=apogee, curves=curves,
    )
