"""Regenerate cypher/README.md: every library query with an example result on the
curated data. Needs a server with the curated data loaded:

    eval "$(diplograph neo4j start)" && diplograph load && python cypher/render_readme.py
"""

from __future__ import annotations

import json
from pathlib import Path

from diplograph.loaders.neo4j.store import connect, connection_from_env
from diplograph.loaders.neo4j.queries import list_queries, run_query

HEAD = """# The analysts' Cypher library

One parameterised query per file in `queries/`, named by intent. Each file starts with
`// answers:`, `// params:` (name, type, example) and `// columns:`. Run them with

    diplograph query NAME -p key=value …      # table; --csv or --json for files
    diplograph query --list                   # this list

or paste a file into Neo4j Browser / cypher-shell and pass the parameters there.
`schema.cypher` holds the constraints and indexes; the loader applies it.

Every result below is real: the query run on the curated data (`diplograph load`).
tests/test_queries.py asserts each of them.
"""


def _cell(v) -> str:
    text = json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else ("" if v is None else str(v))
    return text.replace("|", "\\|")[:70]


def main() -> None:
    conn = connection_from_env()
    parts = [HEAD]
    with connect(conn) as driver:
        for q in list_queries():
            args = dict(q.examples)
            cols, rows = run_query(driver, q.text, args, conn.database)
            params = " ".join(f"-p {k}={json.dumps(v) if isinstance(v, str) else v}"
                              for k, v in args.items())
            parts.append(f"## {q.name}\n\n{q.answers}\n\n"
                         f"    diplograph query {q.name} {params}".rstrip() + "\n")
            parts.append("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
            for r in rows[:6]:
                parts.append("| " + " | ".join(_cell(v) for v in r) + " |")
            if len(rows) > 6:
                parts.append(f"\n… {len(rows) - 6} more rows")
            parts.append("")
    Path(__file__).with_name("README.md").write_text("\n".join(parts) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
