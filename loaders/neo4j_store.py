"""Write the graph into Neo4j and read it back.

Every write is ``UNWIND $rows AS row MERGE …`` in a managed write transaction, one batch
at a time, every value a parameter. Labels and relationship types in query text come
only from the model's fixed set (:data:`graph.model.NODE_TYPES`, ``REL_TYPES``), never
from data. MERGE on keys makes a batch idempotent, so a retried or repeated load changes
nothing.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx

from graph.build import GraphData
from graph.errors import Neo4jAuthError, Neo4jError, Neo4jUnavailable
from graph.model import NODE_TYPES, REL_TYPES

__all__ = [
    "Connection",
    "connection_from_env",
    "connect",
    "apply_schema",
    "write_graph",
    "read_graph",
    "counts",
    "batched",
    "node_query",
    "rel_query",
    "mask",
]

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "cypher" / "schema.cypher"


@dataclass
class Connection:
    uri: str
    user: str
    password: str
    database: str | None = None

    def __repr__(self) -> str:  # never show the password
        return f"Connection(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"


def mask(text: str, secret: str | None) -> str:
    return text.replace(secret, "****") if secret else text


def connection_from_env(uri=None, user=None, password=None, database=None) -> Connection:
    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        raise Neo4jError("no Neo4j URI: set NEO4J_URI (try `eval \"$(diplograph neo4j start)\"`) "
                         "or pass --neo4j-uri")
    return Connection(
        uri=uri,
        user=user or os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME") or "neo4j",
        password=password if password is not None else os.environ.get("NEO4J_PASSWORD", ""),
        database=database or os.environ.get("NEO4J_DATABASE") or None,
    )


def connect(conn: Connection):
    """A verified driver, or a one-line error naming the URI."""
    from neo4j import GraphDatabase, NotificationMinimumSeverity
    from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable

    try:
        retry = float(os.environ.get("DIPLOGRAPH_NEO4J_RETRY_SECONDS", "30"))
        driver = GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password),
                                      connection_timeout=10, max_transaction_retry_time=retry,
                                      notifications_min_severity=NotificationMinimumSeverity.OFF)
    except (ValueError, ConfigurationError) as exc:
        raise Neo4jError(f"bad Neo4j URI {conn.uri!r}: {exc}") from None
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        raise Neo4jAuthError(f"Neo4j at {conn.uri} refused user {conn.user!r}: wrong password? "
                             "(check NEO4J_USER / NEO4J_PASSWORD)") from None
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        raise Neo4jUnavailable(f"cannot reach Neo4j at {conn.uri} "
                               f"({mask(str(exc).splitlines()[0] if str(exc) else 'no answer', conn.password)}); "
                               "is the server running? (`diplograph neo4j start`)") from None
    return driver


def schema_statements(path: Path = SCHEMA_FILE) -> list[str]:
    text = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
    return [s.strip() for s in text.split(";") if s.strip()]


def apply_schema(driver, database: str | None = None) -> int:
    stmts = schema_statements()
    for stmt in stmts:
        driver.execute_query(stmt, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    return len(stmts)


def batched(rows: Iterable, n: int) -> Iterator[list]:
    batch = []
    for r in rows:
        batch.append(r)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


def node_query(label: str) -> str:
    if label not in NODE_TYPES:
        raise ValueError(f"unknown label {label!r}")
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props"


def rel_query(rel_type: str, src_label: str, dst_label: str) -> str:
    if rel_type not in REL_TYPES or src_label not in NODE_TYPES or dst_label not in NODE_TYPES:
        raise ValueError(f"unknown relationship {rel_type!r} {src_label!r}->{dst_label!r}")
    key = " {title: row.props.title}" if rel_type == "HOLDS_ROLE" else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.src}}) "
        f"MATCH (b:{dst_label} {{id: row.dst}}) "
        f"MERGE (a)-[r:{rel_type}{key}]->(b) SET r += row.props"
    )


def _clean(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None}


def _write_batches(driver, query, rows, batch_size, database, progress):
    def work(tx, batch):
        tx.run(query, rows=batch).consume()

    with driver.session(database=database) as session:
        for batch in batched(rows, batch_size):
            session.execute_write(work, batch)
            if progress:
                progress(len(batch))


def write_graph(driver, data: GraphData, batch_size: int = 1000, database: str | None = None,
                progress: Callable[[int], None] | None = None) -> dict:
    """MERGE every node, then every relationship; returns rows written per kind."""
    done: dict[str, int] = {}
    if data.replace_place:  # before the nodes, so a place still in use is written again
        _write_batches(driver, DROP_PLACES, sorted(data.replace_place), batch_size, database, None)
    by_label = defaultdict(list)
    for node in data.nodes.values():
        by_label[node.label].append(
            {"id": node.id, "props": _clean(node.model_dump(mode="json", exclude={"id"}))})
    for label in sorted(by_label):
        _write_batches(driver, node_query(label), by_label[label], batch_size, database, progress)
        done[label] = len(by_label[label])
    by_type = defaultdict(list)
    for rel in data.rels.values():
        src, dst = data.nodes[rel.src].label, data.nodes[rel.dst].label
        by_type[(rel.type, src, dst)].append(
            {"src": rel.src, "dst": rel.dst,
             "props": _clean(rel.model_dump(mode="json", exclude={"src", "dst"}))})
    for key in sorted(by_type):
        _write_batches(driver, rel_query(*key), by_type[key], batch_size, database, progress)
        done[key[0]] = done.get(key[0], 0) + len(by_type[key])
    return done


DROP_PLACES = (
    "UNWIND $rows AS id MATCH (:Meeting {id: id})-[r:HELD_IN]->(p:Place) DELETE r "
    "WITH DISTINCT p WHERE NOT EXISTS { (p)<-[:HELD_IN]-() } DETACH DELETE p"
)
READ_NODES = "MATCH (n) WHERE n.id IS NOT NULL RETURN labels(n) AS labels, properties(n) AS props"
READ_RELS = ("MATCH (a)-[r]->(b) WHERE a.id IS NOT NULL AND b.id IS NOT NULL "
             "RETURN a.id AS src, type(r) AS type, b.id AS dst, properties(r) AS props")


def read_graph(driver, database: str | None = None) -> nx.MultiDiGraph:
    """The graph held by the database as the same MultiDiGraph the build makes."""
    from neo4j import RoutingControl

    G = nx.MultiDiGraph()
    nodes, _, _ = driver.execute_query(READ_NODES, database_=database, routing_=RoutingControl.READ)
    for rec in sorted(nodes, key=lambda r: r["props"]["id"]):
        label = next((l for l in rec["labels"] if l in NODE_TYPES), None)
        if label is None:
            continue
        node = NODE_TYPES[label].model_validate(rec["props"])
        G.add_node(node.id, label=label, **node.model_dump(exclude={"id"}))
    rels, _, _ = driver.execute_query(READ_RELS, database_=database, routing_=RoutingControl.READ)
    for rec in sorted(rels, key=lambda r: (r["type"], r["src"], r["dst"], str(r["props"]))):
        cls = REL_TYPES.get(rec["type"])
        if cls is None:
            continue
        rel = cls.model_validate({"src": rec["src"], "dst": rec["dst"], **rec["props"]})
        G.add_edge(rel.src, rel.dst, key=rel.edge_key, type=rel.type,
                   **rel.model_dump(exclude={"src", "dst"}))
    return G


def counts(driver, database: str | None = None) -> dict[str, int]:
    """Nodes per label and relationships per type."""
    from neo4j import RoutingControl

    out: dict[str, int] = {}
    recs, _, _ = driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n",
        database_=database, routing_=RoutingControl.READ)
    out.update({r["label"]: r["n"] for r in recs})
    recs, _, _ = driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n",
        database_=database, routing_=RoutingControl.READ)
    out.update({r["type"]: r["n"] for r in recs})
    return dict(sorted(out.items()))


READ_MEETINGS = (
    "MATCH (m:Meeting) RETURN m.id AS id, m.kind AS kind, m.date AS date, m.status AS status, "
    "m.sector AS sector, m.event_type AS type, m.visitor_state AS visitor, "
    "m.host_state AS host, m.place AS place, m.participants AS people"
)


def existing_meetings(driver, database: str | None = None) -> list[tuple[str, "Event"]]:
    """The meetings a database holds, as (id, event) anchors for an incremental build;
    read from the Meeting nodes alone, so a load cut off before the relationships
    still anchors the re-run."""
    from neo4j import RoutingControl

    from graph.model import Event

    recs, _, _ = driver.execute_query(READ_MEETINGS, database_=database,
                                      routing_=RoutingControl.READ)
    out = []
    for r in recs:
        people = list(r["people"] or [])
        is_visit = r["type"] == "visit" and r["visitor"] and r["host"]
        out.append((r["id"], Event(
            type="visit" if is_visit else "meeting", date=r["date"], status=r["status"],
            visitor_state=r["visitor"] if is_visit else None,
            host_state=r["host"] if is_visit else None, place=r["place"],
            participants=people, kind=r["kind"], sector=r["sector"])))
    return sorted(out, key=lambda x: x[0])
