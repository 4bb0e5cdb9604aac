"""Loading a folder of built-in YAML definitions and finding one by name."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

from ashore.errors import InputError

T = TypeVar("T")


def load_folder(folder: str, load_file: Callable[[Path], T]) -> dict[str, T]:
    """Every ``*.yaml`` in ``ashore/data/<folder>``, loaded with ``load_file``, by its name."""
    out: dict[str, T] = {}
    root = resources.files("ashore.data") / folder
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            with resources.as_file(entry) as p:
                item = load_file(p)
            out[item.name] = item
    return out


def find(name: str, items: dict[str, T], kind: str, file_flag: str) -> T:
    """The item called ``name`` (case-insensitive), or an InputError listing the built-ins."""
    for key, item in items.items():
        if key.lower() == name.strip().lower():
            return item
    raise InputError(f"unknown {kind} '{name}'; built-in {kind}s are: {', '.join(items)} "
                     f"(or give {file_flag} FILE)")


def resolve(name: str | None, path: str | Path | None, items: Callable[[], dict[str, T]],
            load_file: Callable[[str | Path], T], kind: str, hint: str = "") -> T:
    """What a command line names with ``--KIND NAME`` or ``--KIND-file FILE`` (not both)."""
    if name and path:
        raise InputError(f"give either --{kind} NAME or --{kind}-file FILE, not both")
    if path:
        return load_file(path)
    if name:
        return find(name, items(), kind, f"--{kind}-file")
    raise InputError(f"name a {kind} with --{kind} NAME ({', '.join(items())}) "
                     f"or --{kind}-file FILE{hint}")
