"""A load reads back only the stored meetings its reports can touch (issue 16): the keys
of graph.resolve.scope_keys (per person for visits, per pair of persons for meetings,
per date) and store.plan_load's read-back, which follows them through stored reports
and built meetings. Without the server: loading in two parts equals building at once
(property test through store.Overlay). With the real server: what is read back, that
the database and the Overlay answer alike, and persons written once."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph.graph.model import Entity, Event
from diplograph.graph.records import build_records
from diplograph.graph.resolve import NameResolver, universe_keys

PEOPLE = ["Ana Berg", "Boris Kolov", "Chen Ming", "Dara Sen", "Emil Tov"]
DATES = [None, "2016", "2016-07", "2016-07-08", "2016-07-23", "2016-08", "2016-08-08", "2017",
         "2017-01-02"]


@st.composite
def reports(draw):
    """Up to 14 reports over few persons, states and dates: many chances to merge and
    to collide on meeting ids, across every date precision."""
    out = []
    dates = draw(st.lists(st.sampled_from(DATES), min_size=1, max_size=4, unique=True))
    for i in range(draw(st.integers(1, 14))):
        date = draw(st.sampled_from(dates))
        status = draw(st.sampled_from(["happened", "happened", "planned"]))
        people = draw(st.lists(st.sampled_from(PEOPLE), max_size=4, unique=True))
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


def _load_in_two(first, then, ents, gazetteer) -> dict[str, list[str]]:
    """Meetings (id -> report keys) once ``first`` is loaded and then ``then``, planned
    with store.plan_load against a store that holds only the first plan (an Overlay, no
    server): what the second load does not read back stays as the first wrote it."""
    from diplograph.loaders.neo4j.store import Overlay, plan_load

    r = NameResolver(ents)
    one = plan_load(None, first, ents, gazetteer, resolver=r)
    two = plan_load(None, then, ents, gazetteer, resolver=r, overlay=Overlay(one))
    out = {mid: reps for mid, reps in one.data.reports.items() if mid not in two.stale}
    out.update(two.data.reports)
    return out


@settings(max_examples=400, deadline=None, derandomize=True)
@given(evs=reports(), cut=st.integers(0, 14))
def test_loading_in_two_parts_reads_back_enough_to_build_the_whole(evs, cut, gazetteer):
    """Meetings (their ids and the reports in each) after loading the reports in two
    parts, the second reading back only the stored meetings its keys reach (and those
    its built meetings reach), equal the meetings built from all reports at once."""
    ents = [Entity(name=p) for p in PEOPLE]
    whole = build_records(evs, ents, gazetteer).reports
    assert _load_in_two(evs[:cut], evs[cut:], ents, gazetteer) == whole


def _load_in_parts(parts, ents, gazetteer) -> dict[str, list[str]]:
    """Meetings (id -> report keys) once the parts are loaded one after the other, each
    planned against one store.Overlay that every plan before it was added to (as the
    streamed loader does; no server: the overlay is all that is stored)."""
    from diplograph.loaders.neo4j.store import Overlay, plan_load

    r = NameResolver(ents)
    overlay, out = None, {}
    for part in parts:
        plan = plan_load(None, part, ents, gazetteer, resolver=r, overlay=overlay)
        for mid in plan.stale:
            del out[mid]
        out.update(plan.data.reports)
        overlay = overlay or Overlay()
        overlay.add(plan)
    return out


@settings(max_examples=300, deadline=None, derandomize=True)
@given(evs=reports(), cuts=st.lists(st.integers(0, 14), min_size=1, max_size=3))
def test_loading_in_parts_through_one_overlay_builds_the_whole(evs, cuts, gazetteer):
    """Up to four parts planned against one overlay that keeps every plan (meetings
    replaced and removed by later plans leave its index): the meetings built at once."""
    ents = [Entity(name=p) for p in PEOPLE]
    bounds = [0, *sorted(cuts), len(evs)]
    parts = [evs[a:b] for a, b in zip(bounds, bounds[1:])]
    assert _load_in_parts(parts, ents, gazetteer) == build_records(evs, ents, gazetteer).reports


@settings(max_examples=150, deadline=None, derandomize=True)
@given(evs=reports(), cut=st.integers(0, 14))
def test_loading_in_two_parts_with_wide_keys_for_bigger_meetings(evs, cut, gazetteer):
    """The same with meetings of more than two persons keyed per person (as summits
    above graph.resolve.MAX_PAIRED are): pairs and persons mix."""
    from unittest import mock

    from diplograph.graph import resolve

    ents = [Entity(name=p) for p in PEOPLE]
    with mock.patch.object(resolve, "MAX_PAIRED", 2):
        assert _load_in_two(evs[:cut], evs[cut:], ents, gazetteer) == build_records(evs, ents, gazetteer).reports


def test_a_stored_meeting_joins_through_persons_of_different_new_reports(gazetteer):
    """A stored month-level {A, D}; new reports {A, B, C} and {B, C, D} of one day make
    one meeting of four persons, which {A, D} joins: no key of a single new report
    reaches it, the built meeting's persons all together do."""
    from diplograph.loaders.neo4j.store import Overlay, Reach, plan_load

    ents = [Entity(name=p) for p in PEOPLE]
    r = NameResolver(ents)
    a, b, c, d = PEOPLE[:4]
    stored = [_meeting("2016-07", a, d)]
    new = [_meeting("2016-07-08", a, b, c, article="b.txt"), _meeting("2016-07-08", b, c, d, article="c.txt")]
    one = plan_load(None, stored, ents, gazetteer, resolver=r)
    reach = Reach(None, r, overlay=Overlay(one))
    assert reach.add(set().union(*(universe_keys(e, r) for e in new))) == []
    two = plan_load(None, new, ents, gazetteer, resolver=r, overlay=Overlay(one))
    assert two.stale == list(one.data.reports)  # read back and merged into the new meeting
    assert len(two.data.reports) == 1 and len(next(iter(two.data.reports.values()))) == 3
    assert _load_in_two(stored, new, ents, gazetteer) == build_records(stored + new, ents, gazetteer).reports


