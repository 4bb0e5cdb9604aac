"""Engagement windows for 100,000 threat-site pairs: batched vs per-pair loops.

Issue requirement: "Benchmark: engagement windows for 100,000 threat-site pairs, batched,
against a per-pair loop. Target: at least 50x; record in BENCHMARKS.md."

Method
------
1. Setup (untimed, but its time is reported): ``threats`` Nodong minimum-energy trajectories,
   each from one of the five North Korean launch areas of the ``japan-threats`` scenario to an
   aim point near one of 20 Japanese cities (uniform jitter of +-0.25 deg, seeded), drawn among
   launch-aim pairs 300-1,200 km apart and kept where :func:`ashore.flight.targeting.solve`
   lands within 1 km; each is re-flown with ``record=True`` and sampled every ``step_s``
   (:meth:`ThreatSamples.from_flights`). ``sites`` interceptor sites uniform over 30-46 N,
   129-146 E. Pairs: the threat-major cross product (explicit index arrays). The SM-3 Block
   IIA-class fly-out fan is loaded from the cache; it is also built once with
   ``use_cache=False`` to report its build time.
2. First fire time per pair, a stated notional rule (no detection timelines): first detection
   uniform in 60-180 s after launch, plus :class:`FireControl` defaults (10 s track formation,
   30 s decision); 5% of pairs, drawn at random, are never tracked (NaN, reason ``horizon``).
   Tracks never end; kill assessment 10 s; up to 8 shots.
3. Batched: one :func:`engagement_windows` call over all pairs; median of ``rounds`` calls.
4. Peer A, the per-pair loop over the same engine: :func:`engagement_windows` with one pair at
   a time (``threat_index=[i], site_index=[j]``). Peer B, the straightforward per-pair
   implementation written here (:func:`scalar_pair`): per pair, numpy over that pair's samples
   (ground range, altitude, ``fan.time_at``), the first and last feasible samples, and the
   shoot-look-shoot shots with a small Python loop; it computes only what is checked, so it
   is the stronger (faster) peer. Both peers run on the same ``n_loop`` pairs drawn at random
   (seeded) in each of ``rounds`` rounds, interleaved with the batched calls; each round's mean
   time per pair is extrapolated to all pairs, the median over rounds is reported.
5. Agreement: on every sampled pair both peers must give the batched call's engageable flag,
   earliest and latest intercept times and number of shots exactly (A also the shot times).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import numpy as np

from ashore.catalog.interceptors import get_interceptor
from ashore.catalog.missiles import get_missile
from ashore.earth import geodesy
from ashore.earth.frames import up_vector
from ashore.earth.model import EarthModel
from ashore.flight import targeting
from ashore.flight.trajectory import fly_missile
from ashore.intercept.flyout import flyout_fan, ground_range_m
from ashore.intercept.pip import FireControl, ThreatSamples, engagement_windows, fire_times

NAME = "engagement"
TITLE = "Engagement windows: 100,000 threat-site pairs, batched vs per-pair loops"
SEED = 20190801
TARGET_SPEEDUP = 50.0
INTERCEPTOR = "sm-3-block-iia-class"
KILL_ASSESSMENT_S = 10.0
MAX_SHOTS = 8
UNTRACKED_SHARE = 0.05

LAUNCH_AREAS = {  # japan-threats scenario [@jmod-nk-launch-releases]
    "sunan": (39.224, 125.670), "sohae": (39.660, 124.705), "tonghae": (40.856, 129.666),
    "sinpo": (40.03, 128.18), "kusong": (40.0, 125.2),
}
CITIES = {  # approximate centres; aims are jittered around them
    "fukuoka": (33.59, 130.40), "nagasaki": (32.75, 129.87), "kagoshima": (31.60, 130.56),
    "kitakyushu": (33.88, 130.88), "hiroshima": (34.39, 132.46), "matsue": (35.47, 133.05),
    "okayama": (34.66, 133.92), "kochi": (33.56, 133.53), "osaka": (34.69, 135.50),
    "kyoto": (35.01, 135.77), "kanazawa": (36.56, 136.66), "nagoya": (35.18, 136.91),
    "niigata": (37.92, 139.04), "tokyo": (35.68, 139.69), "yokosuka": (35.28, 139.67),
    "sendai": (38.27, 140.87), "akita": (39.72, 140.10), "aomori": (40.82, 140.74),
    "misawa": (40.68, 141.37), "sapporo": (43.06, 141.35),
}


@dataclass(frozen=True)
class Config:
    threats: int  # distinct threat trajectories
    sites: int  # interceptor sites; pairs = threats x sites
    rounds: int  # batched calls (median) and peer rounds (median)
    n_loop: int  # pairs per peer round (drawn afresh each round)
    step_s: float = 2.0  # threat sampling interval
    workers: int = 1  # unused (the engine's numba kernel threads itself); kept for run.py


FULL = Config(threats=1_000, sites=100, rounds=3, n_loop=3_000)
QUICK = Config(threats=150, sites=100, rounds=1, n_loop=300)


# ---- problem ------------------------------------------------------------------------------
def make_threats(n: int, step_s: float, rng: np.random.Generator, earth: EarthModel, log):
    """``n`` targeted Nodong trajectories sampled every ``step_s``; returns the samples and the
    setup timings."""
    missile = get_missile("nodong")
    areas = np.radians(np.array(list(LAUNCH_AREAS.values())))
    cities = np.array(list(CITIES.values()))
    draw = 3 * n
    a = rng.integers(0, len(areas), draw)
    c = rng.integers(0, len(cities), draw)
    aim_lat = np.radians(cities[c, 0] + rng.uniform(-0.25, 0.25, draw))
    aim_lon = np.radians(cities[c, 1] + rng.uniform(-0.25, 0.25, draw))
    dist, _, _ = geodesy.inverse(areas[a, 0], areas[a, 1], aim_lat, aim_lon, earth.ellipsoid)
    keep = np.flatnonzero((dist >= 300e3) & (dist <= 1_200e3))[: int(n * 1.1) + 5]
    a, aim_lat, aim_lon = a[keep], aim_lat[keep], aim_lon[keep]
    log(f"  solving {a.size} Nodong min-energy aims (untimed) ...")
    t0 = time.perf_counter()
    sol = targeting.solve(missile, earth, areas[a, 0], areas[a, 1], aim_lat, aim_lon,
                          "min-energy", raise_errors=False)
    t_solve = time.perf_counter() - t0
    ok = np.flatnonzero(sol.ok)[:n]
    if ok.size < n:
        raise RuntimeError(f"only {ok.size} of {n} aims solved; widen the draw")
    t0 = time.perf_counter()
    flights = fly_missile(missile, earth, areas[a[ok], 0], areas[a[ok], 1],
                          sol.azimuth_rad[ok], sol.kick_rad[ok], sol.cutoff_s[ok], record=True)
    t_fly = time.perf_counter() - t0
    t0 = time.perf_counter()
    threats = ThreatSamples.from_flights(flights, step_s=step_s)
    t_sample = time.perf_counter() - t0
    ranges = np.asarray(geodesy.inverse(areas[a[ok], 0], areas[a[ok], 1], aim_lat[ok],
                                        aim_lon[ok], earth.ellipsoid)[0])
    info = {"solve_s": t_solve, "fly_s": t_fly, "sample_s": t_sample,
            "solved": int(sol.ok.sum()), "tried": int(a.size), "iterations": sol.iterations,
            "range_km": (float(ranges.min()) / 1e3, float(ranges.max()) / 1e3),
            "apogee_km": float(np.nanmax(threats.alt_m)) / 1e3,
            "flight_s": (float(np.nanmin(flights.flight_time_s)),
                         float(np.nanmax(flights.flight_time_s))),
            "samples": int(threats.times_s.size)}
    return threats, info


# ---- peer B -------------------------------------------------------------------------------
def scalar_pair(threats: ThreatSamples, up_site: np.ndarray, fan, kv, i: int, j: int,
                t_fire: float, t_ka: float, max_shots: int):
    """One pair, written directly: numpy over the pair's samples, a small loop for the shots.
    Returns ``(engageable, earliest intercept s, latest intercept s, shots)``."""
    if not np.isfinite(t_fire):
        return False, np.nan, np.nan, 0
    t = threats.times_s
    alt = threats.alt_m[i]
    rng = ground_range_m(up_site[j], threats.up[i])
    t_fo = fan.time_at(rng, alt)
    launch = t - t_fo
    with np.errstate(invalid="ignore"):
        feasible = (np.isfinite(t_fo) & (alt >= kv.min_intercept_alt_m)
                    & (alt <= kv.max_intercept_alt_m) & (launch >= t_fire))
    idx = np.flatnonzero(feasible)
    if idx.size == 0:
        return False, np.nan, np.nan, 0
    times, launches = t[idx].tolist(), launch[idx].tolist()
    shots, hit = 1, times[0]
    for tk, lk in zip(times, launches, strict=True):
        if shots == max_shots:
            break
        if tk > hit and lk >= hit + t_ka:  # next shot: launched after the kill assessment
            shots, hit = shots + 1, tk
    return True, times[0], times[-1], shots


def _same(a, b) -> bool:
    return bool(np.array_equal(np.asarray(a, float), np.asarray(b, float), equal_nan=True))


# ---- run ----------------------------------------------------------------------------------
def run(cfg: Config, log=print) -> dict:
    rng = np.random.default_rng(SEED)
    earth = EarthModel()
    t0 = time.perf_counter()
    threats, tinfo = make_threats(cfg.threats, cfg.step_s, rng, earth, log)
    setup_threats_s = time.perf_counter() - t0

    interceptor = get_interceptor(INTERCEPTOR)
    kv = interceptor.kill_vehicle
    t0 = time.perf_counter()
    flyout_fan(interceptor, earth, use_cache=False)
    fan_build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    fan = flyout_fan(interceptor, earth)  # from the disk cache (built and saved if absent)
    fan_cached_s = time.perf_counter() - t0

    site_lat = np.radians(rng.uniform(30.0, 46.0, cfg.sites))
    site_lon = np.radians(rng.uniform(129.0, 146.0, cfg.sites))
    up_site = up_vector(site_lat, site_lon)
    ti, si = np.meshgrid(np.arange(threats.count), np.arange(cfg.sites), indexing="ij")
    ti, si = ti.ravel(), si.ravel()
    m = ti.size
    detect = rng.uniform(60.0, 180.0, m)
    untracked = rng.random(m) < UNTRACKED_SHARE
    detect[untracked] = np.nan
    fire = fire_times(detect, FireControl())
    reason = np.where(untracked, "horizon", "detection").astype(object)
    log(f"  {threats.count} threats x {cfg.sites} sites = {m:,} pairs, "
        f"{threats.times_s.size} samples each; setup {setup_threats_s:.1f} s")

    def batched_call():
        return engagement_windows(threats, site_lat, site_lon, fan, kv, fire, threat_index=ti,
                                  site_index=si, undetected_reason=reason,
                                  kill_assessment_s=KILL_ASSESSMENT_S, max_shots=MAX_SHOTS)

    batched, loop_pp, scalar_pp = [], [], []
    mismatch_loop = mismatch_scalar = 0
    checked = 0
    w = None
    for rnd in range(cfg.rounds):
        t0 = time.perf_counter()
        w = batched_call()
        batched.append(time.perf_counter() - t0)
        log(f"  round {rnd + 1}: batched {batched[-1]:.2f} s")

        sample = np.sort(rng.choice(m, size=min(cfg.n_loop, m), replace=False))
        # peer A: the engine, one pair per call
        one = []
        t0 = time.perf_counter()
        for p in sample:
            one.append(engagement_windows(
                threats, site_lat, site_lon, fan, kv, fire[p:p + 1], threat_index=ti[p:p + 1],
                site_index=si[p:p + 1], undetected_reason=reason[p:p + 1],
                kill_assessment_s=KILL_ASSESSMENT_S, max_shots=MAX_SHOTS))
        loop_pp.append((time.perf_counter() - t0) / sample.size)
        # peer B: the direct per-pair code
        t0 = time.perf_counter()
        direct = [scalar_pair(threats, up_site, fan, kv, int(ti[p]), int(si[p]),
                              float(fire[p]), KILL_ASSESSMENT_S, MAX_SHOTS) for p in sample]
        scalar_pp.append((time.perf_counter() - t0) / sample.size)

        for p, a, b in zip(sample, one, direct, strict=True):
            same_a = (bool(a.engageable[0]) == bool(w.engageable[p])
                      and _same(a.earliest_time_s[0], w.earliest_time_s[p])
                      and _same(a.latest_time_s[0], w.latest_time_s[p])
                      and int(a.shots[0]) == int(w.shots[p])
                      and _same(a.shot_intercept_s[0], w.shot_intercept_s[p])
                      and _same(a.shot_launch_s[0], w.shot_launch_s[p])
                      and a.binding[0] == w.binding[p])
            same_b = (b[0] == bool(w.engageable[p]) and _same(b[1], w.earliest_time_s[p])
                      and _same(b[2], w.latest_time_s[p]) and b[3] == int(w.shots[p]))
            mismatch_loop += not same_a
            mismatch_scalar += not same_b
        checked += sample.size
        log(f"  round {rnd + 1}: engine loop {loop_pp[-1] * 1e3:.3f} ms/pair, direct loop "
            f"{scalar_pp[-1] * 1e3:.3f} ms/pair ({sample.size} pairs)")

    med_b = statistics.median(batched)
    loop_total = statistics.median(loop_pp) * m
    scalar_total = statistics.median(scalar_pp) * m
    eng = w.engageable
    binding = {b: int((w.binding == b).sum()) for b in ("detection", "horizon", "kinematics",
                                                         "altitude floor", "time")}
    return {
        "cfg": cfg, "pairs": m, "threats": threats.count, "tinfo": tinfo,
        "setup_threats_s": setup_threats_s, "fan_build_s": fan_build_s,
        "fan_cached_s": fan_cached_s, "fan_shape": fan.time_s.shape,
        "batched_s": batched, "median_batched_s": med_b, "pairs_per_s": m / med_b,
        "pair_samples_per_s": m * threats.times_s.size / med_b,
        "loop_per_pair_s": statistics.median(loop_pp), "loop_rounds": loop_pp,
        "loop_total_s": loop_total, "loop_ratio": loop_total / med_b,
        "scalar_per_pair_s": statistics.median(scalar_pp), "scalar_rounds": scalar_pp,
        "scalar_total_s": scalar_total, "scalar_ratio": scalar_total / med_b,
        "agree_loop": mismatch_loop == 0, "agree_scalar": mismatch_scalar == 0,
        "mismatch_loop": mismatch_loop, "mismatch_scalar": mismatch_scalar, "checked": checked,
        "engageable": float(eng.mean()), "mean_shots": float(w.shots.mean()),
        "mean_shots_engageable": float(w.shots[eng].mean()) if eng.any() else float("nan"),
        "max_shots": int(w.shots.max()), "binding": binding,
    }


def _verdict(x: float) -> str:
    return "met" if x >= TARGET_SPEEDUP else "NOT met"


def summary(res: dict) -> list[str]:
    return [
        f"batched: {res['median_batched_s']:.2f} s for {res['pairs']:,} pairs "
        f"({res['pairs_per_s']:,.0f} pairs/s)",
        f"per-pair engine loop: {res['loop_total_s']:.1f} s extrapolated "
        f"({res['loop_per_pair_s'] * 1e3:.3f} ms per pair): {res['loop_ratio']:.1f}x "
        f"(target {TARGET_SPEEDUP:g}x {_verdict(res['loop_ratio'])})",
        f"direct per-pair loop: {res['scalar_total_s']:.1f} s extrapolated "
        f"({res['scalar_per_pair_s'] * 1e3:.3f} ms per pair): {res['scalar_ratio']:.1f}x "
        "(a stronger baseline than the issue's; no target)",
        f"mismatches with the batch on {res['checked']:,} sampled pairs: engine loop "
        f"{res['mismatch_loop']}, direct loop {res['mismatch_scalar']}",
        f"engageable {res['engageable']:.1%}, mean shots {res['mean_shots']:.2f} "
        f"({res['mean_shots_engageable']:.2f} per engageable pair)",
    ]


def markdown(res: dict, info: dict, date: str) -> str:
    cfg, ti = res["cfg"], res["tinfo"]
    m = res["pairs"]
    bind = ", ".join(f"{k} {v:,}" for k, v in res["binding"].items() if v)
    batched = ", ".join(f"{t:.2f}" for t in res["batched_s"])
    lines = [
        f"Measured {date}. {m:,} threat-site pairs: {res['threats']:,} Nodong minimum-energy "
        f"trajectories x {cfg.sites} interceptor sites (threat-major cross product). Threats: "
        f"from the five North Korean launch areas of the `japan-threats` scenario to aim points "
        f"within +-0.25 deg of 20 Japanese cities (seeded), ground ranges "
        f"{ti['range_km'][0]:,.0f}-{ti['range_km'][1]:,.0f} km, flight times "
        f"{ti['flight_s'][0]:.0f}-{ti['flight_s'][1]:.0f} s, apogee up to "
        f"{ti['apogee_km']:.0f} km; `targeting.solve(..., 'min-energy')`, re-flown with "
        f"`record=True` on `EarthModel()` and sampled every {cfg.step_s:g} s "
        f"({ti['samples']} samples per threat). Sites uniform over 30-46 N, 129-146 E. "
        f"Interceptor `{INTERCEPTOR}` (fan {res['fan_shape'][0]} x {res['fan_shape'][1]}, "
        "kill-vehicle band 100-1,000 km). First fire time per pair by a notional rule, not "
        "detection timelines: first detection uniform in 60-180 s after launch, plus the "
        "`FireControl()` delays (10 s track, 30 s decision); "
        f"{UNTRACKED_SHARE:.0%} of pairs never tracked; tracks never end; kill assessment "
        f"{KILL_ASSESSMENT_S:g} s, up to {MAX_SHOTS} shots. "
        "Code: `benchmarks/bench_engagement.py`.",
        "",
        "### Result",
        "",
        f"One batched `engagement_windows` call takes **{res['median_batched_s']:.2f} s** for "
        f"{m:,} pairs ({res['pairs_per_s']:,.0f} pairs/s, "
        f"{res['pair_samples_per_s'] / 1e6:.1f} M pair-samples/s). Speed-up over a per-pair "
        f"loop over the same engine: **{res['loop_ratio']:.1f}x** (target {TARGET_SPEEDUP:g}x: "
        f"**{_verdict(res['loop_ratio'])}**); over a direct per-pair implementation vectorised "
        f"over each pair's samples: **{res['scalar_ratio']:.1f}x** (a stronger baseline than "
        "the issue's per-pair loop, shown for honesty; the 50x target is for the loop over "
        "the engine, whose per-call cost is mostly fixed overhead).",
        "",
        "| | batched `engagement_windows` | per-pair loop over the engine (one pair per call) "
        "| direct per-pair loop (numpy over one pair's samples) |",
        "|---|---|---|---|",
        f"| wall time for {m:,} pairs | **{res['median_batched_s']:.2f} s** (median of "
        f"{batched}) | **{res['loop_total_s']:.1f} s** extrapolated "
        f"({res['loop_per_pair_s'] * 1e3:.3f} ms per pair) | **{res['scalar_total_s']:.1f} s** "
        f"extrapolated ({res['scalar_per_pair_s'] * 1e3:.3f} ms per pair) |",
        f"| pairs per second | {res['pairs_per_s']:,.0f} | {1 / res['loop_per_pair_s']:,.0f} "
        f"| {1 / res['scalar_per_pair_s']:,.0f} |",
        f"| batched speed-up | | **{res['loop_ratio']:.1f}x** | **{res['scalar_ratio']:.1f}x** |",
        f"| identical to the batch on the {res['checked']:,} sampled pairs | | "
        f"{res['agree_loop']} ({res['mismatch_loop']} mismatches; compared: flags, "
        "earliest/latest intercept, shots and shot times, binding constraint) "
        f"| {res['agree_scalar']} ({res['mismatch_scalar']} mismatches; compared: flags, "
        "earliest/latest intercept, shots) |",
        "",
        f"Engageable: {res['engageable']:.1%} of pairs; mean shots {res['mean_shots']:.2f} per "
        f"pair ({res['mean_shots_engageable']:.2f} per engageable pair, at most "
        f"{res['max_shots']}). Binding constraint where not engageable: {bind}.",
        "",
        f"Loop times are extrapolated to {m:,} pairs: in each of {cfg.rounds} rounds both loops "
        f"run over the same {cfg.n_loop:,} pairs drawn at random (seeded; {res['checked']:,} "
        "pairs in all), and the median over rounds of the mean time per pair is multiplied by "
        f"{m:,}. Batched times are whole calls over all pairs, median of {cfg.rounds}, "
        "interleaved with the loop rounds; the first batched call of a run also loads (or, after "
        "a code change, compiles) the numba kernel, which is why it is slower. The engine's "
        "per-pair scan is a numba loop over pairs in parallel (`prange`), so the batched call "
        "uses both cores; the loops call it with one pair at a time. Everything else runs in "
        "one process.",
        "",
        f"Setup, untimed: threats {res['setup_threats_s']:.1f} s (solving "
        f"{ti['tried']:,} aims, {ti['solved']:,} solved in {ti['iterations']} iterations: "
        f"{ti['solve_s']:.1f} s; re-flying with `record=True`: {ti['fly_s']:.1f} s; sampling: "
        f"{ti['sample_s']:.2f} s); fly-out fan built with `use_cache=False` "
        f"{res['fan_build_s']:.1f} s, loaded from the cache {res['fan_cached_s'] * 1e3:.0f} ms.",
        "",
        "### Machine",
        "",
        *[f"- {k}: {v}" for k, v in info.items()],
    ]
    return "\n".join(lines) + "\n"
