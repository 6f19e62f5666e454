"""A load reads back only the stored meetings its reports can touch (issue 16): the keys
of graph.resolve.universe_keys split any set of reports into parts that cluster
independently, and the read-back in loaders/neo4j/store.py finds exactly the stored
meetings whose keys meet the new ones. Without the server: the split is exact (pure
property test). With the real server: what is read back, and persons written once."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph.graph.model import Entity, Event
from diplograph.graph.records import build_records
from diplograph.graph.resolve import NameResolver, keys_meet, universe_keys

PEOPLE = ["Ana Berg", "Boris Kolov", "Chen Ming", "Dara Sen", "Emil Tov"]
DATES = [None, "2016", "2016-07", "2016-07-08", "2016-07-23", "2016-08", "2016-08-08", "2017",
         "2017-01-02"]


@st.composite
def reports(draw):
    """Up to 14 reports over few persons, states and dates: many chances to merge and
    to collide on meeting ids, across every date precision."""
    out = []
    for i in range(draw(st.integers(1, 14))):
        date = draw(st.sampled_from(DATES))
        status = draw(st.sampled_from(["happened", "happened", "planned"]))
        people = draw(st.lists(st.sampled_from(PEOPLE), max_size=3, unique=True))
        place = draw(st.sampled_from([None, "Hanoi", "Pyongyang"]))
        article = f"art-{draw(st.integers(0, 4))}.txt"
        kind = draw(st.sampled_from(["visit", "meeting", "call"]))
        if kind == "visit":
            v, h = draw(st.sampled_from([("SY", "VN"), ("RU", "KP"), ("KP", "RU")]))
            out.append(Event(article=article, type="visit", date=date, status=status,
                             visitor_state=v, host_state=h, place=place, participants=people))
        else:
            out.append(Event(article=article, type=kind, date=date, status=status, place=place,
                             participants=people))
    return out


def parts_by_keys(events, resolve):
    """The reports split into groups connected through keys that meet."""
    keys = [universe_keys(e, resolve) for e in events]
    parent = list(range(len(events)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(events)):
        for j in range(i):
            if any(keys_meet(a, b) for a in keys[i] for b in keys[j]):
                parent[root(i)] = root(j)
    groups: dict[int, list] = {}
    for i, e in enumerate(events):
        groups.setdefault(root(i), []).append(e)
    return list(groups.values())


@settings(max_examples=400, deadline=None, derandomize=True)
@given(evs=reports())
def test_reports_whose_keys_never_meet_cluster_independently(evs, gazetteer):
    """Meetings (their ids and the reports in each) built from all reports at once equal
    those built from each key-connected part alone: so a load that re-clusters only the
    stored reports its keys reach ends with the graph of loading everything at once."""
    ents = [Entity(name=p) for p in PEOPLE]
    whole = build_records(evs, ents, gazetteer).reports
    split: dict[str, list[str]] = {}
    for part in parts_by_keys(evs, NameResolver(ents)):
        got = build_records(part, ents, gazetteer).reports
        assert not set(got) & set(split), "one meeting id in two parts"
        split.update(got)
    assert split == whole


def test_keys_are_per_person_and_date():
    r = NameResolver([])
    day = Event(type="meeting", date="2024-06-01", participants=["Ana Berg", "Boris Kolov"])
    other_day = Event(type="meeting", date="2024-06-02", participants=["Ana Berg", "Dara Sen"])
    month = Event(type="meeting", date="2024-06", participants=["Ana Berg"])
    meet = lambda a, b: any(keys_meet(x, y) for x in universe_keys(a, r)  # noqa: E731
                            for y in universe_keys(b, r))
    assert not meet(day, other_day)  # same person, different days: apart
    assert meet(day, month) and meet(other_day, month)  # a month joins both
    visit = Event(type="visit", date="2024-06-01", visitor_state="RU", host_state="KP",
                  participants=["Ana Berg"])
    assert not meet(day, visit)
    assert universe_keys(Event(type="visit", visitor_state="RU", host_state="KP"), r) == {
        ("v", "RU", "KP", "", "")}


# ------------------------------------------------------------------ against the server

def _meeting(date, *people, article="a.txt"):
    return Event(article=article, type="meeting", date=date, participants=list(people))


@pytest.mark.neo4j
def test_read_back_finds_only_meetings_whose_keys_meet(neo4j_driver, gazetteer):
    from diplograph.loaders.neo4j.store import apply_schema, load_events, stored_reports

    apply_schema(neo4j_driver)
    r = NameResolver([])
    stored = [_meeting("2024-06-01", "Ana Berg", "Boris Kolov"),
              _meeting("2024-06-09", "Ana Berg", "Chen Ming"),
              _meeting("2023-02-02", "Ana Berg", "Dara Sen"),
              Event(article="a.txt", type="visit", date="2024-06-01", visitor_state="RU",
                    host_state="KP", participants=["Ana Berg"])]
    load_events(neo4j_driver, stored, (), gazetteer)

    def found(e):
        return sorted(stored_reports(neo4j_driver, universe_keys(e, r), r))

    assert found(_meeting("2024-06-20", "Ana Berg", "Emil Tov")) == []
    assert found(_meeting("2024-06-01", "Ana Berg", "Emil Tov")) == [
        "meeting:2024-06-01-talks-ana-berg-boris-kolov"]
    # a month-level report reaches both June meetings, not the 2023 one or the visit
    assert found(_meeting("2024-06", "Ana Berg", "Emil Tov")) == [
        "meeting:2024-06-01-talks-ana-berg-boris-kolov", "meeting:2024-06-09-talks-ana-berg-chen-ming"]
    # an undated one reaches every meeting of the person
    assert len(found(_meeting(None, "Ana Berg", "Emil Tov"))) == 3
    # a visit of the same person and states on another day of the month: the month-level
    # report of it would reach the stored visit
    v = Event(article="b.txt", type="visit", date="2024-06", visitor_state="RU", host_state="KP",
              participants=["Ana Berg"])
    assert found(v) == ["meeting:2024-06-01-RU-KP-ana-berg"]


@pytest.mark.neo4j
def test_a_person_stored_alike_is_not_written_again(neo4j_driver, gazetteer):
    from diplograph.loaders.neo4j.store import apply_load, apply_schema, counts, plan_load

    apply_schema(neo4j_driver)
    ents = [Entity(name="Ana Berg", state="DE", roles=[{"title": "Foreign Minister", "of": "DE"}])]
    evs = [_meeting("2024-06-01", "Ana Berg", "Boris Kolov")]
    first = plan_load(neo4j_driver, evs, ents, gazetteer)
    assert first.same_persons == frozenset()
    done = apply_load(neo4j_driver, first)
    assert done["Person"] == 2 and done["HOLDS_ROLE"] == 1
    before = counts(neo4j_driver)
    again = plan_load(neo4j_driver, evs, ents, gazetteer)
    assert again.same_persons == {"person:ana-berg", "person:boris-kolov"}
    done = apply_load(neo4j_driver, again)
    assert "Person" not in done and "HOLDS_ROLE" not in done
    assert counts(neo4j_driver) == before
    # a new role is a different person row: written, and the role is added
    ents = [Entity(name="Ana Berg", state="DE", roles=[{"title": "Foreign Minister", "of": "DE"},
                                                       {"title": "Vice Chancellor", "of": "DE"}])]
    changed = plan_load(neo4j_driver, evs, ents, gazetteer)
    assert changed.same_persons == {"person:boris-kolov"}
    apply_load(neo4j_driver, changed)
    assert counts(neo4j_driver)["HOLDS_ROLE"] == 2


@pytest.mark.neo4j
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(stored=reports(), new=reports())
def test_planning_against_a_plan_being_written_reads_what_the_database_will_hold(
        neo4j_driver, gazetteer, stored, new):
    """The streamed loader plans a chunk while the one before is written: the read-back
    through store.Overlay (the plan in memory) equals the read-back from the database
    once that plan is written."""
    from diplograph.loaders.neo4j.store import (Overlay, apply_load, apply_schema, plan_load,
                                                stored_reports)

    apply_schema(neo4j_driver)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    r = NameResolver([])
    keys = set().union(*(universe_keys(e, r) for e in new))
    plan = plan_load(neo4j_driver, stored, (), gazetteer)
    apply_load(neo4j_driver, plan)
    from_db = stored_reports(neo4j_driver, keys, r)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    assert stored_reports(neo4j_driver, keys, r, overlay=Overlay(plan)) == from_db
