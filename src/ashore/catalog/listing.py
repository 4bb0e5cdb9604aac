"""What ``ashore catalog`` lists: every built-in entry with key figures, sources and tiers."""

from __future__ import annotations

import numpy as np

from ashore.catalog.interceptors import builtin_interceptors
from ashore.catalog.missiles import builtin_missiles
from ashore.catalog.radars import builtin_radars

LISTING_RCS_M2 = 0.05
"""Warhead-class RCS at which radar detection ranges are listed (open analyses: 0.01-0.1 m^2,
[@sessler-2000-countermeasures]; the value is notional)."""


def catalog_entries() -> dict[str, list[dict]]:
    """Built-in catalog as plain data: missiles, radars and interceptors."""
    missiles = []
    for m in builtin_missiles().values():
        missiles.append(
            {
                "name": m.name,
                "description": m.description,
                "stages": len(m.stages),
                "launch_mass_kg": round(m.launch_mass_kg, 1),
                "payload_mass_kg": m.payload_mass_kg,
                "total_burn_time_s": m.total_burn_time_s,
                "ideal_delta_v_m_s": round(m.ideal_delta_v_m_s, 1),
                "ballistic_coefficient_kg_m2": m.ballistic_coefficient_kg_m2,
                "reported_range_km": m.reported_range_km,
                "provenance": {k: {"source": p.source, "tier": p.tier}
                               for k, p in m.provenance.items()},
            }
        )
    radars = []
    for r in builtin_radars().values():
        radars.append(
            {
                "name": r.name,
                "description": r.description,
                "frequency_ghz": round(r.frequency_hz / 1e9, 3),
                "faces": len(r.faces),
                "max_range_km": round(r.max_range_m / 1e3, 1),
                "detection_range_km_at_0.05_m2": round(
                    float(r.detection_range_m(LISTING_RCS_M2)) / 1e3, 1),
                "min_elevation_deg": round(float(np.degrees(r.min_elevation_rad)), 3),
                "revisit_s": r.revisit_s,
                "provenance": {k: {"source": p.source, "tier": p.tier}
                               for k, p in r.provenance.items()},
            }
        )
    interceptors = []
    for i in builtin_interceptors().values():
        kv = i.kill_vehicle
        interceptors.append(
            {
                "name": i.name,
                "description": i.description,
                "stages": len(i.rocket.stages),
                "launch_mass_kg": round(i.rocket.launch_mass_kg, 1),
                "total_burn_time_s": i.rocket.total_burn_time_s,
                "ideal_delta_v_m_s": round(i.rocket.ideal_delta_v_m_s, 1),
                "regime": kv.regime,
                "min_intercept_alt_km": kv.min_intercept_alt_m / 1e3,
                "max_intercept_alt_km": kv.max_intercept_alt_m / 1e3,
                "divert_delta_v_m_s": kv.divert_delta_v_m_s,
                "max_flyout_s": i.max_flyout_s,
                "reported_burnout_speed_m_s": i.reported_burnout_speed_m_s,
                "reported_range_km": i.reported_range_km,
                "provenance": {k: {"source": p.source, "tier": p.tier}
                               for k, p in i.provenance.items()},
            }
        )
    return {"missiles": missiles, "radars": radars, "interceptors": interceptors}
