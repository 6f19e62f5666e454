"""Static figures for reports (PNG and SVG through matplotlib): the state graph and a
timeline of exchanges per month between chosen states. Text is sized for print."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

from diplograph.graph.analytics.timeline import visit_rows, window_of  # noqa: E402
from diplograph.graph.projections import state_projection  # noqa: E402

__all__ = ["state_figure", "timeline_figure", "save"]


def save(fig, base: str | Path) -> list[Path]:
    """Write ``base.png`` (200 dpi) and ``base.svg``; returns the paths."""
    base = Path(base)
    base.parent.mkdir(parents=True, exist_ok=True)
    paths = [base.with_suffix(".png"), base.with_suffix(".svg")]
    fig.savefig(paths[0], dpi=200, bbox_inches="tight")
    fig.savefig(paths[1], bbox_inches="tight")
    plt.close(fig)
    return paths


def state_figure(G: nx.MultiDiGraph, base: str | Path, seed: int = 42,
                 title: str = "Visits between states") -> list[Path]:
    S = state_projection(G)
    S = S.subgraph([n for n in S if S.degree(n)]).copy()
    fig, ax = plt.subplots(figsize=(8, 6))
    ax.set_axis_off()
    ax.set_title(title, fontsize=15)
    if S.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no visits in these data", ha="center", fontsize=13)
        return save(fig, base)
    pos = nx.spring_layout(nx.Graph(S), seed=seed, k=1.2 / max(1, len(S)) ** 0.5)
    strength = dict(S.degree(weight="count"))
    top = max(strength.values()) or 1
    nx.draw_networkx_nodes(S, pos, ax=ax, node_size=[300 + 2700 * strength[n] / top for n in S],
                           node_color="#9ecae1", edgecolors="#08519c", linewidths=1.2)
    counts = nx.get_edge_attributes(S, "count")
    cmax = max(counts.values())
    nx.draw_networkx_edges(S, pos, ax=ax, width=[1 + 6 * c / cmax for c in counts.values()],
                           edgelist=list(counts), arrows=True, arrowsize=18, edge_color="#555555",
                           connectionstyle="arc3,rad=0.12", node_size=1500)
    nx.draw_networkx_labels(S, pos, ax=ax, labels={n: S.nodes[n].get("name") or n for n in S},
                            font_size=12)
    nx.draw_networkx_edge_labels(S, pos, ax=ax, edge_labels=counts, font_size=10,
                                 connectionstyle="arc3,rad=0.12", label_pos=0.35)
    return save(fig, base)


def timeline_figure(G: nx.MultiDiGraph, base: str | Path, states: tuple[str, str] = ("RU", "KP"),
                    freq: str = "month") -> list[Path]:
    a, b = (s if s.startswith("state:") else f"state:{s}" for s in states)
    df = visit_rows(G)
    df["window"] = [window_of(d, freq) for d in df["date"]]
    df = df.dropna(subset=["window"])
    names = {n: d.get("name") or n for n, d in G.nodes(data=True) if d.get("label") == "State"}
    fig, ax = plt.subplots(figsize=(9, 4.5))
    series = {}
    for v, h in ((a, b), (b, a)):
        part = df[(df.visitor == v) & (df.host == h)]
        series[f"{names.get(v, v)} → {names.get(h, h)}"] = part.groupby("window").size()
    windows = sorted(set().union(*(s.index for s in series.values()))) or ["(none)"]
    width = 0.4
    for i, (label, s) in enumerate(series.items()):
        xs = [k + (i - 0.5) * width for k in range(len(windows))]
        ax.bar(xs, [int(s.get(w, 0)) for w in windows], width=width, label=label)
    ax.set_xticks(range(len(windows)), windows, rotation=45, ha="right", fontsize=10)
    ax.set_ylabel("visits", fontsize=12)
    ax.set_title(f"Visits per {freq}: {names.get(a, a)} and {names.get(b, b)}", fontsize=14)
    ax.legend(fontsize=11)
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return save(fig, base)
