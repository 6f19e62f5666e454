"""Event frames on example sentences written for these tests (English and German): every
mechanism of loaders/extract/events.py fires on a sentence in each language or in two
phrasings. The word lists are data (data/lexicon/); a bad entry is refused with its file
and line."""

from __future__ import annotations

import pytest

from diplograph.loaders.articles import _from_text
from diplograph.loaders.extract import extract_article
from diplograph.loaders.extract.rules import LexiconError, compile_forms, load_table


def run(text: str, published: str = "2024-05-15"):
    art = _from_text("t.txt", text, "t.txt")
    art.published = published
    events, _ = extract_article(art)
    return events


def visits(events, status="happened"):
    return {(e.visitor_state, e.host_state, e.date) for e in events
            if e.type == "visit" and e.status == status}


def meetings(events, status="happened"):
    return {frozenset(e.participants) for e in events
            if e.type == "meeting" and e.status == status}


def pairs(events, status="happened"):
    return {(frozenset(e.participants), e.date) for e in events
            if e.type == "meeting" and e.status == status}


# ----------------------------------------------------------------- meeting triggers

@pytest.mark.parametrize("sentence", [
    "Wang Yi kam am Montag in Moskau mit Sergej Lawrow zusammen.",
    "Wang Yi traf am Montag in Moskau mit Sergej Lawrow zu Beratungen zusammen.",
    "Wang Yi hat sich am Montag in Moskau mit Sergej Lawrow getroffen.",
    "Wang Yi und Sergej Lawrow sind am Montag in Moskau zusammengekommen.",
    "Wang Yi diskutierte am Montag in Moskau mit Sergej Lawrow über den Handel.",
    "Wang Yi sat down with Sergei Lavrov in Moscow on Monday.",
    "Wang Yi and Sergei Lavrov met in Moscow on Monday.",
])
def test_meeting_triggers_separable_verbs_and_coordination(sentence):
    ev = run(sentence)
    assert pairs(ev) == {(frozenset({"Wang Yi", "Sergei Lavrov"}), "2024-05-13")}


@pytest.mark.parametrize("sentence", [
    "Die Atomgespräche zwischen Antony Blinken und Sergej Lawrow fanden am Montag statt.",
    "Das Vorbereitungstreffen von Antony Blinken und Sergej Lawrow fand am Montag statt.",
])
def test_closed_compounds_are_meeting_triggers(sentence):
    assert meetings(run(sentence)) == {frozenset({"Antony Blinken", "Sergei Lavrov"})}


# ----------------------------------------------------------------- visitors and hosts

@pytest.mark.parametrize("sentence", [
    "Wang Yi will visit Japan, Indonesia and Vietnam next week.",
    "Wang Yi wird nächste Woche Japan, Indonesien und Vietnam besuchen.",
])
def test_coordinated_destinations_are_one_visit_each(sentence):
    got = visits(run(sentence), "planned")
    assert {(v, h) for v, h, _ in got} == {("CN", "JP"), ("CN", "ID"), ("CN", "VN")}


@pytest.mark.parametrize("sentence", [
    "The visit by Narendra Modi to Moscow ended on Monday.",
    "Narendra Modi's visit to Moscow ended on Monday.",
    "Der Besuch von Narendra Modi in Moskau endete am Montag.",
])
def test_the_visit_by_x_makes_x_the_visitor(sentence):
    assert visits(run(sentence)) == {("IN", "RU", "2024-05-13")}


@pytest.mark.parametrize("sentence", [
    "Kim Jong Un fired two missiles on Monday to intimidate Japan after he visited Moscow.",
    "Amid a dispute with Japan, Kim Jong Un travelled to Moscow on Monday.",
    "Inmitten eines Streits mit Japan reiste Kim Jong Un am Montag nach Moskau.",
])
def test_side_clause_states_are_no_destination(sentence):
    assert visits(run(sentence)) == {("KP", "RU", "2024-05-13")}


@pytest.mark.parametrize("text", [
    "Sergei Lavrov arrived in Havana on Monday. There he met Kim Jong Un.",
    "Sergej Lawrow ist am Montag in Havanna eingetroffen. Dort traf er Kim Jong Un.",
])
def test_the_traveller_is_the_subject_of_the_next_sentence(text):
    ev = run(text)
    assert visits(ev) == {("RU", "CU", "2024-05-13")}
    assert meetings(ev) == {frozenset({"Sergei Lavrov", "Kim Jong Un"})}


