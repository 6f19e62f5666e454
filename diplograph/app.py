"""The main job end to end: inputs → records → graph → files in an output folder."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from diplograph.graph.analytics import centrality_table
from diplograph.graph.records import build_records, to_networkx
from diplograph.graph.projections import state_projection
from diplograph.graph.model import Entity, Event
from diplograph.graph.names import fold
from diplograph.loaders.curated import FactSet, load_curated
from diplograph.loaders.exports import write_entities, write_events, write_graphml, write_state_csv, write_table
from diplograph.loaders.gazetteer import load_gazetteer

__all__ = ["BuildResult", "collect_entities", "merge_curated", "build_outputs", "summarise",
           "load_graph"]


@dataclass
class BuildResult:
    graph: nx.MultiDiGraph
    facts: FactSet
    written: list[Path] = field(default_factory=list)
    state_centrality: object = None


def collect_entities(events: list[Event], entities: list[Entity]) -> list[Entity]:
    """The given entities plus one for every participant none of them covers."""
    known = {}
    for e in entities:
        for n in (e.name, *e.aliases):
            known.setdefault(fold(n), e)
    out = list(entities)
    for ev in events:
        for p in ev.participants:
            if fold(p) not in known:
                new = Entity(name=p, state=ev.participant_states.get(p))
                known[fold(p)] = new
                out.append(new)
    return out


def merge_curated(extracted: FactSet, curated: FactSet) -> FactSet:
    """Curated facts win: an extracted event is dropped when a curated event of the same
    article tells of the same thing (same type and states, and a shared person, or for
    unnamed delegations the same month); curated entities replace extracted ones."""
    def people(e: Event) -> set:
        return {fold(p) for p in e.participants}

    by_key: dict[tuple, list[Event]] = {}
    for c in curated.events:
        by_key.setdefault((c.article, c.type, c.visitor_state, c.host_state), []).append(c)

    def covered(e: Event) -> bool:
        for c in by_key.get((e.article, e.type, e.visitor_state, e.host_state), ()):
            if people(c) & people(e):
                return True
            if not c.participants and not e.participants and (c.date or "")[:7] == (e.date or "")[:7]:
                return True
        return False

    events = [e for e in extracted.events if not covered(e)] + list(curated.events)
    by_name = {fold(e.name): e for e in extracted.entities}
    for e in curated.entities:
        by_name[fold(e.name)] = e
    return FactSet(events=events, entities=list(by_name.values()),
                   articles=list(extracted.articles) + list(curated.articles))


def build_outputs(facts: FactSet, out: str | Path, gazetteer=None, html: bool = True) -> BuildResult:
    """Write events.jsonl, entities.jsonl, graph.graphml, state_graph.csv,
    centrality.csv and graph.html into ``out``."""
    from diplograph.loaders.atomic import output_set

    gazetteer = gazetteer or load_gazetteer()
    out = Path(out)
    entities = collect_entities(facts.events, facts.entities)
    data = build_records(facts.events, entities, gazetteer, facts.articles)
    G = to_networkx(data)
    S = state_projection(G)
    cen = centrality_table(S, weight="count")
    res = BuildResult(graph=G, facts=facts, state_centrality=cen)
    # one set: written into a temporary folder, moved in, manifest.json last
    with output_set(out) as tmp:
        write_events(tmp / "events.jsonl", facts.events)
        write_entities(tmp / "entities.jsonl", entities)
        write_graphml(tmp / "graph.graphml", G)
        write_state_csv(tmp / "state_graph.csv", S)
        write_table(tmp / "centrality.csv", cen)
        names = ["events.jsonl", "entities.jsonl", "graph.graphml", "state_graph.csv", "centrality.csv"]
        if html:
            from diplograph.graph.views.default_set import write_views

            names += [str(p.relative_to(tmp)) for p in write_views(G, tmp)]
    res.written = [out / n for n in names]
    return res


def summarise(G: nx.MultiDiGraph, cen) -> list[str]:
    counts = {}
    for _, d in G.nodes(data=True):
        counts[d["label"]] = counts.get(d["label"], 0) + 1
    happened = sum(1 for _, d in G.nodes(data=True)
                   if d["label"] == "Meeting" and d.get("status") == "happened")
    lines = [
        f"persons: {counts.get('Person', 0)}  states: {counts.get('State', 0)}  "
        f"meetings: {counts.get('Meeting', 0)} ({happened} happened)  "
        f"articles: {counts.get('Article', 0)}",
        "most central states (visits made+received, betweenness):",
    ]
    for _, r in cen.head(5).iterrows():
        lines.append(f"  {r['name']:<16} {int(r['strength']):>4}  {r['betweenness']:.3f}")
    return lines


def load_graph(curated=None, conn=None) -> nx.MultiDiGraph:
    """The graph from Neo4j (when ``conn`` is given) or from curated facts."""
    if conn is not None:
        from diplograph.loaders.neo4j_store import connect, read_graph

        with connect(conn) as driver:
            return read_graph(driver, conn.database)
    from diplograph.graph.records import build_graph

    facts = load_curated(curated) if curated else load_curated()
    return build_graph(facts.events, collect_entities(facts.events, facts.entities),
                       load_gazetteer(), facts.articles)


def load_facts_into_neo4j(facts, conn, batch_size: int = 5000, progress=None) -> dict:
    """Build records from facts and MERGE them; returns counts and timings.

    ``progress(total)`` may return a bar with ``update(n)`` and ``close()`` (tqdm's
    interface); without it nothing is shown.
    """
    from diplograph.loaders.gazetteer import load_gazetteer
    from diplograph.loaders.neo4j_store import apply_load, apply_schema, connect, counts, plan_load

    with connect(conn) as driver:
        apply_schema(driver, conn.database)
        before = counts(driver, conn.database)
        plan = plan_load(driver, facts.events, collect_entities(facts.events, facts.entities),
                         load_gazetteer(), facts.articles, conn.database)
        total = plan.rows
        bar = progress(total) if progress else _NoBar()
        done = [0]

        def step(n):
            done[0] += n
            bar.update(n)

        t0 = time.perf_counter()
        try:
            apply_load(driver, plan, batch_size=batch_size, database=conn.database,
                       progress=step)
        except Exception as exc:
            from neo4j.exceptions import DriverError, Neo4jError as DriverNeo4jError

            if not isinstance(exc, (DriverError, DriverNeo4jError, OSError)):
                raise
            from diplograph.errors import Neo4jUnavailable
            from diplograph.loaders.neo4j_store import safe_uri, server_refused

            if isinstance(exc, DriverNeo4jError):  # the server answered: say what it said
                raise server_refused(exc, conn, f"after {done[0]} of {total} rows") from None
            raise Neo4jUnavailable(
                f"lost Neo4j at {safe_uri(conn.uri)} after {done[0]} of {total} rows "
                f"({type(exc).__name__}); what was written is kept and the load is "
                "idempotent: re-run the same command to finish it") from None
        finally:
            bar.close()
        took = time.perf_counter() - t0
        after = counts(driver, conn.database)
    return {"before": before, "after": after, "seconds": took, "rows": plan.rows}


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass
