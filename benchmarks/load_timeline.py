"""Where the streamed batched loader's time goes: when each chunk is planned and written,
the CPU of the loading process and of the Neo4j server every few seconds, the time
the cyclic garbage collector took, the planner's time waiting for each kind of
read-back, and the server's CPU by thread (Bolt workers, JIT compilers, collector).
Prints only (nothing is appended to results.md).

    python benchmarks/load_timeline.py --n 200000 --chunk 50000
    python benchmarks/load_timeline.py --n 200000 --jvm=-XX:TieredStopAtLevel=1
    python benchmarks/load_timeline.py --n 200000 --skip-index meeting_status
    python benchmarks/load_timeline.py --n 200000 --set internal.cypher.expression_engine=INTERPRETED

``--jvm`` adds a JVM option to the server, ``--set`` a neo4j.conf line, ``--skip-index NAME`` leaves an index or
constraint of cypher/schema.cypher out (to weigh what maintaining it costs). Starts its
own server in benchmarks/work/timeline and removes it at the end.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import os
import resource
import shutil
import threading
import time

from common import WORK, cpu_seconds as cpu, thread_cpu

from generate import iter_entities, iter_events

class TimedReads:
    """The driver, with the time of each read-back statement (store.STORED_MEETINGS)
    added up by kind."""

    def __init__(self, driver):
        from diplograph.loaders.neo4j.store import STORED_MEETINGS

        self.driver, self.kinds = driver, {q: k for k, q in STORED_MEETINGS.items()}
        self.seconds: collections.Counter = collections.Counter()
        self.found: collections.Counter = collections.Counter()

    def __getattr__(self, name):
        return getattr(self.driver, name)

    def execute_query(self, query, *args, **kw):
        start = time.perf_counter()
        out = self.driver.execute_query(query, *args, **kw)
        kind = self.kinds.get(query) or (
            "persons with meetings" if "EXISTS { (p)-[:ATTENDED]" in query else
            "person signatures" if "p._sig AS sig" in query else None)
        if kind:
            self.seconds[kind] += time.perf_counter() - start
            self.found[kind] += len(out[0])
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200000, help="meetings (default 200,000)")
    ap.add_argument("--persons", type=int, default=200000)
    ap.add_argument("--chunk", type=int, default=50000)
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--every", type=float, default=5, help="seconds between CPU samples")
    ap.add_argument("--jvm", action="append", default=[], help="an extra JVM option")
    ap.add_argument("--skip-index", action="append", default=[], help="an index left out")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="an extra neo4j.conf setting")
    ap.add_argument("--writers", type=int, default=2, help="sessions writing a chunk at once")
    ap.add_argument("--collect-every", type=int, default=10, help="chunks between full collections")
    ap.add_argument("--thread-writer", action="store_true",
                    help="write each chunk in a thread, not in a forked child (as the CLI does)")
    a = ap.parse_args()

    from diplograph.graph.model import Entity, Event
    from diplograph.loaders.gazetteer import load_gazetteer
    from diplograph.loaders.neo4j import server as srv
    from diplograph.loaders.neo4j import store
    from diplograph.loaders.jsonl import iter_records
    from diplograph.loaders.neo4j.bulk import stream_write

    gaz = load_gazetteer()
    ents = [Entity(**e) for e in iter_entities(a.n, seed=11, persons=a.persons)]
    home = WORK / "timeline"
    shutil.rmtree(home, ignore_errors=True)
    jvm = srv.jvm_options
    srv.jvm_options = lambda heap: jvm(heap) + a.jvm
    src = WORK / "timeline-events.jsonl"  # the input, written before any timing
    src.parent.mkdir(parents=True, exist_ok=True)
    with open(src, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(e) + "\n" for e in iter_events(a.n, seed=11, persons=a.persons))
    info = srv.start(home=home, heap="2g", pagecache="2g", quiet=True,
                     settings=dict(kv.split("=", 1) for kv in a.set))

    t0 = time.perf_counter()
    gc_time: collections.Counter = collections.Counter()
    started: dict[str, float] = {}

    def on_gc(phase, detail):
        if phase == "start":
            started["t"] = time.perf_counter()
        else:
            gc_time[detail["generation"]] += time.perf_counter() - started.get("t", time.perf_counter())

    def spans(name, fn):
        def timed(*args, **kw):
            s = time.perf_counter() - t0
            out = fn(*args, **kw)
            e = time.perf_counter() - t0
            print(f"[{e:6.1f}] {name} {s:.1f}-{e:.1f} ({e - s:.1f} s)", flush=True)
            return out
        return timed

    store.plan_load = spans("plan ", store.plan_load)
    store.apply_load = spans("write", store.apply_load)
    stop = threading.Event()

    def sample():
        me, last_me, last_srv = os.getpid(), cpu(os.getpid(), True), cpu(info.pid)
        while not stop.wait(a.every):
            now_me, now_srv = cpu(me, True), cpu(info.pid)
            print(f"[{time.perf_counter() - t0:6.1f}] cpu s: loader {now_me - last_me:4.1f}  "
                  f"server {now_srv - last_srv:4.1f}", flush=True)
            last_me, last_srv = now_me, now_srv

    try:
        with store.connect(store.Connection(info.uri, info.user, info.password)) as d:
            schema = store.schema_statements
            store.schema_statements = lambda *x: [
                q for q in schema(*x) if not any(f" {n} " in q for n in a.skip_index)]
            store.apply_schema(d)
            gc.callbacks.append(on_gc)
            threading.Thread(target=sample, daemon=True).start()
            me0, srv0 = cpu(os.getpid(), True), cpu(info.pid)
            ru0 = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
            t0 = time.perf_counter()
            events = iter_records(src, Event)  # as `diplograph load --stream` reads them
            reads = TimedReads(d)
            conn = store.Connection(info.uri, info.user, info.password)
            stream_write(reads, events, ents, gaz, chunk_size=a.chunk, batch_size=a.batch, writers=a.writers,
                         collect_every=a.collect_every,
                         reconnect=None if a.thread_writer else (lambda: store.connect(conn)))
            took = time.perf_counter() - t0
            stop.set()
            gc.callbacks.remove(on_gc)
            c = store.counts(d)
            rels = sum(v for k, v in c.items() if k.isupper())
            print(json.dumps(c))
            print("read-back, s waited and rows found per kind:",
                  {k: (round(reads.seconds[k], 1), reads.found[k]) for k in sorted(reads.seconds)})
            print("server CPU s by thread, since it started:",
                  {k: round(v, 1) for k, v in thread_cpu(info.pid).most_common(6)})
            print("garbage collection, s per generation:", {g: round(s, 1) for g, s in sorted(gc_time.items())})
            ru = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
            print("CPU s, user / system: loading process {:.1f} / {:.1f}, writing children {:.1f} / {:.1f}; "
                  "minor page faults: {:,} / {:,}".format(
                      ru[0].ru_utime - ru0[0].ru_utime, ru[0].ru_stime - ru0[0].ru_stime,
                      ru[1].ru_utime - ru0[1].ru_utime, ru[1].ru_stime - ru0[1].ru_stime,
                      ru[0].ru_minflt - ru0[0].ru_minflt, ru[1].ru_minflt - ru0[1].ru_minflt))
            print(f"{took:.1f} s, {rels:,} relationships, {rels / took:,.0f} relationships/s; CPU: loader "
                  f"{cpu(os.getpid(), True) - me0:.0f} s, server {cpu(info.pid) - srv0:.0f} s; peak RSS "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:,} MB (largest writing "
                  f"child {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024:,} MB)")
    finally:
        srv.stop(home=home, quiet=True)
        shutil.rmtree(home, ignore_errors=True)
        src.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
