"""Predicted intercept points and engagement windows: re-flown by direct simulation, windows
against the decision delay, binding constraints, shoot-look-shoot, batching."""

from __future__ import annotations

import numpy as np
import pytest
from intercept_threats import ARAYA, MUTSUMI, fly_targeted

from ashore.catalog.interceptors import get_interceptor
from ashore.earth.model import EarthModel
from ashore.intercept.flyout import flyout_fan, range_altitude
from ashore.intercept.pip import (
    FireControl,
    ThreatSamples,
    engagement_windows,
    fire_times,
    max_decision_delay_s,
)
from ashore.intercept.verify import reflight

EARTH = EarthModel()
YOKOSUKA = (35.28, 139.67, 10.0)
SITES = np.array([ARAYA, MUTSUMI, YOKOSUKA])
DETECTED_AT_S = 120.0  # a notional first detection, the same for every pair


DEFAULT_FC = FireControl()


def _windows(threats, icp_name, sites=SITES, fc=DEFAULT_FC, detected=DETECTED_AT_S, **kw):
    icp = get_interceptor(icp_name)
    samples = ThreatSamples.from_flights(threats, 1.0)
    n = samples.count * len(sites)
    return engagement_windows(samples, np.radians(sites[:, 0]), np.radians(sites[:, 1]),
                              flyout_fan(icp, EARTH), icp.kill_vehicle,
                              np.full(n, fire_times(detected, fc)),
                              kill_assessment_s=fc.kill_assessment_s, **kw)


def _reflown(threats, icp_name, w, sites=SITES):
    """Every shot of every engageable pair, re-flown in the full Earth model."""
    icp = get_interceptor(icp_name)
    pair, shot = np.nonzero(np.isfinite(w.shot_intercept_s))
    ti, si = w.threat_index[pair], w.site_index[pair]
    t_hit, t_launch = w.shot_intercept_s[pair, shot], w.shot_launch_s[pair, shot]
    site = sites[si]
    p_ecef, _ = threats.state_at(ti, t_hit)
    lat, lon = np.radians(site[:, 0]), np.radians(site[:, 1])
    rng, alt = range_altitude(p_ecef, lat, lon, EARTH)
    look = flyout_fan(icp, EARTH).lookup(rng, alt)
    return reflight(icp, EARTH, lat, lon, site[:, 2], p_ecef, t_launch, t_hit,
                    look.elevation_rad, threats, ti, look.cutoff_s)


@pytest.mark.parametrize("icp_name", ["sm-3-block-iia-class", "sm-3-block-ib-class"])
def test_every_predicted_intercept_reflown_arrives_within_divert(nodong_threats, icp_name):
    """Reference: direct simulation. Each predicted shot (launch time, point, time) of four
    Nodong-class threats against three sites is flown again in the full Earth model (rotation,
    J2, air) with mid-course correction through the predicted point, launched at the predicted
    time; its closest approach to the threat must be within the kill vehicle's divert reach
    dv T_h / 2 (3.75 km for the IIA-class, 3.0 km for the IB-class)."""
    w = _windows(nodong_threats, icp_name)
    assert w.engageable.sum() >= 4
    rf = _reflown(nodong_threats, icp_name, w)
    kv = get_interceptor(icp_name).kill_vehicle
    assert np.all(rf.point_miss_m < 5.0)  # the guidance solved its steering
    assert np.all(rf.within_divert)
    assert np.all(rf.miss_m < kv.divert_reach_m)


def test_pac3_terminal_intercept_reflown_within_divert():
    """An endo-atmospheric case: a Scud-B-class threat (~300 km) on a PAC-3 MSE-class battery
    at its aim point; every shot re-flown must come within the 300 m divert reach."""
    aim = (35.0, 132.6)
    threats = fly_targeted("scud-b", (35.6, 129.6), [aim])
    site = np.array([[aim[0], aim[1] + 0.05, 20.0]])
    w = _windows(threats, "pac-3-mse-class", sites=site, detected=60.0)
    assert w.engageable[0]
    rf = _reflown(threats, "pac-3-mse-class", w, sites=site)
    assert np.all(rf.within_divert)
    assert np.all(rf.miss_m < get_interceptor("pac-3-mse-class").kill_vehicle.divert_reach_m)


def test_windows_shrink_with_decision_delay_and_vanish_past_the_computed_delay(nodong_threats):
    """Launch is feasible only at or after t_fire = detection + track + decision, so the
    window (first to last launch) can only shrink as the decision delay grows and vanishes
    once t_fire passes the last feasible launch: the max_decision_delay_s closed form."""
    lengths = []
    for delay in np.arange(0.0, 420.0, 30.0):
        w = _windows(nodong_threats, "sm-3-block-iia-class",
                     fc=FireControl(decision_delay_s=float(delay)))
        lengths.append(np.where(w.engageable, w.last_launch_time_s - w.first_launch_time_s,
                                -1.0))
    lengths = np.array(lengths)
    assert np.all(np.diff(lengths, axis=0) <= 1e-9)
    assert (lengths[0] > 0).sum() >= 4 and np.all(lengths[-1] < 0)

    base = FireControl(decision_delay_s=0.0)
    w0 = _windows(nodong_threats, "sm-3-block-iia-class", fc=base)
    limit = max_decision_delay_s(w0, DETECTED_AT_S, base)
    for i in np.flatnonzero(w0.engageable):
        ti, si = int(w0.threat_index[i]), int(w0.site_index[i])
        one = SITES[[si]]
        threat = ThreatSamples.from_flights(nodong_threats, 1.0)
        icp = get_interceptor("sm-3-block-iia-class")
        fires = DETECTED_AT_S + base.track_delay_s + limit[i] + np.array([0.0, 0.01])
        ww = engagement_windows(threat, np.radians(one[:, 0]), np.radians(one[:, 1]),
                                flyout_fan(icp, EARTH), icp.kill_vehicle, fires,
                                threat_index=[ti, ti], site_index=[0, 0])
        assert ww.engageable.tolist() == [True, False]


