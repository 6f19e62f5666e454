"""The store and the query library through a routing URI (``neo4j://``), as a cluster or
Aura is reached (``neo4j+s://`` is the same scheme with TLS), against the session's real
server: the driver asks that server for a routing table and sends writes to the writer
and reads to a reader it names. A single server names itself for every role, so the
answers must equal those of the direct ``bolt://`` connection."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import networkx as nx
import pytest

from diplograph.app import collect_entities
from diplograph.graph.records import build_records, to_networkx
from diplograph.loaders.neo4j.store import (
    apply_schema,
    connect,
    counts,
    load_events,
    read_graph,
    write_graph,
)
from diplograph.loaders.neo4j.queries import list_queries, load_query, run_query

pytestmark = pytest.mark.neo4j


def routed(conn):
    """The same server through the routing scheme."""
    scheme, rest = conn.uri.split("://", 1)
    if scheme not in ("bolt", "neo4j"):
        pytest.fail(f"the test server's URI {conn.uri!r} is not bolt:// or neo4j://")
    return dataclasses.replace(conn, uri=f"neo4j://{rest}")


@pytest.fixture(scope="module")
def curated_data(curated, gazetteer):
    return build_records(curated.events, collect_entities(curated.events, curated.entities),
                         gazetteer, curated.articles)


@pytest.fixture(scope="module")
def drivers(neo4j_server):
    """(routing driver, direct driver) on an emptied database."""
    direct = connect(neo4j_server)
    with direct.session(database=neo4j_server.database) as s:  # auto-commit: IN TRANSACTIONS needs it
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    router = connect(routed(neo4j_server))
    yield router, direct
    router.close()
    direct.close()


@pytest.fixture(scope="module")
def loaded(drivers, neo4j_server, curated_data):
    router, _ = drivers
    apply_schema(router, neo4j_server.database)
    write_graph(router, curated_data, batch_size=20, database=neo4j_server.database)
    return drivers


def test_the_driver_gets_a_routing_table_naming_the_server(drivers, neo4j_server):
    router, _ = drivers
    host_port = neo4j_server.uri.split("://", 1)[1]
    recs, _, _ = router.execute_query(
        "CALL dbms.routing.getRoutingTable({}) YIELD servers "
        "UNWIND servers AS s RETURN s.role AS role, s.addresses AS addresses")
    roles = {r["role"]: r["addresses"] for r in recs}
    assert set(roles) == {"WRITE", "READ", "ROUTE"}
    assert all(host_port in a for a in roles.values())


def test_loading_through_routing_stores_what_a_direct_load_reads_back(loaded, curated_data,
                                                                      neo4j_server):
    router, direct = loaded
    db = neo4j_server.database
    assert counts(router, db) == counts(direct, db)
    assert counts(direct, db)["Meeting"] == sum(1 for n in curated_data.nodes.values()
                                                if n.label == "Meeting")
    G = to_networkx(curated_data)
    assert nx.utils.graphs_equal(read_graph(router, db), G)
    assert nx.utils.graphs_equal(read_graph(direct, db), G)


def test_a_second_load_through_routing_changes_nothing(loaded, curated, gazetteer, neo4j_server):
    router, direct = loaded
    db = neo4j_server.database
    before = counts(direct, db)
    load_events(router, curated.events, collect_entities(curated.events, curated.entities),
                gazetteer, curated.articles, database=db)
    assert counts(direct, db) == before


QUERIES = list_queries()


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_every_library_query_answers_the_same_through_routing(loaded, query, neo4j_server):
    router, direct = loaded
    params = dict(query.examples)
    through = run_query(router, query.text, params, database=neo4j_server.database)
    plain = run_query(direct, query.text, params, database=neo4j_server.database)
    assert list(through[0]) == list(plain[0]) == query.columns
    assert through[1] == plain[1]


def test_a_write_query_goes_to_the_writer(loaded, neo4j_server):
    router, direct = loaded
    db = neo4j_server.database
    run_query(router, "MERGE (s:State {id: $id}) SET s.routing_probe = $v",
              {"id": "state:KP", "v": 7}, database=db, write=True)
    recs, _, _ = direct.execute_query("MATCH (s:State {id: $id}) RETURN s.routing_probe AS v",
                                      id="state:KP", database_=db)
    assert recs[0]["v"] == 7
    run_query(router, "MATCH (s:State {id: $id}) REMOVE s.routing_probe", {"id": "state:KP"},
              database=db, write=True)


def test_the_cli_loads_and_queries_through_a_routing_uri(loaded, neo4j_server):
    router, direct = loaded
    env = {**os.environ, "NEO4J_URI": routed(neo4j_server).uri, "NEO4J_USER": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password}
    before = counts(direct, neo4j_server.database)
    load = subprocess.run([sys.executable, "-m", "diplograph", "load"], capture_output=True,
                          text=True, env=env, timeout=300, stdin=subprocess.DEVNULL)
    assert load.returncode == 0, load.stderr
    assert counts(direct, neo4j_server.database) == before  # curated data already stored
    q = subprocess.run([sys.executable, "-m", "diplograph", "query", "visits_per_month",
                        "-p", "from_state=KP", "-p", "to_state=RU", "--json"],
                       capture_output=True, text=True, env=env, timeout=300,
                       stdin=subprocess.DEVNULL)
    assert q.returncode == 0, q.stderr
    cols, rows = run_query(direct, load_query("visits_per_month").text,
                           {"from_state": "KP", "to_state": "RU"}, database=neo4j_server.database)
    assert json.loads(q.stdout) == [dict(zip(cols, r)) for r in rows] != []


# The driver's pool logs routing failures at ERROR; the CLI gives its logger a NullHandler.
def test_an_unreachable_routing_uri_is_one_line():
    env = {**os.environ, "NEO4J_URI": "neo4j://127.0.0.1:9", "NEO4J_PASSWORD": "x"}
    res = subprocess.run([sys.executable, "-m", "diplograph", "query", "planned_vs_happened"],
                         capture_output=True, text=True, env=env, timeout=120,
                         stdin=subprocess.DEVNULL)
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 1 and len(lines) == 1, res.stderr
    assert lines[0].startswith("Error: cannot reach Neo4j at neo4j://127.0.0.1:9")


def test_the_streamed_loader_writes_through_a_routing_uri(loaded, neo4j_server, tmp_path):
    # --stream takes each line as one real-world event, so chunks of the curated reports
    # give more meetings than the full build: compared with the same load over bolt://
    _, direct = loaded
    db = neo4j_server.database
    env = {**os.environ, "NEO4J_USER": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password}
    built = subprocess.run([sys.executable, "-m", "diplograph", "build", "--out", str(tmp_path),
                            "--no-html"], capture_output=True, text=True, env=env, timeout=300,
                           stdin=subprocess.DEVNULL)
    assert built.returncode == 0, built.stderr
    stored = {}
    for uri in (neo4j_server.uri, routed(neo4j_server).uri):
        direct.execute_query("MATCH (n) DETACH DELETE n", database_=db)
        assert counts(direct, db) == {}
        load = subprocess.run([sys.executable, "-m", "diplograph", "load", str(tmp_path),
                               "--stream", "--chunk-size", "10", "--batch-size", "7"],
                              capture_output=True, text=True, env={**env, "NEO4J_URI": uri},
                              timeout=300, stdin=subprocess.DEVNULL)
        assert load.returncode == 0, load.stderr
        stored[uri] = (counts(direct, db), read_graph(direct, db))
    (c1, g1), (c2, g2) = stored.values()
    assert c1 == c2 and c1["Meeting"] > 0 and nx.utils.graphs_equal(g1, g2)
