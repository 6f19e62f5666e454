"""One networkx → igraph conversion per graph, shared by every measure of a run.

:func:`to_igraph` reads the networkx graph once (its adjacency, mapped to integer
indices at C speed: no Python call per edge) into edge arrays and a node index map.
The igraph graphs the measures need are made from those arrays on first use and kept:

* :meth:`Converted.simple` — the graph in its own direction, parallel edges of a
  multigraph folded (weights summed): PageRank, betweenness.
* :meth:`Converted.undirected` — one edge per unordered pair, weights of parallel and
  opposite edges summed, self-loops dropped, missing or zero weights counted as 1
  (as :func:`~diplograph.graph.analytics.blocs.undirected_weighted`): Leiden,
  modularity, k-core.

Nodes are indexed in ``sorted(G, key=str)`` order and edges in index order, so results
that depend on vertex order (Leiden) do not depend on the order the graph was built in.
A change to the networkx graph after the conversion is not seen: convert again.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("b", "a", count=2)
>>> G.add_edge("b", "c", count=5)
>>> conv = to_igraph(G, weight="count")
>>> conv.nodes
['a', 'b', 'c']
>>> conv.simple("count").get_edgelist(), conv.simple("count").es["weight"]
([(0, 1), (1, 2)], [2.0, 5.0])
>>> conv.undirected("count") is conv.undirected("count")  # made once, reused
True
"""

from __future__ import annotations

import operator
import random
from contextlib import contextmanager
from itertools import chain
from typing import Iterator

import networkx as nx
import numpy as np

__all__ = ["Converted", "to_igraph", "as_converted", "as_networkx", "seeded_igraph_rng"]


class Converted:
    """A networkx graph read once into arrays, with the igraph graphs made from them.

    Parameters
    ----------
    G : networkx graph
        Any of Graph, DiGraph, MultiGraph, MultiDiGraph.
    weight : str or None, optional
        Edge attribute read as the weight now (others are read on demand by
        :meth:`weights`). A missing attribute counts as 1.

    Attributes
    ----------
    graph : networkx graph
        The graph converted (node attributes such as names are read from it).
    nodes : list
        Node of each igraph vertex index.
    index : dict
        Vertex index of each node.
    directed : bool
        Whether edges keep their direction in :meth:`simple`.
    src, dst : numpy.ndarray
        Vertex indices of each distinct edge (each (u, v) pair once; for undirected
        graphs with ``src <= dst``).
    """

    def __init__(self, G: nx.Graph, weight: str | None = "weight"):
        self.graph = G
        self.directed = G.is_directed()
        self.multigraph = G.is_multigraph()
        self.nodes = sorted(G, key=str)
        self.index = dict(zip(self.nodes, range(len(self.nodes))))
        self.weight = weight
        self._weights: dict[tuple, np.ndarray] = {}
        self._igraph: dict[tuple, object] = {}
        self.src, self.dst, keep = self._pairs()
        self._keep = keep
        if weight is not None:
            self.weights(weight)

    def __repr__(self) -> str:
        return (f"Converted({len(self.nodes)} nodes, {len(self.src)} edges, "
                f"{'directed' if self.directed else 'undirected'}, weight={self.weight!r})")

    @property
    def n(self) -> int:
        return len(self.nodes)

    def _pairs(self):
        """Source and target index of every adjacency entry, in one pass at C speed."""
        adj = [(u, nbrs) for u, nbrs in self.graph.adjacency()]
        index = self.index
        counts = np.fromiter((len(nbrs) for _, nbrs in adj), dtype=np.int64, count=len(adj))
        total = int(counts.sum())
        src = np.repeat(np.fromiter(map(index.__getitem__, (u for u, _ in adj)), dtype=np.int64,
                                    count=len(adj)), counts)
        dst = np.fromiter(map(index.__getitem__, chain.from_iterable(n for _, n in adj)),
                          dtype=np.int64, count=total)
        # undirected adjacency holds each edge twice (self-loops once): keep one copy
        keep = None if self.directed else src <= dst
        if keep is not None:
            src, dst = src[keep], dst[keep]
        # one order that depends only on the node indices
        order = np.lexsort((dst, src))
        self._order = order
        return src[order], dst[order], keep

    def weights(self, weight: str | None, missing_as_one: bool = False) -> np.ndarray:
        """Weight of each edge (aligned with :attr:`src`, :attr:`dst`) for ``weight``;
        all ones for ``None``. A missing attribute counts as 1; with ``missing_as_one``
        so do ``None`` and 0 (the rule of ``undirected_weighted``). Parallel edges of a
        multigraph are summed. Read once per attribute and kept."""
        key = (weight, missing_as_one)
        if key in self._weights:
            return self._weights[key]
        if weight is None:
            w = np.ones(len(self.src))
        elif missing_as_one and not self.multigraph:
            w = self.weights(weight)
            w = np.where(np.isnan(w) | (w == 0), 1.0, w)
        else:
            entries = chain.from_iterable(nbrs.values() for _, nbrs in self.graph.adjacency())
            get = operator.methodcaller("get", weight, 1)
            if self.multigraph:
                one = _or_one if missing_as_one else _number
                raw = [sum(map(one, map(get, keyed.values()))) for keyed in entries]
            else:
                raw = list(map(get, entries))
            w = np.array(raw, dtype=np.float64)  # None becomes nan
            if self._keep is not None:
                w = w[self._keep]
            w = w[self._order]
        self._weights[key] = w
        return w

    def simple(self, weight: str | None = None):
        """The igraph graph in the networkx graph's direction (one edge per pair, the
        sum of parallel edges' weights as edge attribute ``weight`` unless ``None``)."""
        key = ("simple", weight)
        if key not in self._igraph:
            import igraph as ig

            g = ig.Graph(n=self.n, edges=np.column_stack((self.src, self.dst)).tolist(),
                         directed=self.directed)
            if weight is not None:
                g.es["weight"] = self.weights(weight).tolist()
            self._igraph[key] = g
        return self._igraph[key]

    def undirected_arrays(self, weight: str | None = None):
        """``(a, b, w)``: the edges of :meth:`undirected` as arrays (``a < b``)."""
        key = ("undirected arrays", weight)
        if key not in self._igraph:
            w = self.weights(weight, missing_as_one=True)
            a, b = np.minimum(self.src, self.dst), np.maximum(self.src, self.dst)
            loop = a == b
            if loop.any():
                a, b, w = a[~loop], b[~loop], w[~loop]
            if self.directed:  # u->v and v->u become one edge
                pair, inverse = np.unique(a * self.n + b, return_inverse=True)
                w = np.bincount(inverse, weights=w, minlength=len(pair))
                a, b = pair // self.n, pair % self.n
            self._igraph[key] = (a, b, w)
        return self._igraph[key]

    def undirected(self, weight: str | None = None):
        """The undirected igraph graph: one edge per unordered pair of distinct nodes,
        weights of parallel and opposite edges summed, a missing, ``None`` or zero
        weight counted as 1 (attribute ``weight``; all 1 for ``weight=None``)."""
        key = ("undirected", weight)
        if key not in self._igraph:
            import igraph as ig

            a, b, w = self.undirected_arrays(weight)
            g = ig.Graph(n=self.n, edges=np.column_stack((a, b)).tolist(), directed=False)
            g.es["weight"] = w.tolist()
            self._igraph[key] = g
        return self._igraph[key]

    def sets(self, membership) -> list[set]:
        """Node sets from a membership list (vertex index -> community number)."""
        groups: dict[int, set] = {}
        for node, c in zip(self.nodes, membership):
            groups.setdefault(c, set()).add(node)
        return list(groups.values())

    def membership(self, blocs) -> list[int]:
        """Vertex index -> bloc number for a partition given as node sets."""
        out = [-1] * self.n
        for i, b in enumerate(blocs):
            for node in b:
                out[self.index[node]] = i
        if -1 in out:
            missing = self.nodes[out.index(-1)]
            raise ValueError(f"the blocs do not cover every node: {missing!r} is in none")
        return out


