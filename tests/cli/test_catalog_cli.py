"""`ashore catalog`: the built-in missiles with key figures, sources and evidence tiers."""

from __future__ import annotations

from cli_helpers import invoke, strict_json

from ashore.catalog.missiles import builtin_missiles
from ashore.provenance import TIERS

KEYS = {
    "name", "description", "stages", "launch_mass_kg", "payload_mass_kg", "total_burn_time_s",
    "ideal_delta_v_m_s", "ballistic_coefficient_kg_m2", "reported_range_km", "provenance",
}


def test_catalog_json_is_stable_and_complete():
    run = invoke("catalog", "--json")
    assert run.exit_code == 0
    data = strict_json(run.stdout)
    assert list(data) == ["missiles", "radars", "interceptors"]
    assert [e["name"] for e in data["interceptors"]] == [
        "pac-3-mse-class", "sm-3-block-ib-class", "sm-3-block-iia-class"]
    for entry in data["interceptors"]:
        assert {"stages", "kill_vehicle"} <= set(entry["provenance"])
        assert entry["max_intercept_alt_km"] > entry["min_intercept_alt_km"] >= 0
    names = [e["name"] for e in data["missiles"]]
    assert names == list(builtin_missiles())
    assert {"scud-b", "nodong", "hwasong-12", "hwasong-15"} <= set(names)
    for entry in data["missiles"]:
        assert set(entry) == KEYS, entry["name"]
        assert entry["stages"] >= 1
        assert entry["launch_mass_kg"] > entry["payload_mass_kg"] > 0
        # every missile says where its stage, payload and range figures come from
        assert {"stages", "payload_mass_kg", "reported_range_km"} <= set(entry["provenance"])
        for prov in entry["provenance"].values():
            assert prov["tier"] in TIERS
            assert len(prov["source"]) > 10


def test_catalog_table_shows_figures_sources_and_tiers():
    run = invoke("catalog")
    assert run.exit_code == 0
    text = run.stdout
    flat = " ".join(text.split())  # the sources wrap onto several lines
    for m in builtin_missiles().values():
        assert m.name in text
        assert f"{m.launch_mass_kg / 1e3:.1f}" in text  # launch mass, tonnes
        assert f"{m.reported_range_km:.0f}" in text
        for key, param in m.provenance.items():
            assert f"{key} {param.tier}" in flat
            assert " ".join(param.source.split()) in flat
    assert "sources" in text
    # a table, not a wall of ellipses: no cell was cut short
    assert "…" not in text


def test_catalog_lists_the_four_radar_classes_with_sources():
    """Issue 3: SPY-7-class, SPY-1D-class, TPY-2-class and PAC-3 fire-control radars, each
    with a detection range that follows from its reference model and sourced parameters."""
    from ashore.catalog.radars import builtin_radars

    data = strict_json(invoke("catalog", "--json").stdout)
    names = [e["name"] for e in data["radars"]]
    assert names == list(builtin_radars())
    assert {"spy-7-class", "spy-1d-class", "tpy-2-class", "pac-3-fcr-class"} <= set(names)
    for entry in data["radars"]:
        assert entry["detection_range_km_at_0.05_m2"] > 0
        assert {"frequency_ghz", "detection"} <= set(entry["provenance"])
        assert all(p["tier"] in TIERS for p in entry["provenance"].values())
