"""The radar model (ashore.sensors.radar): SNR, detection range, field of regard, accuracy, files.

References:

- Radar range equation, track and search forms: Skolnik, *Introduction to Radar Systems*, 3rd ed.,
  ch. 2 [@skolnik-2001]; range scales as sigma^(1/4).
- Worked examples of the single-pulse radar equation ``SNR = Pt tau G^2 lambda^2 sigma /
  ((4 pi)^3 k Ts L R^4)``: MathWorks documentation of ``radareqpow`` (Phased Array System /
  Radar Toolbox), examples "Compute Required Transmit Power" (f = 1 GHz, 50 km, 1 m^2, 1 us,
  20 dB gain, 290 K, SNR 6 dB -> Pt = 2.1996e5 W) and "... at Specified System Temperature"
  (10 GHz, 50 km, 0.5 m^2, 1 us, 30 dB, 300 K, 3 dB loss, SNR 10 dB -> Pt = 2.2809e6 W).
  The track form with ``P_av t = Pt tau`` and ``A_e = G lambda^2 / (4 pi)`` is the same equation.
- The search-form check is a dB budget computed by hand in the test (independent arithmetic).
- Measurement accuracy: Skolnik 3rd ed. ch. 6; Barton, *Radar System Analysis and Modeling*
  (2005), monopulse slope k_m ~ 1.6.
"""

from __future__ import annotations

import dataclasses
import math
import textwrap
from pathlib import Path

import numpy as np
import pytest
import yaml

from ashore.errors import CatalogError, InputError
from ashore.sensors import radar as radar_module
from ashore.sensors.radar import (
    Face,
    Radar,
    faces_360,
    load_radar_file,
    radar_from_dict,
    radar_to_dict,
)

DEG = math.pi / 180.0

COMMON = dict(
    max_range_m=4.0e6, revisit_s=5.0, pfa=1e-6, swerling=1, beamwidth_rad=1.0 * DEG,
    bandwidth_hz=5e6,
)


def ref_radar(**kw) -> Radar:
    args = dict(COMMON, name="ref", frequency_hz=3.3e9, reference_range_m=1.2e6,
                reference_rcs_m2=0.1, reference_pd=0.9)
    args.update(kw)
    return Radar(**args)


def eq_radar(**kw) -> Radar:
    args = dict(COMMON, name="eq", frequency_hz=3.0e9, power_avg_w=1e5, aperture_m2=10.0,
                noise_temperature_k=500.0, losses_db=6.0, dwell_s=0.01, search_frame_s=10.0,
                search_solid_angle_sr=1.5)
    args.update(kw)
    return Radar(**args)


# ---- detection models --------------------------------------------------------------------------


def test_reference_model_reproduces_its_reference():
    """By construction: Pd(R_ref, sigma_ref) = reference_pd; SNR there is the Swerling 1 required
    SNR for Pd 0.9, Pfa 1e-6: 10 log10(ln 1e-6 / ln 0.9 - 1) = 21.1436 dB (by hand)."""
    r = ref_radar()
    assert r.detection_model == "reference"
    assert r.detection_range_m(0.1) == pytest.approx(1.2e6, rel=1e-12)
    assert r.pd(1.2e6, 0.1) == pytest.approx(0.9, abs=1e-12)
    assert r.snr_db(1.2e6, 0.1) == pytest.approx(21.1436, abs=1e-3)
    # non-fluctuating: same reference range, but a lower reference SNR (13.18 dB)
    r0 = ref_radar(swerling=0)
    assert r0.snr_db(1.2e6, 0.1) == pytest.approx(13.18, abs=0.01)
    assert r0.pd(1.2e6, 0.1) == pytest.approx(0.9, abs=1e-9)
    # R^-4 and sigma^1: half the range -> +12.04 dB; 10x RCS -> +10 dB
    assert r.snr_db(0.6e6, 0.1) - r.snr_db(1.2e6, 0.1) == pytest.approx(40 * math.log10(2))
    assert r.snr_db(1.2e6, 1.0) - r.snr_db(1.2e6, 0.1) == pytest.approx(10.0)
    # the reference model is one look in either mode
    assert r.snr_db(1e6, 1.0, mode="search") == r.snr_db(1e6, 1.0, mode="track")


