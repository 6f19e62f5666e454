"""Database faults and injection against real Neo4j servers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from diplograph.graph.records import build_records
from diplograph.graph.model import Event
from diplograph.loaders.neo4j.store import apply_schema, connect, counts, load_events, write_graph

pytestmark = pytest.mark.neo4j
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

HOSTILE = ["'}) DETACH DELETE n //", "$x", "`a`:Label", "Robert'); MATCH (m) DELETE m;--",
           "<img src=x onerror=alert(1)>"]


def test_hostile_names_are_stored_verbatim_and_change_nothing_else(neo4j_driver, curated,
                                                                   gazetteer):
    from diplograph.app import collect_entities

    apply_schema(neo4j_driver)
    ents = collect_entities(curated.events, curated.entities)
    write_graph(neo4j_driver, build_records(curated.events, ents, gazetteer, curated.articles))
    before = counts(neo4j_driver)
    evil = Event(article="evil'}) DELETE n.txt", type="meeting", date="2024-05",
                 participants=HOSTILE, participant_states={n: "RU" for n in HOSTILE},
                 place="$place", evidence={"text": "MATCH (n) DETACH DELETE n", "start": 0, "end": 25})
    write_graph(neo4j_driver, build_records([evil], [], gazetteer))
    names, _, _ = neo4j_driver.execute_query(
        "MATCH (p:Person) WHERE p.name IN $names RETURN p.name AS n", names=HOSTILE)
    assert sorted(r["n"] for r in names) == sorted(HOSTILE)
    after = counts(neo4j_driver)
    assert after["Person"] == before["Person"] + len(HOSTILE)
    assert after["Meeting"] == before["Meeting"] + 1
    assert after["State"] == before["State"] and after["HOLDS_ROLE"] == before["HOLDS_ROLE"]
    labels, _, _ = neo4j_driver.execute_query("CALL db.labels() YIELD label RETURN label")
    assert {r["label"] for r in labels} <= {"Person", "State", "Organization", "Place",
                                            "Meeting", "Article"}
    quote, _, _ = neo4j_driver.execute_query(
        "MATCH (:Meeting)-[r:REPORTED_IN]->(a:Article) WHERE a.source STARTS WITH 'evil' "
        "RETURN r.quote AS q, a.source AS s")
    assert quote[0]["q"] == "MATCH (n) DETACH DELETE n" and quote[0]["s"] == "evil'}) DELETE n.txt"


def test_unknown_label_cannot_reach_query_text():
    from diplograph.loaders.neo4j.store import node_query, rel_query

    with pytest.raises(ValueError):
        node_query("Person {id: 1}) DETACH DELETE n //")
    with pytest.raises(ValueError):
        rel_query("ATTENDED]->() DELETE x //", "Person", "Meeting")


def _counts_of(data) -> dict:
    c = Counter(n.label for n in data.nodes.values())
    c.update(r.type for r in data.rels.values())
    return dict(c)


def test_server_killed_mid_load_then_rerun_completes(tmp_path):
    from generate import iter_entities, iter_events
    from diplograph.loaders.neo4j import server as srv
    from diplograph.loaders.curated import load_curated
    from diplograph.loaders.gazetteer import load_gazetteer
    from diplograph.app import collect_entities

    facts_dir = tmp_path / "facts"
    facts_dir.mkdir()
    n = 6000
    (facts_dir / "events.jsonl").write_text(
        "".join(json.dumps(e) + "\n" for e in iter_events(n, seed=5)), encoding="utf-8")
    (facts_dir / "entities.jsonl").write_text(
        "".join(json.dumps(e) + "\n" for e in iter_entities(n, seed=5)), encoding="utf-8")
    facts = load_curated(facts_dir)
    expected = _counts_of(build_records(facts.events, collect_entities(facts.events, facts.entities),
                                        load_gazetteer(), facts.articles))

    home = tmp_path / "neo4j"
    info = srv.start(home=home, heap="512m")
    env = {**os.environ, "NEO4J_URI": info.uri, "NEO4J_USER": "neo4j",
           "NEO4J_PASSWORD": info.password, "DIPLOGRAPH_NEO4J_RETRY_SECONDS": "5"}
    try:
        proc = subprocess.Popen([sys.executable, "-m", "diplograph", "load", str(facts_dir),
                                 "--batch-size", "100"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        with connect(srv_conn(info)) as d:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                got = counts(d).get("Person", 0)
                if got > 0:
                    break
                time.sleep(0.2)
        os.killpg(os.getpgid(info.pid), signal.SIGKILL)  # the server dies mid-load
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 1, (out, err)
        lines = err.strip().splitlines()
        assert lines[-1].startswith(f"Error: lost Neo4j at {info.uri} after "), err
        assert "re-run the same command" in lines[-1]
        assert info.password not in err

        info = srv.start(home=home, heap="512m")  # restart: same data, same password
        env["NEO4J_URI"] = info.uri
        with connect(srv_conn(info)) as d:
            partial = counts(d)
        assert 0 < sum(partial.values()) < sum(expected.values())
        again = subprocess.run([sys.executable, "-m", "diplograph", "load", str(facts_dir)],
                               env=env, capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr
        with connect(srv_conn(info)) as d:
            assert counts(d) == expected  # nothing duplicated, nothing missing
    finally:
        srv.stop(home=home, quiet=True)


def srv_conn(info):
    from diplograph.loaders.neo4j.store import Connection

    return Connection(info.uri, info.user, info.password)


def _echoed_events(n: int, seed: int) -> list[dict]:
    """Generated events plus, for every third one, a second report of it from another
    article with only its month (or year): reports that could join more than one meeting."""
    import random

    from generate import iter_events

    rnd = random.Random(seed)
    out = []
    for i, e in enumerate(iter_events(n, seed=seed)):
        out.append(e)
        if i % 3 == 0 and e["date"]:
            out.append({**e, "article": f"echo-{i}.txt", "evidence": None,
                        "date": e["date"][:7] if rnd.random() < 0.7 else e["date"][:4]})
    return out


def _pairs(driver) -> list:
    recs, _, _ = driver.execute_query(
        "MATCH (m:Meeting)-[:REPORTED_IN]->(a:Article) RETURN m.id AS m, a.id AS a")
    return sorted((r["m"], r["a"]) for r in recs)


def test_killed_mid_reload_over_stored_data_then_rerun_equals_one_clean_load(tmp_path):
    """Part of the data is stored; the full load (which re-clusters stored meetings with
    the new reports) loses its server to kill -9; after a restart the same command ends
    with exactly the graph of one load of everything: every count, every REPORTED_IN pair,
    every property."""
    import random

    import networkx as nx

    from generate import iter_entities
    from diplograph.app import collect_entities
    from diplograph.graph.records import to_networkx
    from diplograph.loaders.neo4j import server as srv
    from diplograph.loaders.curated import load_curated
    from diplograph.loaders.gazetteer import load_gazetteer
    from diplograph.loaders.neo4j.store import read_graph

    n = 2500
    events = _echoed_events(n, seed=11)
    ents = list(iter_entities(n, seed=11))
    some = random.Random(2).sample(events, len(events) // 2)
    for name, evs in (("some", some), ("all", events)):
        d = tmp_path / name
        d.mkdir()
        (d / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in evs), encoding="utf-8")
        (d / "entities.jsonl").write_text("".join(json.dumps(e) + "\n" for e in ents),
                                          encoding="utf-8")
    facts = load_curated(tmp_path / "all")
    data = build_records(facts.events, collect_entities(facts.events, facts.entities),
                         load_gazetteer(), facts.articles)
    expected = to_networkx(data)
    want_pairs = sorted((r.src, r.dst) for r in data.rels.values() if r.type == "REPORTED_IN")

    home = tmp_path / "neo4j"
    info = srv.start(home=home, heap="512m")
    env = {**os.environ, "NEO4J_URI": info.uri, "NEO4J_USER": "neo4j",
           "NEO4J_PASSWORD": info.password, "DIPLOGRAPH_NEO4J_RETRY_SECONDS": "5"}
    try:
        first = subprocess.run([sys.executable, "-m", "diplograph", "load", str(tmp_path / "some")],
                               env=env, capture_output=True, text=True, timeout=600)
        assert first.returncode == 0, first.stderr
        with connect(srv_conn(info)) as d:
            stored = counts(d)
        proc = subprocess.Popen([sys.executable, "-m", "diplograph", "load", str(tmp_path / "all"),
                                 "--batch-size", "20"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        with connect(srv_conn(info)) as d:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and counts(d) == stored and proc.poll() is None:
                time.sleep(0.05)
        os.killpg(os.getpgid(info.pid), signal.SIGKILL)  # the server dies mid-load
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 1, (out, err)
        assert err.strip().splitlines()[-1].startswith(f"Error: lost Neo4j at {info.uri} after ")

        info = srv.start(home=home, heap="512m")
        env["NEO4J_URI"] = info.uri
        with connect(srv_conn(info)) as d:
            partial = counts(d)
        assert partial not in (stored, {k: v for k, v in _counts_of(data).items()})
        again = subprocess.run([sys.executable, "-m", "diplograph", "load", str(tmp_path / "all")],
                               env=env, capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr
        with connect(srv_conn(info)) as d:
            assert counts(d) == _counts_of(data)  # nothing duplicated, nothing missing
            assert _pairs(d) == want_pairs
            assert nx.utils.graphs_equal(read_graph(d), expected)
    finally:
        srv.stop(home=home, quiet=True)


def test_stream_load_losing_its_server_says_one_line_and_resumes_to_one_load(tmp_path):
    """`load --stream --checkpoint` loses its server to kill -9: one Error line (no raw
    ServiceUnavailable); after a restart the same command resumes from the checkpoint and
    ends with the graph of one load of everything."""
    import networkx as nx

    from generate import iter_entities
    from diplograph.graph.model import Entity, Event
    from diplograph.graph.records import to_networkx
    from diplograph.loaders.neo4j import server as srv
    from diplograph.loaders.gazetteer import load_gazetteer
    from diplograph.loaders.neo4j.store import read_graph

    n = 2500
    events = _echoed_events(n, seed=13)
    ents = list(iter_entities(n, seed=13))
    d = tmp_path / "facts"
    d.mkdir()
    (d / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    (d / "entities.jsonl").write_text("".join(json.dumps(e) + "\n" for e in ents), encoding="utf-8")
    data = build_records([Event(**e) for e in events], [Entity(**e) for e in ents], load_gazetteer())
    want_pairs = sorted((r.src, r.dst) for r in data.rels.values() if r.type == "REPORTED_IN")

    home = tmp_path / "neo4j"
    ck = tmp_path / "progress.json"
    info = srv.start(home=home, heap="512m")
    env = {**os.environ, "NEO4J_URI": info.uri, "NEO4J_USER": "neo4j",
           "NEO4J_PASSWORD": info.password, "DIPLOGRAPH_NEO4J_RETRY_SECONDS": "5"}
    cmd = [sys.executable, "-m", "diplograph", "load", str(d), "--stream", "--chunk-size", "300",
           "--batch-size", "50", "--checkpoint", str(ck)]
    try:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not ck.exists() and proc.poll() is None:
            time.sleep(0.05)
        time.sleep(0.5)
        os.killpg(os.getpgid(info.pid), signal.SIGKILL)
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 1, (out, err)
        last = err.strip().splitlines()[-1]
        assert last.startswith(f"Error: lost Neo4j at {info.uri} after "), err
        assert "ServiceUnavailable" not in err.replace("(ServiceUnavailable)", "") and "Traceback" not in err
        assert info.password not in err
        done = json.loads(ck.read_text())["chunks"]
        assert done >= 1
        info = srv.start(home=home, heap="512m")
        env["NEO4J_URI"] = info.uri
        cmd2 = cmd[:]
        again = subprocess.run(cmd2, env=env, capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr
        with connect(srv_conn(info)) as drv:
            assert counts(drv) == _counts_of(data)
            assert _pairs(drv) == want_pairs
            assert nx.utils.graphs_equal(read_graph(drv), to_networkx(data))
    finally:
        srv.stop(home=home, quiet=True)


def test_a_huge_meeting_is_written_in_bounded_transactions(tmp_path, gazetteer, monkeypatch):
    """Issue 14, item 4: a meeting with thousands of participants, on a server whose
    per-transaction memory is capped. In one transaction it fails with the server's own
    reason (reported as such, not as a lost server); the bounded writer loads it, and a
    second load changes nothing."""
    from neo4j.exceptions import Neo4jError as DriverNeo4jError

    from diplograph.errors import Neo4jError
    from diplograph.loaders.neo4j import server as srv
    import networkx as nx

    from diplograph.graph.records import to_networkx
    from diplograph.loaders.neo4j.store import Connection, server_refused
    from test_neo4j_idempotent import same, snapshot

    monkeypatch.setenv("DIPLOGRAPH_NEO4J_RETRY_SECONDS", "1")  # a memory error is "transient"
    people = [f"Delegate Nummer{i:05d}" for i in range(12000)]
    big = Event(article="forum.txt", type="meeting", date="2019-04-25", place="Wladiwostok",
                participants=people, participant_states={p: "RU" for p in people})
    want = build_records([big], [], gazetteer)
    home = tmp_path / "capped"
    info = srv.start(home=home, heap="512m", quiet=True,
                     settings={"db.memory.transaction.max": "8m"})
    conn = Connection(info.uri, "neo4j", info.password)
    try:
        with connect(conn) as d:
            apply_schema(d)
            with pytest.raises(DriverNeo4jError) as exc:  # one transaction: over the cap
                load_events(d, [big], [], gazetteer, batch_size=100000, max_rels=10 ** 9)
            err = server_refused(exc.value, conn, "after 0 rows")
            assert isinstance(err, Neo4jError) and "Memory" in str(err) and "--batch-size" in str(err)
            d.execute_query("MATCH (n) DETACH DELETE n")
            load_events(d, [big], [], gazetteer, batch_size=1000, max_rels=2000)
            first = snapshot(d)
            assert first[0]["ATTENDED"] == 12000 and first[0]["Meeting"] == 1
            assert nx.utils.graphs_equal(first[2], to_networkx(want))
            load_events(d, [big], [], gazetteer, batch_size=1000, max_rels=2000)
            assert same(snapshot(d), first)
    finally:
        srv.stop(home=home, quiet=True)
