"""Records to graph: events and entities become typed nodes and relationships, then a
networkx MultiDiGraph; plus the state and person projections.

The same real-world event reported by several articles becomes one Meeting with one
REPORTED_IN per article (:func:`merge_reports`), so nothing is counted twice.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass, field
from typing import Iterable

import networkx as nx

from diplograph.graph.model import (
    Article,
    Attended,
    Entity,
    Event,
    HeldIn,
    HoldsRole,
    HostedBy,
    LocatedIn,
    Meeting,
    Node,
    Organization,
    PartOf,
    Person,
    Place,
    Rel,
    ReportedIn,
    State,
    article_id,
    date_precision,
    org_id,
    person_id,
    place_id,
    slug,
    state_id,
)
from diplograph.graph.names import fold

__all__ = [
    "GraphData",
    "Report",
    "MergedEvent",
    "dates_compatible",
    "merge_reports",
    "build_records",
    "to_networkx",
    "build_graph",
    "state_projection",
    "person_projection",
]

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}


@dataclass
class GraphData:
    """Nodes by id and relationships by key; adding the same thing twice changes nothing."""

    nodes: dict[str, Node] = field(default_factory=dict)
    rels: dict[tuple, Rel] = field(default_factory=dict)
    # stored meetings whose place this build refines: their old HELD_IN is replaced
    replace_place: set[str] = field(default_factory=set)

    def add(self, item: Node | Rel) -> None:
        if isinstance(item, Rel):
            self.rels.setdefault(item.key, item)
            return
        old = self.nodes.get(item.id)
        if old is None:
            self.nodes[item.id] = item
        elif isinstance(old, Person) and isinstance(item, Person):
            old.aliases = sorted(set(old.aliases) | set(item.aliases) - {old.name})
            old.state = old.state or item.state

    def by_label(self, label: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.label == label]


@dataclass
class Report:
    article: str | None
    quote: str | None
    start: int | None
    end: int | None
    confidence: float | None


@dataclass
class MergedEvent:
    """One real-world event and every report of it."""

    event: Event
    persons: frozenset[str]
    reports: list[Report] = field(default_factory=list)
    anchor_id: str | None = None  # an id the database already holds for this event
    anchor_place: str | None = None


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Both dated and every component both give is equal (``2023`` ~ ``2023-09-13``)."""
    if not a or not b:
        return False
    return a.startswith(b) or b.startswith(a)


@functools.cache
def _defaults(cls) -> tuple:
    return tuple((name, f.default_factory, f.default)
                 for name, f in cls.model_fields.items() if not f.is_required())


def _record(cls, **values):
    """What ``cls.model_construct(**values)`` makes, in a fifth of the time: big builds
    make millions of records from events that are already validated. Tested equal to
    ``model_construct`` for every record type."""
    fields_set = set(values)
    for name, factory, default in _defaults(cls):
        if name not in values:
            values[name] = factory() if factory is not None else default
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", fields_set)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


class _Resolver:
    """Maps any spelling of a person onto its canonical name (entities first)."""

    def __init__(self, entities: Iterable[Entity]):
        self.canon: dict[str, Entity] = {}
        for e in entities:
            for n in (e.name, *e.aliases):
                self.canon.setdefault(fold(n), e)

        self.seen: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        key = fold(name)
        e = self.canon.get(key)
        return e.name if e else self.seen.setdefault(key, name.strip())

    def entity(self, name: str) -> Entity | None:
        return self.canon.get(fold(name))


def _place_state(gaz, name):
    p = gaz.place(name) if (gaz and name) else None
    return p["state"] if p else None


def _places_compatible(gaz, a, b) -> bool:
    if not a or not b or fold(a) == fold(b):
        return True
    sa, sb = _place_state(gaz, a), _place_state(gaz, b)
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
    if e.type == "visit" and (c.visitor_state, c.host_state) != (e.visitor_state, e.host_state):
        return False
    if not _places_compatible(gaz, c.place, e.place):
        return False
    if e.type == "meeting":
        return len(persons & m.persons) >= 2 or (persons == m.persons and len(persons) > 0)
    if persons or m.persons:
        return bool(persons & m.persons)
    # two unnamed delegations are one only if reported alike by different articles, or
    # when the database already holds one with the same date and sector
    if c.date != e.date or c.sector != e.sector:
        return False
    if m.anchor_id and not m.reports:
        return True
    arts = {r.article for r in m.reports}
    return article not in arts and bool(e.place)


