"""`ashore catalog`: the built-in missiles, radars and interceptors with their sources."""

from __future__ import annotations

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from ashore.cli.app import app, console, dumps
from ashore.cli.options import JsonOpt


def _fmt(value: float | None, fmt: str, scale: float = 1.0) -> str:
    return "-" if value is None else format(value / scale, fmt)


@app.command()
def catalog(
    json_out: JsonOpt = False,
) -> None:
    """List the built-in missiles, radars and interceptors with sources and evidence tiers."""
    from ashore.catalog.listing import catalog_entries

    entries = catalog_entries()
    if json_out:
        typer.echo(dumps(entries, indent=1))
        return
    missiles = entries["missiles"]
    table = Table(
        title="ashore catalog: threat missiles (notional parameters, public sources)",
        box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left",
    )
    table.add_column("name", no_wrap=True)
    for col in ("stages", "launch t", "payload kg", "burn s", "dv km/s", "range km"):
        table.add_column(col, justify="right", no_wrap=True)
    for e in missiles:
        table.add_row(
            escape(e["name"]), str(e["stages"]), _fmt(e["launch_mass_kg"], ".1f", 1e3),
            _fmt(e["payload_mass_kg"], ".0f"), _fmt(e["total_burn_time_s"], ".0f"),
            _fmt(e["ideal_delta_v_m_s"], ".2f", 1e3), _fmt(e["reported_range_km"], ".0f"),
        )
    console.print(table)
    console.print(
        "launch t: launch mass in tonnes; dv: ideal (vacuum, Tsiolkovsky) delta-v of the stack; "
        "range km: reported range", highlight=False,
    )
    console.print()
    radars = Table(title="radars (notional parameters, public sources)", box=box.SIMPLE_HEAD,
                   pad_edge=False, title_justify="left")
    radars.add_column("name", no_wrap=True)
    for col in ("GHz", "faces", "det. km @0.05 m2", "max km", "revisit s"):
        radars.add_column(col, justify="right", no_wrap=True)
    for e in entries["radars"]:
        radars.add_row(escape(e["name"]), _fmt(e["frequency_ghz"], ".1f"),
                       str(e["faces"] or "360"), _fmt(e["detection_range_km_at_0.05_m2"], ".0f"),
                       _fmt(e["max_range_km"], ".0f"), _fmt(e["revisit_s"], "g"))
    console.print(radars)
    console.print()
    icps = Table(title="interceptors (notional parameters, public sources)", box=box.SIMPLE_HEAD,
                 pad_edge=False, title_justify="left")
    icps.add_column("name", no_wrap=True)
    for col in ("kg", "dv km/s", "intercept km", "divert", "fly-out"):
        icps.add_column(col, justify="right", no_wrap=True)
    for e in entries["interceptors"]:
        icps.add_row(escape(e["name"]), _fmt(e["launch_mass_kg"], ".0f"),
                     _fmt(e["ideal_delta_v_m_s"], ".2f", 1e3),
                     f"{e['regime']} {e['min_intercept_alt_km']:g}-"
                     f"{e['max_intercept_alt_km']:g}",
                     _fmt(e["divert_delta_v_m_s"], ".0f"), _fmt(e["max_flyout_s"], ".0f"))
    console.print(icps)
    console.print("dv: ideal delta-v; intercept km: regime and altitude band; divert: kill "
                  "vehicle divert budget, m/s; fly-out: longest fly-out, s", highlight=False)
    console.print()
    console.print("[bold]sources[/] (evidence tier: published, derived or notional)")
    sources = Table.grid(padding=(0, 1))
    sources.add_column(no_wrap=True)
    sources.add_column(no_wrap=True)
    sources.add_column()
    for e in missiles + entries["radars"] + entries["interceptors"]:
        sources.add_row(f"[bold]{escape(e['name'])}[/]", "", escape(e["description"]))
        for key, prov in e["provenance"].items():
            sources.add_row(f"  {escape(key)}", escape(prov["tier"]), escape(prov["source"]))
    console.print(sources, highlight=False)
