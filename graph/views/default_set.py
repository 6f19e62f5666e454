"""The set of views `diplograph build` and `diplograph view --kind all` make: pages as
HTML text and figures as matplotlib figures, by file name. Writing them is the caller's
job (:func:`diplograph.app.write_views`)."""

from __future__ import annotations

import networkx as nx

from diplograph.graph.views.html import ego_view, full_view, person_view, render_html, state_view

__all__ = ["PAGE_FILES", "render_views", "make_figures", "centrality_sizes", "SIZE_LABELS"]

PAGE_FILES = {"state": "graph.html", "person": "person.html", "ego": "ego.html",
              "actors": "actors.html"}
SIZE_LABELS = {"degree": "number of partners", "strength": None,
               "betweenness": "betweenness", "pagerank": "PageRank", "closeness": "closeness"}


def centrality_sizes(G: nx.Graph, measure: str, weight: str = "count") -> dict:
    from diplograph.graph.analytics import centrality_table

    df = centrality_table(G, weight=weight)
    if measure not in SIZE_LABELS:
        raise ValueError(f"unknown measure {measure!r}; use degree, strength, betweenness, "
                         "pagerank or closeness")
    return dict(zip(df["id"], df[measure])) if len(df) else {}


def render_views(G: nx.MultiDiGraph, kinds=("state", "person", "actors"), focus: str | None = None,
                 depth: int = 2, size_by: str = "strength", color_by: str = "state",
                 seed: int = 42) -> dict[str, str]:
    """File name -> HTML page for each view kind (state, person, ego, actors)."""
    from diplograph.graph.analytics import bloc_of, leiden_communities
    from diplograph.graph.projections import person_projection, state_projection

    pages = {}
    for kind in kinds:
        if kind == "state":
            S = state_projection(G)
            blocs = bloc_of(leiden_communities(S.subgraph([n for n in S if S.degree(n)]),
                                               weight="count", seed=seed)) if color_by == "bloc" else None
            net = state_view(G, size_by=centrality_sizes(S, size_by), blocs=blocs, seed=seed,
                             size_label=SIZE_LABELS[size_by] or "visits made + received")
        elif kind == "person":
            P = person_projection(G)
            blocs = bloc_of(leiden_communities(P.subgraph([n for n in P if P.degree(n)]),
                                               weight="count", seed=seed)) if color_by == "bloc" else None
            net = person_view(G, size_by=centrality_sizes(P, size_by), blocs=blocs, seed=seed,
                              size_label=SIZE_LABELS[size_by] or "meetings with foreign counterparts")
        elif kind == "ego":
            if not focus:
                raise ValueError("the ego view needs --focus NAME")
            net = ego_view(G, focus, depth=depth, seed=seed)
        elif kind in ("actors", "full"):
            net, kind = full_view(G, seed=seed), "actors"
        else:
            raise ValueError(f"unknown view {kind!r}")
        pages[PAGE_FILES[kind]] = render_html(net)
    return pages


def make_figures(G: nx.MultiDiGraph, seed: int = 42, timeline_states=("RU", "KP")) -> dict:
    """Base file name -> matplotlib figure (state graph and timeline)."""
    from diplograph.graph.views.figures import state_figure, timeline_figure

    return {"state_graph": state_figure(G, seed=seed),
            "timeline": timeline_figure(G, states=tuple(timeline_states))}
