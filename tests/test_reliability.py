"""Issue 14: nothing read that should not be, nothing lost on the way in, nothing
half-written. Against the real Neo4j server (tests/conftest.py) where one is needed."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cli(*args, env=None, input=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "diplograph", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, input=input,
                          timeout=timeout)


def neo_env(server) -> dict:
    return {"NEO4J_URI": server.uri, "NEO4J_USER": server.user,
            "NEO4J_PASSWORD": server.password}


# ------------------------------------------------------------ item 10: LOAD CSV
@pytest.fixture()
def http_probe():
    """A local HTTP server that counts the requests it gets."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            body = b"a,b\n1,2\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    srv = HTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/probe.csv", hits
    srv.shutdown()
    srv.server_close()


@pytest.mark.neo4j
def test_load_csv_of_a_local_file_is_refused_in_read_mode_and_by_the_server(neo4j_server):
    q = 'LOAD CSV FROM "file:///etc/passwd" AS r RETURN r'
    read = cli("query", "--cypher", q, env=neo_env(neo4j_server))
    assert read.returncode == 1 and "root:" not in read.stdout + read.stderr
    assert read.stderr.startswith("Error: LOAD CSV reads files or URLs; it runs only with --write")
    # even with --write the server reads no file
    write = cli("query", "--cypher", q, "--write", env=neo_env(neo4j_server))
    assert write.returncode == 1 and "root:" not in write.stdout + write.stderr
    assert write.stderr.startswith("Error: Cypher error:"), write.stderr
    sneaky = cli("query", "--cypher", "/* x */ load\n  csv FROM 'file:///etc/passwd' AS r RETURN r",
                 env=neo_env(neo4j_server))
    assert sneaky.returncode == 1 and "LOAD CSV" in sneaky.stderr


@pytest.mark.neo4j
def test_load_csv_of_a_url_is_never_fetched(neo4j_server, http_probe):
    url, hits = http_probe
    q = f'LOAD CSV FROM "{url}" AS r RETURN r'
    read = cli("query", "--cypher", q, env=neo_env(neo4j_server))
    assert read.returncode == 1 and "LOAD CSV" in read.stderr
    assert hits == []  # not fetched in READ mode
    write = cli("query", "--cypher", q, "--write", env=neo_env(neo4j_server))
    assert write.returncode == 1 and write.stderr.startswith("Error: Cypher error:"), write.stderr
    assert hits == []  # and the server's blocklist stops it with --write too


def test_server_config_confines_file_imports(tmp_path):
    from diplograph.loaders import neo4j_server as srv

    srv._write_conf(tmp_path, 7687, "512m", "64m")
    conf = dict(line.split("=", 1) for line in (tmp_path / "conf" / "neo4j.conf").read_text().splitlines()
                if "=" in line and not line.startswith("#"))
    assert conf["dbms.security.allow_csv_import_from_file_urls"] == "false"
    imp = tmp_path / srv.LOAD_CSV_DIR
    assert conf["server.directories.import"] == str(imp) and imp.is_dir() and not any(imp.iterdir())
