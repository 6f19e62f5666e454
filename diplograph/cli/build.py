"""``diplograph build``: articles and curated facts to every output in one folder."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import EXIT_PARTIAL, Problems, connection_options, print_counts, progress


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--curated", "curated", multiple=True, type=click.Path(path_type=Path),
              help="Curated facts (folder or .jsonl); default data/curated when no PATHS.")
@click.option("--out", "out", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the outputs.")
@click.option("--no-html", is_flag=True, help="Skip graph.html.")
@click.option("--strict", is_flag=True, help="Any bad input line is fatal.")
@click.option("--neo4j", "to_neo4j", is_flag=True,
              help="Also load the result into Neo4j (connection as for `diplograph load`).")
@click.option("--batch-size", default=5000, show_default=True, help="Rows per Neo4j transaction.")
@connection_options
@click.pass_context
def build(ctx, paths, curated, out, no_html, strict, to_neo4j, batch_size, conn):
    """Build the graph and write events, entities, GraphML, CSV tables and HTML.

    PATHS are articles (.txt/.md/.jsonl files or folders) to extract from; without them
    the curated data set is used.

    \b
    Example:
        diplograph build
        diplograph build ../shared/seeds --curated data/curated --out out/
    """
    from diplograph.loaders.curated import FactSet, load_curated
    from diplograph.app import build_outputs, load_facts_into_neo4j, merge_curated, summarise

    problems = on_error = Problems(strict)
    facts = FactSet()
    if paths:
        from diplograph.loaders.extract import extract_paths

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
        print_counts(load_facts_into_neo4j(facts, conn(), batch_size, progress=lambda n: progress(n, "loading")))
    if problems:
        ctx.exit(EXIT_PARTIAL)
