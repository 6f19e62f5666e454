"""Analytics checked on graphs with known answers and against igraph."""

from __future__ import annotations

import networkx as nx
import pytest

from diplograph.graph.analytics import (
    betweenness,
    bloc_moves,
    bloc_table,
    centrality_table,
    exchanges_per_window,
    kcore_table,
    leiden_communities,
    louvain_communities,
    modularity,
    pagerank,
    window_of,
)
from diplograph.graph.records import build_graph
from diplograph.graph.projections import person_projection, state_projection
from diplograph.graph.model import Event


def test_centrality_on_a_hand_computed_star():
    # b receives visits from a and c and visits d twice: in 2, out 1 (strength 3)
    G = nx.DiGraph()
    G.add_edge("a", "b", count=1)
    G.add_edge("c", "b", count=1)
    G.add_edge("b", "d", count=2)
    df = centrality_table(G, weight="count").set_index("id")
    assert (df.loc["b", "in_degree"], df.loc["b", "out_degree"]) == (2, 1)
    assert (df.loc["b", "in_strength"], df.loc["b", "out_strength"], df.loc["b", "strength"]) == (2, 2, 4)
    # directed shortest paths through b: a->d and c->d, out of 4*3 ordered pairs
    assert df.loc["b", "betweenness"] == pytest.approx(2 / 6)
    assert df.index[0] == "b"


def test_path_betweenness_and_closeness():
    P = nx.path_graph(["x", "y", "z"])
    df = centrality_table(P).set_index("id")
    assert df.loc["y", "betweenness"] == pytest.approx(1.0)
    assert df.loc["y", "closeness"] == pytest.approx(1.0)
    assert df.loc["x", "closeness"] == pytest.approx(2 / 3)


def test_output_is_deterministic():
    G = nx.gnm_random_graph(60, 200, seed=3)
    assert centrality_table(G).equals(centrality_table(G.copy()))


def test_igraph_backend_matches_networkx():
    G = nx.gnm_random_graph(1500, 6000, seed=7, directed=True)
    for u, v in G.edges:
        G[u][v]["weight"] = 1 + (u * 7 + v) % 5
    a = pagerank(G, backend="networkx")
    b = pagerank(G, backend="igraph")
    assert max(abs(a[n] - b[n]) for n in G) < 1e-6
    U = G.to_undirected()
    x = betweenness(U, backend="networkx")
    y = betweenness(U, backend="igraph")
    assert max(abs(x[n] - y[n]) for n in U) < 1e-9


def test_sampled_betweenness_on_igraph_matches_networkx():
    # the same sources and the same estimator: identical up to float rounding
    for G in (nx.gnm_random_graph(1200, 5000, seed=2),
              nx.gnm_random_graph(900, 5000, seed=3, directed=True)):
        a = betweenness(G, k=80, seed=5, backend="networkx")
        b = betweenness(G, k=80, seed=5, backend="igraph")
        assert max(abs(a[n] - b[n]) for n in G) < 1e-12


def test_curated_centrality_agrees_with_igraph(curated_graph):
    import igraph as ig

    for P in (state_projection(curated_graph), person_projection(curated_graph)):
        nodes = list(P.nodes)
        idx = {n: i for i, n in enumerate(nodes)}
        H = ig.Graph(n=len(nodes), edges=[(idx[u], idx[v]) for u, v in P.edges],
                     directed=P.is_directed())
        H.es["weight"] = [P[u][v]["count"] for u, v in P.edges]
        ours = pagerank(P, weight="count", backend="networkx")
        theirs = dict(zip(nodes, H.pagerank(weights="weight")))
        assert max(abs(ours[n] - theirs[n]) for n in nodes) < 1e-6
        n = len(nodes)
        raw = dict(zip(nodes, H.betweenness(directed=P.is_directed())))
        scale = 1 / ((n - 1) * (n - 2)) * (1 if P.is_directed() else 2)
        ours_b = betweenness(P, backend="networkx")
        assert all(abs(ours_b[k] - raw[k] * scale) < 1e-9 for k in nodes)


def test_sampled_betweenness_is_seeded():
    G = nx.gnm_random_graph(300, 1200, seed=1)
    assert betweenness(G, k=50, seed=4) == betweenness(G, k=50, seed=4)


