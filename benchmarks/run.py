"""Run the benchmarks and write their figures to BENCHMARKS.md (``make bench``).

Each benchmark owns one section of BENCHMARKS.md, delimited by ``<!-- bench:NAME -->`` and
``<!-- /bench:NAME -->``; a run replaces its own sections and leaves the others alone.

    .venv/bin/python benchmarks/run.py            # full run, writes BENCHMARKS.md
    .venv/bin/python benchmarks/run.py --quick    # smaller run, prints only
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import scipy

import bench_coverage
import bench_engagement
import bench_horizon
import bench_timelines
import bench_trajectories

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "BENCHMARKS.md"

# name -> module with NAME, TITLE, FULL, QUICK, run(cfg, log), summary(result),
# markdown(result, machine, date)
BENCHMARKS = {m.NAME: m for m in (bench_trajectories, bench_timelines, bench_horizon,
                                   bench_engagement, bench_coverage)}

HEADER = """# Benchmarks

Figures written by `benchmarks/run.py`. Reproduce with `make bench` (about 3 minutes of CPU
time on 2 cores; longer in wall time when the machine is shared);
`.venv/bin/python benchmarks/run.py --quick` is a smaller smoke run (about a minute) that
prints its figures without touching this file. Each benchmark below owns one section, which a
run replaces in place; each section states its machine, versions and method, and every ratio is
against a peer measured in the same run.
"""

THREAD_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    digest = hashlib.sha256()
    for f in sorted((ROOT / "src").rglob("*.py")):
        digest.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    import ashore

    info = {
        "CPU": f"{cpu} ({os.cpu_count()} logical CPUs, {usable} usable; `nproc`)",
        "OS": f"{platform.system()} {platform.release()} {platform.machine()}",
        "Python": platform.python_version(),
        "NumPy / SciPy": f"{np.__version__} / {scipy.__version__}",
        "ashore": f"{ashore.__version__}, commit {commit}; SHA-256 of src/**/*.py (includes "
        f"uncommitted changes): {digest.hexdigest()[:16]}",
        "load average at start (1, 5, 15 min)": load,
    }
    env = [f"{v}={os.environ[v]}" for v in THREAD_VARS if v in os.environ]
    info["thread environment"] = ", ".join(env) if env else "none of " + ", ".join(THREAD_VARS)
    return info


def replace_section(text: str, name: str, title: str, body: str) -> str:
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n## {title}\n\n{body.rstrip()}\n{end}"
    if not text.strip():
        text = HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text, count=1)
    return text.rstrip() + "\n\n" + block + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller run; print, do not write")
    ap.add_argument("--write", action="store_true", help="write BENCHMARKS.md even with --quick")
    ap.add_argument("--only", choices=sorted(BENCHMARKS), action="append",
                    help="run only these benchmarks")
    ap.add_argument("--workers", type=int, default=2,
                    help="processes for the untimed reference runs (timed parts are serial)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    info = machine()
    print("machine:")
    for k, v in info.items():
        print(f"  {k}: {v}")
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    write = args.write or not args.quick
    for name in args.only or sorted(BENCHMARKS):
        mod = BENCHMARKS[name]
        cfg = mod.QUICK if args.quick else mod.FULL
        cfg = type(cfg)(**{**cfg.__dict__, "workers": args.workers})
        print(f"\n[{name}] {mod.TITLE}{' (quick)' if args.quick else ''}")
        t0 = time.perf_counter()
        result = mod.run(cfg, log=lambda s: print(s, flush=True))
        print(f"[{name}] done in {time.perf_counter() - t0:.0f} s")
        for line in mod.summary(result):
            print("  " + line)
        if write:
            body = mod.markdown(result, info, date)
            if args.quick:
                body = "**Quick run (`--quick`): smaller sample, not the reference figures.**\n\n" \
                    + body
            old = args.out.read_text() if args.out.exists() else ""
            args.out.write_text(replace_section(old, name, mod.TITLE, body))
            print(f"[{name}] wrote section to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
