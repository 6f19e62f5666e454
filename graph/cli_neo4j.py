"""CLI commands that talk to Neo4j: ``neo4j start|stop|status``, ``load``, ``query``."""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from pathlib import Path

import click

from graph.cli import main


def connection_options(f):
    """--neo4j-uri/--neo4j-user/--neo4j-database; the password comes from NEO4J_PASSWORD
    or a prompt (--ask-password), never from the command line."""
    @click.option("--neo4j-uri", envvar="NEO4J_URI", help="Bolt URI [env NEO4J_URI].")
    @click.option("--neo4j-user", envvar="NEO4J_USER", default="neo4j", show_default=True,
                  help="User [env NEO4J_USER].")
    @click.option("--neo4j-database", envvar="NEO4J_DATABASE", default=None,
                  help="Database [env NEO4J_DATABASE; default: the server's].")
    @click.option("--ask-password", is_flag=True, help="Prompt for the password instead of "
                  "reading NEO4J_PASSWORD.")
    @functools.wraps(f)
    def wrapper(*args, neo4j_uri, neo4j_user, neo4j_database, ask_password, **kw):
        kw["conn"] = functools.partial(_make_conn, neo4j_uri, neo4j_user, neo4j_database,
                                       ask_password)
        return f(*args, **kw)
    return wrapper


def _make_conn(uri, user, database, ask_password):
    """The connection, built only when a command needs it."""
    from loaders.neo4j_store import connection_from_env

    password = os.environ.get("NEO4J_PASSWORD")
    if ask_password or (password is None and sys.stdin.isatty()):
        password = click.prompt("Neo4j password", hide_input=True)
    return connection_from_env(uri, user, password or "", database)


@main.group()
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
    from loaders import neo4j_server

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
    from loaders import neo4j_server

    neo4j_server.stop(home=home)


@neo4j.command("status")
@click.option("--home", type=click.Path(path_type=Path), help="Instance folder.")
def neo4j_status(home):
    """Say whether the local server runs, where, and which version.

    \b
    Example:
        diplograph neo4j status
    """
    from loaders import neo4j_server

    st = neo4j_server.status(home=home)
    if st["running"]:
        click.echo(f"running: Neo4j {st['version']} at {st['uri']} (pid {st['pid']}, home {st['home']})")
    else:
        click.echo(f"not running (home {st['home']})")
        sys.exit(1)


def _progress(total: int | None, desc: str, unit: str = "row"):
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=None, leave=False)
    return bar


def load_facts_into_neo4j(facts, conn, batch_size: int = 1000) -> dict:
    """Build records from facts and MERGE them; returns counts and timings."""
    from graph.build import build_records
    from loaders.gazetteer import load_gazetteer
    from loaders.neo4j_store import apply_schema, connect, counts, existing_meetings, write_graph
    from loaders.pipeline import collect_entities

    with connect(conn) as driver:
        apply_schema(driver, conn.database)
        before = counts(driver, conn.database)
        data = build_records(facts.events, collect_entities(facts.events, facts.entities),
                             load_gazetteer(), facts.articles,
                             anchors=existing_meetings(driver, conn.database))
        total = len(data.nodes) + len(data.rels)
        bar = _progress(total, "loading")
        done = [0]

        def step(n):
            done[0] += n
            bar.update(n)

        t0 = time.perf_counter()
        try:
            write_graph(driver, data, batch_size=batch_size, database=conn.database,
                        progress=step)
        except Exception as exc:
            from neo4j.exceptions import DriverError, Neo4jError as DriverNeo4jError

            if not isinstance(exc, (DriverError, DriverNeo4jError, OSError)):
                raise
            from graph.errors import Neo4jUnavailable

            raise Neo4jUnavailable(
                f"lost Neo4j at {conn.uri} after {done[0]} of {total} rows "
                f"({type(exc).__name__}); what was written is kept and the load is "
                "idempotent: re-run the same command to finish it") from None
        finally:
            bar.close()
        took = time.perf_counter() - t0
        after = counts(driver, conn.database)
    return {"before": before, "after": after, "seconds": took,
            "rows": len(data.nodes) + len(data.rels)}


