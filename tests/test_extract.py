"""Extraction on short example sentences written for these tests (English and German),
one or more per phenomenon; then the end-to-end floors on the sample articles."""

from __future__ import annotations

import json

import pytest

from diplograph.graph.evaluate import score_events
from diplograph.graph.names import fold
from diplograph.loaders.articles import _from_text
from diplograph.loaders.extract import extract_article, extract_paths
from diplograph.loaders.extract.dates import find_dates, heading_date
from diplograph.loaders.extract.text import split_sentences
from diplograph.loaders.language import detect_language


def run(text: str, published: str | None = None, name: str = "t.txt"):
    art = _from_text(name, text, name)
    art.published = published or art.published
    events, people = extract_article(art)
    return events, people


def visits(events, status="happened"):
    return {(e.visitor_state, e.host_state, e.date) for e in events
            if e.type == "visit" and e.status == status}


def meetings(events, status="happened"):
    return {(frozenset(e.participants), e.date) for e in events
            if e.type == "meeting" and e.status == status}


# ----------------------------------------------------------------- language, sentences

def test_language_is_detected_per_article():
    assert detect_language("Der Minister ist nach Berlin gereist und hat dort mit den "
                           "Kollegen gesprochen.") == "de"
    assert detect_language("The minister travelled to Berlin and spoke with his "
                           "colleagues there.") == "en"
    assert detect_language("12345") is None


def test_sentences_keep_offsets_and_ordinals():
    text = "Am 12. März reiste sie ab. Dann kam er.\nMärz 2024\n- Er flog nach Rom."
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Am 12. März reiste sie ab.", "Dann kam er.",
                                       "März 2024", "- Er flog nach Rom."]
    assert all(text[s.start:s.end] == s.text for s in sents)


# ----------------------------------------------------------------- spellings, persons

def test_german_and_english_spellings_are_one_person():
    ev_de, _ = run("Sergej Lawrow reiste am Montag nach Pjöngjang.", "2024-05-15")
    ev_en, _ = run("Sergei Lavrov travelled to Pyongyang on Monday.", "2024-05-15")
    assert ev_de[0].participants == ev_en[0].participants == ["Sergei Lavrov"]
    assert ev_de[0].place == ev_en[0].place == "Pyongyang"
    assert ev_de[0].date == ev_en[0].date == "2024-05-13"


@pytest.mark.parametrize("spelling", ["Kim Jong-un", "Kim Jong Un", "Kim-Jong Un", "Kim Jong-Un"])
def test_kim_spellings(spelling):
    ev, _ = run(f"{spelling} flew to Moscow last week for talks.", "2024-05-15")
    assert ev and ev[0].participants == ["Kim Jong Un"]


def test_places_in_both_languages():
    ev, _ = run("Wladimir Putin reiste nach Peking.", "2024-05")
    assert ev[0].place == "Beijing" and ev[0].host_state == "CN"
    ev, _ = run("Kim Jong Un besuchte den Weltraumbahnhof Wostotschny.", "2023-09")
    assert ev[0].place == "Vostochny Cosmodrome" and ev[0].host_state == "RU"


def test_bare_surname_resolves_in_context_and_kims_stay_apart():
    text = ("Der nordkoreanische Sportminister Kim Il Guk reiste nach Kasan. "
            "Kim Jong Un empfing am selben Tag den chinesischen Außenminister Wang Yi. "
            "Kim Yo Jong kritisierte die Übungen. Kim lobte später die Gespräche.")
    ev, people = run(text, "2024-03-10")
    names = set(people.order)
    assert {"Kim Il Guk", "Kim Jong Un", "Kim Yo Jong", "Wang Yi"} <= names
    assert people.counts["Kim Jong Un"] == 2  # the bare "Kim" is the leader, named most
    assert ("KP", "RU", "2024-03") in visits(ev)
    assert (frozenset({"Kim Jong Un", "Wang Yi"}), "2024-03") in meetings(ev)  # no day named


