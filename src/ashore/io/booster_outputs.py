"""Outputs of a spent-booster drop: ``impacts.csv``, ``impacts.geojson`` (site, nominal and
mean impact, every impact, the ellipses and the area) and ``booster_drop.png``."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from ashore.earth.areas import Area
from ashore.earth.frames import ecef_to_enu, ecef_to_geodetic, enu_to_ecef, geodetic_to_ecef
from ashore.errors import InputError
from ashore.intercept.booster import BoosterDrop


def _drop_and_area(result) -> tuple[BoosterDrop, Area | None]:
    drop = result if isinstance(result, BoosterDrop) else getattr(result, "drop", None)
    if drop is None:
        raise TypeError("write_booster_outputs needs the result of run_booster_drop or a "
                        "BoosterDrop")
    return drop, drop.area


def _lonlat_ring(drop: BoosterDrop, en_m: np.ndarray) -> list[list[float]]:
    """Local East/North points (m, at the site's tangent plane) -> [[lon, lat], ...] deg."""
    ell = drop.earth.ellipsoid
    enu = np.column_stack([en_m, np.zeros(len(en_m))])
    r = enu_to_ecef(enu, drop.site_lat_rad, drop.site_lon_rad, drop.site_alt_m, ell)
    lat, lon, _ = ecef_to_geodetic(r, ell)
    return [[round(float(x), 7), round(float(y), 7)]
            for x, y in zip(np.degrees(lon), np.degrees(lat), strict=True)]


def _point(lat_rad: float, lon_rad: float, props: dict) -> dict:
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Point", "coordinates": [round(math.degrees(lon_rad), 7),
                                                          round(math.degrees(lat_rad), 7)]}}


def write_booster_outputs(result, out_dir: Path) -> list[Path]:
    """``impacts.csv``, ``impacts.geojson`` (site, nominal and mean impact, every impact, the
    1-sigma and 95 % ellipses and the area) and ``booster_drop.png`` under ``out_dir``.

    ``result`` is a :class:`~ashore.intercept.booster.BoosterDrop` (or an object carrying one
    as ``.drop``). InputError when the
    folder cannot be created or written to.
    """
    drop, area = _drop_and_area(result)
    out_dir = Path(out_dir)
    paths = [out_dir / "impacts.csv", out_dir / "impacts.geojson", out_dir / "booster_drop.png"]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _write_csv(drop, paths[0])
        _write_geojson(drop, area, paths[1])
        _plot(drop, area, paths[2])
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot write the outputs to '{out_dir}': {reason}") from None
    return paths


def _write_csv(drop: BoosterDrop, path: Path) -> None:
    cols = [np.arange(drop.samples), np.degrees(drop.impact_lat_rad),
            np.degrees(drop.impact_lon_rad), drop.impact_east_m / 1e3, drop.impact_north_m / 1e3,
            drop.flight_time_s, drop.impact_speed_m_s, drop.ballistic_coefficient_kg_m2]
    header = ("sample,lat_deg,lon_deg,east_km,north_km,flight_time_s,impact_speed_mps,"
              "ballistic_coefficient_kg_m2")
    fmt = ["%d", "%.7f", "%.7f", "%.5f", "%.5f", "%.3f", "%.2f", "%.2f"]
    if drop.inside is not None:
        cols.append(drop.inside.astype(int))
        header += ",inside_area"
        fmt.append("%d")
    np.savetxt(path, np.column_stack(cols), delimiter=",", fmt=fmt, header=header, comments="")


