"""Sentences with character offsets, and a fast language guess.

The splitter keeps offsets into the original text (``text[start:end]`` is the
sentence), splits at line breaks (headings, bullets) and at ., ! or ? followed by
space and a capital or a quote, and does not split after abbreviations, initials or
German ordinals ("25. Juli").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences", "detect_language"]

_ABBREV = {
    "st", "dr", "mr", "mrs", "ms", "prof", "gen", "lt", "col", "sen", "rep", "gov", "jr",
    "sr", "vs", "etc", "no", "nr", "bzw", "ca", "vgl", "z", "u", "d", "h", "s", "inc",
    "corp", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "okt", "dez", "mio", "mrd", "bspw", "sog", "evtl", "ggf", "usw",
}
_MONTHS_DE = ("januar|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|"
              "november|dezember")
_BOUNDARY = re.compile(r"[.!?…]+[\"'”“»«)]*\s+(?=[\"'„“”»«(]?[A-ZÄÖÜ0-9])")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    line_start: bool  # begins a line (a heading or a bullet may)


def _is_abbreviation(text: str, dot: int, nxt: str) -> bool:
    m = re.search(r"(\S+)$", text[:dot])
    word = m.group(1) if m else ""
    bare = word.strip("(\"'„“").lower()
    if bare in _ABBREV or (len(bare) == 1 and bare.isalpha()):
        return True
    if re.fullmatch(r"[a-z]\.[a-z]", bare) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare):
        return True  # u.s, z.b
    if bare.isdigit() and re.match(rf"(?:{_MONTHS_DE})\b", nxt.lower()):
        return True  # "25. Juli"
    return False


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        seg_start = line.start()
        body = line.group(0)
        pos = 0
        for b in _BOUNDARY.finditer(body):
            dot = b.start()
            if _is_abbreviation(body, dot, body[b.end():b.end() + 12]):
                continue
            _emit(out, text, seg_start + pos, seg_start + b.end(), pos == 0)
            pos = b.end()
        _emit(out, text, seg_start + pos, line.end(), pos == 0)
    return out


MAX_SENTENCE = 1500  # longer runs (a 1 MB line without stops) are cut at a space


def _emit(out, text, start, end, line_start):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _emit(out, text, start, cut, line_start)
        start, line_start = cut, False
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(text[start:end], start, end, line_start))


_DE = re.compile(r"\b(der|die|das|und|nicht|mit|sich|des|den|dem|ist|eine|einer|auf|für|"
                 r"wurde|nach|auch|von|zu|im|sei|hat)\b", re.I)
_EN = re.compile(r"\b(the|and|not|with|of|is|was|a|an|on|for|were|to|in|that|has|have|"
                 r"by|from|said)\b", re.I)


def detect_language(text: str) -> str | None:
    """``de`` or ``en`` by function-word counts over the first 5,000 characters; None
    when neither language shows (too short, or another language)."""
    sample = text[:5000]
    de, en = len(_DE.findall(sample)), len(_EN.findall(sample))
    if de + en < 3:
        return None
    if de > 1.3 * en:
        return "de"
    if en > 1.3 * de:
        return "en"
    return None
