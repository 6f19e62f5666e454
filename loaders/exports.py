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


# --------------------------------------------------------------------------- analyst exports
# events.csv / events.parquet (one row per event and side), graph.gexf (Gephi, with a
# timeline) and graph.graphml (unique edge ids, typed attributes, names on every node).
# Every column is described in docs/exports.md.

EVENT_COLUMNS = {  # name -> pandas dtype ("date" = calendar date)
    "event_id": "string", "date": "string", "date_start": "date", "date_end": "date",
    "date_precision": "string", "kind": "string", "mode": "string", "status": "string",
    "side": "string", "actor": "string", "actor_id": "string", "actor_state": "string",
    "actor_state_iso3": "string", "actor_state_name": "string", "counterpart": "string",
    "counterpart_id": "string", "counterpart_state": "string",
    "counterpart_state_iso3": "string", "counterpart_state_name": "string",
    "place": "string", "place_state": "string", "cameo_code": "string",
    "cameo_label": "string", "plover_type": "string", "plover_mode": "string",
    "article": "string", "article_title": "string", "published": "string",
    "source": "string", "source_url": "string", "quote": "string",
    "n_reports": "Int64", "confidence": "Float64",
}


def iso3(code: str | None) -> str | None:
    """ISO 3166-1 alpha-3 for an alpha-2 code (``KP`` -> ``PRK``), None if unknown: the
    gazetteer's own code where it has one (``Gazetteer.iso3``), else pycountry's."""
    if not code:
        return None
    from diplograph.loaders.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    if hasattr(gaz, "iso3") and gaz.iso3(code):
        return gaz.iso3(code)
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    return c.alpha_3 if c else None


def cameo_labels() -> dict[str, str]:
    from diplograph.resources import data_dir

    with open(data_dir() / "codes" / "cameo.json", encoding="utf-8") as fh:
        return {k: v for k, v in json.load(fh).items() if not k.startswith("_")}


def cameo_code(status: str | None, mode: str | None, event_type: str | None, side: str,
               actor_state: str | None, counterpart_state: str | None,
               place_state: str | None) -> str:
    """The CAMEO code of one side of a meeting (see docs/exports.md for the rules)."""
    if status == "planned":
        return "036"
    if mode == "phone":
        return "041"
    if event_type == "visit":
        return "042" if side == "visitor" else "043"
    if place_state and actor_state and place_state == actor_state:
        return "043"
    if place_state and counterpart_state and place_state == counterpart_state:
        return "042"
    if place_state:
        return "044"
    return "040"


def _sides(G: nx.MultiDiGraph, m: str) -> dict:
    """State code (or None) -> {"role", "persons", "others"} for the attendees of ``m``."""
    sides: dict = {}
    for u, _, a in G.in_edges(m, data=True):
        if a.get("type") != "ATTENDED":
            continue
        d = G.nodes[u]
        code = u[6:] if d.get("label") == "State" else (a.get("on_behalf_of") or d.get("state"))
        s = sides.setdefault(code, {"role": a.get("role"), "persons": [], "others": []})
        if a.get("role") in ("visitor", "host"):
            s["role"] = a.get("role")
        if d.get("label") == "Person":
            s["persons"].append((u, d.get("name") or u))
        elif d.get("label") != "State":
            s["others"].append((u, d.get("name") or u))
    return sides


_NOBODY = object()


