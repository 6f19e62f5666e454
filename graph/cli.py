"""The ``diplograph`` command: a thin click layer over graph/ and loaders/.

Errors reach people as one ``Error: …`` line and exit code 1; ``--debug`` shows the
traceback instead.

Exit codes: 0 success, 1 error, 2 usage error (bad option), 3 finished but some input
was skipped (see the ``Warning:`` lines).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from graph.errors import DiplographError

EXIT_ERROR = 1
EXIT_PARTIAL = 3


class Command(click.Group):
    """Turns exceptions into ``Error: …`` lines unless ``--debug``."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the one place that reports everything
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            else:
                msg = str(exc) if isinstance(exc, DiplographError) else f"{type(exc).__name__}: {exc}"
                click.echo(f"Error: {msg}", err=True)
                if not isinstance(exc, DiplographError):
                    click.echo("  (run with --debug for the traceback)", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="diplograph")
@click.pass_context
def main(ctx, debug):
    """diplograph: a graph of diplomatic contact built from news.

    \b
    Exit codes: 0 success, 1 error, 2 usage error,
                3 done, but some input was skipped (see Warning: lines).

    \b
    Example:
        diplograph build --out out/
        diplograph --help
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _warn(err) -> None:
    click.echo(f"Warning: {err}", err=True)


class Problems(list):
    """Collects input problems as warnings; with ``strict`` the first one is fatal."""

    def __init__(self, strict: bool):
        super().__init__()
        self.strict = strict

    def __call__(self, err) -> None:
        if self.strict:
            raise err
        self.append(err)
        _warn(err)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--curated", "curated", multiple=True, type=click.Path(path_type=Path),
              help="Curated facts (folder or .jsonl); default data/curated when no PATHS.")
@click.option("--out", "out", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the outputs.")
@click.option("--no-html", is_flag=True, help="Skip graph.html.")
@click.option("--strict", is_flag=True, help="Any bad input line is fatal.")
@click.option("--neo4j", "to_neo4j", is_flag=True,
              help="Also load the result into Neo4j (connection as for `diplograph load`).")
@click.option("--batch-size", default=1000, show_default=True, help="Rows per Neo4j transaction.")
@click.pass_context
def build(ctx, paths, curated, out, no_html, strict, to_neo4j, batch_size, **conn_opts):
    """Build the graph and write events, entities, GraphML, CSV tables and HTML.

    PATHS are articles (.txt/.md/.jsonl files or folders) to extract from; without them
    the curated data set is used.

    \b
    Example:
        diplograph build
        diplograph build ../shared/seeds --curated data/curated --out out/
    """
    from loaders.curated import FactSet, load_curated
    from loaders.pipeline import build_outputs, merge_curated, summarise

    problems = on_error = Problems(strict)
    facts = FactSet()
    if paths:
        from loaders.extract import extract_paths

        facts = extract_paths(paths, on_error=on_error)
    if curated or not paths:
        cur = FactSet()
        for c in curated or [None]:
            cur.extend(load_curated(c, on_error=on_error) if c else load_curated(on_error=on_error))
        facts = merge_curated(facts, cur) if paths else cur
    res = build_outputs(facts, out, html=not no_html)
    for p in res.written:
        click.echo(f"wrote {p}")
    for line in summarise(res.graph, res.state_centrality):
        click.echo(line)
    if to_neo4j:
        from graph.cli_neo4j import _make_conn, _print_counts, load_facts_into_neo4j

        conn = _make_conn(conn_opts["neo4j_uri"], conn_opts["neo4j_user"],
                          conn_opts["neo4j_database"], conn_opts["ask_password"])
        _print_counts(load_facts_into_neo4j(facts, conn, batch_size))
    if problems:
        ctx.exit(EXIT_PARTIAL)


from graph import cli_extract, cli_metrics, cli_neo4j, cli_views  # noqa: E402,F401

for _opt in reversed([
    click.Option(["--neo4j-uri"], envvar="NEO4J_URI", help="Bolt URI [env NEO4J_URI]."),
    click.Option(["--neo4j-user"], envvar="NEO4J_USER", default="neo4j", help="User [env NEO4J_USER]."),
    click.Option(["--neo4j-database"], envvar="NEO4J_DATABASE", default=None, help="Database."),
    click.Option(["--ask-password"], is_flag=True, help="Prompt for the Neo4j password."),
]):
    build.params.append(_opt)
