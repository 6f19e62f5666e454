"""The application layer: the main job end to end (inputs → records → graph → files in an
output folder, or into Neo4j). The CLI only parses options and prints what these return.

Examples
--------
The graph of the shipped curated facts, cut to the first half of 2024:

>>> G = load_graph(start="2024-01", end="2024-06")
>>> sum(1 for _, d in G.nodes(data=True) if d.get("label") == "Meeting") > 0
True

Every output of a build, written into one folder:

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     res = build_outputs(gather_facts(), tmp, html=False, figures=False)
...     sorted(p.name for p in res.written)[:3]
['articles.jsonl', 'centrality.csv', 'centrality_by_window.csv']
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from diplograph.graph.model import Entity, Event, FactSet
from diplograph.graph.names import fold
from diplograph.graph.projections import state_projection
from diplograph.graph.records import build_records, to_networkx
from diplograph.loaders.curated import load_curated
from diplograph.loaders.exports import write_entities, write_events, write_state_csv, write_table
from diplograph.loaders.gazetteer import load_gazetteer

__all__ = ["BuildResult", "collect_entities", "merge_curated", "is_fact_source", "gather_facts",
           "window_facts", "graph_of", "build_outputs", "write_views", "summarise", "load_graph"]


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


def is_fact_source(path: str | Path) -> bool:
    """True for facts already in the event format: a folder holding events.jsonl (what
    `build`/`extract` wrote, or curated facts) or a .jsonl file of events (lines with a
    ``type`` and no ``text``); False for articles."""
    path = Path(path)
    if path.is_dir():
        return (path / "events.jsonl").is_file() or (path / "entities.jsonl").is_file()
    if path.suffix == ".jsonl" and path.is_file():
        import json

        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    try:
                        first = json.loads(line)
                    except ValueError:
                        return False
                    return isinstance(first, dict) and "type" in first and "text" not in first
    return False


def gather_facts(paths=(), curated=(), on_error=None) -> FactSet:
    """The facts of one run, the same for build, metrics and view: PATHS are articles
    (extracted here) or fact folders (an ``out/`` of build/extract); curated facts win over
    both. Without PATHS and without ``curated`` the shipped curated set is used."""
    paths = [Path(p) for p in paths or ()]
    curated = [curated] if isinstance(curated, (str, Path)) else list(curated or ())
    facts = FactSet()
    fact_paths = [p for p in paths if is_fact_source(p)]
    article_paths = [p for p in paths if p not in fact_paths]
    for p in fact_paths:
        facts.extend(load_curated(p, on_error=on_error))
    if article_paths:
        from diplograph.loaders.extract import extract_paths

        facts.extend(extract_paths(article_paths, on_error=on_error))
    if curated or not paths:
        cur = FactSet()
        for c in curated or [None]:
            cur.extend(load_curated(c, on_error=on_error) if c else load_curated(on_error=on_error))
        facts = merge_curated(facts, cur) if paths else cur
    return facts


def window_facts(facts: FactSet, start: str | None = None, end: str | None = None) -> FactSet:
    """Only the events whose date lies inside ``start``..``end`` (see
    :func:`diplograph.graph.analytics.timeline.in_window`); entities and articles stay."""
    from diplograph.graph.analytics.timeline import check_window, in_window

    if not start and not end:
        return facts
    check_window(start, end)
    return FactSet(events=[e for e in facts.events if in_window(e.date, start, end)],
                   entities=list(facts.entities), articles=list(facts.articles))


def graph_of(facts: FactSet, gazetteer=None) -> nx.MultiDiGraph:
    entities = collect_entities(facts.events, facts.entities)
    return to_networkx(build_records(facts.events, entities, gazetteer or load_gazetteer(),
                                     facts.articles))


def build_outputs(facts: FactSet, out: str | Path, gazetteer=None, html: bool = True,
                  figures: bool = True, freq: str = "quarter") -> BuildResult:
    """Write every output of a build into ``out`` (the list is in docs/exports.md):
    events.jsonl, entities.jsonl, events.csv, events.parquet, graph.graphml, graph.gexf,
    state_graph.csv, centrality.csv, centrality_by_window.csv, the HTML views and the
    figures. ``facts`` are already cut to the window (:func:`window_facts`)."""
    from diplograph.graph.analytics.report import centrality_by_window, centrality_tables
    from diplograph.loaders.exports import (write_articles, write_event_tables, write_gexf,
                                            write_graphml_export)
    from diplograph.loaders.atomic import output_set

    gazetteer = gazetteer or load_gazetteer()
    out = Path(out)
    entities = collect_entities(facts.events, facts.entities)
    G = to_networkx(build_records(facts.events, entities, gazetteer, facts.articles))
    S = state_projection(G)
    cen = centrality_tables(G)
    res = BuildResult(graph=G, facts=facts, state_centrality=cen)
    from diplograph.graph.model import article_id

    files = {article_id(e.article): e.article for e in facts.events if e.article}
    # one set: written into a temporary folder, moved in, manifest.json last
    with output_set(out) as tmp:
        write_events(tmp / "events.jsonl", facts.events)
        write_entities(tmp / "entities.jsonl", entities)
        written = [tmp / "events.jsonl", tmp / "entities.jsonl",
                   write_articles(tmp / "articles.jsonl", facts.articles)]
        written += write_event_tables(tmp, G, files)
        written.append(write_graphml_export(tmp / "graph.graphml", G, cen))
        written.append(write_gexf(tmp / "graph.gexf", G, cen))
        write_state_csv(tmp / "state_graph.csv", S)
        write_table(tmp / "centrality.csv", cen)
        write_table(tmp / "centrality_by_window.csv", centrality_by_window(G, freq=freq))
        written += [tmp / n for n in ("state_graph.csv", "centrality.csv", "centrality_by_window.csv")]
        if html or figures:
            written += write_views(G, tmp, html=html, figures=figures)
        names = [Path(w).relative_to(tmp) for w in written]
    res.written = [out / n for n in names]
    return res


def write_views(G: nx.MultiDiGraph, out: str | Path, kinds=("state", "person", "actors"),
                html: bool = True, figures: bool = True, focus: str | None = None,
                depth: int = 2, size_by: str = "strength", color_by: str = "state",
                seed: int = 42, timeline_states=("RU", "KP")) -> list[Path]:
    """Write the HTML views (graph.html, person.html, actors.html, ego.html with a focus)
    and the figures (state_graph and timeline, PNG and SVG) into ``out``."""
    from diplograph.graph.views.default_set import make_figures, render_views
    from diplograph.loaders.exports import write_figure, write_pages

    written = []
    if html and kinds:
        written += write_pages(out, render_views(G, kinds, focus=focus, depth=depth,
                                                 size_by=size_by, color_by=color_by, seed=seed))
    if figures:
        for base, fig in make_figures(G, seed=seed, timeline_states=timeline_states).items():
            written += write_figure(fig, Path(out) / base)
    return written


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
    if "graph" in cen.columns:
        cen = cen[cen["graph"] == "state"]
    for _, r in cen.head(5).iterrows():
        lines.append(f"  {r['name']:<16} {int(r['strength']):>4}  {r['betweenness']:.3f}")
    return lines


def load_graph(curated=None, conn=None, paths=(), start: str | None = None,
               end: str | None = None, on_error=None) -> nx.MultiDiGraph:
    """The graph `build` would make from the same inputs (articles or fact folders in
    ``paths``, ``curated`` facts), or what Neo4j holds (``conn``); cut to the window
    ``start``..``end`` when given."""
    from diplograph.graph.analytics.timeline import check_window, window_graph

    check_window(start, end)
    if conn is not None:
        from diplograph.loaders.neo4j.store import connect, read_graph

        with connect(conn) as driver:
            return window_graph(read_graph(driver, conn.database), start, end)
    facts = gather_facts(paths, curated or (), on_error=on_error)
    return graph_of(window_facts(facts, start, end))


def load_facts_into_neo4j(facts, conn, batch_size: int = 5000, progress=None) -> dict:
    """Build records from facts and MERGE them; returns counts and timings.

    ``progress(total)`` may return a bar with ``update(n)`` and ``close()`` (tqdm's
    interface); without it nothing is shown.
    """
    from diplograph.loaders.gazetteer import load_gazetteer
    from diplograph.loaders.neo4j.store import apply_load, apply_schema, connect, counts, plan_load

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
            from diplograph.loaders.neo4j.store import load_failure

            err = load_failure(exc, conn, f"after {done[0]} of {total} rows")
            if err is None:
                raise
            raise err from None
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
