"""Turn pydantic validation errors and YAML problems into one clear line for the user."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from ashore.errors import InputError
from ashore.provenance import Tier

M = TypeVar("M", bound=BaseModel)


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _shown(value: Any) -> str | None:
    """A short rendering of an offending input value, or None when it would not help."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str) and len(value) <= 40:
        return repr(value)
    return None


def one_line(err: ValidationError, what: str) -> str:
    """Summarise the first problem of a pydantic error as '<what>: <where> <problem>'.

    A missing key next to an unknown one is most likely a misspelling, so the message names
    both (e.g. ``missing key 'stages[0].isp_s' (found unknown key 'stages[0].isp'; ...)``).
    """
    errors = err.errors()
    first = errors[0]
    where = _loc(tuple(first["loc"]))
    kind = first["type"]
    if kind == "missing":
        parent = tuple(first["loc"])[:-1]
        typo = next((e for e in errors if e["type"] == "extra_forbidden"
                     and tuple(e["loc"])[:-1] == parent), None)
        hint = (f" (found unknown key '{_loc(tuple(typo['loc']))}'; misspelt?)"
                if typo else "")
        return f"{what}: missing key '{where}'{hint}; add it (see docs for the file format)"
    if kind == "extra_forbidden":
        return f"{what}: unknown key '{where}'; check its spelling"
    shown = _shown(first.get("input"))
    got = f", got {shown}" if shown is not None else ""
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    msg = re.sub(r" or instance of \w+", "", first["msg"]).removeprefix("Value error, ")
    msg = re.sub(r"^Input should", "should", msg)
    return f"{what}: '{where}' {msg}{got}{more}"


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
    if data is None:
        raise InputError(f"{what} is empty; it needs a mapping of keys to values")
    if not isinstance(data, dict):
        raise InputError(f"{what}: expected a mapping of keys to values at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(one_line(exc, what)) from None


class StrictModel(BaseModel):
    """Base of every file schema: unknown keys, NaN and infinities are errors; immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class SourceSpec(StrictModel):
    """Where a group of numbers in a file comes from, and its evidence tier."""

    source: str
    tier: Tier


class SourcedModel(StrictModel):
    """A file schema with a ``provenance`` block keyed by its own top-level keys."""

    provenance: dict[str, SourceSpec] = {}

    @model_validator(mode="after")
    def _provenance_keys(self):
        known = set(type(self).model_fields) - {"provenance", "name", "description"}
        unknown = sorted(set(self.provenance) - known)
        if unknown:
            raise ValueError(f"provenance names unknown key(s) {', '.join(unknown)}; "
                             f"use one of {', '.join(sorted(known))}")
        return self
