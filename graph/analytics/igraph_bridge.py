"""One networkx → igraph conversion per graph, shared by every measure of a run.

:func:`to_igraph` reads the networkx graph once (its adjacency, mapped to integer
indices at C speed: no Python call per edge) into edge arrays and a node index map.
The igraph graphs the measures need are made from those arrays on first use and kept;
weights stay arrays, read once per attribute and passed to igraph's calls:

* :meth:`Converted.simple` with :meth:`Converted.weights` — the graph in its own
  direction, one edge per pair (a multigraph's parallel edges folded, their weights
  summed): PageRank, betweenness.
* :meth:`Converted.undirected` with :meth:`Converted.undirected_weights` — one edge per
  unordered pair, weights of parallel and opposite edges summed, self-loops dropped,
  a missing, ``None`` or zero weight counted as 1 (the rule of
  :func:`~diplograph.graph.analytics.blocs.undirected_weighted`): Leiden, modularity,
  k-core. For an undirected graph without self-loops it is the same igraph graph.

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
>>> conv.simple().get_edgelist(), conv.weights("count").tolist()
([(0, 1), (1, 2)], [2.0, 5.0])
>>> conv.undirected() is conv.simple()  # made once, reused
True
"""

from __future__ import annotations

import operator
import random
from contextlib import contextmanager
from itertools import chain, compress
from typing import Iterator

import networkx as nx
import numpy as np

from diplograph.graph.gc_pause import no_gc

__all__ = ["Converted", "to_igraph", "as_converted", "as_networkx", "seeded_igraph_rng"]


