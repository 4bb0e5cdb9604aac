"""Tests of ashore.earth.atmosphere against the published U.S. Standard Atmosphere, 1976.

Reference ("the Standard"): U.S. Standard Atmosphere, 1976, NOAA-S/T 76-1562 / NASA-TM-X-74335,
U.S. Government Printing Office, Washington D.C., 1976. "Table I" is its table of properties at
geometric altitudes in metric units. The numbers below are the published ones, typed in; none
is produced by the code under test, and none needs the ``ussa1976`` package.
"""

from importlib import resources

import numpy as np
import pytest

from ashore.earth import atmosphere as atm
from ashore.errors import InputError

R0_M = 6_356_766.0  # the Standard's r0 for geopotential altitude [m]


def geometric_from_geopotential(h_m):
    """Z = r0 H / (r0 - H), the inverse of the Standard's H = r0 Z / (r0 + Z)."""
    return R0_M * h_m / (R0_M - h_m)


@pytest.mark.parametrize(
    ("alt_km", "rho_ref"),
    [(0, 1.2250), (10, 0.41351), (30, 1.8410e-2), (50, 1.0269e-3), (80, 1.8458e-5)],
)
def test_density_below_86_km_matches_reference(alt_km, rho_ref):
    """Density 0-80 km, the Standard's Table I [@ussa-1976]: within 0.5 %."""
    rho = atm.density_kg_m3(alt_km * 1e3)
    assert rho == pytest.approx(rho_ref, rel=5e-3)


@pytest.mark.parametrize(
    ("alt_km", "rho_ref"),
    [
        (86, 6.958e-6),
        (100, 5.604e-7),
        (150, 2.076e-9),
        (200, 2.541e-10),
        (300, 1.916e-11),
        (500, 5.215e-13),
        (1000, 3.561e-15),
    ],
)
def test_density_above_86_km_matches_table_i(alt_km, rho_ref):
    """Thermosphere density, the Standard's Table I: within 0.5 %.

    (The unmodified ``ussa1976`` 0.3.4 package is up to 6.7 % high here; see
    tools/make_ussa76_table.py. The committed table is within 0.12 %.)
    """
    assert atm.density_kg_m3(alt_km * 1e3) == pytest.approx(rho_ref, rel=5e-3)


@pytest.mark.parametrize(
    ("alt_km", "p_ref_pa"),
    [
        (86, 3.7338e-1),
        (100, 3.2011e-2),
        (150, 4.5422e-4),
        (200, 8.4736e-5),
        (300, 8.7704e-6),
        (500, 3.0236e-7),
        (1000, 7.5138e-9),
    ],
)
def test_pressure_above_86_km_matches_table_i(alt_km, p_ref_pa):
    """Thermosphere pressure, the Standard's Table I (printed in mbar, x100 here): within 0.5 %."""
    assert atm.pressure_pa(alt_km * 1e3) == pytest.approx(p_ref_pa, rel=5e-3)


@pytest.mark.parametrize(
    ("alt_km", "t_ref_k"),
    [
        (86, 186.87),
        (100, 195.08),
        (150, 634.39),
        (200, 854.56),
        (300, 976.01),
        (500, 999.24),
        (1000, 1000.0),
    ],
)
def test_temperature_above_86_km_matches_table_i(alt_km, t_ref_k):
    """Kinetic temperature, the Standard's Table I: within 0.5 K."""
    assert atm.temperature_k(alt_km * 1e3) == pytest.approx(t_ref_k, abs=0.5)


def test_sea_level():
    """Sea-level values, the Standard's defining constants and Table I.

    P0 = 101325 Pa and T0 = 288.15 K are definitions (tolerance: rounding, 1e-9 relative);
    C_s = 340.294 m/s within 0.001 m/s; rho0 = 1.2250 kg/m^3 within 5e-5 kg/m^3.
    """
    s = atm.atmosphere(0.0)
    assert s.pressure_pa == pytest.approx(101_325.0, rel=1e-9)
    assert s.temperature_k == pytest.approx(288.15, rel=1e-9)
    assert s.speed_of_sound_m_s == pytest.approx(340.294, abs=1e-3)
    assert s.density_kg_m3 == pytest.approx(1.2250, abs=5e-5)


