"""What every command shares: error reporting, exit codes, input problems, the Neo4j
connection options and the output-format options (as decorators, like sqlite-utils)."""

from __future__ import annotations

import functools
import os
import sys
import traceback

import click

from diplograph.errors import DiplographError

EXIT_ERROR = 1
EXIT_PARTIAL = 3


class Command(click.Group):
    """Turns exceptions into ``Error: …`` lines unless ``--debug``."""

    def invoke(self, ctx):
        try:
            rv = super().invoke(ctx)
            sys.stdout.flush()  # a closed pipe shows here, not in Python's exit
            return rv
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # the reader went away (`diplograph query --list | head -1`)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes at exit
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the one place that reports everything
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            else:
                msg = str(exc) if isinstance(exc, DiplographError) else f"{type(exc).__name__}: {exc}"
                click.echo(f"Error: {msg}", err=True)
                if not isinstance(exc, DiplographError):
                    click.echo("  (run with --debug for the traceback)", err=True)
            sys.exit(EXIT_ERROR)


def warn(err) -> None:
    click.echo(f"Warning: {err}", err=True)


class Problems(list):
    """Collects input problems as warnings; with ``strict`` the first one is fatal."""

    def __init__(self, strict: bool):
        super().__init__()
        self.strict = strict

    def __call__(self, err) -> None:
        if self.strict:
            raise err
        self.append(err)
        warn(err)



def connection_options(f):
    """--neo4j-uri/--neo4j-user/--neo4j-database; the password comes from NEO4J_PASSWORD
    or a prompt (--ask-password), never from the command line."""
    @click.option("--neo4j-uri", envvar="NEO4J_URI", help="Bolt URI [env NEO4J_URI].")
    @click.option("--neo4j-user", envvar="NEO4J_USER", default="neo4j", show_default=True,
                  help="User [env NEO4J_USER].")
    @click.option("--neo4j-database", envvar="NEO4J_DATABASE", default=None,
                  help="Database [env NEO4J_DATABASE; default: the server's].")
    @click.option("--ask-password", is_flag=True, help="Prompt for the password instead of "
                  "reading NEO4J_PASSWORD.")
    @functools.wraps(f)
    def wrapper(*args, neo4j_uri, neo4j_user, neo4j_database, ask_password, **kw):
        kw["conn"] = functools.partial(make_conn, neo4j_uri, neo4j_user, neo4j_database,
                                       ask_password)
        return f(*args, **kw)
    return wrapper


def make_conn(uri, user, database, ask_password):
    """The connection, built only when a command needs it."""
    from diplograph.loaders.neo4j.store import connection_from_env

    password = os.environ.get("NEO4J_PASSWORD")
    if ask_password or (password is None and sys.stdin.isatty()):
        password = click.prompt("Neo4j password", hide_input=True)
    return connection_from_env(uri, user, password or "", database)


def progress(total: int | None, desc: str, unit: str = "row"):
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=None, leave=False)
    return bar


def print_counts(res: dict) -> None:
    after, before = res["after"], res["before"]
    click.echo(f"loaded {res['rows']} rows in {res['seconds']:.2f} s")
    for k, v in after.items():
        delta = v - before.get(k, 0)
        click.echo(f"  {k:<14} {v:>8}" + (f"  (+{delta})" if delta else ""))




def output_options(f):
    """--table (default), --csv or --json: how a command prints rows."""
    @click.option("--csv", "fmt", flag_value="csv", help="Output CSV.")
    @click.option("--json", "fmt", flag_value="json", help="Output JSON (one array).")
    @click.option("--table", "fmt", flag_value="table", default=True, help="Output a table (default).")
    @functools.wraps(f)
    def wrapper(*args, **kw):
        return f(*args, **kw)
    return wrapper