@pytest.mark.parametrize("sentence", [
    "Olaf Scholz received Li Qiang in Berlin on Monday.",
    "Olaf Scholz hat am Montag Li Qiang in Berlin empfangen.",
    "Li Qiang was received by Olaf Scholz in Berlin on Monday.",
])
def test_the_received_side_travelled(sentence):
    ev = run(sentence)
    assert visits(ev) == {("CN", "DE", "2024-05-13")}
    assert meetings(ev) == {frozenset({"Olaf Scholz", "Li Qiang"})}


@pytest.mark.parametrize("sentence", [
    "Joe Biden hosted leaders from Japan, Indonesia and Vietnam in 2023.",
    "Joe Biden empfing 2023 Staatsgäste aus Japan, Indonesien und Vietnam.",
])
def test_hosted_guests_from_listed_states(sentence):
    got = {(v, h) for v, h, _ in visits(run(sentence))}
    assert got == {("JP", "US"), ("ID", "US"), ("VN", "US")}


def test_a_bilateral_compound_is_no_side():
    ev = run("Xi Jinping attended a Chinese-Iranian business forum in Moscow on Monday.")
    assert {(v, h) for v, h, _ in visits(ev)} == {("CN", "RU")}


# ----------------------------------------------------------------- status

@pytest.mark.parametrize("sentence", [
    "Sergei Lavrov arrived in Havana on Monday at the invitation of the Cuban government.",
    "Sergej Lawrow ist am Montag auf Einladung der kubanischen Regierung in Havanna eingetroffen.",
])
def test_arrival_at_the_invitation_of_has_happened(sentence):
    assert visits(run(sentence)) == {("RU", "CU", "2024-05-13")}


@pytest.mark.parametrize("sentence, day", [
    ("Sergej Lawrow reist am Freitag nach Havanna.", "2024-05-17"),
    ("Sergej Lawrow reist in den kommenden Tagen nach Havanna.", "2024-05"),
    ("Sergei Lavrov was to leave on Friday and visit Havana.", "2024-05-17"),
    ("Sergei Lavrov will travel to Havana on Friday.", "2024-05-17"),
])
def test_plans_present_tense_with_a_later_day_and_told_in_the_past(sentence, day):
    ev = run(sentence)
    assert visits(ev, "planned") == {("RU", "CU", day)}
    assert not visits(ev)


@pytest.mark.parametrize("sentence", [
    "It is not ruled out that Sergei Lavrov will travel to Havana.",
    "Some expect that Sergei Lavrov will travel to Havana.",
    "Sergei Lavrov may meet Kim Jong Un in Havana.",
    "Es ist nicht ausgeschlossen, dass Sergej Lawrow nach Havanna reist.",
    "Möglicherweise trifft Sergej Lawrow Kim Jong Un in Havanna.",
    "Sergej Lawrow reiste nicht nach Havanna.",
    "Sergei Lavrov's visit to Havana was postponed.",
    "Sergei Lavrov spoke with Kim Jong Un by phone on Monday.",
    "Sergej Lawrow führte am Montag ein Telefongespräch mit Kim Jong Un.",
])
def test_speculation_negation_and_calls_are_no_event(sentence):
    assert run(sentence) == []


@pytest.mark.parametrize("sentence, status", [
    ("Kim Jong Un arrived in Moscow on Monday for talks with Vladimir Putin.", "planned"),
    ("Kim Jong Un ist am Montag zu einem Treffen mit Wladimir Putin in Moskau eingetroffen.",
     "planned"),
    ("Kim Jong Un visited Moscow on Monday for talks with Vladimir Putin.", "happened"),
])
def test_a_meeting_that_is_the_aim_of_an_arrival_is_planned(sentence, status):
    ev = run(sentence)
    assert visits(ev) == {("KP", "RU", "2024-05-13")}
    assert meetings(ev, status) == {frozenset({"Kim Jong Un", "Vladimir Putin"})}


