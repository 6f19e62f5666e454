"""Centrality tables: graph in, sorted deterministic DataFrame out, no I/O.

Degree (in = visits received, out = visits made on directed graphs), weighted strength,
betweenness (exact up to :data:`EXACT_BETWEENNESS_MAX_NODES` nodes, sampled with a seed
above), PageRank (weighted) and closeness. Above :data:`IGRAPH_MIN_EDGES` edges the
heavy measures run on igraph with the same results (see tests/test_analytics.py).

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("a", "b"), ("c", "b")])
>>> centrality_table(G).iloc[0]["id"]
'b'
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

__all__ = [
    "EXACT_BETWEENNESS_MAX_NODES",
    "IGRAPH_MIN_EDGES",
    "centrality_table",
    "betweenness",
    "pagerank",
]

EXACT_BETWEENNESS_MAX_NODES = 5000
BETWEENNESS_SAMPLES = 500
IGRAPH_MIN_EDGES = 50_000


def _to_igraph(G: nx.Graph, weight: str | None):
    """An igraph copy of a simple graph (parallel edges of a multigraph are folded)."""
    import igraph as ig

    if G.is_multigraph():
        G = nx.DiGraph(G) if G.is_directed() else nx.Graph(G)
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges, weights = [], []
    for u, v, w in G.edges(data=weight or "__none__", default=1):
        edges.append((index[u], index[v]))
        weights.append(float(w))
    H = ig.Graph(n=len(nodes), edges=edges, directed=G.is_directed())
    if weight:
        H.es["weight"] = weights
    return H, nodes


def pagerank(G: nx.Graph, weight: str | None = "weight", backend: str = "auto") -> dict:
    """Weighted PageRank (damping 0.85); ``backend`` is ``networkx``, ``igraph`` or ``auto``."""
    if G.number_of_nodes() == 0:
        return {}
    use_ig = backend == "igraph" or (backend == "auto" and G.number_of_edges() >= IGRAPH_MIN_EDGES)
    if not use_ig:
        simple = nx.DiGraph(G) if G.is_directed() else nx.Graph(G)
        return nx.pagerank(simple, weight=weight, tol=1e-10, max_iter=1000)
    H, nodes = _to_igraph(G, weight)
    scores = H.pagerank(weights="weight" if weight else None, damping=0.85)
    return dict(zip(nodes, scores))


def betweenness(G: nx.Graph, seed: int = 0, k: int | None = None, backend: str = "auto") -> dict:
    """Normalised betweenness; exact below the size limit, else ``k`` sampled sources."""
    n = G.number_of_nodes()
    if n == 0:
        return {}
    if k is None and n > EXACT_BETWEENNESS_MAX_NODES:
        k = BETWEENNESS_SAMPLES
    use_ig = backend == "igraph" or (backend == "auto" and G.number_of_edges() >= IGRAPH_MIN_EDGES)
    if use_ig:
        import random

        H, nodes = _to_igraph(G, None)
        index = {v: i for i, v in enumerate(nodes)}
        c = 1 if G.is_directed() else 2
        if k is None:
            raw = H.betweenness(directed=G.is_directed())
            scale = c / ((n - 1) * (n - 2)) if n > 2 else 0.0
            return {v: b * scale for v, b in zip(nodes, raw)}
        # the same sources networkx would draw, and networkx's estimator scaling
        sample = random.Random(seed).sample(list(G.nodes()), k)
        raw = H.betweenness(directed=G.is_directed(), sources=[index[s] for s in sample])
        chosen = set(sample)
        return {v: b * c / ((k - (v in chosen)) * (n - 2)) if n > 2 else 0.0
                for v, b in zip(nodes, raw)}
    simple = G if not G.is_multigraph() else (nx.DiGraph(G) if G.is_directed() else nx.Graph(G))
    return nx.betweenness_centrality(simple, k=k, seed=seed if k else None, normalized=True)


def centrality_table(G: nx.Graph, weight: str = "weight", seed: int = 0) -> pd.DataFrame:
    """One row per node: id, name, label, degree, in/out degree, strength, betweenness,
    pagerank, closeness; sorted by strength, then betweenness, then id."""
    rows = []
    directed = G.is_directed()
    btw = betweenness(G, seed=seed)
    pr = pagerank(G, weight=weight)
    clo = nx.closeness_centrality(G) if G.number_of_nodes() <= EXACT_BETWEENNESS_MAX_NODES else {}
    for n, d in G.nodes(data=True):
        row = {
            "id": n,
            "name": d.get("name") or n,
            "label": d.get("label"),
            "degree": G.degree(n),
            "strength": G.degree(n, weight=weight),
            "betweenness": round(btw.get(n, 0.0), 12),
            "pagerank": round(pr.get(n, 0.0), 12),
            "closeness": round(clo.get(n, 0.0), 12),
        }
        if directed:
            row["in_degree"] = G.in_degree(n)
            row["out_degree"] = G.out_degree(n)
            row["in_strength"] = G.in_degree(n, weight=weight)
            row["out_strength"] = G.out_degree(n, weight=weight)
        rows.append(row)
    cols = ["id", "name", "label", "degree", "in_degree", "out_degree", "strength",
            "in_strength", "out_strength", "betweenness", "pagerank", "closeness"]
    df = pd.DataFrame(rows, columns=[c for c in cols if directed or "_" not in c])
    if df.empty:
        return df
    df = df.sort_values(["strength", "betweenness", "id"], ascending=[False, False, True])
    return df.reset_index(drop=True)
