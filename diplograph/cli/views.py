"""``diplograph view``: interactive HTML views and static figures."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.cli.common import connection_options


@click.command()
@click.option("--kind", type=click.Choice(["state", "person", "ego", "full", "all"]),
              default="all", show_default=True, help="Which view.")
@click.option("--focus", help="Actor at the centre of the ego view (any spelling).")
@click.option("--depth", default=2, show_default=True, help="Meetings away from --focus.")
@click.option("--size-by", default="strength", show_default=True,
              type=click.Choice(["degree", "strength", "betweenness", "pagerank", "closeness"]))
@click.option("--color-by", default="state", show_default=True, type=click.Choice(["state", "bloc"]))
@click.option("--timeline", "timeline", default="RU,KP", show_default=True,
              help="Two ISO codes for the timeline figure.")
@click.option("--no-figures", is_flag=True, help="Skip the PNG/SVG figures.")
@click.option("--curated", type=click.Path(path_type=Path), help="Facts [default data/curated].")
@click.option("--neo4j", "from_neo4j", is_flag=True, help="Draw what the database holds.")
@click.option("--out", default="out", show_default=True, type=click.Path(path_type=Path))
@click.option("--seed", default=42, show_default=True, help="Layout seed.")
@connection_options
def view(kind, focus, depth, size_by, color_by, timeline, no_figures, curated, from_neo4j, out,
         seed, conn):
    """Write interactive network views (HTML that works offline) and figures for reports
    (PNG and SVG of the state graph and of a timeline).

    \b
    Example:
        diplograph view --out out/
        diplograph view --kind ego --focus "Choe Son Hui" --depth 2
        diplograph view --kind person --color-by bloc --size-by betweenness
    """
    from diplograph.app import load_graph

    G = load_graph(curated, conn() if from_neo4j else None)
    from diplograph.errors import DiplographError
    from diplograph.graph.views.default_set import write_views

    kinds = ("state", "person", "full") + (("ego",) if focus else ()) if kind == "all" else (kind,)
    states = tuple(s.strip().upper() for s in timeline.split(","))
    if len(states) != 2:
        raise click.UsageError("--timeline takes two ISO codes, e.g. RU,KP")
    try:
        paths = write_views(G, out, kinds=kinds, focus=focus, depth=depth, size_by=size_by,
                            color_by=color_by, seed=seed, figures=not no_figures,
                            timeline_states=states)
    except KeyError as exc:
        raise DiplographError(f"no actor named {exc.args[0]!r} in the graph "
                              "(try a name from entities.jsonl)") from None
    except ValueError as exc:
        raise DiplographError(str(exc)) from None
    for p in paths:
        click.echo(f"wrote {p}")
