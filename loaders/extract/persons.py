"""Persons in a sentence: known officeholders from the gazetteer, bare surnames resolved
in context, and persons nobody listed, found after a role title ("Sportminister Kim Il
Guk"), in an apposition ("Kim Su Gil, ein hoher Beamter …"), after "led by" / "unter
der Leitung von", or by the shape of a Korean name. Their state comes from the role
phrase ("der russische Außenminister", "Nordkoreas Minister", "Putins Chef …")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from diplograph.loaders.extract.lexicon import EAST_ASIAN, KOREAN_FAMILY_NAMES, Mention

__all__ = ["PersonRef", "ArticlePeople", "TITLE_RX", "find_persons"]

_TITLE_WORDS = (
    r"(?:\w*[Mm]inister(?:in|s|n)?|Minister|[Vv]ize-?\w*|Präsident(?:in|en)?|President|"
    r"Ministerpräsident\w*|Premier|Premierminister\w*|Kanzler(?:in)?|Chancellor|Botschafter(?:in)?|"
    r"Ambassador|[Gg]ouverneur\w*|Governor|Vorsitzende[nr]?|Chairman|Chairwoman|Chair|Führer[s]?|"
    r"[Ll]eader|Machthaber\w*|Staatschef\w*|Regierungschef\w*|Sprecher(?:in)?|[Ss]pokes(?:man|woman|person)|"
    r"Leiter(?:in)?|Chef(?:in)?|Chief|Head|Sekretär\w*|Secretary|Beamte[nr]?|[Oo]fficials?|"
    r"Mitglied\w*|[Mm]ember|General|Marschall|Marshal|Bürgermeister\w*|Mayor|Speaker|"
    r"Staatssekretär\w*|Gesandte[nr]?|Envoy|Direktor\w*|Director|Diplomat\w*|Kommandeur\w*|"
    r"Commander|Professor(?:in)?|Experte|Expert|Analyst\w*|Abgeordnete[nr]?|Senator|Vertreter\w*|"
    r"Representative|Schwester|[Ss]ister|Deputy|Stellvertreter\w*)"
)
TITLE_RX = re.compile(r"(?<![\w])" + _TITLE_WORDS + r"(?![\w])")
_LED_BY = re.compile(
    r"(?:unter\s+(?:der\s+)?(?:Leitung|Führung)|angeführt\s+von|geleitet\s+von|"
    r"led\s+by|headed\s+by)\b", re.I)
_TOKEN = re.compile(r"(?<![\w’'])[A-ZÄÖÜ][a-zäöüßéèáóíúñçğış]*(?:-[A-ZÄÖÜ][a-zäöüß]+)?(?![\w])")
_SCHOLAR = re.compile(r"Professor|Expert|Experte|Analyst|Forscher|[Rr]esearcher|[Ss]cholar|"
                      r"Wissenschaftler")
_BETWEEN_TITLE_AND_NAME = re.compile(
    r"^\s*(?:(?:für|of|for|des|der|the|on)\s+(?:[\w-]+\s+){0,3}?)?$")
_NOUN_SUFFIX = re.compile(
    r"(ung|ungen|heit|keit|schaft|ion|ionen|tät|ale|alen|isch|ische|ischen|ien|ium|ismus|"
    r"beziehungen|ressourcen|ministerium|ministeriums|partei|agentur|rat|amt|ament|ments)$")
_STOP = {
    "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einer", "Eines", "Einem", "Im",
    "In", "Am", "An", "Auf", "Aus", "Bei", "Mit", "Nach", "Von", "Vor", "Zu", "Zum", "Zur",
    "Und", "Oder", "Aber", "Auch", "Als", "Wie", "Wo", "Was", "Wer", "Es", "Er", "Sie", "Wir",
    "The", "A", "An", "And", "Or", "But", "In", "On", "At", "Of", "For", "With", "From", "To",
    "By", "As", "It", "He", "She", "They", "We", "This", "That", "These", "His", "Her",
    "Mr", "Mrs", "Ms", "Dr", "Herr", "Frau", "Staatliche", "State", "North", "South", "Nord",
    "Süd", "Werbung", "Laut", "Nach", "Während", "During", "After", "Before", "Since", "Seit",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Montag",
    "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag", "Juli", "Juni",
    "Mai", "März", "April", "August", "September", "Oktober", "November", "Dezember",
    "Januar", "Februar", "January", "February", "March", "June", "July", "October",
    "December", "Jahr", "Jahre", "Jahren", "Woche", "Monat", "Folgenden", "Anfang", "Ende",
    "Mitte", "Region", "Stadt", "City", "Hauptstadt", "Capital", "Party", "Partei",
}


@dataclass
class PersonRef:
    name: str
    state: str | None
    start: int
    end: int
    genitive: bool = False
    modifier: bool = False   # "Putins Chef …": a person naming someone else's role
    source: str = "gazetteer"
    title: str | None = None


@dataclass
class ArticlePeople:
    """Persons of one article: who was named, how often, and with which state."""

    known_surnames: dict[str, list[str]]
    person_state: dict[str, str | None]
    counts: dict[str, int] = field(default_factory=dict)
    states: dict[str, str | None] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    surfaces: dict[str, set] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    families: set = field(default_factory=set)

    def seen(self, ref: PersonRef, surface: str) -> None:
        if ref.name not in self.counts:
            self.order.append(ref.name)
            if len(ref.name.split()) > 1:
                self.states.setdefault(ref.name, ref.state)
                self.families.add(self.family(ref.name))
        self.counts[ref.name] = self.counts.get(ref.name, 0) + 1
        if ref.state and not self.states.get(ref.name):
            self.states[ref.name] = ref.state
        self.states.setdefault(ref.name, ref.state)
        if ref.title and ref.name not in self.titles:
            self.titles[ref.name] = ref.title
        self.surfaces.setdefault(ref.name, set()).add(surface)

    def family(self, name: str) -> str:
        toks = name.replace("-", " ").split()
        st = self.states.get(name) or self.person_state.get(name)
        east = st in EAST_ASIAN or toks[0] in KOREAN_FAMILY_NAMES
        return toks[0] if east else toks[-1]

    def resolve_surname(self, token: str) -> str | None:
        """The person a bare surname means here: the most-named one of this article with
        that family name, else the first gazetteer person with it."""
        here = [n for n in self.order if len(n.split()) > 1 and self.family(n) == token]
        known = self.known_surnames.get(token) or []
        if here:  # most named; ties go to the better-known person, then the first named
            rank = {n: i for i, n in enumerate(known)}
            return max(here, key=lambda n: (self.counts[n], -rank.get(n, 99),
                                            -self.order.index(n)))
        return known[0] if known else None


def _name_like(tok: str) -> bool:
    if tok in _STOP or len(tok) > 14 or TITLE_RX.fullmatch(tok):
        return False
    parts = tok.split("-")
    if any(not p or not p[0].isupper() for p in parts):
        return False
    low = tok.lower()
    return not (len(tok) > 6 and _NOUN_SUFFIX.search(low))


def _name_runs(text: str, toks: list):
    """Runs of 2-4 name-like capitalised tokens separated by single spaces."""
    i = 0
    while i < len(toks):
        j = i
        if (toks[i][0] in KOREAN_FAMILY_NAMES and i + 2 < len(toks)
                and all(len(t[0]) <= 6 and _name_like(t[0]) for t in toks[i + 1:i + 3])
                and text[toks[i][2]:toks[i + 1][1]] == " "
                and text[toks[i + 1][2]:toks[i + 2][1]] == " "):
            j = i + 1  # "Im Chon Il": a family name that is also a German word
        while (j < len(toks) and _name_like(toks[j][0])
               and (j == i or text[toks[j - 1][2]:toks[j][1]] == " ")):
            j += 1
        if j - i >= 2:
            yield toks[i:j]
        i = max(j, i + 1)


def _state_near(mentions: list[Mention], persons: list[PersonRef], start: int, end: int,
                text: str) -> str | None:
    """The state a role phrase names: nearest state word before the name within the
    phrase, else in an apposition after it."""
    best = None
    for m in mentions:
        if m.kind == "state" and m.form in ("adj", "genitive", "name", "demonym"):
            st = m.state
        elif m.kind == "place" and m.form == "genitive":
            st = m.state
        elif m.kind == "org" and m.state:
            st = m.state
        else:
            continue
        penalty = 50 if m.form == "name" else 0  # a bare country name is often a destination
        if m.end <= start and start - m.end <= 120:
            d = start - m.end + penalty
        elif m.start >= end and m.start - end <= 90:
            d = 40 + (m.start - end) + penalty
        else:
            continue
        if best is None or d < best[0]:
            best = (d, st)
    for p in persons:
        if p.genitive and p.end <= start and start - p.end <= 60 and p.state:
            d = start - p.end
            if best is None or d < best[0]:
                best = (d, p.state)
    return best[1] if best else None


ROLE_CANON = [
    (re.compile(r"^(?:Verteidigungsminister\w*|Defen[cs]e\s+Minister)$", re.I), "Defence Minister"),
    (re.compile(r"^(?:Außenminister\w*|Aussenminister\w*|Foreign\s+Minister)$", re.I), "Foreign Minister"),
    (re.compile(r"^(?:Präsident(?:en)?|President)$", re.I), "President"),
    (re.compile(r"^(?:Premierminister\w*|Ministerpräsident\w*|Prime\s+Minister)$", re.I), "Prime Minister"),
    (re.compile(r"^(?:Kanzler\w*|Chancellor)$", re.I), "Chancellor"),
]
_ROLE_WORD = re.compile(r"(?<![\w-])(?:Verteidigungsminister\w*|Defen[cs]e\s+Minister|"
                        r"Außenminister\w*|Aussenminister\w*|Foreign\s+Minister|Präsident(?:en)?|"
                        r"President|Premierminister\w*|Ministerpräsident\w*|Prime\s+Minister|"
                        r"Kanzler\w*|Chancellor)(?![\w])")


def _role_persons(text, mentions, refs, lex, when) -> list[PersonRef]:
    """Unnamed officeholders: "Putins Verteidigungsminister", "the Russian Foreign
    Minister" resolved through the gazetteer's dated roles."""
    out = []
    for t in _ROLE_WORD.finditer(text):
        if any(r.start <= t.start() < r.end or 0 <= r.start - t.end() <= 3 for r in refs):
            continue  # a name follows: the person is named already
        canon = next((c for rx, c in ROLE_CANON if rx.match(t.group(0))), None)
        state = None
        for m in mentions:
            if m.kind == "state" and m.form in ("adj", "genitive") and 0 <= t.start() - m.end <= 3:
                state = m.state
        for r in refs:
            if r.genitive and 0 <= t.start() - r.end <= 3:
                state = r.state
        if canon and state:
            name = lex.holder(canon, state, when)
            if name:
                out.append(PersonRef(name, state, t.start(), t.end(), source="role"))
    return out


