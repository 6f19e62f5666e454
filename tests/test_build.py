"""Records to graph, merging of reports, projections."""

import networkx as nx

from diplograph.graph.records import build_graph
from diplograph.graph.resolve import dates_compatible
from diplograph.graph.projections import person_projection, state_projection
from diplograph.graph.model import Entity, Event


def visit(article, date, vs, hs, people=(), place=None, **kw):
    return Event(article=article, type="visit", date=date, visitor_state=vs, host_state=hs,
                 place=place, participants=list(people), **kw)


def meet(article, date, people, states, place=None, **kw):
    return Event(article=article, type="meeting", date=date, place=place, participants=people,
                 participant_states=dict(zip(people, states)), **kw)


def _meetings(G):
    return {n: d for n, d in G.nodes(data=True) if d["label"] == "Meeting"}


def test_dates_compatible():
    assert dates_compatible("2023", "2023-09-13")
    assert dates_compatible("2023-09", "2023-09")
    assert not dates_compatible("2023-09", "2023-10")
    assert not dates_compatible(None, "2023")


def test_projection_weights_on_hand_made_case(gazetteer):
    # RU visits KP three times (one of them reported twice), KP visits RU once,
    # CN visits KP once; one planned RU visit must not count.
    events = [
        visit("a", "2023-07", "RU", "KP", ["Sergei Shoigu"]),
        visit("b", "2023-07-25", "RU", "KP", ["Sergej Schoigu"]),   # same visit, other article
        visit("a", "2023-10", "RU", "KP", ["Sergei Lavrov"]),
        visit("a", "2024-06", "RU", "KP", ["Vladimir Putin"]),
        visit("a", None, "RU", "KP", ["Dmitry Medvedev"], status="planned"),
        visit("a", "2023-09", "KP", "RU", ["Kim Jong Un"]),
        visit("c", "2024-04", "CN", "KP", ["Zhao Leji"]),
        meet("a", "2023-10", ["Sergei Lavrov", "Kim Jong Un"], ["RU", "KP"]),
        meet("b", "2023-10-19", ["Sergej Lawrow", "Kim Jong-un"], ["RU", "KP"]),  # same talks
        meet("a", "2024-06", ["Vladimir Putin", "Kim Jong Un", "Sergei Lavrov"], ["RU", "KP", "RU"]),
    ]
    G = build_graph(events, [], gazetteer)
    S = state_projection(G)
    assert S["state:RU"]["state:KP"]["count"] == 3
    assert S["state:RU"]["state:KP"]["first"] == "2023-07-25"
    assert S["state:RU"]["state:KP"]["last"] == "2024-06"
    assert S["state:KP"]["state:RU"]["count"] == 1
    assert S["state:CN"]["state:KP"]["count"] == 1
    P = person_projection(G)
    assert P["person:kim-jong-un"]["person:sergei-lavrov"]["count"] == 2
    assert P["person:kim-jong-un"]["person:vladimir-putin"]["count"] == 1
    assert not P.has_edge("person:sergei-lavrov", "person:vladimir-putin")  # same state


def test_one_event_many_reports_keeps_every_source(curated_graph):
    G = curated_graph
    summit = [
        m for m, d in _meetings(G).items()
        if d["kind"] == "summit" and d["date"] == "2023-09"
        and {"person:kim-jong-un", "person:vladimir-putin"}
        <= {u for u, _, k in G.in_edges(m, keys=True) if k == "ATTENDED"}
    ]
    assert len(summit) == 1, summit
    sources = {v for _, v, k in G.out_edges(summit[0], keys=True) if k == "REPORTED_IN"}
    assert len(sources) == 4


def test_curated_counts_match_the_chronology(curated_graph):
    # The chronology article lists, month by month from July 2023 to June 2024, 23
    # distinct visits between Russia and North Korea (both directions): named trips,
    # unnamed sector delegations and the Putin visit. Other articles repeat some of
    # them; the merge must not count those twice.
    S_visits = [
        d for m, d in _meetings(curated_graph).items()
        if d["status"] == "happened" and d.get("date") and "2023-07" <= d["date"][:7] <= "2024-06"
        and {v for _, v, k in curated_graph.out_edges(m, keys=True) if k == "HOSTED_BY"}
        & {"state:RU", "state:KP"}
        and {u for u, _, k, a in curated_graph.in_edges(m, keys=True, data=True)
             if k == "ATTENDED" and a["role"] == "visitor"} & {"state:RU", "state:KP"}
    ]
    assert len(S_visits) == 23


