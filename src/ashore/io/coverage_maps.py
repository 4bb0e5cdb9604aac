"""Coverage outputs: maps (PNG) of shots and binding constraints with coastlines, sites and
radar horizons, and GeoJSON and KML layers of the cells a GIS user can open."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ashore.earth import geodesy
from ashore.sensors.horizon import sea_horizon

SHOT_COLOURS = {"not threatened": "#dddddd", "0 shots": "#d7301f", "1 shot": "#fdae61",
                "2+ shots": "#1a9850"}
BINDING_COLOURS = {"detection": "#762a83", "horizon": "#9970ab", "kinematics": "#e08214",
                   "altitude floor": "#b35806", "time": "#2166ac", "defended": "#cccccc",
                   "not threatened": "#f0f0f0"}
HORIZON_TARGET_ALT_M = 100e3
"""Radar horizons are drawn for a target at this altitude (the exo intercept floor)."""


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def shot_class(threatened: np.ndarray, shots: np.ndarray) -> np.ndarray:
    return np.where(~threatened, "not threatened",
                    np.where(shots >= 2, "2+ shots", np.where(shots >= 1, "1 shot", "0 shots")))


def binding_class(threatened: np.ndarray, shots: np.ndarray, binding: np.ndarray) -> np.ndarray:
    return np.where(~threatened, "not threatened", np.where(shots >= 1, "defended", binding))


def _horizon_ring(lat, lon, alt_m, k, n=181):
    """Geodesic circle at the sea-level radar horizon distance to a 100 km target."""
    _, d_radar = sea_horizon(alt_m, k)
    _, d_target = sea_horizon(HORIZON_TARGET_ALT_M, k)
    az = np.linspace(0, 2 * np.pi, n)
    rlat, rlon, _ = geodesy.direct(np.full(n, lat), np.full(n, lon), az,
                                   np.full(n, float(d_radar + d_target)))
    return np.degrees(rlon), np.degrees(rlat)


def draw_map(ax, study, family: str, tc, kind: str = "shots"):
    """One coverage map on ``ax``: each cell coloured by shots (``kind='shots'``) or by the
    binding constraint where undefended (``'binding'``), with coastlines, radars and their
    horizons for a 100 km target, and the interceptor sites. ``tc`` is the family's combined
    :class:`~ashore.analysis.coverage.ThreatCoverage`."""
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if kind not in ("shots", "binding"):
        raise ValueError(f"kind must be 'shots' or 'binding', got {kind!r}")
    cells, res = study.cells, study.result
    if kind == "shots":
        classes, colours = shot_class(tc.threatened, tc.shots), SHOT_COLOURS
    else:
        classes, colours = binding_class(tc.threatened, tc.shots, tc.binding), BINDING_COLOURS
    ax.add_collection(PolyCollection(cells.squares_lonlat(),
                                     facecolors=[colours[c] for c in classes],
                                     edgecolors="none"))
    for poly in study.territory.polygons:
        x, y = poly.exterior.xy
        ax.plot(x, y, color="k", lw=0.3)
    for r in res.defence.radars:
        lon, lat = np.degrees(r.lon_rad), np.degrees(r.lat_rad)
        hx, hy = _horizon_ring(r.lat_rad, r.lon_rad, r.alt_m, r.radar.k_factor)
        ax.plot(hx, hy, color="0.4", lw=0.6, ls=":")
        ax.plot(lon, lat, "o", color="0.2", ms=4)
    for s in res.defence.sites:
        ax.plot(np.degrees(s.lon_rad), np.degrees(s.lat_rad), "^", color="k", ms=8)
        ax.annotate(s.name, (np.degrees(s.lon_rad), np.degrees(s.lat_rad)),
                    xytext=(4, 4), textcoords="offset points", fontsize=8)
    lon_c, lat_c = np.degrees(cells.lon_rad), np.degrees(cells.lat_rad)
    ax.set_xlim(lon_c.min() - 1.5, lon_c.max() + 1.5)
    ax.set_ylim(lat_c.min() - 1.5, lat_c.max() + 1.5)
    ax.set_aspect(1.0 / np.cos(np.radians(lat_c.mean())))
    ax.set_xlabel("longitude, deg")
    ax.set_ylabel("latitude, deg")
    present = [c for c in colours if (classes == c).any()]
    ax.legend(handles=[Patch(color=colours[c], label=c) for c in present]
              + [Line2D([], [], ls=":", color="0.4", label="radar horizon, 100 km target")],
              loc="lower right", fontsize=8)
    title = "shots" if kind == "shots" else "binding constraint where undefended"
    ax.set_title(f"{study.scenario.name}: {family}, {title} ({cells.grid_km:g} km cells)",
                 fontsize=9)
    return ax


def write_maps(study, families: dict, out: Path) -> list[Path]:
    """Per threat family, the shots and binding maps (:func:`draw_map`) as PNG files."""
    plt = _pyplot()
    paths = []
    for fam, tc in families.items():
        for kind in ("shots", "binding"):
            fig, ax = plt.subplots(figsize=(8, 8), dpi=110)
            draw_map(ax, study, fam, tc, kind)
            fig.tight_layout()
            path = out / f"coverage_{_slug(fam)}_{kind}.png"
            fig.savefig(path)
            plt.close(fig)
            paths.append(path)
    return paths


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def write_layers(study, families: dict, out: Path) -> list[Path]:
    """``coverage_cells.geojson`` (cell squares with shots and binding per family, area,
    population, region) and ``coverage_cells.kml`` (the same, coloured by the first family's
    shots)."""
    import simplekml

    cells = study.cells
    squares = cells.squares_lonlat()
    features = []
    for i, ring in enumerate(squares):
        props = {"region": str(cells.region[i]), "area_km2": round(float(cells.area_km2[i]), 2),
                 "population": round(float(cells.population[i]))}
        for fam, tc in families.items():
            props[f"{fam}_threatened"] = bool(tc.threatened[i])
            props[f"{fam}_shots"] = int(tc.shots[i])
            props[f"{fam}_binding"] = str(tc.binding[i])
            site = int(tc.site[i])
            props[f"{fam}_site"] = study.result.defence.sites[site].name if site >= 0 else ""
            props[f"{fam}_layer"] = str(tc.layer[i])
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Polygon",
                                      "coordinates": [np.round(ring, 5).tolist()]}})
    for s in study.result.defence.sites:
        features.append({"type": "Feature", "properties": {"kind": "interceptor site",
                                                            "name": s.name},
                         "geometry": {"type": "Point", "coordinates": [
                             round(float(np.degrees(s.lon_rad)), 5),
                             round(float(np.degrees(s.lat_rad)), 5)]}})
    gj = out / "coverage_cells.geojson"
    gj.write_text(json.dumps({"type": "FeatureCollection", "features": features}))

    kml = simplekml.Kml(name=f"ashore coverage: {study.scenario.name}")
    fam, tc = next(iter(families.items()))
    classes = shot_class(tc.threatened, tc.shots)
    styles = {}
    for name, colour in SHOT_COLOURS.items():
        st = simplekml.Style()
        r, g, b = colour[1:3], colour[3:5], colour[5:7]
        st.polystyle.color = f"a0{b}{g}{r}"
        st.linestyle.width = 0
        styles[name] = st
    folder = kml.newfolder(name=f"{fam}: shots")
    for i, ring in enumerate(squares):
        pol = folder.newpolygon(name=f"cell {i}: {classes[i]}",
                                outerboundaryis=[tuple(p) for p in ring])
        pol.style = styles[classes[i]]
    km = out / "coverage_cells.kml"
    kml.save(str(km))
    return [gj, km]



def draw_sweep(ax, sweep: dict):
    """People defended with 1+ (solid) and 2+ (dashed) shots per threat family against the
    swept parameter (``sweep``: the ``sweep`` entry of a coverage result's dict)."""
    name = sweep["parameter"]
    rows = sweep["values"]
    x = [r[name] for r in rows]
    for fam in [k for k in rows[0] if k != name]:
        for key, ls in (("population_fraction_one_shot", "-"),
                        ("population_fraction_two_shots", "--")):
            y = [np.nan if r[fam][key] is None else 100 * r[fam][key] for r in rows]
            ax.plot(x, y, ls, marker="o", ms=3, label=f"{fam}: {key.split('_', 2)[2]}")
    ax.set_xlabel(name)
    ax.set_ylabel("population defended, %")
    ax.set_ylim(0, 102)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def write_sweep(sweep: dict, out: Path) -> Path:
    """:func:`draw_sweep` as ``sweep_PARAM.png`` under ``out``."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    draw_sweep(ax, sweep)
    fig.tight_layout()
    path = out / f"sweep_{sweep['parameter']}.png"
    fig.savefig(path)
    plt.close(fig)
    return path
