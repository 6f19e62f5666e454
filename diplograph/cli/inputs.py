"""Options that mean the same in every command that reads facts: the inputs (PATHS,
``--curated``, ``--from-neo4j``) and the time window (``--from``/``--to``)."""

from __future__ import annotations

import functools
from pathlib import Path

import click

__all__ = ["input_options", "window_options", "neo4j_renamed"]


def _partial_date(ctx, param, value):
    if value is None:
        return None
    from diplograph.graph.model import check_partial_date

    try:
        return check_partial_date(value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc}; e.g. 2024, 2024-01 or 2024-01-15") from None


def window_options(f):
    """``--from``/``--to``: ISO partial dates; only meetings wholly inside count."""
    @click.option("--from", "start", callback=_partial_date, metavar="DATE",
                  help="First day of the window (2024, 2024-01 or 2024-01-15).")
    @click.option("--to", "end", callback=_partial_date, metavar="DATE",
                  help="Last day of the window (2024-06 means up to 30 June); meetings "
                       "dated more coarsely than the window reaches are left out.")
    @functools.wraps(f)
    def wrapper(*args, start, end, **kw):
        if start and end:
            from diplograph.graph.analytics.timeline import check_window

            try:
                check_window(start, end)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="--from/--to") from None
        return f(*args, start=start, end=end, **kw)
    return wrapper


def input_options(f):
    """PATHS (articles, or folders a build/extract wrote), ``--curated`` and
    ``--from-neo4j``: the same inputs for build, metrics and view."""
    @click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
    @click.option("--curated", "curated", multiple=True, type=click.Path(path_type=Path),
                  help="Curated facts (folder or .jsonl, repeatable); they win over PATHS. "
                       "Default: the shipped data/curated when no PATHS are given.")
    @click.option("--from-neo4j", "from_neo4j", is_flag=True,
                  help="Read the graph from Neo4j instead of files (connection options below).")
    @functools.wraps(f)
    def wrapper(*args, **kw):
        return f(*args, **kw)
    return wrapper


def neo4j_renamed(new: str):
    """The old ``--neo4j`` flag, hidden: it meant "load into" on build and "read from"
    elsewhere; now it only says which option to use."""
    def fail(ctx, param, value):
        if value:
            raise click.UsageError(f"--neo4j is ambiguous and was renamed: use {new}")
        return value

    return click.option("--neo4j", "old_neo4j", is_flag=True, hidden=True, expose_value=False,
                        callback=fail)