@pytest.mark.parametrize("text, want", [
    ("Narendra Modi met Vladimir Putin in Moscow on Monday. The two leaders last met in 2022.",
     {(frozenset({"Narendra Modi", "Vladimir Putin"}), "2024-05-13"),
      (frozenset({"Narendra Modi", "Vladimir Putin"}), "2022")}),
    ("Narendra Modi traf am Montag Wladimir Putin. Die beiden Staatschefs waren zuletzt 2022 "
     "zusammengekommen.",
     {(frozenset({"Narendra Modi", "Vladimir Putin"}), "2024-05-13"),
      (frozenset({"Narendra Modi", "Vladimir Putin"}), "2022")}),
])
def test_background_meetings_keep_their_own_date(text, want):
    assert pairs(run(text)) == want


# ----------------------------------------------------------------- one record per event

@pytest.mark.parametrize("text", [
    "Antony Blinken arrived in Beijing on Sunday. The visit is the first in five years. "
    "Blinken's trip to China was welcomed in Beijing.",
    "Antony Blinken ist am Sonntag in Peking eingetroffen. Der Besuch ist der erste seit "
    "Jahren. Blinkens Reise nach China wurde begrüßt.",
])
def test_a_visit_told_three_times_is_one_record(text):
    ev = run(text, "2023-06-20")
    got = [e for e in ev if e.type == "visit"]
    assert len(got) == 1 and got[0].date == "2023-06-18"


@pytest.mark.parametrize("text", [
    "Antony Blinken met Wang Yi in Beijing on Monday. He also met Li Qiang on Monday.",
    "Antony Blinken traf am Montag in Peking Wang Yi. Am Montag traf er auch Li Qiang.",
])
def test_a_second_counterpart_is_a_second_meeting(text):
    assert meetings(run(text)) == {frozenset({"Antony Blinken", "Wang Yi"}),
                                   frozenset({"Antony Blinken", "Li Qiang"})}


def test_a_visit_is_dated_by_arrival_not_by_the_report():
    ev = run("Sergei Lavrov arrived in Havana on Sunday, the ministry said on Monday.")
    assert visits(ev) == {("RU", "CU", "2024-05-12")}
    ev = run("Sergej Lawrow ist am Sonntag in Havanna eingetroffen, teilte das Ministerium "
             "am Montag mit.")
    assert visits(ev) == {("RU", "CU", "2024-05-12")}


# ----------------------------------------------------------------- rules are data

def test_word_forms_compile_with_endings_compounds_and_gaps():
    rx = compile_forms(["visit*", "*gespräch*", "kam … zusammen"])
    text = "He visited; die Atomgespräche; sie kam am 3. Mai mit ihm zusammen"
    assert [m.group(0) for m in rx.finditer(text)] == [
        "visited", "Atomgespräche", "kam am 3. Mai mit ihm zusammen"]


def test_a_bad_lexicon_entry_names_file_and_line(tmp_path):
    (tmp_path / "x.tsv").write_text("# comment\nkind\tlang\tform\tcase\n"
                                    "meet\ten\tmet\tfold\nmeat\ten\tmet\tfold\n")
    cols = {"kind": ("meet",), "lang": ("en", "de"), "form": None, "case": ("fold", "exact")}
    with pytest.raises(LexiconError, match=r"data/lexicon/x.tsv:4: kind 'meat'"):
        load_table("x.tsv", cols, tmp_path)
    (tmp_path / "y.tsv").write_text("kind\tlang\tform\tcase\nmeet\ten\tmet\n")
    with pytest.raises(LexiconError, match=r"y.tsv:2: 3 fields"):
        load_table("y.tsv", cols, tmp_path)
    (tmp_path / "z.tsv").write_text("kind\tlang\tform\tcase\nmeet\ten\t*\tfold\n")
    with pytest.raises(LexiconError, match=r"z.tsv:2: bad form"):
        load_table("z.tsv", cols, tmp_path)


@pytest.mark.parametrize("sentence, day", [
    ("The Cuban delegation has been visiting Moscow since Friday.", "2024-05-10"),
    ("Die kubanische Delegation ist seit Freitag in Moskau zu Gast.", "2024-05-10"),
])
def test_a_stay_is_dated_by_its_start(sentence, day):
    assert visits(run(sentence)) == {("CU", "RU", day)}