def test_curated_entities_are_the_26_persons(curated, curated_graph):
    import json
    from conftest import shared

    gold = json.loads(shared("eval", "seeds.entities.json").read_text())["persons"]
    persons = {n: d for n, d in curated_graph.nodes(data=True) if d["label"] == "Person"}
    names = {d["name"] for d in persons.values()}
    assert {p["name"] for p in gold} <= names
    for p in gold:
        node = persons[f"person:{p['name'].lower().replace(' ', '-')}"]
        assert node["state"] == p["state"]
        pid = f"person:{p['name'].lower().replace(' ', '-')}"
        roles = [a for _, _, a in curated_graph.out_edges(pid, data=True) if a["type"] == "HOLDS_ROLE"]
        assert roles, p["name"]


def test_every_place_is_located_in_a_state(curated_graph):
    places = [n for n, d in curated_graph.nodes(data=True) if d["label"] == "Place"]
    assert len(places) >= 6
    for p in places:
        assert any(k == "LOCATED_IN" for _, _, k in curated_graph.out_edges(p, keys=True)), p


def test_graph_carries_labels_and_types(curated_graph):
    labels = {d["label"] for _, d in curated_graph.nodes(data=True)}
    assert labels == {"Person", "State", "Organization", "Place", "Meeting", "Article"}
    types = {d["type"] for *_, d in curated_graph.edges(data=True)}
    assert {"HOLDS_ROLE", "ATTENDED", "HELD_IN", "LOCATED_IN", "REPORTED_IN", "HOSTED_BY",
            "PART_OF"} <= types
    assert isinstance(curated_graph, nx.MultiDiGraph)


def test_building_twice_gives_the_same_ids(curated, gazetteer):
    a = build_graph(curated.events, curated.entities, gazetteer, curated.articles)
    b = build_graph(list(reversed(curated.events)), curated.entities, gazetteer, curated.articles)
    assert set(a.nodes) == set(b.nodes)
    assert "meeting:2023-10-18-RU-KP-sergei-lavrov" in a
    # Shoigu held two roles for Russia: both edges survive as parallel edges
    titles = {a["title"] for _, v, a in a.out_edges("person:sergei-shoigu", data=True)
              if a["type"] == "HOLDS_ROLE" and v == "state:RU"}
    assert titles == {"Defence Minister", "Secretary of the Security Council"}


def test_fast_records_equal_model_construct():
    """The build's hot path makes records without pydantic's model_construct; they must
    be the same objects in every respect the rest of the code sees."""
    from diplograph.graph.records import _record
    from diplograph.graph.model import NODE_TYPES, REL_TYPES

    samples = {
        "Person": dict(id="person:a", name="A", aliases=["Ä"], state="KP"),
        "State": dict(id="state:KP", name="North Korea"),
        "Organization": dict(id="org:x", name="X"),
        "Place": dict(id="place:p", name="P", kind="city"),
        "Meeting": dict(id="meeting:m", kind="talks", mode="visit", date="2024-06",
                        participants=["A", "B"]),
        "Article": dict(id="article:a", title="T"),
        "HOLDS_ROLE": dict(src="a", dst="b", title="Minister", since="2020"),
        "PART_OF": dict(src="a", dst="b"),
        "ATTENDED": dict(src="a", dst="b", role="visitor"),
        "HELD_IN": dict(src="a", dst="b"),
        "HOSTED_BY": dict(src="a", dst="b"),
        "LOCATED_IN": dict(src="a", dst="b"),
        "REPORTED_IN": dict(src="a", dst="b", quote="q", start=1, end=2, confidence=0.5),
    }
    classes = {**NODE_TYPES, **REL_TYPES}
    assert set(samples) == set(classes)
    for name, cls in classes.items():
        a, b = _record(cls, **samples[name]), cls.model_construct(**samples[name])
        assert a == b, name
        assert a.model_dump(mode="json") == b.model_dump(mode="json") == vars(a)
        assert a.model_fields_set == b.model_fields_set
        cls.model_validate(a.model_dump())  # and a valid record
    m1, m2 = _record(NODE_TYPES["Meeting"], id="m", kind="talks", mode="visit"), \
        _record(NODE_TYPES["Meeting"], id="n", kind="talks", mode="visit")
    m1.participants.append("x")  # defaults made by a factory are not shared
    assert m2.participants == []


