"""Centrality tables: graph in, sorted deterministic DataFrame out, no I/O.

Degree (in = visits received, out = visits made on directed graphs), weighted strength,
betweenness (exact up to :data:`EXACT_BETWEENNESS_MAX_NODES` nodes, sampled with a seed
above), PageRank (weighted) and closeness. From :data:`IGRAPH_MIN_EDGES` edges on the
heavy measures run on igraph with the same results (see tests/test_analytics.py), on
one conversion (:func:`~diplograph.graph.analytics.igraph_bridge.to_igraph`) that every
function here also takes in place of the networkx graph.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("a", "b"), ("c", "b")])
>>> centrality_table(G).iloc[0]["id"]
'b'
"""

from __future__ import annotations

import random

import networkx as nx
import pandas as pd

from diplograph.graph.analytics.igraph_bridge import Converted, as_converted, as_networkx, to_igraph

__all__ = [
    "EXACT_BETWEENNESS_MAX_NODES",
    "IGRAPH_MIN_EDGES",
    "BETWEENNESS_SAMPLES",
    "centrality_table",
    "betweenness",
    "pagerank",
]

EXACT_BETWEENNESS_MAX_NODES = 5000
BETWEENNESS_SAMPLES = 500
IGRAPH_MIN_EDGES = 50_000


def _use_igraph(G, backend: str) -> bool:
    if backend not in ("auto", "igraph", "networkx"):
        raise ValueError(f"unknown backend {backend!r}: use auto, igraph or networkx")
    return backend == "igraph" or (backend == "auto"
                                   and as_networkx(G).number_of_edges() >= IGRAPH_MIN_EDGES)


def pagerank(G: nx.Graph | Converted, weight: str | None = "weight",
             backend: str = "auto") -> dict:
    """Weighted PageRank, damping 0.85.

    Parameters
    ----------
    G : networkx graph or Converted
        Directed or undirected; parallel edges of a multigraph add their weights.
    weight : str or None, optional
        Edge attribute used as the weight (missing counts as 1); ``None`` for none.
    backend : {"auto", "networkx", "igraph"}, optional
        ``auto`` takes igraph from :data:`IGRAPH_MIN_EDGES` edges on; both give the
        same scores (to 1e-6, tested).

    Returns
    -------
    dict
        Node -> score; the scores sum to 1.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("c", "b"), ("b", "a")])
    >>> pr = pagerank(G)
    >>> max(pr, key=pr.get), round(sum(pr.values()), 6)
    ('b', 1.0)
    >>> abs(pagerank(G, backend="igraph")["b"] - pr["b"]) < 1e-6
    True
    """
    H = as_networkx(G)
    if H.number_of_nodes() == 0:
        return {}
    if not _use_igraph(G, backend):
        return nx.pagerank(H, weight=weight, tol=1e-10, max_iter=1000)
    conv = as_converted(G, weight)
    weights = conv.weights(weight).tolist() if weight else None
    scores = conv.simple().pagerank(weights=weights, damping=0.85)
    return dict(zip(conv.nodes, scores))


