"""What ``ashore catalog`` lists: every built-in entry with key figures, sources and tiers."""

from __future__ import annotations

from ashore.catalog.missiles import builtin_missiles


def catalog_entries() -> dict[str, list[dict]]:
    """Built-in catalog as plain data (later issues add radars, interceptors, scenarios)."""
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
    return {"missiles": missiles}
