"""``diplograph build``: articles and curated facts to every output in one folder."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import EXIT_PARTIAL, Problems, connection_options, print_counts, progress
from diplograph.cli.inputs import input_options, neo4j_renamed, window_options


@click.command()
@input_options
@window_options
@click.option("--out", "out", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the outputs.")
@click.option("--window", type=click.Choice(["quarter", "month", "year"]), default="quarter",
              show_default=True, help="Time window of centrality_by_window.csv.")
@click.option("--no-html", is_flag=True, help="Skip the HTML views.")
@click.option("--no-figures", is_flag=True, help="Skip the PNG/SVG figures.")
@click.option("--strict", is_flag=True, help="Any bad input line is fatal.")
@click.option("--load-neo4j", "load_neo4j", is_flag=True,
              help="Also load the result into Neo4j (connection as for `diplograph load`).")
@neo4j_renamed("--load-neo4j")
@click.option("--batch-size", default=5000, show_default=True, help="Rows per Neo4j transaction.")
@connection_options
@click.pass_context
def build(ctx, paths, curated, from_neo4j, start, end, out, window, no_html, no_figures, strict,
          load_neo4j, batch_size, conn):
    """Build the graph and write events (JSON Lines, CSV, Parquet), entities, GraphML,
    GEXF, centrality tables, HTML views and figures (docs/exports.md lists every file).

    PATHS are articles (.txt/.md/.jsonl files or folders) to extract from, or folders
    that `build`/`extract` wrote; without them the curated data set is used.

    \b
    Example:
        diplograph build
        diplograph build ../shared/seeds --curated data/curated --out out/
        diplograph build --from 2024-01 --to 2024-06 --out out-2024h1/
    """
    from diplograph.app import build_outputs, gather_facts, load_facts_into_neo4j, summarise, window_facts

    if from_neo4j:
        raise click.UsageError("build reads files; to measure or draw what Neo4j holds use "
                               "`diplograph metrics --from-neo4j` or `diplograph view --from-neo4j`")
    problems = on_error = Problems(strict)
    facts = window_facts(gather_facts(paths, curated, on_error=on_error), start, end)
    res = build_outputs(facts, out, html=not no_html, figures=not no_figures, freq=window)
    for p in res.written:
        click.echo(f"wrote {p}")
    for line in summarise(res.graph, res.state_centrality):
        click.echo(line)
    if load_neo4j:
        print_counts(load_facts_into_neo4j(facts, conn(), batch_size, progress=lambda n: progress(n, "loading")))
    if problems:
        ctx.exit(EXIT_PARTIAL)
