"""Analytics on person graphs of 10k, 100k and 1M edges, side by side in one run: the
project's path (one networkx → igraph conversion shared by every measure), igraph's own
calls on a graph already in igraph, and networkx.

    python benchmarks/bench_analytics.py [--sizes 10000,100000,1000000] [--no-record]

Graphs are heavy-tailed (Barabási–Albert, 10 edges per new node: 1M edges = 100k nodes),
weighted 1-4, the same graph for all three. Each side runs in a fresh process so its peak
memory is its own; building the graph is not timed. The steps are those of the analytics
path: degree and strength, PageRank, betweenness from 200 sampled sources (the same
sources on every side), k-core, communities (Leiden; networkx has no Leiden of its own,
its Louvain stands in) and their modularity. networkx steps known to run for minutes at
1M edges are not run there; the table says so. The load average of the machine (shared
with other work) is recorded with each size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from common import ROOT, record, table

SAMPLES = 200
#: networkx steps not run at this size and above, with the reason shown in the table
NX_SKIP = {
    "betweenness": (1_000_000, "not run: over 11 minutes in an earlier run (igraph gives the "
                               "same numbers, tested)"),
    "communities": (1_000_000, "not run: networkx's Louvain took 264 s in an earlier run"),
}

SETUP = r'''
import json, random, resource, sys, time
sys.path.insert(0, {root!r})
import networkx as nx, numpy as np, igraph as ig, pandas  # loaded before any clock
import scipy.sparse, scipy.sparse.csgraph
n, m, side, samples, reps = {n}, {m}, {side!r}, {samples}, {reps}
skip = {skip!r}
G = nx.barabasi_albert_graph(n, m, seed=1)
for u, v in G.edges:
    G[u][v]["weight"] = 1 + (u + v) % 4
sources = random.Random(1).sample(list(G.nodes()), samples)
# every library call once on a small graph before any clock: first calls page code in
w = nx.barabasi_albert_graph(50, 3, seed=1)
h = ig.Graph(n=50, edges=list(w.edges))
h.pagerank(weights=[1.0] * h.ecount()); h.betweenness(sources=[0, 1]); h.coreness()
h.modularity(h.community_leiden(objective_function="modularity", n_iterations=2).membership)
nx.pagerank(w); nx.betweenness_centrality(w, k=5, seed=1); nx.core_number(w)
nx.community.modularity(w, nx.community.louvain_communities(w, seed=1))

res = {{}}
def step(name, fn):
    t = time.perf_counter()
    r = fn()
    res[name] = time.perf_counter() - t
    return r
'''

PROJECT = r'''
from diplograph.graph.analytics import (betweenness, kcore_table, leiden_communities,
                                        modularity, pagerank, to_igraph)
step("leiden, converting itself", lambda: leiden_communities(G, seed=1))
conv = step("convert", lambda: to_igraph(G, weight="weight"))
step("degree", lambda: (dict(G.degree()), dict(G.degree(weight="weight"))))
step("pagerank", lambda: pagerank(conv, backend="igraph"))
step("betweenness", lambda: betweenness(conv, k=samples, seed=1, backend="igraph"))
step("k-core", lambda: kcore_table(conv))
blocs = step("communities", lambda: leiden_communities(conv, seed=1))
res["Q"] = step("modularity", lambda: modularity(conv, blocs))
res["blocs"] = len(blocs)
'''

IGRAPH = r'''
nodes = list(G)
idx = {{v: i for i, v in enumerate(nodes)}}
g = ig.Graph(n=len(nodes), edges=[(idx[u], idx[v]) for u, v in G.edges])
g.es["weight"] = [d["weight"] for _, _, d in G.edges(data=True)]
src = [idx[s] for s in sources]
step("degree", lambda: (g.degree(), g.strength(weights="weight")))
step("pagerank", lambda: g.pagerank(weights="weight"))
step("betweenness", lambda: g.betweenness(directed=False, sources=src))
step("k-core", lambda: g.coreness())
random.seed(1)
part = step("communities", lambda: g.community_leiden(objective_function="modularity",
                                                      weights="weight", n_iterations=2))
res["Q"] = step("modularity", lambda: g.modularity(part.membership, weights="weight"))
res["blocs"] = len(part)
'''

NETWORKX = r'''
step("degree", lambda: (dict(G.degree()), dict(G.degree(weight="weight"))))
step("pagerank", lambda: nx.pagerank(G, weight="weight", tol=1e-10, max_iter=1000))
if "betweenness" not in skip:
    step("betweenness", lambda: nx.betweenness_centrality(G, k=samples, seed=1))
step("k-core", lambda: nx.core_number(G))
if "communities" not in skip:
    blocs = step("communities", lambda: nx.community.louvain_communities(G, weight="weight",
                                                                         seed=1))
    res["Q"] = step("modularity", lambda: nx.community.modularity(G, blocs, weight="weight"))
    res["blocs"] = len(blocs)
'''

SIDES = {"project": PROJECT, "igraph": IGRAPH, "networkx": NETWORKX}
STEPS = ["leiden, converting itself", "convert", "degree", "pagerank", "betweenness", "k-core", "communities", "modularity"]
PATH = ["convert", "degree", "pagerank", "betweenness", "k-core", "communities"]
WHAT = {"project": "project (diplograph.graph.analytics)", "igraph": "igraph's own calls",
        "networkx": "networkx"}
TAIL = """
out = {"edges": G.number_of_edges(), **res, "runs": [res]}
for _ in range(reps - 1):  # best of reps: each run starts from the networkx graph again
    res = {}
    exec(body)
    out["runs"].append(res)
    out.update({k: min(r[k] for r in out["runs"]) for k in res if k not in ("Q", "blocs")})
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def run(side: str, edges: int, timeout: int, reps: int) -> dict:
    m = 10
    skip = [s for s, (limit, _) in NX_SKIP.items() if edges >= limit] if side == "networkx" else []
    code = (SETUP.format(root=str(ROOT), n=edges // m + m, m=m, side=side, samples=SAMPLES,
                         skip=skip, reps=reps)
            + f"body = {SIDES[side].format()!r}\nexec(body)\n" + TAIL)
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout} s, stopped"}
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1][:100]}
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["skipped"] = skip
    return res


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--timeout", type=int, default=1200)
    ap.add_argument("--reps", type=int, default=3,
                    help="best of this many runs for the project and igraph below 1M edges "
                         "(networkx and 1M edges: one run)")
    ap.add_argument("--no-record", action="store_true", help="print, do not append to results.md")
    args = ap.parse_args(argv)
    rows, summary, loads = [], [], []
    for edges in [int(x) for x in args.sizes.split(",")]:
        before = os.getloadavg()
        reps = {side: 1 if side == "networkx" or edges >= 1_000_000 else args.reps
                for side in SIDES}
        res = {side: run(side, edges, args.timeout, reps[side]) for side in SIDES}
        after = os.getloadavg()
        loads.append(f"{edges:,} edges: {before[0]:.2f} before, {after[0]:.2f} after "
                     f"(1-minute load average; 5-minute {after[1]:.2f})")
        for step in STEPS:
            row = [f"{edges:,}", step]
            for side in SIDES:
                r = res[side]
                if "error" in r:
                    row.append(r["error"])
                elif step in r:
                    row.append(round(r[step], 3))
                elif step in r.get("skipped", []):
                    row.append(NX_SKIP[step][1])
                else:
                    row.append("-")
            rows.append(row)
        p, i, x = res["project"], res["igraph"], res["networkx"]
        if "error" in p or "error" in i:
            summary.append(f"{edges:,} edges: failed ({p.get('error') or i.get('error')})")
            continue
        path = sum(p[s] for s in PATH)
        ig_path = sum(i[s] for s in PATH if s in i)
        leiden = p["leiden, converting itself"]
        line = (f"{edges:,} edges ({p['edges']:,} in the graph): the project's analytics path "
                f"{path:.2f} s (peak {p['rss_mb']:.0f} MB), igraph's own calls {ig_path:.2f} s "
                f"(peak {i['rss_mb']:.0f} MB, graph already in igraph); the project's Leiden "
                f"from the networkx graph (its own conversion included) {leiden:.2f} s against igraph's own {i['communities']:.2f} s "
                f"({leiden / i['communities']:.2f}×), modularity {p['Q']:.4f} "
                f"({p['blocs']} blocs) against {i['Q']:.4f} ({i['blocs']} blocs), "
                f"difference {p['Q'] - i['Q']:+.4f}")
        if "error" in x:
            line += f"; networkx failed: {x['error']}"
        else:
            done = [s for s in PATH if s in x]
            line += (f"; networkx {sum(x[s] for s in done):.2f} s for "
                     f"{', '.join(done)} (peak {x['rss_mb']:.0f} MB)")
            if "Q" in x:
                line += f", Louvain modularity {x['Q']:.4f} ({x['blocs']} blocs)"
        summary.append(line + ".")
        print(summary[-1], flush=True)
    body = (f"Barabási–Albert graphs (10 edges per new node, weights 1–4), betweenness from "
            f"{SAMPLES} sampled sources, Leiden with the modularity objective and 2 iterations "
            "(seed 1) on both sides; networkx has no Leiden of its own, so its column shows "
            "Louvain. Seconds per step; building the graph is not timed. The project's "
            "`convert` is its one networkx → igraph conversion (`to_igraph`), which the other "
            "steps reuse; igraph's own calls start from a graph already in igraph. "
            "`leiden, converting itself` is `leiden_communities` called on the networkx graph "
            "alone (conversion, graph building, the connectivity check included): the number "
            "the 2× target is about. Below 1M edges the project's and igraph's columns are the "
            f"best of {args.reps} runs, each from the networkx graph again; networkx and "
            "everything at 1M edges ran once.\n\n"
            + table(["edges", "step"] + [WHAT[s] for s in SIDES], rows)
            + "\n\n" + "\n\n".join(summary)
            + "\n\nLoad average during each size (the machine is shared): "
            + "; ".join(loads) + ".")
    if args.no_record:
        print(body)
    else:
        record("Analytics", body)


if __name__ == "__main__":
    main()
