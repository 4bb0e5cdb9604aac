"""Generate ``src/ashore/data/ussa76_table.csv``: the U.S. Standard Atmosphere 1976 above 86 km.

One-off, offline tool; NOT a runtime dependency of ashore. Run it with an interpreter that has the
``ussa1976`` PyPI package (version 0.3.4 was used) plus numpy, scipy and xarray::

    /tmp/probe/bin/python tools/make_ussa76_table.py            # writes the table
    /tmp/probe/bin/python tools/make_ussa76_table.py --check    # compare only, write nothing
    /tmp/probe/bin/python tools/make_ussa76_table.py --check --unpatched

What it does
------------
Above 86 km the Standard (NOAA-S/T 76-1562, NASA-TM-X-74335, 1976, Part 1) defines the
atmosphere through the number densities of N2, O, O2, Ar, He and H, found by integrating its
diffusion equations (eqs. 36-40). ashore does not re-implement those integrals: this script
asks ``ussa1976`` for kinetic temperature, total number density and the species densities on
a uniform 0.5 km grid from 86 to 1000 km, and writes one row per altitude with

    alt_m, temperature_k, pressure_pa, density_kg_m3, mean_molar_mass_kg_mol

with P = N k T, rho = sum(n_i M_i) / N_A and the mean molar mass M = rho N_A / N, as the
package computes them.

A correction to ussa1976 0.3.4 (please read)
-------------------------------------------
Unmodified, ussa1976 0.3.4 returns atomic-oxygen number densities about 7 % too high above
~120 km, so total density is too high by up to 6.7 % (at 400-500 km) against the published
Table I (run with ``--check --unpatched`` to see it). The cause is one line: for atomic oxygen
below 115 km the package evaluates the eddy-mixing term M K / D_i of the Standard's eq. (36)
with the molar mass of N2 (28.0134 g/mol) instead of the mean molecular weight M, which the
Standard sets to M0 = 28.9644 g/mol below 100 km (it does use that M for O2, Ar and He). This
script replaces that one function, ``ussa1976.core.thermal_diffusion_term_atomic_oxygen``, by
the same expression with the package's own ``compute_mean_molar_mass_high_altitude`` (M0 below
100 km, M(N2) from 100 to 115 km). Nothing else is changed; with the correction, temperature,
pressure and density agree with Table I to within 0.12 % from 86 to 1000 km, which the script
checks before writing (it refuses to write a table that is more than 0.5 % off).

The 86 km row is computed with the package's high-altitude model (the diffusion model's
starting point), not with its low-altitude branch; ashore joins its own analytic 0-86 km model
to this row.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import ussa1976
import ussa1976.core as core

OUT = Path(__file__).resolve().parents[1] / "src" / "ashore" / "data" / "ussa76_table.csv"

STEP_M = 500.0
Z_BOTTOM_M = 86_000.0
Z_TOP_M = 1_000_000.0

# U.S. Standard Atmosphere 1976, Table I (geometric altitude): kinetic temperature [K],
# pressure [Pa] (the Standard prints millibars; converted x100 here), density [kg/m^3].
PUBLISHED_TABLE_I = {
    86: (186.87, 3.7338e-1, 6.958e-6),
    90: (186.87, 1.8359e-1, 3.416e-6),
    95: (188.42, 7.5966e-2, 1.393e-6),
    100: (195.08, 3.2011e-2, 5.604e-7),
    110: (240.00, 7.1042e-3, 9.708e-8),
    120: (360.00, 2.5382e-3, 2.222e-8),
    130: (469.27, 1.2505e-3, 8.152e-9),
    140: (559.63, 7.2028e-4, 3.831e-9),
    150: (634.39, 4.5422e-4, 2.076e-9),
    160: (696.29, 3.0359e-4, 1.233e-9),
    200: (854.56, 8.4736e-5, 2.541e-10),
    250: (941.33, 2.4767e-5, 6.073e-11),
    300: (976.01, 8.7704e-6, 1.916e-11),
    400: (995.83, 1.4518e-6, 2.803e-12),
    500: (999.24, 3.0236e-7, 5.215e-13),
    600: (999.85, 8.2130e-8, 1.137e-13),
    700: (999.97, 3.1908e-8, 3.070e-14),
    800: (999.99, 1.7036e-8, 1.136e-14),
    900: (1000.00, 1.0873e-8, 5.759e-15),
    1000: (1000.00, 7.5138e-9, 3.561e-15),
}
MAX_REL_DEVIATION = 5e-3  # refuse to write a table further than this from Table I
MAX_TEMP_DEVIATION_K = 0.5


def _oxygen_term_with_mean_molar_mass(z_grid, g, t, dt_dz, d, k):
    """ussa1976's oxygen term of eq. (36), with M = mean molar mass (M0 below 100 km)."""
    below, above = z_grid < 115e3, z_grid >= 115e3
    m = core.compute_mean_molar_mass_high_altitude(z_grid[below])
    x1 = core.f_below_115_km(
        g=g[below], t=t[below], dt_dz=dt_dz[below], m=m,
        mi=core.M["O"], alpha=core.ALPHA["O"], d=d, k=k,
    )  # fmt: skip
    x2 = core.f_above_115_km(
        g=g[above], t=t[above], dt_dz=dt_dz[above], mi=core.M["O"], alpha=core.ALPHA["O"]
    )
    return np.concatenate((x1, x2))