def merge_reports(events: Iterable[Event], entities: Iterable[Entity] = (), gazetteer=None,
                  anchors: Iterable[tuple[str, Event]] = (), resolver: "_Resolver | None" = None):
    """Cluster per-article events into real-world events.

    Events are taken most precise date first; an event joins the first cluster it is
    compatible with (same type, status, states, overlapping persons, compatible place and
    date). An undated report joins only when exactly one cluster fits. ``anchors`` are
    meetings already stored (id, event): they are matched first and keep their ids, so
    loading more articles later does not duplicate what is there.
    """
    resolve = resolver if resolver is not None else _Resolver(entities)
    merged: list[MergedEvent] = []
    merged_index: dict[int, int] = {}
    # blocking: a visit is only compared with clusters of the same states, a meeting
    # with clusters sharing a person; this keeps merging near-linear on big inputs
    blocks: dict[tuple, list[MergedEvent]] = {}

    def block_keys(e: Event, persons) -> list[tuple]:
        if e.type == "visit":
            return [("visit", e.status, e.visitor_state, e.host_state)]
        return [("meeting", e.status, p) for p in sorted(persons)] or [("meeting", e.status, None)]

    def add(m: MergedEvent) -> None:
        merged.append(m)
        year = (m.event.date or "")[:4] or None
        for k in block_keys(m.event, m.persons):
            blocks.setdefault(k, []).append(m)
            blocks.setdefault(k + (year,), []).append(m)

    for aid, a in anchors:
        m = MergedEvent(a.model_copy(update={"participants": list(a.participants)}), frozenset(resolve(p) for p in a.participants),
                        anchor_id=aid, anchor_place=a.place)
        merged_index[id(m)] = len(merged)
        add(m)
    order = sorted(
        enumerate(events),
        key=lambda ie: (_PRECISION_RANK[ie[1].date_precision], ie[1].article or "", ie[0]),
    )
    for _, e in order:
        persons = frozenset(resolve(p) for p in e.participants)
        seen_ids: set[int] = set()
        candidates = []
        year = (e.date or "")[:4] or None
        for k in block_keys(e, persons):
            for m in blocks.get(k + (year,) if year else k, ()):
                if id(m) not in seen_ids:
                    seen_ids.add(id(m))
                    candidates.append(m)
        candidates.sort(key=lambda m: merged_index[id(m)] if id(m) in merged_index else 0)
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
            add(target)
        else:
            new_persons = persons - target.persons
            target.persons = target.persons | persons
            ty = (target.event.date or "")[:4] or None
            for p in sorted(new_persons):  # reachable from its new persons' blocks too
                blocks.setdefault(("meeting", target.event.status, p), []).append(target)
                blocks.setdefault(("meeting", target.event.status, p, ty), []).append(target)
            c = target.event
            for p in e.participants:
                rp = resolve(p)
                if rp not in c.participants:
                    c.participants.append(rp)
                if p in e.participant_states:
                    c.participant_states.setdefault(rp, e.participant_states[p])
            c.place = _finer_place(gazetteer, c.place, e.place)
            if e.date and c.date and len(e.date) > len(c.date):
                c.date = e.date
            c.sector = c.sector or e.sector
        ev = e.evidence
        target.reports.append(
            Report(e.article, ev.text if ev else None, ev.start if ev else None,
                   ev.end if ev else None, e.confidence)
        )
    return [m for m in merged if m.reports or not m.anchor_id]


def _meeting_id(e: Event, persons: list[str], used: set[str]) -> str:
    date = e.date or "undated"
    if e.type == "visit":
        tail = slug(persons[0]) if persons else slug(e.sector or e.place or "delegation")
        base = f"meeting:{date}-{e.visitor_state}-{e.host_state}-{tail}"
    else:
        base = f"meeting:{date}-talks-" + "-".join(slug(p) for p in sorted(persons)[:3])
    if e.status == "planned":
        base += "-planned"
    mid, n = base, 2
    while mid in used:
        mid, n = f"{base}-{n}", n + 1
    used.add(mid)
    return mid


def _meeting_mode(e: Event, person_states: dict[str, str], place_state: str | None) -> str:
    if e.kind == "call":
        return "phone"
    if e.type == "visit":
        return "visit"
    states = set(person_states.values())
    if len(states) > 2:
        return "multilateral"
    if place_state and states and place_state not in states:
        return "third-party"
    return "visit"


def _person_state(resolve: _Resolver, event: Event, name: str) -> str | None:
    ent = resolve.entity(name)
    if event.participant_states.get(name):
        return event.participant_states[name]
    return ent.state if ent else None


def _add_entities(data: GraphData, entities: Iterable[Entity], gazetteer) -> None:
    for ent in entities:
        pid = person_id(ent.name)
        aliases = sorted(set(ent.aliases) - {ent.name})
        data.add(_record(Person, id=pid, name=ent.name, aliases=aliases, state=ent.state))
        for role in ent.roles:
            target = _role_target(data, role.of or ent.state, gazetteer)
            if target:
                data.add(_record(HoldsRole, src=pid, dst=target, title=role.title,
                                 since=role.since, until=role.until))


def _add_state(data: GraphData, code: str | None, gazetteer) -> str | None:
    if not code:
        return None
    sid = state_id(code)
    if sid not in data.nodes:  # the hot path of big builds: construct once per state
        info = gazetteer.states.get(code, {}) if gazetteer else {}
        data.add(_record(State, id=sid, name=info.get("name", code), name_de=info.get("name_de")))
    return sid


def _role_target(data: GraphData, of: str | None, gazetteer) -> str | None:
    if not of:
        return None
    if len(of) == 2 and of.isupper():
        return _add_state(data, of, gazetteer)
    org = gazetteer.org(of) if gazetteer else None
    name = org["name"] if org else of
    oid = org_id(name)
    data.add(Organization(id=oid, name=name, kind=(org or {}).get("kind")))
    if org and org.get("state"):
        data.add(PartOf(src=oid, dst=_add_state(data, org["state"], gazetteer)))
    return oid


def _add_place(data: GraphData, name: str | None, fallback_state: str | None, gazetteer):
    if not name:
        return None
    info = gazetteer.place(name) if gazetteer else None
    canon = info["name"] if info else name
    pid = place_id(canon)
    if pid not in data.nodes:
        data.add(_record(Place, id=pid, name=canon, kind=(info or {}).get("kind")))
    st = (info or {}).get("state") or fallback_state
    if st:
        sid = _add_state(data, st, gazetteer)
        if ("LOCATED_IN", pid, sid) not in data.rels:
            data.add(_record(LocatedIn, src=pid, dst=sid))
    return pid


def build_records(
    events: Iterable[Event],
    entities: Iterable[Entity] = (),
    gazetteer=None,
    articles: Iterable[dict] = (),
    anchors: Iterable[tuple[str, Event]] = (),
    reserved_ids: set[str] | None = None,
    resolver: "_Resolver | None" = None,
) -> GraphData:
    """Typed nodes and relationships for events, entities and article metadata.

    ``anchors`` (meeting id, event) are meetings a database already holds; see
    :func:`merge_reports`. ``reserved_ids`` (updated in place) are meeting ids taken by
    earlier parts of a streamed load. ``resolver`` (a :class:`_Resolver` built once from
    all entities) lets a streamed load resolve names in every part while writing the
    entity nodes only with the first."""
    anchors = list(anchors)
    entities = list(entities)
    data = GraphData()
    resolve = resolver if resolver is not None else _Resolver(entities)
    _add_entities(data, entities, gazetteer)
    meta = {a["file"]: a for a in articles}
    used: set[str] = reserved_ids if reserved_ids is not None else set()
    used.update(aid for aid, _ in anchors)
    for m in merge_reports(events, entities, gazetteer, anchors, resolver=resolve):
        _add_meeting(data, m, resolve, gazetteer, meta, used)
    return data


