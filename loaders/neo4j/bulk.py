"""Large loads: a streamed MERGE loader (memory bounded, resumable) and the bulk path
through ``neo4j-admin database import full`` (empty database, fastest first load).

The streamed loader takes events chunk by chunk; each chunk is clustered with the stored
reports it touches and written on its own, so memory stays bounded whatever the input
size and the result does not depend on the chunking. A checkpoint file records finished
chunks, so an interrupted load resumes where it stopped; re-running a chunk is harmless.

The bulk path with ``--stream`` builds chunks without a database: reports of one event
spread over chunks are not merged with each other there.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import shutil
import queue
import subprocess
import threading
import typing
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable, Iterator

from diplograph.graph.records import GraphData, build_records
from diplograph.errors import ServerError
from diplograph.graph.model import NODE_TYPES, REL_TYPES, Event
from more_itertools import chunked as batched  # lists of n, the last one shorter

__all__ = ["stream_records", "stream_write", "write_import_csvs", "admin_import"]

ARRAY_DELIMITER = "\u001f"  # unit separator: never in a name (control characters are refused)


def stream_records(events: Iterable[Event], entities, gazetteer, chunk_size: int = 20000,
                   articles=()) -> Iterator[GraphData]:
    """GraphData parts: the entities (persons and their roles) first, when there are
    any, then one per chunk of events. Meeting ids stay unique across chunks, and names
    are resolved against all entities in every chunk."""
    for _, data in _parts(events, entities, gazetteer, chunk_size, articles):
        yield data


def _parts(events, entities, gazetteer, chunk_size, articles=()):
    """(events in the part, GraphData) for :func:`stream_records`."""
    from diplograph.graph.resolve import NameResolver

    entities = list(entities)
    resolver = NameResolver(entities)
    if entities:
        yield 0, build_records((), entities, gazetteer, resolver=resolver)
    used: set[str] = set()
    for chunk in batched(events, chunk_size):
        yield len(chunk), build_records(chunk, (), gazetteer, articles, reserved_ids=used,
                                        resolver=resolver)


_DONE = object()


def _ahead(parts: Iterator, depth: int = 1) -> Iterator:
    """Run ``parts`` in a background thread, ``depth`` items ahead of the consumer, so
    building the next chunk overlaps writing this one (the writer mostly waits on the
    server, which leaves the interpreter free). Errors are raised in the consumer."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce():
        try:
            for item in parts:
                while not stop.is_set():
                    try:
                        q.put(item, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(_DONE)
        except BaseException as exc:  # handed to the consumer
            q.put(exc)

    t = threading.Thread(target=produce, name="diplograph-build", daemon=True)
    t.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


def stream_write(driver, events: Iterable[Event], entities, gazetteer, chunk_size: int = 20000,
                 batch_size: int = 5000, database: str | None = None,
                 checkpoint: Path | None = None,
                 progress: Callable[[int], None] | None = None,
                 on_part: Callable[[int, int], None] | None = None,
                 fingerprint: dict | None = None, collect_every: int = 10,
                 overlay_meetings: int = 1_000_000, writers: int = 2,
                 reconnect: Callable[[], typing.Any] | None = None) -> dict:
    """Load chunk after chunk, each clustered with the stored reports it touches (see
    :func:`store.load_events`): the result equals one load of all events, whatever
    the chunk size. Each chunk is planned while the one before is written. With
    ``checkpoint`` finished chunks are skipped on re-run; the checkpoint records
    ``fingerprint`` (see :func:`input_fingerprint`) and one written for another input or
    chunk size is refused.

    The cyclic garbage collector is paused for the whole load and run once every
    ``collect_every`` chunks instead. What a load builds holds no reference cycles
    (reference counting frees it), while each collection would traverse the plans held
    for writing, millions of objects: at 1,000,000 meetings the collections before each
    write took 27 s of the loader's CPU. The garbage left between two collections is
    small: 21,259 objects over a whole 200,000-meeting load with none at all.

    The plans are kept in memory (:class:`store.Overlay`), so a chunk needs no read-back
    for the persons this load met first: about 1 kB per meeting. Past
    ``overlay_meetings`` meetings it keeps only the chunk being written, and the persons
    the load has written are read back from the database from then on, as every person
    stored before the load is: memory stays bounded whatever the input size.

    ``writers`` sessions write the batches of each statement at once (two: the server
    runs one batch while it commits the other; more is for servers with more cores).

    With ``reconnect`` (a function that opens a new driver to the same database) each
    chunk is written by a child process forked for it (Linux), so planning the next chunk
    and packing this one's rows do not share one interpreter lock: at 1,000,000 meetings
    the loading process alone otherwise needs about one core the whole time. The child
    sees the plan as the parent made it (nothing is copied or pickled), sends its
    progress and its bookmarks back, and is waited for before the next chunk's child
    starts, so the writes stay in order. Without it (or without fork) a thread writes."""

    import gc
    from concurrent.futures import ThreadPoolExecutor

    from diplograph.graph.gc_pause import no_gc
    from diplograph.graph.resolve import NameResolver
    from diplograph.loaders.atomic import atomic_write
    from diplograph.loaders.neo4j.store import Overlay, apply_load, plan_load

    done_chunks = read_checkpoint(checkpoint, fingerprint) if checkpoint else 0
    rows = 0
    entities = list(entities)
    resolver = NameResolver(entities)

    def parts():  # part 0: the entities (persons and their roles), all together
        if entities:
            yield (), entities
        yield from ((chunk, ()) for chunk in batched(events, chunk_size))

    def finish(job) -> None:
        """Wait for a chunk's write; then record it as done."""
        nonlocal rows
        future, i, n, rows_of = job
        future.result()
        rows += rows_of
        if checkpoint:
            atomic_write(checkpoint, json.dumps({"chunks": i + 1, "input": fingerprint}) + "\n")
        if on_part:
            on_part(n, plan.rows)

    # Three things overlap: reading and parsing the next chunk (a thread), planning this
    # chunk (here: read-back and clustering, as the database will be once the chunks
    # before are written: store.Overlay holds every plan of this load, so persons with
    # no meeting stored before it need no read-back; in an empty database nothing stored
    # before needs asking about) and writing the previous chunk (a thread, which with
    # ``reconnect`` forks a child to do it). The writes stay in order, one chunk after the other.
    pending, overlay = None, Overlay.for_database(driver, database)
    write = (functools.partial(write_in_child, reconnect, driver)
             if reconnect is not None and can_fork() else functools.partial(apply_load, driver))
    with ThreadPoolExecutor(1, thread_name_prefix="diplograph-write") as writer, no_gc():
        try:
            for i, (chunk, ents) in enumerate(_ahead(parts())):
                if i < done_chunks:
                    if on_part:
                        on_part(len(chunk), 0)
                    continue
                if i and i % collect_every == 0:
                    gc.collect()
                plan = plan_load(driver, chunk, ents, gazetteer, (),
                                 database=database, resolver=resolver, overlay=overlay)
                if pending is not None:
                    finish(pending)
                pending = (writer.submit(write, plan, batch_size, database, progress, writers=writers),
                           i, len(chunk), plan.rows)
                # the plan joins the overlay while it is written (both only read it)
                if len(overlay.meetings) > overlay_meetings:
                    overlay = Overlay()  # the database holds every plan before this one
                overlay.add(plan)
            if pending is not None:
                finish(pending)
                pending = None
        finally:
            if pending is not None:  # an error while planning: the write ends and counts
                try:
                    finish(pending)
                except BaseException:  # noqa: BLE001 - the first error is the one raised
                    pass
    return {"rows": rows, "skipped_chunks": done_chunks}


def can_fork() -> bool:
    """Whether chunks can be written by forked children (Linux: fork is cheap and the
    child shares the parent's memory until either writes to it)."""
    import multiprocessing
    import sys

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def write_in_child(reconnect: Callable[[], typing.Any], driver, plan, batch_size: int,
                   database: str | None, progress: Callable[[int], None] | None, writers: int = 2
                   ) -> dict:
    """:func:`store.apply_load` of ``plan`` in a forked child with its own driver
    (``reconnect()``); progress, the result or the error come back through a pipe. The
    child starts after the bookmarks of ``driver``'s writes and reads (the parent's), and
    the parent's driver then waits for the child's writes on a cluster, as for its own."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    theirs, mine = ctx.Pipe(duplex=False)
    manager = driver.execute_query_bookmark_manager
    proc = ctx.Process(target=_child_write, name="diplograph-writer", daemon=True,
                       args=(reconnect, plan, batch_size, database, writers, mine,
                             list(manager.get_bookmarks())))
    proc.start()
    mine.close()  # the child's end: EOF here once the child has gone
    outcome = None
    try:
        while True:
            try:
                kind, value = theirs.recv()
            except EOFError:
                break
            if kind == "rows":
                if progress:
                    progress(value)
            else:
                outcome = (kind, value)
    finally:
        theirs.close()
        proc.join()
    if outcome is None:
        raise RuntimeError(f"the process writing a chunk ended without an answer (exit code {proc.exitcode})")
    kind, value = outcome
    if kind == "error":
        raise value
    done, bookmarks = value
    manager.update_bookmarks((), bookmarks)
    return done


def _child_write(reconnect, plan, batch_size, database, writers, pipe, bookmarks) -> None:
    import pickle

    from diplograph.loaders.neo4j.store import apply_load

    try:
        with reconnect() as driver:
            manager = driver.execute_query_bookmark_manager
            manager.update_bookmarks((), bookmarks)
            done = apply_load(driver, plan, batch_size, database,
                              progress=lambda n: pipe.send(("rows", n)), writers=writers)
            pipe.send(("done", (done, list(manager.get_bookmarks()))))
    except BaseException as exc:  # noqa: BLE001 - every error goes to the parent
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # noqa: BLE001 - one that does not pickle goes as its text
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        pipe.send(("error", exc))
    finally:
        pipe.close()


def input_fingerprint(path: Path, chunk_size: int, sample: int = 1 << 20) -> dict:
    """What ties a checkpoint to its input: the file's size and modification time, the
    SHA-256 of its first and last ``sample`` bytes, and the chunk size."""
    import hashlib

    path = Path(path)
    st = path.stat()
    with open(path, "rb") as fh:
        head = hashlib.sha256(fh.read(sample)).hexdigest()
        fh.seek(max(0, st.st_size - sample))
        tail = hashlib.sha256(fh.read(sample)).hexdigest()
    return {"file": path.name, "bytes": st.st_size, "mtime_ns": st.st_mtime_ns, "head": head,
            "tail": tail, "chunk_size": chunk_size}


def read_checkpoint(checkpoint: Path, fingerprint: dict | None) -> int:
    """Chunks a checkpoint says are done (0 when there is none); refuses one that is
    damaged or was written for another input or chunk size."""
    from diplograph.errors import InputError

    checkpoint = Path(checkpoint)
    if not checkpoint.exists():
        return 0
    try:
        state = json.loads(checkpoint.read_text(encoding="utf-8"))
        chunks = state["chunks"]
        if not isinstance(chunks, int) or chunks < 0:
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(checkpoint, "damaged checkpoint",
                         hint="delete it to load from the start (a re-load changes nothing)") from None
    if state.get("input") != fingerprint:
        old, new = state.get("input") or {}, fingerprint or {}
        what = [k for k in ("file", "bytes", "mtime_ns", "head", "tail", "chunk_size")
                if old.get(k) != new.get(k)]
        raise InputError(checkpoint, "was written for another input "
                         f"({', '.join(what) or 'no fingerprint'} differ)",
                         hint="give the same input and --chunk-size, or delete the checkpoint "
                              "to load from the start")
    return chunks


@functools.cache
def _header(cls, exclude: frozenset) -> tuple[tuple[str, str], ...]:
    """(field, neo4j-admin type) for a record class, in field order."""
    cols = []
    for name, f in cls.model_fields.items():
        if name in exclude:
            continue
        ann = f.annotation
        parts = set(typing.get_args(ann)) | {ann}
        origins = {typing.get_origin(a) for a in parts}
        if list in origins:
            typ = "string[]"
        elif int in parts:
            typ = "long"
        elif float in parts:
            typ = "double"
        else:
            typ = "string"
        cols.append((name, typ))
    return tuple(cols)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ARRAY_DELIMITER.join(str(x) for x in v)
    return str(v)


# what a stored meeting keeps beside the model (see store.meeting_props)
_HIDDEN = (("_sig", "string"), ("_reports", "string[]"), ("_undated", "boolean"),
           ("_coarsest", "string"))


class _CsvSet:
    """One CSV per node label and per (relationship type, start label, end label)."""

    def __init__(self, directory: Path):
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.files: dict[tuple, tuple] = {}
        self.counts: dict[str, int] = defaultdict(int)

    def _writer(self, key, header):
        if key not in self.files:
            path = self.dir / ("-".join(key) + ".csv")
            fh = open(path, "w", newline="", encoding="utf-8")
            w = csv.writer(fh)
            w.writerow(header)
            self.files[key] = (fh, w, path)
        return self.files[key][1]

    def node(self, node, hidden: dict | None = None) -> None:
        cols = _header(NODE_TYPES[node.label], frozenset({"id"}))
        extra = _HIDDEN if node.label == "Meeting" else ()
        w = self._writer(("nodes", node.label), ["id:ID"] + [f"{c}:{t}" for c, t in cols + extra])
        d = {**vars(node), **(hidden or {})}  # the JSON dump (see store._props)
        w.writerow([node.id] + [_cell(d.get(c)) for c, _ in cols + extra])
        self.counts[node.label] += 1

    def rel(self, rel) -> None:
        cols = _header(REL_TYPES[rel.type], frozenset({"src", "dst"}))
        w = self._writer(("rels", rel.type), [":START_ID", ":END_ID"] + [f"{c}:{t}" for c, t in cols])
        d = vars(rel)
        w.writerow([rel.src, rel.dst] + [_cell(d.get(c)) for c, _ in cols])
        self.counts[rel.type] += 1

    def close(self) -> list[tuple[str, str, Path]]:
        out = []
        for key, (fh, _, path) in sorted(self.files.items()):
            fh.close()
            out.append((key[0], key[1], path))
        return out


def write_import_csvs(parts: Iterable[GraphData], directory: Path):
    """neo4j-admin import CSVs for one or more GraphData parts (nodes deduplicated by id,
    relationships by key). Returns ([(kind, label/type, path)], counts)."""
    sink = _CsvSet(Path(directory))
    seen_nodes: set[str] = set()
    seen_rels: set[tuple] = set()
    from diplograph.loaders.neo4j.store import meeting_props

    for data in parts:
        hidden = meeting_props(data)
        for nid, node in data.nodes.items():
            if nid not in seen_nodes:
                seen_nodes.add(nid)
                sink.node(node, hidden.get(nid))
        for key, rel in data.rels.items():
            if key not in seen_rels:
                seen_rels.add(key)
                sink.rel(rel)
    return sink.close(), dict(sink.counts)


def admin_import(home: Path, files, database: str = "neo4j", threads: int | None = None) -> str:
    """Run ``neo4j-admin database import full`` for the local instance at ``home`` (the
    server must be stopped). Returns the tool's report."""

    from diplograph.loaders.neo4j.server import fetch_jars

    java = shutil.which("java")
    if not java:
        raise ServerError("Java is not installed")
    lib = fetch_jars(quiet=True)
    # the database name goes first: --nodes/--relationships take several files each
    args = [java, "-Xmx1g", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", "database", "import",
            "full", database, "--overwrite-destination=true", "--ignore-empty-strings=true",
            f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--multiline-fields=true",
            f"--report-file={Path(home) / 'import' / 'import.report'}"]  # not into the cwd
    if threads:
        args.append(f"--threads={threads}")
    for kind, name, path in files:
        args.append(f"--nodes={name}={path}" if kind == "nodes" else f"--relationships={name}={path}")
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(Path(home) / "conf")}
    # --overwrite-destination deletes the database before it imports: keep the old store
    # aside, so a failed import puts it back and the server starts with what it held
    kept = _set_aside(Path(home), database)
    try:
        proc = subprocess.run(args, capture_output=True, text=True, env=env)
    except BaseException:
        _put_back(kept)
        raise
    if proc.returncode != 0:
        _put_back(kept)
        tail = " | ".join((proc.stdout + proc.stderr).strip().splitlines()[-4:])
        raise ServerError(f"neo4j-admin import failed: {tail}")
    for _, aside in kept:
        shutil.rmtree(aside, ignore_errors=True)
    return proc.stdout


def _set_aside(home: Path, database: str) -> list[tuple[Path, Path]]:
    """Move the database's store and transaction folders aside; returns (place, aside)."""
    kept = []
    for place in (home / "data" / "databases" / database, home / "data" / "transactions" / database):
        if place.exists():
            aside = place.with_name(f".{database}.before-import")
            shutil.rmtree(aside, ignore_errors=True)
            os.replace(place, aside)
            kept.append((place, aside))
    return kept


def _put_back(kept: list[tuple[Path, Path]]) -> None:
    for place, aside in kept:
        shutil.rmtree(place, ignore_errors=True)  # what the failed import left
        os.replace(aside, place)
