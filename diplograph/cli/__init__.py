"""The ``diplograph`` command: a thin click layer over graph/ and loaders/.

Errors reach people as one ``Error: …`` line and exit code 1; ``--debug`` shows the
traceback instead.

Exit codes: 0 success, 1 error, 2 usage error (bad option), 3 finished but some input
was skipped (see the ``Warning:`` lines).
"""

from __future__ import annotations

import click

import logging

from diplograph.cli.common import EXIT_ERROR, EXIT_PARTIAL, Command

@click.group(cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="diplograph")
@click.pass_context
def main(ctx, debug):
    """diplograph: a graph of diplomatic contact built from news.

    \b
    Exit codes: 0 success, 1 error, 2 usage error,
                3 done, but some input was skipped (see Warning: lines).

    \b
    Example:
        diplograph build --out out/
        diplograph --help
    """
    # the driver logs connection failures itself; the CLI reports them as one Error line
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


from diplograph.cli import build, extract, metrics, neo4j, query, views  # noqa: E402

main.add_command(build.build)
main.add_command(extract.extract)
main.add_command(extract.evaluate)
main.add_command(metrics.metrics)
main.add_command(views.view)
main.add_command(neo4j.neo4j)
main.add_command(neo4j.load)
main.add_command(query.query)

__all__ = ["main", "EXIT_ERROR", "EXIT_PARTIAL"]
