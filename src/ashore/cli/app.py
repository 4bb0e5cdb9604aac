"""The ``ashore`` command group: one-line errors, exit codes, and how results are printed.

Every command module registers itself on :data:`app`; :mod:`ashore.cli.main` imports them all.
Library errors name arguments as the API spells them, in backticks (`grid_km`); this module
turns them into flags (``--grid-km``) before printing, so no layer below knows about flags.
"""

from __future__ import annotations

import json
import os
import re
import sys
from contextlib import nullcontext
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from ashore import __version__
from ashore.errors import AshoreError

os.environ.setdefault("MPLBACKEND", "Agg")  # the command line draws to files, never a window

# typer vendors click in recent versions and re-exports only some of its exceptions; find the
# base classes through the one it does re-export, whatever the version.
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

DEBUG_ENV = "ASHORE_DEBUG"
"""Set this environment variable to 1 to see the traceback of an unexpected (internal) error."""

FLAGS = {"launch": "--from", "aim": "--to", "azimuth_deg": "--azimuth", "out": "--out",
         "threat": "--from", "scenario": "SCENARIO", "site_name": "--site-name",
         "families": "--family", "layers": "--with"}
"""API argument names whose flag is not ``--`` + the name with dashes."""


def flag(parameter: str) -> str:
    """The command-line flag of an API argument (``grid_km`` -> ``--grid-km``)."""
    return FLAGS.get(parameter, "--" + parameter.replace("_", "-"))


def cli_message(message: str) -> str:
    """A library message with every `argument` replaced by its flag, on one line."""
    message = re.sub(r"`([a-z][a-z0-9_]*)`", lambda m: flag(m.group(1)), str(message))
    return " ".join(message.split())


def _print_error(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {escape(cli_message(message))}", highlight=False,
                      soft_wrap=True)


class _OneLineErrors(TyperGroup):
    """Every way the command line can fail ends in one line on stderr.

    Usage mistakes caught by the option parser (a missing --from, a word where a number
    belongs, an unknown --shape) and library errors (:class:`~ashore.errors.AshoreError`) exit
    with status 2; an unexpected internal error exits with status 1 and asks for a report
    (``ASHORE_DEBUG=1`` shows the traceback).
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _CLICK_EXCEPTION as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                # Bare `ashore`: rich has already printed the help; plain click carries it here.
                if exc.format_message().strip():
                    typer.echo(exc.format_message(), err=True)
                sys.exit(2)
            hint = ""
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                hint = f" (see '{ctx.command_path} --help')"
            _print_error(exc.format_message() + hint)
            sys.exit(2 if exc.exit_code == 2 else exc.exit_code)
        except AshoreError as exc:
            _print_error(str(exc))
            sys.exit(2)
        except Exception as exc:
            if type(exc).__name__ == "Abort":
                _print_error("aborted")
                sys.exit(1)
            if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
                raise
            _print_error(
                f"internal error ({type(exc).__name__}: {exc}); please report it with the "
                f"command you ran ({DEBUG_ENV}=1 shows the traceback)"
            )
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_OneLineErrors,
    add_completion=False,
    no_args_is_help=True,
    help="ashore: open physics-based analysis of layered ballistic-missile defence.",
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)
console = Console()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ashore {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """ashore: open physics-based analysis of layered ballistic-missile defence."""


# ---- rendering -------------------------------------------------------------------------------


def json_ready(value: Any) -> Any:
    """:func:`ashore.api._result.json_ready`, imported when first needed (``ashore --help``
    stays quick)."""
    from ashore.api._result import json_ready as ready

    return ready(value)


def dumps(value: Any, **kwargs: Any) -> str:
    return json.dumps(json_ready(value), allow_nan=False, **kwargs)


def busy(json_out: bool, message: str):
    """A spinner on stderr with ``message`` (nothing with --json); ``.update`` shows progress."""
    return nullcontext() if json_out else err_console.status(message, spinner="dots")


def progress_to(status, prefix: str):
    """A ``progress(message)`` callback updating a spinner (a no-op without one)."""
    def progress(message: str) -> None:
        if status is not None:
            status.update(f"{prefix}{message}")
    return progress


def print_result(result: dict, json_out: bool, title: str) -> None:
    """One JSON object, or a two-column table of the top-level figures."""
    if json_out:
        typer.echo(dumps(result))
        return
    table = Table(title=escape(title), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    for key, value in json_ready(result).items():
        if isinstance(value, dict):
            for sub_key, sub_value in value.items():
                if not isinstance(sub_value, list | dict):
                    table.add_row(escape(f"{key}.{sub_key}"),
                                  escape("-" if sub_value is None else str(sub_value)))
        elif key not in ("outputs", "assumptions") and not isinstance(value, list):
            table.add_row(escape(key), escape("-" if value is None else str(value)))
    console.print(table)
    print_outputs(result)


def print_outputs(result: dict) -> None:
    if result.get("outputs"):
        console.print(escape("wrote: " + ", ".join(result["outputs"])), highlight=False)


def print_assumptions(result: dict, json_out: bool) -> None:
    if json_out:
        return
    for line in result.get("assumptions", []):
        console.print(escape(f"assumption: {line}"), highlight=False)


def check_out(out) -> None:
    """Refuse an ``--out`` that is a file before any work is done."""
    if out is not None:
        from ashore.api._result import out_folder

        out_folder(out)


def with_outputs(result, out) -> dict:
    """The result's dict, plus ``outputs`` (the files it wrote) when ``out`` is given."""
    figures = result.to_dict()
    if out is not None:
        figures["outputs"] = [str(p) for p in result.write(out)]
    return figures