def _igraph(n: int, a: np.ndarray, b: np.ndarray, directed: bool):
    import igraph as ig

    with no_gc():
        return ig.Graph(n=n, edges=list(zip(a.tolist(), b.tolist())), directed=directed)


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
        Vertex indices of each edge of :meth:`simple` (each pair once; for undirected
        graphs ``src <= dst``).
    """

    def __init__(self, G: nx.Graph, weight: str | None = "weight"):
        self.graph = G
        self.directed = G.is_directed()
        self.multigraph = G.is_multigraph()
        self.nodes = sorted(G, key=str)
        self.index = dict(zip(self.nodes, range(len(self.nodes))))
        self.weight = weight
        self._weights: dict[tuple, np.ndarray] = {}
        self._cache: dict[str, object] = {}
        with no_gc():
            self._read_pairs()
            self._size = (G.number_of_nodes(), G.number_of_edges())
            if weight is not None:
                self.weights(weight)

    def __repr__(self) -> str:
        return (f"Converted({len(self.nodes)} nodes, {len(self.src)} edges, "
                f"{'directed' if self.directed else 'undirected'}, weight={self.weight!r})")

    @property
    def n(self) -> int:
        return len(self.nodes)

    def _read_pairs(self) -> None:
        """Source and target index of every adjacency entry, in one pass at C speed."""
        self._adj = adj = list(self.graph.adjacency())
        index = self.index
        counts = np.fromiter(map(len, (nbrs for _, nbrs in adj)), dtype=np.int64, count=len(adj))
        src = np.repeat(np.fromiter(map(index.__getitem__, (u for u, _ in adj)), dtype=np.int64,
                                    count=len(adj)), counts)
        dst = np.fromiter(map(index.__getitem__, chain.from_iterable(n for _, n in adj)),
                          dtype=np.int64, count=int(counts.sum()))
        # undirected adjacency holds each edge twice (self-loops once): keep one copy
        self._keep = None if self.directed else src <= dst
        if self._keep is not None:
            src, dst = src[self._keep], dst[self._keep]
        # one order that depends only on the node indices
        self._order = np.lexsort((dst, src))
        self.src, self.dst = src[self._order], dst[self._order]

    def _entries(self):
        """The edge attribute dicts (key dicts for a multigraph) in :attr:`src` order
        before sorting; undirected edges once, picked at C speed."""
        entries = chain.from_iterable(nbrs.values() for _, nbrs in self._adj)
        return entries if self._keep is None else compress(entries, self._keep.tolist())

    def weights(self, weight: str | None, missing_as_one: bool = False) -> np.ndarray:
        """Weight of each edge of :meth:`simple` (aligned with :attr:`src`, :attr:`dst`).

        All ones for ``weight=None``. A missing attribute counts as 1; with
        ``missing_as_one`` so do ``None`` and 0. A multigraph's parallel edges are
        summed. Read once per attribute and kept."""
        key = (weight, missing_as_one)
        if key in self._weights:
            return self._weights[key]
        if weight is not None and self._size != (self.graph.number_of_nodes(),
                                                 self.graph.number_of_edges()):
            raise ValueError("the graph has changed since it was converted: convert it again")
        if weight is None:
            w = np.ones(len(self.src))
        elif missing_as_one and not self.multigraph:
            w = self.weights(weight)
            w = np.where(np.isnan(w) | (w == 0), 1.0, w)
        else:
            get = operator.methodcaller("get", weight, 1)
            with no_gc():
                if self.multigraph:
                    one = _or_one if missing_as_one else _number
                    raw = [sum(map(one, map(get, keyed.values()))) for keyed in self._entries()]
                    w = np.array(raw, dtype=np.float64)
                else:
                    try:
                        w = np.fromiter(map(get, self._entries()), dtype=np.float64,
                                        count=len(self.src))
                    except TypeError:  # a None weight: becomes nan
                        w = np.array(list(map(get, self._entries())), dtype=np.float64)
            w = w[self._order]
        self._weights[key] = w
        return w

    def simple(self):
        """The igraph graph in the networkx graph's direction, one edge per pair (edge
        ``i`` is ``src[i] → dst[i]``), no attributes."""
        if "simple" not in self._cache:
            self._cache["simple"] = _igraph(self.n, self.src, self.dst, self.directed)
        return self._cache["simple"]

    def _fold(self):
        """Undirected pairs ``(a, b)`` with ``a < b`` and, per edge of :meth:`simple`, the
        pair it goes into (-1 for a self-loop)."""
        if "fold" not in self._cache:
            a, b = np.minimum(self.src, self.dst), np.maximum(self.src, self.dst)
            loop = a == b
            if self.directed:  # u->v and v->u become one edge
                pair, inverse = np.unique(a[~loop] * self.n + b[~loop], return_inverse=True)
                into = np.full(len(a), -1)
                into[~loop] = inverse
                a, b = pair // self.n, pair % self.n
            else:
                into = np.where(loop, -1, np.cumsum(~loop) - 1)
                a, b = a[~loop], b[~loop]
            self._cache["fold"] = (a, b, into, bool(loop.any()))
        return self._cache["fold"]

    def undirected_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """``(a, b)``: the edges of :meth:`undirected` as arrays, ``a < b``."""
        a, b, _, _ = self._fold()
        return a, b

    def undirected(self):
        """The undirected igraph graph: one edge per unordered pair of distinct nodes, no
        attributes (the same object as :meth:`simple` when that is undirected already)."""
        if "undirected" not in self._cache:
            a, b, _, loops = self._fold()
            if not self.directed and not loops:
                self._cache["undirected"] = self.simple()
            else:
                self._cache["undirected"] = _igraph(self.n, a, b, False)
        return self._cache["undirected"]

    def undirected_weights(self, weight: str | None) -> np.ndarray:
        """Weight of each edge of :meth:`undirected`: the sum of the folded edges', a
        missing, ``None`` or zero weight counted as 1."""
        key = ("undirected", weight)
        if key not in self._weights:
            a, _, into, _ = self._fold()
            w = self.weights(weight, missing_as_one=True)
            keep = into >= 0
            self._weights[key] = np.bincount(into[keep], weights=w[keep], minlength=len(a))
        return self._weights[key]

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
        Edge attribute to read as the weight now (default ``"weight"``); other
        attributes are read when a measure asks for them.

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
