"""Neo4j loading: the batched loader (batch size swept), the naive one-statement-per-row
way (py2neo-style, measured on a sample) and the bulk path (neo4j-admin import), on N
generated meetings (default 1,000,000 with 200,000 persons).

    python benchmarks/bench_load.py [--n 1000000] [--sweep 50000] [--naive 3000]
    python benchmarks/bench_load.py --n 200000 --sweep 0 --batches 5000 --bulk-n 0
    python benchmarks/bench_load.py --n 200000 --sweep 0 --batches 5000 --bulk-n 0 --reload 30000

``--sweep 0`` skips the batch-size sweep (the first of ``--batches`` is used), ``--bulk-n 0``
skips the bulk path, ``--reload C`` loads the same meetings a second time in chunks of C
and says whether every count stayed the same. The load average is recorded at the start and end of the full run.

Starts its own local Neo4j servers in benchmarks/work (a fresh one per run, all stopped
and removed at the end). A "batch" is the number of anchor rows per transaction: a
meeting with its relationships, or a person with its roles (see store.write_graph).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time

from common import WORK, cpu_seconds, peak_rss_mb, record, table

from generate import iter_entities, iter_events


def _events(n, persons):
    """The events as `diplograph load --stream` reads them: a JSON Lines file parsed and
    validated line by line. The file is written on the first call (call it once before
    timing anything)."""
    from diplograph.graph.model import Event
    from diplograph.loaders.jsonl import iter_records

    path = WORK / "input" / f"events-{n}-{persons}.jsonl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        with open(part, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(e) + "\n" for e in iter_events(n, seed=11, persons=persons))
        part.rename(path)
    return iter_records(path, Event)


def _fresh(srv, home, old=None):
    """A new empty server (much faster than deleting millions of rows)."""
    import shutil

    if old is not None:
        srv.stop(home=old, quiet=True)
        shutil.rmtree(old, ignore_errors=True)
    info = srv.start(home=home, heap="2g", pagecache="2g", quiet=True)
    from diplograph.loaders.neo4j.store import Connection

    return info, Connection(info.uri, info.user, info.password)


def _own_cpu_seconds() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)  # builder processes, once joined
    return r.ru_utime + r.ru_stime + c.ru_utime + c.ru_stime


def _stored(c: dict) -> tuple[int, int]:
    """(nodes + relationships, relationships) from counts(): relationship types are upper case."""
    rels = sum(v for k, v in c.items() if k.isupper())
    return sum(c.values()), rels


class Progress:
    """Rows done, rate and elapsed time on stderr, at most every few seconds."""

    def __init__(self, label: str, total: int | None = None):
        self.label, self.total, self.done = label, total, 0
        self.t0 = self.last = time.perf_counter()

    def __call__(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.last >= 5:
            self.last = now
            rate = self.done / (now - self.t0)
            left = f", about {(self.total - self.done) / rate:,.0f} s left" if self.total else ""
            print(f"  {self.label}: {self.done:,} rows, {rate:,.0f} rows/s, "
                  f"{now - self.t0:,.0f} s{left}", file=sys.stderr, flush=True)


def naive_load(driver, data, limit: int) -> tuple[int, float]:
    """One auto-commit statement per row, the way a py2neo loop writes."""
    from diplograph.loaders.neo4j.store import _clean, node_query, rel_query

    n = 0
    t = time.perf_counter()
    with driver.session() as s:
        for node in list(data.nodes.values())[: limit // 2]:
            s.run(node_query(node.label),
                  rows=[{"id": node.id, "props": _clean(node.model_dump(mode="json", exclude={"id"}))}]).consume()
            n += 1
        for rel in list(data.rels.values())[: limit - n]:
            q = rel_query(rel.type, data.nodes[rel.src].label, data.nodes[rel.dst].label)
            s.run(q, rows=[{"src": rel.src, "dst": rel.dst,
                            "props": _clean(rel.model_dump(mode="json", exclude={"src", "dst"}))}]).consume()
            n += 1
    return n, time.perf_counter() - t


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--persons", type=int, default=200_000)
    ap.add_argument("--sweep", type=int, default=50_000, help="meetings per sweep run")
    ap.add_argument("--batches", default="500,2000,5000,20000")
    ap.add_argument("--naive", type=int, default=3000, help="rows for the per-row sample")
    ap.add_argument("--chunk", type=int, default=50_000)
    ap.add_argument("--reload", type=int, default=0, metavar="CHUNK",
                    help="load the same meetings again, in chunks of CHUNK, and compare the counts")
    ap.add_argument("--warm", action="store_true",
                    help="then empty the database and load the same meetings again, timed: "
                         "the rate once the server's JIT compiler has warmed up")
    ap.add_argument("--thread-writer", action="store_true",
                    help="write each chunk in a thread of the loading process, not in a forked "
                         "child (as `diplograph load --stream` does)")
    ap.add_argument("--bulk-n", type=int, default=None, help="meetings for the bulk path "
                    "[default: --n; 0 skips it]")
    args = ap.parse_args(argv)

    from diplograph.graph.records import build_records
    from diplograph.graph.model import Entity
    from diplograph.loaders.neo4j import server as srv
    from diplograph.loaders.gazetteer import load_gazetteer
    from diplograph.loaders.neo4j.bulk import admin_import, stream_records, stream_write, write_import_csvs
    from diplograph.loaders.neo4j.store import Connection, apply_schema, connect, counts

    def child(conn):  # how the CLI writes: each chunk in a forked child with its own driver
        return {} if args.thread_writer else {"reconnect": lambda: connect(conn)}

    gaz = load_gazetteer()
    ents = [Entity(**e) for e in iter_entities(args.n, seed=11, persons=args.persons)]
    home = WORK / "neo4j"
    shutil.rmtree(WORK, ignore_errors=True)
    for n in {args.n, args.sweep, args.naive, args.bulk_n or 0} - {0, None}:
        _events(n, args.persons)  # the input files, written before any timing
    rows_out = []
    step = [0]

    def fresh(prev):
        step[0] += 1
        return _fresh(srv, WORK / f"neo4j-{step[0]}", prev)

    info, conn = fresh(None)
    prev = WORK / "neo4j-1"
    try:
        with connect(conn) as driver:
            apply_schema(driver)
            # naive, on a sample
            sample = build_records(list(_events(args.naive, args.persons)), ents[:0], gaz)
            n, took = naive_load(driver, sample, args.naive)
            naive_rate = n / took
            rows_out.append(["per-row statements (sample)", "1", n, round(took, 1), naive_rate,
                             "-", "-"])
        # batched, batch size swept on a subset, each on a fresh server
        best = None
        est_rows = None
        if not args.sweep:
            best = (int(args.batches.split(",")[0]), 0.0)
        for b in ([int(x) for x in args.batches.split(",")] if args.sweep else []):
            info, conn = fresh(prev)
            prev = WORK / f"neo4j-{step[0]}"
            with connect(conn) as driver:
                apply_schema(driver)
                t = time.perf_counter()
                res = stream_write(driver, _events(args.sweep, args.persons), ents, gaz,
                                   **child(conn), chunk_size=args.chunk, batch_size=b,
                                   progress=Progress(f"batch {b}"))
                took = time.perf_counter() - t
                stored, stored_rels = _stored(counts(driver))
            rate = stored / took
            est_rows = res["rows"]  # for the time-left estimate of the full run
            rows_out.append([f"batched MERGE, {args.sweep:,} meetings", str(b), stored,
                             round(took, 1), rate, stored_rels / took, f"{rate / naive_rate:,.0f}×"])
            if best is None or rate > best[1]:
                best = (b, rate)
        # batched, the full size at the best batch size
        info, conn = fresh(prev)
        prev = home = WORK / f"neo4j-{step[0]}"
        with connect(conn) as driver:
            apply_schema(driver)
            load0 = os.getloadavg()
            cpu0 = (cpu_seconds(info.pid), _own_cpu_seconds())
            t = time.perf_counter()
            res = stream_write(driver, _events(args.n, args.persons), ents, gaz,
                               **child(conn), chunk_size=args.chunk, batch_size=best[0],
                               progress=Progress(f"full load, batch {best[0]}",
                                                 est_rows * args.n // args.sweep
                                                 if est_rows else None))
            took = time.perf_counter() - t
            full_took = took
            server_cpu = cpu_seconds(info.pid) - cpu0[0]
            loader_cpu = _own_cpu_seconds() - cpu0[1]
            load1 = os.getloadavg()
            full_counts = counts(driver)
            reload_line = ""
            if args.reload:  # idempotent at full size: the same again, chunked otherwise
                t = time.perf_counter()
                stream_write(driver, _events(args.n, args.persons), ents, gaz,
                             **child(conn), chunk_size=args.reload, batch_size=best[0],
                             progress=Progress(f"reload, chunks of {args.reload:,}"))
                again = counts(driver)
                reload_line = (f"Loaded again in chunks of {args.reload:,}: {time.perf_counter() - t:,.0f} s; "
                               f"counts {'identical' if again == full_counts else 'DIFFERENT: ' + json.dumps(again)}.\n")
            if args.warm:  # the same server, now warm, into the emptied database
                with driver.session() as session:  # relationships first: States have 100,000s
                    session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
                    session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()
                cpu0 = (cpu_seconds(info.pid), _own_cpu_seconds())
                t = time.perf_counter()
                stream_write(driver, _events(args.n, args.persons), ents, gaz, **child(conn), chunk_size=args.chunk,
                             batch_size=best[0], progress=Progress("warm server, emptied database"))
                took_w = time.perf_counter() - t
                again = counts(driver)
                reload_line += (
                    f"The same load again on the same, now warm server into the emptied database: "
                    f"{took_w:,.1f} s, {_stored(again)[1] / took_w:,.0f} relationships/s; CPU: loader "
                    f"{_own_cpu_seconds() - cpu0[1]:,.0f} s, server {cpu_seconds(info.pid) - cpu0[0]:,.0f} s; "
                    f"counts {'identical' if again == full_counts else 'DIFFERENT: ' + json.dumps(again)}.\n")
        stored, rels = _stored(full_counts)
        rate = stored / took
        rows_out.append([f"batched MERGE, {args.n:,} meetings", str(best[0]), stored,
                         round(took, 1), rate, rels / took, f"{rate / naive_rate:,.0f}×"])
        batched_rel_rate = rels / took
        loader_rss = peak_rss_mb()
        child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        # bulk: CSV export then neo4j-admin import into the (stopped) local server
        t = time.perf_counter()
        bulk_n = args.n if args.bulk_n is None else args.bulk_n
        bulk_counts = None
        if bulk_n:
            files, n_csv = write_import_csvs(stream_records(_events(bulk_n, args.persons), ents, gaz,
                                                            chunk_size=args.chunk), home / "import" / "bulk")
            t_csv = time.perf_counter() - t
            srv.stop(home=home, quiet=True)
            t = time.perf_counter()
            admin_import(home, files)
            t_imp = time.perf_counter() - t
            info = srv.start(home=home, heap="2g", pagecache="2g", quiet=True)
            total = sum(n_csv.values())
            with connect(Connection(info.uri, info.user, info.password)) as driver:
                bulk_counts = counts(driver)
            bulk_rels = _stored(bulk_counts)[1]
            rows_out.append([f"bulk: CSV export, {bulk_n:,} meetings", "-", total, round(t_csv, 1),
                             total / t_csv, "-", "-"])
            rows_out.append(["bulk: neo4j-admin import", "-", total, round(t_imp, 1), total / t_imp,
                             bulk_rels / t_imp, f"{(total / t_imp) / naive_rate:,.0f}×"])
    finally:
        srv.stop(home=home, quiet=True)
        shutil.rmtree(WORK, ignore_errors=True)
    body = (
        f"{args.n:,} generated meetings for the batched loader, {bulk_n:,} for "
        f"the bulk path, {args.persons:,} invented persons (heavy-tailed), "
        f"seed 11, written to a JSON Lines file before the runs; the loads read, parse and "
        f"validate it as `diplograph load --stream` does. Rows = nodes + relationships stored (counted in the database after the "
        f"run). Neo4j heap 2g, page cache 2g, "
        f"parallel GC. Batched loader: meetings and persons written with their relationships "
        f"(anchored statements: MERGE, or CREATE for the meetings of a load into a database "
        f"with no meeting that no earlier chunk wrote); the next chunk read ahead and planned (read-back and "
        f"clustering) while this one is written; "
        f"batch = anchor rows per transaction.\n\n"
        + table(["way", "batch", "rows", "seconds", "rows/s", "relationships/s", "vs per-row"],
                rows_out)
        + f"\n\nFull batched load: {json.dumps(full_counts)}; relationships/s "
          f"{batched_rel_rate:,.0f}; peak RSS of the loading process {loader_rss:,.0f} MB "
          f"(events streamed in chunks of {args.chunk:,})"
          + ("; each chunk written by a thread of it.\n" if args.thread_writer else
             f"; each chunk written by a child forked from it: the largest child's peak RSS "
             f"{child_rss:,.0f} MB, most of it pages shared with the parent.\n")
        + f"CPU during the full batched load ({full_took:,.0f} s wall, 2 cores): the loading "
          f"process and its writing children (reading and validating events, building "
          f"records, the driver) "
          f"{loader_cpu:,.0f} s, the Neo4j server {server_cpu:,.0f} s; load average "
          f"{load0[0]:.2f} at the start, {load1[0]:.2f} at the end (the machine is shared).\n"
        + reload_line
        + (f"Bulk import: {json.dumps(bulk_counts)}.\n" if bulk_counts else "")
        + f"The per-row way was measured on {args.naive:,} rows and is not run at full size "
          f"(at {naive_rate:,.0f} rows/s it would take {(stored / naive_rate) / 3600:,.1f} h)."
    )
    record("Neo4j loading", body)


if __name__ == "__main__":
    main()
