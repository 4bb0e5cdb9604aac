r"""U.S. Standard Atmosphere, 1976, from -5 km to 1000 km geometric altitude.

Source: *U.S. Standard Atmosphere, 1976*, NOAA-S/T 76-1562 / NASA-TM-X-74335 (NOAA, NASA and
USAF; U.S. Government Printing Office, Washington D.C., October 1976), Part 1 [@ussa-1976];
"the Standard" below. All functions take the geometric altitude above mean sea level ``alt_m`` [m]
as a scalar or a numpy array of any shape and return float64 values of the same shape, SI units.

Below 86 km: the Standard's layered model, evaluated analytically
-------------------------------------------------------------------
Geopotential altitude H [m'] from geometric altitude Z [m], with r0 = 6 356 766 m::

    H = r0 Z / (r0 + Z)

Seven layers b = 0..6 with base H_b = 0, 11, 20, 32, 47, 51, 71 km' and molecular-scale
temperature gradients L_b = -6.5, 0, +1.0, +2.8, 0, -2.8, -2.0 K/km'. From T_M,0 = 288.15 K and
P_0 = 101 325 Pa, the base values T_M,b and P_b follow by continuity, and in layer b::

    T_M = T_M,b + L_b (H - H_b)
    P   = P_b (T_M,b / T_M) ** (g0' M0 / (R* L_b))        if L_b != 0   (eq. 33a)
    P   = P_b exp(-g0' M0 (H - H_b) / (R* T_M,b))          if L_b == 0   (eq. 33b)
    rho = P M0 / (R* T_M)                                               (eq. 42)
    C_s = sqrt(gamma R* T_M / M0)                                       (eq. 50)
    T   = T_M (M / M0)

with g0' = 9.80665 m^2 s^-2 m'^-1, M0 = 28.9644e-3 kg/mol, R* = 8.31432 J mol^-1 K^-1 and
gamma = 1.40. The kinetic temperature T equals T_M below 80 km; from 80 to 86 km the molecular
weight ratio M/M0 (1 at 80 km, 0.999579 at 86 km) is interpolated linearly in the Standard's
Table 8 (every 0.5 km of geometric altitude). The Standard defines the same layer-0 formulas down
to -5 km, and so does this module.

Above 86 km: a committed table of the Standard's diffusion model
----------------------------------------------------------------
Above 86 km the Standard builds the atmosphere from the number densities of N2, O, O2, Ar, He
and H, which need numerical integration of its diffusion equations. ashore does not repeat that
integration: ``ashore/data/ussa76_table.csv`` holds kinetic temperature T, pressure P, density rho
and mean molar mass M every 0.5 km from 86 to 1000 km, generated once, offline, by
``tools/make_ussa76_table.py`` with the ``ussa1976`` package [@nollet-ussa1976] (version 0.3.4, with
one correction to its atomic-oxygen term, explained in the tool and the table header). The table
agrees with the Standard's published Table I to within 0.12 % in P and rho and 0.01 K in T at the 20
altitudes checked from 86 to 1000 km. Between rows, ln P and ln rho are interpolated linearly in
altitude (log-linear), T and M linearly; against the diffusion model evaluated between rows
this is within 0.04 % in P and rho and 0.16 K in T (both worst near 110 km, where the Standard's
elliptical temperature segment bends fastest). The 86 km row is the diffusion model's starting
point, and the analytic model below meets it to 2e-5 in P and rho and 1e-4 K in T.

The Standard gives no speed of sound above 86 km, where sound is not a useful concept for
continuum flow (the mean free path passes 1 m between 110 and 120 km). ashore continues the
Standard's formula with the local mean molar mass from the table, C_s = sqrt(gamma R* T / M),
gamma = 1.40. It is continuous at 86 km (T/M there equals T_M/M0) and rises with T and as M
falls (to 1.72 km/s at 1000 km, where the gas is mostly He and H). It is a nominal value for
Mach-number bookkeeping in flight where aerodynamic forces are negligible, not a physical sound
speed (the thermosphere's atomic gas has gamma closer to 5/3).

Outside the Standard's range
----------------------------
Below -5 km the values are held at -5 km. Above 1000 km, T, M and C_s are held at their 1000 km
values and P and rho continue to fall with the scale height of the table's last interval
(239 km for rho, 290 km for P), so they stay positive and finite. The exact functions raise
:class:`~ashore.errors.InputError` on NaN altitudes; the fast path
:func:`density_and_sound_speed` does not check (it is the integrator's inner loop) and returns NaN
for a NaN altitude.

Fast path
---------
:func:`density_and_sound_speed` interpolates ln rho and C_s precomputed from the exact functions
on a uniform 50 m grid from -5 km to 1000 km (index arithmetic, no search). The grid contains
every table row, so above 86 km it reproduces the exact functions to 1e-5; below 86 km its
worst error, at the kink of the 11 km tropopause, is 0.035 % in density and 0.018 % in C_s.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ashore.errors import InputError

__all__ = [
    "AtmosphereState",
    "atmosphere",
    "density_and_sound_speed",
    "density_kg_m3",
    "pressure_pa",
    "speed_of_sound_m_s",
    "temperature_k",
]

# --- The Standard's defining constants (Part 1 [@ussa-1976]) -------------------------------
R0_M = 6_356_766.0
"""Effective Earth radius for geopotential altitude [m]."""
G0_M2_S2_PER_M = 9.80665
"""g0', sea-level gravity in geopotential units [m^2 s^-2 m'^-1]."""
M0_KG_MOL = 28.9644e-3
"""Sea-level mean molar mass of air [kg/mol]."""
R_STAR_J_MOL_K = 8.31432
"""Universal gas constant as defined by the Standard [J mol^-1 K^-1]."""
GAMMA = 1.40
"""Ratio of specific heats of air [-]."""
T0_K = 288.15
"""Sea-level temperature [K]."""
P0_PA = 101_325.0
"""Sea-level pressure [Pa]."""

Z_MIN_M = -5_000.0
"""Lowest geometric altitude of the Standard [m]; lower altitudes are held here."""
Z_86_M = 86_000.0
"""Geometric altitude where the analytic layers end and the diffusion table starts [m]."""
Z_MAX_M = 1_000_000.0
"""Highest geometric altitude of the Standard [m]; above, density extrapolates."""

_H_BASE = np.array([0.0, 11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0])
_LAPSE = np.array([-6.5e-3, 0.0, 1.0e-3, 2.8e-3, 0.0, -2.8e-3, -2.0e-3])
_GMR = G0_M2_S2_PER_M * M0_KG_MOL / R_STAR_J_MOL_K  # g0' M0 / R* [K/m']

# Table 8 of the Standard [@ussa-1976]: M/M0 at geometric altitudes 80.0, 80.5, ..., 86.0 km.
_Z_MRATIO = np.linspace(80_000.0, 86_000.0, 13)
_MRATIO = np.array([
    1.000000, 0.999996, 0.999989, 0.999971, 0.999941, 0.999909, 0.999870,
    0.999829, 0.999786, 0.999741, 0.999694, 0.999641, 0.999579,
])  # fmt: skip


def _layer_bases() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """T_M,b [K] and P_b [Pa] at the base of each layer, carried up from sea level."""
    t_base = np.empty(7)
    p_base = np.empty(7)
    t_base[0], p_base[0] = T0_K, P0_PA
    for b in range(6):
        dh = _H_BASE[b + 1] - _H_BASE[b]
        t_base[b + 1] = t_base[b] + _LAPSE[b] * dh
        if _LAPSE[b] == 0.0:
            p_base[b + 1] = p_base[b] * np.exp(-_GMR * dh / t_base[b])
        else:
            p_base[b + 1] = p_base[b] * (t_base[b] / t_base[b + 1]) ** (_GMR / _LAPSE[b])
    return t_base, p_base


_T_BASE, _P_BASE = _layer_bases()
# Per-layer factors so that one expression serves both kinds of layer:
# P = P_b (T_M,b / T_M)^_EXPONENT * exp(-_ISO_RATE (H - H_b)).
_EXPONENT = np.divide(_GMR, _LAPSE, out=np.zeros(7), where=_LAPSE != 0.0)
_ISO_RATE = np.where(_LAPSE == 0.0, _GMR / _T_BASE, 0.0)


@dataclass(frozen=True)
class AtmosphereState:
    """The Standard atmosphere at some altitudes; every field has the shape of the input."""

    temperature_k: NDArray[np.float64]
    """Kinetic temperature T [K]."""
    pressure_pa: NDArray[np.float64]
    """Pressure P [Pa]."""
    density_kg_m3: NDArray[np.float64]
    """Mass density rho [kg/m^3]."""
    speed_of_sound_m_s: NDArray[np.float64]
    """Speed of sound C_s [m/s] (nominal above 86 km, see the module docstring)."""


@dataclass(frozen=True)
class _Table:
    """The 86-1000 km table, as loaded from package data."""

    z_m: NDArray[np.float64]
    temperature_k: NDArray[np.float64]
    log_pressure: NDArray[np.float64]
    log_density: NDArray[np.float64]
    molar_mass_kg_mol: NDArray[np.float64]
    log_pressure_slope: float
    """d ln P / dz over the last interval [1/m], for extrapolation above 1000 km."""
    log_density_slope: float
    """d ln rho / dz over the last interval [1/m], for extrapolation above 1000 km."""


_COLUMNS = "alt_m,temperature_k,pressure_pa,density_kg_m3,mean_molar_mass_kg_mol"


@functools.cache
def _table() -> _Table:
    """Load ``ashore/data/ussa76_table.csv`` (once) and check its layout."""
    text = resources.files("ashore.data").joinpath("ussa76_table.csv").read_text("ascii")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    if lines[0].strip() != _COLUMNS:
        raise RuntimeError(f"ussa76_table.csv: expected columns {_COLUMNS!r}, got {lines[0]!r}")
    data = np.loadtxt(io.StringIO("\n".join(lines[1:])), delimiter=",", dtype=np.float64)
    z, t, p, rho, m = data.T
    if z[0] != Z_86_M or z[-1] != Z_MAX_M or np.any(np.diff(z) <= 0.0):
        raise RuntimeError("ussa76_table.csv: altitudes must rise from 86 km to 1000 km")
    log_p, log_rho = np.log(p), np.log(rho)
    return _Table(
        z_m=z,
        temperature_k=t,
        log_pressure=log_p,
        log_density=log_rho,
        molar_mass_kg_mol=m,
        log_pressure_slope=float((log_p[-1] - log_p[-2]) / (z[-1] - z[-2])),
        log_density_slope=float((log_rho[-1] - log_rho[-2]) / (z[-1] - z[-2])),
    )


def _altitude(alt_m: ArrayLike) -> NDArray[np.float64]:
    z = np.asarray(alt_m, dtype=np.float64)
    if np.isnan(z).any():
        raise InputError("atmosphere: altitude is NaN; pass finite geometric altitudes in metres")
    return z


def _lower(z: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    """T, P, rho, C_s of the analytic layers; z is clipped to [-5 km, 86 km]."""
    z = np.clip(z, Z_MIN_M, Z_86_M)
    h = R0_M * z / (R0_M + z)
    b = np.searchsorted(_H_BASE[1:], h, side="right")
    dh = h - _H_BASE[b]
    t_m = _T_BASE[b] + _LAPSE[b] * dh
    p = _P_BASE[b] * (_T_BASE[b] / t_m) ** _EXPONENT[b] * np.exp(-_ISO_RATE[b] * dh)
    rho = p * M0_KG_MOL / (R_STAR_J_MOL_K * t_m)
    a = np.sqrt(GAMMA * R_STAR_J_MOL_K / M0_KG_MOL * t_m)
    t = t_m * np.interp(z, _Z_MRATIO, _MRATIO)
    return t, p, rho, a


def _upper(z: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    """T, P, rho, C_s from the table; held below 86 km, extrapolated above 1000 km."""
    tab = _table()
    zc = np.clip(z, Z_86_M, Z_MAX_M)
    above = np.maximum(z - Z_MAX_M, 0.0)
    t = np.interp(zc, tab.z_m, tab.temperature_k)
    m = np.interp(zc, tab.z_m, tab.molar_mass_kg_mol)
    p = np.exp(np.interp(zc, tab.z_m, tab.log_pressure) + tab.log_pressure_slope * above)
    rho = np.exp(np.interp(zc, tab.z_m, tab.log_density) + tab.log_density_slope * above)
    a = np.sqrt(GAMMA * R_STAR_J_MOL_K * t / m)
    return t, p, rho, a


def _state(z: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    low = z <= Z_86_M
    if low.all():
        out = _lower(z)
    elif not low.any():
        out = _upper(z)
    else:
        out = tuple(np.where(low, lo, hi) for lo, hi in zip(_lower(z), _upper(z), strict=True))
    return tuple(v[()] for v in out)  # 0-d arrays become numpy scalars


def atmosphere(alt_m: ArrayLike) -> AtmosphereState:
    """Temperature, pressure, density and speed of sound at geometric altitude ``alt_m`` [m].

    Raises:
        InputError: if an altitude is NaN.
    """
    t, p, rho, a = _state(_altitude(alt_m))
    return AtmosphereState(temperature_k=t, pressure_pa=p, density_kg_m3=rho, speed_of_sound_m_s=a)


def temperature_k(alt_m: ArrayLike) -> NDArray[np.float64]:
    """Kinetic temperature T [K] at geometric altitude ``alt_m`` [m]."""
    return atmosphere(alt_m).temperature_k


def pressure_pa(alt_m: ArrayLike) -> NDArray[np.float64]:
    """Pressure P [Pa] at geometric altitude ``alt_m`` [m]."""
    return atmosphere(alt_m).pressure_pa


def density_kg_m3(alt_m: ArrayLike) -> NDArray[np.float64]:
    """Mass density rho [kg/m^3] at geometric altitude ``alt_m`` [m]."""
    return atmosphere(alt_m).density_kg_m3


def speed_of_sound_m_s(alt_m: ArrayLike) -> NDArray[np.float64]:
    """Speed of sound C_s [m/s] at geometric altitude ``alt_m`` [m] (nominal above 86 km)."""
    return atmosphere(alt_m).speed_of_sound_m_s


# --- Fast path --------------------------------------------------------------------------------
_FAST_STEP_M = 50.0
"""Grid step of the fast path [m]; divides 500 m and 91 km, so every table row is a node."""
_FAST_INDEX_CAP = 1e15
"""Largest fractional index used: keeps w finite for infinite altitudes (w * 0 must be 0)."""


@dataclass(frozen=True)
class _FastGrid:
    scale: float  # 1 / step [1/m]
    offset: float  # -z_first / step [-]
    last: float  # index of the last interval's start, as a float
    log_density: NDArray[np.float64]
    log_density_slope: NDArray[np.float64]  # per interval, per grid step
    sound_speed: NDArray[np.float64]
    sound_speed_slope: NDArray[np.float64]


@functools.cache
def _fast_grid() -> _FastGrid:
    n = round((Z_MAX_M - Z_MIN_M) / _FAST_STEP_M) + 1
    z = Z_MIN_M + _FAST_STEP_M * np.arange(n)
    _, _, rho, a = _state(z)
    log_rho = np.log(rho)
    d_log_rho = np.diff(log_rho)
    d_a = np.diff(a)
    # Pad one interval so index n-1 (exactly 1000 km) is valid; the pad slope of ln rho is the
    # last interval's (extrapolation), that of C_s is 0 (held).
    return _FastGrid(
        scale=1.0 / _FAST_STEP_M,
        offset=-Z_MIN_M / _FAST_STEP_M,
        last=float(n - 1),
        log_density=log_rho,
        log_density_slope=np.append(d_log_rho, d_log_rho[-1]),
        sound_speed=a,
        sound_speed_slope=np.append(d_a, 0.0),
    )


def density_and_sound_speed(
    alt_m: ArrayLike,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Density rho [kg/m^3] and speed of sound C_s [m/s] at ``alt_m`` [m], fast.

    For the trajectory integrator's inner loop: linear interpolation of ln rho and C_s on a
    uniform 50 m grid by index arithmetic (no search), within 0.04 % of :func:`density_kg_m3`
    and :func:`speed_of_sound_m_s` from -5 km to 1000 km, with the same holding below -5 km
    and extrapolation above 1000 km. No input checks: a NaN altitude gives NaN.
    """
    z = np.asarray(alt_m, dtype=np.float64)
    if z.ndim == 0:
        rho, a = density_and_sound_speed(z.reshape(1))
        return rho[0], a[0]
    g = _fast_grid()
    f = z * g.scale
    f += g.offset  # fractional grid index
    np.clip(f, 0.0, _FAST_INDEX_CAP, out=f)  # hold below -5 km; NaN stays NaN
    i = np.fmin(f, g.last).astype(np.intp)  # fmin turns NaN into a valid index...
    w = f - i  # ...while w stays NaN; w is in [0, 1) inside the grid, >= 0 above 1000 km
    rho = np.take(g.log_density_slope, i)
    rho *= w
    rho += np.take(g.log_density, i)
    np.exp(rho, out=rho)
    a = np.take(g.sound_speed_slope, i)
    a *= w
    a += np.take(g.sound_speed, i)
    return rho, a
