"""Shared fixtures: paths to the sample articles and gold, the curated graph."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_REPORTED = ("pandas", "networkx", "neo4j", "pydantic", "igraph", "pyvis", "numpy", "matplotlib",
             "click", "babel")


def pytest_report_header(config):
    """The versions this run used, at the top of every test run (and so of CI's log)."""
    from importlib.metadata import PackageNotFoundError, version

    def v(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"
    return "versions: " + ", ".join(f"{n} {v(n)}" for n in _REPORTED)
SHARED = ROOT.parent / "shared"


def shared(*parts: str) -> Path:
    """A path in ../shared (the project's evaluation data, beside the checkout in CI).

    A user's clone has no ../shared: the test skips with a one-line reason. In CI
    (``CI=true``) a missing ../shared is a failure, never a skip.
    """
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{path} is missing; CI=true needs ../shared beside the checkout")
        pytest.skip(f"needs {path} (the project's evaluation data; not part of a user's clone)")
    return path



@pytest.fixture(scope="session")
def gazetteer():
    from diplograph.loaders.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def curated():
    from diplograph.loaders.curated import load_curated

    return load_curated()


@pytest.fixture(scope="session")
def curated_graph(curated, gazetteer):
    from diplograph.graph.records import build_graph
    from diplograph.app import collect_entities

    ents = collect_entities(curated.events, curated.entities)
    return build_graph(curated.events, ents, gazetteer, curated.articles)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A real Neo4j for the session: the project's own local server, started here and
    stopped at the end. Set DIPLOGRAPH_TEST_NEO4J_URI (+ NEO4J_USER/NEO4J_PASSWORD) to use
    another server instead: the tests empty its database. If the server cannot start,
    the tests fail; they never skip."""
    import os
    import re
    import subprocess
    import sys

    from diplograph.loaders.neo4j.store import Connection

    uri = os.environ.get("DIPLOGRAPH_TEST_NEO4J_URI")
    if uri:
        yield Connection(uri, os.environ.get("NEO4J_USER", "neo4j"),
                         os.environ.get("NEO4J_PASSWORD", ""), os.environ.get("NEO4J_DATABASE"))
        return
    home = tmp_path_factory.mktemp("neo4j-home")
    # started through the CLI exactly as the README says, so the command itself is tested
    proc = subprocess.run([sys.executable, "-m", "diplograph", "neo4j", "start", "--home", str(home),
                           "--heap", "768m"], capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"Neo4j did not start: {proc.stderr.strip()}")
    env = dict(re.findall(r"^export (NEO4J_\w+)=(.*)$", proc.stdout, flags=re.M))
    NEO4J_HOME["path"] = home
    NEO4J_HOME["start_stderr"] = proc.stderr
    try:
        yield Connection(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"])
    finally:
        subprocess.run([sys.executable, "-m", "diplograph", "neo4j", "stop", "--home", str(home)],
                       timeout=120)


NEO4J_HOME: dict = {}


@pytest.fixture()
def neo4j_driver(neo4j_server):
    """A driver on an emptied database."""
    from diplograph.loaders.neo4j.store import connect

    driver = connect(neo4j_server)
    with driver.session(database=neo4j_server.database) as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    yield driver
    driver.close()


@pytest.fixture()
def curated_in_neo4j(neo4j_server, neo4j_driver, curated, gazetteer):
    """The shipped curated facts loaded into an emptied database; returns the server's
    connection environment for CLI subprocesses."""
    from diplograph.app import collect_entities
    from diplograph.graph.records import build_records
    from diplograph.loaders.neo4j.store import apply_schema, write_graph

    apply_schema(neo4j_driver)
    write_graph(neo4j_driver, build_records(curated.events,
                                            collect_entities(curated.events, curated.entities),
                                            gazetteer, curated.articles))
    return {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
            "NEO4J_PASSWORD": neo4j_server.password}
