"""Every table `diplograph build` and `diplograph metrics` write, computed from one graph
(pure, seeded). There is one centrality definition: :func:`centrality_tables`.

centrality.csv
    One row per state of the state graph (``graph = state``: State -VISITED-> State,
    weighted by visits, directed) and per person of the person graph (``graph = person``:
    Person -MET- Person, weighted by meetings, undirected). Only nodes with at least one
    happened visit/meeting in the window take part, so the numbers do not depend on how
    many silent states the gazetteer knows. ``in_*``/``out_*`` columns exist for the
    directed state graph only and are empty for persons.
centrality_by_window.csv
    The same measures per time window (quarter by default), with the rank by strength
    inside each window and graph: "who rose, who fell" in one file.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from diplograph.graph.analytics.blocs import bloc_table, leiden_communities, louvain_communities, modularity
from diplograph.graph.analytics.centrality import centrality_table
from diplograph.graph.analytics.timeline import exchanges_per_window, window_graph, window_of
from diplograph.graph.projections import person_projection, state_projection

__all__ = ["actor_meeting_graph", "centrality_tables", "centrality_by_window", "bloc_tables",
           "metrics_tables", "CENTRALITY_COLUMNS"]

CENTRALITY_COLUMNS = ["graph", "id", "name", "label", "degree", "in_degree", "out_degree",
                      "strength", "in_strength", "out_strength", "betweenness", "pagerank",
                      "closeness"]
_INTS = ["degree", "in_degree", "out_degree", "strength", "in_strength", "out_strength"]


def actor_meeting_graph(G: nx.MultiDiGraph, status: str = "happened") -> nx.Graph:
    """Bipartite graph: persons and states on one side, meetings on the other."""
    B = nx.Graph()
    for u, v, d in G.edges(data=True):
        if d.get("type") != "ATTENDED" or G.nodes[v].get("status") != status:
            continue
        for n in (u, v):
            B.add_node(n, label=G.nodes[n]["label"],
                       name=G.nodes[n].get("name") or G.nodes[n].get("kind"))
        B.add_edge(u, v, weight=1)
    return B


def _active(G: nx.Graph) -> nx.Graph:
    return G.subgraph([n for n in G if G.degree(n) > 0]).copy()


def centrality_tables(G: nx.MultiDiGraph, seed: int = 0, start: str | None = None,
                      end: str | None = None) -> pd.DataFrame:
    """centrality.csv: states (visits) and persons (meetings) of the window
    ``start``..``end`` (ISO partial dates; both optional)."""
    G = window_graph(G, start, end)
    parts = []
    for name, H in (("state", state_projection(G)), ("person", person_projection(G))):
        df = centrality_table(_active(H), weight="count", seed=seed)
        df.insert(0, "graph", name)
        parts.append(df)
    out = pd.concat([p for p in parts if len(p)] or [pd.DataFrame(columns=CENTRALITY_COLUMNS)],
                    ignore_index=True)
    out = out.reindex(columns=CENTRALITY_COLUMNS)
    for c in _INTS:
        out[c] = out[c].round().astype("Int64")
    return out


def centrality_by_window(G: nx.MultiDiGraph, freq: str = "quarter", seed: int = 0) -> pd.DataFrame:
    """centrality_by_window.csv: :func:`centrality_tables` for every window that has a
    dated happened meeting, with ``rank`` (1 = highest strength) per window and graph.
    Meetings dated too coarsely for the window (a year-only date by quarter) are left out."""
    by_window: dict[str, list] = {}
    for n, d in G.nodes(data=True):
        if d.get("label") == "Meeting":
            w = window_of(d.get("date"), freq)
            if w:
                by_window.setdefault(w, []).append(n)
    all_meetings = {n for n, d in G.nodes(data=True) if d.get("label") == "Meeting"}
    parts = []
    for w in sorted(by_window):
        H = G.copy()
        H.remove_nodes_from(all_meetings - set(by_window[w]))
        df = centrality_tables(H, seed=seed)
        if df.empty:
            continue
        df.insert(0, "window", w)
        df.insert(2, "rank", df.groupby("graph").cumcount() + 1)
        parts.append(df)
    cols = ["window", "graph", "rank"] + CENTRALITY_COLUMNS[1:]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]


def bloc_tables(G: nx.MultiDiGraph, seed: int = 42) -> pd.DataFrame:
    parts = []
    for name, H in (("state", state_projection(G)), ("person", person_projection(G))):
        H = _active(H)
        for method, fn in (("leiden", leiden_communities), ("louvain", louvain_communities)):
            blocs = fn(H, weight="count", seed=seed)
            df = bloc_table(H, blocs, weight="count")
            df.insert(0, "modularity", round(modularity(H, blocs, weight="count"), 6))
            df.insert(0, "method", method)
            df.insert(0, "graph", name)
            parts.append(df)
    return pd.concat(parts, ignore_index=True)


def metrics_tables(G: nx.MultiDiGraph, freq: str = "quarter", seed: int = 42,
                   start: str | None = None, end: str | None = None) -> dict:
    """centrality, centrality_by_window, blocs and timeline of the window."""
    W = window_graph(G, start, end)
    return {
        "centrality": centrality_tables(W),
        "centrality_by_window": centrality_by_window(W, freq=freq),
        "blocs": bloc_tables(W, seed=seed),
        "timeline": exchanges_per_window(W, freq=freq),
    }
