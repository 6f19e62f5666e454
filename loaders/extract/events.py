"""Visits and meetings in one sentence: event frames built from trigger words, the
places, states and persons around them, and the sentence's dates.

Trigger words and cue words are data (``data/lexicon/event_triggers.tsv`` and
``event_cues.tsv``), counted in the article's language only; this module holds the
mechanisms:

- **Visit frame.** A trigger (visited, reist nach, eingetroffen, zu Gast, is in …),
  destinations (a place or state after a direction word — "nach", "to", "in" — or the
  object of "visit/besuchen", German verb-final objects, the compound "U.S. visit" /
  "Deutschlandbesuch"; coordinated destinations "A, B und C" are one visit each), and
  the traveller: "the visit by X" / "X's visit", else a pronoun's referent, else the
  clause's subject and the persons coordinated with it ("and", "accompanied by", "und
  sein Amtskollege"), else a state word, else — for "this visit" — the article's
  traveller. A state after "with", "against", "amid", "the war in" …, after "to" + verb
  ("to intimidate Y"), in a bilateral compound ("Saudi-U.S.") or in the genitive is no
  destination; after "from", "aus" it is the origin. "X received Y" / "Y was received
  by X" / "hosted leaders from A and B" make the guests' states visit X's state.
- **Meeting frame.** A trigger (met, talks, traf, kam … zusammen, Atomgespräche,
  signed … with, a counterpart met in a named place) and persons of at least two states
  in the trigger's part of the sentence, without speakers of a report, persons after a
  speculation word, or relatives named in an apposition; "he"/"er"/"his" is the
  traveller of the article's last visit, "the two leaders" the sides of its last
  meeting; a meeting told "there" takes the visit's place and date.
- **Status.** Speculation ("may", "possibly", "not ruled out", "unwahrscheinlich"),
  negation and phone calls give no event. A past-tense trigger ("arrived … at the
  invitation of") has happened unless a modal governs it; cue words (will, is to,
  plans, soll, wird + infinitive, "said he would"), a plan told in the past ("was to
  leave"), German present with a weekday or a date not before publication, or a noun
  whose nearer date reading lies ahead make it planned; a date that can only lie in the
  past ("last week") makes a plan one that happened. A meeting that is the aim of an
  arrival ("arrived for talks with") is planned.
- **Date.** The date in the trigger's clause, else the nearest, never one of a report
  verb ("said on Monday"), a time stamp, a since-clause or someone else's relative
  clause; read back from the publication date for what happened and forward for a plan;
  "since Friday" dates a stay; visits are dated by arrival, else departure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from diplograph.loaders.extract.dates import DateMention, parse_pub_date
from diplograph.loaders.extract.lexicon import Mention
from diplograph.loaders.extract.persons import PersonRef
from diplograph.loaders.extract.rules import FormSet, load_table

__all__ = ["Candidate", "Context", "sentence_events", "clauses", "triggers", "cues",
           "VISIT_KINDS", "MEET_KINDS"]

VISIT_KINDS = ("visit", "arrive", "depart", "send", "presence", "attend")
MEET_KINDS = ("meet", "receive", "counterpart")
_TRIGGER_COLUMNS = {"kind": VISIT_KINDS + MEET_KINDS, "lang": ("en", "de"),
                    "tense": ("past", "present", "base"), "form": None,
                    "case": ("fold", "exact")}
_CUE_KINDS = ("planned", "future_aux", "reported_future", "modal_past", "neutral", "negation", "speculation",
              "remote", "people", "pair", "relation", "purpose", "reported", "later", "origin", "direction", "side",
              "background", "prospect", "latter", "former",
              "plural", "repeat", "inviter")
_CUE_COLUMNS = {"kind": _CUE_KINDS, "lang": ("en", "de"), "form": None,
                "case": ("fold", "exact")}


@lru_cache(maxsize=1)
def triggers() -> FormSet:
    """All trigger forms; payload (kind, tense, lang)."""
    rows = load_table("event_triggers.tsv", _TRIGGER_COLUMNS)
    return FormSet((r["form"], r["case"], (r["kind"], r["tense"], r["lang"])) for r in rows)


@lru_cache(maxsize=1)
def cues() -> FormSet:
    """All cue forms; payload the cue kind."""
    rows = load_table("event_cues.tsv", _CUE_COLUMNS)
    return FormSet((r["form"], r["case"], (r["kind"], r["lang"])) for r in rows)


@dataclass
class Candidate:
    type: str
    visitor_state: str | None
    host_state: str | None
    participants: list[str]
    participant_states: dict[str, str]
    place: str | None
    date: str | None
    status: str
    confidence: float
    date_rank: float = 2  # 0 arrival, 0.5 departure, 1 the trigger's clause, 2 other
    weak: bool = False   # status by default only (a noun, no tense, no cue): may join a
    #                      telling of the same event with another status
    anaphoric: bool = False  # "the visit", "during the summit" without a date of its own
    item: int | None = None  # the list item (bullet line) the event was told in
    implied: bool = False    # a visit inferred from a meeting or a reception


@dataclass
class Context:
    """What one sentence leaves to the next within an article."""
    pub: str | None = None
    traveller: PersonRef | None = None   # the named visitor of the last visit
    visit: Candidate | None = None       # the last visit
    subject: PersonRef | None = None     # the last sentence's first person with a state
    meeting: Candidate | None = None     # the last meeting
    age: int = 0                         # sentences since the last visit
    meeting_age: int = 0                 # sentences since the last meeting
    lang: str | None = None              # the article's language (de/en) when known


_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:–—()\[\]\"“”„]|\bund\b|\band\b|\bsowie\b|\bbut\b|"
                           r"\baber\b|\bwährend\b|\bwhile\b|\bwo\b|\bwhere\b|\bwhich\b|"
                           r"\bwho\b|\bdass\b|\bthat\b)\s*")
_REGION_BREAK = re.compile(r"\s*(?:;|\bwhile\b|\bwährend\b|\bwhereas\b|\bbut\b|"
                           r"\baber\b|\bafter\b|\bnachdem\b|\bbefore\b|\bbevor\b)\s*")
_PRONOUN = re.compile(r"(?<![\w])(?:[Ee]r|[Hh]e|[Ss]he|[Ss]ie)(?![\w])")
_POSSESSIVE = re.compile(r"(?<![\w])(?:[Hh]is|[Hh]er|[Ss]eine[mnrs]?|[Ii]hre[mnrs]?)(?![\w])")
_COORD = re.compile(r"^(?:\s+(?:of|from|aus)\s+(?:the\s+)?[A-ZÄÖÜ][\w.-]*(?:\s+[A-ZÄÖÜ][\w.-]*)*)?"
                    r"[\s,.]*(?:and|und|sowie|as\s+well\s+as|together\s+with|along\s+with|"
                    r"accompanied\s+by|begleitet\s+von|in\s+Begleitung\s+von|,)[\s,]*"
                    r"(?:(?:der|die|des|dem|den|the|his|her|sein\w*|ihr\w*)\s+)?"
                    r"(?:[\w.-]+\s+){0,5}?$")
_ESCORT = r"(?i)accompan|begleit|\w*kolleg|counterpart"  # join travellers: no meeting here
_ESCORT_GAP = re.compile(r"(?:accompanied\s+by|together\s+with|along\s+with|in\s+Begleitung\s+"
                         r"(?:von|des|der)|begleitet\s+von|zusammen\s+mit|gemeinsam\s+mit)\s+"
                         r"(?:[\w.-]+\s+){0,4}$")
_DEST_CHAIN = re.compile(r"^\s*(?:,|and|und|sowie|as\s+well\s+as|or|oder)\s*"
                         r"(?:(?:the|die|der|den|dem|das)\s+)?$")
_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "der", "die", "das", "dem",
                "den", "des", "ein", "eine", "einer", "einem", "einen", "seine", "seinen",
                "ihre", "ihren", "of", "von", "city", "capital", "town", "port", "region",
                "province", "island", "resort", "village", "state", "territory", "border",
                "northern", "southern", "eastern", "western", "northeastern", "northwestern",
                "southeastern", "southwestern", "central", "far", "neighbouring", "neighboring",
                "nearby", "coastal", "remote"}
_SUBORDINATE = re.compile(r"^(?:die|der|das|den|dem|deren|dessen|which|who|whom|that|when|"
                          r"als|nachdem|since|seit|seitdem|wo|where|bevor|before|after)\b", re.I)
_ANAPHOR = re.compile(r"(?:\b(?:the|this|that|these|der|die|das|dem|des|den|dieser|diese|"
                      r"diesem|dieses|its|his|her|seine[mnrs]?|ihre[mnrs]?)\s+(?:[\w-]+\s+){0,2})$", re.I)
_PLACE_RANK = {"site": 0, "city": 1, "capital": 1, "place": 1, "seat": 1, "region": 2}
_VISIT_NOUN = re.compile(r"(?:visit|trip|tour|journey|Besuch(?:s|e|es)?|[a-zäöüß]besuch(?:s|e|es)?|"
                         r"Reise|[a-zäöüß]reise|Visite)$")


def _split(text: str, breaks: re.Pattern) -> list[tuple[int, int]]:
    """The spans of ``text`` between the matches of ``breaks`` (the whole text if none)."""
    spans, pos = [], 0
    for m in breaks.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = max(pos, m.end())
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans or [(0, len(text))]


def clauses(text: str) -> list[tuple[int, int]]:
    return _split(text, _CLAUSE_BREAK)


def _regions(text: str) -> list[tuple[int, int]]:
    return _split(text, _REGION_BREAK)


def _index(spans, i: int) -> int:
    for k, (s, e) in enumerate(spans):
        if i < e:
            return k if i >= s else max(0, k - 1)
    return len(spans) - 1


@dataclass
class _Sentence:
    """One sentence with its cue matches, clauses and regions (computed once)."""
    text: str
    spans: list
    regions: list
    cue: dict = field(default_factory=dict)
    trig: list = field(default_factory=list)  # trigger matches (start, end, text, info)

    def trigger_between(self, lo: int, hi: int, but: str | None = None) -> bool:
        return any(lo <= t[0] and t[1] <= hi and not (but and re.match(but, t[2]))
                   for t in self.trig)

    def clause(self, i: int) -> int:
        return _index(self.spans, i)

    def region(self, i: int) -> tuple[int, int]:
        return self.regions[_index(self.regions, i)]

    def any(self, kind: str, lo: int, hi: int) -> bool:
        return any(s < hi and e > lo for s, e, _ in self.cue[kind])

    def last(self, kind: str, lo: int, hi: int):
        found = [c for c in self.cue[kind] if lo <= c[0] and c[1] <= hi]
        return found[-1] if found else None


def _prepare(text: str, found: list, lang: str | None = None) -> _Sentence:
    s = _Sentence(text, clauses(text), _regions(text), trig=found)
    hits = [(a, b, w, kind) for a, b, w, (kind, lg) in cues().find(text)
            if lang is None or lg == lang]
    neutral = [(a, b) for a, b, _, kind in hits if kind == "neutral"]
    s.cue = {k: [] for k in _CUE_KINDS}
    for a, b, word, kind in hits:
        if kind == "inviter" or (kind != "neutral" and not any(x <= a < y for x, y in neutral)):
            s.cue[kind].append((a, b, word))
    return s


# ------------------------------------------------------------------------- status

_INFINITIVE_END = re.compile(r"([a-zäöüß]+(?:en|ern|eln))\s*(?=[,.;:!?\"“”)]|$)")


def _german_future(text: str, aux_end: int) -> bool:
    """wird/werden + an infinitive at the end of its clause (not a passive participle)."""
    rest = text[aux_end:]
    stop = re.search(r"(?<!\d)[.;!?](?!\d)|,\s*(?:[a-zäöü]+\s+){0,3}(?:berichtet|sagt|hieß|"
                     r"teilte|erklärte|meldete)", rest)
    rest = rest[:stop.start() + 1] if stop else rest
    for m in _INFINITIVE_END.finditer(rest):
        w = m.group(1)
        if not w.startswith("ge") and w not in ("worden", "werden"):
            return True
    return False


def _status_cues(s: _Sentence, t0: int, t1: int, tense: str, typ: str) -> str | None:
    """'planned', 'happened', 'unknown' (present tense, no cue) or 'default' (no tense
    and no cue), or None (speculation, negation, a phone call: no event)."""
    text = s.text
    k = s.clause(t0)
    lo = s.spans[k][0]
    # a "that/dass/ob" clause carries the previous clause's modality
    prev_lo = s.spans[k - 1][0] if k > 0 else lo
    hi = s.spans[k][1]
    rlo, rhi = s.region(t0)
    stop = re.search(r"[,;:]", text[t1:])
    if s.any("speculation", max(prev_lo, t0 - 90), max(hi, t1 + (stop.start() if stop
                                                                 else len(text)))):
        return None
    stop = re.search(r"[,;]", text[t1:t1 + 30])
    if s.any("negation", max(lo, t0 - 45), t0) or \
            s.any("negation", t1, t1 + (stop.start() if stop else 30)):
        return None
    if s.any("remote", max(rlo, t0 - 60), min(rhi, t1 + 60)):
        return None
    if tense == "present" and re.search(r"\b(?:hat|haben|hatte|hatten|habe)\b",
                                        text[lo:min(len(text), hi + 12)]):
        tense = "past"  # "der Nordkorea besucht hat": a participle, not the present
    if tense == "past":
        # "arrived … at the invitation of": a finished act, unless a modal governs it
        if s.any("planned", max(lo, t0 - 25), t0) or s.any("modal_past", max(lo, t0 - 25), t0):
            return "planned"
        return "happened"
    # a relative clause on the trigger noun: "talks that are expected to take place"
    if typ == "meeting" and k + 1 < len(s.spans) and re.match(
            r"\s*,?\s*(?:that|which|die|der|das)\b", text[s.spans[k][1]:s.spans[k + 1][0] + 8]):
        hi = s.spans[k + 1][1]
    if s.any("modal_past", prev_lo, hi) or s.any("planned", prev_lo, hi):
        return "planned"
    for a, b, _ in s.cue["future_aux"]:
        if rlo <= a < rhi and _german_future(text, b):
            return "planned"
    for a, _, _ in s.cue["reported_future"]:
        if prev_lo <= a < t0 and any(c[1] <= a for c in s.cue["reported"]):
            return "planned"  # "said he would visit"
    if typ == "meeting" and s.any("purpose", max(lo, t0 - 14), t0) and \
            re.match(r"\s+(?:with|mit)\b", text[t1:t1 + 8]) and _arrival_before(s, t0):
        return "planned"  # "arrived for talks with", "zu einem Treffen mit … eingetroffen"
    return "unknown" if tense == "present" else "default"


def _invited_by(s: _Sentence, r: PersonRef, t1: int) -> bool:
    """"receives X … on invitation of President Y": Y invited, is not at this event."""
    c = s.last("inviter", max(t1, r.start - 45), r.start)
    return bool(c) and re.fullmatch(r"[\s\w.'’-]*", s.text[c[1]:r.start]) is not None


def _prospect(s: _Sentence, t0: int) -> int | None:
    """End of an "ahead of" / "im Vorfeld" cue governing the trigger at ``t0`` (a few
    words before it, same clause), else None: the trigger names an event still to come."""
    c = s.last("prospect", max(0, t0 - 45), t0)
    if c and s.clause(c[0]) == s.clause(t0) and \
            re.fullmatch(r"[\s\w'’-]*", s.text[c[1]:t0]):
        return c[1]
    return None


def _arrival_before(s: _Sentence, t0: int) -> bool:
    """An arrival or departure in the sentence: the meeting is the trip's aim, still to
    come ("arrived for talks with"); a visit told as a whole ("visited X for talks with")
    held its talks."""
    return any(info[0] in ("arrive", "depart") and a != t0 for a, _, _, info in s.trig)


def _after_pub(value: str | None, pub) -> bool:
    if not value or not pub:
        return False
    p = parse_pub_date(value)
    a, b = tuple(x for x in p if x is not None), tuple(x for x in pub if x is not None)
    n = min(len(a), len(b))
    return a[:n] > b[:n]


def _before_pub(value: str | None, pub) -> bool:
    """Strictly before the publication date at the value's precision."""
    if not value or not pub:
        return False
    p = parse_pub_date(value)
    a, b = tuple(x for x in p if x is not None), tuple(x for x in pub if x is not None)
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def _days(value: str | None, pub) -> int | None:
    """Days from the publication date to a day-precise value (None if either is coarser)."""
    import datetime as dt
    if not value or len(value) != 10 or not pub or pub[2] is None:
        return None
    return (dt.date.fromisoformat(value) - dt.date(*pub)).days


