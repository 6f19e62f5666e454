"""A meeting of thousands (an assembly, a conference) is bounded work: its persons stay,
but it adds no pairwise MET edges (n(n-1)/2 of them would swamp every view and measure)."""

from __future__ import annotations

from diplograph.app import graph_of
from diplograph.graph.model import Event, FactSet
from diplograph.graph.projections import MAX_MET_PARTICIPANTS, person_projection


def _meeting(n: int, date: str) -> Event:
    names = [f"Delegate Number{i:04d} Example" for i in range(n)]
    return Event(type="meeting", date=date, participants=names,
                 participant_states={p: ("RU" if i % 2 else "KP") for i, p in enumerate(names)})


def test_a_two_thousand_person_meeting_adds_no_pairwise_edges():
    G = graph_of(FactSet([_meeting(2000, "2024-03-01"), _meeting(3, "2024-04-02")]))
    P = person_projection(G)
    persons = [n for n, d in G.nodes(data=True) if d.get("label") == "Person"]
    assert len(persons) == 2000  # the three of the small meeting are among them
    # only the small meeting's cross-state pairs: 3 persons, states KP, RU, KP -> 2 pairs
    assert P.number_of_edges() == 2
    attended = sum(1 for _, _, k in G.edges(keys=True) if k == "ATTENDED")
    assert attended >= 2003


def test_the_bound_is_inclusive():
    n = MAX_MET_PARTICIPANTS
    P = person_projection(graph_of(FactSet([_meeting(n, "2024-03-01")])))
    assert P.number_of_edges() == (n // 2) * (n - n // 2)  # every KP-RU pair
