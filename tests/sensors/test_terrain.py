"""Tests for ashore.sensors.terrain: DEM grids, SRTM .hgt and GeoTIFF readers, tile sets,
synthetic terrain.

References: SRTM documentation (NASA/USGS; LP DAAC SRTMGL1/SRTMGL3 user guide): 1-degree tiles
named by the south-west corner, big-endian int16, 3601 x 3601 (1") or 1201 x 1201 (3"), rows
north to south, samples on the integer-degree lines, -32768 voids. OGC GeoTIFF 1.1
(OGC 19-008r4): ModelPixelScale / ModelTiepoint / GeoKeyDirectory, PixelIsArea vs
PixelIsPoint. Heights are compared to the metre or better (the files hold whole metres).
"""

from __future__ import annotations

import math
import zipfile

import numpy as np
import pytest
import tifffile

from ashore.earth.constants import R_MEAN_M
from ashore.errors import InputError
from ashore.sensors.terrain import (
    Dem,
    DemSet,
    Obstacle,
    from_array,
    read_dem,
    read_dems,
    read_geotiff,
    read_hgt,
    synthetic_cone,
    synthetic_ridge,
    synthetic_terrain,
)

rad = np.radians
ONE_LINE = "\n"


def _one_line(exc: pytest.ExceptionInfo) -> str:
    msg = str(exc.value)
    assert ONE_LINE not in msg, msg
    return msg


# --------------------------------------------------------------------------------------------
# SRTM .hgt
# --------------------------------------------------------------------------------------------


def _hgt_heights(n: int) -> np.ndarray:
    """A tile with a smooth ramp plus marked nodes (row, col) -> metres."""
    i, j = np.mgrid[0:n, 0:n]
    h = ((i * 7 + j * 3) % 2000).astype(np.int16)
    return h


MARKS = {  # (lat_deg, lon_deg) -> height; tile N39E140 covers 39..40 N, 140..141 E
    (40.0, 140.0): 111,  # north-west corner: row 0, column 0
    (40.0, 141.0): 222,  # north-east corner: row 0, last column
    (39.0, 140.0): 333,  # south-west corner (the name's corner): last row, column 0
    (39.0, 141.0): 444,  # south-east corner
    (39.5, 140.25): 1234,  # an interior node
    (39.75, 140.5): -5,  # below sea level
}


def _write_hgt(path, n: int) -> np.ndarray:
    h = _hgt_heights(n)
    for (lat, lon), v in MARKS.items():
        row = round((40.0 - lat) * (n - 1))
        col = round((lon - 140.0) * (n - 1))
        h[row, col] = v
    h[10, 20] = -32768  # a void
    h.astype(">i2").tofile(path)
    return h


@pytest.mark.parametrize("n", [1201, 3601])
def test_hgt_reads_marked_nodes_and_corners(tmp_path, n):
    """Node heights come back to the metre at their coordinates, corners included: row 0 is the
    northern edge (lat + 1), the last row the southern edge (the name's latitude), columns run
    west to east from the name's longitude (SRTM documentation)."""
    path = tmp_path / "N39E140.hgt"
    h = _write_hgt(path, n)
    dem = read_hgt(path)
    assert dem.shape == (n, n)
    assert dem.name == "N39E140"
    step = 1.0 / (n - 1)
    assert math.degrees(dem.lat0_rad) == pytest.approx(40.0, abs=1e-12)
    assert math.degrees(dem.dlat_rad) == pytest.approx(-step, rel=1e-12)
    assert math.degrees(dem.dlon_rad) == pytest.approx(step, rel=1e-12)
    b = dem.bounds
    assert np.degrees(b) == pytest.approx([39.0, 40.0, 140.0, 141.0], abs=1e-12)
    lats = np.array([k[0] for k in MARKS])
    lons = np.array([k[1] for k in MARKS])
    got = dem.height_at(rad(lats), rad(lons))
    np.testing.assert_allclose(got, list(MARKS.values()), atol=1e-6)
    # between two nodes of one row: the mean (bilinear)
    lat = 40.0 - 100 * step
    lon = 140.0 + (50.5) * step
    assert dem.height_at(rad(lat), rad(lon)) == pytest.approx(
        0.5 * (float(h[100, 50]) + float(h[100, 51])), abs=1e-6)
    # the void is NaN, and so is any point whose stencil touches it
    assert np.isnan(dem.height_at(rad(40.0 - 10 * step), rad(140.0 + 20 * step)))
    assert np.isnan(dem.height_at(rad(40.0 - 10.5 * step), rad(140.0 + 19.5 * step)))
    # outside the tile: NaN, or the fill
    assert np.isnan(dem.height_at(rad(38.99), rad(140.5)))
    assert dem.height_at(rad(40.01), rad(140.5), fill=0.0) == 0.0
    assert not dem.contains(rad(39.5), rad(141.001))
    assert dem.contains(rad(39.0), rad(141.0))