def _decide(status: str, d: DateMention | None, pub, fallback: str | None, lang: str = "de"):
    """(status, date, weak) from the cue status and the chosen date."""
    if status == "planned" and d is not None and d.past_fixed:
        return "happened", d.value, False  # "invited him to fly with him last week"
    if status == "planned":
        return "planned", (d.for_status("planned") if d else fallback), False
    if d is None:
        return "happened", fallback, status in ("default", "unknown")
    if status == "unknown" and d.kind == "weekday" and lang == "de":
        return "planned", d.ahead, False  # "reist am Freitag nach …", "trifft am Montag"
    if status == "unknown" and lang == "de" and d.value and not _before_pub(d.value, pub):
        return "planned", d.ahead, False  # "reist im Mai nach China" in a May article
    if status in ("unknown", "default") and d.ahead and d.ahead != d.value:
        back, ahead = _days(d.value, pub), _days(d.ahead, pub)
        if back is not None and ahead is not None and ahead < -back:
            return "planned", d.ahead, False  # the nearer reading is ahead
    if _after_pub(d.value, pub):
        return "planned", d.value, False
    return "happened", d.value, status == "default"


# ------------------------------------------------------------------------- dates

_OFFSET_LINK = re.compile(r"(?:after|before|nachdem|bevor)\s*$")


