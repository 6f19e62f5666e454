"""Write the build's outputs: JSON Lines, GraphML, CSV tables."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd

from diplograph.graph.model import Entity, Event
from diplograph.loaders.atomic import atomic_open
from diplograph.loaders.jsonl import write_jsonl

__all__ = ["write_events", "write_entities", "write_graphml", "write_state_csv", "write_table"]


def write_events(path: str | Path, events: list[Event]) -> int:
    return write_jsonl(path, events)


def write_entities(path: str | Path, entities: list[Entity]) -> int:
    return write_jsonl(path, entities)


def _graphml_safe(value):
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value


def graphml_ready(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars (lists become JSON text, None is dropped)."""
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _graphml_safe(v) for k, v in d.items() if v is not None})
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **{a: _graphml_safe(b) for a, b in d.items() if b is not None})
    return H


def write_graphml(path: str | Path, G: nx.MultiDiGraph) -> None:
    with atomic_open(path, "wb") as fh:
        nx.write_graphml(graphml_ready(G), fh, encoding="utf-8")


def write_state_csv(path: str | Path, S: nx.DiGraph) -> int:
    rows = [
        {"source": u, "source_name": S.nodes[u].get("name"), "target": v,
         "target_name": S.nodes[v].get("name"), "type": "VISITED", "count": d["count"],
         "first": d.get("first"), "last": d.get("last")}
        for u, v, d in S.edges(data=True)
    ]
    df = pd.DataFrame(rows, columns=["source", "source_name", "target", "target_name", "type",
                                     "count", "first", "last"])
    df = df.sort_values(["count", "source", "target"], ascending=[False, True, True])
    return write_table(path, df)


def write_table(path: str | Path, df: pd.DataFrame) -> int:
    with atomic_open(path, newline="") as fh:
        df.to_csv(fh, index=False)
    return len(df)
