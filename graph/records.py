"""Records: events and entities become typed nodes and relationships
(:class:`GraphData`), and a networkx MultiDiGraph of them.

Examples
--------
>>> from diplograph.graph.model import Event
>>> a = Event(article="a.txt", type="visit", date="2023-10-18", visitor_state="RU",
...           host_state="KP", participants=["Sergei Lavrov"])
>>> b = Event(article="b.txt", type="visit", date="2023-10", visitor_state="RU",
...           host_state="KP", participants=["Sergej Lawrow"])
>>> data = build_records([a, b])
>>> sorted(n for n in data.nodes if n.startswith(("meeting:", "person:")))
['meeting:2023-10-18-RU-KP-sergei-lavrov', 'person:sergei-lavrov']
>>> G = build_graph([a, b])
>>> sorted({d["label"] for _, d in G.nodes(data=True)})
['Article', 'Meeting', 'Person', 'State']
"""

from __future__ import annotations

import functools
import hashlib
import operator
from dataclasses import dataclass, field
from typing import Iterable

import networkx as nx

from diplograph.graph.event_types import event_type
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
from diplograph.graph.gc_pause import no_gc
from diplograph.graph.resolve import MergedEvent, NameResolver, merge_reports, place_state

__all__ = ["GraphData", "build_records", "to_networkx", "build_graph"]


@dataclass
class GraphData:
    """Nodes by id and relationships by key; adding the same thing twice changes nothing."""

    nodes: dict[str, Node] = field(default_factory=dict)
    rels: dict[tuple, Rel] = field(default_factory=dict)
    # per meeting id: the sorted report keys (graph.resolve.report_key) it was built from,
    # whether one of them is undated, and the least precise date of the dated ones; a
    # database keeps them to re-cluster later loads (see store.stored_reports)
    reports: dict[str, list[str]] = field(default_factory=dict)
    undated: set[str] = field(default_factory=set)
    coarsest: dict[str, str] = field(default_factory=dict)

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

    def meeting_signatures(self) -> dict[str, str]:
        """Per meeting id, a digest of the meeting's properties, its reports and every
        relationship it has: a stored meeting with the same digest is already right."""
        parts: dict[str, list[tuple]] = {mid: [] for mid, n in self.nodes.items() if n.label == "Meeting"}
        for rel in self.rels.values():
            at_src, at_dst = parts.get(rel.src), parts.get(rel.dst)
            if at_src is None and at_dst is None:
                continue
            values = (rel.type, *_values(rel))
            if at_src is not None:
                at_src.append(values)
            if at_dst is not None and rel.dst != rel.src:
                at_dst.append(values)
        nodes, reports = self.nodes, self.reports
        return {mid: _digest((_values(nodes[mid]), reports.get(mid, []), sorted(rels)))
                for mid, rels in parts.items()}

    def person_signatures(self) -> dict[str, str]:
        """Per person id, a digest of the person's properties and the relationships a
        load writes with the person (its roles): a stored person with the same digest
        was last written with exactly this, so writing it again would change nothing."""
        parts: dict[str, list[tuple]] = {pid: [] for pid, n in self.nodes.items() if n.label == "Person"}
        for rel in self.rels.values():
            if rel.src in parts and self.nodes[rel.dst].label not in ("Person", "Meeting"):
                parts[rel.src].append((rel.type, *_values(rel)))
        return {pid: _digest((_values(self.nodes[pid]), sorted(rels)))
                for pid, rels in parts.items()}


@functools.cache
def _getter(cls):
    """The values of a record's fields in the model's order, from its instance dict."""
    names = tuple(cls.model_fields)
    return operator.itemgetter(*names) if len(names) > 1 else (lambda d: (d[names[0]],))


def _values(item) -> tuple:
    """A record's field values in the model's order (``None`` where unset): equal
    records give equal tuples, whichever way they were made. A relationship's begin
    with the rest of its key (source, target, and a role's title: see
    :attr:`graph.model.Rel.key`); no two relationships of a graph share a key, so
    sorting (type, *values) tuples never compares a value that may be ``None``."""
    try:
        return _getter(type(item))(vars(item))
    except KeyError:  # a field missing from the instance dict: it holds its default
        return tuple(getattr(item, k, None) for k in type(item).model_fields)


def _digest(value) -> str:
    """SHA-1 of ``repr(value)``: records hold only strings, numbers, booleans and lists
    of them, so equal records give equal text (``repr`` is many times faster than a
    JSON dump here)."""
    return hashlib.sha1(repr(value).encode("utf-8")).hexdigest()


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