def _offset_governs(s: _Sentence, d: DateMention, t0: int) -> bool:
    """"a month after X, director of …, visited Y", "einen Monat nachdem X … besucht hatte":
    the offset dates the event told right after it (its subject may carry an apposition)."""
    if not (d.end < t0 and _OFFSET_LINK.search(s.text[d.start:d.end])):
        return False
    first = min((tr[0] for tr in s.trig if tr[0] >= d.end), default=None)
    return first is not None and first <= d.end + 120 and s.clause(first) == s.clause(t0)


def _pick_date(s: _Sentence, dates: list[DateMention], t0: int, stay: bool = False):
    """(date mention, rank) for a trigger at t0: its clause first, then the nearest; a
    report verb's date ("said on Monday") and a weekday glossed by a date are skipped."""
    good = []
    for i, d in enumerate(dates):
        if d.value is None and d.ahead is None:
            continue
        if d.kind.startswith("offset") and s.clause(d.start) != s.clause(t0) and \
                not _offset_governs(s, d, t0):
            continue  # "65 years after hostilities ceased": dates that clause only
        when = re.match(r"\s*,?\s*(?:when|als)\b", s.text[d.end:d.end + 8])
        if d.since and not when and not (stay and abs(s.clause(d.start) - s.clause(t0)) <= 1 and (
                re.search(r"\b(?:been|ist|sind|weilt|weilen)\b",
                          s.text[max(0, min(t0, d.start) - 25):t0])
                or re.match(r"\s*,?\s*(?:when|als)\b", s.text[d.end:d.end + 8]))
                and not re.search(r"(?i)\b(?:first|erste[nm]?)\b(?:\s+\w+)?\s+(?:time|Mal)?\s*"
                                  r"(?:since|seit)\s*$", s.text[max(0, d.start - 40):d.start])):
            continue  # "has been visiting since Friday", "since 10 December when he travelled"
        if d.start > t0 and any(s.any(k, t0, d.start) for k in ("prospect", "latter", "former")):
            continue  # "… since the latter met Y on June 12": that other event's date
        if d.kind == "weekday" and i + 1 < len(dates) and dates[i + 1].absolute \
                and dates[i + 1].start - d.end <= 3:
            continue  # "am Donnerstag (10.5.)": the explicit date says it
        rep = s.last("reported", max(0, d.start - 40), d.start)
        if rep and not s.trigger_between(rep[1], d.start) and \
                s.clause(rep[0]) == s.clause(d.start):
            continue
        dk = s.clause(d.start)
        head = s.text[s.spans[dk][0]:d.start]
        base = max(0, d.start - 60)
        since = re.search(r"\b(?:since|seit|seitdem)\b(?!.*\b(?:since|seit)\b)",
                          s.text[base:d.start], re.I)
        if since and not d.since and \
                not s.trigger_between(base + since.end(), d.start):
            continue  # "since the conflict began on …": not this event's date
        after = s.text[d.end:d.end + 30]
        if re.match(r"\s*,?\s*\d{1,2}[:.]\d{2}\b", after):
            continue  # a time stamp ("17. Juni 2019, 18:33 Uhr"): the page's date
        rep_after = next((c for c in s.cue["reported"] if d.end <= c[0] <= d.end + 12), None)
        if rep_after and not s.trigger_between(d.end, rep_after[0]):
            continue  # "hatte am 2. November erklärt"
        if dk != s.clause(t0) and _SUBORDINATE.match(head.lstrip()) and \
                not s.trigger_between(s.spans[dk][0], s.spans[dk][1]):
            continue  # a date in someone else's relative clause ("…, die er im September übernahm")
        good.append(d)
    if not good:
        return None, 2
    k = s.clause(t0)

    def key(d):
        same = s.clause(d.start) == k or (d.kind.startswith("offset") and
                                          _offset_governs(s, d, t0))
        return (not same, not d.absolute, abs(d.start - t0))
    best = min(good, key=key)
    rank = 1 if s.clause(best.start) == k else 2
    if rank == 2 and s.any("later", s.spans[k][0], s.spans[k][1]) and best.value:
        # "… last April, and a short time later X travelled": only the year carries over
        return DateMention(best.value[:4], best.start, best.end, True,
                           (best.ahead or best.value)[:4], "year"), 2
    return best, rank