def test_unlisted_person_after_a_title_gets_role_and_state():
    _, people = run("Der vietnamesische Verteidigungsminister Phan Van Giang traf in Hanoi "
                    "den russischen Vizeminister Alexei Fomin.", "2024-04-02")
    assert people.states["Phan Van Giang"] == "VN"
    assert people.states["Alexei Fomin"] == "RU"
    assert people.titles["Phan Van Giang"].startswith("Verteidigungsminister")


def test_led_by_and_apposition():
    ev, people = run("A Laotian delegation led by Deputy Minister Thongsavanh Phomvihane "
                     "arrived in Pyongyang on Thursday.", "2024-08-10")
    assert people.states["Thongsavanh Phomvihane"] == "LA"
    assert ("LA", "KP", "2024-08-08") in visits(ev)
    _, people = run("Eine Gruppe unter der Leitung von Ri Yong Nam, dem Vorsitzenden des "
                    "nordkoreanischen Handelskomitees, reiste nach Minsk.", "2024-06")
    assert people.states["Ri Yong Nam"] == "KP"


def test_unnamed_officeholder_resolved_by_dated_role():
    ev, _ = run("Kim Jong Un soll nächste Woche Putins Verteidigungsminister empfangen.",
                "2023-07-20")
    # "next week" under 2023-07-20: the pair is certain, the date is the week after (month 07)
    planned = meetings(ev, "planned")
    assert {m[0] for m in planned} == {frozenset({"Kim Jong Un", "Sergei Shoigu"})}
    assert all(d is not None and d.startswith("2023-07") for _, d in planned), planned
    ev, _ = run("Kim Jong Un soll nächste Woche Putins Verteidigungsminister empfangen.",
                "2024-09-01")
    assert {m[0] for m in meetings(ev, "planned")} == {frozenset({"Kim Jong Un", "Andrei Belousov"})}


def test_byline_is_not_an_actor_and_scholar_has_no_state():
    text = ("Von: Maria Beispiel\n\nDer iranische Präsident reiste nach Moskau, sagte "
            "Hans Muster, Professor für Politik an der Universität Wien.")
    _, people = run(text, "2023-12-01")
    assert "Maria Beispiel" not in people.order
    assert people.states.get("Hans Muster") is None


# ----------------------------------------------------------------- states

@pytest.mark.parametrize("sentence, visitor, host", [
    ("Eine nordkoreanische Delegation traf am Dienstag in Teheran ein.", "KP", "IR"),
    ("Russlands Verteidigungsminister reiste nach Minsk.", "RU", "BY"),
    ("A Chinese delegation arrived in Pyongyang on Tuesday.", "CN", "KP"),
    ("Der russische Außenminister besuchte die Mongolei.", "RU", "MN"),
    ("Belarusian officials travelled to the Kremlin for talks.", "BY", "RU"),
])
def test_states_from_adjectives_genitives_capitals_and_seats(sentence, visitor, host):
    ev, _ = run(sentence, "2024-05-10")
    assert (visitor, host) in {(e.visitor_state, e.host_state) for e in ev if e.type == "visit"}


# ----------------------------------------------------------------- events and status

def test_forum_abroad_is_a_visit():
    ev, _ = run("Eine nordkoreanische Delegation nimmt an einem Forum in Wladiwostok teil.",
                "2024-09-04")
    assert ("KP", "RU", "2024-09") in visits(ev)


def test_received_is_a_meeting():
    ev, _ = run("Xi Jinping received Kim Jong Un in Beijing on 4 September 2025.")
    assert (frozenset({"Xi Jinping", "Kim Jong Un"}), "2025-09-04") in meetings(ev)


@pytest.mark.parametrize("sentence", [
    "Lavrov will travel to Pyongyang next month.",
    "Putin accepted an invitation to visit North Korea.",
    "Lawrow werde nach Pjöngjang reisen, hieß es.",
    "Der iranische Präsident ist zu einem Besuch in Pjöngjang eingeladen.",
])
def test_planned_and_invited(sentence):
    ev, _ = run(sentence, "2024-05-10")
    assert ev and all(e.status == "planned" for e in ev)


