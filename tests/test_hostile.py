"""Hostile input: bad files give a clear message naming the file (and line), the rest
of the batch goes on, --strict makes any problem fatal."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph.cli import main
from diplograph.loaders.articles import _from_text, read_article_file
from diplograph.loaders.extract import extract_article, extract_paths
from diplograph.loaders.jsonl import read_events

GOOD = "Sergej Lawrow reiste am Dienstag nach Pjöngjang und traf Kim Jong Un."


@pytest.fixture()
def batch(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(" date 2024-05-15 Titel\n\n" + GOOD, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "junk.txt").write_bytes(bytes(range(256)) * 64)
    (d / "latin1.txt").write_bytes(("Der Außenminister Sergej Lawrow reiste nach Pjöngjang. "
                                    "Grüße").encode("latin-1"))
    (d / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    (d / "utf16le.txt").write_bytes(GOOD.encode("utf-16-le"))
    rows = [json.dumps({"text": GOOD, "published": "2024-05-15"})] * 100
    rows[36] = '{"text": "broken'
    rows[50] = json.dumps({"title": "no text"})
    rows[60] = json.dumps({"text": GOOD, "published": "2023-13-45"})
    (d / "feed.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (d / "control.txt").write_text("Sergej\x00 Lawrow\x07 reiste nach\x1b Pjöngjang.", encoding="utf-8")
    return d


def test_bad_files_are_named_and_the_rest_goes_on(batch, tmp_path):
    res = CliRunner().invoke(main, ["extract", str(batch), "--out", str(tmp_path / "o")])
    assert res.exit_code == 3, res.output  # done, with warnings
    warnings = [l for l in res.output.splitlines() if l.startswith("Warning: ")]
    text = "\n".join(warnings)
    assert f"{batch / 'empty.txt'}: empty file" in text
    assert f"{batch / 'junk.txt'}: binary data" in text
    assert f"{batch / 'latin1.txt'}: not UTF-8" in text and "re-save as UTF-8" in text
    assert f"{batch / 'feed.jsonl'}:37: not valid JSON" in text
    assert f"{batch / 'feed.jsonl'}:51: field 'text'" in text
    assert f"{batch / 'feed.jsonl'}:61: field 'published'" in text
    events = [json.loads(l) for l in (tmp_path / "o" / "events.jsonl").read_text().splitlines()]
    arts = {e["article"] for e in events}
    assert {"good.txt", "latin1.txt", "utf16.txt", "utf16le.txt", "control.txt"} <= arts
    assert len({a for a in arts if a.startswith("feed.jsonl:")}) == 98


def test_strict_makes_the_first_problem_fatal(batch, tmp_path):
    res = CliRunner().invoke(main, ["extract", str(batch), "--out", str(tmp_path / "o"), "--strict"])
    assert res.exit_code == 1 and res.output.startswith("Error: ")
    assert not (tmp_path / "o" / "events.jsonl").exists()


def test_exit_codes_are_documented():
    res = CliRunner().invoke(main, ["--help"])
    assert "Exit codes: 0 success, 1 error, 2 usage error" in res.output
    assert "3 done, but some input was skipped" in res.output


def test_large_article_and_long_line(tmp_path):
    # 2 MB and a 200 kB line keep this tier fast; benchmarks/bench_large_input.py runs
    # the same checks on a 20 MB article and a 1 MB line and records time and memory.
    big = tmp_path / "big.txt"
    para = GOOD + " Beide Seiten sprachen über Handel und Energie.\n\n"
    big.write_text(para * (2_000_000 // len(para.encode())), encoding="utf-8")
    line = tmp_path / "line.txt"
    line.write_text(("Lawrow traf Kim Jong Un in Pjöngjang " * 6000)[:200_000], encoding="utf-8")
    facts = extract_paths([big, line])
    assert len(facts.articles) == 2
    texts = {a: p.read_text(encoding="utf-8") for a, p in (("big.txt", big), ("line.txt", line))}
    for e in facts.events[:50] + facts.events[-50:]:
        assert texts[e.article][e.evidence.start:e.evidence.end] == e.evidence.text
        assert len(e.evidence.text) <= 1500


@pytest.mark.parametrize("line, field, words", [
    ({"type": "visit", "visitor_state": "RU", "host_state": "KP", "date": "2023-13-45"}, "date",
     "not 01-12"),
    ({"type": "visit", "visitor_state": "RU", "host_state": "KP", "date": "1899"}, "date",
     "outside 1900-2100"),
    ({"type": "meeting", "participants": ["Kim\x00 Jong Un"]}, "participants",
     "control character U+0000"),
    ({"type": "meeting", "organiser": "x"}, "organiser", "unknown field"),
    ({"type": "visit"}, None, "needs visitor_state and host_state"),
])
def test_curated_line_errors_name_the_field(tmp_path, line, field, words):
    p = tmp_path / "events.jsonl"
    p.write_text(json.dumps({"type": "meeting"}) + "\n" + json.dumps(line) + "\n", encoding="utf-8")
    errors = []
    assert len(read_events(p, on_error=errors.append)) == 1
    (err,) = errors
    assert err.line == 2 and err.field == field and words in str(err)


def test_html_and_cypher_in_names_are_just_text(tmp_path):
    p = tmp_path / "events.jsonl"
    names = ["<script>alert(1)</script>", "'}) DETACH DELETE n //", "$x", "`a`:Label"]
    p.write_text(json.dumps({"type": "meeting", "participants": names}) + "\n", encoding="utf-8")
    (ev,) = read_events(p)
    assert ev.participants == names


# ----------------------------------------------------------------- property-based

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
WORDS = st.lists(st.sampled_from([
    "Lawrow", "Lavrov", "Kim", "Kim Jong Un", "Putin", "reiste", "nach", "Pjöngjang", "traf",
    "met", "visited", "Moscow", "Moskau", "am", "Dienstag", "last", "April", "2023", "Juli",
    "Delegation", "nordkoreanische", "Russian", "Foreign", "Minister", ".", ",", "\n", "-",
    "unter", "der", "Leitung", "von", "Ri", "Song", "Chol", "will", "werde", "Einladung",
]), max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXT, WORDS), st.one_of(st.none(), st.sampled_from(["2024-02-29", "2023-07"])))
def test_any_text_extracts_without_error_and_spans_hold(text, published):
    art = _from_text("p.txt", text, "p.txt")
    art.published = published or art.published
    events, _ = extract_article(art)
    for e in events:
        assert 0 <= e.evidence.start <= e.evidence.end <= len(art.text)
        assert art.text[e.evidence.start:e.evidence.end] == e.evidence.text


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_either_read_or_refused_clearly(tmp_path_factory, data):
    from diplograph.errors import InputError

    d = tmp_path_factory.mktemp("b")
    for name in ("a.txt", "a.jsonl"):
        p = d / name
        p.write_bytes(data)
        warnings = []
        try:
            arts = list(read_article_file(p, warn=warnings.append))
        except InputError as err:
            assert str(err).startswith(str(p))
            continue
        for a in arts:
            extract_article(a)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_in_a_curated_file_give_line_errors(tmp_path_factory, data):
    from diplograph.errors import InputError

    p = tmp_path_factory.mktemp("c") / "events.jsonl"
    p.write_bytes(data)
    errors = []
    read_events(p, on_error=errors.append)
    for err in errors:
        assert isinstance(err, InputError) and err.line is not None and str(p) in str(err)
