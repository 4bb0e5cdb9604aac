"""The Earth model a flight is integrated in: shape, gravity field, rotation and atmosphere.

The switches mirror the textbook simplifications (Bate, Mueller & White 1971, ch. 6
[@bmw-1971], use a spherical, non-rotating, airless Earth with point-mass gravity), so results
can be compared term by term with closed forms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ashore.earth.constants import GM_M3_S2, J2, OMEGA_EARTH_RAD_S, WGS84_A_M
from ashore.earth.frames import SPHERE, WGS84, Ellipsoid


@dataclass(frozen=True)
class EarthModel:
    """Shape (ellipsoid), gravity (GM, J2 about ``j2_radius_m``), rotation rate and air.

    ``omega_rad_s = 0`` makes the Earth-fixed frame inertial; ``atmosphere = False`` removes
    drag and uses vacuum thrust.
    """

    ellipsoid: Ellipsoid = WGS84
    gm_m3_s2: float = GM_M3_S2
    j2: float = J2
    j2_radius_m: float = WGS84_A_M
    omega_rad_s: float = OMEGA_EARTH_RAD_S
    atmosphere: bool = True

    def with_switches(
        self,
        *,
        no_rotation: bool = False,
        no_j2: bool = False,
        no_atmosphere: bool = False,
        sphere: bool = False,
    ) -> EarthModel:
        """Return a copy with the textbook simplifications switched on."""
        model = self
        if no_rotation:
            model = replace(model, omega_rad_s=0.0)
        if no_j2:
            model = replace(model, j2=0.0)
        if no_atmosphere:
            model = replace(model, atmosphere=False)
        if sphere:
            model = replace(model, ellipsoid=SPHERE)
        return model

    def describe(self) -> list[str]:
        """Human-readable assumptions, for reports."""
        return [
            f"Earth shape: {self.ellipsoid.name} (a = {self.ellipsoid.a_m:.1f} m, "
            f"f = {self.ellipsoid.f:.9g})",
            f"gravity: GM = {self.gm_m3_s2:.9g} m^3/s^2, J2 = {self.j2:.8g}",
            f"rotation: {self.omega_rad_s:.7g} rad/s",
            ("atmosphere: US Standard Atmosphere 1976 [@ussa-1976]" if self.atmosphere
             else "atmosphere: none"),
        ]


TEXTBOOK = EarthModel().with_switches(no_rotation=True, no_j2=True, no_atmosphere=True, sphere=True)
"""Spherical (mean radius), non-rotating, airless Earth with point-mass gravity."""
