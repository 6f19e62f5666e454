"""Read and write events and entities as JSON Lines (DESIGN.md's format).

A bad line raises :class:`graph.errors.InputError` naming the file, the line number and
the field; with ``on_error`` the bad line is reported and skipped instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from pydantic import BaseModel, ValidationError

from diplograph.errors import InputError
from diplograph.graph.model import Entity, Event

__all__ = ["iter_records", "read_events", "read_entities", "write_jsonl", "records_to_jsonl"]

M = TypeVar("M", bound=BaseModel)
ErrorHandler = Callable[[InputError], None]


def _first_problem(err: ValidationError) -> tuple[str | None, str]:
    first = err.errors()[0]
    loc = ".".join(str(p) for p in first.get("loc", ()) if p != "__root__") or None
    msg = first.get("msg", "invalid")
    if first.get("type") == "extra_forbidden":
        msg = "unknown field (allowed: see DESIGN.md 'Event records on disk')"
    return loc, msg


def iter_records(
    path: str | Path, model: type[M], on_error: ErrorHandler | None = None
) -> Iterator[M]:
    """Yield ``model`` records from a JSON Lines file, one per non-blank line."""
    path = Path(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError(path, f"cannot open: {exc.strerror or exc}") from None
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield _parse_line(path, lineno, raw, model)
            except InputError as err:
                if on_error is None:
                    raise
                on_error(err)


def _parse_line(path: Path, lineno: int, raw: bytes, model: type[M]) -> M:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 at byte {exc.start}", line=lineno,
                         hint="re-save the file as UTF-8") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON ({exc.msg} at column {exc.colno})",
                         line=lineno) from None
    if not isinstance(data, dict):
        raise InputError(path, "a line must hold one JSON object", line=lineno)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        field, msg = _first_problem(exc)
        raise InputError(path, msg, line=lineno, field=field) from None


def read_events(path: str | Path, on_error: ErrorHandler | None = None) -> list[Event]:
    return list(iter_records(path, Event, on_error))


def read_entities(path: str | Path, on_error: ErrorHandler | None = None) -> list[Entity]:
    return list(iter_records(path, Entity, on_error))


def records_to_jsonl(records: Iterable[BaseModel]) -> str:
    return "".join(
        json.dumps(r.model_dump(mode="json", exclude_defaults=False), ensure_ascii=False) + "\n"
        for r in records
    )


def write_jsonl(path: str | Path, records: Iterable[BaseModel]) -> int:
    """Write records one a line; returns the number written."""
    n = 0
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n")
            n += 1
    return n