def _print_counts(res: dict) -> None:
    after, before = res["after"], res["before"]
    click.echo(f"loaded {res['rows']} rows in {res['seconds']:.2f} s")
    for k, v in after.items():
        delta = v - before.get(k, 0)
        click.echo(f"  {k:<14} {v:>8}" + (f"  (+{delta})" if delta else ""))


@main.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--batch-size", default=5000, show_default=True,
              help="Rows per transaction; a meeting or a person counts as one row with its "
                   "relationships (5,000 was fastest in benchmarks/results.md).")
@click.option("--stream", is_flag=True,
              help="Large inputs (also with --bulk): read and write events chunk by chunk "
                   "(memory stays flat; each line is one real-world event).")
@click.option("--chunk-size", default=20000, show_default=True,
              help="Events per chunk (--stream); memory grows with it.")
@click.option("--checkpoint", type=click.Path(path_type=Path),
              help="With --stream: record finished chunks here; a re-run resumes after them.")
@click.option("--bulk", is_flag=True, help="First load into an EMPTY local database through "
              "neo4j-admin import (the project's own server: stopped, imported, restarted).")
@click.option("--home", type=click.Path(path_type=Path), help="Local server folder for --bulk.")
@connection_options
def load(directory, batch_size, stream, chunk_size, checkpoint, bulk, home, conn):
    """Load events and entities (a build/extract output folder or curated facts) into Neo4j.

    Loading the same data twice changes nothing; new articles merge into what exists.
    An interrupted load is finished by running the same command again.

    \b
    Example:
        eval "$(diplograph neo4j start)"
        diplograph load                 # the curated data
        diplograph load out/            # what `diplograph build` wrote
        diplograph load big/ --stream --batch-size 5000 --checkpoint big/.progress
        diplograph load big/ --bulk --stream   # empty database, fastest, memory flat
    """
    from loaders.curated import CURATED_DIR, load_curated

    if bulk:
        _bulk_load(directory or CURATED_DIR, home, stream, chunk_size)
        return
    if stream:
        _stream_load(directory or CURATED_DIR, conn(), batch_size, chunk_size, checkpoint)
        return
    facts = load_curated(directory) if directory else load_curated()
    _print_counts(load_facts_into_neo4j(facts, conn(), batch_size))


def _stream_input(directory: Path) -> tuple[list, int]:
    """The entities of a large input folder (if any) and its number of event lines (one
    fast pass, for the time left)."""
    from graph.errors import InputError
    from loaders.jsonl import read_entities

    if not (directory / "events.jsonl").is_file():
        raise InputError(directory / "events.jsonl", "no such file",
                         hint="a --stream input folder holds events.jsonl and, optionally, "
                              "entities.jsonl")
    ents_file = directory / "entities.jsonl"
    ents = read_entities(ents_file) if ents_file.exists() else []
    with open(directory / "events.jsonl", "rb") as fh:
        return ents, sum(1 for _ in fh)


def _stream_load(directory: Path, c, batch_size, chunk_size, checkpoint) -> None:
    from graph.model import Event
    from loaders.gazetteer import load_gazetteer
    from loaders.jsonl import iter_records
    from loaders.neo4j_bulk import stream_write
    from loaders.neo4j_store import apply_schema, connect, counts

    ents, n_events = _stream_input(directory)
    bar = _progress(n_events, "loading", unit="events")
    t0 = time.perf_counter()
    rows_done = [0]

    def on_part(events: int, rows: int) -> None:
        rows_done[0] += rows
        bar.set_postfix_str(f"{rows_done[0]:,} rows, "
                            f"{rows_done[0] / (time.perf_counter() - t0):,.0f} rows/s")
        bar.update(events)

    with connect(c) as driver:
        apply_schema(driver, c.database)
        before = counts(driver, c.database)
        try:
            res = stream_write(driver, iter_records(directory / "events.jsonl", Event), ents,
                               load_gazetteer(), chunk_size=chunk_size, batch_size=batch_size,
                               database=c.database, checkpoint=checkpoint, on_part=on_part)
        finally:
            bar.close()
        after = counts(driver, c.database)
    _print_counts({"before": before, "after": after, "seconds": time.perf_counter() - t0,
                   "rows": res["rows"]})


