"""The person recogniser on example sentences written for these tests (English and
German, every rule in both or in two phrasings), then the person-state rate on the
development articles (read from ../shared, never copied)."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import shared
from diplograph.loaders.extract.lexicon import LexiconDataError, NameLexicon, build_lexicon
from diplograph.loaders.extract.persons import ArticlePeople, find_persons, is_common_noun
from diplograph.loaders.extract.text import split_sentences

LEX = build_lexicon()


def read(text: str, when: str | None = "2024-05-15") -> ArticlePeople:
    people = ArticlePeople(LEX.surnames, LEX.person_state)
    for s in split_sentences(text):
        for r in find_persons(s.text, LEX.find(s.text), people, LEX, when):
            people.seen(r, s.text[r.start:r.end])
    return people


def persons(text: str) -> dict[str, str | None]:
    p = read(text)
    return {n: p.states.get(n) or p.person_state.get(n) for n in p.order}


# ------------------------------------------------------------------ naming systems

@pytest.mark.parametrize("text, name, state", [
    # Korean, hyphenated given name with a lower-case part
    ("South Korea's President Moon Jae-in flew to Berlin.", "Moon Jae-in", "KR"),
    ("Südkoreas Präsident Moon Jae-in flog nach Berlin.", "Moon Jae-in", "KR"),
    # Korean family name that is also a German/English function word
    ("Nordkoreas Botschafter So Kwang Chol traf den Minister.", "So Kwang Chol", "KP"),
    ("North Korea's envoy An Kwang Il met the minister.", "An Kwang Il", "KP"),
    # Vietnamese and Chinese
    ("Vietnamese Prime Minister Pham Minh Chinh arrived in Seoul.", "Pham Minh Chinh", "VN"),
    ("Der chinesische Sonderbeauftragte Liu Xiaoming reiste nach Seoul.", "Liu Xiaoming", "CN"),
    # Mongolian with a hyphenated name
    ("Mongolia's Prime Minister Luvsannamsrain Oyun-Erdene visited Tokyo.",
     "Luvsannamsrain Oyun-Erdene", "MN"),
    # Slavic diacritics, Polish and Czech-style
    ("Polish Foreign Minister Radosław Sikorski met him.", "Radosław Sikorski", "PL"),
    ("Der polnische Außenminister Radosław Sikorski traf ihn.", "Radosław Sikorski", "PL"),
    # middle initial
    ("U.S. Secretary of State John F. Kerry landed in Hanoi.", "John F. Kerry", "US"),
    # Arabic particles
    ("Saudi Arabia's Crown Prince Faisal bin Farhan received the guests.", "Faisal bin Farhan", "SA"),
    ("Ägyptens Präsident Abdel Fattah al-Sisi empfing die Gäste.", "Abdel Fattah al-Sisi", "EG"),
    # Spanish double surname and Portuguese particle
    ("Brazil's Foreign Minister Mauro Vieira da Costa met Lavrov.", "Mauro Vieira da Costa", "BR"),
])
def test_name_shapes(text, name, state):
    found = persons(text)
    assert found.get(name) == state, found


def test_german_transliteration_gets_the_english_spelling():
    p = read("Der russische Vizeaußenminister Andrej Gromow reiste nach Pjöngjang. "
             "Gromow traf dort Choe Son Hui.")
    assert "Andrei Gromov" in p.order and p.states["Andrei Gromov"] == "RU"
    assert p.counts["Andrei Gromov"] == 2  # the bare German "Gromow" is the same man
    assert "Andrej Gromow" in p.surfaces["Andrei Gromov"]


# ------------------------------------------------------------------ titles and anchors

@pytest.mark.parametrize("text, name, state", [
    ("Der US-Sonderbeauftragte für Nordkorea, Sung Kim, reiste nach Seoul.", "Sung Kim", "US"),
    ("The US special envoy for North Korea, Sung Kim, travelled to Seoul.", "Sung Kim", "US"),
    ("Der Abteilungsleiter im russischen Außenministerium Pawel Iwanow reiste ab.",
     "Pavel Ivanov", "RU"),
    ("Deputy Prime Minister of Russia Pavel Ivanov arrived.", "Pavel Ivanov", "RU"),
    ("Der Vorsitzende der russischen Staatsduma, Pawel Iwanow, traf Kim Jong Un.",
     "Pavel Ivanov", "RU"),
    ("The chief of staff Elena Markova, a Russian official, arrived.", "Elena Markova", "RU"),
])
def test_titles_german_compounds_and_lower_case(text, name, state):
    assert persons(text).get(name) == state


@pytest.mark.parametrize("text", [
    "The director of the International Department met the delegation.",
    "Der Leiter der Internationalen Abteilung traf die Delegation.",
    "Head of the Foreign Affairs Committee Said Nothing Today.",
])
def test_an_office_after_a_title_is_no_person(text):
    assert persons(text) == {}


@pytest.mark.parametrize("text, name, state", [
    ("Batbayar Ulziisaikhan, Mongolia's former minister of energy, arrived in Seoul.",
     "Batbayar Ulziisaikhan", "MN"),
    ("Batbayar Ulziisaikhan, der frühere mongolische Energieminister, kam in Seoul an.",
     "Batbayar Ulziisaikhan", "MN"),
])
def test_apposition(text, name, state):
    assert persons(text).get(name) == state


@pytest.mark.parametrize("text, name, state", [
    ("Lavrov met his Syrian counterpart, Bassam Haddad, in Moscow.", "Bassam Haddad", "SY"),
    ("Lawrow traf seinen syrischen Amtskollegen Bassam Haddad in Moskau.", "Bassam Haddad", "SY"),
])
def test_counterpart(text, name, state):
    assert persons(text).get(name) == state


@pytest.mark.parametrize("text", [
    "Emil Dragunov and Tomas Lindqvist met in Vienna on Friday.",
    "Emil Dragunov und Tomas Lindqvist trafen sich am Freitag in Wien.",
])
def test_coordination_and_verbs_of_meeting(text):
    assert {"Emil Dragunov", "Tomas Lindqvist"} <= set(persons(text))


def test_plural_title_covers_both_coordinated_names():
    found = persons("Die früheren Bundespräsidenten Rolf Hagedorn und Uwe Kleinschmidt kamen auch.")
    assert found == {"Rolf Hagedorn": "DE", "Uwe Kleinschmidt": "DE"}
    found = persons("The former German presidents Rolf Hagedorn and Uwe Kleinschmidt came too.")
    assert found.get("Rolf Hagedorn") == found.get("Uwe Kleinschmidt") == "DE"


def test_spouse_takes_the_state_of_the_person_named_before():
    assert persons("Der britische Premierminister Tom Hagedorn und seine Frau Anna Hagedorn "
                   "kamen an.").get("Anna Hagedorn") == "GB"
    assert persons("The British prime minister Tom Hagedorn and his wife Anna Hagedorn "
                   "arrived.").get("Anna Hagedorn") == "GB"


def test_spouse_with_the_family_name_of_a_person_takes_that_state():
    assert persons("Polish President Jan Kowalczyk, accompanied by First Lady Ewa Kowalczyk, "
                   "landed in Rome.").get("Ewa Kowalczyk") == "PL"
    assert persons("Der polnische Präsident Jan Kowalczyk landete mit Ehefrau Ewa Kowalczyk "
                   "in Rom.").get("Ewa Kowalczyk") == "PL"


def test_relative_of_a_gazetteer_person_is_not_that_person():
    found = persons("Melania Trump greeted the guests at the White House.")
    assert "Melania Trump" in found and "Donald Trump" not in found
    found = persons("Donald Trump sprach in Riad.")
    assert found == {"Donald Trump": "US"}
    # a given name before a gazetteer alias belongs to that person
    assert persons("Turkish President Recep Tayyip Erdoğan landed in Baku.") == {
        "Recep Tayyip Erdogan": "TR"}
    # a German noun before a surname is no given name
    assert persons("Ein enger Vertrauter Putins reiste ab.") == {"Vladimir Putin": "RU"}


def test_another_spelling_of_a_gazetteer_person_gets_the_canonical_name():
    assert persons("Iran's President Massoud Pezeshkyan arrived in Moscow.") == {
        "Masoud Pezeshkian": "IR"}
    assert persons("Irans Präsident Masud Peseschkian traf in Moskau ein.") == {
        "Masoud Pezeshkian": "IR"}


def test_korean_given_name_written_as_a_capitalised_function_word():
    assert "Moon Jae In" in persons("Südkoreas Präsident Moon Jae In hat Gäste empfangen.")
    assert "Kim Jong In" in persons("Later that day envoy Kim Jong In met the minister.")


@pytest.mark.parametrize("text, name", [
    ("Moon met the younger sister of the North Korean ruler Kim Jong Un in Seoul.", "Kim Jong Un"),
    ("Moon traf die Schwester von Nordkoreas Machthaber Kim Jong Un in Seoul.", "Kim Jong Un"),
    ("Kim Yong Chol, an aide to Kim Jong Un, and Mike Pompeo met in New York.", "Kim Jong Un"),
])
def test_a_person_named_as_someones_relative_is_a_modifier_not_an_actor(text, name):
    people = ArticlePeople(LEX.surnames, LEX.person_state)
    refs = find_persons(text, LEX.find(text), people, LEX, "2018-05-01")
    assert [r.modifier for r in refs if r.name == name] == [True]
    assert all(not r.modifier for r in refs if r.name != name)


def test_head_of_state_without_nationality_is_the_host():
    p = read("The minister arrived in Thailand on Monday. He was received by Prime Minister "
             "Somchai Examplewong.")
    assert p.states["Somchai Examplewong"] == "TH"
    p = read("Nach dem Besuch in Ägypten reiste der Minister nach Brazzaville. Dort traf er "
             "Präsident Denis Examplo.")
    assert p.states["Denis Examplo"] == "CG" or p.states["Denis Examplo"] is None
    p = read("Nach dem Besuch in Ägypten setzte er die Reise fort. Geplant ist ein Treffen "
             "mit Präsident Denis Examplo.")
    assert p.states["Denis Examplo"] != "EG"  # a stop already left is not where he is


def test_naming_system_gives_the_state_as_a_last_resort():
    assert persons("Außenminister Tran Van Hoa führte ein Gespräch.") == {"Tran Van Hoa": "VN"}
    assert persons("Foreign Minister Tran Van Hoa held talks.") == {"Tran Van Hoa": "VN"}
    assert persons("Prime Minister Batbayaryn Enkhjargal arrived.") == {
        "Batbayaryn Enkhjargal": "MN"}
    # a state in the role phrase wins
    assert persons("US envoy Tran Van Hoa held talks.") == {"Tran Van Hoa": "US"}


@pytest.mark.parametrize("text, expected", [
    ("Chinese Vice Premier He Lifeng met U.S. Treasury Secretary Scott Bessent in Geneva.",
     {"He Lifeng": "CN", "Scott Bessent": "US"}),
    ("Der chinesische Vizepremier He Lifeng traf in Genf den US-Finanzminister Scott Bessent.",
     {"He Lifeng": "CN", "Scott Bessent": "US"}),
    ("He said Lavrov would come.", {"Sergei Lavrov": "RU"}),
    ("Indian External Affairs Minister S. Jaishankar arrived in Moscow.", {"S. Jaishankar": "IN"}),
    ("Der indische Außenminister S. Jaishankar traf in Moskau ein.", {"S. Jaishankar": "IN"}),
    ("Bundesinnenministerin Nancy Faeser reiste nach Rabat.", {"Nancy Faeser": "DE"}),
    ("Prabowo Subianto, Indonesia's president-elect, met Xi in Beijing.",
     {"Prabowo Subianto": "ID", "Xi Jinping": "CN"}),
    # a state word of one person's title is not the next person's state
    ("Er traf den kasachischen Regierungschef Roman Sklarow und Außenminister Murat "
     "Nurtleu.", {"Roman Sklarov": "KZ", "Murat Nurtleu": "KZ"}),
    ("Kazakh President Kassym-Jomart Tokayev received Ursula von der Leyen, the president of "
     "the European Commission.", {"Kassym-Jomart Tokayev": "KZ", "Ursula von der Leyen": None}),
])
def test_more_shapes_and_titles(text, expected):
    assert persons(text) == expected


@pytest.mark.parametrize("text", [
    "Pyongyang welcomed the Russian Foreign Minister on Tuesday.",
    "Pjöngjang empfing am Dienstag den russischen Außenminister.",
    "Pjöngjang empfing am Dienstag Putins Außenminister.",
])
def test_unnamed_officeholder_by_the_roles_of_the_lexicon_and_gazetteer(text):
    people = ArticlePeople(LEX.surnames, LEX.person_state)
    refs = find_persons(text, LEX.find(text), people, LEX, "2024-05-15")
    assert [(r.name, r.state, r.source) for r in refs if r.source == "role"] == [
        ("Sergei Lavrov", "RU", "role")]


def test_a_person_named_after_an_unnamed_officeholder_is_that_officeholder():
    p = read("Am Morgen ist der Bundespräsident in Gaborone gelandet. Die Demokratie sei "
             "stabil, sagte Walter Beispielmann.")
    assert p.states.get("Walter Beispielmann") == "DE"
    p = read("The Kenyan president landed in Berlin on Monday. The ties are strong, said "
             "Samuel Examplo.")
    assert p.states.get("Samuel Examplo") == "KE" or "KE" not in LEX.gaz.states
    # not when another title names the person
    p = read("The Kenyan president landed in Berlin. Professor Hans Muster said it matters.")
    assert p.states.get("Hans Muster") is None


def test_counterpart_without_nationality_is_of_the_state_travelled_to():
    assert persons("Lavrov landed in Brazzaville on Sunday and was welcomed by his "
                   "counterpart Jean Examplo.").get("Jean Examplo") in ("CG", None)
    p = read("Lawrow ist in Ägypten gelandet. Dort begrüßte ihn sein Amtskollege Sami Kamal.")
    assert p.states.get("Sami Kamal") == "EG"


def test_press_and_scholars_are_not_actors_of_a_state():
    found = persons("Photographer Jane Examplia took the picture. Professor Hans Muster, a "
                    "Russian expert, said Moscow wants talks.")
    assert "Jane Examplia" not in found
    assert "Lee Min Ho" not in persons("Außenminister Kim Song Nam traf ihn. (Foto: Lee Min Ho)")
    assert "Lee Min Ho" not in persons("The minister met him. (Photo: Lee Min Ho)")
    assert found.get("Hans Muster") is None


# ------------------------------------------------------------------ within the article

def test_bare_surname_goes_to_the_person_this_article_named():
    # the gazetteer knows a Lee (Lee Jae-myung); the article names another one
    p = read("Südkoreas Außenminister Lee Do Hoon reiste nach Tokio. Lee traf dort "
             "Japans Außenminister.")
    assert p.counts.get("Lee Do Hoon") == 2 and "Lee Jae-myung" not in p.counts
    p = read("South Korea's foreign minister Lee Do Hoon flew to Tokyo. There Lee met "
             "his Japanese counterpart.")
    assert p.counts.get("Lee Do Hoon") == 2 and "Lee Jae-myung" not in p.counts


def test_double_surname_alone_is_the_person_named_in_full():
    p = read("Chile's President Luis Martinez Ortega flew to Brazil. Martinez Ortega met "
             "Lula there.")
    assert p.counts.get("Luis Martinez Ortega") == 2 and "Martinez Ortega" not in p.counts
    p = read("Chiles Präsident Luis Martinez Ortega flog nach Brasilien. Dort traf "
             "Martinez Ortega den Präsidenten.")
    assert p.counts.get("Luis Martinez Ortega") == 2


@pytest.mark.parametrize("text, name", [
    ("Vice Foreign Minister Pak Myong Ho Russia's ally said so.", "Pak Myong Ho"),
    ("Vizeaußenminister Pak Myong Ho Nordkorea sagte das.", "Pak Myong Ho"),
])
def test_a_name_stops_before_a_state_word(text, name):
    assert name in persons(text)


def test_single_name_after_a_title_resolves_to_the_full_name():
    p = read("Kenyan President Samuel Examplo arrived in Berlin. President Examplo then met "
             "Olaf Scholz.")
    assert p.counts.get("Samuel Examplo") == 2


# ------------------------------------------------------------------ word lists

def test_common_german_nouns_are_not_names():
    for noun in ("Regierung", "Werbung", "Folgenden", "Gesprächen", "Staatliche"):
        assert is_common_noun(noun), noun
    for name in ("Lindqvist", "Masisi", "Lawrow", "Steinmeier", "Wladimir", "Heiko"):
        assert not is_common_noun(name), name
    # a capitalised German noun next to a name does not join it
    assert persons("Außenminister Lundeg Purevsuren zu Gesprächen in Berlin.") == {
        "Lundeg Purevsuren": None}


def test_lexicon_files_are_validated(tmp_path):
    from diplograph.resources import data_dir

    for f in ("name_parts.json", "name_stopwords.json"):
        (tmp_path / f).write_text((data_dir() / "lexicon" / f).read_text(encoding="utf-8"),
                                  encoding="utf-8")
    (tmp_path / "titles.tsv").write_text("form\tlang\tkind\tstate\nminister\ten\tboss\t\n",
                                         encoding="utf-8")
    with pytest.raises(LexiconDataError, match="kind"):
        NameLexicon(tmp_path)
    (tmp_path / "titles.tsv").write_text("form\tlang\tkind\tstate\n*minister\tde\tminister\tXYZ\n",
                                         encoding="utf-8")
    with pytest.raises(LexiconDataError, match="state"):
        NameLexicon(tmp_path)
    (tmp_path / "titles.tsv").write_text("form\tlang\tkind\tstate\nDoge\ten\thead\tIT\n",
                                         encoding="utf-8")
    nl = NameLexicon(tmp_path)
    assert nl.title("Doge").state == "IT"  # an analyst's new title works


# ------------------------------------------------------------------ development set

def test_dev_persons_found_with_their_state():
    """Every person of dev entities.json named in a gold record, per article: found with
    the right state (the issue's floor is 90 % once the world gazetteer has every state)."""
    base = shared("eval", "dev")
    sys.path.insert(0, str(base.parent))
    from score import name_match  # the reference scorer's name rule

    from diplograph.loaders.articles import iter_articles

    gold = [json.loads(line) for line in (base / "gold.jsonl").read_text().splitlines() if line]
    names = [e["name"] for e in json.loads((base / "entities.json").read_text())["persons"]]
    need = {}
    for g in gold:
        for p in g.get("participants") or []:
            if any(name_match(p, n) for n in names):
                need[(g["article"], p)] = g["participant_states"].get(p)
    found = {}
    for art in iter_articles([base / "articles"]):
        people = read(art.text, art.published)
        found[art.name.rsplit("/", 1)[-1]] = {
            n: people.states.get(n) or people.person_state.get(n) for n in people.order}
    ok = sum(any(name_match(n, p) and st == want for n, st in found.get(a, {}).items())
             for (a, p), want in need.items())
    rate = ok / len(need)
    print(f"dev persons with the right state: {ok}/{len(need)} = {rate:.1%}")
    assert rate >= 0.85


def _persons_of_last_sentence(text: str):
    """Run the recogniser over every sentence of ``text`` (persons carried over, as in an
    article) and return the persons of the last sentence."""
    people = ArticlePeople(LEX.surnames, LEX.person_state)
    last = []
    for s in split_sentences(text):
        last = find_persons(s.text, LEX.find(s.text), people, LEX, "2024-05-15")
        for r in last:
            people.seen(r, s.text[r.start:r.end])
    return last


@pytest.mark.parametrize("text", [
    "Jordan's King Abdullah II and Crown Prince Hussein bin Abdullah opened the forum. "
    "Later the Crown Prince met the delegation.",
    "Der jordanische Kronprinz Hussein bin Abdullah eröffnete am Montag das Forum. "
    "Später traf der Kronprinz die Delegation.",
])
def test_a_bare_title_is_the_person_the_article_named_with_it(text):
    last = _persons_of_last_sentence(text)
    assert [(r.name, r.state) for r in last] == [("Hussein bin Abdullah", "JO")]


@pytest.mark.parametrize("text", [
    "Malawian President Lazarus Chakwera hosted Zambian President Hakainde Hichilema. The "
    "Chakwera-Hichilema talks lasted four hours.",
    "Der malawische Präsident Lazarus Chakwera empfing den sambischen Präsidenten Hakainde "
    "Hichilema. Das Chakwera-Hichilema-Treffen dauerte vier Stunden.",
])
def test_two_family_names_joined_by_a_hyphen_are_both_persons(text):
    last = _persons_of_last_sentence(text)
    assert {(r.name, r.state) for r in last} == {("Lazarus Chakwera", "MW"),
                                                    ("Hakainde Hichilema", "ZM")}


def test_a_hyphenated_given_name_is_no_pair():
    p = read("German President Frank-Walter Steinmeier met Kenyan President William Ruto. "
             "Later Frank-Walter Steinmeier spoke to the press.")
    assert "Frank" not in " ".join(p.order).replace("Frank-Walter", "")


@pytest.mark.parametrize("text", [
    "Dutch King Willem-Alexander and Queen Maxima arrived in Lisbon on Monday. President "
    "Marcelo Rebelo de Sousa welcomed the royal couple at the palace.",
    "Der niederländische König Willem-Alexander und Königin Máxima landeten am Montag in "
    "Lissabon. Präsident Marcelo Rebelo de Sousa begrüßte das Königspaar im Palast.",
])
def test_a_couple_is_the_head_the_article_named_with_the_title(text):
    last = _persons_of_last_sentence(text)
    assert ("Willem-Alexander", "NL") in {(r.name, r.state) for r in last}


@pytest.mark.parametrize("text, name, state", [
    ("Somali President Hassan Sheikh Mohamud arrived in Nairobi.", "Hassan Sheikh Mohamud", "SO"),
    ("Der somalische Präsident Hassan Sheikh Mohamud landete in Nairobi.",
     "Hassan Sheikh Mohamud", "SO"),
    ("Qatari Emir Sheikh Tamim bin Hamad Al Thani arrived in Paris.", "Tamim bin Hamad Al Thani",
     "QA"),
])
def test_a_royal_word_inside_a_name_is_part_of_it(text, name, state):
    assert persons(text) == {name: state}
