"""The radar model: field of regard, signal-to-noise ratio, detection probability, accuracy.

A :class:`Radar` is a frozen, validated description (SI units inside) with vectorised methods:

- :meth:`Radar.snr_db` -- single-look SNR against a target of given RCS at given slant range;
- :meth:`Radar.pd` -- single-look detection probability (exact forms of
  :mod:`ashore.sensors.detection`, for the radar's ``pfa`` and ``swerling``), zero beyond the
  instrumented range;
- :meth:`Radar.detection_range_m` -- the range at which the single-look Pd reaches a value;
- :meth:`Radar.in_field_of_regard` -- whether an azimuth/elevation lies inside a face's scan
  limits and the elevation limits;
- :meth:`Radar.measurement_sigma` -- thermal-noise range and angle accuracy plus a bias floor.

Geometry (the radar horizon with ``k_factor``, terrain masking, the ENU/AER conversion of
:mod:`ashore.earth.frames`) is left to the callers; this module takes azimuth (clockwise from
north), elevation and slant range as :mod:`ashore.earth.frames` defines them.

Detection models
----------------
One of two, never both:

*Reference range* (for radars whose power and aperture are not public, e.g. SPY-7 class; see
[@jmod-2018-lmssr; @reuters-2018-lmssr]): ``reference_range_m`` is the range at which a target of
``reference_rcs_m2`` is detected with probability ``reference_pd`` on one look. Then::

    SNR(R, sigma) = SNR_ref (sigma / sigma_ref) (R_ref / R)^4,
    SNR_ref = required_snr_db(reference_pd, pfa, swerling)      (as a ratio)

The same look is assumed in track and search (``mode`` is ignored).

*Radar equation* (Skolnik, *Introduction to Radar Systems*, 3rd ed., sect. 2.2 and 2.13;
[@skolnik-2001])::

    track:   SNR = P_av t G A_e sigma / ((4 pi)^2 k T_s L R^4)        t = dwell_s
    search:  SNR = P_av A_e t_s sigma / (4 pi k T_s L R^4 Omega)      t_s = search_frame_s,
                                                                      Omega = search_solid_angle_sr

with ``G = 4 pi A_e / lambda^2`` linking gain and effective aperture (give one of ``gain_db`` or
``aperture_m2``), ``lambda = c / frequency_hz``, ``k`` Boltzmann's constant, ``T_s`` the system
noise temperature and ``L = 10**(losses_db / 10)``. ``P_av t`` is the energy on target in a
dwell: the SNR is after (coherent) integration of that energy, i.e. one "look". Both forms give
``R_det ∝ sigma^(1/4)``.

Field of regard
---------------
A face is a rectangle in azimuth/elevation (a simple model of a phased-array face's electronic
scan limits; it ignores the sine-space shape of real scan limits): a direction (az, el) is inside
a face if its azimuth offset from the face's boresight azimuth, wrapped to [-pi, pi), is within
``half_width_az_rad`` and ``|el - boresight_el_rad| <= half_width_el_rad``. A radar sees a
direction if it lies within ``[min_elevation_rad, max_elevation_rad]`` and inside any face; a
radar with no faces (``faces=()``) is a rotating or otherwise 360-degree radar. Limits are
inclusive, with a 1e-12 rad allowance for rounding (so adjoining faces leave no gap).

The file format
---------------
Degrees, km, GHz and MHz at the file boundary, converted once (:class:`RadarSpec`)::

    name: spy-7-class
    description: SPY-7-class S-band radar, notional
    frequency_ghz: 3.3
    faces: {count: 3, half_width_az_deg: 60, min_elevation_deg: 0, max_elevation_deg: 90}
    #  or a list:  faces: [{boresight_az_deg: 0, boresight_el_deg: 45,
    #                       half_width_az_deg: 60, half_width_el_deg: 45}, ...]
    #  or leave faces out for a rotating (360 deg) radar
    max_range_km: 4000                 # instrumented range
    detection: {reference_range_km: 1200, reference_rcs_m2: 0.1, reference_pd: 0.9}
    #  or the radar equation:
    #  detection: {power_avg_w: 1.0e5, gain_db: 42 (or aperture_m2: 50),
    #              noise_temperature_k: 500, losses_db: 6, dwell_s: 0.01,
    #              search_frame_s: 10, search_solid_angle_sr: 1.0}
    pfa: 1.0e-6
    swerling: 1
    revisit_s: 5
    beamwidth_deg: 1.0
    bandwidth_mhz: 5
    # optional (defaults shown):
    min_elevation_deg: 0
    max_elevation_deg: 90
    k_factor: 1.3333333333333333       # effective Earth radius factor, 4/3
    monopulse_slope: 1.6
    sigma_range_floor_m: 0
    sigma_angle_floor_mrad: 0
    provenance:                        # per top-level key
      detection: {source: "...", tier: notional}

``faces.first_az_deg`` (default 0) sets the boresight azimuth of the first of ``count``
equally spaced faces. ``k_factor`` is carried for the horizon and terrain code.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import (
    Discriminator,
    Field,
    Tag,
    ValidationError,
)
from pydantic_core import ValidationError as CoreValidationError

from ashore.errors import CatalogError, InputError
from ashore.provenance import Param
from ashore.sensors.detection import pd_from_snr, required_snr_db
from ashore.validation import SourcedModel, StrictModel, one_line, read_yaml

__all__ = [
    "BOLTZMANN_J_K",
    "SPEED_OF_LIGHT_M_S",
    "Face",
    "Radar",
    "RadarSpec",
    "faces_360",
    "load_radar_file",
    "radar_from_dict",
    "radar_to_dict",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

SPEED_OF_LIGHT_M_S = 299_792_458.0
"""Speed of light in vacuum [m/s] (exact, SI [@bipm-si-2019])."""
BOLTZMANN_J_K = 1.380649e-23
"""Boltzmann's constant [J/K] (exact, SI 2019 [@bipm-si-2019])."""