def test_hgt_southern_western_names(tmp_path):
    """S12W077.hgt: south-west corner at 12 S 77 W, so rows span -11 (north) .. -12 (south)."""
    path = tmp_path / "S12W077.hgt"
    h = np.zeros((1201, 1201), dtype=">i2")
    h[0, 0] = 500  # north-west: 11 S 77 W
    h[-1, -1] = 600  # south-east: 12 S 76 W
    h.tofile(path)
    dem = read_hgt(path)
    assert dem.height_at(rad(-11.0), rad(-77.0)) == pytest.approx(500.0, abs=1e-6)
    assert dem.height_at(rad(-12.0), rad(-76.0)) == pytest.approx(600.0, abs=1e-6)


def test_hgt_zip(tmp_path):
    """A .hgt.zip as distributed by LP DAAC reads like the .hgt inside it."""
    raw = tmp_path / "N39E140.hgt"
    _write_hgt(raw, 1201)
    zpath = tmp_path / "N39E140.SRTMGL3.hgt.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        z.write(raw, "N39E140.hgt")
    dem = read_dem(zpath)
    assert dem.height_at(rad(39.5), rad(140.25)) == pytest.approx(1234.0, abs=1e-6)


@pytest.mark.parametrize("nbytes", [2 * 1201 * 1201 - 2, 2884802 // 2, 2 * 3601 * 3601 + 2, 0])
def test_hgt_wrong_size_is_one_line_error(tmp_path, nbytes):
    """Truncated or padded files: one line naming both valid sizes."""
    path = tmp_path / "N39E140.hgt"
    path.write_bytes(b"\0" * nbytes)
    with pytest.raises(InputError) as exc:
        read_hgt(path)
    msg = _one_line(exc)
    assert "25,934,402" in msg and "2,884,802" in msg and f"{nbytes:,} bytes" in msg


def test_hgt_missing_and_bad_name(tmp_path):
    with pytest.raises(InputError) as exc:
        read_hgt(tmp_path / "N39E140.hgt")
    assert "not found" in _one_line(exc)
    bad = tmp_path / "tile.hgt"
    bad.write_bytes(b"\0" * (2 * 1201 * 1201))
    with pytest.raises(InputError) as exc:
        read_hgt(bad)
    assert "N39E140.hgt" in _one_line(exc)
    with pytest.raises(InputError) as exc:
        read_dem(tmp_path / "x.asc")
    assert "unknown DEM file type" in _one_line(exc)


# --------------------------------------------------------------------------------------------
# GeoTIFF
# --------------------------------------------------------------------------------------------


def _geokeys(model=2, raster=1, gcs=4326):
    keys = [(1024, 0, 1, model), (1025, 0, 1, raster)]
    if model == 2:
        keys.append((2048, 0, 1, gcs))
    else:
        keys.append((3072, 0, 1, 32654))  # UTM 54N
    out = [1, 1, 0, len(keys)]
    for k in keys:
        out += list(k)
    return tuple(out)


def _write_tif(path, data, *, raster=1, model=2, gcs=4326, nodata=None, tags=True,
               tie=(0.0, 0.0, 0.0, 139.9, 40.1, 0.0), scale=(0.01, 0.02, 0.0)):
    extratags = []
    if tags:
        extratags += [(33550, 12, 3, scale, False), (33922, 12, 6, tie, False)]
        extratags.append((34735, 3, len(_geokeys(model, raster, gcs)),
                          _geokeys(model, raster, gcs), False))
    if nodata is not None:
        extratags.append((42113, "s", 0, str(nodata), False))
    tifffile.imwrite(path, data, extratags=extratags)


@pytest.mark.parametrize("raster, offset", [(1, 0.5), (2, 0.0)])
def test_geotiff_pixel_is_area_and_point(tmp_path, raster, offset):
    """Pixel centres: lon = X + (c + o) sx, lat = Y - (r + o) sy with o = 1/2 for PixelIsArea,
    0 for PixelIsPoint (OGC 19-008r4, raster space). Values come back exactly."""
    rng = np.random.default_rng(1)
    data = rng.integers(-50, 3000, size=(40, 60)).astype(np.float32)
    path = tmp_path / "dem.tif"
    _write_tif(path, data, raster=raster)
    dem = read_geotiff(path)
    r = np.array([0, 0, 39, 39, 17, 5])
    c = np.array([0, 59, 0, 59, 33, 44])
    lon = 139.9 + (c + offset) * 0.01
    lat = 40.1 - (r + offset) * 0.02
    np.testing.assert_allclose(dem.height_at(rad(lat), rad(lon)), data[r, c], atol=1e-6)
    # the other convention would put these points half a pixel off: not the same values
    other = 0.5 - offset
    shifted = dem.height_at(rad(40.1 - (17 + other) * 0.02), rad(139.9 + (33 + other) * 0.01))
    assert abs(shifted - data[17, 33]) > 1e-3 or np.isnan(shifted)


def test_geotiff_nodata_and_read_dem(tmp_path):
    data = np.full((10, 12), 100, dtype=np.int16)
    data[3, 4] = -9999
    path = tmp_path / "dem.tiff"
    _write_tif(path, data, nodata=-9999)
    dem = read_dem(path)
    assert np.isnan(dem.heights_m[3, 4])
    assert np.nansum(np.isnan(dem.heights_m)) == 1
    assert dem.height_at(rad(40.1 - 0.5 * 0.02), rad(139.9 + 0.5 * 0.01)) == pytest.approx(100)


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"model": 1}, "projected"),
        ({"gcs": 4301}, "EPSG:4301"),  # Tokyo datum: ~400 m off WGS84
        ({"tags": False}, "GeoKeyDirectoryTag"),
    ],
)
def test_geotiff_errors(tmp_path, kwargs, needle):
    path = tmp_path / "bad.tif"
    _write_tif(path, np.zeros((4, 4), np.float32), **kwargs)
    with pytest.raises(InputError) as exc:
        read_geotiff(path)
    assert needle in _one_line(exc)


