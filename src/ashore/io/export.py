"""Write one trajectory's history: CSV state table, GeoJSON and KML ground tracks, a PNG
profile of altitude against downrange distance."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ashore.earth import geodesy
from ashore.earth.frames import ecef_to_geodetic
from ashore.errors import InputError
from ashore.flight.trajectory import Flights


@dataclass(frozen=True)
class Track:
    """A trajectory resampled for display: time, geodetic position, downrange, speed."""

    t_s: np.ndarray
    lat_deg: np.ndarray
    lon_deg: np.ndarray
    alt_m: np.ndarray
    downrange_m: np.ndarray
    speed_m_s: np.ndarray
    r_ecef: np.ndarray
    v_ecef: np.ndarray


def track(flights: Flights, i: int = 0, step_s: float = 2.0) -> Track:
    """Sample trajectory ``i`` every ``step_s`` seconds (plus its last point) by Hermite
    interpolation of the integrator's steps."""
    t_steps, _, _ = flights.states(i)
    times = np.unique(np.concatenate([np.arange(t_steps[0], t_steps[-1], step_s), t_steps[-1:]]))
    t, r, v = flights.states(i, times)
    lat, lon, alt = ecef_to_geodetic(r, flights.earth.ellipsoid)
    dist, _, _ = geodesy.inverse(
        np.full_like(lat, flights.launch_lat_rad[i]), np.full_like(lon, flights.launch_lon_rad[i]),
        lat, lon, flights.earth.ellipsoid,
    )
    return Track(t, np.degrees(lat), np.degrees(lon), alt, dist, np.linalg.norm(v, axis=1), r, v)


def write_csv(tr: Track, path: Path) -> None:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["t_s", "lat_deg", "lon_deg", "alt_m", "downrange_m", "speed_m_s",
                    "x_ecef_m", "y_ecef_m", "z_ecef_m", "vx_ecef_m_s", "vy_ecef_m_s",
                    "vz_ecef_m_s"])
        for k in range(len(tr.t_s)):
            w.writerow([f"{tr.t_s[k]:.3f}", f"{tr.lat_deg[k]:.7f}", f"{tr.lon_deg[k]:.7f}",
                        f"{tr.alt_m[k]:.2f}", f"{tr.downrange_m[k]:.2f}", f"{tr.speed_m_s[k]:.3f}",
                        *(f"{x:.3f}" for x in tr.r_ecef[k]), *(f"{x:.4f}" for x in tr.v_ecef[k])])


def write_geojson(tr: Track, path: Path, properties: dict) -> None:
    coords = [[round(float(lo), 7), round(float(la), 7), round(float(h), 1)]
              for lo, la, h in zip(tr.lon_deg, tr.lat_deg, tr.alt_m, strict=True)]
    feats = [
        {"type": "Feature", "properties": {**properties, "kind": "trajectory"},
         "geometry": {"type": "LineString", "coordinates": coords}},
        {"type": "Feature", "properties": {"kind": "launch"},
         "geometry": {"type": "Point", "coordinates": coords[0][:2]}},
        {"type": "Feature", "properties": {"kind": "impact"},
         "geometry": {"type": "Point", "coordinates": coords[-1][:2]}},
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, indent=1))


def write_kml(tr: Track, path: Path, name: str) -> None:
    import simplekml

    kml = simplekml.Kml(name=name)
    line = kml.newlinestring(name=name)
    line.coords = list(zip(tr.lon_deg.tolist(), tr.lat_deg.tolist(), tr.alt_m.tolist(),
                           strict=True))
    line.altitudemode = simplekml.AltitudeMode.absolute
    line.extrude = 1
    line.style.linestyle.color = simplekml.Color.red
    line.style.linestyle.width = 3
    kml.newpoint(name="launch", coords=[(tr.lon_deg[0], tr.lat_deg[0])])
    kml.newpoint(name="impact", coords=[(tr.lon_deg[-1], tr.lat_deg[-1])])
    kml.save(str(path))


def draw_profiles(ax, tracks: list[tuple[str, Track]], title: str = ""):
    """Altitude versus downrange for one or more trajectories on the matplotlib Axes ``ax``."""
    for label, tr in tracks:
        ax.plot(tr.downrange_m / 1e3, tr.alt_m / 1e3, label=label)
    ax.set_xlabel("downrange (km)")
    ax.set_ylabel("altitude (km)")
    ax.set_title(title)
    ax.set_ylim(bottom=0)
    ax.set_xlim(left=0)
    ax.grid(alpha=0.3)
    if len(tracks) > 1 or tracks[0][0]:
        ax.legend(fontsize=8)
    return ax


def plot_profiles(tracks: list[tuple[str, Track]], path: Path, title: str) -> None:
    """:func:`draw_profiles` written to a PNG file."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    draw_profiles(ax, tracks, title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_all(flights: Flights, out: Path, name: str, properties: dict) -> list[Path]:
    """CSV, GeoJSON, KML and PNG for trajectory 0 of ``flights`` under ``out``.

    Raises :class:`InputError` when the folder cannot be created or written to.
    """
    tr = track(flights, 0)
    paths = [out / "trajectory.csv", out / "ground_track.geojson", out / "ground_track.kml",
             out / "profile.png"]
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_csv(tr, paths[0])
        write_geojson(tr, paths[1], properties)
        write_kml(tr, paths[2], name)
        plot_profiles([(name, tr)], paths[3], f"{name}: altitude vs downrange")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot write the outputs to '{out}': {reason}") from None
    return paths
