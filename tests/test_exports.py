"""Analyst exports: the flat event table (CSV and Parquet), GEXF for Gephi and GraphML,
on small hand-written events whose rows are known."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import networkx as nx
import pandas as pd
import pytest

from diplograph.graph.records import build_graph
from diplograph.graph.model import Event
from diplograph.loaders.exports import (
    EVENT_COLUMNS,
    event_table,
    iso3,
    write_event_tables,
    write_gexf,
    write_graphml_export,
)

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def small(gazetteer):
    events = [
        Event(article="a.txt", type="visit", date="2023-10-18", visitor_state="RU", host_state="KP",
              place="Pyongyang", participants=["Sergei Lavrov"],
              participant_states={"Sergei Lavrov": "RU"},
              evidence={"text": "The minister flew in on a Wednesday.", "start": 4, "end": 40},
              confidence=0.9),
        Event(article="b.txt", type="meeting", date="2024-02", place="Beijing",
              participants=["Sergei Lavrov", "Choe Son Hui"],
              participant_states={"Sergei Lavrov": "RU", "Choe Son Hui": "KP"}),
        Event(article="b.txt", type="meeting", date="2024-03", place="Moscow",
              participants=["Sergei Lavrov", "Choe Son Hui"],
              participant_states={"Sergei Lavrov": "RU", "Choe Son Hui": "KP"}),
        Event(article="c.txt", type="visit", date="2018", visitor_state="CN", host_state="KP"),
        Event(article="c.txt", type="visit", date="2025-05", status="planned", visitor_state="KP",
              host_state="RU", participants=["Kim Jong Un"], participant_states={"Kim Jong Un": "KP"}),
    ]
    arts = [{"file": "a.txt", "title": "A made-up report", "published": "2023-10-19",
             "source": "https://example.org/a"}]
    return build_graph(events, [], gazetteer, arts)


@pytest.fixture(scope="module")
def table(small):
    return event_table(small)


def _rows(table, date):
    return table[table["date"] == date].set_index("side" if date != "2024-02" else "actor_state")


def test_iso3():
    assert (iso3("KP"), iso3("DE"), iso3("XX"), iso3(None)) == ("PRK", "DEU", None, None)


def test_one_row_per_event_and_side(table):
    assert list(table.columns) == list(EVENT_COLUMNS)
    assert len(table) == 10 and table["event_id"].nunique() == 5
    visit = _rows(table, "2023-10-18")
    assert visit.loc["visitor", ["actor", "actor_state", "actor_state_iso3", "counterpart",
                                 "counterpart_state_iso3", "cameo_code"]].tolist() == [
        "Sergei Lavrov", "RU", "RUS", "North Korea", "PRK", "042"]
    assert visit.loc["host", "cameo_code"] == "043" and visit.loc["host", "actor"] == "North Korea"
    assert visit.loc["visitor", "quote"] == "The minister flew in on a Wednesday."
    assert visit.loc["visitor", "source_url"] == "https://example.org/a"
    assert visit.loc["visitor", "article_title"] == "A made-up report"
    assert visit.loc["visitor", "place"] == "Pyongyang"
    assert (visit["plover_type"] == "CONSULT").all() and (visit["plover_mode"] == "visit").all()


def test_cameo_codes_follow_the_place(table):
    third = _rows(table, "2024-02")  # Beijing: neither side's state
    assert third["cameo_code"].tolist() == ["044", "044"]
    assert third.loc["RU", "counterpart"] == "Choe Son Hui"
    moscow = table[table["date"] == "2024-03"].set_index("actor_state")
    assert moscow.loc["RU", "cameo_code"] == "043" and moscow.loc["KP", "cameo_code"] == "042"
    planned = table[table["status"] == "planned"]
    assert planned["cameo_code"].tolist() == ["036", "036"]


def test_partial_dates_keep_their_precision(table):
    row = table[table["date"] == "2018"].iloc[0]
    assert row["date_precision"] == "year"
    assert (row["date_start"], row["date_end"]) == (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert row["actor"] == "China"  # an unnamed delegation is its state


def test_csv_and_parquet_round_trip(small, tmp_path):
    csv_path, pq_path = write_event_tables(tmp_path, small)
    pq = pd.read_parquet(pq_path)
    assert pq["date"].tolist() == event_table(small)["date"].tolist()
    assert "2018" in pq["date"].tolist()  # a year stays a year, not 2018-01-01
    assert pq["cameo_code"].iloc[0].startswith("0")
    assert str(pq["n_reports"].dtype) == "Int64"
    back = pd.read_csv(csv_path, dtype={"cameo_code": str, "date": str})
    assert len(back) == len(pq) and set(back["cameo_code"]) == {"036", "042", "043", "044"}


def test_gexf_for_gephi(small, tmp_path):
    cen = pd.DataFrame([{"id": "state:KP", "degree": 2, "strength": 2, "betweenness": 0.25,
                         "pagerank": 0.4, "closeness": 0.5}])
    path = write_gexf(tmp_path / "g.gexf", small, cen)
    root = ET.parse(path).getroot()
    graph = root.find(f"{GEXF}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    H = nx.read_gexf(path)
    assert H.nodes["person:sergei-lavrov"]["label"] == "Sergei Lavrov"
    assert H.nodes["person:sergei-lavrov"]["type"] == "Person"
    assert H.nodes["state:KP"]["iso3"] == "PRK"
    assert H.nodes["state:KP"]["betweenness"] == pytest.approx(0.25)
    meeting = next(n for n, d in H.nodes(data=True) if d["type"] == "Meeting"
                   and d.get("date") == "2023-10-18")
    assert H.nodes[meeting]["label"] == "visit 2023-10-18 Pyongyang"
    node = root.find(f".//{GEXF}node[@id='{meeting}']")
    assert (node.get("start"), node.get("end")) == ("2023-10-18", "2023-10-18")
    edges = root.findall(f".//{GEXF}edge")
    assert len({e.get("id") for e in edges}) == len(edges) == small.number_of_edges()
    assert all(float(e.get("weight")) > 0 for e in edges)
    assert {e.get("type") for e in edges} <= {None, "directed"}


def test_graphml_has_unique_ids_typed_numbers_and_names(small, tmp_path):
    path = write_graphml_export(tmp_path / "g.graphml", small)
    root = ET.parse(path).getroot()
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(f"{GRAPHML}key")}
    assert keys[("edge", "weight")] == "double" and keys[("node", "betweenness")] == "double"
    ids = [e.get("id") for e in root.iter(f"{GRAPHML}edge")]
    assert len(ids) == len(set(ids)) == small.number_of_edges()
    H = nx.read_graphml(path, force_multigraph=True)
    assert all(d.get("name") for _, d in H.nodes(data=True))
    assert all(d["label"] == d["name"] for _, d in H.nodes(data=True))
    assert H.nodes["article:a"]["name"] == "A made-up report"
    assert {d["type"] for _, d in H.nodes(data=True)} >= {"Person", "State", "Meeting", "Article"}
    meeting = next(n for n, d in H.nodes(data=True) if d["type"] == "Meeting" and d.get("status") == "planned")
    assert H.nodes[meeting]["participants"] == "Kim Jong Un"  # a list becomes plain text