def test_tropopause_temperature():
    """Tropopause: T = 216.65 K from H = 11 km' to 20 km' (the Standard's layer 1), within
    0.01 K; at geometric 11 km (H = 10.981 km', still in the troposphere) Table I gives
    216.774 K, within 0.01 K."""
    for h_m in (11_000.0, 15_000.0, 19_999.0):
        z = geometric_from_geopotential(h_m)
        assert atm.temperature_k(z) == pytest.approx(216.65, abs=0.01)
    assert atm.temperature_k(11_000.0) == pytest.approx(216.774, abs=0.01)


@pytest.mark.parametrize(
    ("h_base_m", "p_base_pa"),
    [
        (11_000.0, 22_632.06),
        (20_000.0, 5_474.889),
        (32_000.0, 868.0187),
        (47_000.0, 110.9063),
        (51_000.0, 66.93887),
        (71_000.0, 3.956420),
        (84_852.0, 0.3733836),
    ],
)
def test_layer_base_pressures(h_base_m, p_base_pa):
    """Pressure at the base of each layer (geopotential H_b), the Standard's Part 1 table of
    reference levels: within 1e-5 relative (the printed precision)."""
    p = atm.pressure_pa(geometric_from_geopotential(h_base_m))
    assert p == pytest.approx(p_base_pa, rel=1e-5)


def test_kinetic_temperature_between_80_and_86_km():
    """80-86 km: T = T_M M/M0 with the Standard's Table 8 (M/M0 = 0.999579 at 86 km). At 86 km
    T_M = 186.946 K and T = 186.87 K (Table I); within 0.005 K."""
    t_86 = atm.temperature_k(86_000.0)
    assert t_86 == pytest.approx(186.946 * 0.999579, abs=5e-3)
    assert t_86 == pytest.approx(186.87, abs=5e-3)


def test_hydrostatic_equilibrium_below_86_km():
    """Below 86 km the Standard is hydrostatic: dP/dZ = -rho g with g = g0 (r0/(r0+Z))^2.

    Central differences over 1 m away from layer boundaries; within 1e-5 relative.
    """
    z = np.array([1_000.0, 5_000.0, 15_000.0, 25_000.0, 40_000.0, 49_000.0, 60_000.0, 78_000.0])
    dp_dz = (atm.pressure_pa(z + 0.5) - atm.pressure_pa(z - 0.5)) / 1.0
    g = 9.80665 * (R0_M / (R0_M + z)) ** 2
    np.testing.assert_allclose(dp_dz, -atm.density_kg_m3(z) * g, rtol=1e-5)


def test_density_decreases_monotonically():
    """Density falls strictly with altitude from -5 km to 2000 km (the Standard's profile
    everywhere; above 1000 km the documented extrapolation). No tolerance: strict inequality."""
    z = np.linspace(-5_000.0, 2_000_000.0, 200_001)
    rho = atm.density_kg_m3(z)
    assert np.all(np.diff(rho) < 0.0)
    assert np.all(np.diff(atm.pressure_pa(z)) < 0.0)


def test_continuity_at_86_km():
    """The analytic model (Z <= 86 km) meets the diffusion table (Z > 86 km): relative jump
    below 1e-4 in T, P, rho and C_s (the requirement is 0.5 %; the Standard's Table I gives
    the same 86 km values, 6.958e-6 kg/m^3 and 0.37338 Pa, from either side)."""
    below = atm.atmosphere(86_000.0)
    above = atm.atmosphere(np.nextafter(86_000.0, np.inf))
    for field in ("temperature_k", "pressure_pa", "density_kg_m3", "speed_of_sound_m_s"):
        lo, hi = getattr(below, field), getattr(above, field)
        assert abs(hi / lo - 1.0) < 1e-4, field
    rho_lo, a_lo = atm.density_and_sound_speed(86_000.0 - 1e-3)
    rho_hi, a_hi = atm.density_and_sound_speed(86_000.0 + 1e-3)
    assert abs(rho_hi / rho_lo - 1.0) < 1e-4
    assert abs(a_hi / a_lo - 1.0) < 1e-4