_ANGLE_TOL_RAD = 1e-12
_TWO_PI = 2.0 * math.pi
_HALF_PI = 0.5 * math.pi
MODES: tuple[str, ...] = ("track", "search")

_EQUATION_FIELDS = (
    "power_avg_w",
    "gain_db",
    "aperture_m2",
    "noise_temperature_k",
    "losses_db",
    "dwell_s",
    "search_frame_s",
    "search_solid_angle_sr",
)


def _is_number(x: object) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool | np.bool_)


def _finite(x: object) -> bool:
    return _is_number(x) and math.isfinite(x)


# ---- faces -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """One array face: a rectangle of scan limits in azimuth and elevation [rad].

    A direction is inside when ``|wrap(az - boresight_az_rad)| <= half_width_az_rad`` and
    ``|el - boresight_el_rad| <= half_width_el_rad`` (see the module docstring).
    """

    boresight_az_rad: float
    """Boresight azimuth, clockwise from north [rad]."""
    boresight_el_rad: float
    """Elevation of the centre of the face's elevation coverage [rad]."""
    half_width_az_rad: float
    """Azimuth scan limit either side of boresight, in (0, pi] [rad]."""
    half_width_el_rad: float
    """Elevation scan limit either side of ``boresight_el_rad``, in (0, pi] [rad]."""

    def __post_init__(self) -> None:
        values = (self.boresight_az_rad, self.boresight_el_rad, self.half_width_az_rad,
                  self.half_width_el_rad)
        if not all(_finite(v) for v in values):
            raise CatalogError(f"radar face angles must be finite numbers, got {values}")
        if not 0.0 < self.half_width_az_rad <= math.pi + _ANGLE_TOL_RAD:
            raise CatalogError(
                "radar face half_width_az must be in (0, 180] deg, got "
                f"{math.degrees(self.half_width_az_rad):g} deg"
            )
        if not 0.0 < self.half_width_el_rad <= math.pi + _ANGLE_TOL_RAD:
            raise CatalogError(
                "radar face half_width_el must be in (0, 180] deg, got "
                f"{math.degrees(self.half_width_el_rad):g} deg"
            )
        if abs(self.boresight_el_rad) > _HALF_PI + _ANGLE_TOL_RAD:
            raise CatalogError(
                "radar face boresight elevation must be within [-90, 90] deg, got "
                f"{math.degrees(self.boresight_el_rad):g} deg"
            )

    def contains(self, az_rad: ArrayLike, el_rad: ArrayLike) -> BoolArray:
        """Whether directions (az, el) [rad] lie inside this face's limits; broadcasts."""
        az = np.asarray(az_rad, dtype=np.float64)
        el = np.asarray(el_rad, dtype=np.float64)
        off = np.mod(az - self.boresight_az_rad + math.pi, _TWO_PI) - math.pi
        return (np.abs(off) <= self.half_width_az_rad + _ANGLE_TOL_RAD) & (
            np.abs(el - self.boresight_el_rad) <= self.half_width_el_rad + _ANGLE_TOL_RAD
        )


