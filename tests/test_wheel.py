"""The wheel works on its own: built, installed into a fresh venv outside the checkout,
run from an empty folder (the way a new user meets diplograph)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT, shared


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True, text=True)
    wheels = list(dist.glob("diplograph-*.whl"))
    assert len(wheels) == 1, wheels
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q"]
    constraints = ROOT / "constraints.txt"
    if constraints.exists():
        pip += ["-c", str(constraints)]
    res = subprocess.run(pip + [str(wheels[0])], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-3000:]
    empty = base / "empty"
    empty.mkdir()
    return env_dir / "bin", empty


def _run(installed, *args, check=True):
    bindir, cwd = installed
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    res = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True)
    if check:
        assert res.returncode == 0, f"{args}: {res.stdout[-2000:]}\n{res.stderr[-2000:]}"
    return res


def test_wheel_holds_the_data_and_the_queries(installed):
    site = _run(installed, str(installed[0] / "python"), "-c",
                "import diplograph, pathlib; print(pathlib.Path(diplograph.__file__).parent)").stdout.strip()
    pkg = Path(site)
    assert str(ROOT) not in site, "imported from the checkout, not the wheel"
    assert (pkg / "data" / "gazetteer" / "states.jsonl").is_file()
    assert (pkg / "data" / "curated" / "events.jsonl").is_file()
    assert (pkg / "cypher" / "schema.cypher").is_file()
    assert len(list((pkg / "cypher" / "queries").glob("*.cypher"))) >= 15


def test_build_from_the_embedded_data_in_an_empty_folder(installed):
    _run(installed, "diplograph", "build", "--out", "out")
    out = installed[1] / "out"
    assert (out / "events.jsonl").stat().st_size > 0
    assert (out / "graph.html").is_file()


def test_extract_the_sample_articles(installed):
    seeds = shared("seeds")
    _run(installed, "diplograph", "extract", str(seeds), "--out", "ext")
    lines = (installed[1] / "ext" / "events.jsonl").read_text().splitlines()
    assert len(lines) >= 10


def test_query_list_has_the_library(installed):
    res = _run(installed, "diplograph", "query", "--list")
    names = [ln.split()[0] for ln in res.stdout.splitlines() if ln and not ln[0].isspace()]
    assert len(names) >= 15, res.stdout


def test_one_import_name(installed):
    py = str(installed[0] / "python")
    assert _run(installed, py, "-c", "import diplograph.graph.model, diplograph.loaders.gazetteer").returncode == 0
    for name in ("graph", "loaders"):
        res = _run(installed, py, "-c", f"import {name}", check=False)
        assert res.returncode != 0 and "ModuleNotFoundError" in res.stderr, name


def test_no_bare_top_level_imports_in_the_sources():
    import re

    bad = []
    for path in [*ROOT.glob("graph/**/*.py"), *ROOT.glob("loaders/**/*.py"),
                 *ROOT.glob("diplograph/**/*.py"), *ROOT.glob("tests/*.py"),
                 *ROOT.glob("benchmarks/*.py"), *ROOT.glob("notebooks/*.ipynb")]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r'^\s*"?\s*(from|import)\s+(graph|loaders)\b', line):
                bad.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not bad, "\n".join(bad)