# ------------------------------------------------------------------------- places

def _prep_before(s: _Sentence, kind: str, m_start: int, max_words: int = 4):
    """The cue of ``kind`` (origin/direction/side) that governs a name at m_start, with
    only determiners, adjectives and capitalised words between (not "to intimidate")."""
    lo = max(0, m_start - 60)
    for a, b, word in reversed(s.cue[kind]):
        if b > m_start or a < lo:
            continue
        between = s.text[b:m_start].split()
        if len(between) > max_words:
            return None
        for w in between:
            w2 = w.strip(",.()\"'’")
            if not w2:
                continue
            if w2[0].isupper() or w2.lower() in _DETERMINERS:
                continue
            if word.lower() in ("nach", "in", "im", "ins", "zu", "zum", "zur", "bei", "über",
                                "aus", "von") and re.search(r"(?:e|en|er|es|em)$", w2):
                continue  # German adjectives: "im südkoreanischen Pyeongchang"
            if word.lower() in ("in", "at", "from") and re.search(r"(?:ern|ese|ian|an)$", w2):
                continue
            return None
        return (a, b, word)
    return None


def _paired(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """A state in a bilateral compound ("Saudi-U.S. forum", "deutsch-chinesische")."""
    for o in mentions:
        if o is m or o.kind != "state":
            continue
        if (o.end <= m.start and re.fullmatch(r"\s*[-–/]\s*", text[o.end:m.start])) or \
                (m.end <= o.start and re.fullmatch(r"\s*[-–/]\s*", text[m.end:o.start])):
            return True
    return False


def _destinations(s: _Sentence, mentions: list[Mention], t0: int, t1: int, trig: str,
                  kind: str, lang: str, lex_find) -> list[Mention]:
    """The places or states a visit trigger goes to (several when coordinated)."""
    text = s.text
    k = s.clause(t0)
    rlo, rhi = s.region(t0)
    noun = bool(_VISIT_NOUN.search(trig)) and not (
        lang == "en" and re.search(r"\b(?:to|will|would|shall|may|might|could|can|did|does|do|"
                                   r"also|not|and)\s+$", text[max(0, t0 - 8):t0]))
    cands = []
    for m in mentions:
        if not m.state or not (rlo <= m.start < rhi):
            continue
        compound = m.end <= t0 and noun and re.fullmatch(r"[\s-]*", text[m.end:t0]) is not None
        if m.kind == "place" and m.form != "genitive":
            pass
        elif m.kind == "state" and m.form in ("name", "seat", "capital"):
            pass
        elif m.kind == "state" and m.form in ("adj",) and compound:
            pass  # "her U.S. visit"
        elif m.kind == "state" and m.form == "genitive" and re.match(
                r"\s*(?:Ferne\w*|Region|Hauptstadt|capital|Grenz\w*)", text[m.end:m.end + 30]):
            pass
        else:
            continue
        if m.start < t1 and m.end > t0 and not (m.start > t0 and _prep_before(s, "direction",
                                                                            m.start)):
            continue  # inside the trigger word (compounds are handled below), not in its gap
        if _paired(text, m, mentions):
            continue
        if abs(s.clause(m.start) - k) > 2 or any(t1 <= c[0] < m.start for c in s.cue["reported"]):
            continue  # far away, or in the report's attribution ("…", zitierte CNN … in Seoul)
        if _prep_before(s, "origin", m.start, 2):
            continue
        direct = _prep_before(s, "direction", m.start)
        side = _prep_before(s, "side", m.start, 2)
        if side and (not direct or side[1] >= direct[1]):
            continue  # "with Japan", "the war in Gaza"
        same = s.clause(m.start) == k
        obj = False
        if not direct:
            gap = text[t1:m.start] if m.start >= t1 else text[m.end:t0]
            subject = r"(?:[A-ZÄÖÜ][\w-]*\s+){0,3}" if lang == "de" else ""  # "besuchte Kim X"
            if m.start >= t1 and not noun and re.fullmatch(
                    r"\s*" + subject +
                    r"(?:[a-zäöüß]+ly\s+|erneut\s+|again\s+|heute\s+|derzeit\s+|bereits\s+)?"
                    r"(?:the\s+|den\s+|die\s+|das\s+)?", gap):
                obj = True  # "visited Havana", "besucht Peking", "left for Vienna"
            elif compound:
                obj = True  # "U.S. visit", "Nordkorea-Besuch"
            elif m.end <= t0 and lang == "de" and noun and re.fullmatch(
                    r"\s+(?:einen|ein|einem)\s+(?:[a-zäöüß]+\s+)?", gap):
                obj = True  # "Russland einen Besuch abstatten"
            elif m.end <= t0 and lang == "de" and not noun and same and \
                    not re.search(r"[.;,]", gap) and (m.kind == "place" or m.form == "name") \
                    and re.fullmatch(r"[\s.,;:!?\"“”)]*", text[t1:s.spans[k][1] + 1]):
                obj = True  # verb-final: "… Lesotho besuchen", "derzeit Peking besucht"
            elif m.kind == "place" and m.form in ("site",) and same:
                obj = True
            elif re.search(r"(?i)ziel|destination", trig) and m.kind == "state" and \
                    m.form == "name":
                obj = True  # "Weitere Reiseziele sind Uganda und Äthiopien"
        if not (direct or obj):
            continue
        dist = m.start - t1 if m.start >= t1 else (t0 - m.end) + 15
        cands.append(((not compound, not same, not direct, dist), m))
    # a state inside the trigger's compound: "Deutschlandbesuch", "Chinareise"
    head = re.match(r"([A-ZÄÖÜ][a-zäöüß]{3,}?)(?:s|-)?(?:besuch|reise|visite)", trig)
    if head and not cands and lex_find:
        for m in lex_find(head.group(1)):
            if m.kind == "state" and m.state:
                cands.append(((False, False, True, 0), Mention(m.kind, t0, t1, m.surface,
                                                               m.value, "name", m.state)))
    if not cands:
        return []
    cands.sort(key=lambda c: c[0])
    first = cands[0][1]
    chain = [first]
    # coordinated destinations: "Uganda und Äthiopien", "Ethiopia, Somalia and Tanzania"
    ordered = sorted((m for m in mentions if m.state and (
        m.kind == "place" or (m.kind == "state" and m.form in ("name", "seat", "capital")))),
        key=lambda m: m.start)
    if first in ordered:
        i = ordered.index(first)
        j = i
        while j + 1 < len(ordered) and _DEST_CHAIN.match(text[ordered[j].end:ordered[j + 1].start]):
            j += 1
            chain.append(ordered[j])
        j = i
        while j > 0 and _DEST_CHAIN.match(text[ordered[j - 1].end:ordered[j].start]):
            j -= 1
            chain.insert(0, ordered[j])
    # a city and its state told together ("Kazan, Russia") are one destination
    out: list[Mention] = []
    for m in chain:
        if not any(o.state == m.state for o in out):
            out.append(m)
    return out


# ------------------------------------------------------------------------- persons

def _usable(r: PersonRef) -> bool:
    return bool(r.state and r.name and not r.modifier)


def _related(s: _Sentence, r: PersonRef) -> bool:
    """Named only as someone's relative or aide ("A, an aide to C, and B met": not C)."""
    rel = s.last("relation", max(0, r.start - 45), r.start)
    return bool(rel) and re.fullmatch(r"\s+(?:(?:the|der|die|des|dem|den|leader|"
                                      r"[A-Z][\w.-]*|[a-zäöü]+)\s+){0,4}", s.text[rel[1]:r.start] + " ") \
        is not None


def _coordinated(s: _Sentence, refs: list[PersonRef], first: PersonRef) -> list[PersonRef]:
    """``first`` and the persons joined to it by and/und/sowie/accompanied by."""
    group = [first]
    ordered = [r for r in refs if _usable(r)]
    i = ordered.index(first)
    for r in ordered[i + 1:]:
        gap = s.text[group[-1].end:r.start]
        if (_COORD.match(gap) or _ESCORT_GAP.search(gap)) and \
                not s.trigger_between(group[-1].end, r.start, _ESCORT) and \
                not _prep_before(s, "side", r.start, 3):
            group.append(r)
        else:
            break
    for r in reversed(ordered[:i]):
        gap = s.text[r.end:group[0].start]
        if (_COORD.match(gap) or _ESCORT_GAP.search(gap)) and \
                not s.trigger_between(r.end, group[0].start, _ESCORT):
            group.insert(0, r)
        else:
            break
    return group


def _from_ctx(p: PersonRef) -> PersonRef:
    """A person carried over from an earlier sentence: placed before this sentence."""
    return PersonRef(p.name, p.state, -1, -1, source=p.source, title=p.title)


def _travellers(s: _Sentence, refs, mentions, t0, t1, kind, lang, host_state, ctx: Context,
                anaphoric: bool = False):
    """(state, persons) of the travelling side for a visit trigger."""
    text = s.text
    rlo, rhi = s.region(t0)
    k = s.clause(t0)
    persons = [r for r in refs if _usable(r) and r.state != host_state and rlo <= r.start < rhi
               and not _related(s, r)]
    # "the visit by X", "Besuch von X", "X's visit", "Xis Visite"
    for r in persons:
        if r.start >= t1 and re.fullmatch(r"\s*(?:(?:by|von|des|der)\s+)(?:[\w.-]+\s+){0,3}?",
                                          text[t1:r.start]):
            return r.state, [r]
        if r.end <= t0 and r.genitive and re.fullmatch(r"\s*(?:[\w-]+\s+){0,2}", text[r.end:t0]):
            return r.state, [r]
    # "he/er" right before the trigger, nobody named in between: the sentence's earlier
    # subject, else the article's traveller
    pro = None
    for m in _PRONOUN.finditer(text, s.spans[k][0], t0):
        pro = m
    if pro and not any(pro.end() <= r.start < t0 for r in refs):
        before = [r for r in refs if _usable(r) and r.state != host_state
                  and r.end <= pro.start()]
        if before:
            return before[-1].state, [before[-1]]
        for p in (ctx.traveller, ctx.subject):
            if p and p.state and p.state != host_state:
                return p.state, [_from_ctx(p)]
    if lang == "en":  # in English the traveller stands before the trigger
        persons = [r for r in persons if r.start < t0]
    if persons:
        def key(r):
            rk = s.clause(r.start)
            return (rk > k, abs(k - rk), r.start > t0, abs(t0 - r.start))
        first = min(persons, key=key)
        if s.clause(first.start) > k + 2:
            first = None
        if first is not None:
            group = [r for r in _coordinated(s, refs, first) if r.state != host_state]
            return first.state, group
    states = []
    for m in mentions:
        if m.kind == "state" and m.state != host_state and m.form in (
                "adj", "name", "demonym", "genitive", "seat") and rlo <= m.start < rhi:
            if _prep_before(s, "direction", m.start) or _prep_before(s, "side", m.start, 2) \
                    or _paired(text, m, mentions) or (lang == "en" and m.start > t0 and not
                                                      re.fullmatch(r"\s+by\s+(?:[\w-]+\s+){0,2}",
                                                                   text[t1:m.start])):
                continue
            states.append(m)
        elif (m.kind in ("place", "org") and m.state and m.state != host_state
              and m.start < t0 and s.clause(m.start) == k
              and (m.kind == "org" or _prep_before(s, "origin", m.start, 2))):
            states.append(m)
    if not states:
        # no one named in the sentence: the article's traveller ("This visit to …")
        if not any(_usable(r) for r in refs) and ctx.traveller and ctx.age <= 3 and \
                ctx.traveller.state != host_state and anaphoric:
            return ctx.traveller.state, [_from_ctx(ctx.traveller)]
        return None, []

    def skey(m):
        return (s.clause(m.start) != k, m.start > t0, abs(t0 - m.start))
    return min(states, key=skey).state, []


_WITH_PRONOUN = re.compile(r"\s+(?:with|mit)\s+(?:him|her|them|ihm|ihr|ihnen)\b")


_WITH_PRONOUN_DE = re.compile(r"\bmit\s+(?:ihm|ihr|ihnen)\b[^,;.]{0,60}$")


def _companion(s: _Sentence, refs, t0: int, t1: int, group: list, host: str | None) -> list:
    """"A invited B to fly with him to …", "… mit ihm nach … zu reisen": the one the
    pronoun names (the person told before the traveller) travels too."""
    if not group or group[0].start < 0 or not (
            _WITH_PRONOUN.match(s.text, t1) or _WITH_PRONOUN_DE.search(s.text, group[0].end, t0)):
        return []
    before = [r for r in refs if _usable(r) and r.end <= group[0].start and r.state != host
              and all(r.state != g.state for g in group)]
    return before[-1:]


def _best_place(mentions, state, rlo, rhi, s: _Sentence) -> str | None:
    places = [m for m in mentions if m.kind == "place" and m.state == state
              and rlo <= m.start < rhi and not _prep_before(s, "origin", m.start, 2)]
    if not places:
        return None
    return min(places, key=lambda m: _PLACE_RANK.get(m.form, 1)).value


# ------------------------------------------------------------------------- frames

def sentence_events(text: str, mentions: list[Mention], refs: list[PersonRef],
                    dates, fallback_date: str | None,
                    ctx: Context | None = None, lex_find=None) -> list[Candidate]:
    """Visit and meeting candidates of one sentence (``ctx`` carries the article's last
    traveller and subject; it is updated). ``dates`` is the sentence's date mentions, or
    a function giving them (called only when the sentence holds a trigger)."""
    ctx = ctx or Context()
    found = [t for t in triggers().find(text, overlap=False)
             if ctx.lang is None or t[3][2] == ctx.lang]
    if not found or not (mentions or refs or ctx.traveller or ctx.meeting):
        return []
    s = _prepare(text, found, ctx.lang)
    if callable(dates):
        dates = dates()
    pub = parse_pub_date(ctx.pub)
    out: list[Candidate] = []
    visits: list[Candidate] = []
    # "This visit …", "Der Besuch …": the sentence goes on about a trip told before
    told_before = any(k in VISIT_KINDS and _VISIT_NOUN.search(tr) and
                      _ANAPHOR.search(text[max(0, a - 40):a]) for a, _, tr, (k, _t, _l) in found)
    for t0, t1, trig, (kind, tense, lang) in found:
        if kind not in VISIT_KINDS:
            continue
        if kind == "send" and not s.any("people", 0, len(text)):
            continue  # something sent that is not people
        st = _status_cues(s, t0, t1, tense, "visit")
        if st is None:
            continue
        if _prospect(s, t0) is not None:
            st = "planned"  # "ahead of his visit to …": still to come
        if kind == "presence" and st == "unknown":
            st = "default"  # "weilt in dieser Woche in …": a stay under way
        dests = _destinations(s, mentions, t0, t1, trig, kind, lang, lex_find)
        if not dests:
            continue
        d, rank = _pick_date(s, dates, t0, stay=True)
        status, date, weak = _decide(st, d, pub, fallback_date, lang)
        if kind in ("arrive", "depart") and rank <= 1:
            rank = 0 if kind == "arrive" else 0.5  # dated by arrival, else departure
        anaphoric = d is None and bool(_ANAPHOR.search(text[max(0, t0 - 40):t0]))
        for dest in dests:
            host = dest.state
            vstate, group = _travellers(s, refs, mentions, t0, t1, kind, lang, host, ctx,
                                        told_before)
            if not vstate or vstate == host:
                continue
            by_state: dict[str, list[PersonRef]] = {}
            for r in group + _companion(s, refs, t0, t1, group, host):
                by_state.setdefault(r.state, []).append(r)
            if not by_state:
                by_state = {vstate: []}
            rlo, rhi = s.region(t0)
            place = dest.value if dest.kind == "place" else _best_place(mentions, host, rlo, rhi, s)
            for vs, people in by_state.items():
                if vs == host:
                    continue
                names = list(dict.fromkeys(r.name for r in people))
                cand = Candidate("visit", vs, host, names, {r.name: r.state for r in people},
                                 place, date, status, 0.85 if names else 0.7, rank, weak,
                                 anaphoric)
                _add(visits, cand)
                if people:
                    ctx.traveller = people[0]
    out.extend(visits)
    if visits:
        ctx.visit = visits[-1]
        ctx.age = 0
    # ---------------------------------------------------------------- meetings
    meetings: list[Candidate] = []
    for t0, t1, trig, (kind, tense, lang) in found:
        if kind not in MEET_KINDS:
            continue
        st = _status_cues(s, t0, t1, tense, "meeting")
        if st is None:
            continue
        rlo, rhi = s.region(t0)
        ahead = _prospect(s, t0)
        if ahead is not None:
            st, rlo = "planned", ahead  # "ahead of talks between A and B": A and B only
        people = [r for r in refs if _usable(r) and rlo <= r.start < rhi
                  and not _after_report(s, r.start) and not _speculative(s, r.start)
                  and not _reporter(s, r, t0) and not _related(s, r)
                  and not _invited_by(s, r, t1)
                  and not (r.start > t1 and (s.any("prospect", t1, r.start) or s.any(
                      "latter", t1, r.start) or s.any("former", t1, r.start)))]
        ana = s.last("latter", rlo, t0) or s.last("former", rlo, t0)
        if ana and t0 - ana[1] <= 150:
            # "…, an aide to X, … since the latter met Y": X is the party, not the aide
            before = [r for r in refs if r.name and r.state and r.end <= ana[0]]
            if before:
                who = before[-1] if ana in s.cue["latter"] else before[0]
                people = [who] + [r for r in people if r.start > ana[1] and r.name != who.name]
        if not people and ctx.meeting and (
                s.any("pair", max(rlo, t0 - 60), min(rhi, t1 + 40)) or (
                    ctx.meeting_age <= 3 and s.any("repeat", max(rlo, t0 - 25), t0))):
            # "the two leaders last met …": the sides of the meeting told before
            m = ctx.meeting
            people = [PersonRef(n, m.participant_states[n], -1, -1) for n in m.participants]
        subj_before = any(r.start < t0 for r in people)
        m = ctx.meeting
        if not subj_before and m and len(m.participants) >= 2 and \
                (s.any("plural", max(rlo, t0 - 30), t0) or  # "Danach trafen die beiden …"
                 any(t1 <= a <= t1 + 2 for a, _, _ in s.cue["plural"])) and \
                not any(n in {p.name for p in people} for n in m.participants):
            # "There they met X": the sides of the meeting told just before, and X
            people = [PersonRef(n, m.participant_states[n], -1, -1) for n in m.participants] \
                + people
            subj_before = True
        one_side = len({p.state for p in people}) < 2
        carried = False
        pro = _PRONOUN.search(text[max(rlo, t0 - 60):t0]) or \
            _POSSESSIVE.search(text[max(rlo, t0 - 25):t0])
        # German verb-final clauses put the object before the verb: "Dort wird er X
        # treffen" has its pronoun subject before every named person
        subj_pro = _PRONOUN.search(text, max(rlo, t0 - 60), t0)
        pro_first = kind == "meet" and subj_pro is not None and bool(people) and one_side and all(
            r.start > subj_pro.end() for r in people if r.start >= 0)
        if pro_first:
            subj_before = False
        if not subj_before and (pro or one_side):
            for p in (ctx.traveller if ctx.age <= (8 if pro else 4) else None, ctx.subject):
                if p and p.state and all(p.name != q.name for q in people) and (
                        not people or p.state not in {q.state for q in people}):
                    people.insert(0, _from_ctx(p))
                    carried = True
                    break
        names = list(dict.fromkeys(p.name for p in people))
        states = {p.name: p.state for p in people}
        d, rank = _pick_date(s, dates, t0)
        status, date, weak = _decide(st, d, pub, fallback_date, lang)
        if kind == "receive" and not passive_host(text, t0, t1):
            # "hosted leaders from Hungary, Turkey and Australia": each state came
            host = next((p for p in people if p.start < t0), None)
            if host:
                for m in _origin_states(s, mentions, t1, rhi):
                    if m.state != host.state:
                        _add(visits, Candidate("visit", m.state, host.state, [], {}, None, date,
                                               status, 0.6, rank + 1, weak), out)
        if len(set(states.values())) < 2:
            continue
        if kind == "counterpart" and (any(c.type == "meeting" for c in meetings) or not (
                any(m.kind == "place" and m.form != "genitive" and rlo <= m.start < rhi
                    and _prep_before(s, "direction", m.start) for m in mentions)
                or (ctx.visit and ctx.age <= 2 and ctx.visit.host_state in states.values()))):
            continue  # "criticised his counterpart": together only in a place or on a visit
        if kind == "receive" and passive_host(text, t0, t1) and not _agent(text, people, t0, t1):
            continue  # "the Games hosted by Indonesia": no one received anyone
        anaphoric = d is None and bool(_ANAPHOR.search(text[max(0, t0 - 40):t0]))
        v = ctx.visit
        if d is None and v and ctx.age <= 3 and v.status == status and v.date and \
                {v.visitor_state, v.host_state} <= set(states.values()) and \
                _dates_compatible(v.date, fallback_date):
            date, rank = v.date, 2  # "there he met X": the visit's date
        k = s.clause(t0)
        places = [m for m in mentions if m.kind == "place" and m.form != "genitive"
                  and rlo <= m.start < rhi and _prep_before(s, "direction", m.start)
                  and abs(s.clause(m.start) - k) <= 1]
        place = min(places, key=lambda m: _PLACE_RANK.get(m.form, 1)).value if places else None
        pstate = next((m.state for m in places if m.value == place), None)
        if pstate is None:  # "met Pope Francis at the Vatican", "trafen sich in Ungarn"
            pstate = next((m.state for m in mentions if m.kind == "state" and m.form == "name"
                           and rlo <= m.start < rhi and abs(s.clause(m.start) - k) <= 1
                           and _prep_before(s, "direction", m.start, 2)), None)
        told_in = pstate
        if place is None and v and v.place and v.visitor_state in states.values() and \
                v.host_state in states.values() and _dates_compatible(v.date, date) and \
                not any(m.kind == "state" and m.form == "name" and rlo <= m.start < rhi
                        for m in mentions):
            place = v.place  # "there he met X": the visit's place (no new visit)
            told_in = v.host_state
        cand = Candidate("meeting", None, None, names, states, place, date, status, 0.8, rank,
                         weak, anaphoric)
        _add(meetings, cand)
        ctx.meeting = cand
        ctx.meeting_age = 0
        # "X received Y" / talks held in one side's country: the other side travelled
        host_state = None
        if kind == "receive":
            if passive_host(text, t0, t1):
                host = _agent(text, people, t0, t1)
            else:
                host = next((p for p in people if p.start < t0), None)
            if host and (told_in is None or told_in == host.state):
                host_state = host.state
        elif pstate and pstate in states.values() and not visits and not carried:
            host_state = pstate
        if host_state:
            for vs in sorted(set(states.values()) - {host_state}):
                vis = [n for n in names if states[n] == vs]
                _add(visits, Candidate("visit", vs, host_state, vis, {n: vs for n in vis},
                                       place, date, status, 0.5, rank + 1, weak, anaphoric,
                                       implied=True), out)
    out.extend(meetings)
    return out


def passive_host(text: str, t0: int, t1: int) -> bool:
    """"was received by X", "received by X", "wurde von X empfangen": X is the host."""
    return bool(re.search(r"\b(?:was|were|been|is|are|being|wurde|wurden|worden)\s+$",
                          text[max(0, t0 - 12):t0]) or re.match(r"\s+(?:[a-z]+\s+){0,2}by\b",
                                                                text[t1:t1 + 30])
                or re.search(r"\b(?:wurde|wurden|worden)\b[^,;.]*\bvon\b[^,;.]*$",
                             text[max(0, t0 - 100):t0]))


def _agent(text: str, people: list[PersonRef], t0: int, t1: int) -> PersonRef | None:
    """The one who receives in a passive clause: after "by" ("received by the first vice
    president, X"), or after "von" before the German participle."""
    for p in people:
        if p.start >= t1 and p.start - t1 < 100 and ";" not in text[t1:p.start] and (
                re.match(r"\s+(?:[a-z]+\s+){0,2}by\b", text[t1:t1 + 30]) or
                re.search(r"\bby\s+(?:[\w’'.-]+\s+){0,4}$", text[max(t1, p.start - 50):p.start])):
            return p  # "welcomed at the palace by the Crown Prince"
        if 0 <= p.start < t0 and re.search(r"\bvon\s+(?:[\w.-]+\s+){0,4}$",
                                           text[max(0, p.start - 50):p.start]):
            return p
    return None


def _origin_states(s: _Sentence, mentions, lo: int, hi: int) -> list[Mention]:
    """States after "from/aus" (and coordinated with them) between lo and hi."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if not (lo <= m.start < hi) or m.kind != "state" or m.form != "name":
            continue
        if re.search(r"\b(?:from|aus)\s+(?:[\w-]+\s+){0,3}$", s.text[max(lo, m.start - 45):m.start]) \
                or (out and _DEST_CHAIN.match(
                s.text[out[-1].end:m.start])):
            out.append(m)
    return out


def _speculative(s: _Sentence, i: int) -> bool:
    """A person named after a speculation word in its clause ("…, may meet Xi")."""
    k = s.clause(i)
    return s.any("speculation", s.spans[k][0], i)


def _reporter(s: _Sentence, r: PersonRef, t0: int) -> bool:
    """The speaker of a report the trigger stands in ("Peskow erklärte, die Gespräche …")."""
    rep = next((c for c in s.cue["reported"] if r.end <= c[0] < t0 and c[0] - r.end <= 45
                and s.clause(c[0]) == s.clause(r.start)), None)
    return bool(rep) and not s.trigger_between(r.end, rep[0])


def _after_report(s: _Sentence, i: int) -> bool:
    """A person right after a report verb ("said Kim", "berichtete Peskow") speaks."""
    rep = s.last("reported", max(0, i - 25), i)
    return bool(rep) and not s.trigger_between(rep[1], i)


def same_event(prev: Candidate, cand: Candidate, one_sentence: bool = False) -> bool:
    """Two tellings of one event: visits with the same visitor and host states, meetings
    sharing a cross-state pair of persons (a second counterpart stays apart); the same
    status (unless one of them has its status by default only) and compatible dates (an
    anaphoric telling without a date of its own — "during the summit" — joins any)."""
    if prev.type != cand.type:
        return False
    if prev.status != cand.status and not (prev.weak or cand.weak):
        return False
    if not (cand.anaphoric or _dates_compatible(prev.date, cand.date)):
        return False
    shared = [n for n in cand.participants if n in prev.participants]
    if cand.type == "visit":
        if (prev.visitor_state, prev.host_state) != (cand.visitor_state, cand.host_state):
            return False
        if prev.participants and cand.participants and not shared and not one_sentence:
            return False  # other travellers: another trip
        if prev.item is not None and cand.item is not None and prev.item != cand.item \
                and not shared:
            return False  # two items of a list (a chronology's bullets)
        return True
    return len({cand.participant_states.get(n) for n in shared}) >= 2


def _add(bucket: list[Candidate], cand: Candidate, also: list | None = None) -> None:
    """Add ``cand`` unless the bucket holds the same event (then merge into it)."""
    for prev in bucket:
        if same_event(prev, cand, one_sentence=True):
            merge_into(prev, cand)
            return
    bucket.append(cand)
    if also is not None:
        also.append(cand)


def _dates_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return True
    if len(a) == len(b) == 10:
        import datetime as dt
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= 2
    return False


def merge_into(prev: Candidate, cand: Candidate) -> None:
    """Fold ``cand`` (the same event told again) into ``prev``."""
    for n in cand.participants:
        if n not in prev.participants:
            prev.participants.append(n)
            prev.participant_states[n] = cand.participant_states[n]
    prev.place = prev.place or cand.place
    if prev.weak and not cand.weak:
        prev.status, prev.weak = cand.status, False
    better = (cand.date_rank, -len(cand.date or "")) < (prev.date_rank, -len(prev.date or ""))
    if cand.date and not cand.anaphoric and (not prev.date or better or prev.anaphoric):
        prev.date = cand.date
        prev.date_rank = cand.date_rank
    prev.anaphoric = prev.anaphoric and cand.anaphoric
    prev.confidence = max(prev.confidence, cand.confidence)
