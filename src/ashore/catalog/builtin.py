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


def find(name: str, items: dict[str, T], kind: str, file_param: str) -> T:
    """The item called ``name`` (case-insensitive), or an InputError listing the built-ins."""
    for key, item in items.items():
        if key.lower() == name.strip().lower():
            return item
    raise InputError(f"unknown {kind} '{name}'; built-in {kind}s are: {', '.join(items)} "
                     f"(or give `{file_param}`, a file)")


def resolve(name: str | None, path: str | Path | None, items: Callable[[], dict[str, T]],
            load_file: Callable[[str | Path], T], kind: str, hint: str = "") -> T:
    """The item named (``name``) or read from a file (``path``), not both; errors name the
    arguments ``KIND`` and ``KIND_file``."""
    if name and path:
        raise InputError(f"give either `{kind}` (a name) or `{kind}_file` (a file), not both",
                         parameter=kind)
    if path:
        return load_file(path)
    if name:
        return find(name, items(), kind, f"{kind}_file")
    raise InputError(f"name a {kind} with `{kind}` ({', '.join(items())}) "
                     f"or give `{kind}_file`, a file{hint}", parameter=kind)
