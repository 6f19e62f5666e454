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

__all__ = ["iter_records", "read_events", "read_entities", "write_jsonl"]

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
    path: str | Path, model: type[M], on_error: ErrorHandler | None = None, numbered: bool = False
) -> Iterator[M]:
    """Yield ``model`` records from a JSON Lines file, one per non-blank line
    (``(line number, record)`` with ``numbered``)."""
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
                rec = _parse_line(path, lineno, raw, model)
            except InputError as err:
                if on_error is None:
                    raise
                on_error(err)
                continue
            yield (lineno, rec) if numbered else rec


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


def read_events(path: str | Path, on_error: ErrorHandler | None = None,
                on_warning: ErrorHandler | None = None) -> list[Event]:
    """Events of a JSON Lines file. Each read event is also checked for what the model
    lets through but is most likely wrong (:func:`event_problems`): those go, as
    :class:`InputError` with file:line, to ``on_warning`` (default ``on_error``; without
    either, Python's ``warnings``) and the event is kept."""
    import warnings

    def report(err: InputError) -> None:
        handler = on_warning or on_error
        if handler is None:
            warnings.warn(str(err), InputWarning, stacklevel=3)
        else:
            handler(err)

    path = Path(path)
    out = []
    for lineno, e in iter_records(path, Event, on_error, numbered=True):
        for field, msg in event_problems(e):
            report(InputError(path, msg, line=lineno, field=field))
        out.append(e)
    return out


class InputWarning(UserWarning):
    """An input line that was read but looks wrong."""


def known_state(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code (pycountry) or a state the gazetteer knows (e.g. XK)."""
    import pycountry

    from diplograph.loaders.gazetteer import load_gazetteer

    if pycountry.countries.get(alpha_2=code) is not None:
        return True
    return code in load_gazetteer().states


def event_problems(e: Event, today: str | None = None) -> list[tuple[str | None, str]]:
    """(field, message) for what an event's model accepts but is most likely wrong:
    visitor and host the same state, a state code no list knows, a happened event
    dated after today, a name in participant_states that is not a participant."""
    import datetime

    out = []
    if e.type == "visit" and e.visitor_state and e.visitor_state == e.host_state:
        out.append(("host_state", f"visitor and host are the same state {e.visitor_state!r}"))
    for field, code in (("visitor_state", e.visitor_state), ("host_state", e.host_state)):
        if code and not known_state(code):
            out.append((field, f"unknown state code {code!r} (not ISO 3166-1 alpha-2)"))
    for name, code in e.participant_states.items():
        if code and not known_state(code):
            out.append(("participant_states", f"unknown state code {code!r} of {name!r}"))
        if name not in e.participants:
            out.append(("participant_states", f"{name!r} is not among the participants"))
    today = today or datetime.date.today().isoformat()
    if e.status == "happened" and e.date:
        first_day = e.date + "-01-01"[len(e.date) - 4:]  # the earliest day the date allows
        if first_day > today:
            out.append(("date", f"a happened event dated {e.date}, after today ({today})"))
    return out


def read_entities(path: str | Path, on_error: ErrorHandler | None = None) -> list[Entity]:
    return list(iter_records(path, Entity, on_error))



def write_jsonl(path: str | Path, records: Iterable[BaseModel]) -> int:
    """Write records one a line; returns the number written."""
    from diplograph.loaders.atomic import atomic_open

    n = 0
    with atomic_open(path) as fh:  # the old file or the new one, never half of one
        for r in records:
            fh.write(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n")
            n += 1
    return n