def event_table(G: nx.MultiDiGraph, article_files: dict[str, str] | None = None) -> pd.DataFrame:
    """One typed row per meeting and side (directed dyads: every side against every other
    side; a meeting with one known side gives one row without counterpart).
    ``article_files`` maps article ids to the file names the facts cite."""
    from diplograph.graph.analytics.timeline import date_bounds
    from diplograph.graph.views.labels import place_of

    labels = cameo_labels()
    states = {n[6:]: d.get("name") for n, d in G.nodes(data=True) if d.get("label") == "State"}
    rows = []
    for m, d in G.nodes(data=True):
        if d.get("label") != "Meeting":
            continue
        place_node = next((v for _, v, a in G.out_edges(m, data=True) if a.get("type") == "HELD_IN"), None)
        place_state = next((v[6:] for _, v, a in G.out_edges(place_node, data=True)
                            if a.get("type") == "LOCATED_IN"), None) if place_node else None
        reports = sorted(((v, a) for _, v, a in G.out_edges(m, data=True)
                          if a.get("type") == "REPORTED_IN"), key=lambda r: r[0])
        first = next((r for r in reports if r[1].get("quote")), reports[0] if reports else None)
        art = G.nodes[first[0]] if first else {}
        source = art.get("source")
        bounds = date_bounds(d.get("date")) or (None, None)
        base = {
            "event_id": m, "date": d.get("date"), "date_start": bounds[0], "date_end": bounds[1],
            "date_precision": d.get("date_precision"), "kind": d.get("kind"),
            "mode": d.get("mode"), "status": d.get("status"), "place": place_of(G, m),
            "place_state": place_state, "plover_type": "CONSULT", "plover_mode": d.get("mode"),
            "article": ((article_files or {}).get(first[0]) or first[0].removeprefix("article:"))
                       if first else None,
            "article_title": art.get("title"), "published": art.get("published"),
            "source": source,
            "source_url": source if source and source.startswith(("http://", "https://")) else None,
            "quote": first[1].get("quote") if first else None, "n_reports": len(reports),
            "confidence": first[1].get("confidence") if first else None,
        }
        sides = _sides(G, m)
        order = sorted(sides, key=lambda c: ({"visitor": 0, "host": 1}.get(sides[c]["role"], 2),
                                             c or "~"))

        def who(code):
            s = sides[code]
            people = s["persons"] or s["others"]
            if people:
                return "; ".join(n for _, n in people), "; ".join(i for i, _ in people)
            return states.get(code, code), f"state:{code}" if code else None

        for a in order:
            actor, actor_id = who(a)
            side = sides[a]["role"] or "participant"
            for b in [b for b in order if b != a] or [_NOBODY]:
                cp, cp_id = who(b) if b is not _NOBODY else (None, None)
                b = None if b is _NOBODY else b
                code = cameo_code(d.get("status"), d.get("mode"), d.get("event_type"), side, a, b,
                                  place_state)
                rows.append({**base, "side": side, "actor": actor, "actor_id": actor_id,
                             "actor_state": a, "actor_state_iso3": iso3(a),
                             "actor_state_name": states.get(a) if a else None,
                             "counterpart": cp, "counterpart_id": cp_id, "counterpart_state": b,
                             "counterpart_state_iso3": iso3(b),
                             "counterpart_state_name": states.get(b) if b else None,
                             "cameo_code": code, "cameo_label": labels.get(code)})
    df = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    for col, kind in EVENT_COLUMNS.items():
        df[col] = pd.to_datetime(df[col]).dt.date if kind == "date" else df[col].astype(kind)
    return df.sort_values(["date_start", "event_id"], na_position="last",
                          kind="stable").reset_index(drop=True)


def write_event_tables(out: str | Path, G: nx.MultiDiGraph,
                       article_files: dict[str, str] | None = None) -> list[Path]:
    """``events.csv`` and ``events.parquet`` (same rows; Parquet keeps the types)."""
    out = Path(out)
    df = event_table(G, article_files)
    df.to_csv(out / "events.csv", index=False)
    df.to_parquet(out / "events.parquet", index=False)
    return [out / "events.csv", out / "events.parquet"]


def _scalar(v):
    if isinstance(v, (list, tuple, set)):
        return "; ".join(map(str, v))
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


CENTRALITY_ATTRS = ("degree", "strength", "betweenness", "pagerank", "closeness")


