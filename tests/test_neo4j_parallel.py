"""The write path skips what a load would only write again: stored meetings rebuilt with
the signature they are stored with (their properties, reports and every relationship).
Against the real Neo4j server of tests/conftest.py."""

from __future__ import annotations

import networkx as nx
import pytest

from diplograph.graph.model import Entity, Event
from diplograph.loaders.neo4j.store import apply_load, apply_schema, counts, plan_load, read_graph

pytestmark = pytest.mark.neo4j


def _visit(article, date):
    return Event(article=article, type="visit", date=date, visitor_state="SY", host_state="VN",
                 place="Hanoi", participants=["Faisal Mekdad"])


EVENTS = [_visit("a.txt", "2016-07-23"), _visit("b.txt", "2016-07-08"), _visit("c.txt", "2016-07")]
ENTS = [Entity(name="Faisal Mekdad", state="SY")]


def test_a_reload_sends_no_meeting_and_a_meeting_with_another_signature_is_rewritten(
        neo4j_driver, gazetteer):
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    apply_schema(neo4j_driver)
    first = plan_load(neo4j_driver, EVENTS, ENTS, gazetteer)
    assert first.unchanged == frozenset()  # nothing stored yet
    apply_load(neo4j_driver, first)
    before, graph = counts(neo4j_driver), read_graph(neo4j_driver)
    meetings = {n for n, d in graph.nodes(data=True) if d["label"] == "Meeting"}
    assert len(meetings) == 2

    again = plan_load(neo4j_driver, EVENTS, ENTS, gazetteer)
    assert again.unchanged == frozenset(meetings)
    done = apply_load(neo4j_driver, again)
    assert "Meeting" not in done and "ATTENDED" not in done and "REPORTED_IN" not in done
    assert counts(neo4j_driver) == before
    assert nx.utils.graphs_equal(read_graph(neo4j_driver), graph)

    # a stored meeting whose signature differs (here: lost a relationship and its
    # signature no longer matches) is written again, whole
    victim = sorted(meetings)[0]
    neo4j_driver.execute_query("MATCH (m:Meeting {id: $id})-[r:REPORTED_IN]->() DELETE r",
                               id=victim)
    neo4j_driver.execute_query("MATCH (m:Meeting {id: $id}) SET m._sig = 'stale'", id=victim)
    third = plan_load(neo4j_driver, EVENTS, ENTS, gazetteer)
    assert victim not in third.unchanged and third.unchanged == frozenset(meetings - {victim})
    done = apply_load(neo4j_driver, third)
    assert done["Meeting"] == 1
    assert counts(neo4j_driver) == before
    assert nx.utils.graphs_equal(read_graph(neo4j_driver), graph)
