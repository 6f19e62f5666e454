"""Run every benchmark at full size and append the results to benchmarks/results.md.

    python benchmarks/run_all.py          # or: make bench
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("bench_extract.py", "bench_large_input.py", "bench_analytics.py", "bench_load.py"):
    print(f"== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
