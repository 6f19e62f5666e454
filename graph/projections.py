"""Projections of the full graph: states that visited states, persons who met persons."""

from __future__ import annotations

import networkx as nx

__all__ = ["state_projection", "person_projection", "MAX_MET_PARTICIPANTS"]


def _happened_meetings(G):
    for n, d in G.nodes(data=True):
        if d.get("label") == "Meeting" and d.get("status") == "happened":
            yield n, d


def state_projection(G: nx.MultiDiGraph) -> nx.DiGraph:
    """State -VISITED-> State with ``count``, ``first`` and ``last`` (happened visits)."""
    P = nx.DiGraph()
    for n, d in G.nodes(data=True):
        if d.get("label") == "State":
            P.add_node(n, label="State", name=d.get("name"))
    for m, d in _happened_meetings(G):
        hosts = [v for _, v, k in G.out_edges(m, keys=True) if k == "HOSTED_BY"]
        visitors = [
            u for u, _, k, a in G.in_edges(m, keys=True, data=True)
            if k == "ATTENDED" and a.get("role") == "visitor" and G.nodes[u]["label"] == "State"
        ]
        for v in visitors:
            for h in hosts:
                if v == h:
                    continue
                if not P.has_edge(v, h):
                    P.add_edge(v, h, type="VISITED", count=0, weight=0, first=None, last=None)
                e = P[v][h]
                e["count"] += 1
                e["weight"] = e["count"]
                date = d.get("date")
                if date:
                    e["first"] = min(filter(None, [e["first"], date]))
                    e["last"] = max(filter(None, [e["last"], date]))
    return P


#: A meeting with more named persons than this (a conference, an assembly) gives no
#: pairwise MET edges: n persons would give n(n-1)/2 "met" pairs that say little and
#: grow quadratically (2,000 participants: 2 million edges). Its persons stay in the
#: graph and keep their ATTENDED relationships.
MAX_MET_PARTICIPANTS = 200


def person_projection(G: nx.MultiDiGraph, max_participants: int = MAX_MET_PARTICIPANTS) -> nx.Graph:
    """Person -MET- Person: co-attendance of happened meetings across states, ``count``;
    meetings with more than ``max_participants`` persons add no MET edges."""
    P = nx.Graph()
    for n, d in G.nodes(data=True):
        if d.get("label") == "Person":
            P.add_node(n, label="Person", name=d.get("name"), state=d.get("state"))
    for m, _ in _happened_meetings(G):
        people = sorted(
            {u for u, _, k in G.in_edges(m, keys=True)
             if k == "ATTENDED" and G.nodes[u]["label"] == "Person"}
        )
        if len(people) > max_participants:
            continue
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                sa, sb = G.nodes[a].get("state"), G.nodes[b].get("state")
                if sa and sb and sa == sb:
                    continue
                c = P.get_edge_data(a, b, {}).get("count", 0) + 1
                P.add_edge(a, b, type="MET", count=c, weight=c)
    return P