def test_first_time_since_is_no_date():
    ev = run("Der Kremlchef Wladimir Putin besucht Pjöngjang erstmals seit dem Jahr 2000.", "2024-06")
    assert {d for _, _, d in visits(ev)} == {"2024-06"}


@pytest.mark.parametrize("sentence", [
    "Li Qiang arrives in Berlin, received by Olaf Scholz.",
    "Li Qiang wurde von Olaf Scholz in Berlin empfangen.",
])
def test_the_one_who_receives_is_the_host(sentence):
    assert {(v, h) for v, h, _ in visits(run(sentence))} == {("CN", "DE")}


def test_english_present_with_a_weekday_is_a_caption_not_a_plan():
    ev = run("Antony Blinken meets with Wang Yi in Beijing on Monday.", "2023-06-20")
    assert meetings(ev) == {frozenset({"Antony Blinken", "Wang Yi"})}
    ev = run("Antony Blinken trifft am Montag in Peking Wang Yi.", "2023-06-20")
    assert meetings(ev, "planned") == {frozenset({"Antony Blinken", "Wang Yi"})}


@pytest.mark.parametrize("text", [
    "Wang Yi has been visiting Pyongyang since Friday. On Monday he held talks with "
    "Choe Son Hui in Pyongyang.",
    "Wang Yi ist seit Freitag in Pjöngjang zu Gast. Am Montag führte er in Pjöngjang "
    "Gespräche mit Choe Son Hui.",
])
def test_talks_in_the_host_country_do_not_tell_a_second_visit(text):
    ev = run(text, "2024-05-15")
    assert visits(ev) == {("CN", "KP", "2024-05-10")}
    assert meetings(ev) == {frozenset({"Wang Yi", "Choe Son Hui"})}


@pytest.mark.parametrize("sentence", [
    "During the summit, Kim Jong Un and Antony Blinken praised the truce, 70 years after "
    "the war ended.",
    "Beim Gipfel lobten Kim Jong Un und Antony Blinken die Waffenruhe, 70 Jahre nachdem "
    "der Krieg endete.",
])
def test_an_offset_dates_only_its_own_clause(sentence):
    assert pairs(run(sentence, "2024-05-15")) == {
        (frozenset({"Kim Jong Un", "Antony Blinken"}), "2024-05")}


def test_trigger_words_count_in_their_own_language_only():
    text = ("Ever since the Ukraine war began, the ties of Russia with North Korea and "
            "with the regime in Pyongyang have grown, and the two countries signed a treaty.")
    assert run(text) == []
    ev = run("Wladimir Putin war in Pjöngjang und unterzeichnete dort im Juni mit Kim Jong Un "
             "einen Vertrag, der die Beziehungen der beiden Länder vertieft.", "2024-07-01")
    assert visits(ev) == {("RU", "KP", "2024-06")}


@pytest.mark.parametrize("sentence", [
    "Choe Son Hui is in Iran for a conference this week.",
    "Choe Son Hui weilt in dieser Woche zu einer Konferenz in Iran.",
])
def test_being_somewhere_is_a_visit(sentence):
    assert visits(run(sentence)) == {("KP", "IR", "2024-05")}


@pytest.mark.parametrize("sentence", [
    "Im Sommer hatte Wladimir Putin in Pjöngjang mit Kim Jong Un einen Vertrag unterzeichnet.",
    "In the summer Vladimir Putin signed a treaty with Kim Jong Un in Pyongyang.",
])
def test_signing_with_someone_is_a_meeting(sentence):
    assert pairs(run(sentence, "2024-11-05")) == {
        (frozenset({"Vladimir Putin", "Kim Jong Un"}), "2024")}


@pytest.mark.parametrize("sentence", [
    "It was the first time the two sides met since 10 December, when Xi Jinping "
    "travelled to Moscow.",
    "Es war das erste Treffen seit dem 10. Dezember, als Xi Jinping nach Moskau reiste.",
])
def test_since_a_date_when_dates_the_when_clause(sentence):
    assert visits(run(sentence, "2020-11-20")) == {("CN", "RU", "2019-12-10")}


@pytest.mark.parametrize("sentence", [
    "Kim Jong Un attended the games hosted by Indonesia, said Antony Blinken.",
    "Kim Jong Un besuchte die von Indonesien ausgerichteten Spiele, sagte Antony Blinken.",
])
def test_an_event_hosted_by_a_state_is_no_reception(sentence):
    assert meetings(run(sentence)) == set()


