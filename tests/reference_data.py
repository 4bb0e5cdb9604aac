"""Published reference numbers shared by several tests (sources in each docstring)."""

MIN_ENERGY_TABLE = [
    (300.0, 1.696, 44.33, 251.0, 74.0),
    (1000.0, 3.016, 42.75, 474.0, 240.0),
    (1300.0, 3.401, 42.08, 548.0, 308.0),
    (3000.0, 4.865, 38.26, 895.0, 655.0),
    (5500.0, 6.075, 32.63, 1316.0, 1041.0),
    (10000.0, 7.198, 22.52, 1931.0, 1319.0),
]
"""REFERENCE.md "Ballistic flight, closed form", table [C]: range km, burnout speed km/s,
flight-path angle deg, coast time s, apogee km, for minimum-energy trajectories with burnout at
the surface (GM = 3.986004418e14 m^3/s^2, R = 6371.0088 km)."""
