"""Interactive HTML views built with pyvis and rendered through our own template.

pyvis assembles nodes, edges and options; the page is rendered by
``template.html.j2`` with Jinja autoescaping, vis-network inlined from the pyvis
package (no CDN, no Bootstrap), node data passed as escaped JSON, and positions
computed in Python with a fixed seed (physics off) so the picture is the same each time
and large graphs do not spend minutes settling. Functions return :class:`Network`
objects or HTML text; writing files is the caller's job.

Every page has a search box, neighbour highlighting on click and a layout fitted so
that every label lies inside the page. Above :data:`MAX_PERSONS` persons or
:data:`MAX_MEETINGS` meetings a view aggregates (top persons by strength; meetings
collapsed into person–person edges with counts) instead of drawing everything, and at
most :data:`MAX_LABELS` labels are drawn (the largest nodes; the others on hover).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import jinja2
import networkx as nx
from pyvis.network import Network

from diplograph.graph.projections import MAX_MET_PARTICIPANTS, person_projection, state_projection
from diplograph.graph.views.colours import MEETING, UNKNOWN, bloc_colour, state_colour, state_colours
from diplograph.graph.views.labels import meeting_label, node_name, place_of

__all__ = [
    "VIEW_KINDS",
    "LAYOUT_NX_MAX_NODES",
    "MAX_PERSONS",
    "MAX_MEETINGS",
    "MAX_LABELS",
    "MAX_EDGE_LABELS",
    "find_node",
    "NoSuchNode",
    "state_view",
    "person_view",
    "ego_view",
    "full_view",
    "render_html",
]

VIEW_KINDS = ("state", "person", "ego", "full")
MAX_PERSONS = 150     # person/ego views: the top persons by strength above this
MAX_MEETINGS = 250    # actors view: meetings collapse into person–person edges above this
MAX_LABELS = 80       # labels drawn (largest nodes first); the rest show on hover
MAX_EDGE_LABELS = 40  # edges numbered with their count (the busiest); the rest on hover
_TEMPLATE = Path(__file__).with_name("template.html.j2")
_VIS_DIR = Path(__import__("pyvis").__file__).parent / "templates" / "lib" / "vis-9.1.2"
LAYOUT_NX_MAX_NODES = 1000  # above this the layout runs on igraph (DrL), still seeded


def _layout(G: nx.Graph, seed: int = 42, scale: float = 600.0) -> dict:
    """Positions computed here, seeded, so the page needs no physics to settle."""
    if G.number_of_nodes() == 0:
        return {}
    if G.number_of_nodes() > LAYOUT_NX_MAX_NODES:
        import random

        import igraph as ig

        nodes = list(G.nodes)
        idx = {n: i for i, n in enumerate(nodes)}
        g = ig.Graph(n=len(nodes), edges=list({(idx[u], idx[v]) for u, v in G.edges()}))
        ig.set_random_number_generator(random.Random(seed))
        coords = g.layout_drl().coords
        xs = [c[0] for c in coords] or [0]
        ys = [c[1] for c in coords] or [0]
        span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
        f = 4 * scale / span
        return {n: (c[0] * f, c[1] * f) for n, c in zip(nodes, coords)}
    U = nx.Graph()  # undirected, unweighted simple view for the layout
    U.add_nodes_from(sorted(G.nodes, key=str))
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    comps = sorted(nx.connected_components(U), key=lambda c: (-len(c), min(map(str, c))))
    pos: dict = {}
    x = y = row_h = 0.0
    gap, width = scale * 0.6, scale * 4.5  # gaps wide enough for two labels side by side
    for comp in comps:  # each component laid out alone, then packed in rows
        r = scale * 0.22 * max(1.0, len(comp) ** 0.5)
        if len(comp) == 1:
            local = {next(iter(comp)): (0.0, 0.0)}
        else:
            sub = U.subgraph(comp)
            if len(comp) <= 300:  # even spacing, edge lengths ~ graph distance
                local = nx.kamada_kawai_layout(sub, weight=None)
            else:
                local = nx.spring_layout(sub, seed=seed, k=1.8 / len(comp) ** 0.5,
                                         iterations=150, weight=None)
        if x > 0 and x + 2 * r > width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        for n, (lx, ly) in local.items():
            pos[n] = (x + r + float(lx) * r, y + r + float(ly) * r)
        x += 2 * r + gap
        row_h = max(row_h, 2 * r)
    return pos


def _span(pos: dict) -> float:
    if not pos:
        return 1.0
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    return max(max(xs) - min(xs), max(ys) - min(ys), 1.0)


def _search_key(*names) -> str:
    """Lower-case, accent-free text the page's search box matches against."""
    text = " | ".join(n for n in names if n)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _net(title: str) -> Network:
    return Network(height="100%", width="100%", directed=True, notebook=False,
                   cdn_resources="in_line", heading=title)


