"""`ashore engage`: one threat against one site or a scenario's defence (:func:`ashore.engage`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ashore.cli.app import (
    app,
    busy,
    check_out,
    console,
    print_assumptions,
    print_result,
    with_outputs,
)
from ashore.cli.options import (
    EARTH,
    FLIGHT,
    INTERCEPTOR,
    RADAR,
    JsonOpt,
    site,
    with_options,
)
from ashore.errors import InputError


def _delay(flag: str):
    return Annotated[float | None, typer.Option(flag, help={
        "--decision-delay-s": "Firm track to order to fire, s (default 30, or the scenario's).",
        "--track-delay-s": "First detection to fire-control track, s (default 10, or the "
                           "scenario's).",
        "--kill-assessment-s": "Intercept to kill assessment, s (default 10, or the "
                               "scenario's)."}[flag])]


@app.command()
@with_options(INTERCEPTOR, RADAR, FLIGHT, EARTH)
def engage(
    interceptor: dict,
    radar: dict,
    flight: dict,
    earth: object,
    site_: Annotated[str | None, typer.Option("--site", help="Site LAT,LON,ALT_M (m above "
                                              "sea), with --interceptor and --radar.")] = None,
    scenario: Annotated[str | None, typer.Option(
        "--scenario", help="Built-in scenario name or YAML file: its sites, radars (terrain, "
        "refraction), cueing and fire control.")] = None,
    site_name: Annotated[str | None, typer.Option(
        "--site-name", help="With --scenario: only this interceptor site.")] = None,
    decision_delay_s: _delay("--decision-delay-s") = None,
    track_delay_s: _delay("--track-delay-s") = None,
    kill_assessment_s: _delay("--kill-assessment-s") = None,
    step_s: Annotated[float | None, typer.Option(
        "--step-s", help="Threat sampling step of the engagement windows, s (default 2, as "
        "coverage).")] = None,
    json_out: JsonOpt = False,
    out: Annotated[Path | None, typer.Option(help="Write the profile and timeline PNGs.")] = None,
) -> None:
    """Can a site (or a scenario's defence) engage a threat: window, sequential shots, or the
    binding constraint."""
    from ashore.api import FireControl, fly
    from ashore.api import engage as run
    from ashore.earth.model import EarthModel

    delays = {k: v for k, v in (("track_delay_s", track_delay_s),
                                ("decision_delay_s", decision_delay_s),
                                ("kill_assessment_s", kill_assessment_s)) if v is not None}
    for name, value in delays.items():
        if not value >= 0 or value == float("inf"):
            raise InputError(f"`{name}` must be zero or a positive number of seconds, got "
                             f"{value}", parameter=name)
    kwargs: dict = {"rcs_m2": radar["rcs_m2"]}
    if step_s is not None:
        kwargs["step_s"] = step_s
    if scenario is not None:
        from ashore.analysis.defence import fire_control
        from ashore.scenario.schema import load_scenario

        if site_ is not None or any(v is not None for v in (*interceptor.values(),
                                                               radar["radar"],
                                                               radar["radar_file"],
                                                               radar["boresight_deg"])):
            raise InputError("--scenario brings its own sites, interceptors and radars; drop "
                             "--site, --interceptor and --radar (choose a site with "
                             "--site-name)")
        sc = load_scenario(scenario)
        if earth == EarthModel():  # no switch given: the scenario's Earth model
            earth = sc.options.earth.model()
        kwargs.update(scenario=sc, site_name=site_name,
                      fire_control=replace(fire_control(sc), **delays))
    else:
        if site_name is not None:
            raise InputError("--site-name chooses a site of --scenario; give --scenario too")
        if site_ is None:
            raise InputError("give --site LAT,LON,ALT_M with --interceptor and --radar, or "
                             "--scenario NAME")
        kwargs.update(site=site(site_), **interceptor, radar=radar["radar"],
                      radar_file=radar["radar_file"], boresight_deg=radar["boresight_deg"],
                      fire_control=FireControl(**delays))
    check_out(out)
    with busy(json_out, "flying the threat and the interceptor..."):
        result = with_outputs(run(fly(**flight, earth=earth), **kwargs), out)
    title = f"engage: {result['interceptor']} vs threat"
    if "site" in result:
        title = f"engage: {result['scenario']}, site {result['site']} ({result['interceptor']})"
    print_result(result, json_out, title)
    if not json_out:
        for r in result["radars"]:
            seen = (f"first detection at {r['first_detection_time_s']} s" if r["detected"]
                    else f"never detects it ({r['reason']})")
            console.print(escape(f"radar {r['radar']}: {seen}"), highlight=False)
        for s in result.get("sites", []):
            console.print(escape(
                f"site {s['site']}: {s['shots']} shot(s)"
                + (f", binding {s['binding_constraint']}" if s["binding_constraint"] else "")),
                highlight=False)
        for shot in result.get("shot_list", []):
            console.print(escape(
                f"shot: launch {shot['launch_time_s']} s -> intercept {shot['time_s']} s at "
                f"{shot['altitude_km']} km, {shot['ground_range_km']} km out; re-flown miss "
                f"{shot['reflown_miss_m']} m (divert {shot['required_divert_mps']} m/s)"),
                highlight=False)
    print_assumptions(result, json_out)
