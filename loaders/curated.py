"""Curated facts: analyst-written events and entities in DESIGN.md's JSON Lines format.

A curated source is a folder holding ``events.jsonl`` and optionally ``entities.jsonl``
and ``articles.jsonl`` (article metadata), or a single ``.jsonl`` file whose lines are
events (they have a ``type``) or entities.
"""

from __future__ import annotations

import json
from pathlib import Path

from diplograph.errors import InputError
from diplograph.graph.model import FactSet  # re-exported: FactSet used to live here
from diplograph.loaders.gazetteer import CURATED_DIR
from diplograph.loaders.jsonl import ErrorHandler, read_entities, read_events

__all__ = ["FactSet", "load_curated", "CURATED_DIR"]


def _first_object(path: Path) -> dict:
    """The first line that holds a JSON object: a bad first line does not decide what
    the file holds (it is reported with its number when the file is read)."""
    with open(path, "rb") as fh:
        for raw in fh:
            if raw.strip():
                try:
                    obj = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(obj, dict):
                    return obj
    return {}


def _read_articles(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(path, f"not valid JSON ({exc.msg})", line=lineno) from None
                if not isinstance(row, dict) or not isinstance(row.get("file"), str):
                    raise InputError(path, "needs a string", line=lineno, field="file")
                rows.append(row)
    return rows


def load_curated(path: str | Path = CURATED_DIR, on_error: ErrorHandler | None = None,
                 on_warning: ErrorHandler | None = None) -> FactSet:
    """Read a curated folder or file; bad lines raise (or go to ``on_error``). Lines
    that are read but look wrong (see :func:`jsonl.event_problems`) go to ``on_warning``
    (default: ``on_error``; without either, a Python warning)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file or folder", hint="give a folder with events.jsonl")
    if path.is_dir():
        facts = FactSet()
        ev, ent, art = path / "events.jsonl", path / "entities.jsonl", path / "articles.jsonl"
        if not ev.exists() and not ent.exists():
            raise InputError(path, "holds neither events.jsonl nor entities.jsonl")
        if ev.exists():
            facts.events = read_events(ev, on_error, on_warning)
        if ent.exists():
            facts.entities = read_entities(ent, on_error)
        if art.exists():
            facts.articles = _read_articles(art)
        return facts
    if "type" in _first_object(path):
        return FactSet(events=read_events(path, on_error, on_warning))
    return FactSet(entities=read_entities(path, on_error))