def test_keys_are_per_pair_of_persons_and_date():
    r = NameResolver([])
    day = Event(type="meeting", date="2024-06-01", participants=["Ana Berg", "Boris Kolov"])
    assert universe_keys(day, r) == {("p2", "meeting", "person:ana-berg", "person:boris-kolov", "2024-06-01")}
    alone = Event(type="meeting", date="2024-06", participants=["Ana Berg"])
    assert universe_keys(alone, r) == {("p1", "meeting", "person:ana-berg", "2024-06")}
    three = Event(type="meeting", date="2024-06", participants=["Ana Berg", "Boris Kolov", "Chen Ming"])
    assert len(universe_keys(three, r)) == 3
    visit = Event(type="visit", date="2024-06-01", visitor_state="RU", host_state="KP",
                  participants=["Ana Berg"])
    assert universe_keys(visit, r) == {("v", "RU", "KP", "person:ana-berg", "2024-06-01")}
    assert universe_keys(Event(type="visit", visitor_state="RU", host_state="KP"), r) == {
        ("v", "RU", "KP", "", "")}
    # a summit: per person, not per pair (MAX_PAIRED)
    summit = Event(type="meeting", participants=[f"Person {c}" for c in "ABCDEFGHIJKL"])
    assert {k[0] for k in universe_keys(summit, r)} == {"p"} and len(universe_keys(summit, r)) == 12
    # two spellings with one id: every meeting of the person (the wide key)
    same = Event(type="meeting", participants=["Ana Berg", "Ana (Berg)"])
    assert universe_keys(same, NameResolver([])) == {("p", "meeting", "person:ana-berg", "")}


# ------------------------------------------------------------------ against the server

def _meeting(date, *people, article="a.txt"):
    return Event(article=article, type="meeting", date=date, participants=list(people))


@pytest.mark.neo4j
@pytest.mark.parametrize("cut", [500, -1], ids=["pairs-expanded", "pairs-on-the-date-index"])
def test_read_back_finds_only_meetings_whose_keys_meet(neo4j_driver, gazetteer, monkeypatch, cut):
    """The same answers whichever way a pair of persons is read back (store.PAIR_EXPAND_MAX:
    from the meetings of the one with fewer, or from the meetings at the key's dates)."""
    from diplograph.loaders.neo4j import store
    from diplograph.loaders.neo4j.store import apply_schema, load_events, stored_reports

    monkeypatch.setattr(store, "PAIR_EXPAND_MAX", cut)

    apply_schema(neo4j_driver)
    r = NameResolver([])
    stored = [_meeting("2024-06-01", "Ana Berg", "Boris Kolov"),
              _meeting("2024-06-09", "Ana Berg", "Chen Ming"),
              _meeting("2023-02-02", "Ana Berg", "Dara Sen"),
              _meeting("2024-06-03", "Ana Berg"),
              Event(article="a.txt", type="visit", date="2024-06-01", visitor_state="RU",
                    host_state="KP", participants=["Ana Berg"])]
    load_events(neo4j_driver, stored, (), gazetteer)
    ana_boris, ana_chen = ("meeting:2024-06-01-talks-ana-berg-boris-kolov",
                           "meeting:2024-06-09-talks-ana-berg-chen-ming")

    def found(*events):
        return sorted(stored_reports(neo4j_driver, set().union(*(universe_keys(e, r) for e in events)), r))

    # the same pair on another day, or another pair on the same day: nothing
    assert found(_meeting("2024-06-20", "Ana Berg", "Boris Kolov")) == []
    assert found(_meeting("2024-06-01", "Ana Berg", "Emil Tov")) == []
    assert found(_meeting("2024-06-01", "Ana Berg", "Boris Kolov", article="b.txt")) == [ana_boris]
    # a month-level report reaches the pair's meetings that month, not the 2023 one
    assert found(_meeting("2024-06", "Ana Berg", "Boris Kolov", "Chen Ming")) == [ana_boris, ana_chen]
    assert found(_meeting("2024", "Ana Berg", "Dara Sen")) == []
    # an undated one reaches every meeting of the pair
    assert found(_meeting(None, "Ana Berg", "Dara Sen")) == ["meeting:2023-02-02-talks-ana-berg-dara-sen"]
    # a person alone reaches only meetings of that person alone
    assert found(_meeting("2024-06", "Ana Berg")) == ["meeting:2024-06-03-talks-ana-berg"]
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
    from diplograph.loaders.neo4j import store

    was, store.PAIR_EXPAND_MAX = store.PAIR_EXPAND_MAX, -1  # pairs found on the date index
    try:
        assert stored_reports(neo4j_driver, keys, r) == from_db
    finally:
        store.PAIR_EXPAND_MAX = was
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    assert stored_reports(neo4j_driver, keys, r, overlay=Overlay(plan)) == from_db