def test_advice_against_travel_is_no_visit():
    ev, _ = run("The ministry advises against travelling to North Korea.", "2024-02-01")
    assert not [e for e in ev if e.type == "visit"]


def test_sent_goods_are_no_visit():
    ev, _ = run("North Korea sent thousands of containers of shells to Russia.", "2024-02-01")
    assert not ev


# ----------------------------------------------------------------- dates

def test_explicit_dates_both_languages():
    assert [d.value for d in find_dates("am 25. Juli 2023 und am 3. März")][:1] == ["2023-07-25"]
    assert [d.value for d in find_dates("on March 9, 2020")] == ["2020-03-09"]
    assert [d.value for d in find_dates("im August 2019")] == ["2019-08"]
    assert [d.value for d in find_dates("im Jahr 2018")] == ["2018"]


@pytest.mark.parametrize("text, pub, want", [
    ("last April", "2024-02-27", "2023-04"),
    ("am Dienstag", "2024-02-29", "2024-02-27"),
    ("this week", "2024-06-20", "2024-06"),
    ("Anfang dieses Monats", "2024-04-20", "2024-04"),
    ("letzten Monat", "2024-01-05", "2023-12"),
    ("im Juli", "2024-03-01", "2023-07"),
])
def test_relative_dates_resolve_against_publication(text, pub, want):
    assert find_dates(text, pub)[0].value == want


@pytest.mark.parametrize("text", ["last April", "am Dienstag", "im Juli", "Anfang dieses Monats"])
def test_relative_dates_without_publication_date_are_null(text):
    assert find_dates(text, None)[0].value is None


def test_chronology_headings_date_the_items_below():
    text = ("Chronik\n\nMai 2024\n\n- Nordkoreas Sportminister reiste nach Moskau.\n\n"
            "Juni 2024\n\n- Eine russische Delegation besuchte Pjöngjang.\n")
    ev, _ = run(text)
    assert visits(ev) == {("KP", "RU", "2024-05"), ("RU", "KP", "2024-06")}
    assert heading_date("Oktober 2023") == "2023-10"


def test_no_publication_date_no_guessed_year():
    ev, _ = run("Lawrow besuchte im Juli Nordkorea.")
    assert visits(ev) == {("RU", "KP", None)}


# ----------------------------------------------------------------- evidence, robustness

def test_every_event_has_its_sentence_and_offsets():
    text = "Titel\n\nIn Moskau traf Choe Son Hui am Dienstag Sergej Lawrow. Danach nichts."
    art = _from_text("e.txt", text, "e.txt")
    art.published = "2024-11-01"
    events, _ = extract_article(art)
    assert events
    for e in events:
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert 0 < e.confidence <= 1