def test_geotiff_model_transformation(tmp_path):
    """A north-up ModelTransformationTag (34264) instead of scale + tie point: lon = m3 + m0 (c +
    1/2), lat = m7 + m5 (r + 1/2) for PixelIsArea; a rotated one is refused."""
    data = np.arange(12 * 8, dtype=np.float32).reshape(12, 8)
    m = [0.01, 0.0, 0.0, 139.9, 0.0, -0.02, 0.0, 40.1, 0, 0, 0, 0, 0, 0, 0, 1.0]
    path = tmp_path / "mt.tif"
    tifffile.imwrite(path, data, extratags=[(34264, 12, 16, tuple(m), False),
                                            (34735, 3, len(_geokeys()), _geokeys(), False)])
    dem = read_geotiff(path)
    assert dem.height_at(rad(40.1 - 3.5 * 0.02), rad(139.9 + 5.5 * 0.01)) == pytest.approx(
        data[3, 5], abs=1e-6)
    m[1] = 0.001
    tifffile.imwrite(path, data, extratags=[(34264, 12, 16, tuple(m), False),
                                            (34735, 3, len(_geokeys()), _geokeys(), False)])
    with pytest.raises(InputError) as exc:
        read_geotiff(path)
    assert "rotation" in _one_line(exc)


def test_geotiff_missing_tiepoint_and_damaged(tmp_path):
    path = tmp_path / "notie.tif"
    tifffile.imwrite(path, np.zeros((4, 4), np.float32),
                     extratags=[(34735, 3, len(_geokeys()), _geokeys(), False)])
    with pytest.raises(InputError) as exc:
        read_geotiff(path)
    assert "ModelTiepointTag" in _one_line(exc)
    good = tmp_path / "good.tif"
    _write_tif(good, np.zeros((200, 200), np.float32))
    cut = tmp_path / "cut.tif"
    cut.write_bytes(good.read_bytes()[:1000])
    with pytest.raises(InputError) as exc:
        read_geotiff(cut)
    _one_line(exc)
    with pytest.raises(InputError):
        read_geotiff(tmp_path / "missing.tif")


# --------------------------------------------------------------------------------------------
# Grids, tile sets, obstacles
# --------------------------------------------------------------------------------------------


