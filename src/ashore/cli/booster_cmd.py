"""`ashore booster-drop`: where an interceptor's spent first stage falls, with Monte Carlo
dispersion, and what share lands inside an area (e.g. the notional Mutsumi training area).

:func:`run_booster_drop` returns the JSON-ready figures; :func:`write_booster_outputs` writes
``impacts.csv``, ``impacts.geojson`` and ``booster_drop.png``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from ashore.catalog.interceptors import resolve_interceptor
from ashore.earth.frames import ecef_to_enu, ecef_to_geodetic, enu_to_ecef, geodetic_to_ecef
from ashore.earth.model import EarthModel
from ashore.errors import InputError
from ashore.intercept.booster import (
    CALM,
    BoosterDrop,
    Dispersion,
    Wind,
    booster_drop,
    require_booster,
)
from ashore.io.areas import Area, resolve_area


class BoosterResult(dict):
    """The JSON-ready dict of :func:`run_booster_drop`, carrying the full
    :class:`~ashore.intercept.booster.BoosterDrop` as ``.drop`` (not serialised) so that
    :func:`write_booster_outputs` can write every impact."""

    drop: BoosterDrop


def run_booster_drop(
    *,
    site: tuple[float, float, float],
    interceptor_name: str | None,
    interceptor_file: str | Path | None,
    azimuth_deg: float,
    elevation_deg: float,
    samples: int,
    area_path: str | Path | None,
    seed: int,
    earth: EarthModel,
    require_site_inside: bool = True,
    dispersion: Dispersion | None = None,
    wind: Wind | None = None,
    out_dir: Path | None = None,
) -> BoosterResult:
    """Fly the booster drop for the command line: ``site`` is (lat_deg, lon_deg, alt_m),
    ``area_path`` a GeoJSON file or a built-in area name (``mutsumi-training-area``). With an
    area and ``require_site_inside`` the site must lie inside it. With ``out_dir`` the three
    output files are written too and listed under ``outputs``."""
    lat_deg, lon_deg, alt_m = site
    for flag, value in (("--azimuth", azimuth_deg), ("--elevation", elevation_deg)):
        if not math.isfinite(value):
            raise InputError(f"{flag} must be a finite number of degrees, got {value}")
    if not 0.0 < elevation_deg <= 90.0:
        raise InputError(f"--elevation must be above 0 and at most 90 degrees, got "
                         f"{elevation_deg}")
    interceptor = resolve_interceptor(interceptor_name, interceptor_file)
    require_booster(interceptor)
    area = None if area_path is None else resolve_area(area_path)
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    if area is not None and require_site_inside:
        area.require_site(lat, lon, "the launch site")
    dispersion = Dispersion() if dispersion is None else dispersion
    drop = booster_drop(interceptor, earth, lat, lon, alt_m, math.radians(azimuth_deg),
                        math.radians(elevation_deg), samples, seed, dispersion, area,
                        wind=CALM if wind is None else wind)
    result = BoosterResult(drop.to_dict())
    result.drop = drop
    result["assumptions"] = assumptions(drop, interceptor, area)
    if out_dir is not None:
        result["outputs"] = [str(p) for p in write_booster_outputs(result, out_dir)]
    return result


def assumptions(drop: BoosterDrop, interceptor, area: Area | None) -> list[str]:
    """What the figures rest on: the Earth model, the booster and dispersion values with their
    evidence tiers, and the area's."""
    prov = interceptor.provenance
    stages, boost = prov.get("stages"), prov.get("booster")

    def tier(param) -> str:
        return f"{param.tier}: {param.source}" if param is not None else "no provenance given"

    b = drop.booster
    lines = list(drop.earth.describe())
    lines += [
        f"spent booster mass {b.mass_kg:g} kg and diameter {b.diameter_m:g} m = the first "
        f"stage's dry mass and diameter ({tier(stages)})",
        f"spent booster length {b.length_m:g} m, tumbling drag coefficient {b.tumbling_cd:g} "
        f"({tier(boost)})",
        f"tumbling ballistic coefficient beta = m / (C_D S/4) = "
        f"{b.ballistic_coefficient_kg_m2:.1f} kg/m^2 (mean projected area S/4 = "
        f"{b.mean_area_m2:.3f} m^2, Cauchy; derived)",
        "separation at the end of the first stage's burn, no separation impulse; the fall has "
        "a constant drag coefficient, no wind, no thrust tail-off, no breakup",
        *drop.dispersion.describe(),
        drop.wind.describe(),
    ]
    if area is not None:
        src = area.source or "no source given"
        lines.append(f"area '{area.name}' ({area.tier or 'tier not given'}: {src})")
    return lines


# ---- outputs ---------------------------------------------------------------------------------


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

    ``result`` is what :func:`run_booster_drop` returned (or a BoosterDrop). InputError when the
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
    (the ellipse parametrisation runs clockwise for azimuths measured from north)."""
    x, y = en[:, 0], en[:, 1]
    signed = 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])
    return en if signed >= 0 else en[::-1]


def _plot(drop: BoosterDrop, area: Area | None, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 7), dpi=110)
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
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
