"""Issue 14: nothing read that should not be, nothing lost on the way in, nothing
half-written. Against the real Neo4j server (tests/conftest.py) where one is needed."""

from __future__ import annotations

import json
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
    from diplograph.loaders.neo4j import server as srv

    srv._write_conf(tmp_path, 7687, "512m", "64m")
    conf = dict(line.split("=", 1) for line in (tmp_path / "conf" / "neo4j.conf").read_text().splitlines()
                if "=" in line and not line.startswith("#"))
    assert conf["dbms.security.allow_csv_import_from_file_urls"] == "false"
    imp = tmp_path / srv.LOAD_CSV_DIR
    assert conf["server.directories.import"] == str(imp) and imp.is_dir() and not any(imp.iterdir())


# ------------------------------------------- items 5, 6, 9: nothing vanishes on the way in
GOOD = "Der russische Außenminister Sergej Lawrow reiste am Montag zu Gesprächen nach Hanoi."


def extract(*args):
    from click.testing import CliRunner

    from diplograph.cli import main

    return CliRunner().invoke(main, ["extract", *map(str, args)])


def warnings_of(output: str) -> list[str]:
    return [l for l in output.splitlines() if l.startswith("Warning: ")]


def test_first_problem_of_a_jsonl_feed_is_reported_and_strict_stops(tmp_path):
    """The collector is an empty list (false) until its first problem: the feed's
    problems used to vanish when they came first."""
    d = tmp_path / "in"
    d.mkdir()
    rows = [json.dumps({"text": GOOD, "published": "2024-05-15"})] * 4
    rows[1] = '{"text": "cut off'
    rows[2] = json.dumps({"title": "no text"})
    rows[3] = json.dumps({"text": GOOD, "published": "2024-02-31"})
    (d / "feed.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = extract(d, "--out", tmp_path / "o")
    text = "\n".join(warnings_of(res.output))
    assert res.exit_code == 3, res.output
    assert f"{d / 'feed.jsonl'}:2: not valid JSON" in text
    assert f"{d / 'feed.jsonl'}:3: field 'text'" in text
    assert f"{d / 'feed.jsonl'}:4: field 'published': bad date" in text
    strict = extract(d, "--out", tmp_path / "o2", "--strict")
    assert strict.exit_code == 1 and strict.output.startswith(f"Error: {d / 'feed.jsonl'}:2:")


def test_a_latin1_file_alone_is_reported(tmp_path):
    f = tmp_path / "alt.txt"
    f.write_bytes(GOOD.encode("latin-1"))
    res = extract(f, "--out", tmp_path / "o")
    assert res.exit_code == 3 and f"Warning: {f}: not UTF-8" in res.output


def test_a_bad_date_line_is_reported_with_its_line(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(" date 2024-13-40 Titel\n\n" + GOOD, encoding="utf-8")
    res = extract(f, "--out", tmp_path / "o")
    assert res.exit_code == 3 and f"Warning: {f}:1: bad date '2024-13-40'" in res.output


def test_fifo_dangling_link_and_unreadable_folder_are_reported(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(d / "pipe.txt")  # reading it would block for ever
    (d / "gone.txt").symlink_to(d / "missing.txt")
    # a sub-folder that cannot be listed, even by root: its path is longer than PATH_MAX
    fd = os.open(d, os.O_RDONLY)
    try:
        for _ in range(18):
            os.mkdir("x" * 250, dir_fd=fd)
            nfd = os.open("x" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nfd
    finally:
        os.close(fd)
    res = extract(d, "--out", tmp_path / "o")
    text = "\n".join(warnings_of(res.output))
    assert res.exit_code == 3, res.output
    assert f"{d / 'pipe.txt'}: not a regular file" in text
    assert f"{d / 'gone.txt'}: broken symbolic link" in text
    assert "cannot read folder" in text
    arts = {json.loads(l)["article"] for l in (tmp_path / "o" / "events.jsonl").read_text().splitlines()}
    assert arts == {"good.txt"}
    # a FIFO named on the command line is refused, not read (which would hang)
    res = extract(d / "pipe.txt", d / "good.txt", "--out", tmp_path / "o3")
    assert res.exit_code == 3 and "not a regular file" in res.output


def test_broken_utf16_does_not_sink_the_batch(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "bad16.txt").write_bytes(b"\xfe\xff\xd8\x00\x00\x41")  # a lone surrogate
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    res = extract(d, "--out", tmp_path / "o")
    assert res.exit_code == 3, res.output
    assert f"Warning: {d / 'bad16.txt'}: broken UTF-16" in res.output
    arts = {json.loads(l)["article"] for l in (tmp_path / "o" / "events.jsonl").read_text().splitlines()}
    assert "good.txt" in arts


def test_single_curated_file_with_a_bad_first_line_is_read_as_events(tmp_path):
    from diplograph.errors import InputError
    from diplograph.loaders.curated import load_curated

    f = tmp_path / "events.jsonl"
    ev = {"article": "a.txt", "type": "visit", "date": "2016-07", "visitor_state": "SY",
          "host_state": "VN", "participants": ["Anna Berg"]}
    f.write_text('{"article": "a.txt", "type": \n' + json.dumps(ev) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"events.jsonl:1: not valid JSON"):
        load_curated(f)
    got = []
    facts = load_curated(f, on_error=got.append)
    assert len(facts.events) == 1 and not facts.entities and "events.jsonl:1" in str(got[0])


def test_suspicious_events_are_kept_with_a_warning_naming_file_and_line(tmp_path):
    from diplograph.loaders.curated import load_curated

    d = tmp_path / "facts"
    d.mkdir()
    base = {"article": "a.txt", "type": "visit", "date": "2016-07", "visitor_state": "SY",
            "host_state": "VN", "participants": ["Anna Berg"]}
    rows = [base,
            {**base, "host_state": "SY"},                                   # 2: visitor == host
            {**base, "visitor_state": "XX", "host_state": "QQ"},           # 3: unknown codes
            {**base, "date": "2099-01-02"},                                 # 4: happened, future
            {**base, "date": "2099-01", "status": "planned"},              # 5: planned: fine
            {**base, "participant_states": {"Boris Kolov": "RU"}}]         # 6: not a participant
    (d / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    got = []
    facts = load_curated(d, on_warning=got.append)
    assert len(facts.events) == 6  # kept
    text = "\n".join(map(str, got))
    ev = d / "events.jsonl"
    assert f"{ev}:2: field 'host_state': visitor and host are the same state 'SY'" in text
    assert f"{ev}:3: field 'visitor_state': unknown state code 'XX'" in text
    assert f"{ev}:3: field 'host_state': unknown state code 'QQ'" in text
    assert f"{ev}:4: field 'date': a happened event dated 2099-01-02" in text
    assert f"{ev}:6: field 'participant_states': 'Boris Kolov' is not among the participants" in text
    assert ":1:" not in text and ":5:" not in text and len(got) == 5
    # the CLI shows them (build exits 3: done, with warnings; --strict stops)
    from click.testing import CliRunner

    from diplograph.cli import main

    res = CliRunner().invoke(main, ["build", "--curated", str(d), "--out", str(tmp_path / "o"),
                                    "--no-html"])
    assert res.exit_code == 3 and len(warnings_of(res.output)) == 5, res.output
    res = CliRunner().invoke(main, ["build", "--curated", str(d), "--out", str(tmp_path / "o2"),
                                    "--no-html", "--strict"])
    assert res.exit_code == 1 and res.output.startswith(f"Error: {ev}:2:")


# --------------------------------------------------------------------- smaller items
def test_query_parameters_are_checked_by_name_type_and_range():
    from diplograph.errors import QueryError
    from diplograph.loaders.neo4j.queries import load_query, parse_params

    q = load_query("actors_by_foreign_contacts")
    assert parse_params(["limit=3"], q) == {"limit": 3}
    with pytest.raises(QueryError, match=r"parameter 'limit': 99999999999999999999 is out of range"):
        parse_params(["limit=99999999999999999999"], q)
    with pytest.raises(QueryError, match=r"parameter 'limit': 'two' is not an integer"):
        parse_params(["limit=two"], q)
    with pytest.raises(QueryError, match=r"has no parameter 'limt' \(it takes: limit\)"):
        parse_params(["limit=3", "limt=4"], q)
    with pytest.raises(QueryError, match=r"out of range"):
        parse_params(["n=99999999999999999999"])  # --cypher text: JSON values, still checked


def test_query_list_into_a_closed_pipe_ends_quietly():
    p = subprocess.run(["bash", "-c", f"{sys.executable} -m diplograph query --list | head -1; "
                        "exit ${PIPESTATUS[0]}"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and p.stderr == "" and len(p.stdout.splitlines()) == 1


def test_a_file_name_with_a_newline_cannot_forge_an_error_line(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "x\nError: all data deleted.txt").write_bytes(b"")
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    res = extract(d, "--out", tmp_path / "o")
    assert res.exit_code == 3
    assert not any(l.startswith("Error:") for l in res.output.splitlines()), res.output
    assert "x\\nError: all data deleted.txt" in res.output  # shown quoted, on one line


def test_password_inside_a_uri_is_never_echoed():
    env = {"NEO4J_URI": "bolt://neo4j:hunter2secret@127.0.0.1:1", "NEO4J_PASSWORD": "x"}
    res = cli("query", "find_person", "-p", "name=x", env=env)
    assert res.returncode == 1 and "hunter2secret" not in res.stdout + res.stderr
    assert "neo4j:****@" in res.stderr


# ------------------------------------------------------------- item 12: atomic outputs
def test_output_set_keeps_the_old_set_when_a_build_fails(tmp_path):
    from diplograph.loaders.atomic import MANIFEST, check_manifest, output_set

    out = tmp_path / "out"
    with output_set(out) as tmp:
        (tmp / "a.txt").write_text("old a")
        (tmp / "b.txt").write_text("old b")
    assert check_manifest(out) == [] and (out / "a.txt").read_text() == "old a"
    before = (out / MANIFEST).read_text()
    with pytest.raises(RuntimeError):
        with output_set(out) as tmp:
            (tmp / "a.txt").write_text("new a")
            raise RuntimeError("killed half-way")
    assert (out / "a.txt").read_text() == "old a" and (out / MANIFEST).read_text() == before
    assert [p.name for p in out.iterdir()] == sorted(["a.txt", "b.txt", MANIFEST]) or \
        sorted(p.name for p in out.iterdir()) == sorted(["a.txt", "b.txt", MANIFEST])
    (out / "b.txt").write_text("changed")
    assert check_manifest(out) == [f"{out / 'b.txt'} is not the file the build wrote"]


def test_sigkill_during_build_leaves_old_or_new_files_never_half_of_one(tmp_path):
    """A build killed at several moments: every output in the folder is, byte for byte,
    the previous build's or the new build's; the manifest, when present, matches."""
    import hashlib
    import signal
    import time

    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    from generate import iter_events

    from diplograph.loaders.atomic import check_manifest

    small, big = tmp_path / "small", tmp_path / "big"
    for folder, n in ((small, 30), (big, 6000)):
        folder.mkdir()
        (folder / "events.jsonl").write_text(
            "".join(json.dumps(e) + "\n" for e in iter_events(n, seed=3)), encoding="utf-8")

    def build(src, out):
        return cli("build", "--curated", str(src), "--out", str(out), "--no-html")

    def digests(folder):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in folder.iterdir() if p.is_file()}

    def state(folder):
        return sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir())

    assert build(small, tmp_path / "old").returncode == 0
    assert build(big, tmp_path / "new").returncode == 0
    old, new = digests(tmp_path / "old"), digests(tmp_path / "new")
    out = tmp_path / "out"
    import shutil

    for delay in (0.0, 0.1, 0.3, 0.6):
        shutil.rmtree(out, ignore_errors=True)
        assert build(small, out).returncode == 0
        before = state(out)
        p = subprocess.Popen([sys.executable, "-m", "diplograph", "build", "--curated", str(big),
                              "--out", str(out), "--no-html"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        while state(out) == before and p.poll() is None:  # writing has begun
            time.sleep(0.005)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        for name, digest in digests(out).items():
            assert digest in (old.get(name), new.get(name)), (delay, name)
        problems = check_manifest(out)
        assert problems == [] or problems[0].endswith("is missing: the build did not finish")
    assert build(big, out).returncode == 0 and check_manifest(out) == [] and digests(out) == new


# ------------------------------------------------- items 11, 12: the server state file
@pytest.mark.neo4j
def test_server_state_file_is_private_checked_and_recoverable(tmp_path):
    import json as _json
    import signal
    import stat
    import time

    from diplograph.loaders.neo4j import server as srv
    from diplograph.loaders.neo4j.store import Connection, connect

    home = tmp_path / "srv"
    state = home / "state.json"
    out = cli("neo4j", "start", "--home", str(home), "--heap", "512m", timeout=600)
    assert out.returncode == 0, out.stderr
    info = _json.loads(state.read_text())
    try:
        # a state file made 0644 by someone is 0600 again after the next rewrite
        os.chmod(state, 0o644)
        # kill -9: `start` must not answer "already running" with a dead URI
        os.killpg(os.getpgid(info["pid"]), signal.SIGKILL)
        for _ in range(100):
            if not srv._alive(info["pid"]):
                break
            time.sleep(0.1)
        again = cli("neo4j", "start", "--home", str(home), "--heap", "512m", timeout=600)
        assert again.returncode == 0 and "already running" not in again.stderr, again.stderr
        assert stat.S_IMODE(state.stat().st_mode) == 0o600
        info = _json.loads(state.read_text())
        with connect(Connection(info["uri"], "neo4j", info["password"])) as d:
            d.execute_query("RETURN 1")
        # a state file that names another process: stop and status leave it alone
        sleeper = subprocess.Popen(["sleep", "60"], start_new_session=True)
        try:
            real_pid = info["pid"]
            state.write_text(_json.dumps({**info, "pid": sleeper.pid}))
            res = cli("neo4j", "stop", "--home", str(home))
            assert sleeper.poll() is None  # not killed
            assert "not running" in res.stderr
            st = cli("neo4j", "status", "--home", str(home))
            assert st.returncode == 1 and "not running" in st.stdout
            state.write_text(_json.dumps({**info, "pid": real_pid}))
        finally:
            sleeper.kill()
            sleeper.wait()
        # a damaged state file: one clear line
        state.write_text('{"uri": "bolt://127.0.0.1:1", "pass')
        res = cli("neo4j", "status", "--home", str(home))
        assert res.returncode == 1 and res.stderr.startswith("Error: the server state file")
        assert len(res.stderr.strip().splitlines()) == 1
        state.write_text(_json.dumps(info))
        assert cli("neo4j", "stop", "--home", str(home)).returncode == 0
        # a deleted state file: a clear error, not a raw AuthError; the old password helps
        state.unlink()
        res = cli("neo4j", "start", "--home", str(home), "--heap", "512m", timeout=600)
        assert res.returncode == 1 and "already has a password" in res.stderr
        assert "AuthError" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
        res = cli("neo4j", "start", "--home", str(home), "--heap", "512m", timeout=600,
                  env={"NEO4J_PASSWORD": info["password"]})
        assert res.returncode == 0, res.stderr
        assert stat.S_IMODE(state.stat().st_mode) == 0o600
    finally:
        srv.stop(home=home, quiet=True)


# ------------------------------------------------------ item 2: bulk on a full database
@pytest.mark.neo4j
def test_bulk_refuses_a_database_that_holds_data_and_never_prints_the_password(tmp_path):
    import json as _json

    from diplograph.loaders.neo4j import server as srv
    from diplograph.loaders.neo4j.store import Connection, connect, counts

    home = tmp_path / "bulk"
    info = srv.start(home=home, heap="512m", quiet=True)
    try:
        with connect(Connection(info.uri, "neo4j", info.password)) as d:
            d.execute_query("CREATE (:Person {id: 'person:kept', name: 'Kept'})")
        res = cli("load", "--bulk", "--home", str(home), timeout=600)
        assert res.returncode == 1 and "is not empty (1 nodes)" in res.stderr
        assert "--overwrite" in res.stderr and info.password not in res.stdout + res.stderr
        info = srv.start(home=home, quiet=True)
        with connect(Connection(info.uri, "neo4j", info.password)) as d:
            assert counts(d) == {"Person": 1}  # untouched
        res = cli("load", "--bulk", "--overwrite", "--home", str(home), timeout=600)
        assert res.returncode == 0, res.stderr
        assert info.password not in res.stdout + res.stderr
        info = srv.start(home=home, quiet=True)
        with connect(Connection(info.uri, "neo4j", info.password)) as d:
            c = counts(d)
            assert c["Meeting"] == 45 and "person:kept" not in {
                r["id"] for r in d.execute_query("MATCH (p:Person) RETURN p.id AS id")[0]}
        assert _json.loads((home / "state.json").read_text())["password"] == info.password
    finally:
        srv.stop(home=home, quiet=True)


def test_a_killed_builds_temporary_folder_is_removed_by_the_next_build(tmp_path):
    from diplograph.loaders.atomic import output_set

    dead = tmp_path / ".build-999999999-abc"  # no such process
    dead.mkdir()
    (dead / "events.jsonl").write_text("half\n")
    live = tmp_path / f".build-{os.getppid()}-def"  # a running process: maybe still writing
    live.mkdir()
    with output_set(tmp_path) as tmp:
        (tmp / "x.txt").write_text("x")
    assert not dead.exists()
    assert live.exists()
    assert (tmp_path / "x.txt").read_text() == "x"
    assert [p.name for p in tmp_path.glob(".build-*")] == [live.name]