def _finish(net: Network, nodes: list, sizes: dict, pos: dict, edges: list, legend: list,
            note: str = "") -> Network:
    """Add nodes (dicts with id, label, title, color, …) and edges; scale sizes and fonts to
    the layout so that, fitted to the page, labels read at about 15 px."""
    f = max(1.0, _span(pos) / 1100)
    top = max(sizes.values(), default=0) or 1
    labelled = _labels_without_overlap(nodes, sizes, pos, f, top)
    for n in nodes:
        nid = n.pop("id")
        x, y = pos.get(nid, (0.0, 0.0))
        label = n.pop("label")
        n.setdefault("name", label)
        n.setdefault("search", _search_key(label))
        size = (10 + 26 * (sizes.get(nid, 0) / top)) * f
        font = {"size": round(15 * f * n.pop("font_scale", 1.0), 1)}
        net.add_node(str(nid), label=label if nid in labelled else " ", title=n.pop("title"),
                     size=n.pop("size", size), x=x, y=y, physics=False, font=font, **n)
    numbered = sorted((e for e in edges if "label" in e[2]),
                      key=lambda e: (-e[2].get("value", 0), str(e[0]), str(e[1])))
    if len(numbered) > MAX_EDGE_LABELS:  # dense: numbers on the busiest edges only
        keep = {(u, v) for u, v, _ in numbered[:MAX_EDGE_LABELS]}
        for u, v, attrs in edges:
            if (u, v) not in keep:
                attrs.pop("label", None)
        note += f"; numbers on the {MAX_EDGE_LABELS} busiest of {len(numbered)} edges"
    for u, v, attrs in edges:
        if "label" in attrs:
            attrs.setdefault("font", {"size": round(15 * f, 1), "strokeWidth": 4})
        net.add_edge(str(u), str(v), **attrs)
    net.legend = legend
    net.note = note
    return net


def _labels_without_overlap(nodes: list, sizes: dict, pos: dict, f: float, top: float) -> set:
    """Which nodes get a drawn label: largest first, at most :data:`MAX_LABELS`, and only
    where the label's box (below the node, as vis-network draws it) would not overlap a
    label already placed. The others show their name on hover, search and click."""
    placed: list[tuple] = []
    chosen = set()
    for n in sorted(nodes, key=lambda n: (-sizes.get(n["id"], 0), str(n["id"]))):
        if len(chosen) >= MAX_LABELS:
            break
        x, y = pos.get(n["id"], (0.0, 0.0))
        fs = 15 * f * n.get("font_scale", 1.0)
        r = (10 + 26 * (sizes.get(n["id"], 0) / top)) * f
        w = 0.6 * fs * len(n["label"])
        box = (x - w / 2, y + r, x + w / 2, y + r + 1.3 * fs)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        chosen.add(n["id"])
    return chosen