def test_unreadable_file_is_reported_and_skipped(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Sergej Lawrow reiste nach Pjöngjang.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    errors = []
    facts = extract_paths([tmp_path], on_error=errors.append)
    assert len(facts.articles) == 1 and facts.events
    assert len(errors) == 1 and "b.txt" in str(errors[0]) and "binary" in str(errors[0])


def test_jsonl_articles(tmp_path):
    f = tmp_path / "news.jsonl"
    f.write_text(json.dumps({"text": "Wang Yi traveled to Pyongyang on Friday.",
                             "published": "2024-04-14", "title": "x"}) + "\n" + "{bad\n",
                 encoding="utf-8")
    errors = []
    facts = extract_paths([f], on_error=errors.append)
    assert facts.events[0].article == "news.jsonl:1" and facts.events[0].date == "2024-04-12"
    assert errors[0].line == 2


# ----------------------------------------------------------------- the sample articles

@pytest.fixture(scope="module")
def seeds_facts():
    from conftest import shared

    return extract_paths([shared("seeds")])


def test_f1_floors_on_the_sample_articles(seeds_facts, capsys):
    from conftest import shared

    gold = [json.loads(l) for l in shared("eval", "seeds.gold.jsonl").read_text().splitlines() if l.strip()]
    pred = [e.model_dump(mode="json") for e in seeds_facts.events]
    s = score_events(gold, pred)
    for kind in ("visit", "meeting"):
        k = s[kind]
        with capsys.disabled():
            print(f"\nsamples happened.{kind}: F1={k.f1:.2f} (tp={k.tp} fp={k.fp} fn={k.fn})", end="")
    assert s["visit"].f1 >= 0.85, (s["visit"].tp, s["visit"].fp, s["visit"].fn)
    assert s["meeting"].f1 >= 0.80, (s["meeting"].tp, s["meeting"].fp, s["meeting"].fn)


def test_every_gold_person_is_exactly_one_entity(seeds_facts):
    from conftest import shared

    gold = json.loads(shared("eval", "seeds.entities.json").read_text())
    spellings = {}
    for ent in seeds_facts.entities:
        for n in (ent.name, *ent.aliases):
            spellings.setdefault(fold(n), set()).add(ent.name)
    owners = {}
    for p in gold["persons"]:
        forms = [f for f in (p["name"], *p["surface_forms"]) if len(f.split()) > 1]
        hit = set().union(*(spellings.get(fold(f), set()) for f in forms))
        assert len(hit) == 1, (p["name"], hit)  # no split
        (name,) = hit
        assert name not in owners, (p["name"], owners.get(name))  # no merge
        owners[name] = p["name"]
        ent = next(e for e in seeds_facts.entities if e.name == name)
        assert ent.state == p["state"], (p["name"], ent.state)
    for byline in gold["not_actors"]:
        assert fold(byline) not in spellings


def test_events_carry_evidence_inside_their_article(seeds_facts):
    from conftest import shared

    texts = {p.name: p.read_text(encoding="utf-8") for p in shared("seeds").iterdir()}
    for e in seeds_facts.events:
        t = texts[e.article]
        assert t[e.evidence.start:e.evidence.end] == e.evidence.text


# ----------------------------------------------------------------- the development set

def test_floors_on_the_development_articles(capsys):
    """The 40 real articles of the development set (../shared/eval/dev; the mechanisms were
    tuned on them, so unseen news scores lower), scored by the reference scorer; the
    figures are printed. Floors are below the measured values
    (the issue's targets are visits 0.85, meetings 0.80, planned 0.60)."""
    import importlib.util

    from conftest import shared

    spec = importlib.util.spec_from_file_location("ref_score", shared("eval", "score.py"))
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    facts = extract_paths([shared("eval", "dev", "articles")])
    gold = ref.load(shared("eval", "dev", "gold.jsonl"))
    pred = [e.model_dump(mode="json") for e in facts.events]
    f1 = {}
    hits = dups = 0
    for status in ("happened", "planned"):
        res = ref.score(gold, pred, status)
        for kind, t in res.items():
            p, r, f = ref.prf(t)
            f1[f"{status}.{kind}"] = f
            hits, dups = hits + t[0], dups + t[3]
            with capsys.disabled():
                print(f"\ndev {status}.{kind}: P={p:.2f} R={r:.2f} F1={f:.2f} "
                      f"(tp={t[0]} fp={t[1]} fn={t[2]} dup={t[3]})", end="")
    planned = ref.score(gold, pred, "planned")
    tp = sum(t[0] for t in planned.values())
    fp = sum(t[1] for t in planned.values())
    fn = sum(t[2] for t in planned.values())
    planned_f1 = ref.prf((tp, fp, fn))[2]
    assert f1["happened.visit"] >= 0.91
    assert f1["happened.meeting"] >= 0.92
    assert planned_f1 >= 0.95
    assert dups <= 0.10 * hits