def test_from_array_bilinear_is_exact_for_planes():
    """Bilinear interpolation reproduces a plane exactly (to rounding) anywhere inside, with
    south-to-north rows too (positive dlat)."""
    lat = 35.0 + 0.01 * np.arange(21)
    lon = 135.0 + 0.02 * np.arange(31)
    h = 3.0 + 1000.0 * (lat[:, None] - 35.0) - 500.0 * (lon[None, :] - 135.0)
    dem = from_array(h, 35.0, 135.0, 0.01, 0.02)
    rng = np.random.default_rng(2)
    qlat = rng.uniform(35.0, 35.2, 1000)
    qlon = rng.uniform(135.0, 135.6, 1000)
    want = 3.0 + 1000.0 * (qlat - 35.0) - 500.0 * (qlon - 135.0)
    np.testing.assert_allclose(dem.height_at(rad(qlat), rad(qlon)), want, atol=1e-9)
    # broadcasting and shapes
    out = dem.height_at(rad(qlat[:10, None]), rad(qlon[None, :7]))
    assert out.shape == (10, 7)
    assert np.ndim(dem.height_at(rad(35.1), rad(135.1))) == 0


def test_antimeridian_grid():
    """A grid straddling 180 deg: points given as -179.x deg are found east of 179.x deg."""
    h = np.arange(5 * 5, dtype=float).reshape(5, 5)
    dem = from_array(h, 10.0, 179.5, -0.25, 0.25)  # 179.5 .. 180.5 E
    assert dem.height_at(rad(10.0), rad(-179.75)) == pytest.approx(h[0, 3])
    assert dem.contains(rad(9.5), rad(180.5 - 360.0))
    assert not dem.contains(rad(9.5), rad(-179.4))


def test_dem_validation():
    with pytest.raises(InputError):
        from_array(np.zeros(5), 0, 0, 1, 1)
    with pytest.raises(InputError):
        from_array(np.zeros((3, 3)), 0, 0, 0.0, 1)
    with pytest.raises(InputError):
        from_array(np.full((3, 3), np.inf), 0, 0, 1, 1)
    with pytest.raises(InputError):
        Dem(np.zeros((3, 3)), None, 0.0, 0.01, 0.01)
    with pytest.raises(InputError):
        from_array(np.zeros((3, 3)), 89.5, 0, 0.5, 1)  # runs past the pole
    with pytest.raises(InputError):
        Dem(np.zeros((2, 2)), 39.0, 140.0, 0.1, 0.1)  # degrees given as radians: past the pole
    with pytest.raises(InputError):
        Obstacle("mast", 39.6, 2.4, 100.0)  # degrees as radians
    with pytest.raises(InputError):
        Obstacle("mast", 0.69, 2.4, float("nan"))


def test_demset_picks_tile_and_fills_voids():
    """Adjacent tiles sharing an edge; a void in the first tile falls through to the second
    where they overlap; points in no tile get the fill."""
    a = from_array(np.full((11, 11), 10.0), 40.0, 140.0, -0.1, 0.1, name="a")  # 39-40 N 140-141
    hb = np.full((11, 11), 20.0)
    b = from_array(hb, 40.0, 141.0, -0.1, 0.1, name="b")  # 141-142 E
    ha = a.heights_m.copy()
    ha[5, 10] = np.nan  # on the shared edge at 39.5 N 141 E
    a2 = from_array(ha, 40.0, 140.0, -0.1, 0.1)
    s = DemSet((a2, b))
    lat = rad([39.5, 39.5, 39.5, 39.5, 38.0])
    lon = rad([140.5, 141.5, 141.0, 140.95, 140.5])
    got = s.height_at(lat, lon, fill=-1.0)
    np.testing.assert_allclose(got[:3], [10.0, 20.0, 20.0])
    assert np.isnan(got[3])  # next to the void, inside tile a only
    assert got[4] == -1.0
    assert s.contains(rad(39.5), rad(141.9)) and not s.contains(rad(39.5), rad(142.1))
    assert np.degrees(s.bounds) == pytest.approx([39.0, 40.0, 140.0, 142.0])


def test_read_dems(tmp_path):
    for name, h in (("N39E140", 7), ("N39E141", 9)):
        np.full((1201, 1201), h, ">i2").tofile(tmp_path / f"{name}.hgt")
    s = read_dems([tmp_path / "N39E140.hgt", tmp_path / "N39E141.hgt"])
    assert s.height_at(rad([39.5, 39.5]), rad([140.5, 141.5])) == pytest.approx([7, 9])
    with pytest.raises(InputError):
        read_dems([])


# --------------------------------------------------------------------------------------------
# Synthetic terrain
# --------------------------------------------------------------------------------------------


