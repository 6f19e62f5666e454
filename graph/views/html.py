"""Interactive HTML views built with pyvis and rendered through our own template.

pyvis assembles nodes, edges and options; the page is rendered by
``template.html.j2`` with Jinja autoescaping, vis-network inlined from the pyvis
package (no CDN, no Bootstrap), node data passed as escaped JSON, and positions
computed in Python with a fixed seed (physics off) so the picture is the same each time
and large graphs do not spend minutes settling.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import networkx as nx
from pyvis.network import Network

from diplograph.graph.projections import person_projection, state_projection

__all__ = [
    "VIEW_KINDS",
    "PALETTE",
    "LAYOUT_NX_MAX_NODES",
    "find_node",
    "state_view",
    "person_view",
    "ego_view",
    "full_view",
    "render_html",
    "write_view",
]

VIEW_KINDS = ("state", "person", "ego", "full")
PALETTE = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
]
LABEL_COLOURS = {
    "State": "#1f77b4", "Person": "#ff7f0e", "Meeting": "#7f7f7f",
    "Place": "#2ca02c", "Organization": "#9467bd", "Article": "#8c564b",
}
_TEMPLATE = Path(__file__).with_name("template.html.j2")
_VIS_DIR = Path(__import__("pyvis").__file__).parent / "templates" / "lib" / "vis-9.1.2"


def _colour_map(values) -> dict:
    return {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(sorted({str(v) for v in values}))}


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
    U = nx.Graph(G)  # undirected simple view for the layout
    comps = sorted(nx.connected_components(U), key=lambda c: (-len(c), min(map(str, c))))
    pos: dict = {}
    x = y = row_h = 0.0
    gap, width = scale * 0.25, scale * 4
    for comp in comps:  # each component laid out alone, then packed in rows
        r = scale * 0.22 * max(1.0, len(comp) ** 0.5)
        if len(comp) == 1:
            local = {next(iter(comp)): (0.0, 0.0)}
        else:
            sub = U.subgraph(comp)
            local = nx.spring_layout(sub, seed=seed, k=1.8 / len(comp) ** 0.5, iterations=150)
        if x > 0 and x + 2 * r > width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        for n, (lx, ly) in local.items():
            pos[n] = (x + r + float(lx) * r, y + r + float(ly) * r)
        x += 2 * r + gap
        row_h = max(row_h, 2 * r)
    return pos


def _size(score: float, top: float) -> float:
    return 12 + 28 * (score / top if top else 0)


def _net(title: str) -> Network:
    net = Network(height="100%", width="100%", directed=True, notebook=False,
                  cdn_resources="in_line", heading=title)
    return net


def _finish(net, G, sizes, colours, titles, labels, legend, edge_items, pos, extra=None):
    top = max(sizes.values(), default=0)
    for n in G.nodes:
        x, y = pos.get(n, (0.0, 0.0))
        net.add_node(str(n), label=labels[n], title=titles[n], color=colours[n],
                     size=_size(sizes.get(n, 0), top), x=x, y=y, physics=False,
                     **((extra or {}).get(n, {})))
    for u, v, attrs in edge_items:
        net.add_edge(str(u), str(v), **attrs)
    net.legend = legend
    return net


def _person_title(d: dict, extra: str = "") -> str:
    lines = [d.get("name") or "", f"state: {d.get('state') or 'unknown'}"]
    if d.get("roles"):
        lines.append("roles: " + "; ".join(d["roles"]))
    return "\n".join(lines) + extra


def _roles(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for u, v, a in G.edges(data=True):
        if a.get("type") == "HOLDS_ROLE":
            where = G.nodes[v].get("name") or v
            span = f" ({a.get('since') or '?'}–{a.get('until') or ''})" if a.get("since") else ""
            roles.setdefault(u, []).append(f"{a.get('title')}, {where}{span}")
    return roles


def state_view(G: nx.MultiDiGraph, size_by: dict | None = None, blocs: dict | None = None,
               seed: int = 42) -> Network:
    """States as nodes, VISITED edges weighted by number of visits."""
    S = state_projection(G)
    S.remove_nodes_from([n for n in list(S) if S.degree(n) == 0])
    sizes = size_by or dict(S.degree(weight="count"))
    group = blocs or {n: n.split(":")[-1] for n in S}
    cmap = _colour_map(group.values())
    colours = {n: cmap[str(group.get(n, "?"))] for n in S}
    titles = {
        n: f"{S.nodes[n].get('name')} ({n.split(':')[-1]})\n"
           f"visits made: {S.out_degree(n, weight='count')}\n"
           f"visits received: {S.in_degree(n, weight='count')}"
        for n in S
    }
    labels = {n: S.nodes[n].get("name") or n for n in S}
    edges = [
        (u, v, {"value": d["count"], "title": f"{labels[u]} → {labels[v]}: {d['count']} visit(s), "
                f"first {d['first'] or '?'}, last {d['last'] or '?'}", "arrows": "to"})
        for u, v, d in S.edges(data=True)
    ]
    if blocs:
        legend = [(f"bloc {k}", c) for k, c in cmap.items()]
    else:
        legend = [(labels.get(f"state:{k}", k), c) for k, c in cmap.items()]
    net = _net("States: who visited whom")
    return _finish(net, S, sizes, colours, titles, labels, legend, edges, _layout(S, seed))


def person_view(G: nx.MultiDiGraph, size_by: dict | None = None, seed: int = 42,
                nodes: set | None = None, title: str = "Persons who met, coloured by state",
                blocs: dict | None = None):
    """Persons as nodes, MET edges (cross-state co-attendance), coloured by state (or by
    bloc when ``blocs`` maps node -> bloc)."""
    P = person_projection(G)
    if nodes is not None:
        P = P.subgraph(nodes).copy()
    P.remove_nodes_from([n for n in list(P) if P.degree(n) == 0 and nodes is None])
    roles = _roles(G)
    sizes = size_by or dict(P.degree(weight="count"))
    group = ({n: f"bloc {blocs.get(n, '?')}" for n in P} if blocs
             else {n: P.nodes[n].get("state") or "?" for n in P})
    cmap = _colour_map(group.values())
    colours = {n: cmap[str(group[n])] for n in P}
    titles = {n: _person_title({**P.nodes[n], "roles": roles.get(n)},
                               f"\nmet counterparts: {P.degree(n, weight='count')} time(s)"
                               f"\nactive: {_dates_of(G, n).strip(' ()') or 'no dated meeting'}")
              for n in P}
    labels = {n: P.nodes[n].get("name") or n for n in P}
    met = _pair_meetings(G)
    edges = [(u, v, {"value": d["count"], "arrows": "",
                     "title": f"{labels[u]} – {labels[v]}: met {d['count']} time(s)\n"
                              + "\n".join(_meeting_line(G, m) for m in met.get(frozenset((u, v)), [])[:3])})
             for u, v, d in P.edges(data=True)]
    legend = list(cmap.items())
    net = _net(title)
    return _finish(net, P, sizes, colours, titles, labels, legend, edges, _layout(P, seed))


def _pair_meetings(G: nx.MultiDiGraph) -> dict[frozenset, list[str]]:
    """For each pair of persons, the meetings (happened) they attended together."""
    pairs: dict[frozenset, list[str]] = {}
    for m, d in G.nodes(data=True):
        if d.get("label") != "Meeting" or d.get("status") != "happened":
            continue
        people = sorted(u for u, _, a in G.in_edges(m, data=True)
                        if a.get("type") == "ATTENDED" and G.nodes[u].get("label") == "Person")
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                pairs.setdefault(frozenset((a, b)), []).append(m)
    return pairs


def _meeting_line(G, m) -> str:
    d = G.nodes[m]
    place = next((G.nodes[v].get("name") for _, v, a in G.out_edges(m, data=True)
                  if a.get("type") == "HELD_IN"), None)
    head = f"{d.get('date') or 'undated'} {d.get('kind')}" + (f" in {place}" if place else "")
    return head + "\n" + _evidence_text(G, m, limit=2)


def _dates_of(G, person) -> str:
    dates = sorted(G.nodes[m].get("date") for _, m, a in G.out_edges(person, data=True)
                   if a.get("type") == "ATTENDED" and G.nodes[m].get("date"))
    return f" ({dates[0]} … {dates[-1]})" if dates else ""


def find_node(G: nx.MultiDiGraph, name: str) -> str:
    """Node id for a name, alias or id (case- and spelling-insensitive)."""
    from diplograph.graph.names import fold

    if name in G:
        return name
    key = fold(name)
    for n, d in G.nodes(data=True):
        if fold(d.get("name") or "") == key or any(fold(a) == key for a in d.get("aliases") or []):
            return n
    raise KeyError(name)


def ego_view(G: nx.MultiDiGraph, focus: str, depth: int = 2, seed: int = 42) -> Network:
    """The person graph around one actor, ``depth`` meetings away."""
    P = person_projection(G)
    centre = find_node(G, focus)
    near = nx.single_source_shortest_path_length(P, centre, cutoff=depth) if centre in P else {}
    name = G.nodes[centre].get("name") or centre
    return person_view(G, seed=seed, nodes=set(near) | {centre},
                       title=f"Ego network of {name} (depth {depth})")


def _evidence_text(G, meeting, limit: int = 4) -> str:
    bits = []
    for _, art, a in G.out_edges(meeting, data=True):
        if a.get("type") == "REPORTED_IN":
            quote = a.get("quote") or "(curated fact, no quote)"
            bits.append(f"{G.nodes[art].get('title') or art}: {quote}")
    return "\n".join(bits[:limit])


def full_view(G: nx.MultiDiGraph, seed: int = 42, date_range: tuple | None = None) -> Network:
    """Actors (persons, states) and meetings: the bipartite actor–meeting graph."""
    keep = set()
    for n, d in G.nodes(data=True):
        if d.get("label") != "Meeting":
            continue
        if date_range and d.get("date") and not (date_range[0] <= d["date"][:len(date_range[0])]
                                                 and d["date"][:len(date_range[1])] <= date_range[1]):
            continue
        keep.add(n)
        keep.update(u for u, _, k in G.in_edges(n, keys=True) if k == "ATTENDED")
    B = nx.MultiDiGraph(G.subgraph(keep))
    roles = _roles(G)
    sizes = {n: B.degree(n) for n in B}
    extra = {n: {"date": d.get("date") or ""} for n, d in B.nodes(data=True)
             if d["label"] == "Meeting"}
    colours = {n: LABEL_COLOURS.get(B.nodes[n]["label"], "#999") for n in B}
    titles, labels = {}, {}
    for n, d in B.nodes(data=True):
        if d["label"] == "Meeting":
            labels[n] = f"{d.get('kind')} {d.get('date') or ''}".strip()
            titles[n] = (f"{d.get('kind')} ({d.get('status')}), {d.get('date') or 'undated'}\n"
                         + _evidence_text(G, n))
        elif d["label"] == "Person":
            labels[n] = d.get("name") or n
            titles[n] = _person_title({**d, "roles": roles.get(n)})
        else:
            labels[n] = d.get("name") or n
            titles[n] = f"{d.get('name')} ({d['label']})"
    edges = [(u, v, {"title": f"{a.get('role')} on behalf of {a.get('on_behalf_of') or '?'}",
                     "arrows": "to"}) for u, v, a in B.edges(data=True)]
    legend = [(k, c) for k, c in LABEL_COLOURS.items() if k in {"State", "Person", "Meeting"}]
    net = _net("Actors and meetings")
    net.date_filter = True
    return _finish(net, B, sizes, colours, titles, labels, legend, edges, _layout(B, seed), extra)


def _script_json(obj) -> str:
    """JSON safe to place inside <script>: no '<', '>' or '&' survive literally."""
    text = json.dumps(obj, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(net: Network) -> str:
    """The complete, self-contained page for a view."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_TEMPLATE.read_text(encoding="utf-8"))
    nodes = [{k: v for k, v in n.items() if k != "shape"} | {"shape": "dot"} for n in net.nodes]
    options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "edges": {"smooth": False, "color": {"inherit": "from"},
                  "scaling": {"min": 1, "max": 10}},
        "nodes": {"font": {"size": 16, "strokeWidth": 3, "strokeColor": "#ffffff"}},
    }
    return template.render(
        title=net.heading,
        legend=getattr(net, "legend", []),
        counts=(len(net.nodes), len(net.edges)),
        date_filter=getattr(net, "date_filter", False),
        vis_js=jinja2.utils.markupsafe.Markup(
            (_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")),
        vis_css=jinja2.utils.markupsafe.Markup(
            (_VIS_DIR / "vis-network.css").read_text(encoding="utf-8").replace("</style", "<\\/style")),
        data_json=jinja2.utils.markupsafe.Markup(
            _script_json({"nodes": nodes, "edges": net.edges, "options": options})),
    )


def write_view(net: Network, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(net), encoding="utf-8")
    return path
