"""Where the spent first stage of an interceptor falls: nominal fall and Monte Carlo dispersion.

The question behind it: in June 2020 Japan cancelled Aegis Ashore because the SM-3's first-stage
booster (Mk 72) could not be guaranteed to fall inside the Mutsumi training area [@kono-2020-halt].
This module flies the interceptor to its first-stage separation, releases the spent stage there and
lets it fall as a ballistic body with drag, then repeats the fall for many dispersed separation
states.

Model
-----

1. **Separation state.** :func:`~ashore.intercept.interceptor.fly_interceptor` flies the whole
   stack from the site (vertical rise, kick to the launch elevation, attitude hold, gravity
   turn; see that module) to the end of the first stage's burn; the captured ECEF position and
   Earth-relative velocity there are the spent stage's initial state (no separation impulse).
2. **Fall.** The stage tumbles, so its drag is that of a body at random attitude with a
   constant drag coefficient C_D. Its mean projected area over uniformly random orientations is
   a quarter of its surface area (Cauchy's surface-area formula for convex bodies
   [@gruber-2007]), for a cylinder of diameter D and length L::

       A = S / 4 = (pi D^2 / 2 + pi D L) / 4,      beta = m / (C_D A),

   and the drag deceleration is ``rho |v|^2 / (2 beta)`` against the air-relative velocity
   (:mod:`ashore.flight.dynamics`; air at rest with the Earth, U.S. Standard Atmosphere 1976
   [@ussa-1976]). Gravity (point mass + J2), Earth rotation and the ellipsoid are those of the
   :class:`~ashore.earth.model.EarthModel`. The fall ends at zero height above the ellipsoid.
3. **Dispersion** (:class:`Dispersion`): each Monte Carlo sample perturbs the separation state
   and the ballistic coefficient with independent normal draws from
   ``numpy.random.default_rng(seed)``:

   - position: ``dr = sigma_r (z_E, z_N, z_U)`` in the local East-North-Up axes;
   - speed: ``|v'| = |v| (1 + sigma_s z_s)``;
   - direction: the velocity direction is turned by the small angles ``a = sigma_d z_p`` (in
     the vertical plane of the velocity, "pitch") and ``b = sigma_d z_y`` (horizontal, "yaw"):
     ``u' = u cos(theta) + (a p + b q) sin(theta) / theta`` with ``theta = sqrt(a^2 + b^2)``,
     ``q = (u x up) / |u x up|`` and ``p = q x u``;
   - ballistic coefficient: log-normal, ``beta' = beta exp(sigma_b z_b)`` (median ``beta``).

   The nominal body and every sample are flown in one batched call of
   :func:`~ashore.flight.trajectory.fly_free_state`.
4. **Statistics.** Impacts are expressed in the local East/North plane of the launch site (a
   tangent plane; over a few km its horizontal distances differ from geodesic ones by
   ``~d^3 / (6 R^2)``, well under a millimetre). The mean impact is the mean of those vectors;
   the sample covariance ``C`` (2 x 2, ``ddof = 1``) gives the dispersion ellipse: semi-axes
   ``k sqrt(lambda_i)`` along the eigenvectors of ``C``. For a bivariate normal the squared
   Mahalanobis distance is chi-square with 2 degrees of freedom, ``P(d^2 <= k^2) =
   1 - exp(-k^2 / 2)``, so the ellipse containing a share ``P`` has ``k = sqrt(-2 ln(1 - P))``:
   ``k = 1`` for the 1-sigma ellipse (39.3 %) and ``k = sqrt(-2 ln 0.05) = 2.4477`` for 95 %
   (e.g. Papoulis & Pillai, *Probability, Random Variables and Stochastic Processes*, 4th ed.,
   sect. 6-4, the Rayleigh/chi-square case [@papoulis-pillai-2002]). The share of impacts inside
   an area ``p`` has the binomial standard error ``sqrt(p (1 - p) / n)`` and the Wilson 95 %
   score interval (Wilson 1927, JASA 22, 209 [@wilson-1927]).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np

from ashore.earth import geodesy
from ashore.earth.frames import (
    ecef_to_enu,
    ecef_to_geodetic,
    enu_to_ecef,
    enu_vector_to_ecef,
)
from ashore.earth.model import EarthModel
from ashore.errors import InputError
from ashore.flight.trajectory import (
    DEFAULT_ACCURACY,
    FAST_ACCURACY,
    Accuracy,
    fly_free_state,
)
from ashore.intercept.interceptor import Interceptor, SpentBooster, fly_interceptor

if TYPE_CHECKING:  # only a type: any object with .name and .contains(lat_rad, lon_rad) works
    from ashore.earth.areas import Area

K95_2D = math.sqrt(-2.0 * math.log(0.05))
"""Scale of the 95 % containment ellipse of a bivariate normal: sqrt(-2 ln 0.05) = 2.4477
(chi-square, 2 degrees of freedom)."""

MAX_SAMPLES = 1_000_000
FALL_T_MAX_S = 3600.0
"""Time limit of the fall; a spent first stage comes down within a few minutes."""
_Z95 = 1.959963984540054


@dataclass(frozen=True)
class Dispersion:
    """One-sigma dispersions of the separation state and of the tumbling ballistic coefficient.

    Every default is NOTIONAL: chosen by the ashore developers as plausible magnitudes, with no
    public figure behind it. Set a field to 0 to switch that dispersion off.
    """

    position_sigma_m: float = 50.0
    """Separation position, per East/North/Up axis (m). Notional: flight-to-flight spread of
    the ~2.5 km boost (thrust, steering, launcher tip-off)."""
    speed_sigma_fraction: float = 0.02
    """Separation speed, as a fraction of the nominal speed. Notional: about the spread of a
    solid motor's delivered impulse with grain temperature and lot (a few per cent)."""
    direction_sigma_rad: float = math.radians(1.0)
    """Velocity direction, per transverse axis (pitch and yaw), rad. Notional: thrust
    misalignment and steering error accumulated over the boost."""
    beta_log_sigma: float = 0.2
    """Ballistic coefficient, sigma of ln(beta) (so about +-20 % at one sigma). Notional: the
    drag of a tumbling cylinder depends on its tumble mode and Mach number."""

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not (math.isfinite(value) and value >= 0.0):
                raise InputError(f"dispersion {name} must be zero or positive, got {value}")
        if self.speed_sigma_fraction > 0.5:
            raise InputError("dispersion speed_sigma_fraction must be at most 0.5 (a fraction "
                             f"of the speed, not a percentage), got {self.speed_sigma_fraction}")
        if self.direction_sigma_rad > math.radians(30.0):
            raise InputError("dispersion direction_sigma_rad must be at most 0.52 rad (30 deg); "
                             f"got {self.direction_sigma_rad} (degrees given as radians?)")

    def describe(self) -> list[str]:
        return [
            f"separation position sigma {self.position_sigma_m:g} m per E/N/U axis (notional) "
            "[@ashore-notional]",
            f"separation speed sigma {100 * self.speed_sigma_fraction:g} % (notional) "
            "[@ashore-notional]",
            f"separation direction sigma {math.degrees(self.direction_sigma_rad):g} deg per "
            "pitch/yaw axis (notional) [@ashore-notional]",
            f"ballistic coefficient log-normal sigma {self.beta_log_sigma:g} (notional) "
            "[@ashore-notional]",
        ]


