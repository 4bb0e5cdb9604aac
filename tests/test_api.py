"""The public API against the command line, and one engagement against the coverage map.

- ``ashore.fly``, ``ashore.engage`` and ``ashore.coverage`` return results whose ``.to_dict()``
  is exactly the CLI's JSON for the same inputs (the CLI calls them; nothing else may differ).
- The engagement core is one: for 50 seeded cells of japan-2017 (50 km cells, a quarter of
  them among the cells with the fewest shots), ``ashore.engage`` on the cell's stand-in
  trajectory, with the scenario, gives exactly the coverage map's shot count, defending site and
  binding constraint; so it does for 25 cells with a 240 s decision delay, where many cells
  are lost and binding constraints are compared; ``ashore engage --scenario`` aimed at the
  stand-in's impact point (the targeting solved anew) agrees on a sample of them.

The tests of this module share one in-memory coverage (threat fans at 50 km take most of a
minute), so they run on one xdist worker (``--dist loadgroup``).
"""

from __future__ import annotations

import numpy as np
import pytest

import ashore
from cli.cli_helpers import invoke, strict_json

pytestmark = pytest.mark.xdist_group("japan-2017-50km")

SCENARIO = "japan-2017"
GRID_KM = 50.0
THREAT = ["--from", "39.224,125.670", "--to", "35.68,139.69", "--missile", "nodong"]


@pytest.fixture(scope="module")
def cov():
    return ashore.coverage(SCENARIO, grid_km=GRID_KM)


@pytest.fixture(scope="module")
def slow_decision(cov):
    """japan-2017 with a 240 s decision delay (the threat fans are shared with ``cov``)."""
    from ashore.analysis.coverage_study import with_value

    scenario = with_value(ashore.load_scenario(SCENARIO), "decision_delay_s", 240.0)
    return scenario, ashore.coverage(scenario, grid_km=GRID_KM)


def _seeded_cells(cov, n=50, seed=2026):
    """(class index, cell) pairs: a quarter among the threatened cells with the fewest shots
    of their class (undefended ones where there are any), the rest among all threatened."""
    rng = np.random.default_rng(seed)
    res = cov.study.result
    pairs = [(k, int(i)) for k, tc in enumerate(res.threats) for i in np.flatnonzero(tc.threatened)]
    fewest = {k: tc.shots[tc.threatened].min() for k, tc in enumerate(res.threats)
              if tc.threatened.any()}
    weak = [(k, i) for k, i in pairs if res.threats[k].shots[i] == fewest[k]]
    take_weak = min(len(weak), n // 4)
    chosen = [weak[j] for j in rng.choice(len(weak), take_weak, replace=False)] if weak else []
    rest = [p for p in pairs if p not in set(chosen)]
    chosen += [rest[j] for j in rng.choice(len(rest), n - take_weak, replace=False)]
    return chosen


def _cell_verdict(cov, k, cell):
    tc = cov.study.result.threats[k]
    site = int(tc.site[cell])
    return (int(tc.shots[cell]), cov.study.result.defence.sites[site].name if site >= 0 else None,
            str(tc.binding[cell]) or None)


def _engage_verdict(e):
    return (e["shots"], e["site"] if e["shots"] else None, e.get("binding_constraint"))


def test_fly_to_dict_equals_the_cli_json():
    f = ashore.fly("nodong", launch=(39.224, 125.670), aim=(35.68, 139.69), record=False)
    run = invoke("trajectory", *THREAT, "--json")
    assert run.exit_code == 0, run.stderr
    assert strict_json(run.stdout) == f.to_dict()
    assert (f.range_km, f.apogee_km, f.flight_time_s) == (f["range_km"], f["apogee_km"],
                                                          f["flight_time_s"])


def test_engage_to_dict_equals_the_cli_json(cov):
    threat = ashore.fly("nodong", launch=(39.224, 125.670), aim=(35.68, 139.69))
    for args, kwargs in (
        (["--scenario", SCENARIO], {"scenario": SCENARIO}),
        (["--site", "39.67,140.05,20", "--interceptor", "sm-3-block-iia-class", "--radar",
          "spy-7-class"], {"site": (39.67, 140.05, 20.0), "interceptor": "sm-3-block-iia-class",
                           "radar": "spy-7-class"}),
    ):
        run = invoke("engage", *args, *THREAT, "--json")
        assert run.exit_code == 0, run.stderr
        assert strict_json(run.stdout) == ashore.engage(threat, **kwargs).to_dict()


def test_coverage_to_dict_equals_the_cli_json(cov):
    run = invoke("coverage", SCENARIO, "--grid-km", str(GRID_KM), "--json")
    assert run.exit_code == 0, run.stderr
    assert strict_json(run.stdout) == cov.to_dict()
    frame = cov.to_dataframe()
    assert len(frame) == cov.cells * len(cov.study.result.threats)


def _compare(cov, scenario, pairs):
    wrong, verdicts = [], set()
    for k, cell in pairs:
        want = _cell_verdict(cov, k, cell)
        verdicts.add(want)
        e = ashore.engage(cov.threat(cell, k), scenario=scenario, reflight_shots=False)
        got = _engage_verdict(e.to_dict())
        if got != want:
            wrong.append(f"class {k} cell {cell}: coverage {want}, engage {got}")
    assert not wrong, "\n".join(wrong)
    return verdicts


def test_engage_reproduces_the_coverage_map_cell_for_cell(cov):
    pairs = _seeded_cells(cov)
    assert len(pairs) == 50
    verdicts = _compare(cov, ashore.load_scenario(SCENARIO), pairs)
    assert len({v[0] for v in verdicts}) >= 2 and len({v[1] for v in verdicts}) >= 2, verdicts


def test_engage_reproduces_lost_cells_and_their_binding_constraint(slow_decision):
    scenario, cov = slow_decision
    verdicts = _compare(cov, scenario, _seeded_cells(cov, n=25, seed=7))
    bindings = {v[2] for v in verdicts} - {None}
    assert bindings, f"a 240 s decision delay should lose some sampled cells: {verdicts}"


@pytest.mark.parametrize("index", [0, 13, 40])
def test_cli_engage_with_the_scenario_reproduces_cells(cov, index):
    """`ashore engage --scenario` flies its own threat: aimed at the impact point of the cell's
    stand-in trajectory, in the class's shape (lofted and depressed with that trajectory's
    apogee), it must give the cell's verdict."""
    k, cell = _seeded_cells(cov)[index]
    stand_in = cov.threat(cell, k)
    t = cov.study.fans[k].threat
    args = ["--from", f"{np.degrees(t.launch_lat_rad):.6f},{np.degrees(t.launch_lon_rad):.6f}",
            "--to", f"{stand_in['impact_lat_deg']},{stand_in['impact_lon_deg']}",
            "--missile", t.missile.name, "--shape", t.shape]
    if t.shape != "min-energy":
        args += ["--apogee-km", f"{stand_in.apogee_km}"]
    run = invoke("engage", "--scenario", SCENARIO, *args, "--json")
    assert run.exit_code == 0, run.stderr
    assert _engage_verdict(strict_json(run.stdout)) == _cell_verdict(cov, k, cell)
