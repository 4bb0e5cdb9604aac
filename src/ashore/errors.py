"""Project exceptions.

Every mistake a user can make (a bad file, an impossible geometry, an unreachable aim) raises a
subclass of :class:`AshoreError` whose message says what was wrong and how to fix it. The CLI
prints the message on one line and exits with status 2.

Errors name values as the library spells them (``grid_km``, ``apogee_km``) and carry that name
as ``parameter``; the command line maps it to its flag (``--grid-km``), so no layer below the
CLI knows about flags.
"""

from __future__ import annotations


class AshoreError(Exception):
    """Base class for user-facing errors: the message is shown as is, on one line.

    ``parameter``: the argument (as the library names it) that was wrong, when one was.
    """

    def __init__(self, message: str = "", *, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter


class InputError(AshoreError):
    """A value, flag or file is malformed or out of range."""


class CatalogError(AshoreError):
    """An unknown catalog entry, or a user definition that is incomplete or inconsistent."""


class UnreachableError(AshoreError):
    """The requested flight cannot be achieved by the vehicle (e.g. aim beyond maximum range)."""
