"""Loads are idempotent and order-free (issue 14, item 1): the same set of reports gives
the same graph whatever is already stored, in whatever order and in whatever parts the
reports arrive. Against the real Neo4j server of tests/conftest.py."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph.graph.model import Entity, Event
from diplograph.graph.records import build_records, to_networkx
from diplograph.loaders.neo4j.store import apply_schema, counts, load_events, read_graph

pytestmark = pytest.mark.neo4j


def snapshot(driver) -> tuple:
    """Every label and relationship count, every REPORTED_IN pair, the whole graph."""
    pairs, _, _ = driver.execute_query(
        "MATCH (m:Meeting)-[:REPORTED_IN]->(a:Article) RETURN m.id AS m, a.id AS a")
    return counts(driver), sorted((r["m"], r["a"]) for r in pairs), read_graph(driver)


def same(a: tuple, b: tuple) -> bool:
    return a[0] == b[0] and a[1] == b[1] and nx.utils.graphs_equal(a[2], b[2])


def wipe(driver) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n")


def visit(article, date, **kw):
    return Event(article=article, type="visit", date=date, visitor_state="SY", host_state="VN",
                 place="Hanoi", participants=["Faisal Mekdad"], **kw)


THREE = [visit("a.txt", "2016-07-23"), visit("b.txt", "2016-07-08"), visit("c.txt", "2016-07")]


def test_a_second_load_of_three_reports_of_one_visit_changes_nothing(neo4j_driver, gazetteer):
    """The issue's case: two day-dated reports and one month-dated report; the second
    load used to attach c.txt to both meetings (REPORTED_IN 3 → 4)."""
    apply_schema(neo4j_driver)
    ents = [Entity(name="Faisal Mekdad", state="SY")]
    load_events(neo4j_driver, THREE, ents, gazetteer)
    first = snapshot(neo4j_driver)
    assert first[0]["REPORTED_IN"] == 3 and first[0]["Meeting"] == 2
    load_events(neo4j_driver, THREE, ents, gazetteer)
    assert same(snapshot(neo4j_driver), first)
    for order in ([THREE[2]], [THREE[0]], [THREE[1]]), ([THREE[1], THREE[2]], [THREE[0]]):
        wipe(neo4j_driver)
        for part in order:
            load_events(neo4j_driver, part, ents, gazetteer)
        assert same(snapshot(neo4j_driver), first), order


def test_cli_load_twice_is_idempotent(neo4j_server, neo4j_driver, tmp_path):
    """`diplograph load folder` twice, as the issue ran it."""
    import os

    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "events.jsonl").write_text(
        "".join(e.model_dump_json(exclude_defaults=True) + "\n" for e in THREE), encoding="utf-8")
    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password}
    got = []
    for _ in range(2):
        p = subprocess.run([sys.executable, "-m", "diplograph", "load", str(folder)], env=env,
                           capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        got.append(counts(neo4j_driver))
    assert got[0] == got[1] and got[0]["REPORTED_IN"] == 3


# ------------------------------------------------------------------ property test
STATES = [("SY", "VN"), ("RU", "KP")]
PEOPLE = ["Ana Berg", "Boris Kolov", "Chen Ming", "Dara Sen"]
DATES = [None, "2016", "2016-07", "2016-07-08", "2016-07-23", "2016-08", "2017-01-02"]
PLACES = [None, "Hanoi", "Pyongyang", "Moskau"]


@st.composite
def events(draw):
    """A small event set with many chances to merge: few states, persons, dates."""
    n = draw(st.integers(1, 9))
    out = []
    for i in range(n):
        article = f"art-{draw(st.integers(0, 5))}.txt"
        date = draw(st.sampled_from(DATES))
        status = draw(st.sampled_from(["happened", "happened", "planned"]))
        people = draw(st.lists(st.sampled_from(PEOPLE), max_size=3, unique=True))
        place = draw(st.sampled_from(PLACES))
        if draw(st.booleans()):
            v, h = draw(st.sampled_from(STATES))
            out.append(Event(article=article, type="visit", date=date, status=status,
                             visitor_state=v, host_state=h, place=place, participants=people,
                             evidence={"text": f"report {i}", "start": i, "end": i + 8}))
        else:
            out.append(Event(article=article, type="meeting", date=date, status=status,
                             place=place, participants=people,
                             participant_states={p: "RU" for p in people[:1]}))
    return out


ENTS = [Entity(name=p, state=s) for p, s in zip(PEOPLE, ["DE", "RU", "CN", "VN"])]


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(evs=events(), data=st.data())
def test_any_order_and_any_parts_load_into_the_same_graph(neo4j_driver, gazetteer, evs, data):
    apply_schema(neo4j_driver)
    wipe(neo4j_driver)
    load_events(neo4j_driver, evs, ENTS, gazetteer)
    reference = snapshot(neo4j_driver)
    # equal to the graph built in memory from all events at once
    built = to_networkx(build_records(evs, ENTS, gazetteer))
    assert nx.utils.graphs_equal(built, reference[2])
    # whatever is stored already: loading everything again changes nothing
    load_events(neo4j_driver, evs, ENTS, gazetteer)
    assert same(snapshot(neo4j_driver), reference)
    # any permutation, any split, any repeats of parts
    perm = data.draw(st.permutations(evs))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(evs)), max_size=3)))
    parts = [perm[a:b] for a, b in zip([0, *cuts], [*cuts, len(evs)])]
    wipe(neo4j_driver)
    for part in parts:
        load_events(neo4j_driver, part, ENTS, gazetteer)
    assert same(snapshot(neo4j_driver), reference), parts
    again = data.draw(st.sampled_from(parts))
    load_events(neo4j_driver, again, ENTS, gazetteer)
    assert same(snapshot(neo4j_driver), reference)


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(evs=events(), chunk=st.integers(1, 4), data=st.data())
def test_streamed_load_in_any_chunking_equals_one_load(neo4j_driver, gazetteer, evs, chunk, data):
    from diplograph.loaders.neo4j.bulk import stream_write

    apply_schema(neo4j_driver)
    wipe(neo4j_driver)
    load_events(neo4j_driver, evs, ENTS, gazetteer)
    reference = snapshot(neo4j_driver)
    wipe(neo4j_driver)
    stream_write(neo4j_driver, data.draw(st.permutations(evs)), ENTS, gazetteer, chunk_size=chunk)
    assert same(snapshot(neo4j_driver), reference)


def test_pure_build_is_order_free(gazetteer):
    """No database: the build itself depends on the set of events only."""
    import random

    evs = THREE + [visit("d.txt", "2016"), visit("e.txt", None), visit("a.txt", "2016-07-23")]
    want = to_networkx(build_records(evs, [], gazetteer))
    rnd = random.Random(3)
    for _ in range(20):
        rnd.shuffle(evs)
        assert nx.utils.graphs_equal(to_networkx(build_records(evs, [], gazetteer)), want)
    assert json.loads(json.dumps(sorted(want.nodes)))  # plain ids
