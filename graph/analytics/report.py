"""Every table `diplograph metrics` writes, computed from one graph (pure, seeded)."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from diplograph.graph.analytics.blocs import bloc_table, leiden_communities, louvain_communities, modularity
from diplograph.graph.analytics.centrality import centrality_table
from diplograph.graph.analytics.timeline import exchanges_per_window
from diplograph.graph.projections import person_projection, state_projection

__all__ = ["actor_meeting_graph", "centrality_tables", "bloc_tables", "metrics_tables"]


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


def centrality_tables(G: nx.MultiDiGraph, seed: int = 0) -> pd.DataFrame:
    parts = []
    for name, H, w in (("state", state_projection(G), "count"),
                       ("person", person_projection(G), "count"),
                       ("actor_meeting", actor_meeting_graph(G), "weight")):
        df = centrality_table(_active(H), weight=w, seed=seed)
        df.insert(0, "graph", name)
        parts.append(df)
    return pd.concat(parts, ignore_index=True)


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


def metrics_tables(G: nx.MultiDiGraph, freq: str = "quarter", seed: int = 42) -> dict:
    return {
        "centrality": centrality_tables(G, seed=seed),
        "blocs": bloc_tables(G, seed=seed),
        "timeline": exchanges_per_window(G, freq=freq),
    }
