"""A local Neo4j Community server without Docker.

The jars come from Maven Central through the machine's Maven (``org.neo4j:neo4j``, which brings
``neo4j-server``, the same code as the Neo4j tarball) into a cache folder; a second
start reuses them. Each instance lives in a home folder with its own ``conf/neo4j.conf``
(loopback only, a free Bolt port, HTTP off), data and logs. The initial password is
random, set over Bolt right after start, and kept in ``state.json`` (mode 0600) in the
home folder; it never appears on a command line.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from diplograph.errors import ServerError

__all__ = [
    "NEO4J_VERSION",
    "ServerInfo",
    "cache_dir",
    "default_home",
    "fetch_jars",
    "start",
    "stop",
    "status",
    "free_port",
]

NEO4J_VERSION = os.environ.get("DIPLOGRAPH_NEO4J_VERSION", "5.26.30")
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>diplograph.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId>
      <version>{v}</version></dependency>
  </dependencies>
</project>
"""


@dataclass
class ServerInfo:
    uri: str
    user: str
    password: str
    pid: int
    port: int
    home: str
    version: str
    started_in: float = 0.0

    def exports(self) -> str:
        return (f"export NEO4J_URI={self.uri}\nexport NEO4J_USER={self.user}\n"
                f"export NEO4J_PASSWORD={self.password}\n")


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def cache_dir() -> Path:
    base = os.environ.get("DIPLOGRAPH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "diplograph")
    return Path(base)


def default_home() -> Path:
    return cache_dir() / "instances" / "default"


def lib_dir(version: str = NEO4J_VERSION) -> Path:
    return cache_dir() / f"neo4j-{version}" / "lib"


def fetch_jars(version: str = NEO4J_VERSION, quiet: bool = False) -> Path:
    """Neo4j Community jars from Maven Central into the cache (once)."""
    lib = lib_dir(version)
    marker = lib.parent / ".complete"
    if marker.exists() and any(lib.glob("neo4j-server-*.jar")):
        return lib
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServerError("Maven (mvn) is not installed; run `make system` or apt-get install maven")
    lib.parent.mkdir(parents=True, exist_ok=True)
    (lib.parent / "pom.xml").write_text(_POM.format(v=version), encoding="utf-8")
    if not quiet:
        _say(f"fetching Neo4j Community {version} from Maven Central into {lib.parent} …")
    proc = subprocess.run(
        [mvn, "-q", "-B", "-f", str(lib.parent / "pom.xml"), "dependency:copy-dependencies",
         f"-DoutputDirectory={lib}"],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        lines = [l for l in (proc.stdout + proc.stderr).splitlines() if "[ERROR]" in l]
        first = lines[0].split("[ERROR]", 1)[1].strip() if lines else "no error text"
        raise ServerError(f"mvn could not fetch Neo4j {version} from Maven Central: {first[:400]}")
    marker.write_text(version)
    return lib


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:  # a zombie is not alive
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


def _state_path(home: Path) -> Path:
    return home / "state.json"


def _read_state(home: Path) -> dict | None:
    p = _state_path(home)
    if not p.exists():
        return None
    try:
        state = json.loads(p.read_text())
        if not isinstance(state, dict):
            raise ValueError("not an object")
        return state
    except (OSError, ValueError) as exc:
        raise ServerError(f"the server state file {str(p)!r} is damaged ({exc}); if Neo4j still runs, "
                          "stop its java process by hand; then delete the file and its home's "
                          "data/ folder to start afresh") from None


def _write_state(home: Path, state: dict) -> None:
    """Atomically (a new file renamed over the old), always mode 0600: it holds the
    password."""
    from diplograph.loaders.atomic import atomic_write

    atomic_write(_state_path(home), json.dumps(state), perms=0o600)


def _is_our_neo4j(pid: int, home: Path) -> bool:
    """Whether ``pid`` is a live Neo4j server process of this home folder (never signal
    a process a stale state file names after its number was reused)."""
    if not pid or not _alive(pid):
        return False
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            args = fh.read().decode("utf-8", "replace").split("\0")
    except OSError:
        return False
    return MAIN_CLASS in args and f"--home-dir={home}" in args


def _bolt_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", int(port)), timeout=2):
            return True
    except (OSError, TypeError, ValueError):
        return False


LOAD_CSV_DIR = "load-csv-none"  # the server's import folder: kept empty


def _write_conf(home: Path, port: int, heap: str, pagecache: str, extra: dict | None = None) -> None:
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (home / "data").mkdir(exist_ok=True)
    (home / "logs").mkdir(exist_ok=True)
    (home / "import").mkdir(exist_ok=True)
    (home / LOAD_CSV_DIR).mkdir(exist_ok=True)
    (conf / "neo4j.conf").write_text(
        "\n".join([
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{port}",
            f"server.bolt.advertised_address=127.0.0.1:{port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"server.memory.heap.initial_size={heap}",
            f"server.memory.heap.max_size={heap}",
            f"server.memory.pagecache.size={pagecache}",
            "db.tx_log.rotation.retention_policy=1 files",
            "dbms.usage_report.enabled=false",
            # LOAD CSV reads nothing: file URLs are off and confined to an empty folder,
            # and no address may be fetched (the loaders send data as parameters)
            "dbms.security.allow_csv_import_from_file_urls=false",
            f"server.directories.import={home / LOAD_CSV_DIR}",
            "internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0",
            *(f"{k}={v}" for k, v in sorted((extra or {}).items())),
            "",
        ]),
        encoding="utf-8",
    )


def jvm_options(heap: str) -> list[str]:
    """Mostly what Neo4j's own launcher passes. Without the java.nio opening the page
    cache runs in a slower fallback mode (Neo4j warns so in debug.log). The throughput
    collector instead of G1: on two cores G1's concurrent threads took CPU from the
    writer; bulk MERGE loads ran about a quarter faster with it (benchmarks/results.md).
    Half the heap young (the default is a third): a write transaction's state dies young,
    and a bigger young generation copies less of it; the server's collector threads
    used 5 s of CPU instead of 12 s loading 200,000 meetings. Hot methods inlined up to
    100 bytecodes instead of 325: the C2 compiler threads of a fresh server used 14-15 s
    of CPU instead of 25-28 s loading 200,000 meetings, the Bolt workers no more (40 s
    against 43-45 s; 50 bytecodes: 9 s of compiling, but 44 s in the workers). A method
    is compiled by C2 after three times the usual calls and loops: 13-14 s of C2 instead
    of 15-17 s in three pairs of loads of 200,000 meetings, the workers no slower, each
    load about 2 s shorter."""
    return [
        f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseParallelGC", "-XX:NewRatio=1",
        "-XX:FreqInlineSize=100",
        "-XX:Tier4InvocationThreshold=15000", "-XX:Tier4MinInvocationThreshold=1800",
        "-XX:Tier4CompileThreshold=45000", "-XX:Tier4BackEdgeThreshold=120000",
        "-XX:-OmitStackTraceInFastThrow",
        "-XX:+UnlockExperimentalVMOptions", "-XX:+TrustFinalNonStaticFields",
        "-XX:+DisableExplicitGC", "-Djdk.nio.maxCachedBufferSize=1024",
        "-Dio.netty.tryReflectionSetAccessible=true", "-Dfile.encoding=UTF-8",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    ]


def _wait_for_bolt(port: int, pid: int, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            tail = log.read_text(errors="replace").strip().splitlines()[-5:] if log.exists() else []
            raise ServerError("Neo4j exited during start: " + " | ".join(tail))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.25)
    raise ServerError(f"Neo4j did not open Bolt port {port} within {timeout:.0f} s (see {log})")


_LOST_PASSWORD = ("the database in {home} already has a password and {state}, which kept it, "
                  "is gone: start with NEO4J_PASSWORD set to that password, or delete "
                  "{home}/data to start with an empty database")


def _set_password(uri: str, new: str, timeout: float = 60, home: Path | None = None) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

    deadline = time.monotonic() + timeout
    while True:
        try:
            with GraphDatabase.driver(uri, auth=("neo4j", "neo4j")) as drv:
                with drv.session(database="system") as s:
                    s.run("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                          old="neo4j", new=new).consume()
            return
        except AuthError:
            raise ServerError(_LOST_PASSWORD.format(home=home, state=_state_path(home))) from None
        except (ServiceUnavailable, SessionExpired, OSError):
            if time.monotonic() > deadline:
                raise ServerError(f"Neo4j at {uri} did not accept the initial password change")
            time.sleep(0.5)


def start(home: str | Path | None = None, port: int | None = None, heap: str = "1g",
          pagecache: str = "256m", timeout: float = 180, quiet: bool = False,
          settings: dict | None = None) -> ServerInfo:
    """Start (or find running) a local Neo4j; returns how to connect."""
    home = Path(home).absolute() if home else default_home().absolute()
    home.mkdir(parents=True, exist_ok=True)
    state = _read_state(home)
    if state and _is_our_neo4j(state.get("pid"), home):
        if _bolt_open(state.get("port")):
            if not quiet:
                _say(f"Neo4j already running (pid {state['pid']}, port {state['port']})")
            return ServerInfo(**{k: v for k, v in state.items() if k != "password_set"})
        raise ServerError(f"Neo4j (pid {state['pid']}) runs but does not answer on port "
                          f"{state.get('port')}; stop it with `diplograph neo4j stop --home {home}`")
    java = shutil.which("java")
    if not java:
        raise ServerError("Java is not installed; Neo4j 5.26 needs Java 17 (apt-get install openjdk-17-jre-headless)")
    lib = fetch_jars(quiet=quiet)
    port = port or free_port()
    password = (state or {}).get("password") or secrets.token_urlsafe(18)
    fresh = not (state or {}).get("password_set")
    if state is None and (home / "data" / "databases" / "system").exists():
        # the database holds a password already, and the state file that kept it is gone
        if not os.environ.get("NEO4J_PASSWORD"):
            raise ServerError(_LOST_PASSWORD.format(home=home, state=_state_path(home)))
        password, fresh = os.environ["NEO4J_PASSWORD"], False
    _write_conf(home, port, heap, pagecache, settings)
    log = home / "logs" / "console.log"
    t0 = time.monotonic()
    if not quiet:
        _say(f"starting Neo4j {NEO4J_VERSION} on 127.0.0.1:{port} (home {home}) …")
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [java, *jvm_options(heap), "-cp", f"{lib}/*", MAIN_CLASS, f"--home-dir={home}", f"--config-dir={home / 'conf'}"],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, cwd=home,
        )
    info = ServerInfo(uri=f"bolt://127.0.0.1:{port}", user="neo4j", password=password,
                      pid=proc.pid, port=port, home=str(home), version=NEO4J_VERSION)
    _write_state(home, {**asdict(info), "password_set": not fresh})
    try:
        _wait_for_bolt(port, proc.pid, timeout, log)
        if fresh:
            _set_password(info.uri, password, home=home)
        _wait_ready(info, timeout)
    except Exception:
        stop(home, quiet=True)
        raise
    info.started_in = round(time.monotonic() - t0, 2)
    _write_state(home, {**asdict(info), "password_set": True})
    if not quiet:
        _say(f"Neo4j ready in {info.started_in} s")
    return info


def _wait_ready(info: ServerInfo, timeout: float) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError

    deadline = time.monotonic() + timeout
    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as drv:
        while True:
            try:
                drv.execute_query("RETURN 1")
                return
            except AuthError:
                raise ServerError(f"Neo4j in {info.home} refused the password (NEO4J_PASSWORD "
                                  "or the state file's): give the right one") from None
            except (ServiceUnavailable, SessionExpired, TransientError):
                if time.monotonic() > deadline:
                    raise ServerError(f"Neo4j at {info.uri} never became ready")
                time.sleep(0.5)


def stop(home: str | Path | None = None, timeout: float = 60, quiet: bool = False) -> bool:
    """Stop the instance cleanly (SIGTERM, then SIGKILL after ``timeout``)."""
    home = Path(home).absolute() if home else default_home().absolute()
    state = _read_state(home)
    if not state or not _is_our_neo4j(state.get("pid"), home):
        if state and state.get("pid"):
            state["pid"] = 0  # stale: that process is gone or is not our server
            _write_state(home, state)
        if not quiet:
            _say("Neo4j is not running")
        return False
    pid = state["pid"]
    os.killpg(os.getpgid(pid), signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        os.killpg(os.getpgid(pid), signal.SIGKILL)
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    state["pid"] = 0
    _write_state(home, state)  # keeps the password for the next start
    if not quiet:
        _say(f"Neo4j stopped (pid {pid})")
    return True


def status(home: str | Path | None = None) -> dict:
    home = Path(home).absolute() if home else default_home().absolute()
    state = _read_state(home) or {}
    running = _is_our_neo4j(state.get("pid"), home)
    return {"running": running, "home": str(home), "uri": state.get("uri"),
            "pid": state.get("pid") if running else None, "version": state.get("version")}
