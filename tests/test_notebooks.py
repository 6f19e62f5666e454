"""The analyst notebooks run top to bottom (a failing cell fails the test), show their
figures (every cell tagged ``figure`` produces an image), read the package's loaders and
take their input folder as a parameter; they are stored without outputs."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ["centrality.ipynb", "blocs.ipynb", "cypher.ipynb"]


def execute(name: str, env: dict | None = None):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    old = dict(os.environ)
    try:
        for key in ("NEO4J_URI", "DIPLOGRAPH_INPUT", "MPLBACKEND"):
            os.environ.pop(key, None)
        os.environ.update(env or {})
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOKS.parent)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    return nb


def _text(nb) -> str:
    out = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            out.append(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")))
    return "\n".join(out)


def _figures_shown(nb) -> list[bool]:
    """For each cell tagged ``figure``: did it display an image?"""
    return [any("image/png" in o.get("data", {}) for o in c.get("outputs", []))
            for c in nb.cells if "figure" in c.get("metadata", {}).get("tags", [])]


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_use_the_package_and_draw_inline(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "matplotlib.use" not in code and "Agg" not in code
    assert "def load_graph" not in code and "build_graph(" not in code
    assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells)
    assert any("figure" in c.get("metadata", {}).get("tags", []) for c in nb.cells)


def test_centrality_notebook_on_curated_data():
    nb = execute("centrality.ipynb")
    text = _text(nb)
    assert "from the curated facts" in text and "North Korea" in text
    shown = _figures_shown(nb)
    assert shown and all(shown), shown


def test_blocs_notebook():
    nb = execute("blocs.ipynb")
    text = _text(nb)
    assert "Leiden:" in text and "modularity" in text
    shown = _figures_shown(nb)
    assert shown and all(shown), shown


def test_centrality_notebook_reads_a_build_folder(tmp_path):
    """INPUT = an output folder of `diplograph build` (here the curated facts cut to 2024)."""
    from diplograph.app import build_outputs, gather_facts, window_facts

    build_outputs(window_facts(gather_facts(), "2024", "2024"), tmp_path, html=False, figures=False)
    nb = execute("centrality.ipynb", {"DIPLOGRAPH_INPUT": str(tmp_path)})
    text = _text(nb)
    assert f"from the folder {tmp_path}" in text
    shown = _figures_shown(nb)
    assert shown and all(shown), shown


@pytest.mark.neo4j
def test_cypher_and_centrality_notebooks_on_neo4j(curated_in_neo4j):
    env = curated_in_neo4j
    nb = execute("cypher.ipynb", env)
    assert "Choe Son Hui" in _text(nb)
    shown = _figures_shown(nb)
    assert shown and all(shown), shown
    nb = execute("centrality.ipynb", env)
    assert f"from Neo4j at {env['NEO4J_URI']}" in _text(nb)
    shown = _figures_shown(nb)
    assert shown and all(shown), shown