def test_received_yesterday_by_an_apposition():
    ev = run("Choe Son Hui was received yesterday by the first vice premier, Li Qiang, in "
             "Beijing.")
    assert meetings(ev) == {frozenset({"Choe Son Hui", "Li Qiang"})}
    assert {(v, h) for v, h, _ in visits(ev)} == {("KP", "CN")}


@pytest.mark.parametrize("sentence", [
    "Wang Yi, accompanied by Li Qiang, arrived in Moscow on Monday.",
    "Wang Yi ist am Montag in Begleitung von Li Qiang in Moskau eingetroffen.",
])
def test_accompanied_by_joins_the_travellers(sentence):
    ev = [e for e in run(sentence) if e.type == "visit"]
    assert len(ev) == 1 and set(ev[0].participants) == {"Wang Yi", "Li Qiang"}


@pytest.mark.parametrize("sentence", [
    "Kim Yo Jong, the sister of Kim Jong Un, and Antony Blinken met in Seoul on Monday.",
    "Kim Yo Jong, die Schwester von Kim Jong Un, traf am Montag in Seoul Antony Blinken.",
])
def test_a_relative_named_in_an_apposition_is_no_participant(sentence):
    assert meetings(run(sentence)) == {frozenset({"Kim Yo Jong", "Antony Blinken"})}


@pytest.mark.parametrize("sentence", [
    "Sergei Lavrov of Russia and Wang Yi of China are expected to visit Pyongyang next week.",
    "Sergej Lawrow aus Russland und Wang Yi aus China werden nächste Woche Pjöngjang besuchen.",
])
def test_coordinated_travellers_of_two_states(sentence):
    got = {(v, h) for v, h, _ in visits(run(sentence), "planned")}
    assert got == {("RU", "KP"), ("CN", "KP")}


@pytest.mark.parametrize("sentence", [
    "Nach Angaben des Kremls trifft Wladimir Putin am Freitag in Peking Xi Jinping.",
    "According to the Kremlin's account, Vladimir Putin will meet Xi Jinping in Beijing on "
    "Friday.",
])
def test_a_place_in_the_genitive_is_where_a_source_sits(sentence):
    ev = run(sentence)
    assert visits(ev, "planned") == {("RU", "CN", "2024-05-17")}


@pytest.mark.parametrize("sentence, status", [
    ("Auf Einladung von Xi Jinping reist Wladimir Putin im Mai nach China.", "planned"),
    ("Im April reist Wladimir Putin nach China, so der Rückblick.", "happened"),
    ("Wladimir Putin, der im Mai China besucht hat, lobte die Gespräche.", "happened"),
])
def test_german_present_tense_reads_with_its_date(sentence, status):
    ev = run(sentence)
    assert {(v, h) for v, h, _ in visits(ev, status)} == {("RU", "CN")}


@pytest.mark.parametrize("sentence", [
    "Ein Treffen zwischen Kim Jong Un und Joe Biden gilt als unwahrscheinlich.",
    "A meeting between Kim Jong Un and Joe Biden is considered unlikely.",
])
def test_unlikely_is_no_event(sentence):
    assert run(sentence) == []


@pytest.mark.parametrize("text", [
    "Sergei Lavrov left for Pyongyang on Sunday. On Tuesday Lavrov visited Pyongyang's "
    "port.",
    "Sergej Lawrow ist am Sonntag nach Pjöngjang aufgebrochen. Am Dienstag besuchte Lawrow "
    "Pjöngjang.",
])
def test_a_visit_is_dated_by_departure_when_no_arrival_is_told(text):
    assert visits(run(text)) == {("RU", "KP", "2024-05-12")}


@pytest.mark.parametrize("sentence, want", [
    ("In Moskau versicherte Wang Yi seinem Amtskollegen Sergej Lawrow die Unterstützung.",
     {frozenset({"Wang Yi", "Sergei Lavrov"})}),
    ("In Moscow, Wang Yi assured his counterpart Sergei Lavrov of China's support.",
     {frozenset({"Wang Yi", "Sergei Lavrov"})}),
    ("Wang Yi criticised his counterpart Sergei Lavrov for the delay.", set()),
])
def test_a_counterpart_met_in_a_place(sentence, want):
    assert meetings(run(sentence)) == want


