"""One root exception with specific subclasses; every message says what, where and how to fix."""

from __future__ import annotations

__all__ = [
    "DiplographError",
    "InputError",
    "Neo4jError",
    "Neo4jUnavailable",
    "Neo4jAuthError",
    "QueryError",
    "ServerError",
]


class DiplographError(Exception):
    """Root of every error diplograph raises on purpose."""


class InputError(DiplographError):
    """A file (or one line of it) could not be read or did not validate.

    ``path``, ``line`` and ``field`` say where; ``hint`` says what to do.
    """

    def __init__(self, path, message, line=None, field=None, hint=None):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        self.hint = hint
        # a name with a newline or other control character is quoted: it cannot forge a line
        shown = self.path if self.path.isprintable() else repr(self.path)
        where = shown if line is None else f"{shown}:{line}"
        text = f"{where}: "
        if field:
            text += f"field '{field}': "
        text += message
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class Neo4jError(DiplographError):
    """A problem talking to Neo4j."""


class Neo4jUnavailable(Neo4jError):
    """The server at the URI does not answer."""


class Neo4jAuthError(Neo4jError):
    """The server refused the user name or password."""


class QueryError(DiplographError):
    """A library query is unknown, lacks a parameter, or would write without --write."""


class ServerError(DiplographError):
    """The local Neo4j server could not be fetched, started or stopped."""
