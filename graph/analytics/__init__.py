"""Pure analytics over the graph: centrality, blocs, timelines. Graph in, DataFrame out.

Large graphs: convert once with :func:`to_igraph` and pass the result wherever a graph
is taken (centrality, blocs); every measure then reuses the same igraph graphs."""

from diplograph.graph.analytics.blocs import (
    bloc_of,
    bloc_table,
    kcore_table,
    leiden_communities,
    louvain_communities,
    modularity,
    undirected_weighted,
)
from diplograph.graph.analytics.igraph_bridge import Converted, to_igraph
from diplograph.graph.analytics.centrality import betweenness, centrality_table, pagerank
from diplograph.graph.analytics.timeline import bloc_moves, exchanges_per_window, top_partners, window_of

__all__ = [
    "Converted",
    "betweenness",
    "bloc_moves",
    "bloc_of",
    "bloc_table",
    "centrality_table",
    "exchanges_per_window",
    "kcore_table",
    "leiden_communities",
    "louvain_communities",
    "modularity",
    "pagerank",
    "to_igraph",
    "top_partners",
    "undirected_weighted",
    "window_of",
]
