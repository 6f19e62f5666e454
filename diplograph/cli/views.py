"""``diplograph view``: interactive HTML views and static figures."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import EXIT_PARTIAL, Problems, connection_options
from diplograph.cli.inputs import input_options, neo4j_renamed, window_options


@click.command()
@input_options
@window_options
@neo4j_renamed("--from-neo4j")
@click.option("--kind", type=click.Choice(["state", "person", "ego", "actors", "all"]),
              default="all", show_default=True,
              help="Which view: state (graph.html), person (person.html), ego (ego.html), "
                   "actors (actors.html) or all.")
@click.option("--focus", help="Actor at the centre of the ego view: a name in any spelling "
              "or alias (Lawrow), a surname one person carries, or an ISO code.")
@click.option("--depth", default=2, show_default=True, help="Meetings away from --focus.")
@click.option("--size-by", default="strength", show_default=True,
              type=click.Choice(["degree", "strength", "betweenness", "pagerank", "closeness"]))
@click.option("--color-by", default="state", show_default=True, type=click.Choice(["state", "bloc"]))
@click.option("--timeline", "timeline", default="RU,KP", show_default=True,
              help="Two ISO codes for the timeline figure.")
@click.option("--no-html", is_flag=True, help="Skip the HTML views.")
@click.option("--no-figures", is_flag=True, help="Skip the PNG/SVG figures.")
@click.option("--out", default="out", show_default=True, type=click.Path(path_type=Path))
@click.option("--seed", default=42, show_default=True, help="Layout seed.")
@click.option("--strict", is_flag=True, help="Any bad input line is fatal.")
@connection_options
@click.pass_context
def view(ctx, paths, curated, from_neo4j, start, end, kind, focus, depth, size_by, color_by,
         timeline, no_html, no_figures, out, seed, strict, conn):
    """Write interactive network views (HTML that works offline) and figures for reports
    (PNG and SVG of the state graph and of a timeline).

    Inputs as for `build`: PATHS (articles, or a folder `build`/`extract` wrote),
    --curated facts, or --from-neo4j; --from/--to draw one time window.

    \b
    Example:
        diplograph view --out out/
        diplograph view out/ --kind ego --focus Lawrow --depth 2
        diplograph view --kind person --color-by bloc --size-by betweenness
        diplograph view --from-neo4j --from 2024-01 --to 2024-06
    """
    from diplograph.app import load_graph, write_views
    from diplograph.errors import DiplographError
    from diplograph.graph.views.html import NoSuchNode, find_node

    states = tuple(s.strip().upper() for s in timeline.split(","))
    if len(states) != 2:
        raise click.UsageError("--timeline takes two ISO codes, e.g. RU,KP")
    if kind == "ego" and not focus:
        raise click.UsageError("--kind ego needs --focus NAME")
    problems = Problems(strict)
    G = load_graph(curated, conn() if from_neo4j else None, paths=paths, start=start, end=end,
                   on_error=problems)
    if focus:
        try:
            focus = find_node(G, focus)
        except NoSuchNode as exc:
            raise DiplographError(str(exc)) from None
        if G.nodes[focus].get("label") != "Person":
            raise DiplographError(f"the ego view centres on a person; {focus} is a "
                                  f"{G.nodes[focus].get('label')} (its partners are in graph.html)")
    kinds = ("state", "person", "actors") + (("ego",) if focus else ()) if kind == "all" else (kind,)
    try:
        paths_written = write_views(G, out, kinds=kinds, html=not no_html, figures=not no_figures,
                                    focus=focus, depth=depth, size_by=size_by, color_by=color_by,
                                    seed=seed, timeline_states=states)
    except ValueError as exc:
        raise DiplographError(str(exc)) from None
    for p in paths_written:
        click.echo(f"wrote {p}")
    if problems:
        ctx.exit(EXIT_PARTIAL)