def test_binding_constraints(nodong_threats):
    """Each way of failing is named: a site 5,000 km away cannot reach (kinematics); a
    Scud-B-class apogee (~70 km) stays under the exo floor (altitude floor); a decision that
    comes after the threat has landed (time); an undetected threat keeps the timeline's
    reason."""
    far = np.array([[20.0, 170.0, 0.0]])
    w = _windows(nodong_threats, "sm-3-block-iia-class", sites=far)
    assert set(w.binding) == {"kinematics"}

    scud = fly_targeted("scud-b", (35.6, 129.6), [(35.0, 132.6)])
    w = _windows(scud, "sm-3-block-iia-class", sites=np.array([[35.0, 132.0, 0.0]]),
                 detected=30.0)
    assert w.binding.tolist() == ["altitude floor"]

    w = _windows(nodong_threats, "sm-3-block-iia-class",
                 fc=FireControl(decision_delay_s=2000.0))
    assert set(w.binding) == {"time"}

    w = _windows(nodong_threats, "sm-3-block-iia-class", detected=np.nan,
                 undetected_reason="horizon")
    assert set(w.binding) == {"horizon"} and not w.engageable.any()


def test_shoot_look_shoot_sequence(nodong_threats):
    """Each later shot launches no earlier than the previous intercept plus the kill
    assessment and intercepts later; a longer assessment never allows more shots."""
    counts = []
    for t_ka in (0.0, 10.0, 60.0, 200.0):
        w = _windows(nodong_threats, "sm-3-block-iia-class",
                     fc=FireControl(kill_assessment_s=t_ka))
        launch, hit = w.shot_launch_s, w.shot_intercept_s
        later = np.isfinite(launch[:, 1:])
        assert np.all(launch[:, 1:][later] >= hit[:, :-1][later] + t_ka - 1e-9)
        assert np.all(hit[:, 1:][later] > hit[:, :-1][later])
        assert np.array_equal(w.shots, np.isfinite(hit).sum(axis=1))
        counts.append(w.shots)
    counts = np.array(counts)
    assert np.all(np.diff(counts, axis=0) <= 0)
    assert counts[0].max() >= 2


def test_batched_equals_one_pair_at_a_time(nodong_threats):
    w = _windows(nodong_threats, "sm-3-block-iia-class")
    icp = get_interceptor("sm-3-block-iia-class")
    samples = ThreatSamples.from_flights(nodong_threats, 1.0)
    fan = flyout_fan(icp, EARTH)
    for i in range(w.engageable.size):
        ti, si = w.threat_index[i], w.site_index[i]
        one = engagement_windows(samples, np.radians(SITES[:, 0]), np.radians(SITES[:, 1]),
                                 fan, icp.kill_vehicle, w.first_fire_time_s[i],
                                 threat_index=[ti], site_index=[si])
        assert one.engageable[0] == w.engageable[i]
        assert one.binding[0] == w.binding[i]
        np.testing.assert_array_equal(one.shot_intercept_s[0], w.shot_intercept_s[i])
        assert one.closing_speed_m_s[0] == pytest.approx(w.closing_speed_m_s[i], nan_ok=True)


def test_closing_geometry_is_physical(nodong_threats):
    """Closing speed lies between |v_i - v_t| bounds: at least the larger speed minus the
    smaller and at most their sum (SM-3 IIA-class ~4.5 km/s, Nodong-class ~3 km/s)."""
    w = _windows(nodong_threats, "sm-3-block-iia-class")
    ok = w.engageable
    assert np.all((w.closing_speed_m_s[ok] > 500.0) & (w.closing_speed_m_s[ok] < 9000.0))
    assert np.all((w.crossing_angle_rad[ok] >= 0) & (w.crossing_angle_rad[ok] <= np.pi))
    assert np.all(w.earliest_alt_m[ok] >= 100e3) and np.all(w.latest_alt_m[ok] >= 100e3)


def test_lambert_coast_reproduces_a_drag_free_flight():
    """Lambert check of the coast (Curtis, Algorithm 5.2; the solver is validated in
    test_lambert.py): over a point-mass, airless but rotating Earth, the coast from where an
    interceptor passes 100 km to its own later position is a conic, so the Lambert correction
    must vanish (< 0.01 m/s); J2 alone makes it about 1 m/s."""
    from ashore.catalog.interceptors import get_interceptor
    from ashore.intercept.interceptor import fly_interceptor
    from ashore.intercept.verify import burnout_correction

    icp = get_interceptor("sm-3-block-iia-class")
    arrival = np.array([207.0, 152.0, 300.0])
    for earth, limit in ((EarthModel().with_switches(no_j2=True, no_atmosphere=True), 0.01),
                         (EarthModel().with_switches(no_atmosphere=True), 3.0)):
        f = fly_interceptor(icp, earth, np.radians(39.7), np.radians(140.0),
                            np.radians([250.0, 210.0, 100.0]), np.radians([31.0, 25.0, 60.0]),
                            record=True)
        own, _ = f.state_at(np.arange(3), arrival)
        assert np.all(burnout_correction(f, earth, own, arrival) < limit)
