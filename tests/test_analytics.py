"""Analytics checked on graphs with known answers and against igraph; the docstring
examples of the public analytics API run here as doctests."""

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
    to_igraph,
    undirected_weighted,
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


# --- Leiden on igraph, one conversion, docstring examples -------------------------------

def _weighted_ba(n, m, seed):
    G = nx.barabasi_albert_graph(n, m, seed=seed)
    for u, v in G.edges:
        G[u][v]["count"] = 1 + (u * 3 + v) % 4
    return G


def test_leiden_is_igraphs_own_call_with_the_modularity_objective():
    import random

    import igraph as ig

    G = _weighted_ba(2000, 4, seed=5)
    nodes = sorted(G, key=str)
    idx = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(idx[u], idx[v]) for u, v in G.edges])
    g.es["weight"] = [G[u][v]["count"] for u, v in G.edges]
    ig.set_random_number_generator(random.Random(3))
    try:
        theirs = g.community_leiden(objective_function="modularity", weights="weight",
                                    n_iterations=2)
    finally:
        ig.set_random_number_generator(random)
    ours = leiden_communities(G, weight="count", seed=3)
    assert _sorted(ours) == _sorted({nodes[i] for i in c} for c in theirs)
    assert modularity(G, ours, weight="count") == pytest.approx(
        g.modularity(theirs.membership, weights="weight"), abs=1e-12)
    assert all(nx.is_connected(G.subgraph(b)) for b in ours)


def test_leiden_leaves_pythons_random_state_alone_and_ignores_build_order():
    import random

    G = _weighted_ba(500, 3, seed=8)
    random.seed(11)
    expected = random.random()
    random.seed(11)
    first = leiden_communities(G, weight="count", seed=4)
    assert random.random() == expected
    edges = list(G.edges(data=True))
    random.Random(2).shuffle(edges)
    H = nx.Graph()
    H.add_edges_from((v, u, d) for u, v, d in edges)  # other node order, other edge order
    assert leiden_communities(H, weight="count", seed=4) == first
    assert leiden_communities(G, weight="count", seed=5) != first or len(first) == 1