@pytest.mark.parametrize("sentence", [
    "Wladimir Putin und sein Amtskollege Joe Biden sind am Montag in Peking eingetroffen.",
    "Vladimir Putin and his counterpart Joe Biden arrived in Beijing on Monday.",
])
def test_a_counterpart_between_two_travellers_joins_them(sentence):
    assert visits(run(sentence)) == {("RU", "CN", "2024-05-13"), ("US", "CN", "2024-05-13")}


@pytest.mark.parametrize("sentence", [
    "Joe Biden will host Xi Jinping in Washington next week.",
    "Joe Biden wird Xi Jinping nächste Woche in Washington empfangen.",
])
def test_a_planned_reception(sentence):
    ev = run(sentence)
    assert {(v, h) for v, h, _ in visits(ev, "planned")} == {("CN", "US")}
    assert meetings(ev, "planned") == {frozenset({"Joe Biden", "Xi Jinping"})}


@pytest.mark.parametrize("sentence", [
    "Russia sent troops to Syria in 2015.",
    "Russland schickte 2015 Truppen nach Syrien.",
])
def test_troops_are_no_visit(sentence):
    assert run(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Sergei Lavrov said he would visit Pyongyang soon.",
    "Sergej Lawrow sagte, er werde bald Pjöngjang besuchen.",
])
def test_reported_future_is_a_plan(sentence):
    assert {(v, h) for v, h, _ in visits(run(sentence), "planned")} == {("RU", "KP")}


@pytest.mark.parametrize("sentence", [
    "Wang Yi's visit to Moscow on Oct 31 is the first since the spring.",
    "Der Besuch von Wang Yi in Moskau am 31. Oktober ist der erste seit dem Frühjahr.",
])
def test_a_yearless_day_after_publication_is_the_coming_one(sentence):
    assert visits(run(sentence, "2024-09-10"), "planned") == {("CN", "RU", "2024-10-31")}


@pytest.mark.parametrize("sentence", [
    "„Der Besuch wird wichtig sein“, zitierte die Zeitung einen Experten in Seoul.",
    "'The visit will matter', the paper quoted an expert in Seoul as saying.",
])
def test_a_place_in_the_attribution_is_no_destination(sentence):
    assert run(sentence) == []


@pytest.mark.parametrize("sentence, want", [
    ("Im Mai besuchte Kim Jong Un Russlands Fernen Osten.", {("KP", "RU", "2024-05")}),
    ("In May Kim Jong Un visited Russia's Far East.", {("KP", "RU", "2024-05")}),
])
def test_german_inversion_object_after_the_subject(sentence, want):
    assert visits(run(sentence)) == want


@pytest.mark.parametrize("sentence", [
    "It was the first visit by a Chinese leader to Pyongyang in 14 years.",
    "Es war der erste Besuch eines chinesischen Staatschefs in Pjöngjang seit 14 Jahren.",
])
def test_an_unnamed_visitor_named_by_his_state(sentence):
    assert {(v, h) for v, h, _ in visits(run(sentence))} == {("CN", "KP")}


@pytest.mark.parametrize("sentence", [
    "Vladimir Putin is expected in Beijing on Thursday.",
    "Wladimir Putin wird am Donnerstag in Peking erwartet.",
])
def test_expected_somewhere_is_a_planned_visit(sentence):
    assert visits(run(sentence), "planned") == {("RU", "CN", "2024-05-16")}


@pytest.mark.parametrize("sentence", [
    "Prime Minister Fumio Kishida met President Yoon Suk Yeol in Seoul on Monday, ahead of "
    "expected talks between Yoon and Chinese Premier Li Qiang.",
    "Der japanische Ministerpräsident Fumio Kishida traf am Montag in Seoul Präsident Yoon Suk "
    "Yeol, im Vorfeld der Gespräche zwischen Yoon und dem chinesischen Regierungschef Li Qiang.",
])
def test_a_meeting_still_ahead_is_not_part_of_the_one_told(sentence):
    ev = run(sentence, "2024-05-14")
    happened = meetings(ev)
    assert frozenset({"Fumio Kishida", "Yoon Suk Yeol"}) in happened
    assert not any("Li Qiang" in m for m in happened)
    assert any("Li Qiang" in m and "Yoon Suk Yeol" in m for m in meetings(ev, "planned"))


