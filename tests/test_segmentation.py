"""Sentences and normalisation: example sentences written for these tests, and the
development articles read from ../shared (never copied)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import shared
from diplograph.loaders.extract.text import normalise, split_sentences


def texts(text):
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize("text, first, second", [
    ("The envoy left Hanoi on Friday.The talks resume in May.",
     "The envoy left Hanoi on Friday.", "The talks resume in May."),
    ("Der Gesandte verließ Hanoi am Freitag.Die Gespräche gehen im Mai weiter.",
     "Der Gesandte verließ Hanoi am Freitag.", "Die Gespräche gehen im Mai weiter."),
])
def test_glued_sentences_are_split(text, first, second):
    assert texts(text) == [first, second]


@pytest.mark.parametrize("text", [
    "Die Delegation traf am 3. Oktober in Wien ein und blieb bis zum 5. Oktober.",
    "Zum 75. Jahrestag der Beziehungen reiste sie nach Seoul.",
    "König Ludwig II. reiste im Sommer nach Paris.",
    "Er kam am 12. März an.",
    "Zum 70. Jahrestag kamen viele Gäste.",
])
def test_german_ordinals_and_regnal_numbers_do_not_end_a_sentence(text):
    assert texts(text) == [text]


@pytest.mark.parametrize("text, n", [
    ("He arrived on July 9. Then he left for Tokyo.", 2),
    ("Sie kam am 9. Juli an. Dann flog sie nach Tokio.", 2),
    ("The vote was 12 to 9. The motion failed.", 2),
])
def test_a_number_at_a_sentence_end_still_ends_it(text, n):
    assert len(texts(text)) == n


def test_line_breaks_end_sentences_and_offsets_are_exact():
    text = "Ministerin in Seoul\nDie Ministerin flog am 2. Mai nach Seoul. Dort traf sie Kollegen.\n"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Ministerin in Seoul", "Die Ministerin flog am 2. Mai nach "
                                       "Seoul.", "Dort traf sie Kollegen."]
    assert [s.line_start for s in sents] == [True, True, False]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_normalisation_maps_offsets_back_to_the_original():
    # decomposed umlaut, zero-width space, soft hyphen, an HTML entity, a no-break space
    text = "Die Mu\u0308nchner\u200b Gespra\u0308che.Sie sprach mit Jae\u00ad-in. It&apos;s\u00a0done."
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Die Münchner Gespräche.", "Sie sprach mit Jae-in.",
                                       "It's done."]
    for s in sents:
        raw = text[s.start:s.end]
        assert normalise(raw).text == s.text
        # every offset inside the normalised sentence maps into the original span
        for i, ch in enumerate(s.text):
            o = s.to_original(i)
            assert s.start <= o < s.end
            assert unicodedata.normalize("NFC", text[o]).startswith(ch) or text[o] in "&\u00a0" \
                or unicodedata.normalize("NFC", text[o:o + 2]).startswith(ch)
    gs = sents[0]
    i = gs.text.index("Gespräche")
    assert text[gs.to_original(i):gs.to_original(i + len("Gespräche") - 1) + 1].startswith("Gespra")


def test_plain_text_is_not_copied():
    n = normalise("Plain ASCII text.")
    assert n.starts is None and n.span(2, 7) == (2, 7)


def test_dev_articles_no_glued_sentence_left_and_spans_exact():
    folder = shared("eval", "dev", "articles")
    glued = re.compile(r"[a-zäöüß]{2,}[.!?][A-ZÄÖÜ][a-zäöü]")
    n_sent = 0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for s in split_sentences(text):
            n_sent += 1
            assert normalise(text[s.start:s.end]).text == s.text
            assert not glued.search(s.text), (path.name, s.text[:80])
            assert not re.search(r"(?:\bam|\bdem|\bden|\bzum)\s+\d{1,2}\.$", s.text), s.text[-40:]
    print(f"dev articles: {n_sent} sentences")
    assert n_sent > 300