def test_a_disconnected_community_is_split_into_its_parts():
    from diplograph.graph.analytics.blocs import _connected_parts

    conv = to_igraph(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")]))
    parts = _connected_parts(conv, [0, 0, 0, 0, 0])
    assert _sorted(conv.sets(parts)) == [["a", "b"], ["c", "d", "e"]]
    assert _connected_parts(conv, [0, 0, 1, 1, 1]) == [0, 0, 1, 1, 1]


@pytest.mark.parametrize("kind", [nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph])
def test_conversion_folds_as_networkx_does(kind):
    G = kind()
    G.add_edge("b", "a", count=2)
    G.add_edge("a", "b", count=3)
    G.add_edge("c", "a")  # no weight: counts 1
    G.add_edge("c", "c", count=7)  # self-loop
    G.add_edge("c", "d", count=0)
    G.add_edge("c", "d", count=4)
    G.add_node("e")
    conv = to_igraph(G, weight="count")
    assert conv.nodes == ["a", "b", "c", "d", "e"]
    # the graph in its own direction, parallel edges summed (multigraphs) or the last kept
    g = conv.simple()
    got = {(conv.nodes[e.source], conv.nodes[e.target]): w
           for e, w in zip(g.es, conv.weights("count"))}
    want = {}
    for u, v, d in G.edges(data=True):
        key = (u, v) if G.is_directed() else tuple(sorted((u, v)))
        w = d.get("count", 1)
        want[key] = want.get(key, 0) + w if G.is_multigraph() else w
    assert got == want and g.is_directed() == G.is_directed()
    # the undirected graph Leiden sees is networkx's undirected_weighted
    u = conv.undirected()
    got = {tuple(sorted((conv.nodes[e.source], conv.nodes[e.target]))): w
           for e, w in zip(u.es, conv.undirected_weights("count"))}
    H = undirected_weighted(G, weight="count")
    assert got == {tuple(sorted((a, b))): d["weight"] for a, b, d in H.edges(data=True)}


def test_one_conversion_serves_every_measure():
    G = nx.gnm_random_graph(400, 1600, seed=9, directed=True)
    for u, v in G.edges:
        G[u][v]["count"] = 1 + (u + 2 * v) % 3
    conv = to_igraph(G, weight="count")
    assert (pagerank(conv, weight="count", backend="igraph")
            == pagerank(G, weight="count", backend="igraph"))
    assert (betweenness(conv, k=40, seed=2, backend="igraph")
            == betweenness(G, k=40, seed=2, backend="igraph"))
    assert leiden_communities(conv, weight="count") == leiden_communities(G, weight="count")
    blocs = leiden_communities(conv, weight="count")
    assert modularity(conv, blocs, weight="count") == pytest.approx(
        nx.community.modularity(undirected_weighted(G, "count"), blocs), abs=1e-12)
    assert kcore_table(conv).equals(kcore_table(G))
    assert conv.undirected() is conv.undirected()  # made once, kept
    assert conv.weights("count") is conv.weights("count")
    # a weight other than the one converted with is read on demand, not confused
    pr = pagerank(conv, weight=None, backend="igraph")
    assert pr == pytest.approx(pagerank(G, weight=None, backend="networkx"), abs=1e-6)


def test_kcore_on_igraph_matches_networkx():
    G = nx.gnm_random_graph(300, 1500, seed=4)
    G.add_edge(5, 5)
    H = G.copy()
    H.remove_edges_from(nx.selfloop_edges(H))
    assert kcore_table(G).set_index("id")["core"].to_dict() == nx.core_number(H)


def test_modularity_refuses_blocs_that_are_not_a_partition():
    G = nx.path_graph(4)
    with pytest.raises(ValueError, match="not a partition"):
        modularity(G, [{0, 1}, {2}])
    with pytest.raises(ValueError, match="not a partition"):
        modularity(G, [{0, 1, 2}, {2, 3}])


def test_centrality_table_on_a_converted_graph_equals_the_networkx_graph():
    G = nx.gnm_random_graph(6000, 60000, seed=1)  # above IGRAPH_MIN_EDGES: igraph path
    for u, v in G.edges:
        G[u][v]["weight"] = 1 + (u + v) % 4
    assert centrality_table(to_igraph(G)).equals(centrality_table(G))


def _docstring_examples():
    import doctest

    from diplograph.graph.analytics import blocs, centrality, igraph_bridge

    finder = doctest.DocTestFinder()
    for module in (blocs, centrality, igraph_bridge):
        for test in finder.find(module):
            if test.examples:
                yield pytest.param(test, id=test.name.removeprefix("diplograph.graph.analytics."))


@pytest.mark.parametrize("test", list(_docstring_examples()))
def test_docstring_examples_run(test):
    import doctest

    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)


def test_conversion_reads_subgraph_views_as_copies():
    G = _weighted_ba(300, 3, seed=6)
    D = nx.DiGraph(G)
    for H in (G, D):
        view = H.subgraph([n for n in H if n % 7])  # a filtered view, as the views pass in
        a, b = to_igraph(view, "count"), to_igraph(view.copy(), "count")
        assert a.nodes == b.nodes and (a.src == b.src).all() and (a.dst == b.dst).all()
        assert (a.weights("count") == b.weights("count")).all()
        assert leiden_communities(view, weight="count") == leiden_communities(view.copy(),
                                                                               weight="count")


def test_a_graph_changed_after_conversion_is_refused_not_misread():
    G = nx.path_graph(5)
    conv = to_igraph(G, weight=None)
    G.add_edge(0, 4, count=3)
    with pytest.raises(ValueError, match="convert it again"):
        conv.weights("count")