def faces_360(
    n_faces: int,
    half_width_az_rad: float,
    el_min_rad: float,
    el_max_rad: float,
    first_az_rad: float = 0.0,
) -> tuple[Face, ...]:
    """``n_faces`` equal faces, boresights ``2 pi / n_faces`` apart starting at ``first_az_rad``.

    Each face covers ``[el_min_rad, el_max_rad]`` in elevation. The faces must together cover
    360 deg of azimuth: ``2 * n_faces * half_width_az_rad >= 2 pi`` (e.g. 3 faces of +-60 deg or
    4 of +-45 deg); CatalogError otherwise (use a list of :class:`Face` for partial coverage).
    """
    if isinstance(n_faces, bool) or not isinstance(n_faces, int | np.integer) or n_faces < 1:
        raise CatalogError(f"radar faces count must be a whole number >= 1, got {n_faces!r}")
    if not (_finite(el_min_rad) and _finite(el_max_rad)) or not el_min_rad < el_max_rad:
        raise CatalogError(
            f"radar faces need min elevation < max elevation, got {math.degrees(el_min_rad):g} "
            f"and {math.degrees(el_max_rad):g} deg"
        )
    if not _finite(half_width_az_rad) or 2 * n_faces * half_width_az_rad < _TWO_PI - 1e-9:
        raise CatalogError(
            f"{n_faces} faces of +-{math.degrees(half_width_az_rad):g} deg leave azimuth gaps: "
            f"need half_width_az >= {180.0 / n_faces:g} deg (or list the faces one by one)"
        )
    if not _finite(first_az_rad):
        raise CatalogError(f"radar faces first azimuth must be finite, got {first_az_rad}")
    el_c = 0.5 * (el_min_rad + el_max_rad)
    el_hw = 0.5 * (el_max_rad - el_min_rad)
    return tuple(
        Face(
            boresight_az_rad=float(np.mod(first_az_rad + k * _TWO_PI / n_faces, _TWO_PI)),
            boresight_el_rad=el_c,
            half_width_az_rad=min(half_width_az_rad, math.pi),
            half_width_el_rad=el_hw,
        )
        for k in range(int(n_faces))
    )


# ---- the radar -------------------------------------------------------------------------------


def _positive_array(name: str, value: ArrayLike, *, allow_zero: bool = False) -> FloatArray:
    a = np.asarray(value, dtype=np.float64)
    bad = ~(a >= 0.0) if allow_zero else ~(a > 0.0)
    if np.any(bad):
        what = "non-negative" if allow_zero else "positive"
        raise InputError(f"{name} must be {what}, got {a[bad].flat[0]:g}")
    return a


def _out(x: FloatArray) -> FloatArray:
    return x[()] if np.ndim(x) == 0 else x


