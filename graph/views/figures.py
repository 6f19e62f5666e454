"""Static figures for reports: the state graph and a timeline of visits per month
between two states. Functions return matplotlib :class:`~matplotlib.figure.Figure`
objects (no pyplot, no backend chosen here, so notebooks show them inline); writing PNG
and SVG is :func:`diplograph.loaders.exports.write_figure`'s job. Text is sized for print
and states keep the colours of the HTML views.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
from matplotlib.figure import Figure

from diplograph.graph.analytics.timeline import month_range, visit_rows
from diplograph.graph.projections import state_projection
from diplograph.graph.views.colours import state_colour

__all__ = ["state_figure", "timeline_figure", "monthly_visits", "MAX_EDGE_LABELS"]

MAX_EDGE_LABELS = 20  # the state figure numbers this many edges at most (the busiest)


def _node_area(strength: float, top: float) -> float:
    return 250 + 2250 * (strength / top if top else 0)


def state_figure(G: nx.MultiDiGraph, seed: int = 42,
                 title: str = "Visits between states") -> Figure:
    """States sized by strength (visits made + received, legend of sizes), coloured as in
    the views, arrows labelled with the number of visits."""
    S = state_projection(G)
    S = S.subgraph([n for n in S if S.degree(n)]).copy()
    fig = Figure(figsize=(9.5, 6.5))
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title, fontsize=15)
    if S.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no visits in these data", ha="center", fontsize=13)
        return fig
    pos = nx.spring_layout(nx.Graph(S), seed=seed, k=1.6 / max(1, len(S)) ** 0.5)
    strength = dict(S.degree(weight="count"))
    top = max(strength.values()) or 1
    nodes = list(S)
    areas = [_node_area(strength[n], top) for n in nodes]
    nx.draw_networkx_nodes(S, pos, ax=ax, nodelist=nodes, node_size=areas,
                           node_color=[state_colour(n) for n in nodes], edgecolors="#333333",
                           linewidths=1.0, alpha=0.9)
    counts = nx.get_edge_attributes(S, "count")
    cmax = max(counts.values())
    size_of = dict(zip(nodes, areas))
    for (u, v), c in counts.items():
        nx.draw_networkx_edges(S, pos, ax=ax, edgelist=[(u, v)], width=0.6 + 5 * c / cmax,
                               arrows=True, arrowsize=16, edge_color="#555555",
                               alpha=1.0 if len(counts) <= MAX_EDGE_LABELS else 0.35,
                               connectionstyle="arc3,rad=0.15", node_size=[size_of[u], size_of[v]],
                               nodelist=[u, v])
    if len(counts) > MAX_EDGE_LABELS:  # dense: label only the busiest pairs
        busiest = sorted(counts, key=lambda e: (-counts[e], str(e)))[:MAX_EDGE_LABELS]
        shown = {e: counts[e] for e in busiest}
        ax.text(0.0, -0.02, f"numbers on the {MAX_EDGE_LABELS} busiest of {len(counts)} "
                "directions", transform=ax.transAxes, fontsize=9, color="#444444")
    else:
        shown = counts
    nx.draw_networkx_edge_labels(S, pos, ax=ax, edge_labels=shown, font_size=10,
                                 connectionstyle="arc3,rad=0.15", label_pos=0.4,
                                 bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
    ys = [p[1] for p in pos.values()]
    dy = 0.06 * ((max(ys) - min(ys)) or 1)
    for n in nodes:  # names beside (below) the node, never over a small disc
        x, y = pos[n]
        r = (size_of[n] ** 0.5) / 2 / 72 * 0.3  # rough disc radius in data units
        ax.text(x, y - dy - r, S.nodes[n].get("name") or n, ha="center", va="top", fontsize=11,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    ax.margins(0.12)
    sample = sorted({1, max(1, round(top / 2)), top})
    handles = [ax.scatter([], [], s=_node_area(s, top), color="#cccccc", edgecolors="#333333")
               for s in sample]
    ax.legend(handles, [str(s) for s in sample], title="visits made + received",
              loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, title_fontsize=9,
              labelspacing=3.6, borderpad=1.6, handletextpad=2.6, frameon=False, scatterpoints=1)
    fig.tight_layout()
    return fig


def monthly_visits(G: nx.MultiDiGraph, a: str, b: str) -> tuple[pd.DataFrame, dict]:
    """Visits per month in both directions between states ``a`` and ``b`` on a
    continuous month axis (months without visits are rows of zeros), and what could not
    be placed: ``{"year_only": n, "undated": n}``."""
    a, b = (s if s.startswith("state:") else f"state:{s}" for s in (a, b))
    df = visit_rows(G)
    df = df[((df.visitor == a) & (df.host == b)) | ((df.visitor == b) & (df.host == a))]
    dates = df["date"].fillna("")
    left_out = {"year_only": int((dates.str.len() == 4).sum()), "undated": int((dates == "").sum())}
    df = df[dates.str.len() >= 7].assign(month=lambda d: d["date"].str[:7])
    if df.empty:
        return pd.DataFrame(columns=["month", a, b]), left_out
    months = month_range(df["month"].min(), df["month"].max())
    table = pd.DataFrame({"month": months})
    for v, h in ((a, b), (b, a)):
        per = df[df.visitor == v].groupby("month").size()
        table[v] = [int(per.get(m, 0)) for m in months]
    return table, left_out


def timeline_figure(G: nx.MultiDiGraph, states: tuple[str, str] = ("RU", "KP")) -> Figure:
    """Visits per month between two states, on a continuous month axis, with a note on
    the visits dated only by year or not at all."""
    a, b = (s if s.startswith("state:") else f"state:{s}" for s in states)
    names = {n: d.get("name") or n for n, d in G.nodes(data=True) if d.get("label") == "State"}
    table, left_out = monthly_visits(G, a, b)
    fig = Figure(figsize=(10, 4.8))
    ax = fig.add_subplot()
    ax.set_title(f"Visits per month: {names.get(a, a)} and {names.get(b, b)}", fontsize=14)
    if table.empty:
        ax.text(0.5, 0.5, "no dated visits between these states", ha="center",
                transform=ax.transAxes, fontsize=12)
    else:
        x = pd.PeriodIndex(table["month"], freq="M").to_timestamp()
        width = pd.Timedelta(days=13)
        for i, (v, h) in enumerate(((a, b), (b, a))):
            ax.bar(x + (width if i else pd.Timedelta(0)), table[v], width=width, align="edge",
                   color=state_colour(v), label=f"{names.get(v, v)} → {names.get(h, h)}")
        ax.set_xlim(x.min() - pd.Timedelta(days=20), x.max() + pd.Timedelta(days=45))
        import matplotlib.dates as mdates

        span = len(table)
        step = 1 if span <= 12 else 3 if span <= 36 else 6 if span <= 72 else 12
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.xaxis.set_minor_locator(mdates.MonthLocator())
        for label in ax.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")
        ax.legend(fontsize=11, frameon=False)
    ax.set_ylabel("visits", fontsize=12)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylim(bottom=0)
    ax.spines[["top", "right"]].set_visible(False)
    bits = []
    if left_out["year_only"]:
        bits.append(f"{left_out['year_only']} dated only by year")
    if left_out["undated"]:
        bits.append(f"{left_out['undated']} undated")
    note = ("Not shown: " + ", ".join(bits) + " (visits between these states)."
            if bits else "Every visit between these states is dated to the month or day.")
    fig.text(0.01, 0.01, note, fontsize=9, color="#444444")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig

