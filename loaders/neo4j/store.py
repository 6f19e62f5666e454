"""Write the graph into Neo4j and read it back.

Every write is ``UNWIND $rows AS row MERGE …`` in a managed write transaction, one batch
at a time, every value a parameter. Labels and relationship types in query text come
only from the model's fixed set (:data:`graph.model.NODE_TYPES`, ``REL_TYPES``), never
from data. MERGE on keys makes a batch idempotent, so a retried or repeated load changes
nothing. The one exception is a streamed load into a database that held no meeting as it
began: it CREATEs the meetings none of its chunks wrote before (:attr:`LoadPlan.new`);
a retried transaction was rolled back, a repeated load MERGEs, and a meeting stored
meanwhile by someone else makes the uniqueness constraint refuse the batch.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx
from more_itertools import chunked

from diplograph.graph.records import GraphData
from diplograph.errors import Neo4jAuthError, Neo4jError, Neo4jUnavailable
from diplograph.graph.model import NODE_TYPES, REL_TYPES
from diplograph.resources import cypher_dir

__all__ = [
    "Connection",
    "connection_from_env",
    "connect",
    "apply_schema",
    "write_graph",
    "read_graph",
    "counts",
    "node_query",
    "rel_query",
    "mask",
]


class Rows(list):
    """A list of statement parameters the driver's debug line shows by its length.
    The driver (6.4) formats ``repr`` of every RUN's parameters for its debug log
    before the logger decides to drop the line: for a batch of 2,500 rows that took
    about two thirds of the time of packing the batch for the wire. Packed exactly like
    a list (tested)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def batched(items: Iterable, n: int) -> Iterable[Rows]:
    """Lists of ``n`` (the last one shorter), as :class:`Rows`."""
    return map(Rows, chunked(items, n))


SCHEMA_FILE = cypher_dir() / "schema.cypher"


@dataclass
class Connection:
    uri: str
    user: str
    password: str
    database: str | None = None

    def __repr__(self) -> str:  # never show the password
        return f"Connection(uri={safe_uri(self.uri)!r}, user={self.user!r}, database={self.database!r})"


def mask(text: str, secret: str | None) -> str:
    return text.replace(secret, "****") if secret else text


def safe_uri(uri: str | None) -> str:
    """The URI as messages show it: a password inside it (``bolt://u:pw@host``) masked."""
    import re as _re

    return _re.sub(r"(//[^/@:]*:)[^/@]*@", r"\1****@", uri or "")


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
        raise Neo4jError(f"bad Neo4j URI {safe_uri(conn.uri)!r}: "
                         f"{mask(mask(str(exc), conn.uri), conn.password)}") from None
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        raise Neo4jAuthError(f"Neo4j at {safe_uri(conn.uri)} refused user {conn.user!r}: wrong password? "
                             "(check NEO4J_USER / NEO4J_PASSWORD)") from None
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        raise Neo4jUnavailable(f"cannot reach Neo4j at {safe_uri(conn.uri)} "
                               f"({mask(str(exc).splitlines()[0] if str(exc) else 'no answer', conn.password)}); "
                               "is the server running? (`diplograph neo4j start`)") from None
    return driver


def server_refused(exc, conn: Connection, where: str) -> Neo4jError:
    """A one-line error for a write the server answered with an error (not a lost
    connection): its code and first line, and what may help."""
    code = getattr(exc, "code", None) or type(exc).__name__
    msg = mask(str(getattr(exc, "message", None) or exc).strip().splitlines()[0][:300], conn.password)
    hint = ("the transaction needs more memory than the server allows: a smaller --batch-size, "
            "or more server memory (`diplograph neo4j start --heap 2g`)"
            if "Memory" in code or "memory" in msg else "what was written is kept")
    return Neo4jError(f"Neo4j at {safe_uri(conn.uri)} refused a write {where}: {code}: {msg} ({hint})")


def load_failure(exc: BaseException, conn: Connection, where: str,
                 again: str = "re-run the same command to finish it") -> Exception | None:
    """The one-line error for a load that failed ``where`` ("after 10 of 20 rows"): the
    server's own answer when it refused a write, a lost-server line otherwise; None when
    ``exc`` is not a driver or network error (the caller re-raises it)."""
    from neo4j.exceptions import DriverError, Neo4jError as DriverNeo4jError

    from diplograph.errors import Neo4jUnavailable

    if isinstance(exc, DriverNeo4jError):  # the server answered: say what it said
        return server_refused(exc, conn, where)
    if isinstance(exc, (DriverError, OSError)):
        return Neo4jUnavailable(f"lost Neo4j at {safe_uri(conn.uri)} {where} ({type(exc).__name__}); "
                                f"what was written is kept and the load is idempotent: {again}")
    return None


def schema_statements(path: Path = SCHEMA_FILE) -> list[str]:
    text = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
    return [s.strip() for s in text.split(";") if s.strip()]