def _roles(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for u, v, a in G.edges(data=True):
        if a.get("type") == "HOLDS_ROLE":
            where = G.nodes[v].get("name") or v
            span = f" ({a.get('since') or '?'}–{a.get('until') or ''})" if a.get("since") else ""
            roles.setdefault(u, []).append(f"{a.get('title')}, {where}{span}")
    return roles


def _state_name(G, code: str | None) -> str:
    if not code:
        return "unknown state"
    sid = f"state:{code}"
    return (G.nodes[sid].get("name") if sid in G else None) or code


def _person_title(G, n: str, d: dict, roles: dict, extra: str = "") -> str:
    lines = [d.get("name") or n, f"state: {_state_name(G, d.get('state'))}"]
    if roles.get(n):
        lines.append("roles: " + "; ".join(roles[n]))
    return "\n".join(lines) + extra


def _evidence(G, meeting, limit: int = 3) -> str:
    """The sentence(s) a meeting was read from, each with its article and date."""
    bits = []
    for _, art, a in sorted(G.out_edges(meeting, data=True), key=lambda e: str(e[1])):
        if a.get("type") != "REPORTED_IN":
            continue
        ad = G.nodes[art]
        where = ad.get("title") or ad.get("source") or art
        when = f", {ad['published']}" if ad.get("published") else ""
        if a.get("quote"):
            bits.append(f"“{a['quote']}”\n  — {where}{when}")
        else:
            bits.append(f"curated fact (no sentence quoted)\n  — {where}{when}")
    more = len(bits) - limit
    return "\n".join(bits[:limit]) + (f"\n(+{more} more reports)" if more > 0 else "")


def _meeting_tooltip(G, m) -> str:
    d = G.nodes[m]
    head = f"{meeting_label(G, m)}\n{d.get('kind')} ({d.get('status')}), " \
           f"{d.get('date') or 'undated'}" + (f", {place_of(G, m)}" if place_of(G, m) else "")
    return head + "\n" + _evidence(G, m)


def _state_legend(G, codes) -> list[tuple[str, str]]:
    cols = state_colours(sorted(c for c in codes if c and c != "?"))
    items = sorted(((_state_name(G, c), col) for c, col in cols.items()))
    if any(not c or c == "?" for c in codes):
        items.append(("state unknown", UNKNOWN))
    return items


def state_view(G: nx.MultiDiGraph, size_by: dict | None = None, blocs: dict | None = None,
               seed: int = 42, size_label: str = "visits made + received") -> Network:
    """States as nodes, VISITED edges weighted and labelled by number of visits; coloured
    by state (or by bloc when ``blocs`` maps node -> bloc number)."""
    S = state_projection(G)
    S.remove_nodes_from([n for n in list(S) if S.degree(n) == 0])
    one_bloc = bool(blocs) and len({blocs.get(n) for n in S}) == 1
    if one_bloc:  # colouring by one bloc says nothing: colour by state, say so
        blocs = None
    sizes = size_by or dict(S.degree(weight="count"))
    labels = {n: S.nodes[n].get("name") or n for n in S}
    nodes = []
    for n in S:
        code = n.split(":")[-1]
        colour = bloc_colour(blocs.get(n)) if blocs else state_colour(code)
        nodes.append({"id": n, "label": labels[n], "color": colour, "shape": "dot",
                      "search": _search_key(labels[n], code),
                      "title": f"{labels[n]} ({code})\nvisits made: "
                               f"{S.out_degree(n, weight='count')}\nvisits received: "
                               f"{S.in_degree(n, weight='count')}"
                               + (f"\nbloc {blocs.get(n)}" if blocs else "")})
    edges = [
        (u, v, {"value": d["count"], "label": str(d["count"]), "arrows": "to",
                "title": f"{labels[u]} → {labels[v]}: {d['count']} visit(s), "
                         f"first {d['first'] or '?'}, last {d['last'] or '?'}"})
        for u, v, d in S.edges(data=True)
    ]
    if blocs:
        members: dict = {}
        for n in S:
            members.setdefault(blocs.get(n), []).append(labels[n])
        legend = [(f"bloc {b}: " + ", ".join(sorted(ms)), bloc_colour(b))
                  for b, ms in sorted(members.items(), key=lambda kv: str(kv[0]))]
        title = "States: who visited whom, coloured by bloc"
    else:
        legend = _state_legend(G, [n.split(":")[-1] for n in S])
        title = "States: who visited whom"
    net = _net(title)
    return _finish(net, nodes, sizes, _layout(S, seed), edges, legend,
                   note=("all states form one bloc (Leiden), so colours show states; "
                         if one_bloc else "") + f"size = {size_label}; edge labels = visits")


def _pair_meetings(G: nx.MultiDiGraph) -> dict[frozenset, list[str]]:
    """For each pair of persons, the meetings (happened) they attended together."""
    pairs: dict[frozenset, list[str]] = {}
    for m, d in G.nodes(data=True):
        if d.get("label") != "Meeting" or d.get("status") != "happened":
            continue
        people = sorted(u for u, _, a in G.in_edges(m, data=True)
                        if a.get("type") == "ATTENDED" and G.nodes[u].get("label") == "Person")
        if len(people) > MAX_MET_PARTICIPANTS:  # as person_projection: no pairwise edges
            continue
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                pairs.setdefault(frozenset((a, b)), []).append(m)
    return pairs


def _dates_of(G, person) -> str:
    dates = sorted(G.nodes[m].get("date") for _, m, a in G.out_edges(person, data=True)
                   if a.get("type") == "ATTENDED" and G.nodes[m].get("date"))
    return f"{dates[0]} … {dates[-1]}" if dates else "no dated meeting"


def _top(P: nx.Graph, n: int, keep=()) -> set:
    strength = dict(P.degree(weight="count"))
    ranked = sorted(P, key=lambda x: (-strength.get(x, 0), str(x)))
    return set(ranked[:n]) | set(keep)


def person_view(G: nx.MultiDiGraph, size_by: dict | None = None, seed: int = 42,
                nodes: set | None = None, title: str | None = None,
                blocs: dict | None = None, focus: str | None = None,
                size_label: str = "meetings with foreign counterparts") -> Network:
    """Persons as nodes, MET edges (cross-state co-attendance) labelled with the number of
    meetings, coloured by state (or by bloc when ``blocs`` maps node -> bloc). Above
    :data:`MAX_PERSONS` only the top persons by strength are drawn (and ``focus``)."""
    P = person_projection(G)
    if nodes is not None:
        P = P.subgraph(nodes).copy()
    else:
        P.remove_nodes_from([n for n in list(P) if P.degree(n) == 0])
    total = P.number_of_nodes()
    note = ""
    if total > MAX_PERSONS:
        P = P.subgraph(_top(P, MAX_PERSONS, [focus] if focus else ())).copy()
        P.remove_nodes_from([n for n in list(P) if P.degree(n) == 0 and n != focus])
        note = f"the {P.number_of_nodes()} persons of {total} with most meetings; "
    if blocs and len({blocs.get(n) for n in P}) == 1:
        blocs = None
        note += "all persons form one bloc (Leiden), so colours show states; "
    roles = _roles(G)
    sizes = size_by or dict(P.degree(weight="count"))
    labels = {n: P.nodes[n].get("name") or n for n in P}
    out = []
    for n in P:
        d = G.nodes[n]
        colour = bloc_colour(blocs.get(n)) if blocs else state_colour(d.get("state"))
        node = {"id": n, "label": labels[n], "color": colour, "shape": "dot",
                "search": _search_key(labels[n], *(d.get("aliases") or [])),
                "title": _person_title(G, n, d, roles,
                                       f"\nmet foreign counterparts: {P.degree(n, weight='count')} time(s)"
                                       f"\nactive: {_dates_of(G, n)}"
                                       + (f"\nbloc {blocs.get(n)}" if blocs else ""))}
        if n == focus:
            node.update(borderWidth=5, color={"background": colour, "border": "#000000"},
                        focus=True)
        out.append(node)
    met = _pair_meetings(G)
    edges = []
    for u, v, d in P.edges(data=True):
        ms = met.get(frozenset((u, v)), [])
        edges.append((u, v, {"value": d["count"], "label": str(d["count"]), "arrows": "",
                             "title": f"{labels[u]} – {labels[v]}: met {d['count']} time(s)\n"
                                      + "\n".join(_meeting_tooltip(G, m) for m in ms[:3])}))
    if blocs:
        legend = [(f"bloc {b}", bloc_colour(b)) for b in sorted({blocs.get(n) for n in P}, key=str)]
        default_title = "Persons who met, coloured by bloc"
    else:
        legend = _state_legend(G, {G.nodes[n].get("state") or "?" for n in P})
        default_title = "Persons who met, coloured by state"
    if focus:
        sizes = dict(sizes)
        sizes[focus] = max(sizes.values(), default=1) * 1.3
    net = _net(title or default_title)
    net.focus = focus
    pos = _rings(P, focus) if focus in P else _layout(P, seed)
    return _finish(net, out, sizes, pos, edges, legend,
                   note=note + f"size = {size_label}; edge labels = meetings")


def _rings(P: nx.Graph, focus: str, step: float = 260.0) -> dict:
    """The focus in the middle, everyone else on a ring by distance from it; each ring
    ordered after the ring inside it, so edges cross little."""
    dist = nx.single_source_shortest_path_length(P, focus)
    rings: dict[int, list] = {}
    for n, d in dist.items():
        rings.setdefault(d, []).append(n)
    rings.setdefault(max(rings, default=0) + 1, []).extend(n for n in P if n not in dist)
    import math

    pos = {focus: (0.0, 0.0)}
    angle = {focus: 0.0}
    for d in sorted(k for k in rings if k > 0):
        def key(n):
            parents = [angle[m] for m in P[n] if m in angle]
            return (sum(parents) / len(parents) if parents else 7.0, str(n))
        ring = sorted(rings[d], key=key)
        radius = step * d * max(1.0, len(ring) / (2 * math.pi * d * 1.6))
        for i, n in enumerate(ring):
            a = 2 * math.pi * i / max(1, len(ring)) - math.pi / 2
            angle[n] = a % (2 * math.pi)
            pos[n] = (radius * math.cos(a), radius * math.sin(a))
    return pos


class NoSuchNode(KeyError):
    """No node has that name; ``suggestions`` holds the closest names."""

    def __init__(self, name: str, suggestions: list[str]):
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions

    def __str__(self) -> str:
        hint = f"; did you mean {' or '.join(map(repr, self.suggestions))}?" if self.suggestions else ""
        return f"no actor named {self.name!r} in the graph{hint}"


def find_node(G: nx.MultiDiGraph, name: str, labels=("Person", "State", "Organization")) -> str:
    """Node id for a name, alias, ISO code or id, with the project's name matcher
    (Lawrow = Lavrov); a bare surname works when one person carries it. Raises
    :class:`NoSuchNode` with the closest names when nothing matches."""
    from rapidfuzz import fuzz, process

    from diplograph.graph.names import fold, names_match

    if name in G:
        return name
    if f"state:{name.upper()}" in G and len(name) == 2:
        return f"state:{name.upper()}"
    key = fold(name)
    cands = [(n, d) for n, d in G.nodes(data=True) if d.get("label") in labels]
    exact = [n for n, d in cands
             if key in {fold(x) for x in [d.get("name") or "", *(d.get("aliases") or [])]}]
    if exact:
        return sorted(exact)[0]
    close = [n for n, d in cands if any(names_match(name, x) for x in
                                        [d.get("name") or "", *(d.get("aliases") or [])] if x)]
    if len(close) == 1:
        return close[0]
    surname = [n for n, d in cands if d.get("label") == "Person"
               and key in {fold(x).split()[-1] for x in [d.get("name") or "", *(d.get("aliases") or [])] if x}]
    if len(surname) == 1:
        return surname[0]
    ambiguous = surname or close
    if ambiguous:
        pool = sorted(G.nodes[n].get("name") or n for n in ambiguous)
    else:
        names = sorted({d.get("name") for _, d in cands if d.get("name")})
        hits = process.extract(key, {nm: fold(nm) for nm in names}, scorer=fuzz.WRatio,
                               processor=None, limit=3, score_cutoff=60)
        pool = [h[2] for h in hits]
    raise NoSuchNode(name, pool[:5])


def ego_view(G: nx.MultiDiGraph, focus: str, depth: int = 2, seed: int = 42) -> Network:
    """The person graph around one actor, ``depth`` meetings away; the focus is drawn
    larger with a black ring and the page centres on it."""
    P = person_projection(G)
    centre = find_node(G, focus)
    near = nx.single_source_shortest_path_length(P, centre, cutoff=depth) if centre in P else {}
    name = G.nodes[centre].get("name") or centre
    return person_view(G, seed=seed, nodes=set(near) | {centre}, focus=centre,
                       title=f"Ego network of {name} (depth {depth})")


def full_view(G: nx.MultiDiGraph, seed: int = 42) -> Network:
    """Actors (persons, states) and meetings: the bipartite actor–meeting graph, with a
    date filter. Above :data:`MAX_MEETINGS` meetings, meetings are collapsed into
    person–person edges with counts (the top :data:`MAX_PERSONS` persons)."""
    meetings = [n for n, d in G.nodes(data=True) if d.get("label") == "Meeting"]
    if len(meetings) > MAX_MEETINGS:
        return _collapsed_actors(G, meetings, seed)
    B = nx.DiGraph()
    B.add_nodes_from((m, G.nodes[m]) for m in meetings)
    for m in meetings:  # a state is drawn at a meeting only when none of its persons is
        att = [(u, a) for u, _, k, a in G.in_edges(m, keys=True, data=True) if k == "ATTENDED"]
        sides = {a.get("on_behalf_of") for u, a in att if G.nodes[u].get("label") != "State"}
        for u, a in att:
            if G.nodes[u].get("label") == "State" and u.split(":")[-1] in sides:
                continue
            B.add_node(u, **G.nodes[u])
            B.add_edge(u, m)
    roles = _roles(G)
    sizes = {n: B.degree(n) for n in B}
    nodes = []
    for n, d in B.nodes(data=True):
        if d["label"] == "Meeting":
            nodes.append({"id": n, "label": meeting_label(G, n), "color": MEETING,
                          "shape": "square", "meeting": n, "title": _meeting_tooltip(G, n),
                          "font_scale": 0.8})
            sizes[n] = 0
        elif d["label"] == "Person":
            nodes.append({"id": n, "label": d.get("name") or n, "color": state_colour(d.get("state")),
                          "shape": "dot", "search": _search_key(d.get("name"), *(d.get("aliases") or [])),
                          "title": _person_title(G, n, d, roles)})
        else:
            code = n.split(":")[-1] if d["label"] == "State" else None
            nodes.append({"id": n, "label": node_name(G, n),
                          "color": state_colour(code) if code else UNKNOWN,
                          "shape": "diamond" if code else "triangle",
                          "title": f"{node_name(G, n)} ({d['label']})"})
    edges = [(u, v, {"arrows": "to", "title": _attended_title(G, u, v)}) for u, v in B.edges()]
    legend = _state_legend(G, {G.nodes[n].get("state") if G.nodes[n]["label"] == "Person"
                               else n.split(":")[-1] for n in B if G.nodes[n]["label"] in ("Person", "State")})
    legend.append(("■ meeting (kind date place)", MEETING))
    net = _net("Actors and meetings")
    net.date_filter = True
    net.meetings = {m: G.nodes[m].get("date") or "" for m in meetings}
    return _finish(net, nodes, sizes, _layout(B, seed), edges, legend,
                   note="● person ◆ state; size = meetings attended")


def _attended_title(G, u, v) -> str:
    a = G.get_edge_data(u, v, "ATTENDED") or {}
    return f"{node_name(G, u)}: {a.get('role') or 'attended'} for " \
           f"{_state_name(G, a.get('on_behalf_of'))}"


def _collapsed_actors(G: nx.MultiDiGraph, meetings: list, seed: int) -> Network:
    """Many meetings: persons joined by edges that count the meetings they shared; each
    edge knows its meetings so the date filter still counts exactly."""
    people: dict[str, list] = {}
    pairs: dict[tuple, list] = {}
    for m in meetings:
        ps = sorted(u for u, _, k in G.in_edges(m, keys=True)
                    if k == "ATTENDED" and G.nodes[u].get("label") == "Person")
        for p in ps:
            people.setdefault(p, []).append(m)
        for i, a in enumerate(ps):
            for b in ps[i + 1:]:
                pairs.setdefault((a, b), []).append(m)
    P = nx.Graph()
    for (a, b), ms in pairs.items():
        P.add_edge(a, b, count=len(ms))
    P.add_nodes_from(people)
    top = _top(P, MAX_PERSONS) if P.number_of_nodes() > MAX_PERSONS else set(P)
    roles = _roles(G)
    sizes = {p: len(people[p]) for p in top}
    nodes = [{"id": p, "label": G.nodes[p].get("name") or p, "color": state_colour(G.nodes[p].get("state")),
              "shape": "dot", "search": _search_key(G.nodes[p].get("name"), *(G.nodes[p].get("aliases") or [])),
              "title": _person_title(G, p, G.nodes[p], roles, f"\nmeetings: {len(people[p])}")}
             for p in sorted(top)]
    edges = [(a, b, {"value": len(ms), "label": str(len(ms)), "arrows": "", "meetings": ms,
                     "title": f"{node_name(G, a)} – {node_name(G, b)}: {len(ms)} meeting(s)"})
             for (a, b), ms in sorted(pairs.items()) if a in top and b in top]
    linked = {x for a, b, _ in edges for x in (a, b)}
    nodes = [n for n in nodes if n["id"] in linked]
    H = nx.Graph()
    H.add_nodes_from(linked)
    H.add_edges_from((a, b) for a, b, _ in edges)
    legend = _state_legend(G, {G.nodes[p].get("state") or "?" for p in top})
    net = _net(f"Actors and meetings (collapsed: {len(meetings)} meetings above "
               f"{MAX_MEETINGS}; top {len(top)} of {len(people)} persons)")
    net.date_filter = True
    net.meetings = {m: G.nodes[m].get("date") or "" for m in meetings}
    return _finish(net, nodes, sizes, _layout(H, seed), edges, legend,
                   note="edge labels = meetings shared; size = meetings attended")


def _script_json(obj) -> str:
    """JSON safe to place inside <script>: no '<', '>' or '&' survive literally."""
    text = json.dumps(obj, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(net: Network) -> str:
    """The complete, self-contained page for a view."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_TEMPLATE.read_text(encoding="utf-8"))
    nodes = [dict(n) for n in net.nodes]
    for n in nodes:
        n.setdefault("shape", "dot")
        if n["shape"] not in ("dot", "square", "diamond", "triangle"):
            n["shape"] = "dot"
    options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "edges": {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2},
                  "color": {"inherit": "from", "opacity": 0.75},
                  "scaling": {"min": 1, "max": 10, "label": {"enabled": False}}},
        "nodes": {"font": {"strokeWidth": 4, "strokeColor": "#ffffff"}},
    }
    meetings = getattr(net, "meetings", None) or {}
    return template.render(
        title=net.heading,
        legend=getattr(net, "legend", []),
        note=getattr(net, "note", ""),
        counts=(len(net.nodes), len(net.edges)),
        date_filter=getattr(net, "date_filter", False),
        vis_js=jinja2.utils.markupsafe.Markup(
            (_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")),
        vis_css=jinja2.utils.markupsafe.Markup(
            (_VIS_DIR / "vis-network.css").read_text(encoding="utf-8").replace("</style", "<\\/style")),
        data_json=jinja2.utils.markupsafe.Markup(
            _script_json({"nodes": nodes, "edges": net.edges, "options": options,
                          "focus": getattr(net, "focus", None), "meetings": meetings})),
    )
