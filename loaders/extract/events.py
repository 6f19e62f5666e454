"""Visits and meetings in one sentence, from trigger words, mentions and dates.

A visit needs a trigger (visited, reist nach, eingetroffen, delegation, attends …), a
host (the destination named in the trigger's clause, by preference after nach/to/in)
and a visitor of another state (a person, or a state word such as "nordkoreanische
Delegation"). A meeting needs a trigger (met, talks, traf, Gespräche, empfing, summit …)
and persons of at least two states in the trigger's clause. Modal words (will, plans,
invited, werde, soll, Einladung …) make an event planned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diplograph.loaders.extract.dates import DateMention
from diplograph.loaders.extract.lexicon import Mention
from diplograph.loaders.extract.persons import PersonRef

__all__ = ["Candidate", "sentence_events", "clauses", "VISIT_RX", "MEET_RX"]

VISIT_RX = re.compile(
    r"(?<![\w])(?:"
    r"visit(?:s|ed|ing)?|travel(?:s|ed|led|ling|ing)?|arriv(?:e|es|ed|ing|al)|trip|journey|"
    r"flew|landed|toured|heads?\s+to|headed\s+to|went\s+to|came\s+to|sent|sends?|"
    r"dispatch(?:ed|es)?|delegations?|attend(?:s|ed|ing)?|"
    r"(?:[\w]+-)?[Bb]esuch\w*|reis(?:t|te|ten|en)|(?:[\w]+-)?[Rr]eise\w*|eingetroffen|"
    r"angekommen|ausgeflogen|abgereist|aufgebrochen|entsand\w*|entsend\w*|schick\w*|"
    r"geschickt|\w*[Dd]elegation\w*|Staatsbesuch\w*|Visite|teilnehm\w*|teilgenommen|"
    r"nahm\w*(?=[^.;]{0,80}\bteil\b)|nimmt(?=[^.;]{0,80}\bteil\b)|auf\s+dem\s+Weg|"
    r"begrüßt|Auslandsreise\w*|kam\s+herein"
    r")(?![\w])")
MEET_RX = re.compile(
    r"(?<![\w])(?:"
    r"met|meet(?:s|ing)?|talks|talked|summit|received|receives|hosted|welcomed|greeted|"
    r"sat\s+down\s+with|spoke\s+with|conferred|accompan\w*|"
    r"traf(?:en)?|trifft|treffen|getroffen|Treffen|(?:\w+-)?Gespräch\w*|\w*[Gg]ipfel\w*|"
    r"empf(?:ing|ingen|ängt|angen)|sprach(?:en)?\s+mit|Unterredung\w*|begleitet\w*|"
    r"verhandelt\w*|berieten"
    r")(?![\w])")
_PLANNED = re.compile(
    r"(?<![\w])(?:will|shall|plans?|planned|planning|expected\s+to|is\s+to|are\s+to|set\s+to|"
    r"scheduled|intends?|invit\w*|upcoming|geplant|plant|planen|beabsichtig\w*|"
    r"Einladung\w*|eingeladen|angekündigt|bevorstehend\w*|künftig\w*|demnächst|"
    r"would|soll(?:en|te|ten)?|wird|werde|werden|würde)(?![\w])")
_FUTURE_AUX = {"wird", "werde", "werden", "würde"}
_PERFECT_AFTER_SOLL = re.compile(r"\b(haben|sein|worden|hat)\b")
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:–—()\[\]]|\bund\b|\band\b|\bsowie\b|\bbut\b|\baber\b|"
                           r"\bwährend\b|\bwhile\b|\bwo\b|\bwhere\b)\s*")
_ORIGIN = re.compile(r"(?:\baus|\bfrom|\bvon)\s+(?:der\s+|dem\s+|den\s+|the\s+)?$")
_DIRECTION = re.compile(r"(?:\bnach|\bin|\bins|\bim|\bto|\binto|\bzu|\bzum|\bzur|\bat|\bbei)"
                        r"\s+(?:der\s+|dem\s+|den\s+|die\s+|das\s+|the\s+)?"
                        r"(?:\w+\s+){0,2}$")
_SEND = re.compile(r"^(?:sent|sends?|dispatch\w*|entsand\w*|entsend\w*|schick\w*|geschickt)$")
_PEOPLE = re.compile(r"(?<![\w])(?:\w*[Dd]elegation\w*|delegates?|Delegierte\w*|team|Team|"
                     r"officials?|Beamte\w*|envoys?|Gesandte\w*|diplomats?|Diplomat\w*|"
                     r"Gruppe|group|minister\w*|Minister\w*|troops|Truppen|Soldaten|soldiers|"
                     r"workers|Arbeiter\w*|Experten|experts|Vertreter\w*|representatives)(?![\w])")
_NEGATION = re.compile(r"(?<![\w])(?:against|not|never|no\s+longer|nicht|nie|niemals|keine?n?|"
                       r"abgesagt|cancel\w*|verschoben|postponed|warnt|warned|advises)(?![\w])")
_PRONOUN = re.compile(r"(?<![\w])(?:[Ee]r|[Hh]e|[Ss]he)(?![\w])")
_PLACE_RANK = {"site": 0, "city": 1, "capital": 1, "place": 1, "region": 2}


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
    trigger: int


def clauses(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans or [(0, len(text))]


def _clause_of(spans, i: int) -> int:
    for k, (s, e) in enumerate(spans):
        if s <= i < e:
            return k
    return -1


def _is_planned(text: str, trig: int, trig_end: int, spans) -> bool:
    k = _clause_of(spans, trig)
    lo = spans[k][0] if k >= 0 else 0
    hi = spans[min(k + 2, len(spans) - 1)][1] if k >= 0 else len(text)
    window = text[max(0, lo - 40):hi]
    for m in _PLANNED.finditer(window):
        word = m.group(0)
        if word in _FUTURE_AUX:  # future only with an infinitive, not a passive participle
            rest = re.split(r"[,.;:!?]", window[m.end():], maxsplit=1)[0].split()
            before = window[:m.start()].split()
            verb = (rest[-1] if rest else (before[-1] if before else "")).lower().strip("\"“”„")
            if verb.endswith("en") and not verb.startswith("ge") and verb != "worden":
                return True
            continue
        if word.startswith("soll"):
            if _PERFECT_AFTER_SOLL.search(window[m.end():]):
                continue
            return True
        if word == "would" and "said" not in window and "sagte" not in window:
            continue
        return True
    return False


_LATER = re.compile(r"(?<![\w])(?:later|afterwards|then|subsequently|später|danach|"
                    r"anschließend|kurz\s+darauf)(?![\w])", re.I)


def _pick_date(text: str, dates: list[DateMention], spans, trig: int,
               fallback: str | None) -> str | None:
    if not dates:
        return fallback
    k = _clause_of(spans, trig)

    def key(d):
        same = _clause_of(spans, d.start) == k
        return (not d.absolute, not same, abs(d.start - trig))
    best = min(dates, key=key)
    if best.value and _clause_of(spans, best.start) != k and k >= 0:
        # "… last April, and a short time later X travelled": only the year carries over
        if _LATER.search(text[spans[k][0]:spans[k][1]]):
            return best.value[:4]
    return best.value


def _host(mentions: list[Mention], text: str, spans, trig: int, trig_end: int,
          people: list[PersonRef], send: bool = False):
    """The mention naming where a visit went (None if the sentence names no destination)."""
    k = _clause_of(spans, trig)
    cands = []
    for m in mentions:
        if m.kind == "place" or (m.kind == "state" and m.form in ("name", "seat", "genitive")):
            if not m.state:
                continue
            if _ORIGIN.search(text[max(0, m.start - 14):m.start]):
                continue
            if m.form == "genitive":
                nxt = text[m.end:m.end + 30]
                if not re.match(r"\s*(?:Ferne|Fernen|Region|Hauptstadt|capital)", nxt):
                    continue
            same = _clause_of(spans, m.start) == k or (m.start <= trig_end and m.end >= trig)
            directional = bool(_DIRECTION.search(text[max(0, m.start - 30):m.start]))
            if send and not directional:
                continue
            dist = m.start - trig_end if m.start >= trig else trig - m.end
            cands.append(((not same, not directional, dist), m))
    if not cands:
        return None
    cands.sort(key=lambda c: c[0])
    return cands[0][1]


def _visitors(refs, mentions, text, spans, trig, host_state):
    """Persons (or failing them a state) on the travelling side."""
    k = _clause_of(spans, trig)
    persons = [r for r in refs if r.state and r.state != host_state and not r.modifier]
    if persons:
        def key(r):
            same = _clause_of(spans, r.start) == k
            before = r.start < trig
            return (not same, not before, abs(trig - r.start))
        first = min(persons, key=key)
        group = [r for r in persons if r.state == first.state
                 and (_clause_of(spans, r.start) == _clause_of(spans, first.start)
                      or abs(r.start - first.start) < 60)]
        return first.state, group
    states = []
    for m in mentions:
        if m.kind == "state" and m.state != host_state and m.form in ("adj", "name", "demonym",
                                                                        "genitive", "seat"):
            states.append(m)
        elif (m.kind in ("place", "org") and m.state and m.state != host_state
              and m.start < trig and _clause_of(spans, m.start) == k
              and (m.kind == "org" or _ORIGIN.search(text[max(0, m.start - 14):m.start]))):
            states.append(m)
    if not states:
        return None, []
    def skey(m):
        same = _clause_of(spans, m.start) == k
        return (not same, m.start > trig, abs(trig - m.start))
    return min(states, key=skey).state, []


_VISIT_KEYS = ("visit", "travel", "arriv", "trip", "journey", "flew", "landed", "tour", "head",
               "went", "came", "sent", "send", "dispatch", "delegat", "attend", "besuch", "reis",
               "eingetroffen", "angekommen", "ausgeflogen", "abgereist", "aufgebrochen",
               "entsand", "entsend", "schick", "teil", "weg", "begrüß", "visite", "herein")
_MEET_KEYS = ("met", "meet", "talk", "summit", "receiv", "host", "welcom", "greet", "sat",
              "spoke", "confer", "accompan", "traf", "triff", "treff", "gespräch", "gipfel",
              "empf", "sprach", "unterredung", "begleit", "verhandel", "berieten")


def sentence_events(text: str, mentions: list[Mention], refs: list[PersonRef],
                    dates: list[DateMention], fallback_date: str | None,
                    last_subject: PersonRef | None) -> list[Candidate]:
    low = text.lower()
    has_visit = any(k in low for k in _VISIT_KEYS)
    has_meet = any(k in low for k in _MEET_KEYS) and (len(refs) >= 2 or last_subject)
    if not (has_visit or has_meet) or not (mentions or refs):
        return []
    spans = clauses(text)
    out: list[Candidate] = []
    seen_visits: dict[tuple, Candidate] = {}
    for t in (VISIT_RX.finditer(text) if has_visit else ()):
        k = _clause_of(spans, t.start())
        clause = text[spans[k][0]:spans[k][1]] if k >= 0 else text
        send = bool(_SEND.match(t.group(0)))
        if send and not _PEOPLE.search(clause):
            continue  # "sent containers", not people
        if _NEGATION.search(text[max(spans[k][0] if k >= 0 else 0, t.start() - 40):t.start()]):
            continue
        hm = _host(mentions, text, spans, t.start(), t.end(), refs, send)
        via_person = False
        if hm is None:
            after = [r for r in refs if r.start > t.end() and r.state and not r.modifier
                     and not r.genitive]
            if not after:
                continue
            host_state, place, via_person = after[0].state, None, True
        else:
            host_state = hm.state
            place = hm.value if hm.kind == "place" else None
        vstate, group = _visitors(refs, mentions, text, spans, t.start(), host_state)
        if not vstate or vstate == host_state:
            continue
        if place is None:  # the finest place of the host state named in the sentence
            places = [m for m in mentions if m.kind == "place" and m.state == host_state
                      and not _ORIGIN.search(text[max(0, m.start - 14):m.start])]
            if places:
                place = min(places, key=lambda m: _PLACE_RANK.get(m.form, 1)).value
        names = list(dict.fromkeys(r.name for r in group))
        cand = Candidate(
            "visit", vstate, host_state, names, {r.name: r.state for r in group}, place,
            _pick_date(text, dates, spans, t.start(), fallback_date),
            "planned" if _is_planned(text, t.start(), t.end(), spans) else "happened",
            0.85 if names else 0.7, t.start())
        key = (vstate, host_state, cand.status)
        prev = seen_visits.get(key)
        if prev and prev.date == cand.date and (
                not names or not prev.participants or set(names) & set(prev.participants)):
            for n in names:
                if n not in prev.participants:
                    prev.participants.append(n)
                    prev.participant_states[n] = cand.participant_states[n]
            prev.place = prev.place or place
            continue
        seen_visits[key] = cand
        out.append(cand)
        # a host-state person named right after the destination met the visitor
        if hm is not None and names and not via_person:
            hk = _clause_of(spans, hm.start)
            hosts = [r for r in refs if r.state == host_state and not r.modifier
                     and r.start > hm.end and 0 <= _clause_of(spans, r.start) - hk <= 2
                     and not VISIT_RX.search(text, hm.end, r.start)]
            if hosts and not (has_meet and MEET_RX.search(text)):
                h = hosts[0]
                out.append(Candidate("meeting", None, None, [names[0], h.name],
                                     {names[0]: vstate, h.name: host_state}, place, cand.date,
                                     cand.status, 0.6, t.start()))
    for t in (MEET_RX.finditer(text) if has_meet else ()):
        k = _clause_of(spans, t.start())
        lo = spans[k][0] if k >= 0 else 0
        hi = spans[min(len(spans) - 1, k + 1)][1] if k >= 0 else len(text)
        people = [r for r in refs if r.state and not r.modifier and lo <= r.start < hi]
        if not any(r.start < t.start() for r in people):
            # the subject may stand before appositions: the nearest person before the trigger
            before = [r for r in refs if r.state and not r.modifier and r.start < lo]
            if before and not _PRONOUN.search(text[lo:hi]):
                people.insert(0, before[-1])
        if last_subject and last_subject.state and _PRONOUN.search(text[lo:hi]):
            if all(p.name != last_subject.name for p in people):
                people.append(last_subject)
        names = list(dict.fromkeys(p.name for p in people))
        states = {p.name: p.state for p in people}
        if len(set(states.values())) < 2:
            continue
        places = [m for m in mentions if m.kind == "place" and lo <= m.start < hi
                  and _DIRECTION.search(text[max(0, m.start - 30):m.start])]
        place = min(places, key=lambda m: _PLACE_RANK.get(m.form, 1)).value if places else None
        if place is None:
            place = next((c.place for c in reversed(out) if c.type == "visit" and c.place), None)
        pstate = next((m.state for m in mentions if m.kind == "place" and m.value == place), None)
        cand = Candidate("meeting", None, None, names, states, place,
                         _pick_date(text, dates, spans, t.start(), fallback_date),
                         "planned" if _is_planned(text, t.start(), t.end(), spans) else "happened",
                         0.8, t.start())
        if any(c.type == "meeting" and set(c.participants) == set(names) for c in out):
            continue
        out.append(cand)
        # talks held in one side's country imply the other side travelled there
        if pstate and pstate in states.values():
            for vs in sorted(set(states.values()) - {pstate}):
                if (vs, pstate, cand.status) not in seen_visits:
                    visitors = [n for n in names if states[n] == vs]
                    v = Candidate("visit", vs, pstate, visitors, {n: vs for n in visitors},
                                  place, cand.date, cand.status, 0.5, t.start())
                    seen_visits[(vs, pstate, cand.status)] = v
                    out.append(v)
    return out