def _write_geojson(drop: BoosterDrop, area: Area | None, path: Path) -> None:
    feats = [
        _point(drop.site_lat_rad, drop.site_lon_rad, {"kind": "site",
                                                      "interceptor": drop.interceptor}),
        _point(drop.nominal_impact_lat_rad, drop.nominal_impact_lon_rad,
               {"kind": "nominal_impact",
                "distance_km": round(drop.nominal_distance_m / 1e3, 4)}),
        _point(drop.mean_lat_rad, drop.mean_lon_rad,
               {"kind": "mean_impact", "distance_km": round(drop.mean_distance_m / 1e3, 4)}),
    ]
    for label, ell in (("ellipse_1sigma", drop.ellipse_1sigma), ("ellipse_95", drop.ellipse_95)):
        if ell.semi_minor_m <= 0.0:  # no spread (one sample, no dispersion): no polygon
            continue
        feats.append({"type": "Feature", "properties": {"kind": label, **ell.to_dict()},
                      "geometry": {"type": "Polygon",
                                   "coordinates": [_lonlat_ring(drop, _ccw(ell.outline()))]}})
    if area is not None:
        feats.extend(area.geojson_features())
    lon = np.round(np.degrees(drop.impact_lon_rad), 7).tolist()
    lat = np.round(np.degrees(drop.impact_lat_rad), 7).tolist()
    times = np.round(drop.flight_time_s, 2).tolist()
    inside = [None] * drop.samples if drop.inside is None else drop.inside.tolist()
    feats.extend(
        {"type": "Feature",
         "properties": {"kind": "impact", "sample": i, "flight_time_s": t,
                        **({} if ins is None else {"inside_area": ins})},
         "geometry": {"type": "Point", "coordinates": [x, y]}}
        for i, (x, y, t, ins) in enumerate(zip(lon, lat, times, inside, strict=True)))
    doc = {"type": "FeatureCollection", "features": feats}
    path.write_text(json.dumps(doc, separators=(",", ":"), allow_nan=False))


def _ccw(en: np.ndarray) -> np.ndarray:
    """The outline counter-clockwise in (east, north), as RFC 7946 wants exterior rings
    [@rfc-7946] (the ellipse parametrisation runs clockwise for azimuths measured from north)."""
    x, y = en[:, 0], en[:, 1]
    signed = 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])
    return en if signed >= 0 else en[::-1]


def _plot(drop: BoosterDrop, area: Area | None, path: Path) -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 7), dpi=110)
    draw_booster_drop(ax, drop)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def draw_booster_drop(ax, drop: BoosterDrop):
    """The impacts east/north of the site on ``ax`` (inside/outside the area when there is
    one), the 1-sigma and 95 % ellipses, the area's outline and the mean impact."""
    area = drop.area
    ell = drop.earth.ellipsoid
    if area is not None:
        for k, ring in enumerate(area.rings_deg()):
            r = geodetic_to_ecef(np.radians(ring[:, 1]), np.radians(ring[:, 0]), 0.0, ell)
            en = ecef_to_enu(r, drop.site_lat_rad, drop.site_lon_rad, drop.site_alt_m, ell)
            ax.fill(en[:, 0] / 1e3, en[:, 1] / 1e3, alpha=0.12, color="tab:green",
                    label=f"area: {area.name}" if k == 0 else None)
            ax.plot(en[:, 0] / 1e3, en[:, 1] / 1e3, color="tab:green", lw=1.2)
    if drop.inside is not None:
        inside = drop.inside
        ax.scatter(drop.impact_east_m[inside] / 1e3, drop.impact_north_m[inside] / 1e3, s=3,
                   color="tab:blue", alpha=0.5, label="impacts inside")
        ax.scatter(drop.impact_east_m[~inside] / 1e3, drop.impact_north_m[~inside] / 1e3, s=3,
                   color="tab:red", alpha=0.5, label="impacts outside")
    else:
        ax.scatter(drop.impact_east_m / 1e3, drop.impact_north_m / 1e3, s=3, color="tab:blue",
                   alpha=0.5, label="impacts")
    for label, e, style in (("1-sigma ellipse", drop.ellipse_1sigma, ":"),
                            ("95 % ellipse", drop.ellipse_95, "-")):
        o = e.outline()
        ax.plot(o[:, 0] / 1e3, o[:, 1] / 1e3, "k" + style, lw=1.2, label=label)
    ax.plot(0.0, 0.0, "k^", ms=9, label="launch site")
    mean = ecef_to_enu(geodetic_to_ecef(drop.mean_lat_rad, drop.mean_lon_rad, 0.0, ell),
                       drop.site_lat_rad, drop.site_lon_rad, drop.site_alt_m, ell)
    ax.plot(mean[0] / 1e3, mean[1] / 1e3, "kx", ms=8, label="mean impact")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("east of the site (km)")
    ax.set_ylabel("north of the site (km)")
    share = ("" if drop.inside_fraction is None
             else f", {100 * drop.inside_fraction:.1f} % inside")
    ax.set_title(f"{drop.interceptor}: spent booster impacts\naz "
                 f"{math.degrees(drop.azimuth_rad):.0f} deg, el "
                 f"{math.degrees(drop.elevation_rad):.0f} deg, {drop.samples} samples{share}",
                 fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    return ax