@pytest.mark.parametrize(
    ("make", "mode", "swerling"),
    [(ref_radar, "track", 1), (ref_radar, "track", 0), (eq_radar, "track", 1),
     (eq_radar, "search", 1), (eq_radar, "track", 0)],
)
def test_detection_range_scales_as_rcs_to_the_quarter(make, mode, swerling):
    """R_det(sigma) / R_det(sigma0) = (sigma / sigma0)^(1/4) to 1e-9 relative [@skolnik-2001]."""
    r = make(swerling=swerling, max_range_m=math.inf)
    sigma = np.logspace(-4, 2, 25)
    rng = r.detection_range_m(sigma, mode=mode)
    r0 = r.detection_range_m(1.0, mode=mode)
    np.testing.assert_allclose(rng / r0, sigma**0.25, rtol=1e-9, atol=0)
    # and Pd at that range is the requested Pd (default reference_pd, or another one)
    np.testing.assert_allclose(r.pd(rng, sigma, mode), r.reference_pd, atol=1e-9)
    r50 = r.detection_range_m(sigma, pd=0.5, mode=mode)
    np.testing.assert_allclose(
        [float(r.pd(x, s, mode)) for x, s in zip(r50, sigma, strict=True)], 0.5, atol=1e-9)
    assert np.all(r50 > rng)


@pytest.mark.parametrize(
    ("freq_hz", "gain_db", "temp_k", "loss_db", "rcs", "pt_w", "snr_db"),
    [
        (1e9, 20.0, 290.0, 0.0, 1.0, 2.1996e5, 6.0),
        (10e9, 30.0, 300.0, 3.0, 0.5, 2.2809e6, 10.0),
    ],
)
def test_radar_equation_matches_published_examples(freq_hz, gain_db, temp_k, loss_db, rcs, pt_w,
                                                   snr_db):
    """MathWorks ``radareqpow`` examples (module docstring): with Pt and tau = 1 us as the energy
    of one look (P_av * dwell), the track form gives the stated SNR at 50 km. Pt is quoted to 5
    significant figures (<= 2.3e-5 relative), so the tolerance is 1e-3 dB."""
    r = Radar(**dict(COMMON, name="ex", frequency_hz=freq_hz, power_avg_w=pt_w, gain_db=gain_db,
                     noise_temperature_k=temp_k, losses_db=loss_db, dwell_s=1e-6))
    assert r.detection_model == "radar_equation"
    assert r.snr_db(50e3, rcs) == pytest.approx(snr_db, abs=1e-3)


def test_search_form_against_hand_db_budget():
    """Search form SNR = P_av A_e t_s sigma / (4 pi k T_s L R^4 Omega), by a dB budget computed
    by hand: 50 (1e5 W) + 10 (10 m^2) + 10 (10 s) + 0 (1 m^2) - 10.9921 (4 pi)
    + 228.5992 (1/k) - 26.9897 (500 K) - 10 (L) - 240 (R = 1000 km) - 3.0103 (2 sr)
    = 7.6071 dB. Tolerance 1e-3 dB (rounding of the budget terms)."""
    r = eq_radar(power_avg_w=1e5, aperture_m2=10.0, noise_temperature_k=500.0, losses_db=10.0,
                 search_frame_s=10.0, search_solid_angle_sr=2.0)
    assert r.snr_db(1.0e6, 1.0, mode="search") == pytest.approx(7.6071, abs=1e-3)


def test_track_form_against_hand_db_budget():
    """Track form SNR = P_av t G A_e sigma / ((4 pi)^2 k T_s L R^4) with G = 40 dB given and
    A_e = G lambda^2 / (4 pi), f = 3 GHz (lambda = 0.0999308 m): by hand
    50 (1e5 W) - 20 (0.01 s) + 40 (G) + [40 - 20.0060 (lambda^2) - 10.9921 = 9.0019] (A_e) + 0
    - 21.9842 ((4 pi)^2) + 228.5992 (1/k) - 26.9897 (500 K) - 6 (L) - 240 (1000 km)
    = 12.6272 dB. Tolerance 1e-3 dB."""
    r = eq_radar(aperture_m2=None, gain_db=40.0, losses_db=6.0, dwell_s=0.01)
    assert r.snr_db(1.0e6, 1.0) == pytest.approx(12.6272, abs=1e-3)


