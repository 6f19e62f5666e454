"""Extraction speed: articles per second on N generated articles (default 10,000),
one process and all cores.

    python benchmarks/bench_extract.py [--n 10000]
"""

from __future__ import annotations

import argparse
import os
import time
from multiprocessing import Pool

from common import record, table

from generate import iter_articles


def _work(chunk):
    from diplograph.loaders.articles import _from_text
    from diplograph.loaders.extract import extract_article
    from diplograph.loaders.extract.lexicon import build_lexicon

    lex = build_lexicon()
    events = 0
    for i, a in chunk:
        art = _from_text(f"gen-{i}", a["text"], a["url"])
        art.published = a["published"]
        evs, _ = extract_article(art, lex)
        events += len(evs)
    return events


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args(argv)
    arts = list(enumerate(iter_articles(args.n, seed=3)))
    chars = sum(len(a["text"]) for _, a in arts)
    _work(arts[:20])  # warm the gazetteer and regex caches
    rows = []
    t = time.perf_counter()
    ev1 = _work(arts)
    one = time.perf_counter() - t
    rows.append(["1 process", args.n, ev1, round(one, 2), args.n / one])
    cores = os.cpu_count() or 1
    chunks = [arts[i::cores * 4] for i in range(cores * 4)]
    t = time.perf_counter()
    with Pool(cores) as pool:
        evn = sum(pool.map(_work, chunks))
    allc = time.perf_counter() - t
    rows.append([f"{cores} processes", args.n, evn, round(allc, 2), args.n / allc])
    # the real sample articles (3.7 kB each), repeated: a harder, longer text
    from pathlib import Path

    from diplograph.loaders.articles import iter_articles as read_articles
    from diplograph.loaders.extract import extract_article
    from diplograph.loaders.extract.lexicon import build_lexicon

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if seeds.exists():
        real = list(read_articles([seeds]))
        lex = build_lexicon()
        reps = max(1, 1000 // len(real))
        mb = reps * sum(len(a.text.encode()) for a in real) / 1e6
        t, c = time.perf_counter(), time.process_time()
        evr = sum(len(extract_article(a, lex)[0]) for _ in range(reps) for a in real)
        took, cpu = time.perf_counter() - t, time.process_time() - c
        rows.append(["1 process, sample articles (wall)", reps * len(real), evr, round(took, 2),
                     reps * len(real) / took])
        rows.append(["1 process, sample articles (CPU s = per core)", reps * len(real), evr,
                     round(cpu, 2), reps * len(real) / cpu])
        extra = (f"\n\nSample articles: {mb / reps * 1000 / len(real):,.1f} kB each on average; "
                 f"{mb / cpu:,.2f} MB per CPU second. Load average at the end: "
                 f"{os.getloadavg()[0]:.2f} (other work on the machine slows the wall clock, "
                 "not the CPU seconds).")
    else:
        extra = ""
    body = (f"{args.n:,} generated articles (German and English, {chars / args.n:,.0f} "
            f"characters on average), seed 3.\n\n"
            + table(["run", "articles", "events", "seconds", "articles/s"], rows) + extra)
    record("Extraction", body)


if __name__ == "__main__":
    main()
