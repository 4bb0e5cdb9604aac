"""Published reference numbers shared by several tests (sources in each docstring)."""

MIN_ENERGY_TABLE = [
    (300.0, 1.696, 44.33, 251.0, 74.0),
    (1000.0, 3.016, 42.75, 474.0, 240.0),
    (1300.0, 3.401, 42.08, 548.0, 308.0),
    (3000.0, 4.865, 38.26, 895.0, 655.0),
    (5500.0, 6.075, 32.63, 1316.0, 1041.0),
    (10000.0, 7.198, 22.52, 1931.0, 1319.0),
]
"""Minimum-energy table [@ashore-computed; @bmw-1971]: range km, burnout speed km/s,
flight-path angle deg, coast time s, apogee km, for minimum-energy trajectories with burnout at
the surface (GM = 3.986004418e14 m^3/s^2, R = 6371.0088 km)."""


ISSUE_MISSILE_YAML = """\
name: my-missile
stages:
  - {propellant_mass_kg: 12900, dry_mass_kg: 1900, isp_s: 230, burn_time_s: 110, diameter_m: 1.25}
payload_mass_kg: 1000
reentry: {ballistic_coefficient_kg_m2: 5000}
"""
"""The user missile file exactly as issue 2 gives it."""
