"""A new event type is one registration: it flows to the model, the records, the writer's
rows and the exports without another change."""

from __future__ import annotations

import pytest

from diplograph.app import graph_of
from diplograph.graph.event_types import EVENT_TYPES, EventType, event_type, register
from diplograph.graph.model import Event, FactSet
from diplograph.graph.records import build_records


def test_unknown_types_are_refused_with_the_known_ones_named():
    with pytest.raises(ValueError, match="unknown event type 'arms_deal'.*call, meeting, visit"):
        Event(type="arms_deal")


def test_a_phone_call_becomes_a_call_meeting_in_phone_mode():
    call = Event(type="call", date="2024-06-01", participants=["Alpha Person", "Beta Person"],
                 participant_states={"Alpha Person": "RU", "Beta Person": "KP"})
    data = build_records([call])
    (m,) = [n for n in data.nodes.values() if n.label == "Meeting"]
    assert (m.kind, m.mode, m.event_type) == ("call", "phone", "call")
    assert m.id == "meeting:2024-06-01-call-alpha-person-beta-person"


def test_a_registered_directed_type_is_stored_like_a_visit():
    register(EventType("state_visit", directed=True, default_kind="summit", mode="visit",
                       cameo_codes={"happened": "042"}, label="state visit"))
    try:
        ev = Event(type="state_visit", date="2024-06", visitor_state="CN", host_state="RU")
        with pytest.raises(ValueError, match="needs visitor_state and host_state"):
            Event(type="state_visit", visitor_state="CN")
        G = graph_of(FactSet([ev]))
        (m,) = [d for _, d in G.nodes(data=True) if d.get("label") == "Meeting"]
        assert (m["kind"], m["mode"]) == ("summit", "visit")
        roles = sorted((u, a["role"]) for u, _, a in G.edges(data=True) if a.get("type") == "ATTENDED")
        assert roles == [("state:CN", "visitor"), ("state:RU", "host")]
        assert event_type("state_visit").cameo("happened") == "042"
    finally:
        EVENT_TYPES.pop("state_visit")