def test_gain_and_aperture_are_interchangeable():
    """G = 4 pi A_e / lambda^2: a radar given by aperture and one given by the equivalent gain
    have the same SNR (to 1e-9 dB) in both modes."""
    by_area = eq_radar(aperture_m2=25.0)
    lam = 299_792_458.0 / by_area.frequency_hz
    g_db = 10 * math.log10(4 * math.pi * 25.0 / lam**2)
    by_gain = eq_radar(aperture_m2=None, gain_db=g_db)
    for mode in ("track", "search"):
        assert by_gain.snr_db(2e6, 0.05, mode) == pytest.approx(
            by_area.snr_db(2e6, 0.05, mode), abs=1e-9)


def test_search_equals_track_when_the_frame_visits_every_beam_once():
    """With Omega_beam = 4 pi / G and t_s = dwell * Omega / Omega_beam the two forms coincide
    (Skolnik 3rd ed. ch. 2 derives the search form this way)."""
    r0 = eq_radar()
    omega = 1.2
    frame = r0.dwell_s * omega / (4 * math.pi / r0.gain)
    r = eq_radar(search_frame_s=frame, search_solid_angle_sr=omega)
    assert r.snr_db(1.5e6, 0.3, "search") == pytest.approx(r.snr_db(1.5e6, 0.3, "track"),
                                                           abs=1e-9)


def test_pd_is_zero_beyond_instrumented_range_and_vectorised():
    r = ref_radar(reference_range_m=5e6, max_range_m=4e6)
    rng = np.array([[1e6, 3.99e6], [4.0e6, 4.01e6]])
    pd = r.pd(rng, 1.0)
    assert pd.shape == (2, 2)
    assert pd[1, 1] == 0.0
    assert np.all(pd[0] > 0.9) and pd[1, 0] > 0.9
    # the sensitivity-limited detection range is not clipped
    assert r.detection_range_m(0.1) == pytest.approx(5e6, rel=1e-12)
    assert np.ndim(r.pd(1e6, 1.0)) == 0
    assert r.snr_db(0.0, 1.0) == np.inf


# ---- field of regard ---------------------------------------------------------------------------


def test_three_faces_cover_360_degrees():
    faces = faces_360(3, 60 * DEG, 0.0, 90 * DEG)
    assert [f.boresight_az_rad / DEG for f in faces] == pytest.approx([0, 120, 240])
    r = ref_radar(faces=faces)
    az = np.arange(0.0, 720.0, 0.25) * DEG - 2 * math.pi  # -360 .. 360 deg: wrapping too
    el = np.array([[0.0], [1.0], [45.0], [89.9], [90.0]]) * DEG
    assert np.all(r.in_field_of_regard(az, el))
    assert r.in_field_of_regard(az, el).shape == (5, az.size)
    assert not np.any(r.in_field_of_regard(az, -0.5 * DEG))
    # a radar-level minimum elevation cuts all faces
    r5 = ref_radar(faces=faces, min_elevation_rad=5 * DEG)
    assert not np.any(r5.in_field_of_regard(az, 4.9 * DEG))
    assert np.all(r5.in_field_of_regard(az, 5.0 * DEG))


def test_one_face_limits():
    face = Face(boresight_az_rad=90 * DEG, boresight_el_rad=30 * DEG, half_width_az_rad=60 * DEG,
                half_width_el_rad=30 * DEG)
    r = ref_radar(faces=(face,))
    az_deg = np.array([29.9, 30.0, 90.0, 150.0, 150.1, 270.0, 450.0, -270.0])
    want = [False, True, True, True, False, False, True, True]
    assert r.in_field_of_regard(az_deg * DEG, 10 * DEG).tolist() == want
    el_deg = np.array([-0.1, 0.0, 60.0, 60.1])
    assert r.in_field_of_regard(90 * DEG, el_deg * DEG).tolist() == [False, True, True, False]
    # a face straddling north
    north = Face(boresight_az_rad=0.0, boresight_el_rad=45 * DEG, half_width_az_rad=60 * DEG,
                 half_width_el_rad=45 * DEG)
    az_deg = np.array([350.0, -10.0, 300.0, 299.9, 60.0, 60.1])
    assert north.contains(az_deg * DEG, 10 * DEG).tolist() == [True, True, True, False, True,
                                                               False]


