"""Analytics on person graphs of 10k, 100k and 1M edges: time and peak memory of each
centrality and community step, networkx against the faster path where networkx is slow.

    python benchmarks/bench_analytics.py [--sizes 10000,100000,1000000]

Each step runs in a fresh process so its peak memory is its own. Graphs are
heavy-tailed (Barabási–Albert, 10 edges per new node: 1M edges = 100k nodes), weighted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from common import ROOT, record, table

STEP = r'''
import json, resource, sys, time
sys.path.insert(0, {root!r})
import networkx as nx
from diplograph.graph.analytics import betweenness, pagerank, leiden_communities, louvain_communities, modularity
from diplograph.graph.analytics.blocs import kcore_table
import igraph, leidenalg, scipy.sparse  # imported before the clock starts
m = {m}
G = nx.barabasi_albert_graph({n}, m, seed=1)
for u, v in G.edges:
    G[u][v]["weight"] = 1 + (u + v) % 4
t = time.perf_counter()
extra = {{}}
step = {step!r}
if step == "degree":
    dict(G.degree(weight="weight"))
elif step == "pagerank networkx":
    pagerank(G, backend="networkx")
elif step == "pagerank igraph":
    pagerank(G, backend="igraph")
elif step == "betweenness sampled networkx":
    betweenness(G, k=200, seed=1, backend="networkx")
elif step == "betweenness sampled igraph":
    betweenness(G, k=200, seed=1, backend="igraph")
elif step == "betweenness exact igraph":
    betweenness(G, backend="igraph")
elif step == "betweenness sampled error":
    sub = G.subgraph(range(3000)).copy()
    exact = betweenness(sub, backend="networkx")
    approx = betweenness(sub, k=200, seed=1, backend="networkx")
    top = sorted(exact, key=exact.get, reverse=True)[:20]
    extra["max_abs_error"] = max(abs(exact[x] - approx[x]) for x in sub)
    extra["top20_overlap"] = len(set(top) & set(sorted(approx, key=approx.get, reverse=True)[:20]))
elif step == "k-core":
    kcore_table(G)
elif step == "leiden igraph":
    b = leiden_communities(G, seed=1)
    extra["modularity"] = round(modularity(G, b), 4)
    extra["blocs"] = len(b)
elif step == "louvain networkx":
    b = louvain_communities(G, seed=1)
    extra["modularity"] = round(modularity(G, b), 4)
    extra["blocs"] = len(b)
took = time.perf_counter() - t
print(json.dumps({{"seconds": took, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra}}))
'''

STEPS = ["degree", "pagerank networkx", "pagerank igraph", "betweenness sampled networkx",
         "betweenness sampled igraph", "betweenness exact igraph", "k-core", "leiden igraph",
         "louvain networkx"]


FAST = {"degree", "pagerank igraph", "betweenness sampled igraph", "k-core", "leiden igraph"}


def run(step: str, edges: int, timeout: int):
    m = 10
    n = edges // m + m
    code = STEP.format(root=str(ROOT), m=m, n=n, step=step)
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "rss_mb": None, "note": f"over {timeout} s, stopped"}
    if out.returncode != 0:
        return {"seconds": None, "rss_mb": None, "note": out.stderr.strip().splitlines()[-1][:80]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--timeout", type=int, default=900)
    args = ap.parse_args(argv)
    rows = []
    totals = {}
    for edges in [int(x) for x in args.sizes.split(",")]:
        for step in STEPS:
            if step == "betweenness exact igraph" and edges > 100_000:
                continue  # exact betweenness is O(nm): hours at 1M edges; sampled is used
            if step == "betweenness sampled networkx" and edges > 100_000:
                rows.append([f"{edges:,}", step, "-", "-", "not run: a first attempt was "
                             "stopped after 11 minutes; igraph gives the same numbers"])
                continue
            r = run(step, edges, args.timeout)
            note = r.get("note") or ", ".join(f"{k} {v}" for k, v in r.items()
                                              if k not in ("seconds", "rss_mb"))
            rows.append([f"{edges:,}", step, "-" if r["seconds"] is None else round(r["seconds"], 2),
                         "-" if r["rss_mb"] is None else round(r["rss_mb"]), note])
            if step in FAST and r["seconds"] is not None:
                totals[edges] = totals.get(edges, 0) + r["seconds"]
            print(rows[-1], flush=True)
    err = run("betweenness sampled error", 30_000, args.timeout)
    ratios = []
    by = {(r[0], r[1]): r[2] for r in rows}
    for e in sorted({r[0] for r in rows}, key=lambda x: int(x.replace(",", ""))):
        for a, b in (("pagerank networkx", "pagerank igraph"),
                     ("betweenness sampled networkx", "betweenness sampled igraph")):
            x, y = by.get((e, a)), by.get((e, b))
            if isinstance(x, float) and isinstance(y, float) and y > 0:
                ratios.append(f"{b.split()[0]} {x / y:,.0f}× at {e} edges")
    body = (table(["edges", "step", "seconds", "peak MB", "note"], rows)
            + "\n\nThe analytics path (degree, PageRank and communities on igraph/leidenalg, "
              "sampled betweenness, k-core) takes, per size: "
            + ", ".join(f"{k:,} edges {v:,.1f} s" for k, v in totals.items())
            + ".\n\nigraph against networkx (same numbers, tested): " + "; ".join(ratios)
            + f".\n\nSampled betweenness (200 sources) against exact on a 3,000-node subgraph: "
              f"largest absolute error {err.get('max_abs_error', float('nan')):.4f}, "
              f"{err.get('top20_overlap', '?')} of the exact top 20 in the sampled top 20.")
    record("Analytics", body)


if __name__ == "__main__":
    main()
