"""The store against a real Neo4j server (started by the session fixture)."""

from __future__ import annotations

import networkx as nx
import pytest

from diplograph.graph.records import build_records, to_networkx
from diplograph.graph.model import Event
from diplograph.loaders.neo4j.store import apply_schema, counts, load_events, read_graph, write_graph
from diplograph.app import collect_entities

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def curated_data(curated, gazetteer):
    return build_records(curated.events, collect_entities(curated.events, curated.entities),
                         gazetteer, curated.articles)


@pytest.fixture()
def loaded(neo4j_driver, curated_data):
    apply_schema(neo4j_driver)
    write_graph(neo4j_driver, curated_data, batch_size=50)
    return neo4j_driver


def test_schema_has_a_constraint_per_node_key(loaded):
    recs, _, _ = loaded.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type")
    keyed = {(r["labelsOrTypes"][0], tuple(r["properties"])) for r in recs
             if r["type"] in ("UNIQUENESS", "NODE_KEY", "NODE_PROPERTY_UNIQUENESS")}
    for label in ("Person", "State", "Organization", "Place", "Meeting", "Article"):
        assert (label, ("id",)) in keyed
    assert apply_schema(loaded) >= 6  # second application is a no-op, not an error


def test_loading_twice_changes_no_count(loaded, curated_data, curated, gazetteer):
    first = counts(loaded)
    assert first["Meeting"] == 45 and first["Person"] == 27
    write_graph(loaded, curated_data, batch_size=7)
    assert counts(loaded) == first
    # the incremental path (clustered with what the database holds) changes nothing either
    plan = load_events(loaded, curated.events, collect_entities(curated.events, curated.entities),
                       gazetteer, curated.articles)
    assert set(plan.data.nodes) == set(curated_data.nodes)
    assert (plan.stale, plan.journal) == ([], [])
    assert counts(loaded) == first


def test_read_back_equals_the_graph_built_in_memory(loaded, curated_data):
    G = to_networkx(curated_data)
    H = read_graph(loaded)
    assert nx.utils.graphs_equal(G, H)  # nodes, edges with keys, every attribute
    assert H.nodes["person:sergei-lavrov"]["aliases"] == G.nodes["person:sergei-lavrov"]["aliases"]


def test_more_articles_merge_into_existing_entities(neo4j_driver, curated, gazetteer):
    apply_schema(neo4j_driver)
    ents = collect_entities(curated.events, curated.entities)
    arts = sorted({e.article for e in curated.events})
    for i in range(1, len(arts) + 1):  # one more article each round
        part = [e for e in curated.events if e.article in arts[:i]]
        load_events(neo4j_driver, part, ents, gazetteer, curated.articles)
    incremental = counts(neo4j_driver)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    write_graph(neo4j_driver, build_records(curated.events, ents, gazetteer, curated.articles))
    assert counts(neo4j_driver) == incremental


def test_evidence_survives(neo4j_driver, gazetteer):
    text = "Officials said Lavrov landed in Pyongyang on Wednesday."
    ev = Event(article="x.txt", type="visit", date="2023-10-18", visitor_state="RU",
               host_state="KP", participants=["Sergei Lavrov"],
               evidence={"text": text, "start": 120, "end": 120 + len(text)}, confidence=0.8)
    write_graph(neo4j_driver, build_records([ev], [], gazetteer))
    recs, _, _ = neo4j_driver.execute_query(
        "MATCH (:Meeting)-[r:REPORTED_IN]->(a:Article) RETURN r.quote AS q, r.start AS s, "
        "r.end AS e, r.confidence AS c, a.id AS a")
    assert [(r["q"], r["s"], r["e"], r["c"], r["a"]) for r in recs] == [
        (text, 120, 120 + len(text), 0.8, "article:x")]


def test_anchored_writes_add_to_what_is_stored_without_doubling(neo4j_driver, gazetteer):
    """Meetings and persons are written with their relationships in one statement:
    CREATE for a new anchor, MERGE for a stored one. A second load adds a new report, a
    new participant and a new role, and doubles nothing."""
    from diplograph.graph.model import Entity, Role

    apply_schema(neo4j_driver)
    ev = dict(type="meeting", date="2024-06-19", place="Pyongyang", status="happened")
    first = build_records(
        [Event(article="a.txt", participants=["Kim Jong Un", "Wladimir Putin"], **ev)],
        [Entity(name="Kim Jong Un", state="KP", roles=[Role(title="Leader", of="KP")]),
         Entity(name="Wladimir Putin", state="RU")], gazetteer)
    write_graph(neo4j_driver, first, batch_size=1)
    for _ in range(2):
        load_events(neo4j_driver,
                    [Event(article="b.txt", participants=["Kim Jong Un", "Wladimir Putin", "Choe Son Hui"],
                           **ev)],
                    [Entity(name="Kim Jong Un", state="KP",
                            roles=[Role(title="Leader", of="KP"), Role(title="Chairman", of="KP")]),
                     Entity(name="Choe Son Hui", state="KP")], gazetteer, batch_size=2)
        c = counts(neo4j_driver)
        assert (c["Meeting"], c["Person"], c["REPORTED_IN"], c["HOLDS_ROLE"]) == (1, 3, 2, 2)
        assert c["ATTENDED"] == 3
    recs, _, _ = neo4j_driver.execute_query(
        "MATCH (n) WHERE n._diplograph_new IS NOT NULL RETURN count(n) AS n")
    assert recs[0]["n"] == 0  # the new-anchor marker never outlives its transaction


def test_two_writer_sessions_write_the_graph_one_writes(neo4j_driver, curated_data):
    """The batches of each statement shared out to two sessions at once (as the streamed
    loader writes): the graph read back is the one a single session writes, and writing
    it again in three sessions doubles nothing."""
    apply_schema(neo4j_driver)
    write_graph(neo4j_driver, curated_data, batch_size=7)
    one = read_graph(neo4j_driver)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    written = []
    write_graph(neo4j_driver, curated_data, batch_size=7, writers=2, progress=written.append)
    assert nx.utils.graphs_equal(read_graph(neo4j_driver), one)
    assert sum(written) == len(curated_data.nodes) + len(curated_data.rels)
    before = counts(neo4j_driver)
    write_graph(neo4j_driver, curated_data, batch_size=3, writers=3)
    assert counts(neo4j_driver) == before


def test_a_batch_refused_in_one_session_stops_the_others(neo4j_driver):
    """A statement the server refuses in one of several sessions is raised (the
    server's own error), and the other sessions stop at their next batch."""
    from neo4j.exceptions import Neo4jError as DriverNeo4jError

    from diplograph.loaders.neo4j.store import _write_batches

    apply_schema(neo4j_driver)
    # the first row divides by zero: the first batch of one session fails, and the other
    # session, with 200 batches of 10 rows to write, stops long before its last
    rows = [{"id": f"x{i}", "d": 0 if i == 0 else 1} for i in range(4000)]
    with pytest.raises(DriverNeo4jError, match="/ by zero"):
        _write_batches(neo4j_driver, "UNWIND $rows AS row CREATE (:Article {id: row.id, n: 1 / row.d})",
                       rows, 10, None, None, writers=2)
    written = counts(neo4j_driver).get("Article", 0)
    assert written < 2000, written
