"""The ``ashore`` command: every command module registers itself on the one command group
(:mod:`ashore.cli.app`); importing them here, in the order ``ashore --help`` lists them,
builds the command line."""

from __future__ import annotations

import importlib

from ashore.cli.app import app

COMMANDS = ("trajectory", "catalog", "horizon", "detect", "flyout", "engage", "booster",
            "coverage", "site_select", "report", "demo")
"""Command modules ``ashore.cli.<name>_cmd``."""

for _name in COMMANDS:
    importlib.import_module(f"ashore.cli.{_name}_cmd")

__all__ = ["app", "main"]


def main() -> None:  # pragma: no cover - entry point wrapper (errors handled by the group)
    app()