def test_rotating_radar_sees_all_azimuths_within_elevation_limits():
    r = ref_radar(min_elevation_rad=2 * DEG, max_elevation_rad=70 * DEG)
    az = np.linspace(-10, 10, 101)
    assert np.all(r.in_field_of_regard(az, 30 * DEG))
    assert r.in_field_of_regard(0.0, [1.9 * DEG, 2 * DEG, 70 * DEG, 70.1 * DEG]).tolist() == [
        False, True, True, False]
    assert r.in_field_of_regard(1.0, 0.5).dtype == np.bool_


def test_faces_360_rejects_gaps():
    assert len(faces_360(4, 45 * DEG, 0.0, 60 * DEG, first_az_rad=45 * DEG)) == 4
    with pytest.raises(CatalogError, match="gaps"):
        faces_360(3, 50 * DEG, 0.0, 90 * DEG)
    with pytest.raises(CatalogError, match="min elevation < max elevation"):
        faces_360(3, 60 * DEG, 10 * DEG, 5 * DEG)


# ---- measurement accuracy ----------------------------------------------------------------------


def test_measurement_sigma_values_and_scaling():
    """sigma_R = c / (2 B sqrt(2 SNR)), sigma_theta = theta_3 / (k_m sqrt(2 SNR)). By hand at
    SNR = 20 dB, B = 5 MHz, theta_3 = 1 deg, k_m = 1.6: sqrt(200) = 14.142136;
    sigma_R = 29.979246 / 14.142136 = 2.119853 m; sigma_theta = 0.01745329 / 22.627417
    = 7.71335e-4 rad. Both scale as 1/sqrt(SNR): +10 dB divides by sqrt(10) (to 1e-12)."""
    r = ref_radar()
    sr, sa = r.measurement_sigma(20.0)
    assert sr == pytest.approx(2.119853, rel=1e-6)
    assert sa == pytest.approx(7.71335e-4, rel=1e-5)
    snr = np.array([0.0, 10.0, 20.0, 30.0])
    sr, sa = r.measurement_sigma(snr)
    np.testing.assert_allclose(sr[:-1] / sr[1:], math.sqrt(10), rtol=1e-12)
    np.testing.assert_allclose(sa[:-1] / sa[1:], math.sqrt(10), rtol=1e-12)


def test_measurement_sigma_floors_add_in_quadrature():
    r = ref_radar(sigma_range_floor_m=5.0, sigma_angle_floor_rad=1e-4)
    thermal = ref_radar()
    snr = np.array([-5.0, 13.0, 25.0, 80.0])
    sr, sa = r.measurement_sigma(snr)
    tr, ta = thermal.measurement_sigma(snr)
    np.testing.assert_allclose(sr, np.sqrt(tr**2 + 25.0), rtol=1e-12)
    np.testing.assert_allclose(sa, np.sqrt(ta**2 + 1e-8), rtol=1e-12)
    assert sr[-1] == pytest.approx(5.0, rel=1e-6)  # floor dominates at high SNR
    assert sa[-1] == pytest.approx(1e-4, rel=1e-4)


# ---- the file format ---------------------------------------------------------------------------


def _docstring_yaml() -> str:
    doc = radar_module.__doc__
    start = doc.index("    name: spy-7-class")
    end = doc.index("``faces.first_az_deg``")
    return textwrap.dedent(doc[start:end])


def _write(tmp_path: Path, data, name: str = "radar.yaml") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def test_docstring_example_loads_exactly(tmp_path):
    r = load_radar_file(_write(tmp_path, _docstring_yaml()))
    assert r.name == "spy-7-class"
    assert r.frequency_hz == pytest.approx(3.3e9)
    assert len(r.faces) == 3
    assert r.max_range_m == 4.0e6
    assert r.reference_range_m == 1.2e6 and r.reference_rcs_m2 == 0.1 and r.reference_pd == 0.9
    assert (r.pfa, r.swerling, r.revisit_s) == (1e-6, 1, 5)
    assert r.beamwidth_rad == pytest.approx(DEG)
    assert r.bandwidth_hz == 5e6
    assert r.k_factor == pytest.approx(4 / 3)
    assert r.provenance["detection"].tier == "notional"
    assert r.detection_range_m(0.1) == pytest.approx(1.2e6, rel=1e-12)