def apply_schema(driver, database: str | None = None) -> int:
    stmts = schema_statements()
    for stmt in stmts:
        driver.execute_query(stmt, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    # meetings an earlier version stored without their least precise report date get
    # their year (compatible with more), so the read-back finds them on the index
    with driver.session(database=database) as session:
        session.run("MATCH (m:Meeting) WHERE m._reports IS NOT NULL AND m._coarsest IS NULL "
                    "AND m.date IS NOT NULL CALL (m) { SET m._coarsest = substring(m.date, 0, 4) } "
                    "IN TRANSACTIONS OF 10000 ROWS").consume()
    return len(stmts)


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


def _props(item, exclude: tuple[str, ...]) -> dict:
    """A record's properties without ``None``s. The model's fields are all JSON types
    (str, int, float, lists of str), so the instance dict is the JSON dump, about five
    times faster than ``model_dump`` on a million rows (equality is tested)."""
    return {k: v for k, v in vars(item).items() if v is not None and k not in exclude}


def let_go(summary) -> None:
    """Empty a finished statement's parameters. The driver's result objects form
    reference cycles that hold them, so each batch of rows would otherwise live until
    the next full garbage collection, which on a big load re-scans millions of objects."""
    params = getattr(summary, "parameters", None)
    if isinstance(params, dict):
        params.clear()


def _write_batches(driver, query, rows, batch_size, database, progress, weight=None,
                   then: str | None = None, writers: int = 1):
    """``query`` per batch in a managed transaction. With ``then``: the ids ``query``
    returns are the rows to run ``then`` on, in the same transaction. With ``writers``
    above 1 the batches are shared out to that many sessions at once (the rows of
    different batches must touch different anchors): the server runs one while it
    commits another, and the loader packs the next meanwhile."""
    def work(tx, batch):
        if then is None:
            let_go(tx.run(query, rows=batch).consume())
            return
        result = tx.run(query, rows=batch)
        again = {rec["id"] for rec in result}
        let_go(result.consume())
        if again and then:
            let_go(tx.run(then, rows=Rows(r for r in batch if r["id"] in again)).consume())

    def lane(batches, stop=None):
        # the bookmarks execute_query keeps: a later read-back (on a cluster maybe from
        # another member) waits until it sees these writes
        with driver.session(database=database,
                            bookmark_manager=driver.execute_query_bookmark_manager) as session:
            for batch in batches:
                if stop is not None and stop.is_set():
                    return
                session.execute_write(work, batch)
                if progress:
                    with lock:
                        progress(sum(map(weight, batch)) if weight else len(batch))

    import threading

    lock = threading.Lock()
    if writers <= 1 or len(rows) <= batch_size:
        lane(batched(rows, batch_size))
        return
    from concurrent.futures import ThreadPoolExecutor

    parts, stop = list(batched(rows, batch_size)), threading.Event()
    with ThreadPoolExecutor(writers, thread_name_prefix="diplograph-lane") as pool:
        futures = [pool.submit(lane, parts[k::writers], stop) for k in range(writers)]
        try:
            for f in futures:
                f.result()
        finally:
            stop.set()  # after an error the other sessions stop at their next batch


# Anchored writes. Most relationships hang on a Meeting (ATTENDED, HOSTED_BY, HELD_IN,
# REPORTED_IN) or on a Person (HOLDS_ROLE). They are written in one statement with their
# anchor node: the anchor is MERGEd and, when this transaction created it, its
# relationships cannot exist yet and are CREATEd; when it already existed they are
# MERGEd. A node this transaction created holds only its id (every stored anchor has
# more properties), and the transaction holds its lock until it commits, so a concurrent
# or repeated load still never doubles a relationship. The MERGE statement runs, in the
# same transaction, only for the anchors that were already stored (none in a first
# load). About twice the rate of one MERGE statement per relationship type.
ANCHORS = ("Person", "Meeting")


@dataclass(frozen=True)
class _Group:
    """Relationships of one type between an anchor label and one other label."""

    type: str
    other: str
    outgoing: bool  # anchor -> other


def anchored_queries(anchor: str, groups: list[_Group], replace: bool = False,
                     create: bool = False) -> tuple[str, str | None]:
    """(first, then): ``first`` MERGEs the anchors, CREATEs the relationships of those it
    created and returns the ids of those that were already stored; ``then`` MERGEs the
    relationships of those, in the same transaction.

    With ``replace`` (meetings): a stored anchor whose ``_sig`` equals the row's is left
    alone; one whose ``_sig`` differs loses its relationships and properties and is
    written afresh, in the same statement (``then`` is None).

    With ``create``: the anchors are known not to be stored (see :attr:`LoadPlan.new`)
    and are CREATEd with their relationships; the uniqueness constraint refuses the
    statement should one be stored after all (``then`` is None)."""
    if anchor not in NODE_TYPES:
        raise ValueError(f"unknown label {anchor!r}")
    if create:
        parts = [f"UNWIND $rows AS row CREATE (n:{anchor} {{id: row.id}}) WITH n, row"]
        parts += [f"CALL {{ WITH n, row {_matched(i, g)} CREATE {_created(g)} }}"
                  for i, g in enumerate(groups)]
        return " ".join(parts + ["SET n += row.props"]), None
    # the anchor's properties are set last: a write of arbitrary properties before the
    # MATCHes of the other ends would make the server buffer every row in between
    first = [f"UNWIND $rows AS row MERGE (n:{anchor} {{id: row.id}})"]
    if replace:  # one just created has no _sig, and no relationships to delete
        first += ["WITH n, row, NOT coalesce(n._sig = row.props._sig, false) AS fresh",
                  "CALL (n, fresh) { WITH * WHERE fresh MATCH (n)-[old]-() DELETE old }"]
        last = ["CALL (n, row, fresh) { WITH * WHERE fresh SET n = row.props, n.id = row.id }"]
    else:  # one just created (by this transaction, which holds its lock) has only its id
        first += ["WITH n, row, size(keys(n)) = 1 AS fresh"]
        last = ["SET n += row.props"]
    then = [f"UNWIND $rows AS row MATCH (n:{anchor} {{id: row.id}})"]
    for i, g in enumerate(groups):
        match = _matched(i, g)
        key = " {title: x.props.title}" if g.type == "HOLDS_ROLE" else ""
        old = f"(n)-[r:{g.type}{key}]->(o)" if g.outgoing else f"(o)-[r:{g.type}{key}]->(n)"
        first.append(f"CALL {{ WITH n, row, fresh WITH * WHERE fresh {match} CREATE {_created(g)} }}")
        then.append(f"CALL {{ WITH n, row {match} MERGE {old} SET r += x.props }}")
    first += last
    if replace:
        first.append("WITH row, fresh WHERE false RETURN row.id AS id")
        return " ".join(first), None
    first.append("WITH row, fresh WHERE NOT fresh RETURN row.id AS id")
    return " ".join(first), " ".join(then)


def _matched(i: int, g: _Group) -> str:
    """The clause that finds the other ends (``o``) of group ``g``, the ``i``-th of the
    anchor's row; only the model's types and labels go into the text."""
    if g.type not in REL_TYPES or g.other not in NODE_TYPES:
        raise ValueError(f"unknown relationship {g.type!r} with {g.other!r}")
    return f"UNWIND row.g{i} AS x MATCH (o:{g.other} {{id: x.id}})"


def _created(g: _Group) -> str:
    """The pattern that CREATEs a relationship of group ``g`` between anchor ``n`` and
    ``o``, with the model's property names in the text (not a map SET), so the server
    knows what is written and need not buffer rows between the groups."""
    keys = ", ".join(f"`{k}`: x.props.`{k}`" for k in REL_TYPES[g.type].model_fields
                     if k not in ("src", "dst"))
    rel = f"[r:{g.type} {{{keys}}}]" if keys else f"[r:{g.type}]"
    return f"(n)-{rel}->(o)" if g.outgoing else f"(o)-{rel}->(n)"


def meeting_props(data: GraphData, sigs: dict[str, str] | None = None) -> dict[str, dict]:
    """The hidden properties a stored meeting keeps beside the model's: its report keys
    (``_reports``), whether one is undated (``_undated``), the least precise date of its
    dated reports (``_coarsest``) and its signature (``_sig``)."""
    sigs = data.meeting_signatures() if sigs is None else sigs
    out = {}
    for mid, sig in sigs.items():
        extra = {"_sig": sig, "_reports": data.reports.get(mid, [])}
        if mid in data.undated:
            extra["_undated"] = True
        if mid in data.coarsest:
            extra["_coarsest"] = data.coarsest[mid]
        out[mid] = extra
    return out


def write_graph(driver, data: GraphData, batch_size: int = 1000, database: str | None = None,
                progress: Callable[[int], None] | None = None, stored: frozenset = frozenset(),
                max_rels: int = 10000, unchanged: frozenset = frozenset(),
                person_sigs: dict[str, str] | None = None,
                same_persons: frozenset = frozenset(), sigs: dict[str, str] | None = None,
                writers: int = 1, new: frozenset = frozenset()) -> dict:
    """MERGE every node and relationship; returns rows written per label and type.

    Order: plain nodes (states, places, articles, ...), then persons with their roles,
    then meetings with their relationships, then whatever relationships are left. A
    stored meeting of the same id is replaced whole when it differs (see
    :func:`anchored_queries`); :func:`load_events` removes the ones no longer built.
    Nodes in ``stored`` are known to be in the database and are not written again.
    Meetings in ``unchanged`` are stored with the signature they are built with (which
    covers their properties, reports and every relationship they have): neither they
    nor any relationship of theirs is sent again. A person is stored with the signature
    of what is written with it (``_sig``, :meth:`GraphData.person_signatures`, or
    ``person_sigs``); persons in ``same_persons`` are stored with the signature they are
    built with and are not written, their roles neither. ``writers``: sessions writing
    the batches of one statement at once (see :func:`_write_batches`). Meetings in
    ``new`` are known not to be stored (:attr:`LoadPlan.new`): they are CREATEd, without
    first looking for a stored one to compare with or replace.
    """
    done: dict[str, int] = defaultdict(int)
    hidden = meeting_props(data, sigs)
    if person_sigs is None:
        person_sigs = data.person_signatures()
    label_of = {nid: node.label for nid, node in data.nodes.items()}
    anchored: dict[str, dict[str, dict]] = {a: {} for a in ANCHORS}
    plain = defaultdict(list)
    for node in data.nodes.values():
        if node.id in stored or node.id in unchanged or node.id in same_persons:
            continue
        row = {"id": node.id, "props": _props(node, ("id",))}
        if node.label == "Meeting":
            row["props"].update(hidden.get(node.id, {}))
        elif node.label == "Person":
            if not row["props"].get("aliases"):
                row["props"].pop("aliases", None)  # never wipe the aliases an earlier load stored
            row["props"]["_sig"] = person_sigs.get(node.id)
        if node.label in anchored:
            anchored[node.label][node.id] = row
        else:
            plain[node.label].append(row)
    groups: dict[str, dict[_Group, int]] = {a: {} for a in ANCHORS}
    # (type, source label, target label) -> (anchor is the source, anchor label, group
    # key in the anchor's row): worked out once per kind of relationship, not per row
    kinds: dict[tuple, tuple | None] = {}
    rest = defaultdict(list)
    for rel in data.rels.values():
        if rel.src in unchanged or rel.dst in unchanged:
            continue
        src, dst = label_of[rel.src], label_of[rel.dst]
        kind = (rel.type, src, dst)
        how = kinds.get(kind, False)
        if how is False:
            how = kinds[kind] = _anchoring(kind, groups)
        row = {"props": _props(rel, ("src", "dst"))}
        if how is None:
            rest[kind].append({"src": rel.src, "dst": rel.dst, **row})
            continue
        outgoing, label, slot = how
        anchor, row["id"] = (rel.src, rel.dst) if outgoing else (rel.dst, rel.src)
        if anchor in same_persons:
            continue
        if anchor in stored:
            rest[kind].append({"src": rel.src, "dst": rel.dst, "props": row["props"]})
            continue
        anchored[label][anchor].setdefault(slot, []).append(row)
        done[rel.type] += 1
    for label in sorted(plain):
        _write_batches(driver, node_query(label), plain[label], batch_size, database, progress,
                       writers=writers)
        done[label] += len(plain[label])
    for label in ANCHORS:
        rows = list(anchored[label].values())
        if not rows:
            continue
        # groups in a fixed order, so every chunk sends the same statement text and the
        # server plans it once; every row names every group, so one plan fits all
        order = sorted(groups[label], key=lambda g: (g.type, g.other, g.outgoing))
        rename = {f"g{groups[label][g]}": f"g{i}" for i, g in enumerate(order)}
        for row in rows:
            lists = {rename[k]: row.pop(k) for k in list(row) if k in rename}
            row.update({f"g{i}": lists.get(f"g{i}", []) for i in range(len(order))})
        if label == "Meeting":  # a huge meeting is written in bounded parts
            big = [r for r in rows if _row_weight(r) > max_rels]
            rows = [r for r in rows if _row_weight(r) <= max_rels]
            for row in big:
                _write_big_meeting(driver, row, order, batch_size, database, progress)
        if rows and label == "Meeting" and new:
            fresh = [r for r in rows if r["id"] in new]
            rows = [r for r in rows if r["id"] not in new]
            if fresh:
                first, _ = anchored_queries(label, order, create=True)
                _write_batches(driver, first, fresh, batch_size, database, progress,
                               weight=_row_weight, writers=writers)
        if rows and (order or label == "Meeting"):
            first, then = anchored_queries(label, order, replace=label == "Meeting")
            _write_batches(driver, first, rows, batch_size, database, progress,
                           weight=_row_weight, then=then, writers=writers)
        elif rows:
            _write_batches(driver, node_query(label), rows, batch_size, database, progress,
                           writers=writers)
        done[label] += len(anchored[label])
    for key in sorted(rest):
        _write_batches(driver, rel_query(*key), rest[key], batch_size, database, progress,
                       writers=writers)
        done[key[0]] += len(rest[key])
    return dict(done)


def _anchoring(kind: tuple, groups: dict[str, dict[_Group, int]]) -> tuple | None:
    """How :func:`write_graph` writes relationships of ``kind`` (type, source label,
    target label): with their anchor, as (anchor is the source, anchor label, the group's
    key in the anchor's row), registering the group in ``groups``; or None: on their own.
    The other end must be written before the anchor's statement runs."""
    rel_type, src, dst = kind
    if dst == "Meeting" and src != "Meeting":
        outgoing, label, other = False, dst, src
    elif src == "Meeting" and dst != "Meeting":
        outgoing, label, other = True, src, dst
    elif src == "Person" and dst not in ANCHORS:
        outgoing, label, other = True, src, dst
    else:
        return None
    idx = groups[label].setdefault(_Group(rel_type, other, outgoing), len(groups[label]))
    return outgoing, label, f"g{idx}"


def _write_big_meeting(driver, row: dict, groups: list[_Group], batch_size: int,
                       database: str | None, progress) -> None:
    """A meeting with more relationships than one transaction should hold: unless the
    stored one has the same signature, its old relationships are deleted and the new
    ones MERGEd in batches, and the signature is set last, so a cut-off write is
    redone by the next load."""
    sig = row["props"].get("_sig")
    recs, _, _ = driver.execute_query("MATCH (n:Meeting {id: $id}) RETURN n._sig AS sig",
                                      id=row["id"], database_=database)
    if recs and sig is not None and recs[0]["sig"] == sig:
        if progress:
            progress(_row_weight(row))
        return
    while True:
        recs, _, _ = driver.execute_query(
            "MATCH (n:Meeting {id: $id})-[r]-() WITH r LIMIT $n DELETE r RETURN count(*) AS k",
            id=row["id"], n=batch_size, database_=database)
        if not recs or not recs[0]["k"]:
            break
    props = {k: v for k, v in row["props"].items() if k != "_sig"}
    driver.execute_query("MERGE (n:Meeting {id: $id}) SET n = $props, n.id = $id",
                         id=row["id"], props=props, database_=database)
    if progress:
        progress(1)
    for i, g in enumerate(groups):
        other = [{"src": row["id"], "dst": x["id"], "props": x["props"]} if g.outgoing else
                 {"src": x["id"], "dst": row["id"], "props": x["props"]} for x in row.get(f"g{i}", [])]
        q = (rel_query(g.type, "Meeting", g.other) if g.outgoing
             else rel_query(g.type, g.other, "Meeting"))
        _write_batches(driver, q, other, batch_size, database, progress)
    driver.execute_query("MATCH (n:Meeting {id: $id}) SET n._sig = $sig", id=row["id"], sig=sig,
                         database_=database)


def _row_weight(row: dict) -> int:
    """An anchor row's node and relationships: its group lists are its only lists."""
    return 1 + sum(len(v) for v in row.values() if type(v) is list)


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
        props = {k: v for k, v in rec["props"].items() if not k.startswith("_")}
        node = NODE_TYPES[label].model_validate(props)
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




# ---------------------------------------------------------------- loading events
# A load clusters its new reports together with the stored reports of every meeting
# they could touch (graph.resolve.universe_keys and scope_keys, followed transitively
# through what is stored), so the database ends as if everything had been loaded at
# once: in any order, in any parts, twice, or again after a crash. Stored meetings keep
# their report keys (``_reports``); a meeting rebuilt differently is replaced, one no
# longer built is removed. Before a load changes or removes a stored meeting it writes
# the reports of those meetings to a journal node, in one transaction, and deletes the
# journal last: a load cut off half-way loses no report that an earlier load stored.

JOURNAL = "DiplographJournal"  # a fixed label, never from data
# One row per person (or pair, state pair, or type) with every date the new reports give
# it: the stored meetings of that person whose reports have a compatible date. A
# meeting's reports all carry prefixes of its date, so one of them is compatible with a
# date d exactly when the least precise one (``_coarsest``) is; meetings stored without
# it are given their year by apply_schema (compatible with more).
_FIND = {  # one statement per kind of key, so each is planned on its own index
    # a dated visit key: the stored visits of the states of a fitting date (found on the
    # index, however many visits the person has), then those the person attended
    "v": "CALL (k) { UNWIND k.prefixes AS c "
         "MATCH (m:Meeting {visitor_state: k.a, host_state: k.b, _coarsest: c}) RETURN m "
         "UNION UNWIND k.dates AS d MATCH (m:Meeting) "
         "WHERE m.visitor_state = k.a AND m.host_state = k.b AND m._coarsest STARTS WITH d RETURN m "
         "UNION MATCH (m:Meeting {visitor_state: k.a, host_state: k.b, _undated: true}) RETURN m } "
         "WITH k, m WHERE EXISTS { (:Person {id: k.pid})-[:ATTENDED]->(m) }",
    "v-any": "MATCH (:Person {id: k.pid})-[:ATTENDED]->(m:Meeting) "
             "WHERE m.visitor_state = k.a AND m.host_state = k.b",
    "v0": "MATCH (m:Meeting) USING INDEX m:Meeting(visitor_state, host_state, date) "
          "WHERE m.visitor_state = k.a AND m.host_state = k.b AND m.date IS NOT NULL "
          "AND size(m.participants) = 0",
    "v0-undated": "MATCH (m:Meeting) WHERE m.visitor_state = k.a AND m.host_state = k.b "
                  "AND m.date IS NULL AND size(m.participants) = 0",
    "p": "MATCH (:Person {id: k.pid})-[:ATTENDED]->(m:Meeting) WHERE m.event_type = k.type",
    "p1": "MATCH (:Person {id: k.pid})-[:ATTENDED]->(m:Meeting) WHERE m.event_type = k.type "
          "AND size(m.participants) = 1",
    # from the one of the two persons with fewer meetings; when even that one has more
    # than $cut, from the meetings of the type at a fitting date (on the index), then
    # those both attended: two much-met persons would otherwise cost every meeting of
    # the one, at every chunk
    "p2": "MATCH (a:Person {id: k.pid}), (b:Person {id: k.pid2}) "
          "WITH k, a, b, COUNT { (a)-[:ATTENDED]->() } AS da, COUNT { (b)-[:ATTENDED]->() } AS db "
          "WITH k, CASE WHEN da <= db THEN a ELSE b END AS s, CASE WHEN da <= db THEN b ELSE a END AS o, "
          "CASE WHEN da <= db THEN da ELSE db END AS few "
          "CALL (k, s, o, few) { "
          "WITH * WHERE few <= $cut OR k.any "
          "MATCH (s)-[:ATTENDED]->(m:Meeting) WHERE m.event_type = k.type "
          "AND EXISTS { (o)-[:ATTENDED]->(m) } RETURN m "
          "UNION WITH * WHERE few > $cut AND NOT k.any UNWIND k.prefixes AS c "
          "MATCH (m:Meeting {event_type: k.type, _coarsest: c}) "
          "WHERE EXISTS { (s)-[:ATTENDED]->(m) } AND EXISTS { (o)-[:ATTENDED]->(m) } RETURN m "
          "UNION WITH * WHERE few > $cut AND NOT k.any UNWIND k.dates AS d "
          "MATCH (m:Meeting) WHERE m.event_type = k.type AND m._coarsest STARTS WITH d "
          "AND EXISTS { (s)-[:ATTENDED]->(m) } AND EXISTS { (o)-[:ATTENDED]->(m) } RETURN m "
          "UNION WITH * WHERE few > $cut AND NOT k.any "
          "MATCH (m:Meeting {event_type: k.type, _undated: true}) "
          "WHERE EXISTS { (s)-[:ATTENDED]->(m) } AND EXISTS { (o)-[:ATTENDED]->(m) } RETURN m }",
    "n": "MATCH (m:Meeting) WHERE m.date IN k.dates AND m.event_type = k.type "
         "AND size(m.participants) = 0",
    "n-undated": "MATCH (m:Meeting) WHERE m.date IS NULL AND m.event_type = k.type "
                 "AND size(m.participants) = 0",
}
# a pair of persons is read back through the meetings of the one with fewer meetings
# up to this many, through the meetings of the type at the key's dates above it
PAIR_EXPAND_MAX = 500
_COMPATIBLE = """
WITH k, m, coalesce(m._coarsest, substring(m.date, 0, 4)) AS c
WHERE m._reports IS NOT NULL
  AND (k.t = 'n' OR k.any OR m._undated = true OR c IN k.prefixes
       OR any(g IN k.by_len WHERE substring(c, 0, g.n) IN g.dates))
WITH DISTINCT m
RETURN m.id AS id, m._reports AS reports, m._sig AS sig
"""
STORED_MEETINGS = {kind: f"UNWIND $keys AS k {find} {_COMPATIBLE}" for kind, find in _FIND.items()}


def _kinds(row: dict) -> list[str]:
    """The statements of :data:`STORED_MEETINGS` a key row is looked up with."""
    if row["t"] == "v":
        return (["v-any" if row["any"] else "v"]) if row["pid"] else ["v0", "v0-undated"]
    if row["t"] in ("p", "p1", "p2"):
        return [row["t"]]
    return (["n"] if any(row["dates"]) else []) + (["n-undated"] if row["any"] else [])


def key_rows(keys: Iterable[tuple]) -> list[dict]:
    """The rows :data:`STORED_MEETINGS` take for :func:`universe_keys`: one per person or
    pair of persons (state pair and person for directed events), with its dates as
    ``prefixes`` (every prefix of every date: a stored date that is one of them is
    compatible) and ``by_len`` (the dates by length: a stored date that starts with one
    is compatible).

    Examples
    --------
    >>> [r["prefixes"] for r in key_rows([("p", "meeting", "person:a", "2024-06-01"),
    ...                                   ("p", "meeting", "person:a", "2023")])]
    [['2023', '2024', '2024-06', '2024-06-01']]
    """
    groups: dict[tuple, set[str]] = defaultdict(set)
    for k in keys:
        groups[k[:-1]].add(k[-1])
    rows = []
    for scope, dates in sorted(groups.items()):
        row = {"t": scope[0], "a": None, "b": None, "pid": "", "pid2": None, "type": None,
               "dates": sorted(dates), "any": "" in dates}
        if scope[0] == "v":
            row.update(a=scope[1], b=scope[2], pid=scope[3])
        elif scope[0] in ("p", "p1"):
            row.update(type=scope[1], pid=scope[2])
        elif scope[0] == "p2":
            row.update(type=scope[1], pid=scope[2], pid2=scope[3])
        else:
            row.update(type=scope[1])
        by_len = defaultdict(set)
        for d in dates - {""}:
            by_len[len(d)].add(d)
        row["prefixes"] = sorted({d[:n] for d in dates - {""} for n in (4, 7, 10) if n <= len(d)})
        row["by_len"] = [{"n": n, "dates": sorted(ds)} for n, ds in sorted(by_len.items())]
        rows.append(row)
    return rows


def stored_reports(driver, keys: Iterable[tuple], resolve, database: str | None = None,
                   batch: int = 2000, overlay: "Overlay | None" = None
                   ) -> dict[str, tuple[list[str], str | None]]:
    """Stored meetings (id → (report keys, signature)) reachable from ``keys``, followed
    through the keys of the reports they hold until nothing new turns up. With
    ``overlay``: as the database will be once the overlay's plan is written (which may
    be going on meanwhile); with ``driver`` None, the overlay alone."""
    reach = Reach(driver, resolve, database, batch, overlay)
    reach.add(keys)
    return reach.found


class Reach:
    """The stored meetings a load has read back (``found``: id → (report keys,
    signature); ``parsed``: each report key's event, parsed once; ``canon``: the key
    :func:`graph.resolve.report_key` gives now, for a stored key that differs), and the
    keys it has looked up."""

    def __init__(self, driver, resolve, database=None, batch=2000, overlay=None):
        self.driver, self.resolve, self.database = driver, resolve, database
        self.batch, self.overlay = batch, overlay
        self.seen: set[tuple] = set()
        self.found: dict[str, tuple[list[str], str | None]] = {}
        self.parsed: dict[str, object] = {}
        self.canon: dict[str, str] = {}  # a stored report key -> its key as made now, where they differ

    def add(self, keys: Iterable[tuple]) -> list[str]:
        """Look up the keys not looked up yet, and the keys of the reports found, until
        nothing new turns up; the ids of the meetings found."""
        from neo4j import RoutingControl

        from diplograph.graph.model import Event
        from diplograph.graph.resolve import report_key, universe_keys

        todo = set(keys) - self.seen
        new: list[str] = []
        while todo:
            self.seen |= todo
            by_kind = defaultdict(list)
            for row in key_rows(todo):
                for kind in _kinds(row):
                    by_kind[kind].append(row)
            hits: list[tuple[str, list[str], str | None]] = []
            from_db: set[str] = set()
            ask = by_kind
            if self.driver is not None and self.overlay is not None:
                # no read-back for keys of persons with no stored meeting the overlay lacks
                self.overlay.classify(self.driver, (r for rs in by_kind.values() for r in rs),
                                      self.database)
                ask = {kind: [r for r in rows if self.overlay.asks_database(r)]
                       for kind, rows in by_kind.items()}
            parts = [] if self.driver is None else [
                (kind, part) for kind in sorted(ask) for part in batched(ask[kind], self.batch)]
            for kind, part in parts:
                recs, summary, _ = self.driver.execute_query(
                    STORED_MEETINGS[kind], keys=part, cut=PAIR_EXPAND_MAX, database_=self.database,
                    routing_=RoutingControl.READ)
                let_go(summary)
                hits += [(r["id"], r["reports"], r["sig"]) for r in recs
                         if self.overlay is None or not self.overlay.hides(r["id"])]
                from_db.update(r["id"] for r in recs)
            if self.overlay is not None:
                rows = {id(row): row for part in by_kind.values() for row in part}
                hits += [(mid, *self.overlay.meetings[mid][:2]) for row in rows.values()
                         for mid in self.overlay.match(row)]
            todo = set()
            for mid, reports, sig in hits:
                if mid in self.found:
                    continue
                self.found[mid] = (list(reports), sig)
                new.append(mid)
                for rep in reports:
                    e = self.parsed[rep] = Event.model_validate_json(rep)
                    if mid in from_db:
                        key = report_key(e)
                        if key != rep:  # stored by an older version
                            self.canon[rep] = key
                    todo |= universe_keys(e, self.resolve) - self.seen
        return new


def meeting_keys(data: GraphData) -> set[tuple]:
    """The keys of every meeting ``data`` holds, its persons all together, at its least
    precise report date (and undated if a report is): a stored meeting none of them
    reaches clusters apart from these (see :func:`graph.resolve.scope_keys`)."""
    from diplograph.graph.resolve import scope_keys

    keys: set[tuple] = set()
    for mid, node in data.nodes.items():
        if node.label != "Meeting":
            continue
        dates = ([data.coarsest[mid]] if mid in data.coarsest else []) + (
            [""] if mid in data.undated else [])
        for d in dates:
            keys |= scope_keys(node.event_type, node.visitor_state, node.host_state,
                               set(node.participants), d)
    return keys


class Overlay:
    """What the database will hold once the plans added to it are written, for planning
    the next load while they are being written (:func:`graph.bulk.stream_write`): their
    meetings, found by the same rules as :data:`STORED_MEETINGS`, the meetings they
    removed, and the signatures their persons will carry. The latest plan wins for a
    meeting or person several plans wrote. Read-back from the database is right for
    every other meeting, which the plans do not touch.

    It also knows which persons had no meeting in the database before their first plan
    here (``prior``: person id -> whether they had, asked once per person by
    :meth:`classify`): the database holds no meeting of such a person that the overlay
    does not, so a key of theirs needs no read-back (:meth:`asks_database`). That holds
    as long as every plan written after the overlay is made is added to it, as the
    streamed loader does; a load running beside it into the same database is not seen
    (nor is it within one chunk's plan)."""

    def __init__(self, plan: "LoadPlan | None" = None, empty: tuple[bool, bool] = (False, False)):
        # (no Meeting, no Person) in the database when the load began: then no person
        # is asked whether they had a meeting, or (persons) what signature they carry
        self.no_meetings, self.no_persons = empty
        self.removed: set[str] = set()
        self.person_sigs: dict[str, str] = {}
        # id -> (report keys, signature, date to compare, holds an undated report)
        self.meetings: dict[str, tuple] = {}
        # scope -> bucket -> meeting ids (a dict as an ordered set); the bucket is the
        # month of the date to compare, or its year when it gives no month (True: holds
        # an undated report, fits any date; None: no date at all). Tuples and dicts of
        # strings, not lists and sets: the garbage collector stops tracking those, so a
        # full collection need not traverse a million meetings
        self.index: dict[tuple, dict[object, dict[str, None]]] = {}
        self._where: dict[str, tuple] = {}  # id -> its (scope, bucket) entries
        self._info: dict[str, tuple] = {}  # id -> (person ids, names, date to compare, undated)
        self.prior: dict[str, bool] = {}
        self.plans = 0  # plans added
        if plan is not None:
            self.add(plan)

    def add(self, plan: "LoadPlan") -> None:
        """Take in a plan that is being (or will be) written after those added before."""
        from diplograph.graph.event_types import event_type

        data = plan.data
        self.plans += 1
        for mid in plan.stale:
            self._drop(mid)
            self.removed.add(mid)
        self.person_sigs.update(plan.person_sigs or {})
        sigs = plan.sigs if plan.sigs is not None else data.meeting_signatures()
        attendees: dict[str, list[str]] = defaultdict(list)
        for rel in data.rels.values():
            if rel.type == "ATTENDED" and data.nodes[rel.src].label == "Person":
                attendees[rel.dst].append(rel.src)
        for mid, node in data.nodes.items():
            if node.label != "Meeting":
                continue
            self._drop(mid)
            self.removed.discard(mid)
            c = data.coarsest.get(mid) or (node.date or "")[:4] or None
            undated = mid in data.undated
            self.meetings[mid] = (tuple(data.reports.get(mid, ())), sigs.get(mid), c, undated)
            pids = tuple(attendees.get(mid, ()))
            self._info[mid] = (pids, len(node.participants), c, undated)
            for p in pids:  # not asked (no database): read back as if it had meetings
                self.prior.setdefault(p, True)
            if event_type(node.event_type).directed:
                scopes = [("v", node.visitor_state, node.host_state, p) for p in pids]
                if not node.participants:
                    scopes.append(("v0", node.visitor_state, node.host_state))
            else:
                scopes = [("p", node.event_type, p) for p in pids]
                if not node.participants:
                    scopes.append(("n", node.event_type, node.date or ""))
            bucket = True if undated else (c[:7] if c else None)
            where = self._where[mid] = tuple((s, bucket) for s in scopes)
            for s, b in where:
                self.index.setdefault(s, {}).setdefault(b, {})[mid] = None

    def _drop(self, mid: str) -> None:
        for s, b in self._where.pop(mid, ()):
            buckets = self.index[s]
            buckets[b].pop(mid, None)
            if not buckets[b]:
                del buckets[b]
                if not buckets:
                    del self.index[s]
        self.meetings.pop(mid, None)
        self._info.pop(mid, None)

    def hides(self, mid: str) -> bool:
        """Whether the database's answer for ``mid`` is out of date once the plans are written."""
        return mid in self.meetings or mid in self.removed

    @classmethod
    def for_database(cls, driver, database: str | None = None) -> "Overlay":
        """An empty overlay that knows whether the database holds no Meeting and no
        Person now, as a load begins."""
        from neo4j import RoutingControl

        recs, _, _ = driver.execute_query(
            "RETURN NOT EXISTS { MATCH (:Meeting) } AS m, NOT EXISTS { MATCH (:Person) } AS p",
            database_=database, routing_=RoutingControl.READ)
        return cls(empty=(recs[0]["m"], recs[0]["p"]))

    def classify(self, driver, rows: Iterable[dict], database: str | None = None) -> None:
        """Ask the database, once per person the key rows name, whether they have a
        meeting there (before any plan of theirs is added here, which holds: every
        person of a plan is named by a key of its read-back). Nothing is asked when the
        database held no meeting as the load began: none of theirs is stored but what
        the plans added here wrote."""
        from neo4j import RoutingControl

        ask = sorted({p for row in rows for p in (row["pid"], row["pid2"])
                      if p and p not in self.prior})
        if self.no_meetings:  # the database had none when the load began
            self.prior.update((p, False) for p in ask)
            return
        for part in batched(ask, 5000):
            recs, summary, _ = driver.execute_query(
                "UNWIND $ids AS id MATCH (p:Person {id: id}) "
                "WHERE EXISTS { (p)-[:ATTENDED]->(:Meeting) } RETURN p.id AS id",
                ids=part, database_=database, routing_=RoutingControl.READ)
            let_go(summary)
            met = {r["id"] for r in recs}
            self.prior.update((p, p in met) for p in part)

    def asks_database(self, row: dict) -> bool:
        """Whether a key row can reach a stored meeting the overlay does not hold: not
        when a person it needs had none before (see :meth:`classify`)."""
        t = row["t"]
        if t in ("p", "p1") or (t == "v" and row["pid"]):
            return self.prior.get(row["pid"], True)
        if t == "p2":
            return self.prior.get(row["pid"], True) and self.prior.get(row["pid2"], True)
        return True

    def _buckets(self, scope: tuple, row: dict) -> list[dict]:
        """The index's buckets of ``scope`` whose meetings may have a date fitting the row's."""
        buckets = self.index.get(scope)
        if not buckets:
            return []
        if row["any"]:
            return list(buckets.values())
        # a date fits a month's meetings and those dated by its year alone; a year fits
        # the meetings of each of its months too
        keys = {True}
        for d in row["dates"]:
            if len(d) >= 7:
                keys.update((d[:7], d[:4]))
            elif d:
                keys.update([d] + [f"{d}-{m:02d}" for m in range(1, 13)])
        return [buckets[k] for k in keys if k in buckets]

    def match(self, row: dict) -> list[str]:
        """The meetings :data:`STORED_MEETINGS` would return for one key row, once the
        plans are written."""
        if row["t"] == "n":
            return [m for d in row["dates"]
                    for s in self.index.get(("n", row["type"], d), {}).values() for m in s]
        if row["t"] == "v":
            scope = ("v", row["a"], row["b"], row["pid"]) if row["pid"] else ("v0", row["a"], row["b"])
            sets = self._buckets(scope, row)
        else:
            sets = self._buckets(("p", row["type"], row["pid"]), row)
            if row["t"] == "p2":  # from the one of the two with fewer meetings to check
                other = self._buckets(("p", row["type"], row["pid2"]), row)
                if sum(map(len, other)) < sum(map(len, sets)):
                    sets = other
        one, pair, anything = row["t"] == "p1", row["t"] == "p2", row["any"]
        both = (row["pid"], row["pid2"])
        prefixes = set(row["prefixes"])
        by_len = [(g["n"], set(g["dates"])) for g in row["by_len"]]
        info = self._info
        out = []
        for s in sets:
            for mid in s:
                pids, names, c, undated = info[mid]
                if (one and names != 1) or (pair and (both[0] not in pids or both[1] not in pids)):
                    continue
                if anything or undated or c in prefixes:
                    out.append(mid)
                elif c is not None:
                    for n, dates in by_len:
                        if c[:n] in dates:
                            out.append(mid)
                            break
        return out


@dataclass
class LoadPlan:
    """What :func:`apply_load` writes: the rebuilt graph, the stored meetings it replaces
    or removes, and the journals it finishes."""

    data: GraphData
    stale: list[str]
    journal: list[str]  # report keys of stored meetings this load changes or removes
    old_journals: list[str]
    stored_nodes: frozenset = frozenset()  # articles only stored reports name: kept as stored
    unchanged: frozenset = frozenset()  # stored meetings rebuilt with the stored signature
    person_sigs: dict | None = None  # per person, the signature it is written with
    same_persons: frozenset = frozenset()  # stored persons last written exactly like this
    sigs: dict | None = None  # per meeting, its signature
    # meetings known not to be stored when the plan is written: the database held no
    # meeting as the load began and no plan before this one wrote them (Overlay)
    new: frozenset = frozenset()

    @property
    def rows(self) -> int:
        return len(self.data.nodes) + len(self.data.rels)


def plan_load(driver, events: Iterable, entities=(), gazetteer=None, articles=(),
              database: str | None = None, resolver=None, overlay: Overlay | None = None
              ) -> LoadPlan:
    """Read what the new ``events`` touch from the database and build the result. With
    ``overlay`` (the plans being written meanwhile, see :class:`Overlay`): as if they
    were written; the journals stored are read only while it holds no plan (a later
    one may be a plan's own, being written). With ``driver`` None: the overlay's plans
    are all that is stored.

    What is read back: the stored meetings the new reports' keys reach, then those the
    keys of their reports reach, and so on; then, the graph built, those the built
    meetings' keys reach (their persons all together), rebuilding until none is new
    (:func:`graph.resolve.scope_keys` says why that is enough)."""
    from diplograph.graph.gc_pause import no_gc

    with no_gc():
        return _plan(driver, events, entities, gazetteer, articles, database, resolver, overlay)


def _plan(driver, events, entities, gazetteer, articles, database, resolver, overlay) -> LoadPlan:
    from neo4j import RoutingControl

    from diplograph.graph.model import Event
    from diplograph.graph.records import build_records
    from diplograph.graph.resolve import NameResolver, report_key, universe_keys

    entities = list(entities)
    articles = list(articles)
    resolve = resolver if resolver is not None else NameResolver(entities)
    events = list(events)
    recs = []
    if driver is not None and (overlay is None or not overlay.plans):
        recs, _, _ = driver.execute_query(f"MATCH (j:{JOURNAL}) RETURN j.id AS id, j.reports AS reports",
                                          database_=database, routing_=RoutingControl.READ)
    old_journals = [r["id"] for r in recs]
    events += [Event.model_validate_json(k) for r in recs for k in r["reports"]]
    keys: set[tuple] = set()
    for e in events:
        keys |= universe_keys(e, resolve)
    reach = Reach(driver, resolve, database, overlay=overlay)
    reach.add(keys)
    new_keys: dict[str, Event] = {}
    for e in events:
        new_keys.setdefault(report_key(e), e)
    n_new = len(events)
    while True:
        # by report key: the stored reports' keys are known (they were read back as keys)
        everything = dict(new_keys)
        for reps, _ in reach.found.values():
            for k in reps:
                everything.setdefault(reach.canon.get(k, k), reach.parsed[k])
        # the entities the events name, so their persons are written as one load writes them
        named = {ent.name: ent for ent in entities}
        for e in everything.values():
            for p in e.participants:
                ent = resolve.entity(p)
                if ent is not None:
                    named.setdefault(ent.name, ent)
        data = build_records(everything, list(named.values()), gazetteer, articles, resolver=resolve)
        if not reach.add(meeting_keys(data)):
            break
    stored = reach.found
    from diplograph.graph.model import article_id

    mine = {article_id(e.article) for e in events[:n_new] if e.article}
    mine |= {article_id(a["file"]) for a in articles if a.get("file")}
    keep = frozenset(nid for nid, n in data.nodes.items() if n.label == "Article" and nid not in mine)
    sigs = data.meeting_signatures()
    stale = sorted(mid for mid in stored if mid not in sigs)
    changed = [mid for mid, (_, sig) in stored.items() if mid in sigs and sigs[mid] != sig]
    journal = sorted({k for mid in (*stale, *changed) for k in stored[mid][0]})
    unchanged = frozenset(mid for mid, (_, sig) in stored.items()
                          if sig is not None and sigs.get(mid) == sig)
    person_sigs = data.person_signatures()
    same_persons = set()
    # what persons the overlay's plans write is known without asking
    ask = [] if overlay is not None and overlay.no_persons else sorted(
        p for p in person_sigs if overlay is None or p not in overlay.person_sigs)
    for part in batched(ask, 5000) if driver is not None else ():
        recs, summary, _ = driver.execute_query(
            "UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN p.id AS id, p._sig AS sig",
            ids=part, database_=database, routing_=RoutingControl.READ)
        let_go(summary)
        same_persons.update(r["id"] for r in recs if r["sig"] is not None and r["sig"] == person_sigs[r["id"]])
    if overlay is not None:  # what the persons carry once the overlay's plan is written
        same_persons = {pid for pid, sig in person_sigs.items()
                        if overlay.person_sigs.get(pid, sig if pid in same_persons else None) == sig}
    new = frozenset()
    if overlay is not None and overlay.no_meetings:
        # an id no plan of this load wrote (hides: holds or removed) is not stored
        new = frozenset(mid for mid in sigs if mid not in stored and not overlay.hides(mid))
    return LoadPlan(data, stale, journal, old_journals, keep, unchanged, person_sigs,
                    frozenset(same_persons), sigs, new)


def apply_load(driver, plan: LoadPlan, batch_size: int = 1000, database: str | None = None,
               progress: Callable[[int], None] | None = None, max_rels: int = 10000,
               writers: int = 1) -> dict:
    """Write a :class:`LoadPlan`: journal, graph, removals, then drop the journals.
    The cyclic collector is paused meanwhile: the rows built for the statements hold no
    cycles (reference counting frees them), and collections would re-scan them all.
    ``writers``: sessions writing a statement's batches at once (:func:`write_graph`)."""
    from diplograph.graph.gc_pause import no_gc

    with no_gc():
        return _apply(driver, plan, batch_size, database, progress, max_rels, writers)


def _apply(driver, plan, batch_size, database, progress, max_rels, writers=1) -> dict:
    import uuid

    mine = []
    if plan.journal:
        mine.append(f"journal:{uuid.uuid4()}")
        driver.execute_query(f"CREATE (:{JOURNAL} {{id: $id, reports: $reports}})",
                             id=mine[0], reports=plan.journal, database_=database)
    done = write_graph(driver, plan.data, batch_size=batch_size, database=database,
                       progress=progress, stored=plan.stored_nodes, max_rels=max_rels,
                       unchanged=plan.unchanged, person_sigs=plan.person_sigs,
                       same_persons=plan.same_persons, sigs=plan.sigs, writers=writers,
                       new=plan.new)
    if plan.stale:
        _write_batches(driver, "UNWIND $rows AS id MATCH (m:Meeting {id: id}) DETACH DELETE m",
                       plan.stale, batch_size, database, None)
    if plan.journal:
        # a place or state only the removed meetings used is gone from the rebuilt graph too
        driver.execute_query("MATCH (p:Place) WHERE NOT EXISTS { (p)<-[:HELD_IN]-() } "
                             "DETACH DELETE p", database_=database)
        driver.execute_query("MATCH (s:State) WHERE NOT EXISTS { (s)--() } DELETE s",
                             database_=database)
    if plan.old_journals or mine:
        driver.execute_query(f"UNWIND $ids AS id MATCH (j:{JOURNAL} {{id: id}}) DELETE j",
                             ids=plan.old_journals + mine, database_=database)
    return done


def load_events(driver, events, entities=(), gazetteer=None, articles=(), batch_size: int = 1000,
                database: str | None = None, progress=None, resolver=None,
                max_rels: int = 10000) -> LoadPlan:
    """:func:`plan_load` then :func:`apply_load`."""
    plan = plan_load(driver, events, entities, gazetteer, articles, database, resolver)
    apply_load(driver, plan, batch_size, database, progress, max_rels)
    return plan
