"""Elevation angles, radar horizons and terrain-mask profiles over a curved, refracting Earth.

Model
-----
- **Spherical Earth** of radius ``R = R_MEAN_M`` (IUGG mean radius R1 = 6,371,008.8 m
  [@nima-tr8350-2, table 3.3]); latitudes and longitudes are taken as spherical coordinates on
  it and ground distances are great-circle arcs ``d = R psi`` (``psi`` the central angle).
- **Heights are above mean sea level** (the sphere's surface), the datum of SRTM [@srtm] and of
  the DEMs of :mod:`ashore.sensors.terrain`; not WGS84 ellipsoidal heights.
- **Refraction** by the effective-Earth-radius factor ``k`` (Skolnik, *Introduction to Radar
  Systems*, 3rd ed. 2001, sect. 8.2 [@skolnik-2001]; Doerry, Sandia SAND2013-9301 (2013)
  [@doerry-2013]): rays are straight on a sphere of radius ``R_e = k R`` with the same ground
  distances and heights, so the angle between site and target seen from the centre is
  ``theta = d / R_e``. ``k = 4/3`` is the
  standard troposphere; ``k = 1`` is the geometric (vacuum) line of sight, right for
  exo-atmospheric targets seen at high elevation.

Elevation on the effective sphere (site at radius ``R_e + h_s``, target at ``R_e + h_t``, the
two radii ``theta`` apart): in the site's vertical plane the target sits ``(R_e + h_t) sin
theta`` along the horizontal and ``(R_e + h_t) cos theta - (R_e + h_s)`` along the vertical, so::

    el = atan2((R_e + h_t) cos theta - (R_e + h_s), (R_e + h_t) sin theta)              (1)

exact on the effective sphere. Writing the vertical term as ``(h_t - h_s) - drop`` defines the
**curvature drop**::

    drop = (R_e + h_t)(1 - cos theta) = 2 (R_e + h_t) sin^2(theta / 2)  ~  d^2 / (2 R_e)   (2)

(the approximation drops terms of relative order ``theta^2`` and ``h_t / R_e``: 1e-4 at 100 km).
For small angles (1) is the surveyor's rule ``el ~ atan((h_t - h_s - d^2/(2 R_e)) / d)``
([@asahi-2019-google-earth]).

Radar horizon ([@skolnik-2001]): a ray grazing the effective sphere reaches a target at
height ``h_t`` at slant distance ``sqrt(2 R_e h_r + h_r^2) + sqrt(2 R_e h_t + h_t^2)`` and ground
distance ``R_e (acos(R_e/(R_e + h_r)) + acos(R_e/(R_e + h_t)))``; both are ~ ``sqrt(2 k R h_r) +
sqrt(2 k R h_t)`` (the textbook form) when ``h << R_e``.

Lowest visible altitude beyond a mask: a ray leaving a radar at radius ``r_s = R_e + h_r`` with
elevation ``e`` is the straight line ``r cos(phi + e) = r_s cos e`` (``phi`` the angle at the
centre from the radar), so at ground range ``d`` (``theta = d / R_e``)::

    h_min = r_s cos(e) / cos(theta + e) - R_e,      theta + e < pi/2                     (3)

Terrain mask profiles sample the DEM along great circles from the site at every azimuth and
keep, per azimuth, the largest elevation (1) over the samples: see :func:`horizon_profile`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ashore.earth.constants import R_MEAN_M
from ashore.errors import InputError
from ashore.sensors.terrain import Dem, DemSet, Obstacle

__all__ = [
    "DEFAULT_K",
    "SOURCE_SEA",
    "SOURCE_TERRAIN",
    "ElevationResult",
    "HorizonProfile",
    "claimed_angle_exaggeration",
    "elevation_angle",
    "horizon_distance_m",
    "horizon_profile",
    "line_of_sight",
    "lowest_visible_altitude_m",
    "sea_horizon",
]

FloatArray = NDArray[np.float64]

DEFAULT_K = 4.0 / 3.0
"""Effective-Earth-radius factor of the standard troposphere (Skolnik 2001, sect. 8.2
[@skolnik-2001])."""

_TWO_PI = 2.0 * math.pi

SOURCE_SEA = -2
"""``HorizonProfile.mask_source`` value: the mask is the sea-level (bare-sphere) horizon."""
SOURCE_TERRAIN = -1
"""``HorizonProfile.mask_source`` value: the mask is a DEM sample."""


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _check_k(k: float) -> float:
    try:
        k = float(k)
    except (TypeError, ValueError):
        k = math.nan
    if not (math.isfinite(k) and k > 0.0):
        raise InputError(f"effective-Earth-radius factor k={k!r} must be a positive number "
                         "(4/3 for the standard troposphere, 1 for no refraction)")
    return k


def _as_lat(x: ArrayLike, what: str) -> FloatArray:
    a = np.asarray(x, dtype=np.float64)
    if a.size and not np.all(np.abs(a) <= 0.5 * math.pi * (1.0 + 1e-15)):
        bad = a[~(np.abs(a) <= 0.5 * math.pi * (1.0 + 1e-15))].flat[0]
        raise InputError(f"{what}={bad!r} rad is outside [-pi/2, pi/2]: give latitudes in "
                         "radians (numpy.radians), north positive")
    return a


def _as_finite(x: ArrayLike, what: str) -> FloatArray:
    a = np.asarray(x, dtype=np.float64)
    if a.size and not np.all(np.isfinite(a)):
        raise InputError(f"{what} must be finite numbers (got NaN or infinity)")
    return a


# --------------------------------------------------------------------------------------------
# Point-to-point geometry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ElevationResult:
    """Result of :func:`elevation_angle`; every field has the broadcast shape of the inputs.

    Attributes
    ----------
    elevation_rad:
        Apparent elevation of the target above the site's horizontal [rad], eq. (1) of the
        module docstring, in [-pi/2, pi/2].
    distance_m:
        Great-circle ground distance [m] on the mean sphere, ``R psi``.
    curvature_drop_m:
        ``(R_e + h_t)(1 - cos theta)`` [m], eq. (2): how far the target lies below the site's
        horizontal plane because of the (effective) Earth's curvature; ~ ``d^2 / (2 R_e)``.
    azimuth_rad:
        Initial great-circle azimuth from the site to the target [rad], clockwise from north,
        in [0, 2 pi) (0 for coincident points).
    """

    elevation_rad: FloatArray
    distance_m: FloatArray
    curvature_drop_m: FloatArray
    azimuth_rad: FloatArray


def _central_angle_az(lat1, lon1, lat2, lon2):
    """Central angle [rad] (Vincenty's atan2 form [@vincenty-1975], well conditioned everywhere)
    and initial azimuth [rad, 0..2 pi) between points on the sphere."""
    sp1, cp1 = np.sin(lat1), np.cos(lat1)
    sp2, cp2 = np.sin(lat2), np.cos(lat2)
    dl = lon2 - lon1
    sdl, cdl = np.sin(dl), np.cos(dl)
    a = cp2 * sdl
    b = cp1 * sp2 - sp1 * cp2 * cdl
    psi = np.arctan2(np.sqrt(a * a + b * b), sp1 * sp2 + cp1 * cp2 * cdl)
    az = np.mod(np.arctan2(a, b), _TWO_PI)
    az = np.where(az >= _TWO_PI, 0.0, az)
    return psi, az


def _elev(theta, h_s, h_t, r_e):
    """Eq. (1) and (2) from the effective central angle ``theta``."""
    rt = r_e + h_t
    drop = 2.0 * rt * np.sin(0.5 * theta) ** 2
    el = np.arctan2((h_t - h_s) - drop, rt * np.sin(theta))
    return el, drop


def elevation_angle(
    site_lat_rad: ArrayLike,
    site_lon_rad: ArrayLike,
    site_alt_m: ArrayLike,
    tgt_lat_rad: ArrayLike,
    tgt_lon_rad: ArrayLike,
    tgt_alt_m: ArrayLike,
    k: float = DEFAULT_K,
) -> ElevationResult:
    """Apparent elevation of targets from sites on the refracting spherical Earth.

    Heights above mean sea level [m], angles [rad]; all arguments broadcast numpy-style (one
    site against ``(n,)`` targets, ``(m, 1)`` sites against ``(n,)`` targets, ...). With
    ``psi`` the central angle (Vincenty's form [@vincenty-1975], see
    :func:`ashore.earth.geodesy.central_angle`), ``d = R psi``, ``theta = d / (k R)``::

        el = atan2((h_t - h_s) - drop, (R_e + h_t) sin theta),  drop = 2 (R_e + h_t) sin^2(theta/2)

    exact on the effective sphere (module docstring, eqs. (1)-(2)); with ``k = 1`` it is the
    geometric elevation above the tangent plane of the sphere, identical to an ECEF
    computation (``geodetic_to_ecef`` + ``ecef_to_aer`` on ``SPHERE``) to rounding.
    """
    k = _check_k(k)
    slat = _as_lat(site_lat_rad, "site latitude")
    tlat = _as_lat(tgt_lat_rad, "target latitude")
    slon = _as_finite(site_lon_rad, "site longitude")
    tlon = _as_finite(tgt_lon_rad, "target longitude")
    hs = _as_finite(site_alt_m, "site height")
    ht = _as_finite(tgt_alt_m, "target height")
    psi, az = _central_angle_az(slat, slon, tlat, tlon)
    r_e = k * R_MEAN_M
    el, drop = _elev(psi / k, hs, ht, r_e)
    shape = np.broadcast_shapes(slat.shape, slon.shape, hs.shape, tlat.shape, tlon.shape,
                                ht.shape)

    def out(a):
        a = np.broadcast_to(a, shape).astype(np.float64, copy=True)
        return a[()] if a.ndim == 0 else a

    return ElevationResult(out(el), out(R_MEAN_M * psi), out(drop), out(az))


def horizon_distance_m(h_radar_m: ArrayLike, h_target_m: ArrayLike = 0.0, k: float = DEFAULT_K,
                       form: str = "approx") -> FloatArray:
    """Radar horizon: the longest distance [m] at which a target at ``h_target_m`` is above the
    horizon of a radar at ``h_radar_m`` (heights above sea level [m], >= 0), for effective-
    radius factor ``k``. ``R_e = k R``:

    - ``form="approx"`` (textbook; Skolnik 2001, eq. 8.9 [@skolnik-2001]):
      ``sqrt(2 R_e h_r) + sqrt(2 R_e h_t)``.
    - ``form="slant"``: exact length of the grazing ray (sum of the two tangent segments),
      ``sqrt(2 R_e h_r + h_r^2) + sqrt(2 R_e h_t + h_t^2)``.
    - ``form="ground"``: exact great-circle ground distance between the radar and the target's
      sub-point, ``R_e (acos(R_e / (R_e + h_r)) + acos(R_e / (R_e + h_t)))`` (ground distances
      are the same on the true and the effective sphere), the range to use on maps.

    The three agree to ~``h / R_e`` (0.8 % for a 100 km target).
    """
    k = _check_k(k)
    hr = _as_finite(h_radar_m, "radar height")
    ht = _as_finite(h_target_m, "target height")
    if np.any(hr < 0) or np.any(ht < 0):
        raise InputError("horizon_distance_m: heights must be >= 0 m above sea level (a point "
                         "below sea level has no sea horizon)")
    r_e = k * R_MEAN_M
    if form == "approx":
        out = np.sqrt(2.0 * r_e * hr) + np.sqrt(2.0 * r_e * ht)
    elif form == "slant":
        out = np.sqrt(2.0 * r_e * hr + hr * hr) + np.sqrt(2.0 * r_e * ht + ht * ht)
    elif form == "ground":
        out = r_e * (np.arccos(r_e / (r_e + hr)) + np.arccos(r_e / (r_e + ht)))
    else:
        raise InputError(f"horizon_distance_m: form={form!r}; choose 'approx', 'slant' or "
                         "'ground'")
    return out[()] if np.ndim(out) == 0 else out


def sea_horizon(site_alt_m: ArrayLike, k: float = DEFAULT_K) -> tuple[FloatArray, FloatArray]:
    """The bare-sphere (sea-level) horizon of a site: ``(dip_rad, ground_distance_m)``.

    For ``h > 0``: ``dip = -acos(R_e / (R_e + h))`` (negative: the horizon lies below the
    horizontal) at ground distance ``R_e acos(R_e / (R_e + h))``; a site at or below sea level
    gets ``(0, 0)`` (the horizontal grazes the surface at the site)."""
    k = _check_k(k)
    h = np.maximum(_as_finite(site_alt_m, "site height"), 0.0)
    r_e = k * R_MEAN_M
    a = np.arccos(r_e / (r_e + h))
    return (-a)[()] if np.ndim(a) == 0 else -a, (r_e * a)[()] if np.ndim(a) == 0 else r_e * a


def lowest_visible_altitude_m(ground_range_m: ArrayLike, mask_angle_rad: ArrayLike,
                              radar_alt_m: ArrayLike = 0.0, k: float = DEFAULT_K) -> FloatArray:
    """Lowest altitude above sea level [m] at which a target at ``ground_range_m`` is seen over
    a mask of elevation ``mask_angle_rad`` from a radar at ``radar_alt_m``; exact on the
    effective sphere (module docstring, eq. (3))::

        h_min = (R_e + h_r) cos(e) / cos(d / R_e + e) - R_e

    Mask angles below the radar's sea-level dip (:func:`sea_horizon`) are raised to the dip:
    the sea itself masks. Where ``d / R_e + e >= pi/2`` the ray never reaches that range: the
    result is ``inf``. Inputs broadcast. For ``k = 4/3``, radar at sea level, 1,000 km:
    0 deg -> 59 km, 4 -> 131, 10 -> 241, 15 -> 339 km [@ashore-computed].
    """
    k = _check_k(k)
    d = _as_finite(ground_range_m, "ground range")
    e = _as_finite(mask_angle_rad, "mask angle")
    hr = _as_finite(radar_alt_m, "radar height")
    if np.any(d < 0):
        raise InputError("lowest_visible_altitude_m: ground range must be >= 0 m")
    if np.any(np.abs(e) > 0.5 * math.pi):
        raise InputError("lowest_visible_altitude_m: mask angle outside [-pi/2, pi/2]: give "
                         "radians")
    r_e = k * R_MEAN_M
    dip, _ = sea_horizon(hr, k)
    e = np.maximum(e, dip)
    a = d / r_e + e
    with np.errstate(divide="ignore"):
        c = np.cos(a)
        h = np.where(a < 0.5 * math.pi, (r_e + hr) * np.cos(e) / np.where(c > 0, c, 1.0) - r_e,
                     np.inf)
    return h[()] if np.ndim(h) == 0 else h


def claimed_angle_exaggeration(true_el_rad: ArrayLike, claimed_el_rad: ArrayLike) -> FloatArray:
    """Vertical exaggeration implied by a claimed elevation angle: ``tan(claimed) / tan(true)``.

    Reading an angle off a profile drawn with its vertical scale stretched by a factor ``V``
    multiplies the slope of every sight line by ``V``: ``tan(el_read) = V tan(el_true)``. The
    2019 Akita survey error [@asahi-2019-google-earth] was of this kind: angles
    measured with a ruler on a map service's height profile, whose vertical axis is stretched.
    Both angles must be non-zero and of the same sign (NaN otherwise)."""
    t = np.tan(np.asarray(true_el_rad, dtype=np.float64))
    c = np.tan(np.asarray(claimed_el_rad, dtype=np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where((t * c) > 0, c / np.where(t != 0, t, 1.0), np.nan)
    return v[()] if np.ndim(v) == 0 else v


# --------------------------------------------------------------------------------------------
# Horizon profiles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class HorizonProfile:
    """Terrain mask of a site: per azimuth, the highest elevation at which terrain, obstacles or
    the sea-level horizon are seen. Built by :func:`horizon_profile`.

    Per-azimuth arrays have shape ``(na,)``, azimuths ``i * 2 pi / na``.

    Attributes
    ----------
    azimuth_rad:
        Ray azimuths [rad], clockwise from north.
    mask_elevation_rad:
        Mask elevation [rad]: max of eq. (1) over the ray's DEM samples and the obstacles
        folded into this azimuth, and at least the sea-level horizon's dip.
    mask_distance_m:
        Ground distance [m] of the masking point (the sea horizon distance when the sea masks).
    mask_height_m:
        Height above sea level [m] of the masking point (0 when the sea masks).
    mask_source:
        ``-2`` sea-level horizon, ``-1`` DEM terrain, ``i >= 0`` ``obstacles[i]`` (int array).
    data_range_m:
        Farthest ground range [m] along each ray at which the DEM had data (0: none). Beyond it
        terrain is unknown and does not mask: compare with ``max_range_m``.
    site_lat_rad, site_lon_rad, site_alt_m, k:
        The site (height above sea level of the antenna [m]) and the refraction factor used.
    max_range_m, range_step_m:
        Sampling of the rays [m].
    obstacles:
        The obstacles that were folded in.
    env_offsets, env_distance_m, env_tan_elevation:
        The *running-maximum envelope* of each ray, as ragged arrays (elevations as their
        tangents; :attr:`env_elevation_rad` gives the angles): ray ``i`` owns entries
        ``env_offsets[i]:env_offsets[i+1]``, the samples (and obstacles) that raise the running
        maximum of the elevation, in increasing distance. The mask seen by a target at distance
        ``d`` is the last entry nearer than ``d``; the last entry is the full terrain mask.
    samples_total, samples_evaluated:
        Number of ray samples (rays x samples per ray), and of those whose height was actually
        computed (the others were skipped by the bound of :func:`horizon_profile`).
    """

    azimuth_rad: FloatArray
    mask_elevation_rad: FloatArray
    mask_distance_m: FloatArray
    mask_height_m: FloatArray
    mask_source: NDArray[np.int64]
    data_range_m: FloatArray
    site_lat_rad: float
    site_lon_rad: float
    site_alt_m: float
    k: float
    max_range_m: float
    range_step_m: float
    obstacles: tuple[Obstacle, ...]
    env_offsets: NDArray[np.int64]
    env_distance_m: FloatArray
    env_tan_elevation: FloatArray
    samples_total: int = 0
    samples_evaluated: int = 0

    @property
    def env_elevation_rad(self) -> FloatArray:
        """Elevations of the envelope entries [rad], ``atan(env_tan_elevation)`` (cached)."""
        cache = self.__dict__.get("_env_el")
        if cache is None:
            cache = np.arctan(self.env_tan_elevation)
            self.__dict__["_env_el"] = cache
        return cache

    @property
    def step_rad(self) -> float:
        """Azimuth step [rad]."""
        return _TWO_PI / self.azimuth_rad.size

    def mask_at(self, az_rad: ArrayLike, distance_m: ArrayLike | None = None) -> FloatArray:
        """Mask elevation [rad] at any azimuths, linearly interpolated between the two nearest
        rays (periodic in azimuth); vectorised over any shape.

        Without ``distance_m``: the full mask (what a target beyond every masking point must
        clear). With ``distance_m`` (broadcast with ``az_rad``): only the terrain and obstacles
        nearer than that ground distance count, and the sea-level floor is the elevation of the
        sea surface at ``min(distance, sea horizon)`` (what a target at that distance must
        clear, see :func:`line_of_sight`).
        """
        az = np.asarray(az_rad, dtype=np.float64)
        if distance_m is None:
            out = np.interp(az, self.azimuth_rad, self.mask_elevation_rad, period=_TWO_PI)
            return out[()] if np.ndim(out) == 0 else out
        d = np.asarray(distance_m, dtype=np.float64)
        az, d = np.broadcast_arrays(az, d)
        na = self.azimuth_rad.size
        x = np.mod(az, _TWO_PI) / self.step_rad
        i0 = np.floor(x).astype(np.intp)
        w = x - i0
        i0 %= na
        i1 = (i0 + 1) % na
        floor = self._sea_floor(d)
        m0 = np.maximum(self._envelope_before(i0, d), floor)
        m1 = np.maximum(self._envelope_before(i1, d), floor)
        out = m0 + w * (m1 - m0)
        return out[()] if out.ndim == 0 else out

    def _sea_floor(self, d: FloatArray) -> FloatArray:
        """Elevation of the sea surface at ground distance ``min(d, sea horizon)`` (the running
        maximum of the bare-sphere elevation along a ray)."""
        dip, d_hor = sea_horizon(self.site_alt_m, self.k)
        if d_hor == 0.0:
            return np.zeros_like(d)
        r_e = self.k * R_MEAN_M
        theta = np.minimum(d, d_hor) / r_e
        el, _ = _elev(theta, self.site_alt_m, 0.0, r_e)
        return np.where(d > 0, el, -0.5 * math.pi)

    def _envelope_before(self, ray: NDArray[np.intp], d: FloatArray) -> FloatArray:
        """Running-maximum terrain/obstacle elevation of ``ray`` over entries nearer than ``d``
        (``-inf`` where there are none)."""
        off = self.env_offsets
        if self.env_distance_m.size == 0:
            return np.full(d.shape, -np.inf)
        span, keys = self._env_keys()
        q = ray * span + np.clip(d, 0.0, span * 0.75)
        idx = np.searchsorted(keys, q, side="left") - 1
        ok = idx >= off[ray]
        return np.where(ok, np.arctan(self.env_tan_elevation[np.maximum(idx, 0)]), -np.inf)

    def _env_keys(self) -> tuple[float, FloatArray]:
        """``(span, keys)``: the envelope entries' sort keys ``ray * span + distance``, with
        ``span`` over twice the farthest entry, so that one ``searchsorted`` finds, for any
        (ray, distance), the last entry of that ray nearer than the distance. Cached."""
        cache = self.__dict__.get("_keys_cache")
        if cache is None:
            span = 2.0 * float(max(self.max_range_m, self.env_distance_m.max())) + 1.0
            rays = np.repeat(np.arange(self.azimuth_rad.size), np.diff(self.env_offsets))
            cache = (span, rays * span + self.env_distance_m)
            self.__dict__["_keys_cache"] = cache
        return cache


def _fold_obstacles(obstacles, site, k, na):
    """Obstacles -> (ray index, distance, elevation, index), except any at the site."""
    if not obstacles:
        return None
    lat = np.array([o.lat_rad for o in obstacles])
    lon = np.array([o.lon_rad for o in obstacles])
    h = np.array([o.height_m for o in obstacles])
    r = elevation_angle(site[0], site[1], site[2], lat, lon, h, k)
    keep = r.distance_m > 0
    ray = np.rint(r.azimuth_rad / (_TWO_PI / na)).astype(np.intp) % na
    idx = np.arange(len(obstacles))
    return ray[keep], r.distance_m[keep], r.elevation_rad[keep], idx[keep]


def _default_step(dem, site_lat: float) -> float:
    return float(dem.min_spacing_m(site_lat))


ANCHOR_EVERY = 16
"""Ray points are computed exactly (spherical direct formula) every ``ANCHOR_EVERY`` samples and
interpolated (cubic Hermite, in grid coordinates) in between; see :func:`horizon_profile`."""

_CHUNK_ANCHORS = 1 << 14
"""Target number of anchors per chunk of rays processed at once: bounds the size of the
temporaries (larger chunks measured slower: they fall out of the 4 MB L2 cache)."""


def horizon_profile(
    site_lat_rad: float,
    site_lon_rad: float,
    site_alt_m: float,
    dem: Dem | DemSet | None,
    obstacles: Sequence[Obstacle] = (),
    step_deg: float = 0.1,
    max_range_m: float = 100e3,
    range_step_m: float | None = None,
    k: float = DEFAULT_K,
) -> HorizonProfile:
    """Terrain-mask profile of a site: per azimuth, the highest elevation of the terrain.

    Parameters
    ----------
    site_lat_rad, site_lon_rad:
        Site position [rad]. With a DEM, the site must lie inside it.
    site_alt_m:
        Height of the antenna (the eye point) **above mean sea level** [m], not above ground:
        for a mast on the ground use ``dem.height_at(lat, lon) + mast_m``.
    dem:
        :class:`~ashore.sensors.terrain.Dem` or :class:`~ashore.sensors.terrain.DemSet`, or
        ``None`` for bare sea-level Earth (plus obstacles).
    obstacles:
        Point obstacles; each is folded into the ray nearest to its azimuth (so it widens to one
        azimuth step), whatever its distance.
    step_deg:
        Azimuth step [deg] (adjusted so that a whole number of steps makes 360 deg).
    max_range_m:
        Ground range of the rays [m]. Terrain beyond it is ignored.
    range_step_m:
        Spacing of the samples along each ray [m]; default: the DEM's finest node spacing at the
        site's latitude (~24 m east-west for a 1" tile at 40 N). It is shrunk slightly so that
        the samples end exactly at ``max_range_m``.
    k:
        Effective-Earth-radius factor.

    Method
    ------
    For ray azimuth ``alpha`` and sample ground distance ``s_j = j * step`` (``j = 1..n``),
    the sample point is given by the spherical direct formula (Williams, *Aviation Formulary*;
    any spherical-trigonometry text)::

        sin lat = sin lat1 cos delta + cos lat1 sin delta cos alpha,     delta = s / R
        lon = lon1 + atan2(sin alpha sin delta cos lat1, cos delta - sin lat1 sin lat)

    evaluated exactly at every ``ANCHOR_EVERY``-th (16th) sample, the *anchors*, together with
    its derivative along the path (``d lat/ds = cos(az2) / R``, ``d lon/ds = sin(az2) /
    (R cos lat)``, ``az2`` the local azimuth of the great circle), and interpolated in between
    by cubic Hermite polynomials in grid coordinates: the sample points lie within ~3e-9 m of the
    great circle at 40 N (linear interpolation would be 2-3 mm off over 16 samples, enough to
    tilt the nearest samples' elevations by 1e-4 rad on steep ground). Heights come from
    bilinear interpolation of the DEM (read from a float32 copy of the heights: exact for
    whole metres, as SRTM and most GeoTIFF DEMs store them, within ~0.1 mm otherwise); the
    elevation of each sample is eq. (1) of the module docstring, compared through its tangent
    (monotonic in ``el`` for ``0 < theta < pi``)::

        tan el = cot theta - (R_e + h_s) / ((R_e + h) sin theta),      theta = s / R_e

    so that ``atan`` is taken only on the samples kept. The result per ray is its
    *running-maximum envelope*: the samples whose elevation exceeds that of every nearer sample
    (the last one is the mask; the envelope answers :func:`line_of_sight` for targets nearer
    than the masking point).

    All rays are processed together, in chunks of whole rays (no Python loop over rays or
    samples), with a bound that skips the samples that cannot change the envelope: per chunk,
    (i) the anchors of every ray are evaluated; the best anchor before each 16-sample segment
    is a lower bound ``L`` of the running maximum there; (ii) the highest DEM node the
    segment's bilinear stencils can touch, ``H`` (from a cached block-maximum grid of the DEM),
    bounds the tangent over the segment: with ``N = (R_e + H) cos theta_0 - (R_e + h_s)``,
    ``U = N / ((R_e + h_min) sin theta_0)`` if ``N >= 0``, else ``N / ((R_e + H) sin theta_1)``
    (``theta_0, theta_1`` the segment's first and last sample, ``h_min`` the DEM's lowest
    height); (iii) only the segments with ``U > L`` are sampled in full. A skipped segment
    holds no sample above ``L``, so the envelope is exactly the one a full evaluation gives.
    Segments wholly outside the DEM are skipped the same way (``H = -inf``). The tests compare
    masks and envelopes with a straightforward per-ray reference using exact points and
    ``Dem.height_at``: they agree to 1e-10 rad.

    The mask is at least the sea-level horizon (:func:`sea_horizon`), which also stands for
    everything outside the DEM or beyond ``max_range_m``; DEM voids and points outside the DEM
    do not mask.

    Accuracy: a feature narrower than the sample spacing can fall between samples (as in any
    sampled viewshed); the summit of a 1,000 m cone 20 km away is recovered to 0.01 deg with
    5 m sampling of a 3" DEM (tests).
    """
    k = _check_k(k)
    lat1 = float(_as_lat(site_lat_rad, "site latitude"))
    lon1 = float(_as_finite(site_lon_rad, "site longitude"))
    h_s = float(_as_finite(site_alt_m, "site height"))
    if not (step_deg > 0 and step_deg <= 90):
        raise InputError(f"horizon_profile: step_deg={step_deg!r} must be in (0, 90] degrees")
    if not (max_range_m > 0 and math.isfinite(max_range_m)):
        raise InputError(f"horizon_profile: max_range_m={max_range_m!r} must be a positive "
                         "number of metres")
    if max_range_m > 0.25 * math.pi * R_MEAN_M:
        raise InputError(f"horizon_profile: max_range_m={max_range_m!r} is beyond the 5,000 km "
                         "this model supports; terrain masks matter within a few hundred km")
    if abs(lat1) + max_range_m / R_MEAN_M >= 0.5 * math.pi - 1e-6:
        raise InputError("horizon_profile: the rays would pass over a pole; move the site or "
                         "shorten max_range_m")
    obstacles = tuple(obstacles)
    for o in obstacles:
        if not isinstance(o, Obstacle):
            raise InputError(f"horizon_profile: obstacles must be Obstacle objects, got "
                             f"{type(o).__name__}")
    na = max(int(round(360.0 / step_deg)), 1)
    az = np.arange(na) * (_TWO_PI / na)
    dip, d_hor = sea_horizon(h_s, k)

    counts = np.zeros(na, dtype=np.int64)
    e_d = e_tan = np.zeros(0)
    e_src = None  # None: every envelope entry is terrain
    data_range = np.zeros(na)
    step_used = 0.0
    n_tot = n_ev = 0
    if dem is not None:
        if not isinstance(dem, Dem | DemSet):
            raise InputError(f"horizon_profile: dem must be a Dem, a DemSet or None, got "
                             f"{type(dem).__name__}")
        if not bool(dem.contains(lat1, lon1)):
            b = [math.degrees(x) for x in dem.bounds]
            raise InputError(
                f"site {math.degrees(lat1):.5f} N {math.degrees(lon1):.5f} E is outside the DEM "
                f"{dem.name!r} (lat {b[0]:.4f}..{b[1]:.4f}, lon {b[2]:.4f}..{b[3]:.4f} deg): "
                "give the tile(s) covering the site"
            )
        if range_step_m is None:
            range_step_m = _default_step(dem, lat1)
        if not (range_step_m > 0 and math.isfinite(range_step_m)):
            raise InputError(f"horizon_profile: range_step_m={range_step_m!r} must be a positive "
                             "number of metres")
        counts, e_d, e_tan, data_range, step_used, n_tot, n_ev = _terrain_envelope(
            dem, lat1, lon1, h_s, az, float(max_range_m), float(range_step_m), k)

    folded = _fold_obstacles(obstacles, (lat1, lon1, h_s), k, na)
    if folded is not None and folded[0].size:
        o_ray, o_d, o_el, o_idx = folded
        e_ray = np.concatenate([np.repeat(np.arange(na), counts), o_ray])
        e_d = np.concatenate([e_d, o_d])
        e_el = np.concatenate([np.arctan(e_tan), o_el])
        e_src = np.concatenate([np.full(e_tan.size, SOURCE_TERRAIN, dtype=np.int64),
                                o_idx.astype(np.int64)])
        order = np.lexsort((e_d, e_ray))
        e_ray, e_d, e_el, e_src = (x[order] for x in (e_ray, e_d, e_el, e_src))
        # segment-wise running maximum: rays are sorted and |el| < 2, so ray*4 + el is
        # increasing across rays and its running maximum restarts at each ray
        key = e_ray * 4.0 + e_el
        run = np.maximum.accumulate(key)
        keep = np.ones(e_ray.size, dtype=bool)
        keep[1:] = (e_ray[1:] != e_ray[:-1]) | (key[1:] > run[:-1])
        e_ray, e_d, e_el, e_src = (x[keep] for x in (e_ray, e_d, e_el, e_src))
        e_tan = np.tan(e_el)
        counts = np.bincount(e_ray, minlength=na)

    offsets = np.zeros(na + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    mask = np.full(na, dip)
    mask_d = np.full(na, d_hor)
    mask_h = np.zeros(na)
    src = np.full(na, SOURCE_SEA, dtype=np.int64)
    has = counts > 0
    last = offsets[1:][has] - 1
    el_last = np.arctan(e_tan[last])
    better = el_last > dip
    rays_b = np.nonzero(has)[0][better]
    last = last[better]
    mask[rays_b] = el_last[better]
    mask_d[rays_b] = e_d[last]
    src[rays_b] = SOURCE_TERRAIN if e_src is None else e_src[last]
    # heights of the masking points: obstacle tops, or the DEM at the terrain sample
    obs = src >= 0
    if obs.any():
        mask_h[obs] = np.array([o.height_m for o in obstacles])[src[obs]]
    ter = src == SOURCE_TERRAIN
    if ter.any():
        lat_m, lon_m = _direct(lat1, lon1, az[ter], mask_d[ter] / R_MEAN_M)
        mask_h[ter] = dem.height_at(lat_m, lon_m)
    return HorizonProfile(
        azimuth_rad=az, mask_elevation_rad=mask, mask_distance_m=mask_d, mask_height_m=mask_h,
        mask_source=src, data_range_m=data_range, site_lat_rad=lat1, site_lon_rad=lon1,
        site_alt_m=h_s, k=k, max_range_m=float(max_range_m), range_step_m=step_used,
        obstacles=obstacles, env_offsets=offsets, env_distance_m=e_d, env_tan_elevation=e_tan,
        samples_total=int(n_tot), samples_evaluated=int(n_ev),
    )


def _direct(lat1: float, lon1: float, az, delta):
    """Spherical direct problem: the point at central angle ``delta`` [rad] from ``(lat1,
    lon1)`` along initial azimuth ``az`` (broadcast): ``(lat, lon)`` [rad]."""
    sl1, cl1 = math.sin(lat1), math.cos(lat1)
    cd, sd = np.cos(delta), np.sin(delta)
    sin_lat = np.clip(sl1 * cd + cl1 * sd * np.cos(az), -1.0, 1.0)
    lon = lon1 + np.arctan2(np.sin(az) * sd * cl1, cd - sl1 * sin_lat)
    return np.arcsin(sin_lat), lon


def _site_column(tile: Dem, lat1: float, lon1: float) -> float:
    """Fractional column of the site's longitude in a tile, continuous across the tile's
    neighbourhood (the tile need not contain the site)."""
    if bool(tile.contains(lat1, lon1)):
        return float(tile.grid_index(lat1, lon1)[1])
    return math.remainder(lon1 - tile.lon0_rad, _TWO_PI) / tile.dlon_rad


def _may_reach(tile: Dem, lat1: float, lon1: float, max_range_m: float) -> bool:
    """Whether a tile can hold points within ``max_range_m`` of the site (a cheap box test on
    the sphere, conservative)."""
    b = tile.bounds
    dlat = max_range_m / R_MEAN_M
    if b.south_rad > lat1 + dlat or b.north_rad < lat1 - dlat:
        return False
    coslat = math.cos(min(abs(lat1) + dlat, 0.5 * math.pi - 1e-9))
    dlon = min(dlat / max(coslat, 1e-9), math.pi)
    span = b.east_rad - b.west_rad
    if span >= math.pi:
        return True
    # the tile's longitudes relative to the site: [w, w + span] with w in [-pi, pi], or that
    # interval shifted by -2 pi; does either meet [-dlon, dlon]?
    w = math.remainder(b.west_rad - lon1, _TWO_PI)
    return (w <= dlon and w + span >= -dlon) or (w + span - _TWO_PI >= -dlon)


def _terrain_envelope(dem, lat1, lon1, h_s, az, max_range_m, range_step_m, k):
    """The running-maximum envelope of every ray (see :func:`horizon_profile`).

    Returns ``(counts, distance_m, tan_el, data_range_m, step_m, n_samples, n_evaluated)``: the
    number of record-breaking samples per ray and the samples themselves, sorted by ray then
    distance, the farthest anchor with data per ray, the sample spacing used, and the sample
    counts (all, and those evaluated).
    """
    n_ev = ANCHOR_EVERY
    r_e = k * R_MEAN_M
    na = az.size
    nseg = max(int(math.ceil(max_range_m / range_step_m / n_ev)), 1)
    ns = nseg * n_ev
    step = max_range_m / ns
    # samples j = 0..ns-1 at s_j = (j+1) step; anchors at j = a n_ev, a = 0..nseg (the last one
    # lies one step beyond max_range_m and only closes the last segment)
    s_all = np.arange(1, ns + 2) * step
    theta = s_all / r_e
    cot2 = (1.0 / np.tan(theta[:ns])).reshape(nseg, n_ev)
    csc2 = ((r_e + h_s) / np.sin(theta[:ns])).reshape(nseg, n_ev)
    cot2t = np.ascontiguousarray(cot2.T)  # (n_ev, nseg)
    csc2t = np.ascontiguousarray(csc2.T)
    ja = np.arange(nseg + 1) * n_ev
    s_a = s_all[ja]
    delta_a = s_a / R_MEAN_M
    cd, sd = np.cos(delta_a), np.sin(delta_a)
    sin_t0 = np.sin(theta[ja[:-1]])  # segment start / end, for the bounds
    cos_t0 = np.cos(theta[ja[:-1]])
    sin_t1 = np.sin(theta[ja[:-1] + n_ev - 1])
    # cubic Hermite basis on [0, 1), as corrections to linear interpolation:
    # p(w) = y0 + D w + (L m0 - D) g(w) + (L m1 - D) q(w), D = y1 - y0
    w = np.arange(n_ev) / n_ev
    herm = np.stack([w, w ** 3 - 2.0 * w ** 2 + w, w ** 3 - w ** 2])[:, :, None]  # (3, n_ev, 1)
    seg_len = n_ev * step

    tiles = [t for t in dem._tiles if _may_reach(t, lat1, lon1, max_range_m)
             and np.isfinite(t._height_range[0])]
    h_lo = min((t._height_range[0] for t in tiles), default=0.0)
    # block size for the bounds: a segment spans at most `ext` cells per axis
    lat_far = min(abs(lat1) + max_range_m / R_MEAN_M, 0.5 * math.pi - 1e-6)
    seg_m = n_ev * step / R_MEAN_M
    blocks = []
    for t in tiles:
        ext = max(seg_m / abs(t.dlat_rad), seg_m / (math.cos(lat_far) * abs(t.dlon_rad)))
        b = int(math.ceil(0.5 * ext)) + 2  # a segment lies within ext/2 + 0.01 of its middle
        blocks.append((b, t._dilated_block_max(b)))
    fx_site = [_site_column(t, lat1, lon1) for t in tiles]
    sl1, cl1 = math.sin(lat1), math.cos(lat1)

    out_d, out_t = [], []
    counts = np.zeros(na, dtype=np.int64)
    n_evaluated = na * nseg  # the anchors that are samples
    data_range = np.zeros(na)
    chunk = max(1, _CHUNK_ANCHORS // (nseg + 1))
    for i0 in range(0, na, chunk):
        a = az[i0:i0 + chunk]
        m = a.size
        # 1. anchors, exact (m, nseg + 1)
        ca, sa = np.cos(a)[:, None], np.sin(a)[:, None]
        sin_lat = np.clip(sl1 * cd + (cl1 * sd) * ca, -1.0, 1.0)
        lat_a = np.arcsin(sin_lat)
        dlon_a = np.arctan2(sa * (sd * cl1), cd - sl1 * sin_lat)
        fy_a, fx_a, h_a = [], [], None
        h_ub = np.full((m, nseg), -np.inf)
        for t, fxs, (b, bm) in zip(tiles, fx_site, blocks, strict=True):
            fy = (lat_a - t.lat0_rad) / t.dlat_rad
            fx = fxs + dlon_a / t.dlon_rad
            fy_a.append(fy)
            fx_a.append(fx)
            ht = _bilinear_fast(t._flat32, *t.shape, fy, fx)
            h_a = ht if h_a is None else np.where(np.isnan(h_a), ht, h_a)
            np.fmax(h_ub, _segment_bound(fy, fx, b, bm), out=h_ub)
        # 2. tangent of the elevation at the anchors (real samples except the last)
        ta = np.add(h_a[:, :-1], r_e)
        np.divide(csc2[:, 0], ta, out=ta)
        np.subtract(cot2[:, 0], ta, out=ta)
        have_a = ~np.isnan(ta)
        np.copyto(ta, -np.inf, where=~have_a)
        last = nseg - 1 - np.argmax(have_a[:, ::-1], axis=1)
        data_range[i0:i0 + m] = np.where(have_a.any(axis=1), s_a[last], 0.0)
        lower = np.full((m, nseg), -np.inf)  # best anchor strictly before each segment
        np.maximum.accumulate(ta[:, :-1], axis=1, out=lower[:, 1:])
        # 3. upper bound of the tangent over each segment, from the highest node it can touch
        num = (r_e + h_ub) * cos_t0 - (r_e + h_s)
        with np.errstate(invalid="ignore"):
            t_ub = np.where(num >= 0.0, num / ((r_e + h_lo) * sin_t0),
                            num / ((r_e + h_ub) * sin_t1))
        t_ub[np.isneginf(h_ub)] = -np.inf
        rr, aa = np.nonzero(t_ub > lower)  # segments that may hold a record
        if rr.size == 0:
            continue
        n_evaluated += rr.size * (n_ev - 1)
        # 4. every sample of those segments. First the derivatives along the path at both
        # ends of each segment, from the local azimuth az2 of the great circle:
        # d lat/ds = cos(az2) / R, d lon/ds = sin(az2) / (R cos lat), with
        # cos(lat) sin(az2) = sin(alpha) cos(lat1) and
        # cos(lat) cos(az2) = cos(lat1) cos(delta) cos(alpha) - sin(lat1) sin(delta).
        # Then the samples, sample-major (n_ev, n_active) so that numpy's inner loops run over
        # the long axis.
        ends = (aa, aa + 1)
        sl = [sin_lat[rr, e] for e in ends]
        c2 = [np.maximum(1.0 - x * x, 1e-300) for x in sl]
        ca_r, sa_r = ca[rr, 0], sa[rr, 0]
        dlat = [(cl1 * cd[e] * ca_r - sl1 * sd[e]) * (seg_len / R_MEAN_M) / np.sqrt(c)
                for e, c in zip(ends, c2, strict=True)]
        dlon = [(sa_r * cl1) * (seg_len / R_MEAN_M) / c for c in c2]
        h = None
        for t, ya, xa in zip(tiles, fy_a, fx_a, strict=True):
            ys = _hermite(ya, [d / t.dlat_rad for d in dlat], rr, aa, herm)
            xs = _hermite(xa, [d / t.dlon_rad for d in dlon], rr, aa, herm)
            ht = _bilinear_fast(t._flat32, *t.shape, ys, xs)
            h = ht if h is None else np.where(np.isnan(h), ht, h)
        tan_el = np.add(h, r_e)
        np.divide(csc2t.take(aa, axis=1), tan_el, out=tan_el)
        np.subtract(cot2t.take(aa, axis=1), tan_el, out=tan_el)
        # 5. records: samples above everything before them on their ray. NaN (no data) is
        # skipped by fmax and compares False, so it never makes a record.
        run = np.fmax.accumulate(tan_el, axis=0)
        seg_best = np.full((m, nseg), -np.inf)
        seg_best[rr, aa] = run[-1]
        before = np.full((m, nseg), -np.inf)
        np.fmax.accumulate(seg_best[:, :-1], axis=1, out=before[:, 1:])
        np.fmax(before, lower, out=before)
        prior = before[rr, aa]
        rec = np.empty(tan_el.shape, dtype=bool)
        np.greater(tan_el[0], prior, out=rec[0])
        np.fmax(run[:-1], prior, out=run[:-1])
        np.greater(tan_el[1:], run[:-1], out=rec[1:])
        # (segment, sample) order = by ray, then by distance
        k_rec = np.flatnonzero(np.ascontiguousarray(rec.T))
        cols, rows = np.divmod(k_rec, n_ev)
        counts[i0:i0 + m] = np.bincount(rr.take(cols), minlength=m)
        j = aa.take(cols)
        j *= n_ev
        j += rows
        out_d.append(s_all.take(j))
        rows *= rr.size
        rows += cols
        out_t.append(tan_el.reshape(-1).take(rows))
    if out_d:
        return (counts, np.concatenate(out_d), np.concatenate(out_t), data_range, step,
                na * ns, n_evaluated)
    empty = np.zeros(0)
    return counts, empty, empty, data_range, step, na * ns, n_evaluated


def _hermite(y, ldy, rr, aa, herm):
    """Cubic Hermite interpolation over segments ``(rr, aa)`` of the anchor values ``y``
    ``(m, nA)``, with ``ldy = (d0, d1)`` the derivatives times the segment length at the
    segments' two ends (each ``(n,)``), at the fractions of ``herm`` (``w``, ``g``, ``q``
    stacked, see :func:`_terrain_envelope`): ``(n_ev, n)`` values
    ``y0 + D w + (d0 - D) g + (d1 - D) q`` with ``D = y1 - y0``."""
    y0 = y[rr, aa]
    dy = y[rr, aa + 1] - y0
    out = herm[0] * dy
    out += y0
    out += herm[1] * (ldy[0] - dy)
    out += herm[2] * (ldy[1] - dy)
    return out


def _segment_bound(fy, fx, b, dbm):
    """Highest node height [m] that the bilinear stencils of a segment between consecutive
    anchors can touch: the dilated block maximum (``Dem._dilated_block_max``, block size ``b``)
    at the block of the segment's midpoint, which covers everything within ``b`` nodes of that
    block; the segment lies within ``ext / 2 + 0.01`` nodes of its midpoint (``ext`` its
    extent, ``b >= ext / 2 + 2``), its stencils one node further. Midpoints two blocks or more
    outside the grid get ``-inf``. ``fy, fx``: anchors' fractional indices ``(m, nA)``;
    returns ``(m, nA - 1)``."""
    nby4, nbx4 = dbm.shape
    half_inv_b = 0.5 / b
    yi = np.add(fy[:, :-1], fy[:, 1:])
    yi *= half_inv_b
    yi += 2.0
    np.clip(yi, 0.0, nby4 - 1.0, out=yi)
    xi = np.add(fx[:, :-1], fx[:, 1:])
    xi *= half_inv_b
    xi += 2.0
    np.clip(xi, 0.0, nbx4 - 1.0, out=xi)
    k = yi.astype(np.intp)  # floor: non-negative
    k *= nbx4
    k += xi.astype(np.intp)
    return dbm.reshape(-1).take(k)


def _bilinear_fast(flat: NDArray[np.float32], ny: int, nx: int, fy: FloatArray,
                   fx: FloatArray) -> FloatArray:
    """Bilinear lookup at fractional grid indices ``(fy, fx)`` (same shape, float64) in the
    float32 heights ``flat`` (C order, ``ny x nx``), NaN outside the hull of the nodes: the
    hot-path version of :meth:`Dem.height_at` (no broadcasting). The differences between
    neighbouring nodes are taken in float32 (exact for whole metres), the interpolation in
    float64."""
    y = np.clip(fy, 0.0, ny - 1.0)
    x = np.clip(fx, 0.0, nx - 1.0)
    outside = y != fy  # NaN-free inputs: changed by the clip <=> outside
    outside |= x != fx
    iy = y.astype(np.intp)
    ix = x.astype(np.intp)
    np.minimum(iy, ny - 2, out=iy)
    np.minimum(ix, nx - 2, out=ix)
    y -= iy  # now the fractions
    x -= ix
    iy *= nx
    iy += ix  # flat index of the row-0-side, column-0-side node of the cell
    h0 = flat.take(iy)
    iy += 1
    top = np.subtract(flat.take(iy), h0)
    top = np.multiply(top, x)
    top += h0
    iy += nx - 1
    h0 = flat.take(iy)
    iy += 1
    bot = np.subtract(flat.take(iy), h0)
    bot = np.multiply(bot, x)
    bot += h0
    bot -= top
    bot *= y
    top += bot
    np.copyto(top, np.nan, where=outside)
    return top


def line_of_sight(profile: HorizonProfile, tgt_lat_rad: ArrayLike, tgt_lon_rad: ArrayLike,
                  tgt_alt_m: ArrayLike, k: float | None = None) -> NDArray[np.bool_]:
    """Whether targets are visible from the profile's site over its terrain mask.

    A target is visible when its elevation (eq. (1), with the profile's ``k`` unless ``k`` is
    given) is at least the mask at its azimuth, **counting only the terrain and obstacles nearer
    than the target** (``profile.mask_at(az, distance)``): the running-maximum envelope of the
    two nearest rays, linearly interpolated in azimuth, and the sea surface up to the target's
    distance. Approximations: (a) the masking point is assumed to lie on the sampled ray, i.e.
    between the site and the target in azimuth to within half an azimuth step; (b) terrain is
    known only to ``profile.max_range_m`` (and ``data_range_m``); beyond, only the sea-level
    horizon masks. Targets beyond the masking distance are thus compared with the full mask
    (:meth:`HorizonProfile.mask_at`). Shapes broadcast; returns a bool array.
    """
    kk = profile.k if k is None else _check_k(k)
    r = elevation_angle(profile.site_lat_rad, profile.site_lon_rad, profile.site_alt_m,
                        tgt_lat_rad, tgt_lon_rad, tgt_alt_m, kk)
    mask = profile.mask_at(r.azimuth_rad, r.distance_m)
    out = np.asarray(r.elevation_rad >= mask)
    return out[()] if out.ndim == 0 else out