def test_minimal_file_with_yaml_1e_minus_6_and_face_list(tmp_path):
    """``pfa: 1e-6`` is a string to YAML 1.1 (no dot); it must still load as 1e-6."""
    text = """\
name: two-faces
frequency_ghz: 10
faces:
  - {boresight_az_deg: 0, boresight_el_deg: 30, half_width_az_deg: 60, half_width_el_deg: 30}
  - {boresight_az_deg: 180, boresight_el_deg: 30, half_width_az_deg: 60, half_width_el_deg: 30}
max_range_km: 1000
detection: {reference_range_km: 500, reference_rcs_m2: 1}
pfa: 1e-6
swerling: 0
revisit_s: 1
beamwidth_deg: 0.5
bandwidth_mhz: 100
"""
    r = load_radar_file(_write(tmp_path, text))
    assert r.pfa == 1e-6 and r.reference_pd == 0.9 and r.faces[1].boresight_az_rad == math.pi
    assert r.in_field_of_regard(np.array([0, 90, 180]) * DEG, 10 * DEG).tolist() == [
        True, False, True]


def test_radar_equation_file(tmp_path):
    data = yaml.safe_load(_docstring_yaml())
    data["detection"] = {"power_avg_w": 1e5, "aperture_m2": 10, "noise_temperature_k": 500,
                         "losses_db": 6, "dwell_s": 0.01, "search_frame_s": 10,
                         "search_solid_angle_sr": 1.5}
    r = load_radar_file(_write(tmp_path, data))
    assert r.detection_model == "radar_equation"
    want = eq_radar(frequency_hz=3.3e9)
    assert r.snr_db(1e6, 1.0) == pytest.approx(want.snr_db(1e6, 1.0), abs=1e-12)


@pytest.mark.parametrize("model", ["reference", "radar_equation"])
def test_round_trip_through_yaml(tmp_path, model):
    """Radar -> radar_to_dict -> YAML -> load gives the same radar (to float rounding)."""
    faces = faces_360(3, 60 * DEG, 0.0, 90 * DEG, first_az_rad=10 * DEG)
    r = (ref_radar if model == "reference" else eq_radar)(
        faces=faces, min_elevation_rad=2 * DEG, sigma_range_floor_m=3.0,
        sigma_angle_floor_rad=2e-4, description="round trip")
    back = load_radar_file(_write(tmp_path, radar_to_dict(r)))
    for f in dataclasses.fields(Radar):
        a, b = getattr(r, f.name), getattr(back, f.name)
        if f.name == "faces":
            assert len(a) == len(b)
            for fa, fb in zip(a, b, strict=True):
                assert dataclasses.astuple(fa) == pytest.approx(dataclasses.astuple(fb),
                                                                rel=1e-12, abs=1e-15)
        elif isinstance(a, float):
            assert b == pytest.approx(a, rel=1e-12, abs=1e-15), f.name
        else:
            assert a == b, f.name


# ---- bad input: one clear line naming the problem ------------------------------------------------


