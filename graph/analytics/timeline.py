"""Exchanges over time: per window (quarter by default; month or year), between two
states, each state's top partners, and which states moved between blocs."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from diplograph.graph.analytics.blocs import bloc_of, leiden_communities

__all__ = ["window_of", "visit_rows", "exchanges_per_window", "top_partners", "bloc_moves",
           "window_state_graph", "date_bounds", "in_window", "window_graph", "check_window",
           "month_range"]


def date_bounds(date: str | None) -> tuple[str, str] | None:
    """First and last day an ISO partial date covers, as sortable strings
    (``2024`` -> ``2024-01-01``, ``2024-12-31``); None when undated.

    >>> date_bounds("2024-02")
    ('2024-02-01', '2024-02-29')
    """
    if not date:
        return None
    import calendar

    y = int(date[:4])
    if len(date) >= 10:
        return date[:10], date[:10]
    if len(date) >= 7:
        m = int(date[5:7])
        return f"{date[:7]}-01", f"{date[:7]}-{calendar.monthrange(y, m)[1]:02d}"
    return f"{y:04d}-01-01", f"{y:04d}-12-31"


def check_window(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """Validate ``--from``/``--to`` (ISO partial dates); raises ValueError with the fix."""
    from diplograph.graph.model import check_partial_date

    for v in (start, end):
        check_partial_date(v)
    if start and end and date_bounds(start)[0] > date_bounds(end)[1]:
        raise ValueError(f"the window starts ({start}) after it ends ({end})")
    return start, end


def in_window(date: str | None, start: str | None = None, end: str | None = None) -> bool:
    """True when the whole span of ``date`` lies between ``start`` and ``end`` (partial
    dates, both ends included). Without bounds everything is in; with a bound an undated
    event is out, and so is a year-only one that only overlaps the window.

    >>> in_window("2024-02-10", "2024-01", "2024-03"), in_window("2024", "2024-01", "2024-06")
    (True, False)
    """
    if not start and not end:
        return True
    b = date_bounds(date)
    if b is None:
        return False
    if start and b[0] < date_bounds(start)[0]:
        return False
    if end and b[1] > date_bounds(end)[1]:
        return False
    return True


def window_graph(G: nx.MultiDiGraph, start: str | None = None, end: str | None = None):
    """``G`` without the meetings outside the window (and their relationships); every
    other node stays. Without bounds, ``G`` itself."""
    if not start and not end:
        return G
    drop = [n for n, d in G.nodes(data=True)
            if d.get("label") == "Meeting" and not in_window(d.get("date"), start, end)]
    H = G.copy()
    H.remove_nodes_from(drop)
    return H


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), empty months included."""
    return [str(p) for p in pd.period_range(first[:7], last[:7], freq="M")]


def window_of(date: str | None, freq: str = "quarter") -> str | None:
    """``2023-09`` -> ``2023Q3`` (quarter), ``2023-09`` (month), ``2023`` (year); None
    when the date is missing (None, NaN from a DataFrame) or too coarse for the window.

    Examples
    --------
    >>> window_of("2023-09"), window_of("2023-09-12", "month"), window_of("2023", "quarter")
    ('2023Q3', '2023-09', None)
    >>> window_of(float("nan")) is None
    True
    """
    if not isinstance(date, str) or not date:
        return None
    if freq == "year":
        return date[:4]
    if len(date) < 7:
        return None
    if freq == "month":
        return date[:7]
    if freq == "quarter":
        return f"{date[:4]}Q{(int(date[5:7]) - 1) // 3 + 1}"
    raise ValueError(f"unknown window {freq!r}: use quarter, month or year")


def visit_rows(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per happened visit: visitor, host, date."""
    rows = []
    for m, d in G.nodes(data=True):
        if d.get("label") != "Meeting" or d.get("status") != "happened":
            continue
        hosts = [v for _, v, a in G.out_edges(m, data=True) if a.get("type") == "HOSTED_BY"]
        visitors = [u for u, _, a in G.in_edges(m, data=True)
                    if a.get("type") == "ATTENDED" and a.get("role") == "visitor"
                    and G.nodes[u].get("label") == "State"]
        for v in visitors:
            for h in hosts:
                if v != h:
                    rows.append({"meeting": m, "visitor": v, "host": h, "date": d.get("date")})
    return pd.DataFrame(rows, columns=["meeting", "visitor", "host", "date"])


def exchanges_per_window(G: nx.MultiDiGraph, a: str | None = None, b: str | None = None,
                         freq: str = "quarter") -> pd.DataFrame:
    """Visits per window for every state pair (or only between ``a`` and ``b``, both
    directions), with the undatable ones left out."""
    df = visit_rows(G)
    df["window"] = [window_of(d, freq) for d in df["date"]]
    df = df.dropna(subset=["window"])
    if a and b:
        a, b = (x if x.startswith("state:") else f"state:{x}" for x in (a, b))
        df = df[((df.visitor == a) & (df.host == b)) | ((df.visitor == b) & (df.host == a))]
    pair = [" – ".join(sorted((v, h))) for v, h in zip(df.visitor, df.host)]
    df = df.assign(pair=pair)
    out = (df.groupby(["window", "pair"]).size().reset_index(name="exchanges")
           .sort_values(["window", "exchanges", "pair"], ascending=[True, False, True]))
    return out.reset_index(drop=True)


def top_partners(G: nx.MultiDiGraph, freq: str = "quarter", n: int = 3) -> pd.DataFrame:
    """Each state's ``n`` top partners per window (visits made plus received)."""
    df = visit_rows(G)
    df["window"] = [window_of(d, freq) for d in df["date"]]
    df = df.dropna(subset=["window"])
    both = pd.concat([
        df.rename(columns={"visitor": "state", "host": "partner"}),
        df.rename(columns={"host": "state", "visitor": "partner"}),
    ])
    counts = both.groupby(["window", "state", "partner"]).size().reset_index(name="exchanges")
    counts = counts.sort_values(["window", "state", "exchanges", "partner"],
                                ascending=[True, True, False, True])
    counts["rank"] = counts.groupby(["window", "state"]).cumcount() + 1
    return counts[counts["rank"] <= n].reset_index(drop=True)


def window_state_graph(G: nx.MultiDiGraph, window: str, freq: str = "quarter") -> nx.Graph:
    df = visit_rows(G)
    H = nx.Graph()
    for v, h, d in zip(df.visitor, df.host, df.date):
        if window_of(d, freq) == window:
            w = H.get_edge_data(v, h, {}).get("weight", 0) + 1
            H.add_edge(v, h, weight=w)
    return H


def bloc_moves(G: nx.MultiDiGraph, freq: str = "quarter", seed: int = 42) -> pd.DataFrame:
    """Per window, each state's bloc (Leiden on that window's visits) and whether it
    moved: it had bloc-mates in its last active window and shares none of them now."""
    df = visit_rows(G)
    windows = sorted({w for w in (window_of(d, freq) for d in df["date"]) if w})
    rows, prev = [], {}
    for w in windows:
        H = window_state_graph(G, w, freq)
        blocs = leiden_communities(H, seed=seed)
        which = bloc_of(blocs)
        mates = {n: frozenset(b) - {n} for b in blocs for n in b}
        for n in sorted(H.nodes):
            before = prev.get(n)
            rows.append({"window": w, "state": n, "bloc": which[n],
                         "mates": "; ".join(sorted(mates[n])),
                         "moved": bool(before) and bool(mates[n]) and not before & mates[n]})
        prev.update(mates)
    return pd.DataFrame(rows, columns=["window", "state", "bloc", "mates", "moved"])