def test_store_rows_equal_the_json_dump(curated_graph, curated, gazetteer):
    """The loader takes properties from the instance dict; that is the JSON dump."""
    from diplograph.graph.records import build_records
    from diplograph.loaders.neo4j.store import _clean, _props
    from diplograph.app import collect_entities

    data = build_records(curated.events, collect_entities(curated.events, curated.entities),
                         gazetteer, curated.articles)
    for node in data.nodes.values():
        assert _props(node, ("id",)) == _clean(node.model_dump(mode="json", exclude={"id"}))
    for rel in data.rels.values():
        assert _props(rel, ("src", "dst")) == _clean(rel.model_dump(mode="json",
                                                                     exclude={"src", "dst"}))
    assert len(data.rels) > 250


def test_streamed_parts_resolve_names_in_every_chunk(gazetteer):
    """An alias in the last chunk still finds its entity (and its state)."""
    from diplograph.graph.model import Person
    from diplograph.loaders.neo4j.bulk import stream_records

    ents = [Entity(name="Choe Son Hui", aliases=["Tsche Son Hui"], state="KP")]
    evs = [Event(article=f"a{i}.txt", type="visit", date=f"2024-0{i + 1}",
                 visitor_state="KP", host_state="RU", participants=[name])
           for i, name in enumerate(["Choe Son Hui", "Someone Else", "Tsche Son Hui"])]
    parts = list(stream_records(evs, ents, gazetteer, chunk_size=1))
    assert len(parts) == 4  # entities, then one part per event
    last = parts[-1]
    persons = [n for n in last.nodes.values() if isinstance(n, Person)]
    assert [(p.name, p.state) for p in persons] == [("Choe Son Hui", "KP")]
    assert {n.id for n in parts[0].nodes.values() if isinstance(n, Person)} == {
        "person:choe-son-hui"}


def test_statement_rows_pack_like_lists_and_print_short(curated, gazetteer):
    """Rows go to the wire exactly as plain lists do, and the driver's debug line (which
    it formats for every statement, logged or not) shows only their number."""
    import io

    from neo4j._codec.packstream.v1 import Packer

    from diplograph.app import collect_entities
    from diplograph.graph.records import build_records
    from diplograph.loaders.neo4j.store import Rows, _props, batched

    data = build_records(curated.events, collect_entities(curated.events, curated.entities),
                         gazetteer, curated.articles)
    rows = [{"id": n.id, "props": _props(n, ("id",))} for n in data.nodes.values()]

    def packed(value) -> bytes:
        out = io.BytesIO()
        Packer(out).pack(value)
        return out.getvalue()

    parts = list(batched(rows, 40))
    assert all(type(p) is Rows for p in parts) and [r for p in parts for r in p] == rows
    assert packed({"rows": parts[0]}) == packed({"rows": list(parts[0])})
    assert packed({"rows": Rows(rows)}) == packed({"rows": rows})
    assert repr({"rows": parts[0]}) == "{'rows': <40 rows>}"


def test_signatures_do_not_depend_on_how_or_in_what_order_records_were_made(curated, gazetteer):
    """A record made field by field in another order, and relationships added in reverse,
    give the same signatures; a changed property changes one."""
    from diplograph.app import collect_entities
    from diplograph.graph.records import GraphData, _record, build_records

    data = build_records(curated.events, collect_entities(curated.events, curated.entities),
                         gazetteer, curated.articles)

    def remade(x):  # the same fields, set in the reverse order
        return _record(type(x), **dict(reversed(x.model_dump().items())))

    other = GraphData(nodes={k: remade(n) for k, n in reversed(data.nodes.items())},
                      rels={k: remade(r) for k, r in reversed(data.rels.items())},
                      reports=data.reports, undated=data.undated, coarsest=data.coarsest)
    assert list(vars(other.nodes[next(iter(data.nodes))])) != list(vars(next(iter(data.nodes.values()))))
    sigs, persons = data.meeting_signatures(), data.person_signatures()
    assert other.meeting_signatures() == sigs and other.person_signatures() == persons
    assert len(set(sigs.values())) == len(sigs) > 40
    key, rel = next((k, r) for k, r in other.rels.items() if r.type == "REPORTED_IN")
    rel.confidence = 0.123
    changed = other.meeting_signatures()
    assert [m for m in sigs if changed[m] != sigs[m]] == [rel.src]
