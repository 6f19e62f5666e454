"""Every command has help, and every help ends with an example."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from diplograph.cli import main


def _commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


COMMANDS = list(_commands(main))


def test_the_cli_has_its_commands():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"build", "extract", "eval", "load", "metrics", "query", "view", "neo4j start"} <= names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help_with_an_example(path):
    res = CliRunner().invoke(main, [*path, "--help"])
    assert res.exit_code == 0, res.output
    assert "Example:" in res.output, f"diplograph {' '.join(path)} --help has no example"
    body = res.output.split("Example:", 1)[1]
    assert f"diplograph {' '.join(path)}" in body, f"the example does not run diplograph {' '.join(path)}"
