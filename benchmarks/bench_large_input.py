"""Very large input: one 20 MB article and one article that is a single 1 MB line.

Checks what tests/test_hostile.py checks on smaller files (both are read, evidence spans
hold, no quote longer than 1,500 characters) and records time and peak memory.

    python benchmarks/bench_large_input.py [--mb 20] [--line-mb 1]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import peak_rss_mb, record, table

# A sentence of our own, not from any article.
SENTENCE = "Sergej Lawrow reiste am Dienstag nach Pjöngjang und traf Kim Jong Un."


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--line-mb", type=float, default=1)
    args = ap.parse_args()
    from diplograph.loaders.extract import extract_paths

    with tempfile.TemporaryDirectory() as tmp:
        big, line = Path(tmp) / "big.txt", Path(tmp) / "line.txt"
        para = SENTENCE + " Beide Seiten sprachen über Handel und Energie.\n\n"
        big.write_text(para * int(args.mb * 1e6 // len(para.encode())), encoding="utf-8")
        line.write_text(("Lawrow traf Kim Jong Un in Pjöngjang " * 40000)[:int(args.line_mb * 1e6)],
                        encoding="utf-8")
        t0 = time.perf_counter()
        facts = extract_paths([big, line])
        took = time.perf_counter() - t0
        texts = {"big.txt": big.read_text(encoding="utf-8"), "line.txt": line.read_text(encoding="utf-8")}
        assert len(facts.articles) == 2
        bad = [e for e in facts.events
               if texts[e.article][e.evidence.start:e.evidence.end] != e.evidence.text
               or len(e.evidence.text) > 1500]
        assert not bad, f"{len(bad)} events with a wrong or over-long evidence span"
        mb = (big.stat().st_size + line.stat().st_size) / 1e6
    record("Very large input", table(
        ["input", "events", "seconds", "MB/s", "peak RSS MB"],
        [[f"{args.mb:g} MB article + {args.line_mb:g} MB single line", len(facts.events), took,
          mb / took, peak_rss_mb()]]))


if __name__ == "__main__":
    main()