@dataclass(frozen=True, kw_only=True)
class Radar:
    """A radar: frequency, field of regard, detection model, revisit and accuracy (SI units).

    Keyword-only. Give either the reference-range fields (``reference_range_m`` and
    ``reference_rcs_m2``, optionally ``reference_pd``) or the radar-equation fields
    (``power_avg_w``, one of ``gain_db``/``aperture_m2``, ``noise_temperature_k``,
    ``losses_db``, and ``dwell_s`` for track and/or ``search_frame_s`` with
    ``search_solid_angle_sr`` for search); see the module docstring for the equations.
    ``provenance`` maps field names (or file keys) to their sourced values.
    """

    name: str
    frequency_hz: float
    """Carrier frequency [Hz]."""
    max_range_m: float
    """Instrumented range [m]: no detections beyond it (may be ``inf``)."""
    revisit_s: float
    """Time between looks at a tracked target (track update interval) [s]."""
    pfa: float
    """Probability of false alarm per detection cell, in (0, 1)."""
    swerling: int
    """Target fluctuation model for detection: 0 (non-fluctuating) or 1 (Swerling 1
    [@swerling-1960])."""
    beamwidth_rad: float
    """One-way 3 dB beamwidth at broadside [rad], for angle accuracy."""
    bandwidth_hz: float
    """Signal (range-resolution) bandwidth [Hz], for range accuracy."""
    description: str = ""
    faces: tuple[Face, ...] = ()
    """Array faces; empty for a rotating (360-degree) radar."""
    min_elevation_rad: float = 0.0
    max_elevation_rad: float = _HALF_PI
    k_factor: float = 4.0 / 3.0
    """Effective Earth radius factor for refraction (4/3 in the standard troposphere)."""
    monopulse_slope: float = 1.6
    """Monopulse slope k_m in ``sigma_theta = theta_3dB / (k_m sqrt(2 SNR))``."""
    sigma_range_floor_m: float = 0.0
    """Range bias/floor combined in quadrature with the thermal-noise error [m]."""
    sigma_angle_floor_rad: float = 0.0
    """Angle bias/floor combined in quadrature with the thermal-noise error [rad]."""
    # reference-range model
    reference_range_m: float | None = None
    reference_rcs_m2: float | None = None
    reference_pd: float = 0.9
    # radar-equation model
    power_avg_w: float | None = None
    gain_db: float | None = None
    aperture_m2: float | None = None
    """Effective receiving aperture A_e [m^2]."""
    noise_temperature_k: float | None = None
    """System noise temperature T_s [K]."""
    losses_db: float | None = None
    dwell_s: float | None = None
    """Time on target per track look [s]."""
    search_frame_s: float | None = None
    """Time to search ``search_solid_angle_sr`` once [s]."""
    search_solid_angle_sr: float | None = None
    provenance: dict[str, Param] = field(default_factory=dict, compare=False, hash=False)

    # -- validation ----------------------------------------------------------------------------

    def _fail(self, msg: str) -> None:
        raise CatalogError(f"radar {self.name!r}: {msg}")

    def _need_positive(self, name: str, *, allow_inf: bool = False) -> None:
        v = getattr(self, name)
        ok = _is_number(v) and v > 0 and (math.isfinite(v) or (allow_inf and v == math.inf))
        if not ok:
            self._fail(f"{name} must be a positive number, got {v!r}")

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise CatalogError(f"a radar needs a non-empty name, got {self.name!r}")
        if isinstance(self.faces, list):
            object.__setattr__(self, "faces", tuple(self.faces))
        for name in ("frequency_hz", "revisit_s", "beamwidth_rad", "bandwidth_hz", "k_factor",
                     "monopulse_slope"):
            self._need_positive(name)
        self._need_positive("max_range_m", allow_inf=True)
        if not self.beamwidth_rad < math.pi:
            self._fail(f"beamwidth must be below 180 deg, got {math.degrees(self.beamwidth_rad)}")
        if not (_finite(self.pfa) and 0.0 < self.pfa < 1.0):
            self._fail(f"pfa must be strictly between 0 and 1, got {self.pfa!r}")
        if isinstance(self.swerling, bool) or self.swerling not in (0, 1):
            self._fail(f"swerling must be 0 (non-fluctuating) or 1, got {self.swerling!r}")
        for name in ("sigma_range_floor_m", "sigma_angle_floor_rad"):
            v = getattr(self, name)
            if not (_finite(v) and v >= 0.0):
                self._fail(f"{name} must be a number >= 0, got {v!r}")
        lo, hi = self.min_elevation_rad, self.max_elevation_rad
        if not (_finite(lo) and _finite(hi) and -_HALF_PI - _ANGLE_TOL_RAD <= lo < hi
                and hi <= _HALF_PI + _ANGLE_TOL_RAD):
            self._fail(
                "elevation limits must satisfy -90 <= min_elevation < max_elevation <= 90 deg, "
                f"got {math.degrees(lo):g} and {math.degrees(hi):g} deg"
            )
        if not all(isinstance(f, Face) for f in self.faces):
            self._fail("faces must be Face objects (or an empty tuple for 360-degree coverage)")
        if not (_finite(self.reference_pd) and self.pfa < self.reference_pd < 1.0):
            self._fail(f"reference_pd must be between pfa ({self.pfa:g}) and 1, "
                       f"got {self.reference_pd!r}")
        self._check_detection_model()

    def _check_detection_model(self) -> None:
        has_ref = self.reference_range_m is not None or self.reference_rcs_m2 is not None
        eq_given = [n for n in _EQUATION_FIELDS if getattr(self, n) is not None]
        if has_ref and eq_given:
            self._fail(
                "give either a reference detection range (reference_range/reference_rcs) or "
                f"radar-equation parameters, not both (found {', '.join(eq_given)})"
            )
        if has_ref:
            if self.reference_range_m is None or self.reference_rcs_m2 is None:
                self._fail("the reference-range detection model needs both a reference range "
                           "and a reference RCS")
            self._need_positive("reference_range_m")
            self._need_positive("reference_rcs_m2")
            return
        if not eq_given:
            self._fail(
                "no detection model: give reference_range and reference_rcs (with optional "
                "reference_pd), or the radar equation (power_avg_w, gain_db or aperture_m2, "
                "noise_temperature_k, losses_db, dwell_s and/or search_frame_s + "
                "search_solid_angle_sr)"
            )
        for name in ("power_avg_w", "noise_temperature_k", "losses_db"):
            if getattr(self, name) is None:
                self._fail(f"the radar equation needs {name}")
        self._need_positive("power_avg_w")
        self._need_positive("noise_temperature_k")
        if not _finite(self.losses_db):
            self._fail(f"losses_db must be a finite number (dB), got {self.losses_db!r}")
        if (self.gain_db is None) == (self.aperture_m2 is None):
            self._fail("the radar equation needs exactly one of gain_db and aperture_m2 "
                       "(they are linked by G = 4 pi A_e / lambda^2)")
        if self.gain_db is not None and not _finite(self.gain_db):
            self._fail(f"gain_db must be a finite number, got {self.gain_db!r}")
        if self.aperture_m2 is not None:
            self._need_positive("aperture_m2")
        search = (self.search_frame_s, self.search_solid_angle_sr)
        if (search[0] is None) != (search[1] is None):
            self._fail("search mode needs both search_frame_s and search_solid_angle_sr")
        if self.dwell_s is None and search[0] is None:
            self._fail("the radar equation needs dwell_s (track) and/or search_frame_s with "
                       "search_solid_angle_sr (search)")
        if self.dwell_s is not None:
            self._need_positive("dwell_s")
        if search[0] is not None:
            self._need_positive("search_frame_s")
            self._need_positive("search_solid_angle_sr")
            if self.search_solid_angle_sr > 4.0 * math.pi:
                self._fail(f"search_solid_angle_sr cannot exceed 4 pi, got "
                           f"{self.search_solid_angle_sr:g}")

    # -- derived quantities --------------------------------------------------------------------

    @property
    def detection_model(self) -> Literal["reference", "radar_equation"]:
        """Which detection model the radar uses."""
        return "reference" if self.reference_range_m is not None else "radar_equation"

    @property
    def wavelength_m(self) -> float:
        """Carrier wavelength ``c / frequency_hz`` [m]."""
        return SPEED_OF_LIGHT_M_S / self.frequency_hz

    @property
    def gain(self) -> float | None:
        """Linear antenna gain G (radar-equation model; ``4 pi A_e / lambda^2`` if A_e given)."""
        if self.gain_db is not None:
            return 10.0 ** (self.gain_db / 10.0)
        if self.aperture_m2 is not None:
            return 4.0 * math.pi * self.aperture_m2 / self.wavelength_m**2
        return None

    @property
    def effective_aperture_m2(self) -> float | None:
        """Effective aperture A_e [m^2] (radar-equation model; ``G lambda^2 / (4 pi)``)."""
        if self.aperture_m2 is not None:
            return self.aperture_m2
        if self.gain_db is not None:
            return 10.0 ** (self.gain_db / 10.0) * self.wavelength_m**2 / (4.0 * math.pi)
        return None

    @cached_property
    def _reference_snr(self) -> float:
        """Linear SNR for ``reference_pd`` at ``pfa`` (one look), computed once."""
        return 10.0 ** (float(required_snr_db(self.reference_pd, self.pfa, self.swerling)) / 10.0)

    def _mode(self, mode: str) -> str:
        if mode not in MODES:
            raise InputError(f"radar mode must be 'track' or 'search', got {mode!r}")
        return mode

    def snr_constant(self, mode: str = "track") -> float:
        """``K`` [m^2] in ``SNR = K sigma / R^4`` (linear SNR, sigma in m^2, R in m)."""
        mode = self._mode(mode)
        if self.detection_model == "reference":
            return self._reference_snr * self.reference_range_m**4 / self.reference_rcs_m2
        kt_l = BOLTZMANN_J_K * self.noise_temperature_k * 10.0 ** (self.losses_db / 10.0)
        a_e = self.effective_aperture_m2
        if mode == "track":
            if self.dwell_s is None:
                raise InputError(f"radar {self.name!r} has no dwell_s: it has no track mode; "
                                 "use mode='search'")
            return (self.power_avg_w * self.dwell_s * self.gain * a_e
                    / ((4.0 * math.pi) ** 2 * kt_l))
        if self.search_frame_s is None:
            raise InputError(f"radar {self.name!r} has no search_frame_s: it has no search "
                             "mode; use mode='track'")
        return (self.power_avg_w * a_e * self.search_frame_s
                / (4.0 * math.pi * kt_l * self.search_solid_angle_sr))

    # -- vectorised methods --------------------------------------------------------------------

    def snr_db(self, range_m: ArrayLike, rcs_m2: ArrayLike, mode: str = "track") -> FloatArray:
        """Single-look SNR [dB] against RCS ``rcs_m2`` [m^2] at slant range ``range_m`` [m].

        ``10 log10(K sigma / R^4)`` with ``K`` from :meth:`snr_constant` (module docstring for
        the equations). Broadcasts; range 0 gives +inf. RCS must be positive, range >= 0.
        """
        k = self.snr_constant(mode)
        rng = _positive_array("range", range_m, allow_zero=True)
        sigma = _positive_array("RCS", rcs_m2)
        with np.errstate(divide="ignore"):
            out = 10.0 * (np.log10(k * sigma) - 4.0 * np.log10(rng))
        return _out(out)

    def pd(self, range_m: ArrayLike, rcs_m2: ArrayLike, mode: str = "track") -> FloatArray:
        """Single-look probability of detection at ``range_m`` [m] for ``rcs_m2`` [m^2].

        The exact single-look form for the radar's ``swerling`` and ``pfa``
        (:func:`ashore.sensors.detection.pd_from_snr`) of :meth:`snr_db`; zero beyond
        ``max_range_m`` (the instrumented range). Field of regard, horizon and terrain are not
        applied here.
        """
        snr = self.snr_db(range_m, rcs_m2, mode)
        pd = pd_from_snr(snr, self.pfa, self.swerling)
        rng = np.asarray(range_m, dtype=np.float64)
        return _out(np.where(rng <= self.max_range_m, pd, 0.0))

    def detection_range_m(
        self, rcs_m2: ArrayLike, pd: float | None = None, mode: str = "track"
    ) -> FloatArray:
        """Range [m] at which the single-look Pd reaches ``pd`` (default ``reference_pd``).

        ``R = (K sigma / SNR_req(pd))^(1/4)``, so it scales exactly as ``sigma^(1/4)``. This is
        the sensitivity-limited range: it is not clipped to ``max_range_m`` (take the minimum
        with it for the usable range).
        """
        k = self.snr_constant(mode)
        sigma = _positive_array("RCS", rcs_m2)
        if pd is None:
            snr_req = self._reference_snr
        else:
            snr_req = 10.0 ** (np.asarray(required_snr_db(pd, self.pfa, self.swerling)) / 10.0)
        return _out(np.sqrt(np.sqrt(k * sigma / snr_req)))

    def in_field_of_regard(self, az_rad: ArrayLike, el_rad: ArrayLike) -> BoolArray:
        """Whether directions (az clockwise from north, el) [rad] are inside the field of regard.

        Inside ``[min_elevation_rad, max_elevation_rad]`` and inside any face (any azimuth for a
        radar without faces). Broadcasts; no Python loop over samples (only over faces).
        """
        az = np.asarray(az_rad, dtype=np.float64)
        el = np.asarray(el_rad, dtype=np.float64)
        if np.any(np.isnan(az)) or np.any(np.isnan(el)):
            raise InputError("azimuth and elevation must be numbers, got nan")
        shape = np.broadcast_shapes(az.shape, el.shape)
        ok = (el >= self.min_elevation_rad - _ANGLE_TOL_RAD) & (
            el <= self.max_elevation_rad + _ANGLE_TOL_RAD
        )
        ok = np.broadcast_to(ok, shape)
        if self.faces:
            any_face = np.zeros(shape, dtype=bool)
            for face in self.faces:
                any_face |= face.contains(az, el)
            ok = ok & any_face
        return _out(np.array(ok, dtype=bool))

    def measurement_sigma(self, snr_db: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Range and angle standard deviations ``(sigma_range_m, sigma_angle_rad)`` at ``snr_db``.

        Thermal-noise (Cramer-Rao-type) accuracies, each combined in quadrature with its floor::

            sigma_R     = c / (2 B sqrt(2 SNR))                    B = bandwidth_hz
            sigma_theta = theta_3dB / (k_m sqrt(2 SNR))            k_m = monopulse_slope

        Range: Skolnik, *Introduction to Radar Systems*, 3rd ed., ch. 6 "Theoretical accuracy of
        radar measurements" [@skolnik-2001] (``delta T_R = 1 / (beta sqrt(2E/N0))`` with the
        effective bandwidth ``beta`` taken as ``B``). Angle: D. K. Barton, *Radar System Analysis
        and Modeling* (2005) [@barton-2005], monopulse angle error
        ``theta_3 / (k_m sqrt(2 S/N))`` with ``k_m ~ 1.6`` for a typical monopulse feed; S. M.
        Sherman, *Monopulse Principles and Techniques* [@sherman-monopulse]. The angle is per axis
        (azimuth or elevation) at broadside; beam broadening off boresight is not modelled. Thermal
        terms scale as ``1/sqrt(SNR)``; ``snr_db`` broadcasts.
        """
        s_db = np.asarray(snr_db, dtype=np.float64)
        if np.any(np.isnan(s_db)):
            raise InputError("snr_db must be a number, got nan")
        root = np.sqrt(2.0 * np.power(10.0, s_db / 10.0))
        with np.errstate(divide="ignore"):
            thermal_r = SPEED_OF_LIGHT_M_S / (2.0 * self.bandwidth_hz * root)
            thermal_a = self.beamwidth_rad / (self.monopulse_slope * root)
        sig_r = np.hypot(thermal_r, self.sigma_range_floor_m)
        sig_a = np.hypot(thermal_a, self.sigma_angle_floor_rad)
        return _out(sig_r), _out(sig_a)


# ---- the file format -------------------------------------------------------------------------


class FaceSpec(StrictModel):
    """One face in a list of faces (degrees)."""

    boresight_az_deg: float
    boresight_el_deg: float = Field(ge=-90, le=90)
    half_width_az_deg: float = Field(gt=0, le=180)
    half_width_el_deg: float = Field(gt=0, le=180)


class FaceRingSpec(StrictModel):
    """``count`` equal faces covering 360 deg of azimuth (degrees)."""

    count: int = Field(ge=1)
    half_width_az_deg: float = Field(gt=0, le=180)
    min_elevation_deg: float = Field(ge=-90, le=90)
    max_elevation_deg: float = Field(ge=-90, le=90)
    first_az_deg: float = 0.0


class DetectionSpec(StrictModel):
    """The detection model: reference-range keys or radar-equation keys (not both)."""

    reference_range_km: float | None = Field(default=None, gt=0)
    reference_rcs_m2: float | None = Field(default=None, gt=0)
    reference_pd: float | None = Field(default=None, gt=0, lt=1)
    power_avg_w: float | None = Field(default=None, gt=0)
    gain_db: float | None = None
    aperture_m2: float | None = Field(default=None, gt=0)
    noise_temperature_k: float | None = Field(default=None, gt=0)
    losses_db: float | None = None
    dwell_s: float | None = Field(default=None, gt=0)
    search_frame_s: float | None = Field(default=None, gt=0)
    search_solid_angle_sr: float | None = Field(default=None, gt=0)


_FACE_TAGS = ("faces-ring", "faces-list")


def _faces_kind(value: Any) -> str:
    return "faces-list" if isinstance(value, list | tuple) else "faces-ring"


_FacesField = Annotated[
    Annotated[FaceRingSpec, Tag("faces-ring")] | Annotated[list[FaceSpec], Tag("faces-list")],
    Discriminator(_faces_kind),
]


class RadarSpec(SourcedModel):
    """A radar as written in a YAML file (degrees, km, GHz, MHz); see the module docstring."""

    name: str = Field(min_length=1)
    description: str = ""
    frequency_ghz: float = Field(gt=0)
    faces: _FacesField | None = None
    min_elevation_deg: float = Field(default=0.0, ge=-90, le=90)
    max_elevation_deg: float = Field(default=90.0, ge=-90, le=90)
    max_range_km: float = Field(gt=0)
    detection: DetectionSpec
    pfa: float = Field(gt=0, lt=1)
    swerling: Literal[0, 1]
    revisit_s: float = Field(gt=0)
    beamwidth_deg: float = Field(gt=0, lt=180)
    bandwidth_mhz: float = Field(gt=0)
    k_factor: float = Field(default=4.0 / 3.0, gt=0)
    monopulse_slope: float = Field(default=1.6, gt=0)
    sigma_range_floor_m: float = Field(default=0.0, ge=0)
    sigma_angle_floor_mrad: float = Field(default=0.0, ge=0)

    def _faces(self) -> tuple[Face, ...]:
        f = self.faces
        if f is None:
            return ()
        if isinstance(f, FaceRingSpec):
            return faces_360(
                f.count,
                math.radians(f.half_width_az_deg),
                math.radians(f.min_elevation_deg),
                math.radians(f.max_elevation_deg),
                math.radians(f.first_az_deg),
            )
        return tuple(
            Face(
                boresight_az_rad=math.radians(s.boresight_az_deg),
                boresight_el_rad=math.radians(s.boresight_el_deg),
                half_width_az_rad=math.radians(s.half_width_az_deg),
                half_width_el_rad=math.radians(s.half_width_el_deg),
            )
            for s in f
        )

    def to_radar(self) -> Radar:
        """The SI :class:`Radar` (CatalogError if the definition is inconsistent)."""
        d = self.detection
        km = 1e3
        if d.reference_pd is not None and d.reference_range_km is None:
            raise CatalogError("detection.reference_pd belongs to the reference-range model; "
                               "give reference_range_km and reference_rcs_m2 with it")
        detection = {
            "reference_range_m": None if d.reference_range_km is None
            else d.reference_range_km * km,
            "reference_rcs_m2": d.reference_rcs_m2,
            **{n: getattr(d, n) for n in _EQUATION_FIELDS},
        }
        if d.reference_pd is not None:
            detection["reference_pd"] = d.reference_pd
        dumped = self.model_dump(exclude={"provenance"})
        prov = {
            key: Param(dumped.get(key), _UNITS.get(key, ""), src.source, src.tier)
            for key, src in self.provenance.items()
        }
        return Radar(
            name=self.name,
            description=self.description,
            frequency_hz=self.frequency_ghz * 1e9,
            faces=self._faces(),
            min_elevation_rad=math.radians(self.min_elevation_deg),
            max_elevation_rad=math.radians(self.max_elevation_deg),
            max_range_m=self.max_range_km * km,
            pfa=self.pfa,
            swerling=self.swerling,
            revisit_s=self.revisit_s,
            beamwidth_rad=math.radians(self.beamwidth_deg),
            bandwidth_hz=self.bandwidth_mhz * 1e6,
            k_factor=self.k_factor,
            monopulse_slope=self.monopulse_slope,
            sigma_range_floor_m=self.sigma_range_floor_m,
            sigma_angle_floor_rad=self.sigma_angle_floor_mrad * 1e-3,
            provenance=prov,
            **detection,
        )


_UNITS = {
    "frequency_ghz": "GHz",
    "faces": "deg",
    "min_elevation_deg": "deg",
    "max_elevation_deg": "deg",
    "max_range_km": "km",
    "revisit_s": "s",
    "beamwidth_deg": "deg",
    "bandwidth_mhz": "MHz",
    "sigma_range_floor_m": "m",
    "sigma_angle_floor_mrad": "mrad",
}


def _untagged(err: ValidationError) -> CoreValidationError:
    """The same errors with the faces union's tags dropped from their locations."""
    details = []
    for e in err.errors():
        loc = tuple(e["loc"])
        if len(loc) > 1 and loc[0] == "faces" and loc[1] in _FACE_TAGS:
            loc = loc[:1] + loc[2:]
        item: dict[str, Any] = {"type": e["type"], "loc": loc, "input": e.get("input")}
        if "ctx" in e:
            item["ctx"] = e["ctx"]
        details.append(item)
    try:
        return CoreValidationError.from_exception_data(err.title, details)
    except (TypeError, KeyError, ValueError):  # pragma: no cover - defensive: keep the original
        return err


