"""Turn pydantic validation errors and YAML problems into one clear line for the user."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ashore.errors import InputError

M = TypeVar("M", bound=BaseModel)


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def one_line(err: ValidationError, what: str) -> str:
    """Summarise the first problem of a pydantic error as '<what>: <where> <problem>'."""
    first = err.errors()[0]
    where = _loc(tuple(first["loc"]))
    kind = first["type"]
    if kind == "missing":
        return f"{what}: missing key '{where}'; add it (see docs for the file format)"
    if kind == "extra_forbidden":
        return f"{what}: unknown key '{where}'; check its spelling"
    more = f" (and {len(err.errors()) - 1} more problem(s))" if len(err.errors()) > 1 else ""
    return f"{what}: '{where}' {first['msg']}{more}"


def read_yaml(path: str | Path, what: str) -> Any:
    """Read a YAML file, raising InputError with one line on any problem."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} '{p}' does not exist or is not a file")
    try:
        return yaml.safe_load(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{what} '{p}' is not valid YAML{where}") from None


def parse_model(model: type[M], data: Any, what: str) -> M:
    """Validate ``data`` against ``model``; one-line InputError on failure."""
    if not isinstance(data, dict):
        raise InputError(f"{what}: expected a mapping of keys to values at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(one_line(exc, what)) from None