def _bulk_load(directory: Path, home, stream: bool = False, chunk_size: int = 20000) -> None:
    from graph.build import build_records
    from loaders import neo4j_server
    from loaders.curated import load_curated
    from loaders.gazetteer import load_gazetteer
    from loaders.neo4j_bulk import admin_import, write_import_csvs
    from loaders.neo4j_store import Connection, apply_schema, connect, counts
    from loaders.pipeline import collect_entities

    home = Path(home) if home else neo4j_server.default_home()
    t0 = time.perf_counter()
    if stream:  # CSVs written chunk by chunk, as the streamed loader reads
        from graph.model import Event
        from loaders.jsonl import iter_records
        from loaders.neo4j_bulk import stream_records

        ents, n_events = _stream_input(directory)
        bar = _progress(n_events, "writing import CSVs", unit="events")

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
    neo4j_server.stop(home=home, quiet=True)
    report = admin_import(home, files)
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
    click.echo(info.exports(), nl=False, err=True)
    del report


def _print_table(columns, rows) -> None:
    cells = [[_fmt(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    widths = [min(w, 60) for w in widths]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in cells:
        click.echo("  ".join(v[:w].ljust(w) for v, w in zip(r, widths)).rstrip())
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


@main.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, help="key=value (repeatable).")
@click.option("--file", "file", type=click.Path(exists=True, path_type=Path), help="Run a .cypher file.")
@click.option("--cypher", "cypher", help="Run this Cypher text.")
@click.option("--list", "list_", is_flag=True, help="List the library with descriptions.")
@click.option("--csv", "fmt", flag_value="csv", help="Output CSV.")
@click.option("--json", "fmt", flag_value="json", help="Output JSON (one array).")
@click.option("--table", "fmt", flag_value="table", default=True, help="Output a table (default).")
@click.option("--write", is_flag=True, help="Allow a query that writes.")
@connection_options
def query(name, params, file, cypher, list_, fmt, write, conn):
    """Run a library query (or --file / --cypher) in READ mode and print the result.

    \b
    Example:
        diplograph query --list
        diplograph query meetings_of_person -p person="Sergei Lavrov"
        diplograph query met_between_states -p a=RU -p b=KP -p from=2023-07 -p to=2024-06 --csv
    """
    from loaders.queries import list_queries, load_query, parse_params, parse_query

    if list_:
        for q in list_queries():
            ps = ", ".join(f"${k} ({t})" for k, t in q.params.items()) or "no parameters"
            click.echo(f"{q.name:<28} {q.answers}\n{'':<28} {ps}")
        return
    if sum(bool(x) for x in (name, file, cypher)) != 1:
        raise click.UsageError("give one of NAME, --file or --cypher (or --list)")
    q = load_query(name) if name else parse_query(
        file.read_text(encoding="utf-8") if file else cypher, name="query")
    args = parse_params(list(params), q if name else None)
    from loaders.neo4j_store import connect
    from loaders.queries import run_query

    c = conn()
    with connect(c) as driver:
        cols, rows = run_query(driver, q.text, args, c.database, write=write)
    if fmt == "json":
        click.echo(json.dumps([dict(zip(cols, r)) for r in rows], ensure_ascii=False, indent=1,
                              default=str))
    elif fmt == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(cols)
        for r in rows:
            w.writerow([_fmt(v) for v in r])
    else:
        _print_table(cols, rows)
