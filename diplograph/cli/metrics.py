"""``diplograph metrics``: centrality, blocs and timeline tables."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import EXIT_PARTIAL, Problems, connection_options
from diplograph.cli.inputs import input_options, neo4j_renamed, window_options


@click.command()
@input_options
@window_options
@neo4j_renamed("--from-neo4j")
@click.option("--out", default="out", show_default=True, type=click.Path(path_type=Path))
@click.option("--window", type=click.Choice(["quarter", "month", "year"]), default="quarter",
              show_default=True, help="Time window of timeline.csv and centrality_by_window.csv.")
@click.option("--seed", default=42, show_default=True, help="Seed for communities.")
@click.option("--top", default=5, show_default=True, help="Rows to print per table.")
@click.option("--strict", is_flag=True, help="Any bad input line is fatal.")
@connection_options
@click.pass_context
def metrics(ctx, paths, curated, from_neo4j, start, end, out, window, seed, top, strict, conn):
    """Write centrality.csv (the same file `build` writes for the same input and window),
    centrality_by_window.csv, blocs.csv and timeline.csv, and print their top rows.

    Inputs as for `build`: PATHS (articles, or a folder `build`/`extract` wrote),
    --curated facts, or --from-neo4j.

    \b
    Example:
        diplograph metrics --out out/
        diplograph metrics out/ --from 2024-01 --to 2024-06 --out out-h1/
        diplograph metrics --from-neo4j --window month
    """
    from diplograph.app import load_graph
    from diplograph.graph.analytics.report import metrics_tables

    problems = Problems(strict)
    G = load_graph(curated, conn() if from_neo4j else None, paths=paths, start=start, end=end,
                   on_error=problems)
    tables = metrics_tables(G, freq=window, seed=seed)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        path = out / f"{name}.csv"
        df.to_csv(path, index=False)
        click.echo(f"wrote {path} ({len(df)} rows)")
    if start or end:
        click.echo(f"window: {start or '…'} to {end or '…'}")
    cen = tables["centrality"]
    for g in ("state", "person"):
        part = cen[cen.graph == g].head(top)
        click.echo(f"\ntop {g}s by strength (betweenness, pagerank):")
        for _, r in part.iterrows():
            click.echo(f"  {r['name']:<24} {r['strength']:>5}  {r['betweenness']:.3f}  "
                       f"{r['pagerank']:.3f}")
    blocs = tables["blocs"]
    for g in ("state", "person"):
        part = blocs[(blocs.graph == g) & (blocs.method == "leiden")]
        if part.empty:
            continue
        click.echo(f"\n{g} blocs (Leiden, modularity {part.modularity.iloc[0]:.3f}):")
        for _, r in part.head(top).iterrows():
            click.echo(f"  bloc {r['bloc']}: {r['members']}  (inside {r['share_inside']:.0%})")
    tl = tables["timeline"]
    click.echo(f"\nexchanges per {window} (busiest):")
    for _, r in tl.sort_values("exchanges", ascending=False).head(top).iterrows():
        click.echo(f"  {r['window']}  {r['pair']:<24} {r['exchanges']}")
    if problems:
        ctx.exit(EXIT_PARTIAL)