def test_russia_and_north_korea_are_the_most_central_states(curated_graph):
    S = state_projection(curated_graph)
    df = centrality_table(S.subgraph([n for n in S if S.degree(n)]), weight="count")
    assert list(df["id"][:2]) == ["state:KP", "state:RU"]
    # why: of 31 happened visits between states, 24 run between these two ...
    total = sum(d["count"] for *_, d in S.edges(data=True))
    between = S["state:KP"]["state:RU"]["count"] + S["state:RU"]["state:KP"]["count"]
    assert (between, total) == (24, 31)
    # ... and North Korea is an end of every exchange but Russia–China, so it also
    # lies on most shortest paths and ranks first by PageRank
    assert all("state:KP" in (u, v) for u, v in S.edges if {u, v} != {"state:RU", "state:CN"})
    top = df.set_index("id")
    assert top.loc["state:KP", "betweenness"] > top.loc["state:RU", "betweenness"] > 0
    assert top["pagerank"].idxmax() == "state:KP"


def test_leiden_and_louvain_on_karate_club():
    G = nx.Graph(nx.karate_club_graph().edges())  # unweighted: known optimum Q = 0.4198
    lei = leiden_communities(G, seed=1)
    lou = louvain_communities(G, seed=1)
    assert modularity(G, lei) == pytest.approx(0.4198, abs=2e-3)  # the known optimum
    assert modularity(G, lou) > 0.38
    assert all(nx.is_connected(G.subgraph(b)) for b in lei)
    assert leiden_communities(G, seed=1) == lei  # seeded: same answer twice


def test_leiden_recovers_a_planted_partition():
    G = nx.planted_partition_graph(4, 25, 0.5, 0.01, seed=2)
    truth = _sorted([set(range(i * 25, (i + 1) * 25)) for i in range(4)])
    assert _sorted(leiden_communities(G, seed=0)) == truth


def _sorted(blocs):
    return sorted(sorted(b) for b in blocs)


def test_bloc_table_shares():
    G = nx.Graph()
    G.add_edge("a", "b", weight=3)
    G.add_edge("c", "d", weight=3)
    G.add_edge("b", "c", weight=1)
    df = bloc_table(G, [{"a", "b"}, {"c", "d"}])
    assert list(df["inside"]) == [3, 3] and list(df["outside"]) == [1, 1]
    assert df["share_inside"][0] == pytest.approx(0.75)


def test_kcore():
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    df = kcore_table(G).set_index("id")
    assert df["core"].to_dict() == {"a": 2, "b": 2, "c": 2, "d": 1}


def test_windows():
    assert window_of("2023-09-13") == "2023Q3"
    assert window_of("2023-09", "month") == "2023-09"
    assert window_of("2023", "quarter") is None and window_of("2023", "year") == "2023"
    with pytest.raises(ValueError):
        window_of("2023-09", "fortnight")


def test_exchanges_per_quarter_russia_north_korea(curated_graph):
    df = exchanges_per_window(curated_graph, "RU", "KP")
    assert list(zip(df.window, df.exchanges)) == [("2023Q3", 4), ("2023Q4", 5), ("2024Q1", 8),
                                                  ("2024Q2", 6)]


def test_bloc_moves_detects_a_switch(gazetteer):
    def v(d, a, b):
        return Event(article="x", type="visit", date=d, visitor_state=a, host_state=b)
    events = ([v("2023-01", "CN", "KP")] * 1 + [v("2023-02", "KP", "CN"), v("2023-02", "RU", "BY"),
              v("2023-03", "BY", "RU")]
              + [v("2023-05", "CN", "RU"), v("2023-05", "RU", "CN"), v("2023-06", "KP", "BY"),
                 v("2023-06", "BY", "KP")])
    # distinct visits: give each its own person so they do not merge
    events = [e.model_copy(update={"participants": [f"P{i}"], "participant_states": {f"P{i}": e.visitor_state}})
              for i, e in enumerate(events)]
    G = build_graph(events, [], gazetteer)
    df = bloc_moves(G)
    q2 = df[df.window == "2023Q2"].set_index("state")
    assert bool(q2.loc["state:CN", "moved"]) and bool(q2.loc["state:KP", "moved"])
    assert q2.loc["state:CN", "mates"] == "state:RU"


def test_metrics_command(tmp_path):
    from click.testing import CliRunner

    from diplograph.cli import main

    res = CliRunner().invoke(main, ["metrics", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    for name in ("centrality.csv", "blocs.csv", "timeline.csv"):
        assert (tmp_path / name).stat().st_size > 0
    lines = res.output.splitlines()
    i = lines.index("top states by strength (betweenness, pagerank):")
    assert lines[i + 1].split()[:2] == ["North", "Korea"] and lines[i + 2].split()[0] == "Russia"
    assert any(l.startswith("person blocs (Leiden") for l in lines)
