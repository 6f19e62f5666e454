"""``diplograph query``: the Cypher library (or any query) in READ mode, as a table, CSV or JSON."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import click

from diplograph.cli.common import connection_options, output_options


def _print_table(columns, rows) -> None:
    """A plain-text table; long values wrap inside their column instead of being cut."""
    from tabulate import tabulate

    width = max(20, shutil.get_terminal_size((120, 24)).columns // max(len(columns), 1) - 3)
    click.echo(tabulate([[_fmt(v) for v in r] for r in rows], headers=list(columns),
                        tablefmt="simple", maxcolwidths=width, disable_numparse=True))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


@click.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True,
              help="key=value (repeatable); persons and states may be given by any name, "
                   "alias or ISO code.")
@click.option("--file", "file", type=click.Path(exists=True, path_type=Path), help="Run a .cypher file.")
@click.option("--cypher", "cypher", help="Run this Cypher text.")
@click.option("--list", "list_", is_flag=True, help="List the library with descriptions.")
@output_options
@click.option("--write", is_flag=True, help="Allow a query that writes.")
@connection_options
def query(name, params, file, cypher, list_, fmt, write, conn):
    """Run a library query (or --file / --cypher) in READ mode and print the result.

    \b
    Example:
        diplograph query --list
        diplograph query meetings_of_person -p person=Lawrow
        diplograph query state_partners -p state="North Korea"
        diplograph query met_between_states -p a=RU -p b=KP -p from=2023-07 -p to=2024-06 --csv
    """
    from diplograph.loaders.neo4j.queries import list_queries, load_query, parse_params, parse_query

    if list_:
        if fmt == "json":
            click.echo(json.dumps([{"name": q.name, "answers": q.answers, "params": q.params,
                                    "examples": q.examples, "columns": q.columns}
                                   for q in list_queries()], ensure_ascii=False, indent=1))
            return
        for q in list_queries():
            ps = ", ".join(f"${k} ({t})" for k, t in q.params.items()) or "no parameters"
            click.echo(f"{q.name:<28} {q.answers}\n{'':<28} {ps}")
        return
    if sum(bool(x) for x in (name, file, cypher)) != 1:
        raise click.UsageError("give one of NAME, --file or --cypher (or --list)")
    q = load_query(name) if name else parse_query(
        file.read_text(encoding="utf-8") if file else cypher, name="query")
    args = parse_params(list(params), q if name else None)
    from diplograph.loaders.neo4j.store import connect
    from diplograph.loaders.neo4j.queries import run_query

    c = conn()
    with connect(c) as driver:
        if name:  # persons and states by any name, alias or ISO code
            from diplograph.loaders.param_names import resolve_params

            args = resolve_params(driver, c.database, q, args)
        cols, rows = run_query(driver, q.text, args, c.database, write=write)
    if fmt == "json":
        click.echo(json.dumps([dict(zip(cols, r)) for r in rows], ensure_ascii=False, indent=1,
                              default=str))
    elif fmt == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(cols)
        for r in rows:
            w.writerow([_fmt(v) for v in r])
    else:
        _print_table(cols, rows)
