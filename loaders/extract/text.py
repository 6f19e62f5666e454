"""Sentences with character offsets into the original text, text normalisation, and a
fast language guess.

Segmentation uses **syntok** (maintained, pure Python, token offsets). It was compared
with pySBD and SoMaJo on the 40 development articles (../shared/eval/dev):

=========  =====  ==========================  ================================  ========
library    sents  glued "word.Next" left      wrong splits seen                 time/40
=========  =====  ==========================  ================================  ========
pySBD        493  9 (all left glued)          few                               0.75 s
syntok       446  0                           15 German ordinals ("am 24." |    0.19 s
                                              "Mai", "der 70." | "Jahrestag")
SoMaJo       366  0                           few                               1.9 s
=========  =====  ==========================  ================================  ========

(pySBD ran per line; syntok and SoMaJo on the whole text, so their counts also join
lines that the splitter below keeps apart.) pySBD leaves scraped "…aufgebrochen.Da der …" glued (persons and dates leak across)
and SoMaJo is ten times slower than the 100 articles/s/core target allows. syntok
splits glued sentences and is the fastest; its one systematic error, a German
ordinal ("am 24. Mai", "der 70. Jahrestag") read as a sentence end, is repaired
here: a sentence ending in a one- or two-digit number or a Roman numeral with a dot
is joined to the next when that starts with a month name or a lower-case word, or
when an article or preposition before the number marks it as an ordinal ("July 9.
Then …" stays two sentences). A source tag in parentheses after a full stop
("(Reuters)", "(Foto: …)") stays with its sentence.
Line breaks always end a sentence (headings, bullets, photo captions).

Normalisation (:func:`normalise`): NFC, zero-width characters and soft hyphens
removed, HTML entities (``&apos;``, ``&amp;``, ``&#39;``) decoded, no-break spaces
made spaces. ``Sentence.text`` is the normalised sentence; ``start``/``end`` are
offsets into the original string, so ``original[start:end]`` is the exact evidence;
:meth:`Sentence.to_original` maps an offset inside ``Sentence.text`` back.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from syntok import segmenter

__all__ = ["Sentence", "Normalised", "normalise", "split_sentences"]

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPECIAL = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});|[" + _ZERO_WIDTH
                      + r"\u00a0\u202f]")
_MONTHS = ("januar|jänner|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|"
           "november|dezember|january|february|march|may|june|july|october|december|"
           "jan|feb|mär|apr|jun|jul|aug|sep|sept|okt|nov|dez")
_ORDINAL_END = re.compile(r"(?:(?<![\w.])\d{1,2}|(?<![\w])[IVX]{1,4})\.$")
_JOIN_NEXT = re.compile(rf"(?i:(?:{_MONTHS})\b)|[a-zäöüß(]")
# a number after a German article or preposition is an ordinal: "der 70. Jahrestag"
_ORDINAL_AFTER = re.compile(r"(?:\b(?:am|im|vom|zum|bis|der|die|das|den|dem|des|ihr|ihre|"
                            r"ihres|sein|seine|seines)\s+|^)\d{1,2}\.$", re.I)
_LOWER_START = re.compile(r"[a-zäöüß(]")


@dataclass(frozen=True)
class Normalised:
    """Normalised text and, per normalised character, the original span it came from
    (``None`` when nothing changed: offsets are the same)."""

    text: str
    starts: list[int] | None = None
    ends: list[int] | None = None
    length: int = 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``."""
        if self.starts is None:
            return start, end
        if end <= start:
            o = self.starts[start] if start < len(self.starts) else self.length
            return o, o
        return self.starts[start], self.ends[end - 1]


def _replacement(chunk: str) -> str:
    if chunk in _ZERO_WIDTH:
        return ""
    if chunk in "\u00a0\u202f":
        return " "
    out = html.unescape(chunk)
    return out if out != chunk else chunk


def normalise(text: str) -> Normalised:
    """NFC, zero-width characters removed, HTML entities decoded, offsets kept."""
    nfc = text.isascii() or unicodedata.is_normalized("NFC", text)
    if nfc and not _SPECIAL.search(text):
        return Normalised(text, length=len(text))
    pieces: list[tuple[int, int, str]] = []  # (orig start, orig end, replacement)
    if not nfc:
        i, n = 0, len(text)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(text[j]):
                j += 1
            chunk = text[i:j]
            norm = unicodedata.normalize("NFC", chunk)
            if norm != chunk:
                pieces.append((i, j, norm))
            i = j
    for m in _SPECIAL.finditer(text):
        rep = _replacement(m.group(0))
        if rep != m.group(0):
            pieces.append((m.start(), m.end(), rep))
    pieces.sort()
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for s, e, rep in pieces:
        if s < pos:
            continue
        out.append(text[pos:s])
        starts.extend(range(pos, s))
        ends.extend(range(pos + 1, s + 1))
        out.append(rep)
        starts.extend([s] * len(rep))
        ends.extend([e] * len(rep))
        pos = e
    out.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return Normalised("".join(out), starts, ends, len(text))


@dataclass(frozen=True)
class Sentence:
    text: str         # normalised sentence
    start: int        # offsets into the original text
    end: int
    line_start: bool  # begins a line (a heading or a bullet may)
    offsets: tuple | None = field(default=None, repr=False, compare=False)

    def to_original(self, i: int) -> int:
        """Offset in the original text of offset ``i`` inside ``self.text``."""
        if self.offsets is None:
            return self.start + i
        starts, length = self.offsets
        return starts[i] if i < len(starts) else self.end


MAX_SENTENCE = 1500  # longer runs (a 1 MB line without stops) are cut at a space


_INNER_STOP = re.compile(r"[.!?…]\S*\s|[.!?…][A-ZÄÖÜ\"'„“(]")


def _syntok_spans(line: str) -> list[tuple[int, int]]:
    if not _INNER_STOP.search(line.rstrip()):
        return [(0, len(line))]  # no stop inside the line: one sentence, syntok not needed
    spans = []
    for para in segmenter.analyze(line):
        for sent in para:
            if sent:
                spans.append((sent[0].offset, sent[-1].offset + len(sent[-1].value)))
    return spans


def _repair(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a split after a German ordinal day or a Roman numeral ("am 24." | "Mai")."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            prev = line[ps:pe]
            nxt = line[s:s + 14]
            if ((_ORDINAL_END.search(prev) and (_JOIN_NEXT.match(nxt)
                                                or _ORDINAL_AFTER.search(prev)))
                    or (_LOWER_START.match(nxt) and not prev.endswith(("!", "?")))):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def split_sentences(text: str) -> list[Sentence]:
    norm = normalise(text)
    t = norm.text
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", t):
        body = line.group(0)
        if not body.strip():
            continue
        first = True
        for s, e in _repair(body, _syntok_spans(body)):
            _emit(out, norm, line.start() + s, line.start() + e, first)
            first = False
    return out


def _emit(out, norm: Normalised, start, end, line_start):
    t = norm.text
    while start < end and t[start].isspace():
        start += 1
    while end > start and t[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = t.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _emit(out, norm, start, cut, line_start)
        start, line_start = cut, False
        while start < end and t[start].isspace():
            start += 1
    if end > start:
        os_, oe = norm.span(start, end)
        offsets = None
        if norm.starts is not None:
            starts = norm.starts[start:end]
            if starts != list(range(os_, os_ + (end - start))) or oe - os_ != end - start:
                offsets = (tuple(starts), oe)
        out.append(Sentence(t[start:end], os_, oe, line_start, offsets))
