"""Project exceptions.

Every mistake a user can make (a bad file, an impossible geometry, an unreachable aim) raises a
subclass of :class:`AshoreError` whose message says what was wrong and how to fix it. The CLI
prints the message on one line and exits with status 2.
"""


class AshoreError(Exception):
    """Base class for user-facing errors: the message is shown as is, on one line."""


class InputError(AshoreError):
    """A value, flag or file is malformed or out of range."""


class CatalogError(AshoreError):
    """An unknown catalog entry, or a user definition that is incomplete or inconsistent."""


class UnreachableError(AshoreError):
    """The requested flight cannot be achieved by the vehicle (e.g. aim beyond maximum range)."""
