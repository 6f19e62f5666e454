"""The Neo4j commands as a user runs them, against the session's real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import NEO4J_HOME

pytestmark = pytest.mark.neo4j


def cli(*args, env=None, timeout=300):
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "diplograph", *args], capture_output=True, text=True,
                          env=full, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture()
def env(neo4j_server, neo4j_driver):
    return {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
            "NEO4J_PASSWORD": neo4j_server.password}


def test_start_printed_exports_and_progress_went_to_stderr(neo4j_server):
    if "path" not in NEO4J_HOME:
        pytest.fail("the session server was not started by `diplograph neo4j start`")
    assert "starting Neo4j" in NEO4J_HOME["start_stderr"]
    assert "Neo4j ready in" in NEO4J_HOME["start_stderr"]


def test_status_and_second_start_reuse(neo4j_server):
    home = str(NEO4J_HOME["path"])
    st = cli("neo4j", "status", "--home", home)
    assert st.returncode == 0 and st.stdout.startswith("running: Neo4j 5.26")
    again = cli("neo4j", "start", "--home", home)
    assert again.returncode == 0
    assert f"export NEO4J_URI={neo4j_server.uri}" in again.stdout
    assert "fetching" not in again.stderr  # jars cached, server reused
    # the password is in no process's command line
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert neo4j_server.password not in ps


def test_load_prints_counts_and_is_idempotent(env):
    first = cli("load", env=env)
    assert first.returncode == 0, first.stderr
    assert "Meeting" in first.stdout and "(+45)" in first.stdout
    second = cli("load", env=env)
    assert second.returncode == 0
    assert "(+" not in second.stdout  # nothing new the second time


def test_build_with_neo4j(env, tmp_path):
    res = cli("build", "--out", str(tmp_path), "--load-neo4j", "--no-html", env=env)
    assert res.returncode == 0, res.stderr
    assert "loaded" in res.stdout and "Person" in res.stdout


def test_query_table_csv_json(env):
    cli("load", env=env)
    table = cli("query", "state_partners", "-p", "state=KP", env=env)
    assert table.returncode == 0
    assert table.stdout.splitlines()[2].split()[:4] == ["Russia", "14", "10", "24"]
    csv_out = cli("query", "state_partners", "-p", "state=KP", "--csv", env=env)
    assert csv_out.stdout.splitlines()[:2] == ["partner,made,received,exchanges", "Russia,14,10,24"]
    js = json.loads(cli("query", "places_by_meetings", "-p", "limit=1", "--json", env=env).stdout)
    assert js == [{"place": "Pyongyang", "state": "North Korea", "meetings": 16}]
    lst = cli("query", "--list", env={"NEO4J_URI": ""})
    assert lst.returncode == 0 and "meetings_of_person" in lst.stdout


def test_query_refuses_writes_without_flag(env):
    cli("load", env=env)
    res = cli("query", "--cypher", "MATCH (n) DETACH DELETE n", env=env)
    assert res.returncode == 1
    assert res.stderr.strip() == "Error: this query writes to the database; add --write if you mean it"
    count = cli("query", "--cypher", "MATCH (n:Meeting) RETURN count(n) AS n", "--csv", env=env)
    assert count.stdout.splitlines()[1] == "45"


def test_wrong_password_is_one_line(env):
    res = cli("query", "planned_vs_happened", env={**env, "NEO4J_PASSWORD": "not-the-password"})
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "wrong password" in lines[0] and "not-the-password" not in lines[0]


def test_unreachable_server_is_one_line():
    res = cli("load", env={"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "x"})
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach Neo4j at bolt://127.0.0.1:9")
