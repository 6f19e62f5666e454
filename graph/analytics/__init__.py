"""Pure analytics over the graph: centrality, blocs, timelines. Graph in, DataFrame out."""

from graph.analytics.centrality import betweenness, centrality_table, pagerank

__all__ = ["betweenness", "centrality_table", "pagerank"]
