"""The analyst notebooks run top to bottom (a failing cell fails the test); they are
stored without outputs."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def execute(name: str, env: dict | None = None):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    old = dict(os.environ)
    try:
        os.environ.pop("NEO4J_URI", None)
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


@pytest.mark.parametrize("name", ["centrality.ipynb", "blocs.ipynb", "cypher.ipynb"])
def test_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in nb.cells if c.cell_type == "code")


def test_centrality_notebook_on_curated_data():
    text = _text(execute("centrality.ipynb"))
    assert "from the curated facts" in text and "North Korea" in text


def test_blocs_notebook():
    text = _text(execute("blocs.ipynb"))
    assert "Leiden:" in text and "modularity" in text


@pytest.mark.neo4j
def test_cypher_and_centrality_notebooks_on_neo4j(neo4j_server, neo4j_driver, curated, gazetteer):
    from diplograph.graph.records import build_records
    from diplograph.loaders.neo4j_store import apply_schema, write_graph
    from diplograph.app import collect_entities

    apply_schema(neo4j_driver)
    write_graph(neo4j_driver, build_records(curated.events,
                                            collect_entities(curated.events, curated.entities),
                                            gazetteer, curated.articles))
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password}
    text = _text(execute("cypher.ipynb", env))
    assert "Choe Son Hui" in text
    text = _text(execute("centrality.ipynb", env))
    assert f"from Neo4j at {neo4j_server.uri}" in text
