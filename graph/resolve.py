"""Resolution: the reports of one real-world event become one meeting, and every
spelling of a person one canonical name.

The same event reported by several articles becomes one :class:`MergedEvent` with one
:class:`Report` per article (:func:`merge_reports`), so nothing is counted twice.

Examples
--------
Two articles report Lavrov's trip, one to the day and one to the month, one in the German
spelling: one event, two reports, the more precise date.

>>> from diplograph.graph.model import Event
>>> a = Event(article="a.txt", type="visit", date="2023-10-18", visitor_state="RU",
...           host_state="KP", participants=["Sergei Lavrov"])
>>> b = Event(article="b.txt", type="visit", date="2023-10", visitor_state="RU",
...           host_state="KP", participants=["Sergej Lawrow"])
>>> [(m.event.date, [r.article for r in m.reports]) for m in merge_reports([b, a])]
[('2023-10-18', ['a.txt', 'b.txt'])]
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Iterable

from diplograph.graph.event_types import event_type
from diplograph.graph.model import Entity, Event, person_id
from diplograph.graph.names import fold, transliterate

__all__ = ["Report", "MergedEvent", "NameResolver", "dates_compatible", "merge_reports", "place_state",
           "report_key", "scope_keys", "universe_keys"]

MAX_PAIRED = 8  # persons of an event or meeting keyed by pairs; more: by person (scope_keys)

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}


@dataclass
class Report:
    article: str | None
    quote: str | None
    start: int | None
    end: int | None
    confidence: float | None
    key: str | None = None  # the report's :func:`report_key`
    date: str | None = None  # the report's own date (the meeting may have a finer one)

    @property
    def dated(self) -> bool:
        return self.date is not None


@dataclass
class MergedEvent:
    """One real-world event and every report of it."""

    event: Event
    persons: frozenset[str]
    reports: list[Report] = field(default_factory=list)


def report_key(e: Event) -> str:
    """The canonical text of one report: equal reports have equal keys, and
    ``Event.model_validate_json(report_key(e)) == e``. A database keeps the keys of every
    meeting's reports, so a later load can cluster stored and new reports together."""
    return json.dumps(e.model_dump(mode="json", exclude_defaults=True), sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"))


def universe_keys(e: Event, resolve: "NameResolver") -> set[tuple]:
    """Keys of the stored meetings :func:`merge_reports` may compare ``e`` with, or whose
    meeting ids may collide with its meeting's (see :func:`scope_keys`)."""
    return scope_keys(e.type, e.visitor_state, e.host_state, {resolve(p) for p in e.participants},
                      e.date or "")


def scope_keys(etype: str, visitor: str | None, host: str | None, names: set[str], date: str) -> set[tuple]:
    """The keys of a report, or of a whole meeting (``names``: all its persons), at one
    date (``""``: undated). A stored meeting has a key when its own persons, states and
    type fit it and a date of its reports is compatible with the key's (one a prefix of
    the other, or either undated); ``n`` keys want the same date.

    - ``("v", visitor, host, person id, date)`` per person of a directed event (person id
      ``""`` when it names nobody): a visit joins a cluster of the same states that
      shares a person;
    - ``("p2", type, person id, person id, date)`` per pair of persons of an undirected
      event: a meeting joins a cluster sharing two persons;
    - ``("p1", type, person id, date)`` for one person alone: it joins only a cluster of
      that person alone;
    - ``("p", type, person id, date)`` per person when two of its names share an id, or
      when it has more than :data:`MAX_PAIRED` persons (wider: every meeting of the
      person; pairs of a summit's hundred persons would be thousands of keys);
    - ``("n", type, date)`` for an undirected event without names.

    Why this is enough (see :func:`merge_reports`): reports taken in canonical order join
    the first cluster they fit, so a set of reports W clusters alone exactly as within a
    larger set if no other cluster has a key of W's clusters (their persons all
    together, at their least precise report date, and undated if a report is). Two
    reports that fit share a key; ids collide only between clusters of one date
    sharing their first persons (or, unnamed, their states or type). A load therefore
    reads back the stored meetings its keys reach, then those its built clusters reach,
    until none is new (:func:`loaders.neo4j.store.plan_load`).

    Examples
    --------
    >>> sorted(scope_keys("meeting", None, None, {"Kim Jong Un", "Vladimir Putin"}, "2024-06"))
    [('p2', 'meeting', 'person:kim-jong-un', 'person:vladimir-putin', '2024-06')]
    >>> sorted(scope_keys("visit", "RU", "KP", {"Sergei Lavrov"}, ""))
    [('v', 'RU', 'KP', 'person:sergei-lavrov', '')]
    """
    pids = sorted({person_id(n) for n in names})
    if event_type(etype).directed:
        return {("v", visitor, host, pid, date) for pid in pids or [""]}
    if not pids:
        return {("n", etype, date)}
    if len(pids) < len(names) or len(pids) > MAX_PAIRED:
        return {("p", etype, pid, date) for pid in pids}
    if len(pids) == 1:
        return {("p1", etype, pids[0], date)}
    return {("p2", etype, a, b, date) for a, b in itertools.combinations(pids, 2)}


def _prefixes(date: str) -> list[str]:
    """``2024``, ``2024-06``, ``2024-06-01``: every prefix of a partial date that is one."""
    return [date[:n] for n in (4, 7, 10) if n <= len(date)]


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Both dated and every component both give is equal (``2023`` ~ ``2023-09-13``)."""
    if not a or not b:
        return False
    return a.startswith(b) or b.startswith(a)



class NameResolver:
    """Maps any spelling of a person onto its canonical name (entities first)."""

    def __init__(self, entities: Iterable[Entity]):
        self.canon: dict[str, Entity] = {}
        for e in entities:
            for n in (e.name, *e.aliases):
                self.canon.setdefault(fold(n), e)

        self.seen: dict[str, str] = {}
        self._given: set[str] = set()

    def offer(self, names: Iterable[str]) -> None:
        """Choose, before they are resolved, one spelling per folded name: the one that
        needs no German-to-English rewriting ("Sergei Lavrov" over "Sergej Lawrow"), then
        the alphabetically first, so the canonical name does not depend on input order."""
        for name in names:
            key, cand = fold(name), name.strip()
            if not key or key in self.canon or key in self._given:
                continue
            cur = self.seen.get(key)
            if cur is None or _spelling_rank(cand) < _spelling_rank(cur):
                self.seen[key] = cand

    def __call__(self, name: str) -> str:
        key = fold(name)
        e = self.canon.get(key)
        if e:
            return e.name
        self._given.add(key)
        return self.seen.setdefault(key, name.strip())

    def entity(self, name: str) -> Entity | None:
        return self.canon.get(fold(name))


def _spelling_rank(name: str) -> tuple:
    plain = " ".join(transliterate(name).lower().replace("-", " ").split())
    return (plain != fold(name), name.isupper(), name)


def place_state(gaz, name):
    p = gaz.place(name) if (gaz and name) else None
    return p["state"] if p else None


def _places_compatible(gaz, a, b) -> bool:
    if not a or not b or fold(a) == fold(b):
        return True
    sa, sb = place_state(gaz, a), place_state(gaz, b)
    return sa is not None and sa == sb


_PLACE_RANK = {"site": 0, "city": 1, "region": 2}


def _finer_place(gaz, a, b):
    """The more specific of two compatible places (a site beats a city beats a region)."""
    if not a or not b:
        return a or b
    rank = lambda n: _PLACE_RANK.get(((gaz.place(n) if gaz else None) or {}).get("kind"), 3)  # noqa: E731
    return b if rank(b) < rank(a) else a


def _same_event(gaz, m: MergedEvent, e: Event, persons: frozenset, article: str | None) -> bool:
    c = m.event
    if c.type != e.type or c.status != e.status:
        return False
    directed = event_type(e.type).directed
    if directed and (c.visitor_state, c.host_state) != (e.visitor_state, e.host_state):
        return False
    if not _places_compatible(gaz, c.place, e.place):
        return False
    if not directed:
        return len(persons & m.persons) >= 2 or (persons == m.persons and len(persons) > 0)
    if persons or m.persons:
        return bool(persons & m.persons)
    # two unnamed delegations are one only if reported alike by different articles, or
    # when the database already holds one with the same date and sector
    if c.date != e.date or c.sector != e.sector:
        return False
    arts = {r.article for r in m.reports}
    return article not in arts and bool(e.place)


def merge_reports(events: Iterable[Event], entities: Iterable[Entity] = (), gazetteer=None,
                  resolver: "NameResolver | None" = None):
    """Cluster per-article events into real-world events. ``events``: an iterable, or a
    dict of events by their :func:`report_key` (then each must be its value's key).

    The result depends only on the set of reports, never on their order: equal reports
    count once, and reports are taken in a canonical order (most precise date first, then
    article, then :func:`report_key`). An event joins the first cluster it is compatible
    with (same type, status, states, overlapping persons, compatible place and date). An
    undated report joins only when exactly one cluster fits. A database load clusters the
    new reports together with the stored reports of every meeting they could touch (see
    :func:`universe_keys`), so loading in parts, in any order or twice gives the graph of
    loading everything at once.
    """
    resolve = resolver if resolver is not None else NameResolver(entities)
    # events given as {report_key: event} (as a load that keyed them already does)
    keyed: dict[str, Event] = events if isinstance(events, dict) else {}
    events = list(keyed.values()) if keyed else list(events)
    resolve.offer(p for e in events for p in e.participants)
    merged: list[MergedEvent] = []
    merged_index: dict[int, int] = {}
    # blocking: an event is only compared with clusters it could join: sharing a person
    # (and, directed, the states), or unnamed alike, and of a compatible date. Each
    # cluster is filed under every block of its persons, once without a date (for
    # undated reports), under its exact date and under every prefix of it; a report of
    # date d looks in the "starts with d" bucket and the exact buckets of d's prefixes.
    # This keeps merging near-linear however many events a state pair or a person has.
    blocks: dict[tuple, list[MergedEvent]] = {}

    def block_keys(e: Event, persons) -> list[tuple]:
        if event_type(e.type).directed:
            head = (e.type, e.status, e.visitor_state, e.host_state)
        else:
            head = (e.type, e.status)
        return [head + (p,) for p in sorted(persons)] or [head + (None,)]

    def file(m: MergedEvent, keys: list[tuple]) -> None:
        date = m.event.date
        tags = [()] + ([("=", date)] + [("^", p) for p in _prefixes(date)] if date else [])
        for k in keys:
            for t in tags:
                blocks.setdefault(k + t, []).append(m)

    def look(e: Event, keys: list[tuple]) -> list[tuple]:
        if not e.date:
            return keys
        tags = [("^", e.date)] + [("=", p) for p in _prefixes(e.date) if p != e.date]
        return [k + t for k in keys for t in tags]

    if not keyed:
        for e in events:
            keyed.setdefault(report_key(e), e)
    order = sorted(keyed.items(),
                   key=lambda ke: (_PRECISION_RANK[ke[1].date_precision], ke[1].article or "", ke[0]))
    for rkey, e in order:
        persons = frozenset(resolve(p) for p in e.participants)
        seen_ids: set[int] = set()
        candidates = []
        for k in look(e, block_keys(e, persons)):
            for m in blocks.get(k, ()):
                if id(m) not in seen_ids:
                    seen_ids.add(id(m))
                    candidates.append(m)
        candidates.sort(key=lambda m: merged_index[id(m)])
        fits = [m for m in candidates if _same_event(gazetteer, m, e, persons, e.article)]
        if e.date:
            fits = [m for m in fits if dates_compatible(m.event.date, e.date)]
            target = fits[0] if fits else None
        else:
            target = fits[0] if len(fits) == 1 else None
        if target is None:
            canon = e.model_copy(update={
                "participants": [resolve(p) for p in e.participants],
                "participant_states": {resolve(k): v for k, v in e.participant_states.items()}})
            target = MergedEvent(canon, persons)
            merged_index[id(target)] = len(merged)
            merged.append(target)
            file(target, block_keys(target.event, persons))
        else:
            new_persons = persons - target.persons
            target.persons = target.persons | persons
            if new_persons:  # reachable from its new persons' blocks too
                file(target, block_keys(target.event, new_persons))
            c = target.event
            for p in e.participants:
                rp = resolve(p)
                if rp not in c.participants:
                    c.participants.append(rp)
                if p in e.participant_states:
                    c.participant_states.setdefault(rp, e.participant_states[p])
            c.place = _finer_place(gazetteer, c.place, e.place)
            if e.date and c.date and len(e.date) > len(c.date):
                c.date = e.date  # (never in canonical order: finer reports come first)
                file(target, block_keys(c, target.persons))
            c.sector = c.sector or e.sector
        ev = e.evidence
        target.reports.append(
            Report(e.article, ev.text if ev else None, ev.start if ev else None,
                   ev.end if ev else None, e.confidence, rkey, e.date)
        )
    return merged