def _add_meeting(data, m: MergedEvent, resolve, gazetteer, meta, used) -> None:
    e = m.event
    persons = list(dict.fromkeys(e.participants))
    pstates = {p: _person_state(resolve, e, p) for p in persons}
    place_st = _place_state(gazetteer, e.place) if e.place else None
    host = e.host_state if e.type == "visit" else None
    if e.type == "meeting" and place_st and place_st in set(pstates.values()):
        host = place_st
    mid = m.anchor_id or _meeting_id(e, persons, used)
    if m.anchor_id and m.anchor_place and e.place != m.anchor_place:
        data.replace_place.add(mid)
    data.add(_record(
        Meeting,
        id=mid, kind=e.kind or ("visit" if e.type == "visit" else "talks"),
        mode=_meeting_mode(e, {k: v for k, v in pstates.items() if v}, place_st),
        date=e.date, date_precision=date_precision(e.date), status=e.status, sector=e.sector,
        event_type=e.type, visitor_state=e.visitor_state if e.type == "visit" else None,
        host_state=e.host_state if e.type == "visit" else None, participants=persons,
        place=((gazetteer.place(e.place) or {}).get("name", e.place) if gazetteer else e.place),
    ))
    for p in persons:
        pid = person_id(p)
        known = data.nodes.get(pid)
        if known is None:
            data.add(_record(Person, id=pid, name=p, aliases=[], state=pstates[p]))
        elif known.state is None:  # what GraphData.add would do, without a new record
            known.state = pstates[p]
        role = "visitor" if e.type == "visit" and pstates[p] == e.visitor_state else "participant"
        if e.type == "visit" and pstates[p] == e.host_state:
            role = "host"
        data.add(_record(Attended, src=pid, dst=mid, role=role, on_behalf_of=pstates[p]))
    if e.type == "visit":
        data.add(_record(Attended, src=_add_state(data, e.visitor_state, gazetteer), dst=mid,
                          role="visitor", on_behalf_of=e.visitor_state))
        data.add(_record(Attended, src=_add_state(data, e.host_state, gazetteer), dst=mid,
                          role="host", on_behalf_of=e.host_state))
    if host:
        data.add(_record(HostedBy, src=mid, dst=_add_state(data, host, gazetteer)))
    pl = _add_place(data, e.place, e.host_state if e.type == "visit" else None, gazetteer)
    if pl:
        data.add(_record(HeldIn, src=mid, dst=pl))
    for r in m.reports:
        if not r.article:
            continue
        aid = article_id(r.article)
        if aid not in data.nodes:
            info = meta.get(r.article, {})
            data.add(_record(Article, id=aid, title=info.get("title"), published=info.get("published"),
                             language=info.get("language"), source=info.get("source") or r.article))
        data.add(_record(ReportedIn, src=mid, dst=aid, quote=r.quote, start=r.start, end=r.end,
                            confidence=r.confidence))


def to_networkx(data: GraphData) -> nx.MultiDiGraph:
    """A MultiDiGraph: node attribute ``label``, edge key and attribute ``type``."""
    G = nx.MultiDiGraph()
    for nid in sorted(data.nodes):
        node = data.nodes[nid]
        G.add_node(nid, label=node.label, **node.model_dump(exclude={"id"}))
    for key in sorted(data.rels, key=lambda k: tuple(str(x) for x in k)):
        rel = data.rels[key]
        props = rel.model_dump(exclude={"src", "dst"})
        G.add_edge(rel.src, rel.dst, key=rel.edge_key, type=rel.type, **props)
    return G


def build_graph(events, entities=(), gazetteer=None, articles=()) -> nx.MultiDiGraph:
    return to_networkx(build_records(events, entities, gazetteer, articles))


def _happened_meetings(G):
    for n, d in G.nodes(data=True):
        if d.get("label") == "Meeting" and d.get("status") == "happened":
            yield n, d


def state_projection(G: nx.MultiDiGraph) -> nx.DiGraph:
    """State -VISITED-> State with ``count``, ``first`` and ``last`` (happened visits)."""
    P = nx.DiGraph()
    for n, d in G.nodes(data=True):
        if d.get("label") == "State":
            P.add_node(n, label="State", name=d.get("name"))
    for m, d in _happened_meetings(G):
        hosts = [v for _, v, k in G.out_edges(m, keys=True) if k == "HOSTED_BY"]
        visitors = [
            u for u, _, k, a in G.in_edges(m, keys=True, data=True)
            if k == "ATTENDED" and a.get("role") == "visitor" and G.nodes[u]["label"] == "State"
        ]
        for v in visitors:
            for h in hosts:
                if v == h:
                    continue
                if not P.has_edge(v, h):
                    P.add_edge(v, h, type="VISITED", count=0, weight=0, first=None, last=None)
                e = P[v][h]
                e["count"] += 1
                e["weight"] = e["count"]
                date = d.get("date")
                if date:
                    e["first"] = min(filter(None, [e["first"], date]))
                    e["last"] = max(filter(None, [e["last"], date]))
    return P


def person_projection(G: nx.MultiDiGraph) -> nx.Graph:
    """Person -MET- Person: co-attendance of happened meetings across states, ``count``."""
    P = nx.Graph()
    for n, d in G.nodes(data=True):
        if d.get("label") == "Person":
            P.add_node(n, label="Person", name=d.get("name"), state=d.get("state"))
    for m, _ in _happened_meetings(G):
        people = sorted(
            {u for u, _, k in G.in_edges(m, keys=True)
             if k == "ATTENDED" and G.nodes[u]["label"] == "Person"}
        )
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                sa, sb = G.nodes[a].get("state"), G.nodes[b].get("state")
                if sa and sb and sa == sb:
                    continue
                c = P.get_edge_data(a, b, {}).get("count", 0) + 1
                P.add_edge(a, b, type="MET", count=c, weight=c)
    return P
