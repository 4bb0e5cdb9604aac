"""What `ashore report` builds: one self-contained HTML report of a scenario
(``out/report.html``).

Contents: the coverage maps and tables (per threat family and per region), representative
threat trajectories (profiles and ground tracks), engagement timelines of a couple of those
threats against every interceptor site (``ashore engage``), the spent-booster drop of every
land site whose interceptor drops one (``ashore booster-drop``), the defence, the places with
their evidence tiers, and every assumption with its source. The PNGs are written under
``out/`` as well and embedded in the page as ``data:`` URIs (:mod:`ashore.io.report`).
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np

from ashore.analysis.coverage_study import CoverageStudy, families, run_coverage, summary
from ashore.analysis.coverage_study import assumptions as coverage_assumptions
from ashore.analysis.defence import fire_control
from ashore.earth import geodesy
from ashore.errors import AshoreError, InputError
from ashore.io.report import Bullets, Figure, Section, Table, render_report
from ashore.scenario.schema import load_scenario

REFERENCE_AIMS = {"Tokyo": (35.68, 139.69), "Osaka": (34.69, 135.50),
                  "Sapporo": (43.06, 141.35), "Fukuoka": (33.59, 130.40)}
"""Named aims of the representative threats, used when the territory has a cell near them."""
ENGAGEMENTS_PER_SITE = 2
BOOSTER_SAMPLES = 1000
BOOSTER_ELEVATION_DEG = 60.0
BOOSTER_SEED = 1
SHAPE_STYLE = {"min-energy": "-", "lofted": "--", "depressed": ":"}


def _pct(x) -> str | None:
    return None if x is None else f"{100.0 * x:.1f} %"


def _num(x, digits: int = 1) -> str | None:
    if x is None or not math.isfinite(float(x)):
        return None
    return f"{float(x):,.{digits}f}"


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


# ---- choosing the representative threats ----------------------------------------------------


def _aims(study: CoverageStudy) -> list[tuple[str, float, float, int]]:
    """(name, lat_deg, lon_deg, cell) of the representative aims: the reference places with a
    cell within two cell spacings, else the nearest, middle and farthest cells from the first
    launch place that its first threat class reaches."""
    cells = study.cells
    lat_c, lon_c = np.degrees(cells.lat_rad), np.degrees(cells.lon_rad)
    ell = study.scenario.options.earth.model().ellipsoid
    tol_m = max(2.0 * cells.grid_km, 30.0) * 1e3
    out = []
    for name, (lat, lon) in REFERENCE_AIMS.items():
        d, _, _ = geodesy.inverse(np.radians(lat), np.radians(lon), cells.lat_rad,
                                  cells.lon_rad, ell)
        k = int(np.argmin(d))
        if d[k] <= tol_m:
            out.append((name, lat, lon, k))
    if out:
        return out
    fan = study.fans[0]
    reached = np.flatnonzero(fan.cell_trajectory >= 0)
    if reached.size == 0:
        return []
    t = fan.threat
    d, _, _ = geodesy.inverse(t.launch_lat_rad, t.launch_lon_rad, cells.lat_rad[reached],
                              cells.lon_rad[reached], ell)
    order = reached[np.argsort(d)]
    picks = {"nearest cell": order[0], "middle cell": order[order.size // 2],
             "farthest cell": order[-1]}
    seen, out = set(), []
    for name, k in picks.items():
        if int(k) not in seen:
            seen.add(int(k))
            out.append((name, float(lat_c[k]), float(lon_c[k]), int(k)))
    return out


def _representatives(study: CoverageStudy, aims) -> list[dict]:
    """For each threat family, its classes from the first launch place to each aim whose cell
    they reach: the fan trajectory standing in for that cell."""
    from ashore.io.export import track

    index = {tc.name: i for i, tc in enumerate(study.threats)}
    reps = []
    for spec in study.scenario.coverage.threat_classes:
        family, launch = spec.name or spec.missile, spec.launches[0]
        for shape in spec.shapes:
            i = index.get(f"{family}: {launch} {shape}")
            if i is None:
                continue
            fan, cov = study.fans[i], study.result.threats[i]
            for aim, lat, lon, cell in aims:
                k = int(fan.cell_trajectory[cell])
                if k < 0:
                    continue
                f = fan.flights
                site = int(cov.site[cell])
                reps.append({
                    "family": family, "missile": spec.missile, "launch": launch, "shape": shape,
                    "aim": aim, "aim_lat": lat, "aim_lon": lon, "cell": cell,
                    "track": track(f, k, step_s=5.0),
                    "range_km": float(f.range_m[k]) / 1e3,
                    "apogee_km": float(f.apogee_alt_m[k]) / 1e3,
                    "flight_time_s": float(f.flight_time_s[k]),
                    "miss_km": float(fan.cell_miss_m[cell]) / 1e3,
                    "shots": int(cov.shots[cell]),
                    "site": study.result.defence.sites[site].name if site >= 0 else None,
                    "binding": str(cov.binding[cell]) or None,
                })
    return reps


# ---- figures ---------------------------------------------------------------------------------


def _colours(reps: list[dict]) -> dict[str, str]:
    """One colour per aim, the same in every figure."""
    return {a: f"C{i}" for i, a in enumerate(dict.fromkeys(r["aim"] for r in reps))}


def _plot_profiles(reps: list[dict], family: str, colour: dict, path: Path) -> Path:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8.5, 4.8), dpi=110)
    for r in reps:
        tr = r["track"]
        ax.plot(tr.downrange_m / 1e3, tr.alt_m / 1e3, SHAPE_STYLE.get(r["shape"], "-"),
                color=colour[r["aim"]], lw=1.4, label=f"{r['launch']} to {r['aim']}, "
                f"{r['shape']}")
    ax.set_xlabel("ground range from the launch, km")
    ax.set_ylabel("altitude, km")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    ax.set_title(f"{family}: representative threat trajectories (solid: minimum energy, "
                 "dashed: lofted, dotted: depressed)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _plot_ground_tracks(study: CoverageStudy, reps: list[dict], colour: dict,
                        path: Path) -> Path:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 7), dpi=110)
    for poly in study.territory.polygons:
        x, y = poly.exterior.xy
        ax.plot(x, y, color="0.3", lw=0.4)
    for r in reps:
        tr = r["track"]
        ax.plot(tr.lon_deg, tr.lat_deg, SHAPE_STYLE.get(r["shape"], "-"),
                color=colour[r["aim"]], lw=1.0, alpha=0.85)
    for a in colour:
        r = next(r for r in reps if r["aim"] == a)
        ax.plot(r["aim_lon"], r["aim_lat"], "o", color=colour[a], ms=5)
        ax.annotate(a, (r["aim_lon"], r["aim_lat"]), xytext=(4, -10),
                    textcoords="offset points", fontsize=8)
    places = study.scenario.places
    for launch in dict.fromkeys(r["launch"] for r in reps):
        p = places[launch]
        ax.plot(p.lon_deg, p.lat_deg, "k^", ms=7)
        ax.annotate(launch, (p.lon_deg, p.lat_deg), xytext=(4, 4), textcoords="offset points",
                    fontsize=8)
    for s in study.result.defence.sites:
        lon, lat = math.degrees(s.lon_rad), math.degrees(s.lat_rad)
        ax.plot(lon, lat, "s", color="tab:blue", ms=6)
        ax.annotate(s.name, (lon, lat), xytext=(4, 4), textcoords="offset points", fontsize=8,
                    color="tab:blue")
    ax.set_xlabel("longitude, deg E")
    ax.set_ylabel("latitude, deg N")
    lat0 = float(np.mean(ax.get_ylim()))
    ax.set_aspect(1.0 / max(math.cos(math.radians(lat0)), 0.2))
    ax.grid(alpha=0.3)
    ax.set_title("Ground tracks of the representative threats (triangles: launch places, "
                 "squares: interceptor sites)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


# ---- sections --------------------------------------------------------------------------------


def _overview(study: CoverageStudy, summ: dict, coverage_s: float | None) -> Section:
    sc, res = study.scenario, study.result
    fc = res.defence.fire_control
    rows = [
        ("scenario", sc.name), ("territory", f"{study.territory.name}"),
        ("grid", f"{study.cells.grid_km:g} km"), ("cells", study.cells.count),
        ("land area", f"{summ['land_area_km2']:,.0f} km^2"),
        ("population", f"{summ['population']:,}"),
        ("interceptor sites", ", ".join(summ["sites"])),
        ("radars", ", ".join(summ["radars"])),
        ("cueing", res.defence.cueing),
        ("fire control", f"track {fc.track_delay_s:g} s, decision {fc.decision_delay_s:g} s, "
                         f"kill assessment {fc.kill_assessment_s:g} s"),
        ("threat classes", len(study.threats)),
    ]
    if coverage_s is not None:
        rows.append(("coverage study run time", f"{coverage_s:.1f} s"))
    blocks: list = []
    if sc.description:
        blocks.append(sc.description)
    blocks += [
        "Every figure and number here was computed by ashore from the scenario file and the "
        "built-in notional catalog; the assumptions and their sources are listed at the end. "
        "Missile, radar and interceptor figures are notional or derived from public sources, "
        "not measured performance.",
        Table(["item", "value"], rows),
    ]
    return Section("Overview", blocks)


def _coverage_tables(study: CoverageStudy, summ: dict) -> Section:
    def row(label, f, *lead):
        binding = ", ".join(f"{k} {_pct(v)}" for k, v in f["undefended_area_by_binding"].items()
                            if v) or None
        return [*lead, label, f"{f['threatened_area_km2']:,.0f}",
                f"{f['threatened_population']:,}", _pct(f["area_fraction_one_shot"]),
                _pct(f["area_fraction_two_shots"]), _pct(f["population_fraction_one_shot"]),
                _pct(f["population_fraction_two_shots"]), binding]

    head = ["threatened area km^2", "threatened population", "area 1+ shots", "area 2+ shots",
            "population 1+ shots", "population 2+ shots",
            "undefended area by binding constraint"]
    fam = Table(["threat family", *head],
                [row(name, f) for name, f in summ["threat_families"].items()],
                "Shares of the threatened land area and population defended with at least one "
                "and at least two (shoot-look-shoot) shots; the binding constraint is given as "
                "shares of the undefended threatened area.")
    reg_rows = [row(region, f, name) for name, regions in summ["by_region"].items()
                for region, f in regions.items()]
    reg = (Table(["threat family", "region", *head], reg_rows, "The same per region.")
           if reg_rows else "No per-region figures: the territory's cells carry no region "
                            "the coverage summary reports by.")
    cls = Table(["threat class", *head],
                [row(name, f) for name, f in summ["threat_classes"].items()],
                "Each threat class (missile, launch place, shape) on its own.")
    return Section("Coverage tables", [
        "A cell is threatened by a class when the class's fan of trajectories lands within one "
        "cell spacing of it; a family's cell counts as defended only if it is defended "
        "against every class of the family that threatens it.",
        fam, reg, cls])


def _coverage_maps(study: CoverageStudy, fams: dict, out: Path) -> tuple[Section, list]:
    from ashore.io.coverage_maps import write_maps

    paths = write_maps(study, fams, out)
    blocks: list = ["Shots: the most sequential shots any one site can take at a threat aimed "
                    "at the cell. Binding constraint: for undefended cells, the link of the "
                    "kill chain that failed at the site that came closest. Dotted rings: sea-"
                    "level radar horizons for a target at 100 km altitude."]
    for p in paths:
        fam, kind = _map_label(p, fams)
        what = ("shots per cell" if kind == "shots"
                else "binding constraint where undefended")
        blocks.append(Figure(p, f"{fam}: {what} ({study.cells.grid_km:g} km cells)"))
    return Section("Coverage maps", blocks), paths


def _map_label(path: Path, fams: dict) -> tuple[str, str]:
    kind = "shots" if path.stem.endswith("_shots") else "binding"
    for fam in fams:
        if path.stem == f"coverage_{_slug(fam)}_{kind}":
            return fam, kind
    return path.stem, kind


def _trajectories(study: CoverageStudy, reps: list[dict], out: Path) -> tuple[Section, list]:
    if not reps:
        return Section("Threat trajectories", ["No threat class reaches a representative "
                                               "aim."]), []
    folder = out / "trajectories"
    folder.mkdir(parents=True, exist_ok=True)
    paths, blocks = [], [
        "For each threat family, its classes from the first launch place to the cells nearest "
        "the representative aims; each is the fan trajectory the coverage study uses for that "
        "cell (it lands within one cell spacing of the cell's centre)."]
    colour = _colours(reps)
    for family in dict.fromkeys(r["family"] for r in reps):
        p = _plot_profiles([r for r in reps if r["family"] == family], family, colour,
                           folder / f"profiles_{_slug(family)}.png")
        paths.append(p)
        blocks.append(Figure(p, f"{family}: altitude against ground range from the launch"))
    p = _plot_ground_tracks(study, reps, colour, folder / "ground_tracks.png")
    paths.append(p)
    blocks.append(Figure(p, "Ground tracks (longitude/latitude, no base map)"))
    blocks.append(Table(
        ["family", "launch", "shape", "aim", "range km", "apogee km", "flight time s",
         "impact to cell km", "coverage shots", "by site", "binding"],
        [[r["family"], r["launch"], r["shape"], r["aim"], _num(r["range_km"], 0),
          _num(r["apogee_km"], 0), _num(r["flight_time_s"], 0), _num(r["miss_km"], 1),
          r["shots"], r["site"], r["binding"]] for r in reps],
        "Key figures of each representative threat and the coverage study's verdict for its "
        "cell (network cueing)."))
    return Section("Threat trajectories", blocks), paths


def _engagements(study: CoverageStudy, reps: list[dict], out: Path, progress
                 ) -> tuple[Section, list, list[str]]:
    from ashore.api import engage, fly

    scenario = study.scenario
    earth = scenario.options.earth.model()
    fc = fire_control(scenario)
    first = scenario.coverage.threat_classes[0]
    family = first.name or first.missile
    threats, seen = [], set()
    for r in sorted((r for r in reps if r["family"] == family),
                    key=lambda r: r["shape"] != "min-energy"):  # stable: min-energy first
        if (r["launch"], r["aim"]) not in seen:
            seen.add((r["launch"], r["aim"]))
            threats.append(r)
    threats = threats[:ENGAGEMENTS_PER_SITE]
    blocks: list = [
        f"Each site against {len(threats)} representative {family} threat(s), flown in the "
        "minimum-energy shape from the launch place to the aim (ashore engage --scenario "
        f"{scenario.name} --site-name SITE): the scenario's radars, terrain, cueing "
        f"({study.result.defence.cueing}) and fire control, as in the coverage study. The "
        "coverage map's trajectory for the aim's cell lands within one cell of the aim, so the "
        "two verdicts may differ only where a cell's edge is a boundary of the footprint.",
    ]
    if not threats:
        blocks.append("No representative threat to engage.")
        return Section("Engagements", blocks), [], []
    paths, notes = [], []
    flown = {}
    for site in study.result.defence.sites:
        rows, figs = [], []
        for r in threats:
            label = f"{r['launch']} to {r['aim']}"
            cover = (f"{r['shots']} ({r['site']})" if r["shots"] else r["binding"]) \
                if r["shape"] == "min-energy" else None
            if progress:
                progress(f"report: engagement {site.name} vs {label}")
            launch = scenario.places[r["launch"]]
            folder = out / "engagements" / _slug(f"{site.name}-{r['launch']}-{r['aim']}")
            try:
                key = (r["launch"], r["aim"])
                if key not in flown:
                    flown[key] = fly(r["missile"], launch=(launch.lat_deg, launch.lon_deg),
                                     aim=(r["aim_lat"], r["aim_lon"]), earth=earth)
                result = engage(flown[key], scenario=scenario, site_name=site.name,
                                fire_control=fc)
                e = result.to_dict()
                e["outputs"] = [str(p) for p in result.write(folder)]
            except AshoreError as exc:
                rows.append([label, None, None, None, None, None, None, cover,
                             f"error: {exc}"])
                continue
            notes += e["assumptions"]
            ei = e["earliest_intercept"]
            rows.append([label, e["engageable"], e["shots"], _num(e["first_detection_time_s"]),
                         (None if ei["time_s"] is None else
                          f"{ei['time_s']:.0f} s at {ei['altitude_km']:.0f} km, "
                          f"{ei['ground_range_km']:.0f} km out"),
                         _num(e["max_decision_delay_s"]), e.get("binding_constraint"),
                         cover, None])
            for p in map(Path, e.get("outputs", [])):
                paths.append(p)
                what = ("altitude against ground range from the site: threat and re-flown "
                        "shots" if "profile" in p.stem else
                        "timeline: threat flight, radar track, track + decision delay, shots")
                figs.append(Figure(p, f"{site.name} vs {label}: {what}"))
        table = Table(["threat", "engageable", "shots", "first detection s",
                       "earliest intercept", "max decision delay s", "binding",
                       "coverage map", "note"], rows,
                      f"{site.name}: {site.interceptor.name}, radar {site.radar.radar.name}. "
                      "Coverage map: the coverage study's shots (and the site taking them) or "
                      "binding constraint at the aim's cell, all sites together.")
        blocks.append(Section(f"Site {site.name}", [table, *figs]))
    return Section("Engagements", blocks), paths, notes


def _booster_area(site) -> str | None:
    from ashore.earth.areas import builtin_area, builtin_area_names

    for name in builtin_area_names():
        if bool(builtin_area(name).contains(site.lat_rad, site.lon_rad)):
            return name
    return None


def _booster(study: CoverageStudy, out: Path, progress) -> tuple[Section, list, list[str]]:
    from ashore.api import booster_drop

    scenario = study.scenario
    earth = scenario.options.earth.model()
    launch_name = scenario.coverage.threat_classes[0].launches[0]
    launch = scenario.places[launch_name]
    blocks: list = [
        f"Where each land site's spent first stage falls when it fires toward {launch_name} "
        f"(azimuth from the site to the launch place, elevation {BOOSTER_ELEVATION_DEG:g} deg), "
        f"with {BOOSTER_SAMPLES} Monte Carlo samples (seed {BOOSTER_SEED}); when a built-in "
        "area contains the site, the share of impacts inside it."]
    paths, notes, done = [], [], 0
    for site in study.result.defence.sites:
        if site.at_sea or site.interceptor.booster is None:
            blocks.append(f"{site.name}: skipped ("
                          f"{'at sea' if site.at_sea else 'its interceptor drops no booster'}).")
            continue
        if progress:
            progress(f"report: booster drop at {site.name}")
        _, az, _ = geodesy.inverse(site.lat_rad, site.lon_rad, math.radians(launch.lat_deg),
                                   math.radians(launch.lon_deg), earth.ellipsoid)
        area = _booster_area(site)
        try:
            drop = booster_drop(
                site.interceptor,
                site=(math.degrees(site.lat_rad), math.degrees(site.lon_rad), site.alt_m),
                azimuth_deg=math.degrees(float(az)) % 360.0,
                elevation_deg=BOOSTER_ELEVATION_DEG, samples=BOOSTER_SAMPLES, area=area,
                seed=BOOSTER_SEED, earth=earth, require_site_inside=True)
            b = drop.to_dict()
            b["outputs"] = [str(p) for p in drop.write(out / "booster" / _slug(site.name))]
        except AshoreError as exc:
            blocks.append(f"{site.name}: booster drop failed: {exc}")
            continue
        done += 1
        notes += b["assumptions"]
        nom, mean, e95 = b["nominal_impact"], b["mean_impact"], b["ellipse_95"]
        rows = [
            ("interceptor", b["interceptor"]),
            ("launch azimuth, elevation", f"{b['azimuth_deg']:.1f} deg, "
                                          f"{b['elevation_deg']:.0f} deg"),
            ("separation", f"{b['separation']['time_s']:.1f} s at "
                           f"{b['separation']['altitude_km']:.1f} km, "
                           f"{b['separation']['speed_mps']:.0f} m/s"),
            ("nominal impact", f"{nom['distance_km']:.2f} km from the site at "
                               f"{_num(nom['azimuth_deg'])} deg, after "
                               f"{nom['flight_time_s']:.0f} s"),
            ("mean impact", f"{mean['distance_km']:.2f} km at {_num(mean['azimuth_deg'])} deg"),
            ("95 % ellipse", f"{e95['semi_major_km']:.2f} x {e95['semi_minor_km']:.2f} km "
                             f"(semi-axes), major axis at {e95['orientation_deg']:.0f} deg"),
            ("farthest impact", f"{b['max_distance_km']:.2f} km"),
            ("area", b["area"]),
            ("share inside the area", _pct(b["inside_fraction"])),
            ("95 % interval of the share", None if b["inside_interval_95"] is None else
             " to ".join(_pct(x) for x in b["inside_interval_95"])),
        ]
        figs = []
        for p in map(Path, b.get("outputs", [])):
            if p.suffix == ".png":
                paths.append(p)
                figs.append(Figure(p, f"{site.name}: spent booster impacts, 1-sigma and 95 % "
                                      "ellipses (east/north of the site)"))
        blocks.append(Section(f"Booster drop at {site.name}", [
            Table(["figure", "value"], rows, f"{site.name}: key figures"), *figs]))
    if done == 0:
        blocks.append("No land site with a separating booster.")
    return Section("Booster drop", blocks), paths, notes


def _defence(study: CoverageStudy) -> Section:
    sc = study.scenario
    sites = Table(["site", "lat deg", "lon deg", "alt m", "interceptor", "inventory", "radar",
                   "at sea"],
                  [[s.name, f"{math.degrees(s.lat_rad):.3f}", f"{math.degrees(s.lon_rad):.3f}",
                    f"{s.alt_m:g}", s.interceptor.name, s.inventory, s.radar.name or
                    s.radar.radar.name, s.at_sea] for s in study.result.defence.sites],
                  "Interceptor sites")
    radars = Table(["radar", "type", "place", "antenna alt m", "boresight deg", "terrain"],
                   [[r.name, r.radar or r.radar_file, r.site,
                     None if r.alt_m is None else f"{r.alt_m:g}",
                     None if r.boresight_deg is None else f"{r.boresight_deg:g}",
                     "DEM/obstacles" if (r.dem or r.obstacles) else "sea-level horizon"]
                    for r in sc.sensors], "Radars")
    return Section("Defence", [sites, radars])


def _sources(study: CoverageStudy, engage_notes: list[str], booster_notes: list[str]
             ) -> Section:
    from ashore.api.engagement import provenance_lines

    cov = [line for line in coverage_assumptions(study)
           if not line.startswith("place ")]  # the places table has them
    for site in study.result.defence.sites:  # every interceptor type, not only the first
        cov += provenance_lines(site.interceptor)
    places = Table(["place", "lat deg", "lon deg", "alt m", "description", "tier", "source"],
                   [[name, p.lat_deg, p.lon_deg, f"{p.alt_m:g}", p.description or None, p.tier,
                     p.source or None] for name, p in study.scenario.places.items()],
                   "Places of the scenario with their evidence tiers (published: stated in a "
                   "public source; derived: computed from published numbers; notional: chosen "
                   "where no public figure exists)")
    blocks: list = [places, "Each list below leaves out the lines already given above it."]
    seen: set[str] = set()
    for title, lines in (("Coverage study", cov), ("Engagements", engage_notes),
                         ("Booster drop", booster_notes)):
        new = [line for line in dict.fromkeys(lines) if line not in seen]
        seen.update(new)
        if new:
            blocks.append(Section(title, [Bullets(new)]))
    return Section("Assumptions and sources", blocks)


# ---- the command -----------------------------------------------------------------------------


def run_report(scenario_name: str, out: Path, *, grid_km: float | None = None, progress=None,
               coverage_study: CoverageStudy | None = None) -> dict:
    """Write ``out/report.html`` (and the PNGs it embeds) for a scenario. With
    ``coverage_study`` (e.g. the demo's) that study is used as is and ``grid_km`` is ignored;
    otherwise the coverage study is run. Returns {"report", "figures", "seconds", ...}."""
    t0 = time.perf_counter()
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out '{out}' is a file; give a folder for the report")
    coverage_s = None
    if coverage_study is None:
        if grid_km is not None and not (math.isfinite(grid_km) and grid_km > 0):
            raise InputError(f"--grid-km must be a positive number of km, got {grid_km}")
        scenario = load_scenario(scenario_name)
        if progress:
            progress("report: coverage study")
        coverage_study = run_coverage(scenario, grid_km, progress)
        coverage_s = time.perf_counter() - t0
    study = coverage_study
    out.mkdir(parents=True, exist_ok=True)
    summ = summary(study)
    fams = families(study)
    if progress:
        progress("report: coverage maps")
    maps, map_paths = _coverage_maps(study, fams, out)
    if progress:
        progress("report: threat trajectories")
    reps = _representatives(study, _aims(study))
    traj, traj_paths = _trajectories(study, reps, out)
    eng, eng_paths, eng_notes = _engagements(study, reps, out, progress)
    boost, boost_paths, boost_notes = _booster(study, out, progress)
    sections = [_overview(study, summ, coverage_s), maps, _coverage_tables(study, summ), traj,
                eng, boost, _defence(study), _sources(study, eng_notes, boost_notes)]
    from ashore import __version__

    page = render_report(
        f"ashore report: {study.scenario.name}", sections,
        subtitle=f"{study.territory.name}, {study.cells.grid_km:g} km cells, "
                 f"{len(study.result.defence.sites)} interceptor site(s)",
        footer=f"Generated by ashore {__version__} on "
               f"{time.strftime('%Y-%m-%d %H:%M')}. Self-contained: no network needed.")
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    figures = len(map_paths) + len(traj_paths) + len(eng_paths) + len(boost_paths)
    return {"report": str(path), "scenario": study.scenario.name, "figures": figures,
            "coverage_seconds": None if coverage_s is None else round(coverage_s, 1),
            "seconds": round(time.perf_counter() - t0, 1)}
