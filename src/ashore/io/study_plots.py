"""Figures and layers for a threat study: profiles per aim, ground-track map, GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path

from ashore.io.export import Track, track

SHAPE_STYLE = {"min-energy": "-", "lofted": "--", "depressed": ":", "max-range": "-."}


def _tracks(cases) -> list[tuple[object, Track]]:
    return [(c, track(c.flights, c.index, step_s=5.0)) for c in cases if c.status == "ok"]


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def plot_profiles_by_aim(cases, out: Path) -> list[Path]:
    """One altitude-versus-downrange PNG per aim place, every launch area and shape on it."""
    plt = _pyplot()
    by_aim: dict[str, list] = {}
    for c, tr in _tracks(cases):
        by_aim.setdefault(c.aim or "azimuth", []).append((c, tr))
    paths = []
    for aim, items in by_aim.items():
        fig, ax = plt.subplots(figsize=(9, 5), dpi=110)
        launches = sorted({c.launch for c, _ in items})
        colours = {name: f"C{i}" for i, name in enumerate(launches)}
        for c, tr in items:
            ax.plot(tr.downrange_m / 1e3, tr.alt_m / 1e3, SHAPE_STYLE.get(c.shape, "-"),
                    color=colours[c.launch], lw=1.4,
                    label=f"{c.launch} {c.shape} ({c.missile})")
        ax.set_xlabel("downrange (km)")
        ax.set_ylabel("altitude (km)")
        ax.set_title(f"Threat trajectories to {aim} (solid: min-energy, dashed: lofted, "
                     "dotted: depressed)", fontsize=9)
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=6, ncol=2)
        fig.tight_layout()
        path = out / f"profiles_{aim}.png"
        fig.savefig(path)
        plt.close(fig)
        paths.append(path)
    return paths


def plot_ground_tracks(cases, scenario, path: Path) -> Path:
    """Ground tracks in longitude/latitude with the scenario's places (no base map)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 7), dpi=110)
    for c, tr in _tracks(cases):
        if c.shape == "min-energy" or c.shape == "max-range":
            ax.plot(tr.lon_deg, tr.lat_deg, lw=0.9, alpha=0.8, color="tab:red")
    launches = {c.launch for c in cases}
    for name, p in scenario.places.items():
        ax.plot(p.lon_deg, p.lat_deg, "k^" if name in launches else "bo", ms=5)
        ax.annotate(name, (p.lon_deg, p.lat_deg), xytext=(4, 4), textcoords="offset points",
                    fontsize=8)
    ax.set_xlabel("longitude (deg E)")
    ax.set_ylabel("latitude (deg N)")
    ax.set_title("Minimum-energy ground tracks (longitude/latitude, no base map)")
    ax.set_aspect(1.25)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def write_tracks_geojson(cases, path: Path) -> Path:
    """Every flown trajectory as a GeoJSON LineString (lon, lat, alt m) with its figures."""
    feats = []
    for c, tr in _tracks(cases):
        coords = [[round(float(lo), 6), round(float(la), 6), round(float(h), 0)]
                  for lo, la, h in zip(tr.lon_deg, tr.lat_deg, tr.alt_m, strict=True)]
        props = {"launch": c.launch, "aim": c.aim, "shape": c.shape,
                 **{k: v for k, v in c.summary.items() if not isinstance(v, list)}}
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": "LineString", "coordinates": coords}})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return path
