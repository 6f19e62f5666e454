"""The bulk path (neo4j-admin import) and the streamed loader against real servers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from diplograph.graph.records import build_graph, build_records
from diplograph.loaders.neo4j.store import Connection, apply_schema, connect, counts, read_graph, write_graph
from diplograph.app import collect_entities

pytestmark = pytest.mark.neo4j
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def test_bulk_import_gives_the_graph_the_normal_loader_gives(tmp_path, curated, gazetteer,
                                                             neo4j_driver):
    from diplograph.loaders.neo4j import server as srv

    ents = collect_entities(curated.events, curated.entities)
    apply_schema(neo4j_driver)
    write_graph(neo4j_driver, build_records(curated.events, ents, gazetteer, curated.articles))
    normal = counts(neo4j_driver)

    home = tmp_path / "bulk"
    srv.start(home=home, heap="512m", quiet=True)
    try:
        res = subprocess.run([sys.executable, "-m", "diplograph", "load", "--bulk", "--home", str(home)],
                             capture_output=True, text=True, timeout=600)
        assert res.returncode == 0, res.stderr
        assert res.stdout.startswith("bulk import of 387 rows")
        info = json.loads((home / "state.json").read_text())
        with connect(Connection(info["uri"], "neo4j", info["password"])) as d:
            assert counts(d) == normal
            G = build_graph(curated.events, ents, gazetteer, curated.articles)
            assert nx.utils.graphs_equal(read_graph(d), G)
            cons, _, _ = d.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n")
            assert cons[0]["n"] >= 6  # the schema is applied after the import
    finally:
        srv.stop(home=home, quiet=True)


def test_stream_load_is_flat_resumable_and_equal(tmp_path, neo4j_server, neo4j_driver, gazetteer):
    from generate import iter_entities, iter_events
    from diplograph.graph.model import Entity, Event

    d = tmp_path / "facts"
    d.mkdir()
    events = list(iter_events(3000, seed=9))
    (d / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    (d / "entities.jsonl").write_text("".join(json.dumps(e) + "\n" for e in iter_entities(3000, seed=9)))
    from diplograph.loaders.neo4j.bulk import stream_records

    ev = [Event(**e) for e in events]
    ents = [Entity(**json.loads(l)) for l in (d / "entities.jsonl").read_text().splitlines()]
    parts = list(stream_records(ev, ents, gazetteer, chunk_size=500))
    assert len(parts) == 7  # the entities, then six chunks of events

    def union(ps):
        nodes = {k: v for p in ps for k, v in p.nodes.items()}
        rels = {k: v for p in ps for k, v in p.rels.items()}
        c = Counter(n.label for n in nodes.values())
        c.update(r.type for r in rels.values())
        return dict(c)

    # streaming clusters every chunk with what is stored: the result is one load's
    expected = union([build_records(ev, ents, gazetteer)])

    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password}
    ck = tmp_path / "progress.json"
    from diplograph.loaders.neo4j.bulk import input_fingerprint

    def load(*extra):
        return subprocess.run([sys.executable, "-m", "diplograph", "load", str(d), "--stream",
                               "--batch-size", "700", *extra], env=env, capture_output=True,
                              text=True, timeout=600)

    # a checkpoint of another input, of another chunk size, or a damaged one is refused
    ck.write_text(json.dumps({"chunks": 9}))  # no fingerprint: written for something else
    for extra, what in ((["--chunk-size", "500"], "no fingerprint"),):
        bad = load(*extra, "--checkpoint", str(ck))
        assert bad.returncode == 1 and bad.stderr.startswith(f"Error: {ck}: was written for another input")
    ck.write_text(json.dumps({"chunks": 2, "input": input_fingerprint(d / "events.jsonl", 500)}))
    bad = load("--chunk-size", "400", "--checkpoint", str(ck))
    assert bad.returncode == 1 and "(chunk_size differ)" in bad.stderr.splitlines()[0]
    ck.write_text('{"chunks": 2, "inp')
    bad = load("--chunk-size", "500", "--checkpoint", str(ck))
    assert bad.returncode == 1 and bad.stderr.startswith(f"Error: {ck}: damaged checkpoint")
    assert counts(neo4j_driver) == {}  # nothing was written by the refused runs
    ck.write_text(json.dumps({"chunks": 2, "input": input_fingerprint(d / "events.jsonl", 500)}))
    # as if two parts were done before a stop
    run = subprocess.run([sys.executable, "-m", "diplograph", "load", str(d), "--stream",
                          "--chunk-size", "500", "--batch-size", "700", "--checkpoint", str(ck)],
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert json.loads(ck.read_text())["chunks"] == 7
    partial = counts(neo4j_driver)
    rest = union([build_records(ev[500:], [], gazetteer)])  # event chunks 2-6 only
    assert (partial["Meeting"], partial["REPORTED_IN"]) == (rest["Meeting"], rest["REPORTED_IN"])
    ck.unlink()  # a full run over the same data
    run = subprocess.run([sys.executable, "-m", "diplograph", "load", str(d), "--stream",
                          "--chunk-size", "500"], env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr
    assert counts(neo4j_driver) == dict(expected)


def test_streamed_bulk_import_equals_the_streamed_loader(tmp_path, gazetteer):
    """`load DIR --bulk --stream` writes the import CSVs chunk by chunk; the imported
    database holds what the streamed records hold."""
    from generate import iter_entities, iter_events
    from diplograph.graph.model import Entity, Event
    from diplograph.loaders.neo4j import server as srv
    from diplograph.loaders.neo4j.bulk import stream_records

    d = tmp_path / "facts"
    d.mkdir()
    events = list(iter_events(2000, seed=5))
    entities = list(iter_entities(2000, seed=5))
    (d / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    (d / "entities.jsonl").write_text("".join(json.dumps(e) + "\n" for e in entities))
    parts = list(stream_records([Event(**e) for e in events], [Entity(**e) for e in entities],
                                gazetteer, chunk_size=400))
    nodes = {k: v for p in parts for k, v in p.nodes.items()}
    rels = {k: v for p in parts for k, v in p.rels.items()}
    expected = Counter(n.label for n in nodes.values())
    expected.update(r.type for r in rels.values())

    home = tmp_path / "bulk"
    srv.start(home=home, heap="512m", quiet=True)
    try:
        res = subprocess.run([sys.executable, "-m", "diplograph", "load", str(d), "--bulk", "--stream",
                              "--chunk-size", "400", "--home", str(home)],
                             capture_output=True, text=True, timeout=600)
        assert res.returncode == 0, res.stderr
        info = json.loads((home / "state.json").read_text())
        with connect(Connection(info["uri"], "neo4j", info["password"])) as drv:
            assert counts(drv) == dict(sorted(expected.items()))
            assert expected["Meeting"] > 1500
    finally:
        srv.stop(home=home, quiet=True)


def test_a_failed_import_leaves_a_server_that_starts_with_its_data(tmp_path):
    """neo4j-admin refuses an import (a relationship to a node that does not exist); the
    server is started again as `load --bulk` does after a failure, and answers with the
    data it held before."""
    from diplograph.errors import DiplographError
    from diplograph.loaders.neo4j import server as srv
    from diplograph.loaders.neo4j.bulk import admin_import

    home = tmp_path / "failing"
    info = srv.start(home=home, heap="512m", quiet=True)
    try:
        with connect(Connection(info.uri, info.user, info.password)) as d:
            d.execute_query("CREATE (:Keep {name: $n})", n="before the import")
        srv.stop(home=home, quiet=True)
        nodes, rels = tmp_path / "nodes.csv", tmp_path / "rels.csv"
        nodes.write_text("id:ID,name\na,A\n", encoding="utf-8")
        rels.write_text(":START_ID,:END_ID\na,no-such-node\n", encoding="utf-8")
        with pytest.raises(DiplographError, match="neo4j-admin import failed"):
            admin_import(home, [("nodes", "Thing", nodes), ("relationships", "REL", rels)])
        info = srv.start(home=home, heap="512m", quiet=True)
        with connect(Connection(info.uri, info.user, info.password)) as d:
            recs, _, _ = d.execute_query("MATCH (k:Keep) RETURN k.name AS name")
            assert [r["name"] for r in recs] == ["before the import"]
    finally:
        srv.stop(home=home, quiet=True)


def test_a_written_batch_is_freed_without_the_cyclic_collector(neo4j_driver):
    """The driver's result objects hold each statement's parameters in reference cycles;
    the loader empties them once a statement is done, so a batch of rows is freed by
    reference counting and never waits for (or pins memory until) a full collection."""
    import gc

    from diplograph.loaders.neo4j.store import _write_batches

    rows = [{"id": f"gc-test-{i}", "props": {"name": f"n{i}", "aliases": [f"a{i}"]}} for i in range(3000)]
    gc.collect()
    gc.disable()
    try:
        _write_batches(neo4j_driver, "UNWIND $rows AS row MERGE (n:GcProbe {id: row.id}) SET n += row.props",
                       rows, 1000, None, None)
        del rows
        unreachable = gc.collect()
    finally:
        gc.enable()
        neo4j_driver.execute_query("MATCH (n:GcProbe) DELETE n")
    # 3,000 rows are 12,000 containers; the driver's own cycles are about 90 objects a
    # transaction (3 here)
    assert unreachable < 1000, unreachable


def test_a_streamed_load_pauses_the_collector_and_collects_every_few_chunks(neo4j_driver, gazetteer):
    """No automatic collection during a streamed load (each would traverse the plans held
    for writing); one full collection every ``collect_every`` chunks bounds the garbage;
    the collector is back on afterwards, and the graph is the one a single build makes."""
    import gc

    from generate import iter_entities, iter_events
    from diplograph.graph.model import Entity, Event
    from diplograph.loaders.neo4j.bulk import stream_write

    ev = [Event(**e) for e in iter_events(1200, seed=5)]
    ents = [Entity(**e) for e in iter_entities(1200, seed=5)]
    apply_schema(neo4j_driver)
    seen = []

    def watch(phase, info):
        if phase == "start":  # an explicit collection runs with the collector off
            seen.append((info["generation"], gc.isenabled()))

    gc.callbacks.append(watch)
    try:
        # the entities, then six chunks of 200: parts 0-6, collections before parts 3 and 6
        stream_write(neo4j_driver, ev, ents, gazetteer, chunk_size=200, batch_size=150,
                     collect_every=3)
    finally:
        gc.callbacks.remove(watch)
    explicit = [i for i, (_, auto) in enumerate(seen) if not auto]
    assert [seen[i][0] for i in explicit] == [2, 2], seen
    # automatic collections only once the load is over
    assert all(i > explicit[-1] for i, (_, auto) in enumerate(seen) if auto), seen
    assert gc.isenabled()
    data = build_records(ev, ents, gazetteer)
    want = Counter(n.label for n in data.nodes.values())
    want.update(r.type for r in data.rels.values())
    assert counts(neo4j_driver) == dict(want)


@pytest.mark.parametrize("limit,with_entities", [(1_000_000, True), (1_000_000, False), (150, True)],
                         ids=["all-plans-kept", "all-plans-kept-events-only", "kept-up-to-150-meetings"])
def test_a_streamed_load_reads_back_only_persons_it_has_not_kept(neo4j_driver, gazetteer, limit,
                                                                 with_entities):
    """Into an empty database, with every plan kept in memory (store.Overlay), the chunks
    read nothing back and ask nothing about persons: every person is new to the database
    (with or without entities written first). With the overlay cut back to the chunk being written once it holds
    more than ``limit`` meetings, persons of earlier chunks are read back from the
    database. The graph is the one a single build makes either way."""
    from generate import iter_entities, iter_events
    from diplograph.graph.model import Entity, Event
    from diplograph.loaders.neo4j.bulk import stream_write

    ev = [Event(**e) for e in iter_events(1200, seed=6)]
    ents = [Entity(**e) for e in iter_entities(1200, seed=6)] if with_entities else []
    apply_schema(neo4j_driver)
    asked = []
    real = neo4j_driver.execute_query

    about_persons = []

    def spy(query, *args, **kwargs):  # the real server answers; read-backs are counted
        if query.startswith("UNWIND $keys"):
            asked.append(len(kwargs["keys"]))
        if "EXISTS { (p)-[:ATTENDED]" in query or "p._sig AS sig" in query:
            about_persons.append(len(kwargs["ids"]))
        return real(query, *args, **kwargs)

    neo4j_driver.execute_query = spy
    try:
        stream_write(neo4j_driver, ev, ents, gazetteer, chunk_size=200, batch_size=150,
                     overlay_meetings=limit)
    finally:
        del neo4j_driver.execute_query
    assert (sum(asked) == 0) == (limit > len(ev)), asked
    # the database was empty when the load began: no person is asked about while the
    # overlay made then holds every plan (the one made after the cut-back does ask)
    assert (sum(about_persons) == 0) == (limit > len(ev)), about_persons
    data = build_records(ev, ents, gazetteer)
    want = Counter(n.label for n in data.nodes.values())
    want.update(r.type for r in data.rels.values())
    assert counts(neo4j_driver) == dict(want)



def test_meetings_known_to_be_new_are_created_and_a_stored_one_is_never_doubled(
        neo4j_driver, gazetteer, monkeypatch):
    """Into an empty database the streamed loader CREATEs the meetings no earlier chunk
    wrote (LoadPlan.new) and MERGEs those a chunk re-clusters; the graph is the one a
    single build makes. A meeting wrongly taken for new is refused by the uniqueness
    constraint, never stored twice."""
    from generate import iter_events
    from diplograph.graph.model import Event
    from diplograph.loaders.neo4j import store
    from diplograph.loaders.neo4j.bulk import stream_write
    from diplograph.loaders.neo4j.store import Overlay, plan_load

    ev = [Event(**e) for e in iter_events(900, seed=7)]
    apply_schema(neo4j_driver)
    seen = []
    real = store.write_graph

    def noted(driver, data, *args, **kwargs):
        meetings = {n for n, node in data.nodes.items() if node.label == "Meeting"}
        seen.append((len(meetings), len(kwargs["new"] & meetings), len(kwargs["new"])))
        return real(driver, data, *args, **kwargs)

    monkeypatch.setattr(store, "write_graph", noted)
    stream_write(neo4j_driver, ev, (), gazetteer, chunk_size=150, batch_size=40)
    assert len(seen) == 6 and seen[0][0] == seen[0][1] > 0, seen  # the first: all new
    assert all(new == inside for _, inside, new in seen), seen
    # later chunks re-cluster meetings earlier ones wrote: those are not new
    assert sum(total - inside for total, inside, _ in seen[1:]) > 0, seen
    data = build_records(ev, (), gazetteer)
    want = Counter(n.label for n in data.nodes.values())
    want.update(r.type for r in data.rels.values())
    assert counts(neo4j_driver) == dict(want)
    # into a database that holds meetings nothing is taken for new: a reload in other
    # chunks MERGEs and changes nothing
    seen.clear()
    stream_write(neo4j_driver, ev[::-1], (), gazetteer, chunk_size=200, batch_size=40)
    monkeypatch.undo()
    assert seen and all(new == 0 for _, _, new in seen), seen
    assert counts(neo4j_driver) == dict(want)

    # a plan that takes every stored meeting for new: refused, nothing doubled
    plan = plan_load(None, ev[:50], (), gazetteer, overlay=Overlay(empty=(True, True)))
    assert plan.new and plan.new <= {n for n, x in plan.data.nodes.items() if x.label == "Meeting"}
    with pytest.raises(Exception) as err:
        store.apply_load(neo4j_driver, plan, batch_size=40)
    assert "ConstraintValidationFailed" in str(getattr(err.value, "code", "")) + str(err.value)
    assert counts(neo4j_driver) == dict(want)


def test_a_streamed_load_first_restores_the_reports_a_cut_off_load_kept(neo4j_driver, gazetteer):
    """A load cut off after removing a stored meeting (its reports only in the journal
    node): the next streamed load, of other events, reads the journal with its first
    chunk, so the meeting is back and the journal gone."""
    from diplograph.graph.model import Event
    from diplograph.loaders.neo4j.bulk import stream_write
    from diplograph.loaders.neo4j.store import JOURNAL, load_events

    apply_schema(neo4j_driver)
    kept = Event(article="a.txt", type="meeting", date="2024-06-01",
                 participants=["Ana Berg", "Boris Kolov"])
    load_events(neo4j_driver, [kept], (), gazetteer)
    neo4j_driver.execute_query(
        f"MATCH (m:Meeting) CREATE (:{JOURNAL} {{id: 'journal:cut', reports: m._reports}}) "
        "DETACH DELETE m")
    assert counts(neo4j_driver).get("Meeting", 0) == 0
    other = [Event(article=f"b{i}.txt", type="visit", date="2024-07-0{}".format(i + 1),
                   visitor_state="RU", host_state="KP", participants=["Chen Ming"]) for i in range(3)]
    stream_write(neo4j_driver, other, (), gazetteer, chunk_size=1, batch_size=2)
    recs, _, _ = neo4j_driver.execute_query("MATCH (m:Meeting) RETURN m.id AS id ORDER BY id")
    assert "meeting:2024-06-01-talks-ana-berg-boris-kolov" in [r["id"] for r in recs]
    assert counts(neo4j_driver).get(JOURNAL, 0) == 0


def _written_by(tmp_path, monkeypatch, fail_at=None, how=None):
    """store.apply_load, noting the process each part is written in (a file per call);
    at the ``fail_at``-th call it fails ``how`` instead."""
    from diplograph.loaders.neo4j import store

    real = store.apply_load
    log = tmp_path / "writers"
    log.mkdir()

    def noted(*args, **kwargs):
        n = len(list(log.iterdir()))
        (log / f"{n:03d}").write_text(str(os.getpid()))
        if n == fail_at:
            how()
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "apply_load", noted)
    return lambda: [int(p.read_text()) for p in sorted(log.iterdir())]


def test_chunks_written_by_forked_children_make_the_graph_one_build_makes(
        tmp_path, monkeypatch, neo4j_server, neo4j_driver, gazetteer):
    """With ``reconnect`` each part is written by a child process forked for it, with its
    own driver: one child per part, never the loader itself; progress comes back through
    the pipe; the stored graph is the one a single build makes, and loading it all
    again the same way changes nothing."""
    from generate import iter_entities, iter_events
    from diplograph.graph.model import Entity, Event
    from diplograph.graph.records import to_networkx
    from diplograph.loaders.neo4j.bulk import can_fork, stream_write

    assert can_fork()
    ev = [Event(**e) for e in iter_events(1200, seed=7)]
    ents = [Entity(**e) for e in iter_entities(1200, seed=7)]
    apply_schema(neo4j_driver)
    pids = _written_by(tmp_path, monkeypatch)
    got = []
    res = stream_write(neo4j_driver, ev, ents, gazetteer, chunk_size=200, batch_size=150,
                       progress=got.append, reconnect=lambda: connect(neo4j_server))
    writers = pids()
    assert len(writers) == 7 and len(set(writers)) == 7 and os.getpid() not in writers
    assert sum(got) > 0 and res["rows"] > 0
    data = build_records(ev, ents, gazetteer)
    assert nx.utils.graphs_equal(read_graph(neo4j_driver), to_networkx(data))
    before = counts(neo4j_driver)
    stream_write(neo4j_driver, ev[::-1], ents, gazetteer, chunk_size=300, batch_size=150,
                 reconnect=lambda: connect(neo4j_server))
    assert counts(neo4j_driver) == before
    assert nx.utils.graphs_equal(read_graph(neo4j_driver), to_networkx(data))


@pytest.mark.parametrize("fault", ["refused", "killed"])
def test_a_writing_child_that_fails_fails_the_load_and_its_chunk_is_not_recorded(
        tmp_path, monkeypatch, neo4j_server, neo4j_driver, gazetteer, fault):
    """The server's refusal in a child reaches the loader as the driver's own error (its
    type, code and message: the CLI's one-line error depends on them); a child killed
    outright is an error naming its exit code. Either way the checkpoint holds only the
    parts written before, and a re-run finishes the graph one build makes."""
    import signal

    from neo4j.exceptions import ConstraintError, Neo4jError as DriverNeo4jError

    from generate import iter_entities, iter_events
    from diplograph.graph.model import Entity, Event
    from diplograph.loaders.neo4j.bulk import stream_write

    def refuse():
        raise DriverNeo4jError._hydrate_neo4j(code="Neo.ClientError.Schema.ConstraintValidationFailed",
                                              message="refused in the child")

    def kill():
        os.kill(os.getpid(), signal.SIGKILL)

    ev = [Event(**e) for e in iter_events(800, seed=8)]
    ents = [Entity(**e) for e in iter_entities(800, seed=8)]
    apply_schema(neo4j_driver)
    _written_by(tmp_path, monkeypatch, fail_at=2, how=refuse if fault == "refused" else kill)
    ck = tmp_path / "ck.json"
    kw = dict(chunk_size=200, batch_size=100, checkpoint=ck, reconnect=lambda: connect(neo4j_server))
    if fault == "refused":
        with pytest.raises(ConstraintError) as err:
            stream_write(neo4j_driver, ev, ents, gazetteer, **kw)
        assert err.value.code == "Neo.ClientError.Schema.ConstraintValidationFailed"
        assert err.value.message == "refused in the child"
    else:
        with pytest.raises(RuntimeError, match=r"exit code -9"):
            stream_write(neo4j_driver, ev, ents, gazetteer, **kw)
    assert json.loads(ck.read_text())["chunks"] == 2  # the entities and the first chunk
    monkeypatch.undo()
    stream_write(neo4j_driver, ev, ents, gazetteer, **kw)
    data = build_records(ev, ents, gazetteer)
    want = Counter(n.label for n in data.nodes.values())
    want.update(r.type for r in data.rels.values())
    assert counts(neo4j_driver) == dict(want)