def test_fast_path_matches_exact_functions():
    """density_and_sound_speed within 0.1 % (requirement) of density_kg_m3 and
    speed_of_sound_m_s on a dense grid -5..1000 km (every 2.5 m, plus 1 mm steps around the
    tropopause kink at H = 11 km', the largest interpolation error) and above, to 1500 km."""
    z = np.concatenate(
        [
            np.linspace(-5_000.0, 1_000_000.0, 402_001),
            geometric_from_geopotential(11_000.0) + np.linspace(-60.0, 60.0, 120_001),
            np.linspace(1_000_000.0, 1_500_000.0, 1_001),
        ]
    )
    rho, a = atm.density_and_sound_speed(z)
    exact = atm.atmosphere(z)
    np.testing.assert_allclose(rho, exact.density_kg_m3, rtol=1e-3, atol=0.0)
    np.testing.assert_allclose(a, exact.speed_of_sound_m_s, rtol=1e-3, atol=0.0)


def test_shapes_are_preserved():
    """Scalar in, 0-d out (a float); (2, 3) in, (2, 3) out; for every function."""
    funcs = [atm.temperature_k, atm.pressure_pa, atm.density_kg_m3, atm.speed_of_sound_m_s]
    z2 = np.array([[0.0, 1e4, 5e4], [9e4, 3e5, 1e6]])
    for f in funcs:
        out = f(1234.0)
        assert np.ndim(out) == 0 and isinstance(float(out), float)
        assert np.shape(f(z2)) == (2, 3)
        np.testing.assert_array_equal(f(z2)[1], f(z2[1]))
    rho, a = atm.density_and_sound_speed(1234.0)
    assert np.ndim(rho) == 0 and np.ndim(a) == 0
    assert float(rho) == pytest.approx(atm.density_kg_m3(1234.0), rel=1e-3)
    rho2, a2 = atm.density_and_sound_speed(z2)
    assert rho2.shape == (2, 3) and a2.shape == (2, 3)
    assert rho2.dtype == np.float64 and a2.dtype == np.float64
    s = atm.atmosphere([0.0, 1.0])
    assert s.density_kg_m3.shape == (2,)


def test_outside_the_standard_is_finite_and_documented():
    """-1 km and 2000 km give finite positive values (no NaN): -1 km is within the Standard's
    -5 km floor (T = 294.65 K, Table I, within 0.01 K); above 1000 km T and C_s are held and
    rho keeps falling; below -5 km values are held at -5 km (T = 320.676 K, Table I)."""
    z = np.array([-1_000.0, 2_000_000.0])
    s = atm.atmosphere(z)
    rho_fast, a_fast = atm.density_and_sound_speed(z)
    for v in (s.temperature_k, s.pressure_pa, s.density_kg_m3, s.speed_of_sound_m_s, rho_fast,
              a_fast):  # fmt: skip
        assert np.all(np.isfinite(v)) and np.all(v > 0.0)
    assert s.temperature_k[0] == pytest.approx(294.65, abs=0.01)
    assert s.temperature_k[1] == atm.temperature_k(1_000_000.0)
    assert s.speed_of_sound_m_s[1] == atm.speed_of_sound_m_s(1_000_000.0)
    assert 0.0 < s.density_kg_m3[1] < atm.density_kg_m3(1_000_000.0)
    assert atm.temperature_k(-5_000.0) == pytest.approx(320.676, abs=0.01)
    assert atm.density_kg_m3(-50_000.0) == atm.density_kg_m3(-5_000.0)
    rho_low, _ = atm.density_and_sound_speed(-50_000.0)
    assert rho_low == pytest.approx(atm.density_kg_m3(-5_000.0), rel=1e-12)
    rho_inf, a_inf = atm.density_and_sound_speed(np.inf)
    assert rho_inf == 0.0 and np.isfinite(a_inf)


def test_nan_altitude():
    """Bad input: the exact functions raise InputError on NaN; the fast path (no checks, for
    the integrator) returns NaN for that element only."""
    with pytest.raises(InputError, match="NaN"):
        atm.density_kg_m3(np.array([0.0, np.nan]))
    rho, a = atm.density_and_sound_speed(np.array([0.0, np.nan]))
    assert np.isfinite(rho[0]) and np.isnan(rho[1]) and np.isnan(a[1])


def test_table_ships_as_package_data_with_provenance():
    """The 86-1000 km table is package data (importlib.resources, no network) and its header
    names the Standard and the generator."""
    text = resources.files("ashore.data").joinpath("ussa76_table.csv").read_text("ascii")
    assert "NOAA-S/T 76-1562" in text and "ussa1976" in text
    assert "tools/make_ussa76_table.py" in text