@pytest.mark.parametrize("sentence", [
    "The envoy spoke with Ri Son Gwon, a close adviser to Kim Jong Un, weeks after the latter "
    "had met Russian President Vladimir Putin on March 3 in Vladivostok.",
    "Der Gesandte sprach mit Ri Son Gwon, einem Vertrauten von Kim Jong Un, Wochen nachdem "
    "letzterer am 3. März in Wladiwostok den russischen Präsidenten Wladimir Putin getroffen hatte.",
])
def test_the_latter_names_the_person_told_last(sentence):
    ev = run(sentence, "2024-04-20")
    assert (frozenset({"Kim Jong Un", "Vladimir Putin"}), "2024-03-03") in pairs(ev)
    assert not any("Ri Son Gwon" in m and "Vladimir Putin" in m for m in meetings(ev))


@pytest.mark.parametrize("text", [
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Aachen on Monday. "
    "Later they met Polish Prime Minister Donald Tusk.",
    "Frankreichs Präsident Emmanuel Macron traf am Montag in Aachen den deutschen Bundeskanzler Olaf Scholz. "
    "Danach trafen die beiden den polnischen Ministerpräsidenten Donald Tusk.",
])
def test_they_are_the_sides_of_the_meeting_told_before(text):
    ev = run(text, "2024-05-14")
    assert any({"Emmanuel Macron", "Olaf Scholz", "Donald Tusk"} <= m for m in meetings(ev))


@pytest.mark.parametrize("sentence", [
    "Lavrov's trip came two months after Choe Son Hui, the foreign minister of North Korea, "
    "visited Moscow for talks with Russian President Vladimir Putin.",
    "Lawrows Reise folgte zwei Monate nachdem Choe Son Hui, die Außenministerin Nordkoreas, "
    "in Moskau mit dem russischen Präsidenten Wladimir Putin zusammengekommen war.",
])
def test_an_offset_dates_the_event_told_after_it(sentence):
    ev = run(sentence, "2024-05-28")
    assert (frozenset({"Choe Son Hui", "Vladimir Putin"}), "2024-03") in pairs(ev)


@pytest.mark.parametrize("text", [
    "Indian Prime Minister Narendra Modi landed in Abu Dhabi on Tuesday, where President "
    "Mohamed bin Zayed greeted him. Modi was later received at the Qasr Al Watan palace by "
    "the President.",
    "Indiens Premierminister Narendra Modi landete am Dienstag in Abu Dhabi, wo ihn Präsident "
    "Mohamed bin Zayed begrüßte. Am Abend wurde Modi im Qasr-Al-Watan-Palast vom Präsidenten "
    "empfangen.",
])
def test_received_far_from_by_by_a_bare_title(text):
    ev = run(text, "2024-02-14")
    assert frozenset({"Narendra Modi", "Mohamed bin Zayed"}) in meetings(ev)


@pytest.mark.parametrize("text", [
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Aachen in January. "
    "A second summit in March in Paris ended without a deal.",
    "Frankreichs Präsident Emmanuel Macron traf im Januar in Aachen den deutschen Bundeskanzler "
    "Olaf Scholz. Ein zweites Treffen im März in Paris endete ohne Einigung.",
])
def test_a_second_summit_is_the_same_sides_again(text):
    ev = run(text, "2024-05-14")
    assert (frozenset({"Emmanuel Macron", "Olaf Scholz"}), "2024-03") in pairs(ev)


@pytest.mark.parametrize("sentence", [
    "Kenyan President William Ruto invited Somali President Hassan Sheikh Mohamud to travel "
    "with him to Addis Ababa last week.",
    "Der kenianische Präsident William Ruto lud vergangene Woche den somalischen Präsidenten "
    "Hassan Sheikh Mohamud ein, mit ihm nach Addis Abeba zu reisen.",
])
def test_with_him_the_inviter_travels_too(sentence):
    got = {(v, h) for v, h, _ in visits(run(sentence, "2024-05-15"))}
    assert {("KE", "ET"), ("SO", "ET")} <= got


