"""The analysts' Cypher library: one parameterised query per file in cypher/queries/.

Each file starts with comment lines ``// answers: …``, ``// params: …`` and
``// columns: …``. Queries run in READ access mode; a query whose plan writes is refused
unless ``write=True``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from diplograph.errors import QueryError
from diplograph.resources import cypher_dir

__all__ = ["Query", "QUERY_DIR", "list_queries", "load_query", "parse_params", "run_query"]

QUERY_DIR = cypher_dir() / "queries"
_PARAM = re.compile(r"\$(\w+) \((\w+)(?:,([^()]*(?:\([^)]*\))?[^()]*))?\)")


@dataclass
class Query:
    name: str
    text: str
    answers: str = ""
    params: dict[str, str] = field(default_factory=dict)   # name -> type
    examples: dict[str, object] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    path: Path | None = None


def _example(raw: str, typ: str):
    m = re.search(r"e\.g\.\s*(.+)$", raw or "")
    if not m:
        return None
    return coerce(m.group(1).strip().rstrip(")"), typ)


_TYPE_NAMES = {"int": "an integer", "float": "a number", "bool": "true or false",
               "list": "a list (a,b or a JSON array)", "str": "text"}
_INT64 = (-(2 ** 63), 2 ** 63 - 1)  # what a Neo4j integer holds


def coerce(value: str, typ: str, name: str | None = None):
    value = value.strip()
    if value.startswith('"') and value.endswith('"') and len(value) >= 2:
        value = value[1:-1]
    what = f"parameter {name!r}" if name else "parameter value"
    bad = QueryError(f"{what}: {value!r} is not {_TYPE_NAMES.get(typ, typ)}")
    try:
        if typ == "int":
            n = int(value)
            if not _INT64[0] <= n <= _INT64[1]:
                raise QueryError(f"{what}: {value} is out of range (a 64-bit integer: "
                                 f"{_INT64[0]} to {_INT64[1]})")
            return n
        if typ == "float":
            return float(value)
        if typ == "bool":
            low = value.lower()
            if low in ("1", "true", "yes"):
                return True
            if low in ("0", "false", "no"):
                return False
            raise bad
        if typ == "list":
            return json.loads(value) if value.startswith("[") else value.split(",")
    except ValueError:
        raise bad from None
    return value


def parse_query(text: str, name: str = "query", path: Path | None = None) -> Query:
    q = Query(name=name, text=text, path=path)
    for line in text.splitlines():
        m = re.match(r"\s*//\s*(answers|params|columns):\s*(.*)$", line)
        if not m:
            continue
        key, val = m.groups()
        if key == "answers":
            q.answers = val.strip()
        elif key == "columns":
            q.columns = [c.strip() for c in val.split(",") if c.strip()]
        else:
            for pm in _PARAM.finditer(val):
                pname, ptype, rest = pm.group(1), pm.group(2), pm.group(3) or ""
                q.params[pname] = ptype
                q.examples[pname] = _example(rest, ptype)
    return q


def list_queries(directory: Path = QUERY_DIR) -> list[Query]:
    return [load_query(p.stem, directory) for p in sorted(directory.glob("*.cypher"))]


def load_query(name: str, directory: Path = QUERY_DIR) -> Query:
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", name or ""):
        raise QueryError(f"bad query name {name!r}")
    path = directory / f"{name}.cypher"
    if not path.exists():
        known = ", ".join(p.stem for p in sorted(directory.glob("*.cypher")))
        raise QueryError(f"no library query {name!r}; known: {known} (try `diplograph query --list`)")
    return parse_query(path.read_text(encoding="utf-8"), name, path)


def parse_params(pairs: list[str], query: Query | None = None) -> dict:
    """``key=value`` pairs, typed by the query's declared parameter types (JSON otherwise)."""
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"parameter {pair!r} is not key=value")
        key, value = pair.split("=", 1)
        typ = (query.params.get(key) if query else None)
        if query and typ is None:
            takes = ", ".join(query.params) or "no parameters"
            raise QueryError(f"query {query.name!r} has no parameter {key!r} (it takes: {takes})")
        if typ:
            out[key] = coerce(value, typ, key)
        else:
            try:
                out[key] = json.loads(value)
            except ValueError:
                out[key] = value
            if isinstance(out[key], int) and not isinstance(out[key], bool) and \
                    not _INT64[0] <= out[key] <= _INT64[1]:
                raise QueryError(f"parameter {key!r}: {value} is out of range (a 64-bit integer)")
    if query:
        missing = [p for p in query.params if p not in out]
        if missing:
            ex = " ".join(f"-p {p}={json.dumps(query.examples.get(p))}" for p in missing)
            raise QueryError(f"query {query.name!r} needs {', '.join(missing)} (e.g. {ex})")
    return out


_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.I)


def _strip_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", " ", text, flags=re.S)


def _has_operator(plan, name: str) -> bool:
    """Whether an EXPLAIN plan (the driver's dict) holds an operator ``name``."""
    if not isinstance(plan, dict):
        return False
    op = str(plan.get("operatorType", "")).split("@", 1)[0]
    return op == name or any(_has_operator(c, name) for c in plan.get("children", ()))


def run_query(driver, text: str, params: dict, database: str | None = None, write: bool = False):
    """Run a query; refuses anything that writes unless ``write``. Returns (columns, rows)."""
    from neo4j import READ_ACCESS, WRITE_ACCESS
    from neo4j.exceptions import ClientError

    with driver.session(database=database,
                        default_access_mode=WRITE_ACCESS if write else READ_ACCESS) as session:
        try:
            plan = session.run("EXPLAIN " + text, params).consume()
        except ClientError as exc:
            raise QueryError(f"Cypher error: {exc.message}") from None
        if plan.query_type in ("w", "rw", "s") and not write:
            raise QueryError("this query writes to the database; add --write if you mean it")
        if not write and (_LOAD_CSV.search(_strip_comments(text)) or _has_operator(plan.plan, "LoadCSV")):
            raise QueryError("LOAD CSV reads files or URLs; it runs only with --write "
                             "(and the project's server reads no files and fetches no URLs)")

        def work(tx):
            res = tx.run(text, params)
            return res.keys(), [r.values() for r in res]

        try:
            if write:  # auto-commit, so CALL { … } IN TRANSACTIONS works too
                res = session.run(text, params)
                return res.keys(), [r.values() for r in res]
            return session.execute_read(work)
        except ClientError as exc:
            raise QueryError(f"Cypher error: {exc.message}") from None
