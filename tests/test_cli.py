"""The main job end to end, as a user runs it."""

import csv
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner

from diplograph.cli import main

EXPECTED = ["events.jsonl", "entities.jsonl", "graph.graphml", "state_graph.csv",
            "centrality.csv", "graph.html", "person.html", "actors.html", "state_graph.png",
            "timeline.png"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run([sys.executable, "-m", "diplograph", "build", "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    return out, proc


def test_build_writes_every_output(built):
    out, proc = built
    assert proc.returncode == 0, proc.stderr
    for name in EXPECTED:
        assert (out / name).stat().st_size > 0, name
        assert f"wrote {out / name}" in proc.stdout
    assert "persons: 27  states: 7  meetings: 45" in proc.stdout


def test_outputs_parse(built):
    out, _ = built
    events = [json.loads(l) for l in (out / "events.jsonl").read_text().splitlines()]
    assert len(events) == 55
    ents = [json.loads(l) for l in (out / "entities.jsonl").read_text().splitlines()]
    assert {"Sergei Lavrov", "Choe Son Hui"} <= {e["name"] for e in ents}
    G = nx.read_graphml(out / "graph.graphml")
    assert G.nodes["state:KP"]["label"] == "State"
    rows = list(csv.DictReader(open(out / "state_graph.csv")))
    top = rows[0]
    assert (top["source"], top["target"], top["count"]) == ("state:KP", "state:RU", "14")
    cen = list(csv.DictReader(open(out / "centrality.csv")))
    assert [r["id"] for r in cen[:2]] == ["state:KP", "state:RU"]
    assert {"degree", "betweenness", "in_degree", "out_degree"} <= set(cen[0])
    ET.parse(out / "graph.graphml")


def test_summary_lists_top_states(built):
    _, proc = built
    lines = proc.stdout.splitlines()
    i = lines.index("most central states (visits made+received, betweenness):")
    assert lines[i + 1].split()[0:2] == ["North", "Korea"]
    assert lines[i + 2].split()[0] == "Russia"


def test_html_is_offline(built):
    out, _ = built
    html = (out / "graph.html").read_text()
    import re

    assert "<script src=" not in html and "<link " not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html)


def test_bad_curated_file_is_one_error_line(tmp_path):
    bad = tmp_path / "events.jsonl"
    bad.write_text('{"type": "visit", "visitor_state": "RU", "host_state": "KP"}\n'
                   '{"type": "visit", "visitor_state": "RU", "host_state": "KP", "date": "2023-13"}\n')
    res = CliRunner().invoke(main, ["build", "--curated", str(bad), "--out", str(tmp_path / "o"),
                                    "--strict", "--no-html"])
    assert res.exit_code == 1
    assert res.output.strip().splitlines() == [
        f"Error: {bad}:2: field 'date': Value error, month 13 in '2023-13' is not 01-12"
    ], res.output
    assert "Traceback" not in res.output


def test_bad_line_skipped_without_strict(tmp_path):
    bad = tmp_path / "events.jsonl"
    bad.write_text('{"type": "visit", "visitor_state": "RU", "host_state": "KP", "date": "2023"}\n'
                   "{oops\n")
    res = CliRunner().invoke(main, ["build", "--curated", str(bad), "--out", str(tmp_path / "o"),
                                    "--no-html"])
    assert res.exit_code == 3, res.output
    assert f"Warning: {bad}:2: not valid JSON" in res.output
    assert (tmp_path / "o" / "events.jsonl").read_text().count("\n") == 1


def test_missing_input_is_an_error_not_a_traceback(tmp_path):
    res = CliRunner().invoke(main, ["build", "--curated", str(tmp_path / "nope"), "--out",
                                    str(tmp_path / "o")])
    assert res.exit_code == 1
    assert res.output.startswith("Error: ") and "no such file or folder" in res.output


def test_help_has_examples():
    res = CliRunner().invoke(main, ["build", "--help"])
    assert res.exit_code == 0 and "Example:" in res.output


def test_view_command_writes_every_view_and_figure(tmp_path):
    res = CliRunner().invoke(main, ["view", "--out", str(tmp_path), "--focus", "Choe Son Hui",
                                    "--color-by", "bloc", "--size-by", "betweenness"])
    assert res.exit_code == 0, res.output
    for name in ("graph.html", "person.html", "actors.html", "ego.html", "state_graph.png",
                 "state_graph.svg", "timeline.png", "timeline.svg"):
        assert (tmp_path / name).stat().st_size > 1000, name
    assert (tmp_path / "state_graph.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "timeline.svg").read_text()[:2000]
    html = (tmp_path / "ego.html").read_text()
    assert "Ego network of Choe Son Hui (depth 2)" in html


def test_view_unknown_focus_is_an_error(tmp_path):
    res = CliRunner().invoke(main, ["view", "--kind", "ego", "--focus", "Nobody At All",
                                    "--out", str(tmp_path)])
    assert res.exit_code == 1 and res.output.startswith("Error: no actor named 'Nobody At All'")


def test_build_from_articles_with_curated_facts_winning(tmp_path):
    from conftest import shared

    res = CliRunner().invoke(main, ["build", str(shared("seeds")), "--curated", "data/curated",
                                    "--out", str(tmp_path), "--no-html"])
    assert res.exit_code == 0, res.output
    events = [json.loads(l) for l in (tmp_path / "events.jsonl").read_text().splitlines()]
    # the article misdates Lavrov's trip to April; the curated fact (October) wins
    lavrov_000 = [e for e in events if e["article"].startswith("000") and e["type"] == "visit"
                  and e["participants"] == ["Sergei Lavrov"]]
    assert [e["date"] for e in lavrov_000] == ["2023-10"]
    extracted_only = [e for e in events if e.get("evidence") and e["evidence"].get("start") is not None]
    assert extracted_only  # what curated facts do not cover stays, with its evidence
    G = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    summit = "meeting:2023-09-talks-kim-jong-un-vladimir-putin"
    assert sum(1 for _, _, a in G.out_edges(summit, data=True) if a["type"] == "REPORTED_IN") == 4


def test_large_load_without_events_file_says_so(tmp_path):
    """`load DIR --bulk --stream` on a folder without events.jsonl: one Error line naming
    the file, exit 1, and the local server is not touched."""
    home = tmp_path / "home"
    res = subprocess.run([sys.executable, "-m", "diplograph", "load", str(tmp_path), "--bulk",
                          "--stream", "--home", str(home)], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 1
    assert res.stderr.startswith(f"Error: {tmp_path / 'events.jsonl'}: no such file")
    assert "Traceback" not in res.stderr
    assert not home.exists()
