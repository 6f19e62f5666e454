"""The commands the README prints run as printed (with today's pandas, figures included)."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import ROOT, shared
from diplograph.cli import main


def test_readme_build_command_with_articles_and_curated_facts(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert "diplograph build ../shared/seeds --curated data/curated" in (ROOT / "README.md").read_text()
    res = CliRunner().invoke(main, ["build", str(shared("seeds")), "--curated", "data/curated",
                                    "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    for name in ("events.jsonl", "graph.html", "timeline.svg", "state_graph.svg"):
        assert (tmp_path / name).is_file(), name