def _meeting_id(e: Event, persons: list[str], used: set[str]) -> str:
    date = e.date or "undated"
    kind = event_type(e.type)
    if kind.directed:
        tail = slug(persons[0]) if persons else slug(e.sector or e.place or "delegation")
        base = f"meeting:{date}-{e.visitor_state}-{e.host_state}-{tail}"
    else:
        base = f"meeting:{date}-{kind.label}-" + "-".join(slug(p) for p in sorted(persons)[:3])
    if e.status == "planned":
        base += "-planned"
    mid, n = base, 2
    while mid in used:
        mid, n = f"{base}-{n}", n + 1
    used.add(mid)
    return mid


def _meeting_mode(e: Event, person_states: dict[str, str], place_state: str | None) -> str:
    kind = event_type(e.type)
    if e.kind == "call" or kind.mode == "phone":
        return "phone"
    if kind.directed:
        return kind.mode
    states = set(person_states.values())
    if len(states) > 2:
        return "multilateral"
    if place_state and states and place_state not in states:
        return "third-party"
    return "visit"


def _person_state(resolve: NameResolver, event: Event, name: str) -> str | None:
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
    reserved_ids: set[str] | None = None,
    resolver: "NameResolver | None" = None,
) -> GraphData:
    """Typed nodes and relationships for events, entities and article metadata.

    The result depends only on the set of events (see :func:`merge_reports`; ``events``
    may be a dict of them by report key, as it takes them).
    ``reserved_ids`` (updated in place) are meeting ids taken by
    earlier parts of a streamed load. ``resolver`` (a :class:`NameResolver` built once from
    all entities) lets a streamed load resolve names in every part while writing the
    entity nodes only with the first."""
    with no_gc():
        return _build(events, entities, gazetteer, articles, reserved_ids, resolver)


def _build(events, entities, gazetteer, articles, reserved_ids, resolver) -> GraphData:
    entities = list(entities)
    data = GraphData()
    resolve = resolver if resolver is not None else NameResolver(entities)
    _add_entities(data, entities, gazetteer)
    meta = {a["file"]: a for a in articles}
    used: set[str] = reserved_ids if reserved_ids is not None else set()
    for m in merge_reports(events, entities, gazetteer, resolver=resolve):
        _add_meeting(data, m, resolve, gazetteer, meta, used)
    return data


def _add_meeting(data, m: MergedEvent, resolve, gazetteer, meta, used) -> None:
    e = m.event
    persons = list(dict.fromkeys(e.participants))
    pstates = {p: _person_state(resolve, e, p) for p in persons}
    place_st = place_state(gazetteer, e.place) if e.place else None
    directed = event_type(e.type).directed
    host = e.host_state if directed else None
    if not directed and place_st and place_st in set(pstates.values()):
        host = place_st
    mid = _meeting_id(e, persons, used)
    data.reports[mid] = sorted({r.key for r in m.reports if r.key})
    if not all(r.dated for r in m.reports):
        data.undated.add(mid)
    dates = [r.date for r in m.reports if r.date]
    if dates:
        data.coarsest[mid] = min(dates, key=len)
    data.add(_record(
        Meeting,
        id=mid, kind=e.kind or event_type(e.type).default_kind,
        mode=_meeting_mode(e, {k: v for k, v in pstates.items() if v}, place_st),
        date=e.date, date_precision=date_precision(e.date), status=e.status, sector=e.sector,
        event_type=e.type, visitor_state=e.visitor_state if directed else None,
        host_state=e.host_state if directed else None, participants=persons,
        place=((gazetteer.place(e.place) or {}).get("name", e.place) if gazetteer else e.place),
    ))
    for p in persons:
        pid = person_id(p)
        known = data.nodes.get(pid)
        if known is None:
            data.add(_record(Person, id=pid, name=p, aliases=[], state=pstates[p]))
        elif known.state is None:  # what GraphData.add would do, without a new record
            known.state = pstates[p]
        role = "visitor" if directed and pstates[p] == e.visitor_state else "participant"
        if directed and pstates[p] == e.host_state:
            role = "host"
        data.add(_record(Attended, src=pid, dst=mid, role=role, on_behalf_of=pstates[p]))
    if directed:
        data.add(_record(Attended, src=_add_state(data, e.visitor_state, gazetteer), dst=mid,
                          role="visitor", on_behalf_of=e.visitor_state))
        data.add(_record(Attended, src=_add_state(data, e.host_state, gazetteer), dst=mid,
                          role="host", on_behalf_of=e.host_state))
    if host:
        data.add(_record(HostedBy, src=mid, dst=_add_state(data, host, gazetteer)))
    pl = _add_place(data, e.place, e.host_state if directed else None, gazetteer)
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


