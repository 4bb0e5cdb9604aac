"""ashore.catalog.listing: the key figures `ashore catalog` shows, recomputed here from the raw
YAML files (not through the Missile class)."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest
import yaml

from ashore.catalog.listing import catalog_entries

G0 = 9.80665  # standard gravity, m/s^2 (definition of Isp in seconds)


def _raw_files() -> dict[str, dict]:
    folder = resources.files("ashore.data") / "missiles"
    out = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            out[data["name"]] = data
    return out


def _tsiolkovsky(raw: dict) -> float:
    """Ideal vacuum delta-v of a serial stack: sum over stages of g0 Isp ln(m0/mf), where m0
    is everything still on board at the stage's ignition (Sutton & Biblarz, 9th ed., eq. 4-7
    summed over stages)."""
    stages = raw["stages"]
    dv = 0.0
    for k, stage in enumerate(stages):
        above = sum(s["propellant_mass_kg"] + s["dry_mass_kg"] for s in stages[k:])
        m0 = above + raw["payload_mass_kg"]
        mf = m0 - stage["propellant_mass_kg"]
        dv += G0 * stage["isp_s"] * math.log(m0 / mf)
    return dv


def test_entries_match_the_files():
    raw = _raw_files()
    entries = catalog_entries()["missiles"]
    assert sorted(e["name"] for e in entries) == sorted(raw)
    for e in entries:
        r = raw[e["name"]]
        stages = r["stages"]
        assert e["stages"] == len(stages)
        launch = r["payload_mass_kg"] + sum(
            s["propellant_mass_kg"] + s["dry_mass_kg"] for s in stages)
        assert e["launch_mass_kg"] == pytest.approx(launch, abs=0.05)
        assert e["payload_mass_kg"] == r["payload_mass_kg"]
        assert e["total_burn_time_s"] == sum(s["burn_time_s"] for s in stages)
        assert e["ideal_delta_v_m_s"] == pytest.approx(_tsiolkovsky(r), abs=0.05)
        assert e["ballistic_coefficient_kg_m2"] == r["reentry"]["ballistic_coefficient_kg_m2"]
        assert e["reported_range_km"] == r["reported_range_km"]
        assert e["provenance"] == {k: {"source": v["source"], "tier": v["tier"]}
                                   for k, v in r["provenance"].items()}


def test_delta_v_orders_the_threat_classes():
    """SRBM < MRBM < IRBM < ICBM in ideal delta-v, as their reported ranges order them."""
    dv = {e["name"]: e["ideal_delta_v_m_s"] for e in catalog_entries()["missiles"]}
    assert dv["scud-b"] < dv["nodong"] < dv["hwasong-12"] < dv["hwasong-15"]


def test_entries_are_plain_json():
    text = json.dumps(catalog_entries(), allow_nan=False)
    assert json.loads(text) == catalog_entries()