@pytest.mark.neo4j
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(before=reports(), one=reports(), two=reports(), new=reports())
def test_an_overlay_of_every_plan_reads_what_the_database_will_hold(
        neo4j_driver, gazetteer, before, one, two, new):
    """Stored before the load: ``before``. The load's first plan is written, its second is
    being written (in the overlay only). Read-back through the overlay, which skips the
    database for persons with no stored meeting it lacks, equals the read-back from the
    database once the second plan is written."""
    from diplograph.loaders.neo4j.store import (Overlay, apply_load, apply_schema, plan_load,
                                                stored_reports)

    apply_schema(neo4j_driver)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    r = NameResolver([])
    apply_load(neo4j_driver, plan_load(neo4j_driver, before, (), gazetteer, resolver=r))
    first = plan_load(neo4j_driver, one, (), gazetteer, resolver=r)
    overlay = Overlay(first)
    apply_load(neo4j_driver, first)
    second = plan_load(neo4j_driver, two, (), gazetteer, resolver=r, overlay=overlay)
    overlay.add(second)
    keys = set().union(*(universe_keys(e, r) for e in new))
    through_overlay = stored_reports(neo4j_driver, keys, r, overlay=overlay)
    apply_load(neo4j_driver, second)
    assert through_overlay == stored_reports(neo4j_driver, keys, r)


@pytest.mark.neo4j
def test_keys_of_persons_new_to_the_database_are_not_read_back(neo4j_driver, gazetteer):
    """Persons with no stored meeting when the overlay first meets them: their keys are
    answered by the overlay alone (one question per person, then none); a person with a
    stored meeting is still read back."""
    from diplograph.loaders.neo4j.store import (Overlay, apply_load, apply_schema, load_events,
                                                plan_load, stored_reports)

    apply_schema(neo4j_driver)
    r = NameResolver([])
    load_events(neo4j_driver, [_meeting("2024-06-01", "Ana Berg", "Boris Kolov")], (), gazetteer)
    overlay = Overlay()
    first = plan_load(neo4j_driver, [_meeting("2024-06-02", "Chen Ming", "Dara Sen")], (), gazetteer,
                      resolver=r, overlay=overlay)
    overlay.add(first)
    apply_load(neo4j_driver, first)
    assert overlay.prior == {"person:chen-ming": False, "person:dara-sen": False}

    asked = []
    real = neo4j_driver.execute_query

    def spy(query, *args, **kwargs):  # the real server answers; the questions are counted
        asked.append(query)
        return real(query, *args, **kwargs)

    neo4j_driver.execute_query = spy
    try:
        later = _meeting("2024-06", "Chen Ming", "Dara Sen", article="b.txt")
        assert list(stored_reports(neo4j_driver, universe_keys(later, r), r, overlay=overlay)) == [
            "meeting:2024-06-02-talks-chen-ming-dara-sen"]
        assert asked == []
        known = _meeting("2024-06", "Ana Berg", "Boris Kolov", article="b.txt")
        assert list(stored_reports(neo4j_driver, universe_keys(known, r), r, overlay=overlay)) == [
            "meeting:2024-06-01-talks-ana-berg-boris-kolov"]
        # who has stored meetings (once), then what they are (the new key, then the
        # stored report's own)
        assert asked[0].startswith("UNWIND $ids") and len(asked) == 3
        assert all(q.startswith("UNWIND $keys") for q in asked[1:])
        assert overlay.prior["person:ana-berg"] is True
    finally:
        del neo4j_driver.execute_query
