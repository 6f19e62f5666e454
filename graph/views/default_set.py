"""The set of views `diplograph build` and `diplograph view --kind all` write."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from diplograph.graph.views.html import (
    ego_view,
    full_view,
    person_view,
    state_view,
    write_view,
)

__all__ = ["write_views", "centrality_sizes"]


def centrality_sizes(G: nx.Graph, measure: str, weight: str = "count") -> dict:
    from diplograph.graph.analytics import centrality_table

    df = centrality_table(G, weight=weight)
    if measure not in df.columns:
        raise ValueError(f"unknown measure {measure!r}; use degree, strength, betweenness, "
                         "pagerank or closeness")
    return dict(zip(df["id"], df[measure]))


def write_views(G: nx.MultiDiGraph, out: str | Path, kinds=("state", "person", "full"),
                focus: str | None = None, depth: int = 2, size_by: str = "strength",
                color_by: str = "state", seed: int = 42, figures: bool = True,
                timeline_states=("RU", "KP"), date_range=None) -> list[Path]:
    from diplograph.graph.analytics import bloc_of, leiden_communities
    from diplograph.graph.projections import person_projection, state_projection

    out = Path(out)
    written = []
    S, P = state_projection(G), person_projection(G)
    for kind in kinds:
        if kind == "state":
            blocs = bloc_of(leiden_communities(S.subgraph([n for n in S if S.degree(n)]),
                                               weight="count", seed=seed)) if color_by == "bloc" else None
            net = state_view(G, size_by=centrality_sizes(S, size_by), blocs=blocs, seed=seed)
            written.append(write_view(net, out / "graph.html"))
        elif kind == "person":
            blocs = bloc_of(leiden_communities(P.subgraph([n for n in P if P.degree(n)]),
                                               weight="count", seed=seed)) if color_by == "bloc" else None
            net = person_view(G, size_by=centrality_sizes(P, size_by), blocs=blocs, seed=seed)
            written.append(write_view(net, out / "person.html"))
        elif kind == "ego":
            if not focus:
                raise ValueError("the ego view needs --focus NAME")
            net = ego_view(G, focus, depth=depth, seed=seed)
            written.append(write_view(net, out / "ego.html"))
        elif kind == "full":
            written.append(write_view(full_view(G, seed=seed, date_range=date_range),
                                      out / "actors.html"))
        else:
            raise ValueError(f"unknown view {kind!r}")
    if figures:
        from diplograph.graph.views.figures import state_figure, timeline_figure

        written += state_figure(G, out / "state_graph", seed=seed)
        written += timeline_figure(G, out / "timeline", states=tuple(timeline_states))
    return written