@pytest.mark.parametrize("sentence, want", [
    ("Der chinesische Außenminister Wang Yi besuchte im April die DVRK.", ("CN", "KP")),
    ("Chinese Foreign Minister Wang Yi visited the DPRK in April.", ("CN", "KP")),
    ("Bundeskanzler Olaf Scholz besuchte im April die VAE.", ("DE", "AE")),
])
def test_short_state_names_as_data(sentence, want):
    assert {(v, h) for v, h, _ in visits(run(sentence))} == {want}


@pytest.mark.parametrize("sentence, want", [
    ("Der Bundespräsident ist am Montag nach Botsuana gekommen.", ("DE", "BW")),
    ("The Pope arrived in Lisbon on Monday.", ("VA", "PT")),
])
def test_a_title_that_names_its_state_gives_the_visitor(sentence, want):
    assert {(v, h) for v, h, _ in visits(run(sentence))} == {want}


@pytest.mark.parametrize("sentence, want", [
    ("Der französische Präsident Emmanuel Macron hat am Dienstag in Peking mit Chinas "
     "Staatschef Xi Jinping gesprochen.", {"Emmanuel Macron", "Xi Jinping"}),
    ("Bundeskanzler Olaf Scholz beriet am Montag in Paris mit dem französischen Präsidenten "
     "Emmanuel Macron.", {"Olaf Scholz", "Emmanuel Macron"}),
])
def test_german_perfect_and_beraten_are_meetings(sentence, want):
    assert frozenset(want) in meetings(run(sentence, "2023-04-06"))


@pytest.mark.parametrize("sentence", [
    "Ukrainian President Volodymyr Zelensky met Pope Francis at the Vatican on Saturday.",
    "Der ukrainische Präsident Wolodymyr Selenskyj traf am Samstag im Vatikan Papst Franziskus.",
])
def test_a_meeting_in_a_named_state_is_a_visit_there(sentence):
    assert {(v, h) for v, h, _ in visits(run(sentence, "2023-05-15"))} == {("UA", "VA")}


@pytest.mark.parametrize("sentence", [
    "French Foreign Minister Jean-Noel Barrot welcomed Nigerian President Bola Tinubu at Orly "
    "airport on Monday, at the start of a state visit on invitation of French President "
    "Emmanuel Macron.",
    "Der französische Außenminister Jean-Noel Barrot empfing den nigerianischen Präsidenten "
    "Bola Tinubu am Montag am Flughafen Orly zum Auftakt eines Staatsbesuchs auf Einladung von "
    "Präsident Emmanuel Macron.",
])
def test_the_inviter_is_no_party_of_the_reception(sentence):
    assert meetings(run(sentence, "2024-11-27")) == {frozenset({"Jean-Noel Barrot", "Bola Tinubu"})}


# ------------------------------------------- one sentence, one encounter; verb-final plans

@pytest.mark.parametrize("sentence", [
    "South Korean President Yoon Suk Yeol met Japanese Prime Minister Fumio Kishida on the "
    "sidelines of the NATO summit in Vilnius on Wednesday.",
    "Der südkoreanische Präsident Yoon Suk Yeol traf am Mittwoch am Rande des Nato-Gipfels in "
    "Vilnius den japanischen Regierungschef Fumio Kishida.",
])
def test_two_triggers_of_one_sentence_with_the_same_sides_are_one_meeting(sentence):
    ev = run(sentence, "2023-06-20")
    assert [(e.type, e.status, e.date) for e in ev] == [("meeting", "happened", "2023-06-14")]


@pytest.mark.parametrize("second", [
    "Dort soll er Präsident Luiz Inácio Lula da Silva treffen.",
    "Dort wird er den brasilianischen Präsidenten Lula treffen.",
    "There he is expected to meet President Luiz Inacio Lula da Silva.",
])
def test_a_pronoun_subject_before_the_object_carries_the_traveller(second):
    first = ("Der indische Premierminister Narendra Modi wird nächste Woche nach Brasilien reisen. "
             if second.startswith("Dort") else
             "Indian Prime Minister Narendra Modi will travel to Brazil next week. ")
    ev = run(first + second, "2024-11-05")
    assert meetings(ev, "planned") == {frozenset({"Narendra Modi", "Luiz Inacio Lula da Silva"})}