def compute(z_m: np.ndarray) -> dict[str, np.ndarray]:
    """Temperature, pressure, density and mean molar mass from ussa1976's high-altitude model."""
    ds = core.compute_high_altitude(core.init_data_set(z=z_m))
    t = ds["t"].values
    p = ds["p"].values
    rho = ds["rho"].values
    m = rho * core.NA / ds["n_tot"].values  # kg/mol, = rho R* T / P
    return {"t": t, "p": p, "rho": rho, "m": m}


def deviations(values: dict[str, np.ndarray], z_m: np.ndarray) -> list[tuple]:
    """(km, dT [K], dP/P, drho/rho) against Table I at each of its altitudes."""
    out = []
    for km, (t_ref, p_ref, rho_ref) in PUBLISHED_TABLE_I.items():
        j = int(np.argmin(np.abs(z_m - km * 1e3)))
        assert abs(z_m[j] - km * 1e3) < 1e-6, km
        out.append(
            (km, values["t"][j] - t_ref, values["p"][j] / p_ref - 1, values["rho"][j] / rho_ref - 1)
        )
    return out


def worst(devs: list[tuple]) -> tuple[float, float]:
    """Worst relative deviation of P or rho, and worst temperature deviation [K]."""
    rel = max(max(abs(dp), abs(drho)) for _, _, dp, drho in devs)
    return float(rel), float(max(abs(dt) for _, dt, _, _ in devs))


def write(values: dict[str, np.ndarray], z_m: np.ndarray, path: Path) -> None:
    rel, dt = worst(deviations(values, z_m))
    header = f"""\
# U.S. Standard Atmosphere, 1976, geometric altitude 86-1000 km, every {STEP_M:g} m.
# Source: NOAA-S/T 76-1562 / NASA-TM-X-74335 (U.S. Government Printing Office, Washington,
# 1976), Part 1, diffusion model (eqs. 36-40); values computed with the `ussa1976` Python
# package version {ussa1976.__version__} (https://github.com/nollety/ussa1976, Yvan Nollet),
# high-altitude model, with one correction: atomic oxygen's eddy term uses the mean molar
# mass M0 below 100 km (the package uses M(N2)); without it, density is up to 6.7 % above the
# Standard's Table I.
# Generated offline by tools/make_ussa76_table.py. Worst deviation from the Standard's Table I
# at its altitudes 86-1000 km: {rel:.3%} (pressure, density), {dt:.3f} K (temperature).
# temperature_k: kinetic temperature T; pressure_pa: P = N k T; density_kg_m3: sum(n_i M_i)/N_A;
# mean_molar_mass_kg_mol: M = rho N_A / N (28.9522e-3 at 86 km, 3.95e-3 at 1000 km).
alt_m,temperature_k,pressure_pa,density_kg_m3,mean_molar_mass_kg_mol
"""
    rows = [
        f"{z:.1f},{t:.6f},{p:.8e},{rho:.8e},{m:.8e}"
        for z, t, p, rho, m in zip(
            z_m, values["t"], values["p"], values["rho"], values["m"], strict=True
        )
    ]
    path.write_text(header + "\n".join(rows) + "\n", encoding="ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with Table I, write nothing")
    parser.add_argument("--unpatched", action="store_true", help="run ussa1976 as published")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    if ussa1976.__version__ != "0.3.4":
        print(f"warning: written for ussa1976 0.3.4, found {ussa1976.__version__}", file=sys.stderr)
    if not args.unpatched:
        core.thermal_diffusion_term_atomic_oxygen = _oxygen_term_with_mean_molar_mass

    n = round((Z_TOP_M - Z_BOTTOM_M) / STEP_M) + 1
    z_m = Z_BOTTOM_M + STEP_M * np.arange(n)
    values = compute(z_m)
    devs = deviations(values, z_m)
    print(" alt km    dT K    dP/P      drho/rho")
    for km, dt, dp, drho in devs:
        print(f"{km:7d} {dt:+7.3f} {dp:+9.4%} {drho:+9.4%}")
    rel, dt = worst(devs)
    print(f"worst deviation from Table I: {rel:.3%} (P, rho), {dt:.3f} K (T)")
    if args.check:
        return 0
    if args.unpatched or rel > MAX_REL_DEVIATION or dt > MAX_TEMP_DEVIATION_K:
        print("not writing: the table must come from the corrected model and match Table I",
              file=sys.stderr)  # fmt: skip
        return 1
    write(values, z_m, args.out)
    print(f"wrote {n} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
