"""Site selection: the integer programme is optimal (checked by enumerating every choice) and
never worse than greedy."""

from __future__ import annotations

import itertools
import json

import numpy as np
import yaml

from ashore.analysis import siting
from ashore.scenario.schema import load_scenario_file

BOX = {"type": "Polygon", "coordinates": [[[8, -3], [11, -3], [11, 3], [8, 3], [8, -3]]]}


def _scenario(tmp_path):
    (tmp_path / "box.geojson").write_text(json.dumps(BOX))
    data = {
        "name": "box",
        "places": {"launch": {"lat_deg": 0.0, "lon_deg": 0.0}},
        "coverage": {"territory": str(tmp_path / "box.geojson"), "grid_km": 60,
                     "threat_classes": [{"launches": ["launch"], "missile": "nodong"}]},
        # a slow decision leaves each site only part of the box, so the choice matters
        "options": {"earth": {"rotation": False, "j2": False, "shape": "sphere"},
                    "fire_control": {"decision_delay_s": 290}},
    }
    path = tmp_path / "box.yaml"
    path.write_text(yaml.safe_dump(data))
    cands = {"candidates": [
        {"name": "west", "lat_deg": 0.0, "lon_deg": 8.5},
        {"name": "north", "lat_deg": 2.5, "lon_deg": 10.5},
        {"name": "south", "lat_deg": -2.5, "lon_deg": 10.5},
        {"name": "far", "lat_deg": 0.0, "lon_deg": 30.0},
    ]}
    (tmp_path / "cands.yaml").write_text(yaml.safe_dump(cands))
    return load_scenario_file(path), siting.load_candidates(tmp_path / "cands.yaml")


def test_exact_selection_is_optimal_and_beats_greedy(tmp_path):
    """Enumerating every pair of the four candidates is an independent optimum; the MILP must
    reach it, and greedy (a heuristic) can only match or fall short."""
    scenario, cands = _scenario(tmp_path)
    d, threatened, cells = siting.defended_matrix(scenario, cands)
    weight = cells.area_km2
    best = max(siting._defended_population(d, threatened, weight, list(pair))
               for pair in itertools.combinations(range(len(cands)), 2))
    result = siting.select_sites(scenario, cands, 2)
    assert np.isclose(result.exact.population_defended, best)
    assert result.greedy.population_defended <= result.exact.population_defended + 1e-6
    assert "far" not in result.exact.names
    singles = sorted(result.single.values())
    assert singles[0] < singles[-1] < result.exact.population_threatened  # choices differ
    assert set(result.single) == {"west", "north", "south", "far"}