def _load_error(tmp_path: Path, data) -> str:
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as info:
        load_radar_file(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert path.name in msg
    return msg


def _edit(**changes):
    data = yaml.safe_load(_docstring_yaml())
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    return data


@pytest.mark.parametrize(
    ("data", "fragments"),
    [
        (_edit(frequency_ghz=None), ["missing key 'frequency_ghz'"]),
        (_edit(frequency_ghz=None, frequncy_ghz=3.3),
         ["missing key 'frequency_ghz'", "unknown key 'frequncy_ghz'"]),
        (_edit(colour="grey"), ["unknown key 'colour'"]),
        (_edit(detection={"reference_range_km": 1200, "reference_rcs_m2": -0.1}),
         ["'detection.reference_rcs_m2' should be greater than 0", "-0.1"]),
        (_edit(pfa=1.5), ["'pfa' should be less than 1", "1.5"]),
        (_edit(pfa=0), ["'pfa' should be greater than 0"]),
        (_edit(swerling=3), ["'swerling'"]),
        (_edit(detection={}), ["no detection model"]),
        (_edit(detection={"reference_rcs_m2": 1}), ["needs both a reference range"]),
        (_edit(detection={"reference_range_km": 1200, "reference_rcs_m2": 0.1,
                          "power_avg_w": 1e5}), ["not both", "power_avg_w"]),
        (_edit(detection={"power_avg_w": 1e5, "gain_db": 40, "aperture_m2": 10,
                          "noise_temperature_k": 500, "losses_db": 3, "dwell_s": 0.01}),
         ["exactly one of gain_db and aperture_m2"]),
        (_edit(detection={"power_avg_w": 1e5, "gain_db": 40, "noise_temperature_k": 500,
                          "dwell_s": 0.01}), ["needs losses_db"]),
        (_edit(detection={"power_avg_w": 1e5, "gain_db": 40, "noise_temperature_k": 500,
                          "losses_db": 0, "search_frame_s": 10}),
         ["search_frame_s and search_solid_angle_sr"]),
        (_edit(faces={"cont": 3, "half_width_az_deg": 60, "min_elevation_deg": 0,
                      "max_elevation_deg": 90}),
         ["missing key 'faces.count'", "unknown key 'faces.cont'"]),
        (_edit(faces=[{"boresight_az_deg": 0, "boresight_el_deg": 30, "half_width_az_deg": 60}]),
         ["missing key 'faces[0].half_width_el_deg'"]),
        (_edit(faces={"count": 2, "half_width_az_deg": 60, "min_elevation_deg": 0,
                      "max_elevation_deg": 90}), ["leave azimuth gaps"]),
        (_edit(provenance={"power": {"source": "x", "tier": "notional"}}),
         ["provenance names unknown key(s) power"]),
        (_edit(min_elevation_deg=50, max_elevation_deg=10), ["min_elevation < max_elevation"]),
        ("", ["is empty"]),
        ("- a\n- b\n", ["expected a mapping"]),
        ("name: [unclosed\n", ["not valid YAML"]),
    ],
)
def test_bad_files_one_line(tmp_path, data, fragments):
    msg = _load_error(tmp_path, data)
    for fragment in fragments:
        assert fragment in msg, msg


def test_missing_file_one_line(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_radar_file(tmp_path / "nope.yaml")


def test_radar_from_dict_names_what():
    with pytest.raises(InputError, match=r"^radar 'site A': missing key 'pfa'"):
        radar_from_dict(_edit(pfa=None), "radar 'site A'")


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        (dict(reference_rcs_m2=-1.0), "reference_rcs_m2 must be a positive number, got -1"),
        (dict(reference_rcs_m2=0.0), "reference_rcs_m2 must be a positive number, got 0"),
        (dict(pfa=0.0), "pfa must be strictly between 0 and 1"),
        (dict(pfa=1.0), "pfa must be strictly between 0 and 1"),
        (dict(swerling=2), "swerling must be 0 (non-fluctuating) or 1"),
        (dict(reference_pd=1e-7), "reference_pd must be between pfa"),
        (dict(reference_range_m=None, reference_rcs_m2=None), "no detection model"),
        (dict(power_avg_w=1e5), "not both"),
        (dict(frequency_hz=-3e9), "frequency_hz must be a positive number"),
        (dict(max_elevation_rad=-0.1), "min_elevation < max_elevation"),
        (dict(name=""), "non-empty name"),
    ],
)
def test_bad_radar_definitions_raise_catalog_error(kw, fragment):
    with pytest.raises(CatalogError) as info:
        ref_radar(**kw)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_bad_call_arguments_raise_input_error():
    r = ref_radar()
    cases = [
        (lambda: r.snr_db(1e6, -1.0), "RCS must be positive, got -1"),
        (lambda: r.pd(1e6, [1.0, 0.0]), "RCS must be positive, got 0"),
        (lambda: r.detection_range_m(-0.5), "RCS must be positive, got -0.5"),
        (lambda: r.snr_db(-1.0, 1.0), "range must be non-negative, got -1"),
        (lambda: r.pd(np.nan, 1.0), "range must be non-negative, got nan"),
        (lambda: r.snr_db(1e6, 1.0, mode="scan"), "radar mode must be 'track' or 'search'"),
        (lambda: r.detection_range_m(1.0, pd=1e-7), "pd must exceed pfa"),
        (lambda: r.in_field_of_regard(np.nan, 0.0), "must be numbers"),
        (lambda: eq_radar(search_frame_s=None, search_solid_angle_sr=None).snr_db(
            1e6, 1.0, mode="search"), "no search mode"),
        (lambda: eq_radar(dwell_s=None).pd(1e6, 1.0), "no track mode"),
    ]
    for call, fragment in cases:
        with pytest.raises(InputError) as info:
            call()
        assert fragment in str(info.value)
        assert "\n" not in str(info.value)