NO_DISPERSION = Dispersion(0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Wind:
    """A uniform horizontal wind over the fall (the air moves; drag acts on the air-relative
    velocity, :class:`ashore.flight.dynamics.FlightParams`): mean speed (m/s) blowing *from*
    ``from_rad`` (meteorological convention, clockwise from north), plus a Gaussian spread of
    ``sigma_m_s`` per east/north axis drawn per sample. Calm by default: no public wind
    climatology is built in; give the season's figures for a site."""

    speed_m_s: float = 0.0
    from_rad: float = 0.0
    sigma_m_s: float = 0.0

    def __post_init__(self) -> None:
        for name in ("speed_m_s", "sigma_m_s"):
            value = getattr(self, name)
            if not (math.isfinite(value) and 0.0 <= value <= 150.0):
                raise InputError(f"wind {name.removesuffix('_m_s')} must be between 0 and "
                                 f"150 m/s, got {value}")
        if not math.isfinite(self.from_rad):
            raise InputError(f"wind direction must be a finite number, got {self.from_rad}")

    @property
    def mean_east_north_m_s(self) -> tuple[float, float]:
        """Velocity of the air (toward from + 180 deg), east and north components."""
        return (-self.speed_m_s * math.sin(self.from_rad),
                -self.speed_m_s * math.cos(self.from_rad))

    def describe(self) -> str:
        if self.speed_m_s == 0 and self.sigma_m_s == 0:
            return "wind: calm (no wind given)"
        return (f"wind {self.speed_m_s:g} m/s from {math.degrees(self.from_rad) % 360:g} deg, "
                f"sigma {self.sigma_m_s:g} m/s per east/north axis (user input)")


CALM = Wind()


@dataclass(frozen=True)
class Ellipse:
    """A dispersion ellipse in the local East/North plane: semi-axes (m) and the azimuth of the
    major axis (rad, clockwise from north, in [0, pi)), centred on ``(east_m, north_m)``."""

    east_m: float
    north_m: float
    semi_major_m: float
    semi_minor_m: float
    orientation_rad: float

    def outline(self, n: int = 73) -> np.ndarray:
        """(n, 2) East/North points around the ellipse (first = last)."""
        t = np.linspace(0.0, 2.0 * np.pi, n)
        s, c = math.sin(self.orientation_rad), math.cos(self.orientation_rad)
        a, b = self.semi_major_m * np.cos(t), self.semi_minor_m * np.sin(t)
        # major axis along (sin az, cos az), minor along (cos az, -sin az)
        return np.column_stack([self.east_m + a * s + b * c, self.north_m + a * c - b * s])

    def to_dict(self) -> dict:
        return {"semi_major_km": _num(self.semi_major_m / 1e3, 4),
                "semi_minor_km": _num(self.semi_minor_m / 1e3, 4),
                "orientation_deg": _num(math.degrees(self.orientation_rad), 2)}


def covariance_ellipse(center_en_m, cov_m2: np.ndarray, k: float) -> Ellipse:
    """The ellipse ``d^T C^-1 d = k^2`` of a 2 x 2 covariance ``C`` (East/North, m^2):
    semi-axes ``k sqrt(lambda)`` along the eigenvectors (``numpy.linalg.eigh``)."""
    lam, vec = np.linalg.eigh(np.asarray(cov_m2, float))
    lam = np.maximum(lam, 0.0)
    major = vec[:, 1]
    orient = math.atan2(major[0], major[1]) % math.pi if lam[1] > 0 else 0.0
    if math.isclose(orient, math.pi):
        orient = 0.0
    return Ellipse(float(center_en_m[0]), float(center_en_m[1]), k * math.sqrt(lam[1]),
                   k * math.sqrt(lam[0]), orient)


@dataclass(frozen=True)
class BoosterDrop:
    """Nominal fall and Monte Carlo impacts of a spent first stage (SI units, radians)."""

    interceptor: str
    booster: SpentBooster
    earth: EarthModel
    site_lat_rad: float
    site_lon_rad: float
    site_alt_m: float
    azimuth_rad: float
    elevation_rad: float
    samples: int
    seed: int
    dispersion: Dispersion
    wind: Wind
    # nominal separation
    separation_time_s: float
    separation_lat_rad: float
    separation_lon_rad: float
    separation_alt_m: float
    separation_speed_m_s: float
    separation_flight_path_rad: float
    separation_distance_m: float
    """Ground distance from the site to the point below the separation."""
    # nominal impact
    nominal_impact_lat_rad: float
    nominal_impact_lon_rad: float
    nominal_distance_m: float
    """Geodesic distance from the site to the nominal impact."""
    nominal_azimuth_rad: float
    nominal_flight_time_s: float
    nominal_impact_speed_m_s: float
    # Monte Carlo (arrays of shape (samples,))
    impact_lat_rad: np.ndarray
    impact_lon_rad: np.ndarray
    impact_east_m: np.ndarray
    """Impacts in the local East/North plane of the site (m)."""
    impact_north_m: np.ndarray
    flight_time_s: np.ndarray
    impact_speed_m_s: np.ndarray
    ballistic_coefficient_kg_m2: np.ndarray
    mean_lat_rad: float
    mean_lon_rad: float
    mean_distance_m: float
    mean_azimuth_rad: float
    covariance_en_m2: np.ndarray
    """(2, 2) sample covariance of the East/North impacts (m^2)."""
    ellipse_1sigma: Ellipse
    ellipse_95: Ellipse
    area: Area | None = None
    inside: np.ndarray | None = None
    """(samples,) True where an impact lies inside the area (None without an area)."""

    @property
    def nominal_ballistic_coefficient_kg_m2(self) -> float:
        return self.booster.ballistic_coefficient_kg_m2

    @property
    def inside_fraction(self) -> float | None:
        return None if self.inside is None else float(np.mean(self.inside))

    @property
    def inside_standard_error(self) -> float | None:
        """Binomial standard error sqrt(p (1 - p) / n) of :attr:`inside_fraction`."""
        p = self.inside_fraction
        return None if p is None else math.sqrt(p * (1.0 - p) / self.samples)

    @property
    def inside_interval_95(self) -> tuple[float, float] | None:
        """Wilson score 95 % interval [@wilson-1927] of the inside share (sensible also at 0
        or 1)."""
        p = self.inside_fraction
        if p is None:
            return None
        n, z2 = self.samples, _Z95 * _Z95
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = _Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        return max(0.0, centre - half), min(1.0, centre + half)

    def to_dict(self) -> dict:
        """The figures in display units (km, deg, s), NaN-free (undefined -> None)."""
        deg = math.degrees
        b = self.booster
        interval = self.inside_interval_95
        out = {
            "interceptor": self.interceptor,
            "site": {"lat_deg": _num(deg(self.site_lat_rad), 6),
                     "lon_deg": _num(deg(self.site_lon_rad), 6),
                     "alt_m": _num(self.site_alt_m, 1)},
            "azimuth_deg": _num(deg(self.azimuth_rad), 3),
            "elevation_deg": _num(deg(self.elevation_rad), 3),
            "samples": self.samples,
            "seed": self.seed,
            "booster": {"mass_kg": _num(b.mass_kg, 2), "diameter_m": _num(b.diameter_m, 3),
                        "length_m": _num(b.length_m, 3), "tumbling_cd": _num(b.tumbling_cd, 3),
                        "mean_area_m2": _num(b.mean_area_m2, 4),
                        "ballistic_coefficient_kg_m2": _num(b.ballistic_coefficient_kg_m2, 1)},
            "separation": {"time_s": _num(self.separation_time_s, 3),
                           "altitude_km": _num(self.separation_alt_m / 1e3, 4),
                           "speed_mps": _num(self.separation_speed_m_s, 1),
                           "flight_path_deg": _num(deg(self.separation_flight_path_rad), 3),
                           "distance_km": _num(self.separation_distance_m / 1e3, 4),
                           "lat_deg": _num(deg(self.separation_lat_rad), 6),
                           "lon_deg": _num(deg(self.separation_lon_rad), 6)},
            "nominal_impact": {"lat_deg": _num(deg(self.nominal_impact_lat_rad), 6),
                               "lon_deg": _num(deg(self.nominal_impact_lon_rad), 6),
                               "distance_km": _num(self.nominal_distance_m / 1e3, 4),
                               "azimuth_deg": _azimuth_deg(self.nominal_azimuth_rad,
                                                           self.nominal_distance_m),
                               "flight_time_s": _num(self.nominal_flight_time_s, 2),
                               "impact_speed_mps": _num(self.nominal_impact_speed_m_s, 1),
                               "inside_area": (None if self.area is None else bool(
                                   self.area.contains(self.nominal_impact_lat_rad,
                                                      self.nominal_impact_lon_rad)))},
            "mean_impact": {"lat_deg": _num(deg(self.mean_lat_rad), 6),
                            "lon_deg": _num(deg(self.mean_lon_rad), 6),
                            "distance_km": _num(self.mean_distance_m / 1e3, 4),
                            "azimuth_deg": _azimuth_deg(self.mean_azimuth_rad,
                                                        self.mean_distance_m)},
            "ellipse_1sigma": self.ellipse_1sigma.to_dict(),
            "ellipse_95": self.ellipse_95.to_dict(),
            "max_distance_km": _num(float(np.max(np.hypot(self.impact_east_m,
                                                          self.impact_north_m))) / 1e3, 4),
            "flight_time_s": _stats(self.flight_time_s, 2),
            "impact_speed_mps": _stats(self.impact_speed_m_s, 1),
            "area": None if self.area is None else self.area.name,
            "inside_fraction": _opt(self.inside_fraction, 5),
            "inside_standard_error": _opt(self.inside_standard_error, 5),
            "inside_interval_95": None if interval is None else [_num(x, 5) for x in interval],
            "dispersion": {"position_sigma_m": self.dispersion.position_sigma_m,
                           "speed_sigma_fraction": self.dispersion.speed_sigma_fraction,
                           "direction_sigma_deg": _num(deg(self.dispersion.direction_sigma_rad),
                                                       4),
                           "beta_log_sigma": self.dispersion.beta_log_sigma},
            "wind": {"speed_mps": self.wind.speed_m_s,
                     "from_deg": _num(deg(self.wind.from_rad) % 360.0, 3),
                     "sigma_mps": self.wind.sigma_m_s},
        }
        return out


# ---- the computation -------------------------------------------------------------------------


def require_booster(interceptor: Interceptor) -> SpentBooster:
    """The interceptor's spent first stage, or a one-line InputError when nothing drops."""
    if interceptor.booster is None:
        raise InputError(f"interceptor '{interceptor.name}' drops no spent booster (no "
                         "'booster' block: its first stage does not separate), so there is no "
                         "booster fall to analyse; choose e.g. sm-3-block-iia-class")
    return interceptor.booster


def _check_launch(interceptor: Interceptor, lat_rad, lon_rad, alt_m, azimuth_rad,
                  elevation_rad) -> tuple[float, float, float, float, float]:
    vals = tuple(float(np.asarray(x, float).reshape(-1)[0]) for x in
                 (lat_rad, lon_rad, alt_m, azimuth_rad, elevation_rad))
    names = ("site latitude", "site longitude", "site altitude", "launch azimuth",
             "launch elevation")
    for name, value in zip(names, vals, strict=True):
        if not math.isfinite(value):
            raise InputError(f"{name} must be a finite number, got {value}")
    lat, lon, alt, az, el = vals
    if abs(lat) > math.pi / 2:
        raise InputError(f"site latitude {math.degrees(lat):g} deg is out of range; use -90 "
                         "to 90 degrees")
    lo = interceptor.min_launch_elevation_rad
    if not lo - 1e-12 <= el <= math.pi / 2 + 1e-12:
        raise InputError(f"launch elevation {math.degrees(el):g} deg is outside "
                         f"{math.degrees(lo):g}-90 deg, the range interceptor "
                         f"'{interceptor.name}' can be launched at; choose an elevation in it")
    return lat, lon, alt, az % (2 * math.pi), min(el, math.pi / 2)


def separation_state(
    interceptor: Interceptor,
    earth: EarthModel,
    lat_rad: float,
    lon_rad: float,
    alt_m: float,
    azimuth_rad: float,
    elevation_rad: float,
    *,
    accuracy: Accuracy = DEFAULT_ACCURACY,
) -> tuple[float, np.ndarray, np.ndarray]:
    """The nominal first-stage separation: ``(t_s, r_ecef (3,), v_ecef (3,))``, velocity
    relative to the Earth, from launching ``interceptor`` at the site along ``azimuth`` with
    launch ``elevation`` (the steering law of :mod:`ashore.intercept.interceptor`).

    Only the first ``t_sep + 1`` s are flown. InputError when the interceptor drops no booster,
    the elevation is outside its launch range, or it comes down before separating.
    """
    require_booster(interceptor)
    lat, lon, alt, az, el = _check_launch(interceptor, lat_rad, lon_rad, alt_m, azimuth_rad,
                                          elevation_rad)
    t_sep = interceptor.first_stage_separation_s
    flights = fly_interceptor(interceptor, earth, lat, lon, az, el, alt_m=alt,
                              accuracy=accuracy, t_max_s=t_sep + 1.0)
    cap = flights.result.captures[0]
    t = float(cap.t_s[0])
    if not math.isfinite(t):
        raise InputError(f"interceptor '{interceptor.name}' came down before its first stage "
                         f"separated ({t_sep:g} s); raise the launch elevation")
    return t, np.array(cap.r_ecef[0], float), np.array(cap.v_ecef[0], float)


def disperse_separation(
    r_ecef: np.ndarray,
    v_ecef: np.ndarray,
    beta_kg_m2: float,
    dispersion: Dispersion,
    samples: int,
    rng: np.random.Generator,
    earth: EarthModel,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dispersed separation states and ballistic coefficients, ``(r (n, 3), v (n, 3),
    beta (n,))``, from one ``(n, 7)`` standard-normal draw (columns: E, N, U position; speed;
    pitch, yaw; ln beta). See the module docstring for the equations."""
    d = dispersion
    z = rng.standard_normal((samples, 7))
    lat, lon, _ = ecef_to_geodetic(r_ecef, earth.ellipsoid)
    r = r_ecef + enu_vector_to_ecef(d.position_sigma_m * z[:, :3], lat, lon)
    speed = float(np.linalg.norm(v_ecef))
    u = v_ecef / speed if speed > 0 else enu_vector_to_ecef(np.array([0.0, 0.0, 1.0]), lat, lon)
    up = enu_vector_to_ecef(np.array([0.0, 0.0, 1.0]), lat, lon)
    q = np.cross(u, up)
    if np.linalg.norm(q) < 1e-9:  # vertical velocity: yaw about east
        q = enu_vector_to_ecef(np.array([1.0, 0.0, 0.0]), lat, lon)
    q = q / np.linalg.norm(q)
    p = np.cross(q, u)
    a = d.direction_sigma_rad * z[:, 4]
    b = d.direction_sigma_rad * z[:, 5]
    theta = np.hypot(a, b)
    sinc = np.sinc(theta / np.pi)  # sin(theta) / theta, 1 at theta = 0
    direction = (np.cos(theta)[:, None] * u + sinc[:, None] * (a[:, None] * p + b[:, None] * q))
    new_speed = np.maximum(speed * (1.0 + d.speed_sigma_fraction * z[:, 3]), 0.0)
    v = new_speed[:, None] * direction
    beta = beta_kg_m2 * np.exp(d.beta_log_sigma * z[:, 6])
    return r, v, beta


def booster_drop(
    interceptor: Interceptor,
    earth: EarthModel,
    lat_rad: float,
    lon_rad: float,
    alt_m: float,
    azimuth_rad: float,
    elevation_rad: float,
    samples: int,
    seed: int,
    dispersion: Dispersion = Dispersion(),  # noqa: B008 - frozen, immutable default
    area: Area | None = None,
    *,
    wind: Wind = CALM,
    accuracy: Accuracy = FAST_ACCURACY,
) -> BoosterDrop:
    """Fall of the spent first stage: the nominal body and ``samples`` dispersed ones, flown in
    one batch (``accuracy`` defaults to FAST_ACCURACY: within 3 cm of DEFAULT_ACCURACY on the
    ~2 km falls with drag, 0.6 m on 80 km falls in vacuum; tests/intercept/test_booster.py)."""
    booster = require_booster(interceptor)
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 1:
        raise InputError(f"`samples` must be at least 1, got {samples}", parameter="samples")
    if samples > MAX_SAMPLES:
        raise InputError(f"`samples` must be at most {MAX_SAMPLES}, got {samples}",
                         parameter="samples")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"`seed` must be a non-negative integer, got {seed}", parameter="seed")
    samples, seed = int(samples), int(seed)
    lat, lon, alt, az, el = _check_launch(interceptor, lat_rad, lon_rad, alt_m, azimuth_rad,
                                          elevation_rad)
    t_sep, r_sep, v_sep = separation_state(interceptor, earth, lat, lon, alt, az, el)
    beta0 = booster.ballistic_coefficient_kg_m2
    rng = np.random.default_rng(seed)
    r_mc, v_mc, beta_mc = disperse_separation(r_sep, v_sep, beta0, dispersion, samples, rng,
                                              earth)
    r0 = np.vstack([r_sep[None, :], r_mc])
    v0 = np.vstack([v_sep[None, :], v_mc])
    beta = np.concatenate([[beta0], beta_mc])
    wind_en = np.array(wind.mean_east_north_m_s) + wind.sigma_m_s * np.vstack(
        [np.zeros((1, 2)), rng.standard_normal((samples, 2))])  # drawn after the state draws
    wind_ecef = enu_vector_to_ecef(np.column_stack([wind_en, np.zeros(samples + 1)]), lat, lon)
    calm = wind.speed_m_s == 0 and wind.sigma_m_s == 0
    fall = fly_free_state(earth, r0, v0, ballistic_coefficient_kg_m2=beta,
                          wind_ecef=None if calm else wind_ecef, accuracy=accuracy,
                          t_max_s=FALL_T_MAX_S)
    if not np.all(fall.impacted):
        missing = int(np.count_nonzero(~fall.impacted))
        raise InputError(f"{missing} of {samples + 1} spent boosters of '{interceptor.name}' did "
                         f"not come down within {FALL_T_MAX_S:g} s; check the interceptor's "
                         "first stage (is it fast enough to orbit?)")

    ell = earth.ellipsoid
    r_imp = fall.result.events["impact"].r_ecef
    imp_lat, imp_lon, _ = ecef_to_geodetic(r_imp, ell)
    enu = ecef_to_enu(r_imp, lat, lon, alt, ell)
    mc_enu = enu[1:]
    mean_enu = mc_enu.mean(axis=0)
    mean_lat, mean_lon, _ = ecef_to_geodetic(enu_to_ecef(mean_enu, lat, lon, alt, ell), ell)
    cov = (np.cov(mc_enu[:, :2], rowvar=False, ddof=1) if samples > 1 else np.zeros((2, 2)))
    cov = np.atleast_2d(cov)

    sep_lat, sep_lon, sep_alt = ecef_to_geodetic(r_sep, ell)
    up = enu_vector_to_ecef(np.array([0.0, 0.0, 1.0]), sep_lat, sep_lon)
    speed = float(np.linalg.norm(v_sep))
    gamma = math.asin(float(np.clip(np.dot(v_sep, up) / max(speed, 1e-12), -1.0, 1.0)))
    pts_lat = np.array([sep_lat, imp_lat[0], mean_lat], float)
    pts_lon = np.array([sep_lon, imp_lon[0], mean_lon], float)
    dist, azi, _ = geodesy.inverse(np.full(3, lat), np.full(3, lon), pts_lat, pts_lon, ell)

    inside = None if area is None else area.contains(imp_lat[1:], imp_lon[1:])
    return BoosterDrop(
        interceptor=interceptor.name, booster=booster, earth=earth,
        site_lat_rad=lat, site_lon_rad=lon, site_alt_m=alt, azimuth_rad=az, elevation_rad=el,
        samples=samples, seed=seed, dispersion=dispersion, wind=wind,
        separation_time_s=t_sep, separation_lat_rad=float(sep_lat),
        separation_lon_rad=float(sep_lon), separation_alt_m=float(sep_alt),
        separation_speed_m_s=speed, separation_flight_path_rad=gamma,
        separation_distance_m=float(dist[0]),
        nominal_impact_lat_rad=float(imp_lat[0]), nominal_impact_lon_rad=float(imp_lon[0]),
        nominal_distance_m=float(dist[1]), nominal_azimuth_rad=float(azi[1]),
        nominal_flight_time_s=float(fall.flight_time_s[0]),
        nominal_impact_speed_m_s=float(fall.impact_speed_m_s[0]),
        impact_lat_rad=imp_lat[1:], impact_lon_rad=imp_lon[1:],
        impact_east_m=mc_enu[:, 0], impact_north_m=mc_enu[:, 1],
        flight_time_s=fall.flight_time_s[1:], impact_speed_m_s=fall.impact_speed_m_s[1:],
        ballistic_coefficient_kg_m2=beta_mc,
        mean_lat_rad=float(mean_lat), mean_lon_rad=float(mean_lon),
        mean_distance_m=float(dist[2]), mean_azimuth_rad=float(azi[2]),
        covariance_en_m2=cov,
        ellipse_1sigma=covariance_ellipse(mean_enu[:2], cov, 1.0),
        ellipse_95=covariance_ellipse(mean_enu[:2], cov, K95_2D),
        area=area, inside=inside,
    )


# ---- display helpers -------------------------------------------------------------------------


def _num(x: float, digits: int = 3) -> float | None:
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None


def _opt(x: float | None, digits: int) -> float | None:
    return None if x is None else _num(x, digits)


def _azimuth_deg(az_rad: float, distance_m: float) -> float | None:
    """Azimuth in degrees, None when the point coincides with the site (under 1 cm)."""
    return _num(math.degrees(az_rad) % 360.0, 2) if distance_m >= 0.01 else None


def _stats(x: np.ndarray, digits: int) -> dict:
    return {"mean": _num(np.mean(x), digits), "min": _num(np.min(x), digits),
            "max": _num(np.max(x), digits)}
