"""Physical constants of the Earth model, SI units.

Source: NIMA TR8350.2 (WGS84), 3rd ed. 2000 [@nima-tr8350-2].
"""

WGS84_A_M = 6378137.0
"""WGS84 semi-major axis [m]."""
WGS84_F = 1.0 / 298.257223563
"""WGS84 flattening [-]."""
GM_M3_S2 = 3.986004418e14
"""Earth's gravitational parameter including the atmosphere [m^3/s^2]."""
J2 = 1.08262668e-3
"""Second zonal harmonic (unnormalised) [-]."""
OMEGA_EARTH_RAD_S = 7.292115e-5
"""Earth rotation rate [rad/s]."""
R_MEAN_M = 6371008.8
"""IUGG mean Earth radius R1 = (2a + b)/3 [m] [@nima-tr8350-2, table 3.3], used for the
spherical Earth model."""
G0_M_S2 = 9.80665
"""Standard gravity, for specific impulse [m/s^2] (a defining constant of [@ussa-1976])."""
