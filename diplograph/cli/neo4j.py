"""CLI commands that talk to Neo4j: ``neo4j start|stop|status``, ``load``, ``query``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from diplograph.cli.common import connection_options, print_counts, progress


@click.group()
def neo4j():
    """Run a local Neo4j Community server (no Docker needed).

    \b
    Example:
        eval "$(diplograph neo4j start)"
        diplograph load
        diplograph neo4j stop
    """


@neo4j.command("start")
@click.option("--home", type=click.Path(path_type=Path), help="Instance folder "
              "[default ~/.cache/diplograph/instances/default].")
@click.option("--port", type=int, help="Bolt port [default: a free one].")
@click.option("--heap", default="1g", show_default=True, help="Java heap size.")
def neo4j_start(home, port, heap):
    """Fetch (once), configure and start Neo4j; print export lines for the shell.

    Progress goes to stderr, the exports to stdout, so this works:

    \b
    Example:
        eval "$(diplograph neo4j start)"
    """
    from diplograph.loaders.neo4j import server as neo4j_server

    info = neo4j_server.start(home=home, port=port, heap=heap)
    click.echo(info.exports(), nl=False)


@neo4j.command("stop")
@click.option("--home", type=click.Path(path_type=Path), help="Instance folder.")
def neo4j_stop(home):
    """Stop the local server cleanly.

    \b
    Example:
        diplograph neo4j stop
    """
    from diplograph.loaders.neo4j import server as neo4j_server

    neo4j_server.stop(home=home)


@neo4j.command("status")
@click.option("--home", type=click.Path(path_type=Path), help="Instance folder.")
def neo4j_status(home):
    """Say whether the local server runs, where, and which version.

    \b
    Example:
        diplograph neo4j status
    """
    from diplograph.loaders.neo4j import server as neo4j_server

    st = neo4j_server.status(home=home)
    if st["running"]:
        click.echo(f"running: Neo4j {st['version']} at {st['uri']} (pid {st['pid']}, home {st['home']})")
    else:
        click.echo(f"not running (home {st['home']})")
        sys.exit(1)


@click.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Rows per transaction; a meeting or a person counts as one row with its "
                   "relationships. Default 5,000, with --stream 2,500 (it writes in two "
                   "sessions at once); both fastest in benchmarks/results.md.")
@click.option("--stream", is_flag=True,
              help="Large inputs (also with --bulk): read and write events chunk by chunk "
                   "(memory stays bounded; each chunk is clustered with what is stored, so the "
                   "result equals one load; with --bulk, reports of one event in different "
                   "chunks stay apart).")
@click.option("--chunk-size", default=20000, show_default=True,
              help="Events per chunk (--stream); memory grows with it.")
@click.option("--checkpoint", type=click.Path(path_type=Path),
              help="With --stream: record finished chunks here; a re-run resumes after them.")
@click.option("--bulk", is_flag=True, help="First load into an EMPTY local database through "
              "neo4j-admin import (the project's own server: stopped, imported, restarted).")
@click.option("--home", type=click.Path(path_type=Path), help="Local server folder for --bulk.")
@click.option("--overwrite", is_flag=True, help="With --bulk: replace a database that is not "
              "empty (everything in it is lost).")
@connection_options
def load(directory, batch_size, stream, chunk_size, checkpoint, bulk, home, overwrite, conn):
    """Load events and entities (a build/extract output folder or curated facts) into Neo4j.

    Loading the same data twice changes nothing; new articles merge into what exists.
    An interrupted load is finished by running the same command again.

    \b
    Example:
        eval "$(diplograph neo4j start)"
        diplograph load                 # the curated data
        diplograph load out/            # what `diplograph build` wrote
        diplograph load big/ --stream --chunk-size 50000 --checkpoint big/.progress
        diplograph load big/ --bulk --stream   # empty database, fastest, memory flat
    """
    from diplograph.loaders.curated import CURATED_DIR, load_curated

    if bulk:
        _bulk_load(directory or CURATED_DIR, home, stream, chunk_size, overwrite)
        return
    if stream:
        _stream_load(directory or CURATED_DIR, conn(), batch_size or 2500, chunk_size, checkpoint)
        return
    from diplograph.cli.common import warn

    facts = load_curated(directory, on_warning=warn) if directory else load_curated(on_warning=warn)
    from diplograph.app import load_facts_into_neo4j

    print_counts(load_facts_into_neo4j(facts, conn(), batch_size or 5000, progress=lambda n: progress(n, "loading")))


def _stream_input(directory: Path) -> tuple[list, int]:
    """The entities of a large input folder (if any) and its number of event lines (one
    fast pass, for the time left)."""
    from diplograph.errors import InputError
    from diplograph.loaders.jsonl import read_entities

    if not (directory / "events.jsonl").is_file():
        raise InputError(directory / "events.jsonl", "no such file",
                         hint="a --stream input folder holds events.jsonl and, optionally, "
                              "entities.jsonl")
    ents_file = directory / "entities.jsonl"
    ents = read_entities(ents_file) if ents_file.exists() else []
    with open(directory / "events.jsonl", "rb") as fh:
        return ents, sum(1 for _ in fh)


def _stream_load(directory: Path, c, batch_size, chunk_size, checkpoint) -> None:
    from diplograph.graph.model import Event
    from diplograph.loaders.gazetteer import load_gazetteer
    from diplograph.loaders.jsonl import iter_records
    from diplograph.loaders.neo4j.bulk import input_fingerprint, read_checkpoint, stream_write
    from diplograph.loaders.neo4j.store import apply_schema, connect, counts

    ents, n_events = _stream_input(directory)
    fingerprint = input_fingerprint(directory / "events.jsonl", chunk_size)
    if checkpoint:
        read_checkpoint(checkpoint, fingerprint)  # refused before anything is written
    bar = progress(n_events, "loading", unit="events")
    t0 = time.perf_counter()
    rows_done = [0]
    events_done = [0]

    def on_part(events: int, rows: int) -> None:
        rows_done[0] += rows
        events_done[0] += events
        bar.set_postfix_str(f"{rows_done[0]:,} rows, "
                            f"{rows_done[0] / (time.perf_counter() - t0):,.0f} rows/s")
        bar.update(events)

    with connect(c) as driver:
        apply_schema(driver, c.database)
        before = counts(driver, c.database)
        try:
            res = stream_write(driver, iter_records(directory / "events.jsonl", Event), ents,
                               load_gazetteer(), chunk_size=chunk_size, batch_size=batch_size,
                               database=c.database, checkpoint=checkpoint, on_part=on_part,
                               fingerprint=fingerprint, reconnect=lambda: connect(c))
        except Exception as exc:
            from diplograph.loaders.neo4j.store import load_failure

            again = "re-run the same command" + ("" if checkpoint else
                                                 " (with --checkpoint FILE a re-run skips finished chunks)")
            err = load_failure(exc, c, f"after {events_done[0]} of {n_events} events", again)
            if err is None:
                raise
            raise err from None
        finally:
            bar.close()
        after = counts(driver, c.database)
    print_counts({"before": before, "after": after, "seconds": time.perf_counter() - t0,
                   "rows": res["rows"]})


def _bulk_load(directory: Path, home, stream: bool = False, chunk_size: int = 20000,
               overwrite: bool = False) -> None:
    from diplograph.graph.records import build_records
    from diplograph.loaders.neo4j import server as neo4j_server
    from diplograph.loaders.curated import load_curated
    from diplograph.loaders.gazetteer import load_gazetteer
    from diplograph.loaders.neo4j.bulk import admin_import, write_import_csvs
    from diplograph.loaders.neo4j.store import Connection, apply_schema, connect, counts
    from diplograph.app import collect_entities

    from diplograph.errors import Neo4jError

    home = Path(home) if home else neo4j_server.default_home()
    t0 = time.perf_counter()
    if stream:  # CSVs written chunk by chunk, as the streamed loader reads
        from diplograph.graph.model import Event
        from diplograph.loaders.jsonl import iter_records
        from diplograph.loaders.neo4j.bulk import stream_records

        ents, n_events = _stream_input(directory)
        bar = progress(n_events, "writing import CSVs", unit="events")

        def counted(events):
            for e in events:
                bar.update(1)
                yield e

        parts = stream_records(counted(iter_records(directory / "events.jsonl", Event)), ents,
                               load_gazetteer(), chunk_size)
        try:
            files, n = write_import_csvs(parts, home / "import" / "bulk")
        finally:
            bar.close()
    else:
        facts = load_curated(directory)
        data = build_records(facts.events, collect_entities(facts.events, facts.entities),
                             load_gazetteer(), facts.articles)
        files, n = write_import_csvs([data], home / "import" / "bulk")
    t1 = time.perf_counter()
    # the import replaces the whole database: refuse to do that to one that holds data
    info = neo4j_server.start(home=home, quiet=True)
    with connect(Connection(info.uri, info.user, info.password)) as driver:
        recs, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    if recs[0]["n"] and not overwrite:
        raise Neo4jError(f"the database in {str(home)!r} is not empty ({recs[0]['n']:,} nodes); "
                         "--bulk replaces all of it: add --overwrite if you mean that, or load "
                         "without --bulk to add to it")
    neo4j_server.stop(home=home, quiet=True)
    try:
        report = admin_import(home, files)
    except Exception as exc:  # the server is started again, also when the import failed
        try:
            neo4j_server.start(home=home, quiet=True)
        except Exception as again:  # noqa: BLE001
            raise Neo4jError(f"{exc}; and Neo4j did not start again: {again}") from None
        raise
    t2 = time.perf_counter()
    info = neo4j_server.start(home=home, quiet=True)
    with connect(Connection(info.uri, info.user, info.password)) as driver:
        apply_schema(driver)
        after = counts(driver)
    rows = sum(n.values())
    click.echo(f"bulk import of {rows} rows: csv {t1 - t0:.2f} s, neo4j-admin {t2 - t1:.2f} s "
               f"({rows / max(t2 - t1, 1e-9):,.0f} rows/s)")
    for k, v in after.items():
        click.echo(f"  {k:<14} {v:>8}")
    click.echo(f"Neo4j runs at {info.uri}; `eval \"$(diplograph neo4j start --home {home})\"` "
               "sets NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD in this shell", err=True)
    del report