def betweenness(G: nx.Graph | Converted, seed: int = 0, k: int | None = None,
                backend: str = "auto") -> dict:
    """Normalised (unweighted) betweenness; exact below the size limit, else sampled.

    Parameters
    ----------
    G : networkx graph or Converted
        Directed or undirected; parallel edges count once.
    seed : int, optional
        Seed for drawing the ``k`` sources.
    k : int or None, optional
        Number of sampled sources; by default exact up to
        :data:`EXACT_BETWEENNESS_MAX_NODES` nodes, :data:`BETWEENNESS_SAMPLES` above.
    backend : {"auto", "networkx", "igraph"}, optional
        ``auto`` takes igraph from :data:`IGRAPH_MIN_EDGES` edges on. igraph draws the
        same sources networkx would and scales as networkx does, so both give the same
        numbers (to float rounding, tested).

    Returns
    -------
    dict
        Node -> betweenness, normalised as ``networkx.betweenness_centrality``.

    Examples
    --------
    >>> import networkx as nx
    >>> P = nx.path_graph(["x", "y", "z"])
    >>> betweenness(P)
    {'x': 0.0, 'y': 1.0, 'z': 0.0}
    >>> betweenness(P, backend="igraph")
    {'x': 0.0, 'y': 1.0, 'z': 0.0}
    """
    H = as_networkx(G)
    n = H.number_of_nodes()
    if n == 0:
        return {}
    if k is None and n > EXACT_BETWEENNESS_MAX_NODES:
        k = BETWEENNESS_SAMPLES
    if not _use_igraph(G, backend):
        simple = H if not H.is_multigraph() else (nx.DiGraph(H) if H.is_directed() else nx.Graph(H))
        return nx.betweenness_centrality(simple, k=k, seed=seed if k else None, normalized=True)
    conv = as_converted(G, None)
    g = conv.simple()
    c = 1 if conv.directed else 2
    if k is None:
        raw = g.betweenness(directed=conv.directed)
        scale = c / ((n - 1) * (n - 2)) if n > 2 else 0.0
        return {v: b * scale for v, b in zip(conv.nodes, raw)}
    # the same sources networkx would draw, and networkx's estimator scaling
    sample = random.Random(seed).sample(list(H.nodes()), k)
    raw = g.betweenness(directed=conv.directed, sources=[conv.index[s] for s in sample])
    chosen = set(sample)
    return {v: b * c / ((k - (v in chosen)) * (n - 2)) if n > 2 else 0.0
            for v, b in zip(conv.nodes, raw)}


def centrality_table(G: nx.Graph | Converted, weight: str = "weight",
                     seed: int = 0) -> pd.DataFrame:
    """One row per node with every centrality measure, in a fixed order.

    Parameters
    ----------
    G : networkx graph or Converted
        From :data:`IGRAPH_MIN_EDGES` edges on, converted to igraph once for both
        betweenness and PageRank (or pass a :class:`Converted` to share it further).
    weight : str, optional
        Edge attribute for strength and PageRank.
    seed : int, optional
        Seed of sampled betweenness.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, name, label, degree, strength, betweenness, pagerank,
        closeness`` (directed graphs also ``in_/out_degree`` and ``in_/out_strength``);
        sorted by strength, then betweenness, then id. Closeness is 0 above
        :data:`EXACT_BETWEENNESS_MAX_NODES` nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", count=1)
    >>> G.add_edge("c", "b", count=1)
    >>> G.add_edge("b", "d", count=2)
    >>> centrality_table(G, weight="count")[["id", "in_degree", "out_degree", "strength",
    ...                                      "betweenness"]]
      id  in_degree  out_degree  strength  betweenness
    0  b          2           1         4     0.333333
    1  d          1           0         2     0.000000
    2  a          0           1         1     0.000000
    3  c          0           1         1     0.000000
    """
    H = as_networkx(G)
    if not isinstance(G, Converted) and _use_igraph(H, "auto"):
        G = to_igraph(H, weight)  # one conversion for betweenness and PageRank
    directed = H.is_directed()
    btw = betweenness(G, seed=seed)
    pr = pagerank(G, weight=weight)
    clo = nx.closeness_centrality(H) if H.number_of_nodes() <= EXACT_BETWEENNESS_MAX_NODES else {}
    degree, strength = dict(H.degree()), dict(H.degree(weight=weight))
    if directed:
        ins, outs = dict(H.in_degree()), dict(H.out_degree())
        in_s, out_s = dict(H.in_degree(weight=weight)), dict(H.out_degree(weight=weight))
    rows = []
    for n, d in H.nodes(data=True):
        row = {
            "id": n,
            "name": d.get("name") or n,
            "label": d.get("label"),
            "degree": degree[n],
            "strength": strength[n],
            "betweenness": round(btw.get(n, 0.0), 12),
            "pagerank": round(pr.get(n, 0.0), 12),
            "closeness": round(clo.get(n, 0.0), 12),
        }
        if directed:
            row["in_degree"] = ins[n]
            row["out_degree"] = outs[n]
            row["in_strength"] = in_s[n]
            row["out_strength"] = out_s[n]
        rows.append(row)
    cols = ["id", "name", "label", "degree", "in_degree", "out_degree", "strength",
            "in_strength", "out_strength", "betweenness", "pagerank", "closeness"]
    df = pd.DataFrame(rows, columns=[c for c in cols if directed or "_" not in c])
    if df.empty:
        return df
    df = df.sort_values(["strength", "betweenness", "id"], ascending=[False, False, True])
    return df.reset_index(drop=True)
