"""Readable names for every node: what views, legends and exports show.

A Meeting is named "kind date place" (``visit 2023-10 Pyongyang``), an Article by its
title, everything else by its ``name``; the id is the last resort.
"""

from __future__ import annotations

import networkx as nx

__all__ = ["place_of", "meeting_label", "node_name", "state_code"]


def place_of(G: nx.MultiDiGraph, meeting: str) -> str | None:
    """The name of the place a meeting was held in (HELD_IN), or its ``place`` property."""
    for _, v, a in G.out_edges(meeting, data=True):
        if a.get("type") == "HELD_IN":
            return G.nodes[v].get("name") or v
    return G.nodes[meeting].get("place")


def meeting_label(G: nx.MultiDiGraph, meeting: str) -> str:
    """``kind date place``; ``undated`` stands in for a missing date, ``planned`` is said."""
    d = G.nodes[meeting]
    bits = [d.get("kind") or "meeting", d.get("date") or "undated"]
    place = place_of(G, meeting)
    if place:
        bits.append(place)
    if d.get("status") == "planned":
        bits.append("(planned)")
    return " ".join(bits)


def node_name(G: nx.MultiDiGraph, n: str) -> str:
    d = G.nodes[n]
    label = d.get("label")
    if label == "Meeting":
        return meeting_label(G, n)
    if label == "Article":
        return d.get("title") or d.get("source") or n
    return d.get("name") or n


def state_code(node_id: str | None) -> str | None:
    """``state:KP`` -> ``KP``; a bare code stays as it is."""
    if not node_id:
        return None
    return node_id.split(":", 1)[1] if node_id.startswith("state:") else node_id
