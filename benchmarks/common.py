"""Shared helpers for the benchmark scripts: machine facts, tables, results.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.md"
WORK = ROOT / "benchmarks" / "work"
sys.path.insert(0, str(ROOT))


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except (OSError, IndexError):
        java = "no java"
    import networkx
    import igraph

    from diplograph.loaders.neo4j.server import NEO4J_VERSION

    return (f"{os.cpu_count()} cores, {mem}, Python {platform.python_version()}, "
            f"networkx {networkx.__version__}, igraph {igraph.__version__}, "
            f"Neo4j {NEO4J_VERSION} Community, {java}")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(headers: list[str], rows: list[list]) -> str:
    def fmt(v):
        if isinstance(v, float):
            return f"{v:,.2f}" if v < 100 else f"{v:,.0f}"
        if isinstance(v, int):
            return f"{v:,}"
        return str(v)
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def record(title: str, body: str) -> None:
    """Print and append a section to benchmarks/results.md."""
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    text = f"\n## {title}\n\n{stamp} · {machine()}\n\n{body}\n"
    print(text)
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nAppended by the scripts in benchmarks/; "
                           "newest last.\n", encoding="utf-8")
    with open(RESULTS, "a", encoding="utf-8") as fh:
        fh.write(text)


def _stat_cpu(stat: str, children: bool = False) -> float:
    """User + system CPU seconds in the text of a /proc stat file (with ``children``:
    and of its children that have ended and been waited for)."""
    fields = stat.rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, children: bool = False) -> float:
    """User + system CPU seconds of a process (Linux /proc); with ``children``, of the
    children it has waited for too."""
    with open(f"/proc/{pid}/stat") as fh:
        return _stat_cpu(fh.read(), children)


def thread_cpu(pid: int) -> "collections.Counter[str]":
    """CPU seconds of a process's threads, by name without its number (Linux /proc)."""
    import collections

    out: collections.Counter = collections.Counter()
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as fh:
                stat = fh.read()
        except OSError:  # the thread ended meanwhile
            continue
        out[stat[stat.index("(") + 1:stat.rindex(")")].rstrip("0123456789#- ")] += _stat_cpu(stat)
    return out