def test_synthetic_cone_geometry():
    """h(s) = peak (1 - s / radius): the summit node is exact, and along a meridian (where the
    grid's rows measure great-circle distance exactly) heights at nodes follow the formula."""
    dem = synthetic_cone(39.7, 140.3, 1000.0, 3000.0, size_deg=0.2, step_arcsec=3.0)
    assert dem.height_at(rad(39.7), rad(140.3)) == pytest.approx(1000.0, abs=1e-6)
    step = 3.0 / 3600.0
    for n_rows in (5, 10, 20):
        s = R_MEAN_M * math.radians(n_rows * step)
        want = max(0.0, 1000.0 * (1.0 - s / 3000.0))
        assert dem.height_at(rad(39.7 - n_rows * step), rad(140.3)) == pytest.approx(want, abs=1e-6)
    assert dem.height_at(rad(39.6), rad(140.3)) == 0.0


def test_synthetic_ridge_cross_section():
    """Triangular cross-section: crest on the strike line, zero beyond half_width."""
    dem = synthetic_ridge(39.7, 140.3, 0.0, 800.0, 2000.0, size_deg=0.2, step_arcsec=3.0)
    step = 3.0 / 3600.0
    # strike due north through 140.3 E: along the meridian the crest is constant
    assert dem.height_at(rad([39.65, 39.7, 39.75]), rad(140.3)) == pytest.approx([800.0] * 3)
    # 1 km east at 39.7 N (column offset n): cross-track distance ~ n * step * cos(lat) * R
    n = 10
    x = R_MEAN_M * math.radians(n * step) * math.cos(math.radians(39.7))
    assert dem.height_at(rad(39.7), rad(140.3 + n * step)) == pytest.approx(
        800.0 * (1 - x / 2000.0), abs=0.05)
    assert dem.height_at(rad(39.7), rad(140.4)) == 0.0


def test_synthetic_terrain_deterministic_and_scaled():
    a = synthetic_terrain(7, size_deg=0.1, step_arcsec=3.0, relief_m=1200.0, sea_fraction=0.25)
    b = synthetic_terrain(7, size_deg=0.1, step_arcsec=3.0, relief_m=1200.0, sea_fraction=0.25)
    c = synthetic_terrain(8, size_deg=0.1, step_arcsec=3.0, relief_m=1200.0, sea_fraction=0.25)
    assert a.shape == (121, 121)
    np.testing.assert_array_equal(a.heights_m, b.heights_m)
    assert not np.array_equal(a.heights_m, c.heights_m)
    assert a.heights_m.max() == pytest.approx(1200.0)
    assert a.heights_m.min() == 0.0
    assert np.mean(a.heights_m == 0.0) == pytest.approx(0.25, abs=0.01)
    full = synthetic_terrain(1, size_deg=1.0, step_arcsec=3.0)
    assert full.shape == (1201, 1201)


@pytest.mark.parametrize("ny, nx, b", [(37, 53, 8), (33, 33, 8), (10, 70, 4), (2, 2, 4),
                                       (5, 9, 4)])
def test_block_maxima_bound_every_node(ny, nx, b):
    """The horizon's bound relies on Dem._block_max (largest height of the float32 heights over
    nodes I b .. I b + b, voids ignored, -inf if all void) and its dilation (every node within
    one block of block I, J; two rings of -inf outside): checked against brute force."""
    rng = np.random.default_rng(ny * nx + b)
    h = rng.standard_normal((ny, nx)) * 100.0
    h[rng.random((ny, nx)) < 0.2] = np.nan
    d = from_array(h, 40.0, 140.0, -0.01, 0.01)
    h32 = h.astype(np.float32)
    bm = d._block_max(b)
    assert bm.shape == (-(-(ny - 1) // b), -(-(nx - 1) // b))

    def brute(r0, r1, c0, c1):
        blk = h32[max(r0, 0):max(r1 + 1, 0), max(c0, 0):max(c1 + 1, 0)]
        return np.nanmax(blk) if np.isfinite(blk).any() else -np.inf

    for i in range(bm.shape[0]):
        for j in range(bm.shape[1]):
            assert bm[i, j] == brute(i * b, i * b + b, j * b, j * b + b)
    dm = d._dilated_block_max(b)
    assert dm.shape == (bm.shape[0] + 4, bm.shape[1] + 4)
    for i in range(-2, bm.shape[0] + 2):
        for j in range(-2, bm.shape[1] + 2):
            want = brute((i - 1) * b, (i + 2) * b, (j - 1) * b, (j + 2) * b)
            if i in (-2, bm.shape[0] + 1) or j in (-2, bm.shape[1] + 1):
                want = -np.inf
            assert dm[i + 2, j + 2] == want, (i, j)
