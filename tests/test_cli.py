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

EXPECTED = ["events.jsonl", "entities.jsonl", "articles.jsonl", "events.csv", "events.parquet",
            "graph.graphml", "graph.gexf", "state_graph.csv", "centrality.csv",
            "centrality_by_window.csv", "graph.html", "person.html", "actors.html",
            "state_graph.png", "state_graph.svg", "timeline.png", "timeline.svg"]


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
    assert G.nodes["state:KP"]["label"] == "North Korea" and G.nodes["state:KP"]["type"] == "State"
    rows = list(csv.DictReader(open(out / "state_graph.csv")))
    top = rows[0]
    assert (top["source"], top["target"], top["count"]) == ("state:KP", "state:RU", "14")
    cen = list(csv.DictReader(open(out / "centrality.csv")))
    assert [r["id"] for r in cen[:2]] == ["state:KP", "state:RU"]
    assert {r["graph"] for r in cen} == {"state", "person"}
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


def test_build_and_metrics_write_the_same_centrality(built, tmp_path):
    out, _ = built
    res = CliRunner().invoke(main, ["metrics", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    for name in ("centrality.csv", "centrality_by_window.csv"):
        assert (tmp_path / name).read_text() == (out / name).read_text(), name


def test_metrics_of_a_build_folder_and_a_window(built, tmp_path):
    """`metrics OUT --from --to` reads what build wrote and equals `build --from --to`."""
    out, _ = built
    res = CliRunner().invoke(main, ["metrics", str(out), "--from", "2024-01", "--to", "2024-06",
                                    "--out", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["build", "--from", "2024-01", "--to", "2024-06", "--no-html",
                                    "--no-figures", "--out", str(tmp_path / "b")])
    assert res.exit_code == 0, res.output
    windowed = (tmp_path / "m" / "centrality.csv").read_text()
    assert windowed == (tmp_path / "b" / "centrality.csv").read_text()
    assert windowed != (out / "centrality.csv").read_text()
    events = [json.loads(l) for l in (tmp_path / "b" / "events.jsonl").read_text().splitlines()]
    assert events and all("2024-01" <= e["date"][:7] <= "2024-06" and len(e["date"]) >= 7
                          for e in events)
    by_window = list(csv.DictReader(open(tmp_path / "m" / "centrality_by_window.csv")))
    assert {r["window"] for r in by_window} <= {"2024Q1", "2024Q2"}


def test_window_errors_are_usage_errors(tmp_path):
    res = CliRunner().invoke(main, ["metrics", "--from", "2024-07", "--to", "2024-01",
                                    "--out", str(tmp_path)])
    assert res.exit_code == 2 and "starts (2024-07) after it ends (2024-01)" in res.output
    res = CliRunner().invoke(main, ["build", "--from", "2024-13", "--out", str(tmp_path)])
    assert res.exit_code == 2 and "month 13" in res.output


def test_neo4j_flag_has_one_meaning(tmp_path):
    res = CliRunner().invoke(main, ["build", "--neo4j", "--out", str(tmp_path)])
    assert res.exit_code == 2 and "--load-neo4j" in res.output
    res = CliRunner().invoke(main, ["metrics", "--neo4j", "--out", str(tmp_path)])
    assert res.exit_code == 2 and "--from-neo4j" in res.output


def test_seeds_build_writes_the_analyst_exports(tmp_path):
    from conftest import shared

    import pandas as pd

    res = CliRunner().invoke(main, ["build", str(shared("seeds")), "--curated", "data/curated",
                                    "--out", str(tmp_path), "--no-html", "--no-figures"])
    assert res.exit_code == 0, res.output
    df = pd.read_parquet(tmp_path / "events.parquet")
    G = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    meetings = {n for n, d in G.nodes(data=True) if d["type"] == "Meeting"}
    assert set(df["event_id"]) == meetings
    assert df["quote"].notna().any() and set(df["cameo_code"]) >= {"042", "043"}
    gexf = nx.read_gexf(tmp_path / "graph.gexf")
    assert gexf.nodes["person:sergei-lavrov"]["label"] == "Sergei Lavrov"


def test_extract_reads_stdin_and_writes_stdout():
    text = ("Berlin, 3 May 2024\nGerman Foreign Minister Annalena Baerbock travelled to Beijing "
            "on Friday and met Chinese Foreign Minister Wang Yi.\n")
    proc = subprocess.run([sys.executable, "-m", "diplograph", "extract", "-", "--out", "-"],
                          input=text, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {(e["type"], e["article"]) for e in events} == {("visit", "stdin.txt"), ("meeting", "stdin.txt")}
    visit = next(e for e in events if e["type"] == "visit")
    assert (visit["visitor_state"], visit["host_state"]) == ("DE", "CN")
    assert proc.stderr.strip().endswith("read 1 articles: 2 events, 2 persons")


def test_query_list_json():
    res = CliRunner().invoke(main, ["query", "--list", "--json"])
    assert res.exit_code == 0, res.output
    lib = {q["name"]: q for q in json.loads(res.output)}
    assert lib["state_partners"]["params"] == {"state": "string"}
    assert lib["state_partners"]["columns"] == ["partner", "made", "received", "exchanges"]


@pytest.mark.parametrize("spelling", ["Lawrow", "Lavrov", "sergei lavrov", "Sergej Lawrow"])
def test_view_focus_any_spelling(tmp_path, spelling):
    res = CliRunner().invoke(main, ["view", "--kind", "ego", "--focus", spelling, "--no-figures",
                                    "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "Ego network of Sergei Lavrov (depth 2)" in (tmp_path / "ego.html").read_text()


def test_view_ambiguous_focus_suggests(tmp_path):
    res = CliRunner().invoke(main, ["view", "--kind", "ego", "--focus", "Kim", "--out", str(tmp_path)])
    assert res.exit_code == 1
    assert res.output.startswith("Error: no actor named 'Kim' in the graph; did you mean ")
    assert "'Kim Jong Un'" in res.output


def test_view_from_a_build_folder_with_a_window(built, tmp_path):
    out, _ = built
    res = CliRunner().invoke(main, ["view", str(out), "--kind", "actors", "--from", "2024-01",
                                    "--to", "2024-03", "--no-figures", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "actors.html").read_text()
    assert "2023-10" not in html.split('id="graph-data">')[1].split("</script>")[0]


@pytest.mark.neo4j
def test_query_parameters_take_names(curated_in_neo4j):
    env = curated_in_neo4j

    def run(*args):
        return CliRunner().invoke(main, ["query", *args, "--json"], env=env)

    by_code = json.loads(run("state_partners", "-p", "state=KP").output)
    assert by_code and json.loads(run("state_partners", "-p", "state=North Korea").output) == by_code
    assert json.loads(run("state_partners", "-p", "state=Nordkorea").output) == by_code
    lavrov = json.loads(run("meetings_of_person", "-p", "person=Sergei Lavrov").output)
    assert lavrov and json.loads(run("meetings_of_person", "-p", "person=Lawrow").output) == lavrov
    assert json.loads(run("state_partners", "-p", "state=North Koria").output) == by_code  # a typo
    res = run("state_partners", "-p", "state=Korea")
    assert res.exit_code == 1 and "did you mean 'North Korea'" in res.output
    res = run("meetings_of_person", "-p", "person=Kim")
    assert res.exit_code == 1 and "did you mean" in res.output and "Kim Jong Un" in res.output


@pytest.mark.neo4j
def test_metrics_from_neo4j_equal_metrics_from_files(curated_in_neo4j, tmp_path):
    """The same facts measured from files and read back from Neo4j give the same
    centrality.csv, also for a window."""
    env = curated_in_neo4j
    for window in ([], ["--from", "2024-01", "--to", "2024-06"]):
        a, b = tmp_path / f"db{len(window)}", tmp_path / f"files{len(window)}"
        res = CliRunner().invoke(main, ["metrics", "--from-neo4j", *window, "--out", str(a)], env=env)
        assert res.exit_code == 0, res.output
        res = CliRunner().invoke(main, ["metrics", *window, "--out", str(b)])
        assert res.exit_code == 0, res.output
        assert (a / "centrality.csv").read_text() == (b / "centrality.csv").read_text()