def radar_from_dict(data: object, what: str) -> Radar:
    """A :class:`Radar` from a mapping in the file format; one-line InputError naming ``what``."""
    if data is None:
        raise InputError(f"{what} is empty; it needs a mapping of keys to values")
    if not isinstance(data, dict):
        raise InputError(f"{what}: expected a mapping of keys to values at the top level")
    try:
        spec = RadarSpec.model_validate(data)
    except ValidationError as exc:
        raise InputError(one_line(_untagged(exc), what)) from None
    try:
        return spec.to_radar()
    except CatalogError as exc:
        raise InputError(f"{what}: {exc}") from None


def load_radar_file(path: str | Path) -> Radar:
    """Read a user's radar YAML file; one-line InputError on any problem."""
    return radar_from_dict(read_yaml(path, "radar file"), f"radar file '{path}'")


def radar_to_dict(radar: Radar) -> dict[str, Any]:
    """The file-format mapping of ``radar`` (faces written as a list); inverse of
    :func:`radar_from_dict` up to floating-point rounding of the unit conversions."""
    deg = math.degrees
    out: dict[str, Any] = {"name": radar.name}
    if radar.description:
        out["description"] = radar.description
    out["frequency_ghz"] = radar.frequency_hz / 1e9
    if radar.faces:
        out["faces"] = [
            {"boresight_az_deg": deg(f.boresight_az_rad),
             "boresight_el_deg": deg(f.boresight_el_rad),
             "half_width_az_deg": deg(f.half_width_az_rad),
             "half_width_el_deg": deg(f.half_width_el_rad)}
            for f in radar.faces
        ]
    out["min_elevation_deg"] = deg(radar.min_elevation_rad)
    out["max_elevation_deg"] = deg(radar.max_elevation_rad)
    out["max_range_km"] = radar.max_range_m / 1e3
    if radar.detection_model == "reference":
        out["detection"] = {"reference_range_km": radar.reference_range_m / 1e3,
                            "reference_rcs_m2": radar.reference_rcs_m2,
                            "reference_pd": radar.reference_pd}
    else:
        out["detection"] = {n: getattr(radar, n) for n in _EQUATION_FIELDS
                            if getattr(radar, n) is not None}
    out.update(
        pfa=radar.pfa,
        swerling=radar.swerling,
        revisit_s=radar.revisit_s,
        beamwidth_deg=deg(radar.beamwidth_rad),
        bandwidth_mhz=radar.bandwidth_hz / 1e6,
        k_factor=radar.k_factor,
        monopulse_slope=radar.monopulse_slope,
        sigma_range_floor_m=radar.sigma_range_floor_m,
        sigma_angle_floor_mrad=radar.sigma_angle_floor_rad * 1e3,
    )
    if radar.provenance:
        out["provenance"] = {k: {"source": p.source, "tier": p.tier}
                             for k, p in radar.provenance.items()}
    return out