def find_persons(text: str, mentions: list[Mention], people: ArticlePeople,
                 lex=None, when: str | None = None) -> list[PersonRef]:
    """Every person named in one sentence, in text order."""
    refs: list[PersonRef] = []
    covered: list[tuple[int, int]] = []
    for m in mentions:
        if m.kind == "person":
            refs.append(PersonRef(m.value, m.state, m.start, m.end,
                                  genitive=m.form == "genitive"))
        covered.append((m.start, m.end))

    def free(s, e):
        return not any(s < ce and e > cs for cs, ce in covered)

    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    titles = [(t.start(), t.end(), t.group(0)) for t in TITLE_RX.finditer(text)]
    anchored = titles or any(t[0] in KOREAN_FAMILY_NAMES for t in toks) or _LED_BY.search(text)
    for run in (_name_runs(text, toks) if anchored else ()):
        if not run:
            continue
        s, e = run[0][1], run[-1][2]
        if not free(s, e):
            continue
        name = " ".join(t[0] for t in run)
        before = text[max(0, s - 90):s]
        after = text[e:e + 60]
        title = next((t for t in reversed(titles) if t[1] <= s
                      and _BETWEEN_TITLE_AND_NAME.match(text[t[1]:s])), None)
        appos = re.match(r"\s*,\s*(?:(?:der|die|das|dem|den|des|ein|eine|einer|einem|the|a|an|"
                         r"its|his|her|\w+s)\s+)?(?:[\w-]+\s+){0,2}?" + _TITLE_WORDS, after)
        led = _LED_BY.search(before[-70:])
        korean = run[0][0] in KOREAN_FAMILY_NAMES and len(run) == 3 and all(
            len(t[0]) <= 6 for t in run[1:])
        if not (title or appos or led or korean):
            continue
        if len(run) > 3:
            continue
        t_text = title[2] if title else (appos.group(0).split(",")[-1].strip() if appos else None)
        scholar = bool(t_text and _SCHOLAR.search(t_text))
        st = None if scholar else _state_near(mentions, refs, s, e, text)
        refs.append(PersonRef(name, st, s, e, source="pattern", title=t_text))
        covered.append((s, e))
    # bare surnames ("Lawrow", "Kim", "Kims", "Yuns") resolved in context
    for word, s, e in toks:
        if not free(s, e) or text[e:e + 1] == "-":
            continue
        gen = False
        for cand in (word, word[:-1] if word.endswith("s") else None,
                     word[:-2] if word.endswith(("’s", "'s")) else None):
            if cand and (cand in people.known_surnames or cand in people.families):
                name = people.resolve_surname(cand)
                if name:
                    gen = cand != word
                    st = people.states.get(name) or people.person_state.get(name)
                    refs.append(PersonRef(name, st, s, e, genitive=gen, source="surname"))
                    covered.append((s, e))
                break
    refs.sort(key=lambda r: r.start)
    for r in refs:
        if r.genitive:
            nxt = text[r.end:r.end + 40]
            r.modifier = bool(re.match(r"\s+(?:[\w-]+\s+){0,1}" + _TITLE_WORDS, nxt))
    if lex is not None:
        refs.extend(_role_persons(text, mentions, refs, lex, when))
        refs.sort(key=lambda r: r.start)
    for r in refs:
        if r.genitive and r.source != "role":
            nxt = text[r.end:r.end + 40]
            r.modifier = bool(re.match(r"\s+(?:[\w-]+\s+){0,1}" + _TITLE_WORDS, nxt))
    return refs
