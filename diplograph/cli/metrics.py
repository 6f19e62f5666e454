"""``diplograph metrics``: centrality, blocs and timeline tables."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import connection_options


@click.command()
@click.option("--curated", type=click.Path(path_type=Path),
              help="Facts to measure (folder or .jsonl) [default: data/curated].")
@click.option("--neo4j", "from_neo4j", is_flag=True, help="Measure what the database holds.")
@click.option("--out", default="out", show_default=True, type=click.Path(path_type=Path))
@click.option("--window", type=click.Choice(["quarter", "month", "year"]), default="quarter",
              show_default=True, help="Time window of timeline.csv.")
@click.option("--seed", default=42, show_default=True, help="Seed for communities and sampling.")
@click.option("--top", default=5, show_default=True, help="Rows to print per table.")
@connection_options
def metrics(curated, from_neo4j, out, window, seed, top, conn):
    """Write centrality.csv, blocs.csv and timeline.csv and print their top rows.

    \b
    Example:
        diplograph metrics --out out/
        diplograph metrics --neo4j --window month
    """
    from diplograph.graph.analytics.report import metrics_tables

    from diplograph.app import load_graph

    G = load_graph(curated, conn() if from_neo4j else None)
    tables = metrics_tables(G, freq=window, seed=seed)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        path = out / f"{name}.csv"
        df.to_csv(path, index=False)
        click.echo(f"wrote {path} ({len(df)} rows)")
    cen = tables["centrality"]
    for g in ("state", "person"):
        part = cen[cen.graph == g].head(top)
        click.echo(f"\ntop {g}s by strength (betweenness, pagerank):")
        for _, r in part.iterrows():
            click.echo(f"  {r['name']:<24} {r['strength']:>5.0f}  {r['betweenness']:.3f}  "
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