def _number(x) -> float:
    return float("nan") if x is None else x


def _or_one(x) -> float:
    return x or 1


def to_igraph(G: nx.Graph, weight: str | None = "weight") -> Converted:
    """Convert a networkx graph once for every igraph-backed measure.

    Parameters
    ----------
    G : networkx graph
        Directed or undirected, simple or multigraph.
    weight : str or None, optional
        Edge attribute to read as the weight now (default ``"weight"``).

    Returns
    -------
    Converted
        Pass it wherever the analytics functions take a graph
        (:func:`~diplograph.graph.analytics.centrality.pagerank`,
        :func:`~diplograph.graph.analytics.centrality.betweenness`,
        :func:`~diplograph.graph.analytics.blocs.leiden_communities`, ...): they reuse
        its igraph graphs instead of converting again.

    Examples
    --------
    >>> import networkx as nx
    >>> conv = to_igraph(nx.path_graph(4))
    >>> conv
    Converted(4 nodes, 3 edges, undirected, weight='weight')
    >>> conv.undirected().get_edgelist()
    [(0, 1), (1, 2), (2, 3)]
    """
    return Converted(G, weight)


def as_converted(G, weight: str | None = "weight") -> Converted:
    """``G`` itself if already converted, else its conversion."""
    return G if isinstance(G, Converted) else Converted(G, weight)


def as_networkx(G) -> nx.Graph:
    """The networkx graph behind ``G`` (``G`` itself unless it is a :class:`Converted`)."""
    return G.graph if isinstance(G, Converted) else G


@contextmanager
def seeded_igraph_rng(seed: int) -> Iterator[None]:
    """igraph draws from ``random.Random(seed)`` inside the block, then from the
    ``random`` module again (igraph's default); Python's global random state is not
    touched. Not thread-safe: igraph has one generator per process."""
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)