def annotated_graph(G: nx.MultiDiGraph, centrality: pd.DataFrame | None = None,
                    dynamic: bool = False) -> nx.MultiDiGraph:
    """A copy for Gephi and other tools: ``label`` = the readable name, ``type`` = the
    node label, scalar typed attributes only (lists joined with "; ", None dropped),
    ``iso3`` on states, centrality numbers (state graph for states, person graph for
    persons), edges with a unique ``id`` and a numeric ``weight``. With ``dynamic`` the
    dated meetings and their relationships get ``start``/``end`` (Gephi's timeline)."""
    from diplograph.graph.analytics.timeline import date_bounds
    from diplograph.graph.views.labels import node_name

    cen = {}
    if centrality is not None and len(centrality):
        for r in centrality.to_dict("records"):
            cen[r["id"]] = {k: float(r[k]) for k in CENTRALITY_ATTRS if k in r and pd.notna(r[k])}
    H = nx.MultiDiGraph()
    spans = {}
    for n, d in G.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in d.items() if v is not None and k != "label"}
        attrs["type"] = d.get("label")
        attrs["label"] = node_name(G, n)
        attrs["name"] = attrs["label"] if d.get("label") in ("Meeting", "Article") else attrs.get("name", n)
        if d.get("label") == "State":
            attrs["iso2"] = n[6:]
            if iso3(n[6:]):
                attrs["iso3"] = iso3(n[6:])
        for k in CENTRALITY_ATTRS:
            attrs[k] = cen.get(n, {}).get(k, 0.0)
        if d.get("label") == "Meeting" and date_bounds(d.get("date")):
            spans[n] = date_bounds(d["date"])
            if dynamic:
                attrs["start"], attrs["end"] = spans[n]
        H.add_node(n, **attrs)
    seen: dict[str, int] = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        attrs = {a: _scalar(b) for a, b in d.items() if b is not None}
        for span_key in ("start", "end"):  # character offsets of the quote, not time
            if span_key in attrs:
                attrs[f"quote_{span_key}"] = attrs.pop(span_key)
        base = f"{d.get('type', k)}:{u}->{v}"
        seen[base] = seen.get(base, 0) + 1
        attrs["id"] = base if seen[base] == 1 else f"{base}#{seen[base]}"
        attrs["weight"] = float(d.get("weight", 1) or 1)
        attrs["label"] = d.get("type", k)
        span = spans.get(u) or spans.get(v)
        if dynamic and span:
            attrs["start"], attrs["end"] = span
        if dynamic:  # GEXF's edge "type" means directed/undirected
            attrs["relationship"] = attrs.pop("type", k)
        H.add_edge(u, v, key=attrs["id"], **attrs)
    return H


def write_gexf(path: str | Path, G: nx.MultiDiGraph, centrality: pd.DataFrame | None = None) -> Path:
    """``graph.gexf`` for Gephi: names as labels, typed attributes, weights, centrality and
    a timeline (meetings and their edges carry start/end)."""
    nx.write_gexf(annotated_graph(G, centrality, dynamic=True), str(path), encoding="utf-8")
    return Path(path)


def write_graphml_export(path: str | Path, G: nx.MultiDiGraph,
                         centrality: pd.DataFrame | None = None) -> Path:
    """``graph.graphml`` with unique edge ids, typed numeric attributes and a name on
    every node (see docs/exports.md)."""
    H = annotated_graph(G, centrality)
    nx.write_graphml(H, str(path), encoding="utf-8", edge_id_from_attribute="id")
    return Path(path)


def write_articles(path: str | Path, articles: list[dict]) -> Path:
    """``articles.jsonl`` (article metadata: file, title, published, language, source), so
    that an output folder is a complete input for `metrics`, `view` and `load`."""
    seen, rows = set(), []
    for a in articles:
        if a.get("file") not in seen:
            seen.add(a.get("file"))
            rows.append(a)
    with open(path, "w", encoding="utf-8") as fh:
        for a in rows:
            fh.write(json.dumps(a, ensure_ascii=False, default=str) + "\n")
    return Path(path)


def write_figure(fig, base: str | Path) -> list[Path]:
    """``base.png`` (200 dpi) and ``base.svg`` with real ``<text>`` elements (editable in
    Inkscape or Illustrator). The same figure gives the same bytes: no date in the
    metadata, a fixed salt for the SVG's element ids."""
    import matplotlib

    base = Path(base)
    base.parent.mkdir(parents=True, exist_ok=True)
    paths = [base.with_suffix(".png"), base.with_suffix(".svg")]
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "diplograph"}):
        fig.savefig(paths[0], dpi=200, bbox_inches="tight", metadata={"Software": None})
        fig.savefig(paths[1], bbox_inches="tight", metadata={"Date": None})
    return paths


def write_pages(out: str | Path, pages: dict[str, str]) -> list[Path]:
    """Write HTML pages (file name -> text) into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, html in pages.items():
        (out / name).write_text(html, encoding="utf-8")
        written.append(out / name)
    return written


__all__ += ["EVENT_COLUMNS", "iso3", "cameo_labels", "cameo_code", "event_table",
            "write_event_tables", "annotated_graph", "write_gexf", "write_graphml_export",
            "write_articles", "write_figure", "write_pages"]
