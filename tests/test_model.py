"""The typed records and their JSON Lines form."""

import json

import pytest

from diplograph.errors import InputError
from diplograph.graph.model import Entity, Event, Meeting, person_id, slug
from diplograph.loaders.jsonl import read_entities, read_events, write_jsonl


def _event(**kw):
    base = dict(article="a.txt", type="visit", date="2023-10", visitor_state="RU",
                host_state="KP", place="Pyongyang", participants=["Sergei Lavrov"],
                participant_states={"Sergei Lavrov": "RU"},
                evidence={"text": "Lavrov flew in.", "start": 3, "end": 18}, confidence=0.9)
    base.update(kw)
    return Event(**base)


def test_round_trip_events(tmp_path):
    events = [_event(), _event(type="meeting", visitor_state=None, host_state=None,
                               participants=["Sergei Lavrov", "Kim Jong Un"],
                               participant_states={"Sergei Lavrov": "RU", "Kim Jong Un": "KP"},
                               status="planned", date=None)]
    path = tmp_path / "events.jsonl"
    assert write_jsonl(path, events) == 2
    back = read_events(path)
    assert back == events
    assert back[0].evidence.start == 3 and back[1].date is None


def test_round_trip_entities(tmp_path):
    ents = [Entity(name="Choe Son Hui", aliases=["Choe Son-hui"], state="KP",
                   roles=[{"title": "Foreign Minister", "of": "KP", "since": "2022-06"}])]
    path = tmp_path / "entities.jsonl"
    write_jsonl(path, ents)
    assert read_entities(path) == ents


def test_gold_file_reads_in_our_format():
    from conftest import shared

    events = read_events(shared("eval", "seeds.gold.jsonl"))
    assert len(events) == 55
    assert sum(e.status == "planned" for e in events) == 4


@pytest.mark.parametrize(
    "line, field",
    [
        ({"type": "visit", "visitor_state": "RU", "host_state": "KP", "date": "2023-13"}, "date"),
        ({"type": "visit", "visitor_state": "Russia", "host_state": "KP"}, "visitor_state"),
        ({"type": "trip", "visitor_state": "RU", "host_state": "KP"}, "type"),
        ({"type": "meeting", "colour": "red"}, "colour"),
        ({"type": "meeting", "confidence": 3}, "confidence"),
    ],
)
def test_bad_line_names_file_line_and_field(tmp_path, line, field):
    path = tmp_path / "ev.jsonl"
    good = json.dumps(_event().model_dump(mode="json"))
    path.write_text(good + "\n" + good + "\n" + json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_events(path)
    err = info.value
    assert err.line == 3 and err.field == field
    assert str(err).startswith(f"{path}:3: field '{field}'")


def test_broken_json_names_line(tmp_path):
    path = tmp_path / "ev.jsonl"
    path.write_text('{"type": "meeting"}\n{"type": \n', encoding="utf-8")
    with pytest.raises(InputError, match=r"ev.jsonl:2: not valid JSON"):
        read_events(path)


def test_on_error_skips_and_reports(tmp_path):
    path = tmp_path / "ev.jsonl"
    path.write_text('{"type": "meeting"}\nnot json\n{"type": "meeting", "date": "2024"}\n')
    seen = []
    events = read_events(path, on_error=seen.append)
    assert [e.date for e in events] == [None, "2024"]
    assert len(seen) == 1 and seen[0].line == 2


def test_ids_are_stable_and_readable():
    assert person_id("Sergei Lavrov") == "person:sergei-lavrov"
    assert slug("Choe Son-hui  ") == "choe-son-hui"
    assert slug("Pjöngjang") == "pjongjang"


def test_meeting_rejects_impossible_day():
    with pytest.raises(ValueError):
        Meeting(id="meeting:x", kind="visit", mode="visit", date="2023-02-30")
