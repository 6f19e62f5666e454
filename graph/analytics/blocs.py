"""Bloc structure: communities (Leiden, with networkx's Louvain as the baseline),
modularity, k-core, and a bloc table.

Louvain can return badly connected or even disconnected communities (Traag, Waltman
& van Eck 2019, "From Louvain to Leiden"); Leiden (leidenalg on igraph) guarantees
connected ones, so it is the default. Both take fixed seeds and use meeting counts as
weights. Directed graphs are folded to undirected ones with summed weights.

Examples
--------
>>> import networkx as nx
>>> G = nx.barbell_graph(4, 0)
>>> sorted(map(sorted, leiden_communities(G, seed=1)))
[[0, 1, 2, 3], [4, 5, 6, 7]]
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

__all__ = [
    "undirected_weighted",
    "leiden_communities",
    "louvain_communities",
    "modularity",
    "bloc_of",
    "bloc_table",
    "kcore_table",
]


def undirected_weighted(G: nx.Graph, weight: str = "weight") -> nx.Graph:
    """A simple undirected graph; parallel and opposite edges add their weights."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = float(d.get(weight, 1) or 1)
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def _sorted_blocs(blocs) -> list[set]:
    """Largest bloc first, ties by smallest member: bloc numbers do not depend on order."""
    return sorted((set(b) for b in blocs if b), key=lambda b: (-len(b), min(map(str, b))))


def leiden_communities(G: nx.Graph, weight: str = "weight", seed: int = 42,
                       resolution: float = 1.0) -> list[set]:
    """Leiden communities maximising modularity (leidenalg, RBConfiguration)."""
    import igraph as ig
    import leidenalg

    H = undirected_weighted(G, weight)
    if H.number_of_edges() == 0:
        return _sorted_blocs({n} for n in H)
    nodes = sorted(H.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted((min(index[u], index[v]), max(index[u], index[v]), d["weight"])
                   for u, v, d in H.edges(data=True))
    g = ig.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in edges])
    g.es["weight"] = [w for _, _, w in edges]
    part = leidenalg.find_partition(g, leidenalg.RBConfigurationVertexPartition,
                                    weights="weight", resolution_parameter=resolution,
                                    seed=seed, n_iterations=2)
    return _sorted_blocs({nodes[i] for i in members} for members in part)


def louvain_communities(G: nx.Graph, weight: str = "weight", seed: int = 42,
                        resolution: float = 1.0) -> list[set]:
    """networkx's Louvain, the baseline."""
    H = undirected_weighted(G, weight)
    return _sorted_blocs(nx.community.louvain_communities(H, weight="weight", seed=seed,
                                                          resolution=resolution))


def modularity(G: nx.Graph, blocs: list[set], weight: str = "weight") -> float:
    H = undirected_weighted(G, weight)
    if H.number_of_edges() == 0:
        return 0.0
    return float(nx.community.modularity(H, blocs, weight="weight"))


def bloc_of(blocs: list[set]) -> dict:
    """Node -> bloc number (1 = the largest bloc)."""
    return {n: i for i, b in enumerate(blocs, start=1) for n in b}


def bloc_table(G: nx.Graph, blocs: list[set], weight: str = "weight") -> pd.DataFrame:
    """One row per bloc: members, exchanges inside, exchanges crossing, share inside."""
    H = undirected_weighted(G, weight)
    which = bloc_of(blocs)
    rows = []
    for i, b in enumerate(blocs, start=1):
        inside = sum(d["weight"] for u, v, d in H.edges(b, data=True) if which.get(u) == i
                     and which.get(v) == i)
        outside = sum(d["weight"] for u, v, d in H.edges(b, data=True)
                      if (which.get(u) == i) != (which.get(v) == i))
        names = sorted(H.nodes[n].get("name") or str(n) for n in b)
        total = inside + outside
        rows.append({"bloc": i, "size": len(b), "members": "; ".join(names),
                     "ids": "; ".join(sorted(map(str, b))), "inside": inside,
                     "outside": outside, "share_inside": round(inside / total, 6) if total else 0.0})
    return pd.DataFrame(rows, columns=["bloc", "size", "members", "ids", "inside", "outside",
                                       "share_inside"])


def kcore_table(G: nx.Graph) -> pd.DataFrame:
    """Core number of every node (the largest k with the node in the k-core)."""
    H = undirected_weighted(G)
    H.remove_edges_from(nx.selfloop_edges(H))
    core = nx.core_number(H) if H.number_of_nodes() else {}
    df = pd.DataFrame([{"id": n, "name": H.nodes[n].get("name") or n, "core": k}
                       for n, k in core.items()], columns=["id", "name", "core"])
    return df.sort_values(["core", "id"], ascending=[False, True]).reset_index(drop=True)
