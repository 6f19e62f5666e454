"""Persons in a sentence, found without the gazetteer as the gate.

A *name run* is a sequence of capitalised words (any Latin script with diacritics:
ž š ł ŭ é ğ), joined by single spaces, that may hold name particles (da, bin, al-,
von der), middle initials ("John F. Kennedy"), hyphenated given names with a
lower-case part ("Jae-in", "Yong-ho") and a regnal suffix ("Charles III").
Capitalised German nouns are told from names by word frequencies (wordfreq: a word
far more frequent in German than in English is a noun, not a name); function words,
calendar words and organisation head words come from ``data/lexicon``.

A run is a person when something anchors it:

- a title before it, from the bilingual title lexicon (``data/lexicon/titles.tsv``,
  German compounds by suffix: "Sondergesandte", "Abteilungsleiter"), possibly with
  "of <state>" between ("Deputy Prime Minister of Russia X") — but a title followed
  by "of the International Department" names an office, not a person;
- an apposition after it (", Mongolia's former minister", ", der … Vizevorsitzende");
- "counterpart"/"Amtskollege", "led by"/"unter Leitung von";
- the shape of a family-first name (Korean, Chinese, Vietnamese: "Kim Yong Chol",
  "Moon Jae-in");
- coordination with a person ("A and B met") or a verb of meeting next to it;
- the same name already found earlier in the article.

The state comes from the title itself ("Bundespräsident"), a state word in the role
phrase (nationality adjective, genitive, "of Russia", an organisation of a state), an
apposition, else the nearest state word of the sentence. Bare surnames and single
names after a title resolve to a person this article named first, then to the
gazetteer; the gazetteer's persons enrich (canonical name, state) but do not gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from diplograph.loaders.extract.lexicon import EAST_ASIAN, Mention, name_lexicon
from diplograph.loaders.extract.rules import FormSet, load_table

__all__ = ["PersonRef", "ArticlePeople", "TITLE_RX", "find_persons", "is_common_noun"]

_NL = name_lexicon()
TITLE_RX = _NL.title_rx

_LED_BY = re.compile(
    r"(?:unter\s+(?:der\s+)?(?:Leitung|Führung)|angeführt\s+von|geleitet\s+von|"
    r"led\s+by|headed\s+by)\s*$", re.I)
_LED_BY_ANY = re.compile(_LED_BY.pattern.replace(r"\s*$", ""), re.I)
_TOKEN = re.compile(r"(?<![\w’'‘])(?:[^\W\d_]\.(?=\s)|[^\W\d_]+(?:[-‐][^\W\d_]+)*)")
_MEET_NEAR = re.compile(
    r"^\s+(?:met|meets|meet|traf|trafen|trifft|treffen|empfing|empfängt|received|receives|"
    r"welcomed|greeted|held\s+talks|talked|spoke|sprachen|verhandelten|signed|"
    r"unterzeichneten|will\s+meet|are\s+to\s+meet|hat\s+sich|and\s+his|und\s+sein)\b")
_MEET_BEFORE = re.compile(
    r"(?:\bmet(?:\s+with)?|\bmeets(?:\s+with)?|\btraf(?:\s+sich\s+mit)?|\bmit|\bwith|"
    r"\bempfing|\breceived|\breceives|\bwelcomed|\bby|"
    r"\b(?:said|says|told|added|stressed|betont|betonte|sagte|sagt|erklärte|erklärt|"
    r"so)\s*,?)\s+$")
_COORD_BEFORE = re.compile(r"(?:\s+(?:and|und|sowie|&)\s+|\s*,\s*)$")
_COORD_AFTER = re.compile(r"^(?:\s+(?:and|und|sowie|&)\s+)")
# first words of multi-word titles ("Prime", "Deputy", "Crown") never start a name
_TITLE_HEADS = {t.form.split()[0].strip("*").lower() for t in _NL.titles if " " in t.form}
_LOCATIVE = re.compile(r"(?:\bin|\bnach|\bto|\binto|\bat|\bfrom|\baus|\bvon|\bim|\bins|"
                       r"\bzum|\bzur|\bbei)\s+(?:der\s+|dem\s+|den\s+|die\s+|the\s+)?$")
# "after the visit in Egypt", "nach seinem Aufenthalt in Kairo": a stop already left
_PREVIOUS_STOP = re.compile(
    r"(?:\bafter|\bnach|\bfollowing|\bsince|\bseit|\bvon|\bfrom|\baus)\s+(?:\w+\s+){0,3}?"
    r"(?:visit|Besuch|trip|Reise|stop|Station|Aufenthalt|stay|talks|Gesprächen)\w*\s+"
    r"(?:\w+\s+){0,2}?(?:in|to|nach|im)\s+(?:the\s+)?$", re.I)
_COORD_NEXT = re.compile(r"\s*(?:,\s*)?(?:und|and|sowie|&)\s")
_SMALL = {"of", "for", "für", "des", "der", "the", "von", "and", "und", "in", "at"}
_SCHOLAR_KINDS = {"scholar"}
_HOST_KINDS = {"head", "royal", "governor", "counterpart"}


@lru_cache(maxsize=20000)
def is_common_noun(word: str) -> bool:
    """A capitalised word that is a common word, not a name: far more frequent in
    German than in English (a German noun), or among the most frequent English words."""
    from wordfreq import zipf_frequency

    de, en = zipf_frequency(word, "de"), zipf_frequency(word, "en")
    if (de >= 4.0 and de - en >= 2.0) or en >= 5.6 or de >= 6.0:
        return True
    # an inflected or derived German noun, rarer but still no English word
    return de >= 2.5 and en < 1.0 and bool(_DE_NOUN_END.search(word))


_DE_NOUN_END = re.compile(r"(?:ungen|ung|heit|keit|schaft|chen|tion|ionen|ismus|tät|nis|"
                          r"nisse|ern|eln|ächen|äche|ieren|ierung|lichen|ischen|ium|iums|amt|amtes|"
                          r"ischer|isches)$")


class _Spans:
    """Character spans already taken in a sentence, as a mask: overlap tests in O(span)."""

    __slots__ = ("mask",)

    def __init__(self, n: int):
        self.mask = bytearray(n + 1)

    def append(self, span: tuple[int, int]) -> None:
        s, e = span
        if e > s:
            self.mask[s:e] = b"\x01" * (e - s)

    def hit(self, s: int, e: int) -> bool:
        return 1 in self.mask[s:e]


@lru_cache(maxsize=20000)
def _german_word(word: str) -> bool:
    """A word of German, hardly of English: "Grüße", "Vertrauter" (not "Do", "Jill")."""
    from wordfreq import zipf_frequency

    de, en = zipf_frequency(word, "de"), zipf_frequency(word, "en")
    return de >= 2.5 and de - en >= 1.5


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
    location: str | None = None  # the state the story was last placed in ("arrived in X")
    sentence: int = 0  # sentences read so far
    unnamed_role: tuple | None = None  # (state, sentence) of the last title with no name
    role_mentions: list = field(default_factory=list)  # this sentence's titles that name
    #                                                   a state by themselves, as mentions
    by_title: dict = field(default_factory=dict)  # folded title -> the last (name, state)
    #                                               named right after it ("Crown Prince X")

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
        if len(surface.split()) > 1 and surface != ref.name:
            self.families.add(self.family(surface))

    def family(self, name: str) -> str:
        toks = [t for t in name.replace("-", " ").split() if t not in _NL.particles]
        if not toks:
            return name
        st = self.states.get(name) or self.person_state.get(name)
        east = (st in EAST_ASIAN and len(toks) > 1) or _NL.is_family_first(toks[0])
        if not east and len(toks) > 1 and toks[-1] in _NL.suffixes:
            return toks[0]  # "Charles III"
        return toks[0] if east else toks[-1]

    def family_tokens(self, name: str) -> set[str]:
        """Tokens a bare reference may use: the family name, and for a Spanish double
        surname or a hyphenated family name its parts ("Lacalle Pou", "Pou")."""
        fam = self.family(name)
        out = {fam}
        for surf in self.surfaces.get(name, ()):
            if len(surf.split()) > 1 and surf != name:
                out.add(self.family(surf))  # "Wolodin" for Vyacheslav Volodin
        toks = name.split()
        if len(toks) >= 3 and not _NL.is_family_first(toks[0]):
            out.add(" ".join(toks[-2:]))
            out.add(toks[-2])
        return out

    def resolve_surname(self, token: str) -> str | None:
        """The person a bare surname means here: the most-named one of this article with
        that family name, else the first gazetteer person with it."""
        here = [n for n in self.order if len(n.split()) > 1 and token in self.family_tokens(n)]
        known = self.known_surnames.get(token) or []
        if here:  # most named; ties go to the better-known person, then the first named
            rank = {n: i for i, n in enumerate(known)}
            return max(here, key=lambda n: (self.counts[n], -rank.get(n, 99),
                                            -self.order.index(n)))
        return known[0] if known else None


@lru_cache(maxsize=50000)
def _name_token(tok: str, first: bool = False) -> bool:
    """Can this word be part of a personal name?"""
    if tok in _NL.particles:
        return tok[0].isupper() and len(tok) > 3  # Abdel Fattah, Abdul …
    if tok.startswith(_NL.particle_prefixes):
        rest = tok.split("-", 1)[1] if "-" in tok else ""
        return bool(rest) and rest[0].isupper()
    if not tok[0].isupper():
        return False
    if tok in _NL.function_words or tok in _NL.org_heads or tok in _NL.honorifics:
        return False
    if len(tok) == 2 and tok[1] == ".":
        return True  # an initial ("John F. Kennedy", "S. Jaishankar")
    if len(tok) > 1 and tok.isupper() and tok not in _NL.suffixes:
        return False  # KCNA, TASS, USA
    if len(tok) > 18 or TITLE_RX.fullmatch(tok) or tok.lower() in _TITLE_HEADS:
        return False
    base = tok.split("-")[0]
    return not (is_common_noun(tok) or (base != tok and is_common_noun(base)
                                        and not _NL.is_family_first(base)))


def _runs(text: str, toks: list, blocked, title_end=lambda s: False,
          inner: frozenset = frozenset()) -> list[list]:
    """Name runs: name tokens joined by single spaces, particles inside."""
    runs, i, n = [], 0, len(toks)
    while i < n:
        w, s, e = toks[i]
        if blocked(s, e):
            i += 1
            continue
        if not _name_token(w, True):
            # a family name that is also a function word ("Im", "So", "An") starts a
            # name only before two short given-name parts: "Im Chon Il"
            nxt = toks[i + 1:i + 3]
            after_title = re.search(r"\S\s$", text[max(0, s - 2):s]) and title_end(s)
            if not (w in _NL.function_words and _NL.is_family_first(w) and (
                    (len(nxt) == 2 and all(text[a[2]:b[1]] == " " for a, b in zip(toks[i:i + 2], nxt))
                     and all(len(t[0]) <= 6 and _name_token(t[0]) and not blocked(t[1], t[2])
                             for t in nxt))
                    or (after_title and nxt and text[e:nxt[0][1]] == " "
                        and _name_token(nxt[0][0]) and not blocked(nxt[0][1], nxt[0][2])))):
                i += 1
                continue
        run = [toks[i]]
        j = i + 1
        while j < n:
            w2, s2, e2 = toks[j]
            gap = text[run[-1][2]:s2]
            if (gap in (' "', " “", " „", " ‘", " '") and j + 1 < n
                    and text[e2:toks[j + 1][1]] in ('" ', "” ", "“ ", "’ ", "' ")):
                j += 1  # a nickname in quotes: Joko "Jokowi" Widodo
                w2, s2, e2 = toks[j]
                gap = " "
            if gap != " " or blocked(s2, e2):
                break
            if w2 in _NL.particles:
                # a particle inside a name needs a name token after it
                k = j + 1
                while k < n and toks[k][0] in _NL.particles and text[toks[k - 1][2]:toks[k][1]] == " ":
                    k += 1
                if (k < n and text[toks[k - 1][2]:toks[k][1]] == " " and not blocked(*toks[k][1:])
                        and _name_token(toks[k][0])):
                    run.extend(toks[j:k + 1])
                    j = k + 1
                    continue
                break
            if w2 in _NL.suffixes and w2.isupper() and len(run) >= 1:
                run.append(toks[j])
                j += 1
                break
            if s2 not in inner and not _name_token(w2) and not (
                    # short given-name parts after a family-first name: "Lee Do Hoon", and
                    # mid-sentence even a capitalised function word: "Moon Jae In hat"
                    _NL.is_family_first(run[0][0]) and len(run) <= 2 and len(w2) <= 5
                    and w2[0].isupper() and not w2.isupper() and w2 not in _NL.org_heads
                    and (w2 not in _NL.function_words or (len(run) == 2 and len(w2) <= 3))
                    and not _german_word(w2)):
                break
            run.append(toks[j])
            j += 1
        while run and len(run[-1][0]) == 2 and run[-1][0][1] == ".":
            run.pop()  # a name does not end in an initial
        if run:
            runs.append(run)
        i = j
    return runs


def _run_name(text: str, run: list) -> str:
    words = [w.rstrip(".") if w.rstrip(".") in _NL.suffixes and len(w) > 2 else w
             for w, _, _ in run]
    return " ".join(words)


def _east_shape(run: list) -> bool:
    """Family name first, then one or two short given-name parts ("Kim Yong Chol",
    "Moon Jae-in", "Pham Binh Minh", "Tsakhiagiin Elbegdorj")."""
    words = [w for w, _, _ in run]
    if not _NL.is_family_first(words[0]) or not 2 <= len(words) <= 3:
        return False
    rest = words[1:]
    if len(rest) == 1:
        return "-" in rest[0] or len(rest[0]) <= 8
    return all(len(w) <= 6 for w in rest)


def _state_of_mention(m: Mention) -> str | None:
    if m.kind == "state" and m.form in ("adj", "genitive", "name", "demonym"):
        return m.state
    if m.kind == "place" and m.form == "genitive":
        return m.state
    if m.kind == "org" and m.state:
        return m.state
    return None


def _phrase_state(mentions, lo: int, hi: int, text: str, persons=()) -> str | None:
    """The state named by a state word in text[lo:hi] (the last one wins: it is
    nearest to the title or the name)."""
    best = None
    for m in mentions:
        if lo <= m.start and m.end <= hi:
            st = _state_of_mention(m)
            if st and (best is None or m.start > best[0]):
                best = (m.start, st)
    for p in persons:
        if p.genitive and lo <= p.start and p.end <= hi and p.state:
            if best is None or p.start > best[0]:
                best = (p.start, p.state)
    return best[1] if best else None


def _state_near(mentions: list[Mention], persons: list[PersonRef], start: int, end: int,
                text: str) -> str | None:
    """The state a role phrase names: nearest state word before the name within the
    phrase, else in an apposition after it."""
    best = None
    for m in mentions:
        st = _state_of_mention(m)
        if not st:
            continue
        if m.kind == "state" and m.form == "name":
            continue  # "visited Russia", "nach Russland": where, not whose
        if any(m.end <= r.start and r.start - m.end <= 45 and r.end <= start
               and not _COORD_NEXT.match(text[r.end:start]) for r in persons):
            # "Kazakh President X received Y": the state word is X's; but in "the
            # Mongolian prime minister X and foreign minister Y" it is both's
            continue
        penalty = 0
        if m.end <= start and start - m.end <= 120:
            d = start - m.end + penalty
        else:  # a state named after the name is rarely the person's own
            continue
        if best is None or d < best[0]:
            best = (d, st)
    for p in persons:
        if p.genitive and p.end <= start and start - p.end <= 60 and p.state:
            d = start - p.end
            if best is None or d < best[0]:
                best = (d, p.state)
    return best[1] if best else None


def _phrase_start(text: str, title_start: int) -> int:
    """Where the role phrase before a title begins: back over state words, adjectives,
    articles and possessives, at most 60 characters, not over a clause break."""
    lo = max(0, title_start - 60)
    seg = text[lo:title_start]
    cut = max(seg.rfind(","), seg.rfind(";"), seg.rfind("("), seg.rfind(" and "),
              seg.rfind(" und "), seg.rfind(":"))
    return lo + cut + 1 if cut >= 0 else lo


def _gap_ok(text: str, s: int, e: int, mentions) -> tuple[bool, str | None]:
    """Can a title at ..s be followed by a name at e..? The gap may hold a comma, and
    "of <state>" / "für <state>" (the state of the role)."""
    gap = text[s:e]
    if re.fullmatch(r"\s*,?\s*|\s+\(\w+\)\s*,?\s*", gap):
        return True, None
    inside = [m for m in mentions if s <= m.start and m.end <= e]
    rest = gap
    for m in sorted(inside, key=lambda m: -m.start):
        if m.kind not in ("state", "place", "org"):
            return False, None
        rest = rest[:m.start - s] + " " + rest[m.end - s:]
    rest = re.sub(r"\([^()]{1,12}\)", " ", rest)  # "(DVRK)"
    phrase = re.fullmatch(r"\s+(?:of|der|des|the)\s+(?:the\s+)?((?:[^\W\d_’'-]+[\s-]+){0,4}?)"
                          r"[^\W\d_’'-]+\s*,\s*", rest)
    if not phrase and inside and len(re.findall(r"\S+", gap)) <= 4 and re.match(
            r"\s+(?:of|der|des|the|im|in|at|beim)\s", gap):
        # "Abteilungsleiter im russischen Außenministerium X": the office, then the name
        words = re.findall(r"[^\W\d_]+", rest)
        if all(w.lower() in _SMALL or w.lower() in ("im", "beim") or w in _NL.org_heads
               or is_common_noun(w) or TITLE_RX.fullmatch(w) for w in words):
            return True, _phrase_state(mentions, s, e, text)
    if phrase and rest.strip().endswith(","):
        # "Der Vorsitzende der russischen Staatsduma, X": the office, then the name
        return True, _phrase_state(mentions, s, e, text)
    words = re.findall(r"[^\W\d_]+", rest)
    if inside and all(w.lower() in _SMALL for w in words) and len(words) <= 3:
        # "of Russia" names the person's state; "für Nordkorea" the portfolio
        portfolio = words and words[0].lower() in ("for", "für", "on", "zu")
        return True, None if portfolio else _phrase_state(mentions, s, e, text)
    return False, None


def _title_before(text, titles, s, mentions):
    for t in reversed(titles):
        if t[1] > s:
            continue
        ok, st = _gap_ok(text, t[1], s, mentions)
        if ok:
            return t, st
        return None, None
    return None, None


def _apposition(text: str, e: int, titles):
    """A title in the comma phrase right after a name (", a vice chairman of …")."""
    m = re.match(r"\s*(?:\([^)]{0,12}\)\s*)?,\s*", text[e:])
    if not m:
        return None, None
    lo = e + m.end()
    stop = re.search(r"[,;.)]|\s[-–—]\s", text[lo:lo + 160])
    hi = lo + (stop.start() if stop else min(160, len(text) - lo))
    for t in titles:
        if lo <= t[0] < hi and len(text[lo:t[0]].split()) <= 8:
            return t, (lo, hi)
    return None, None


def _given_before(text: str, start: int):
    m = re.search(r"(?<![\w’'])([^\W\d_][^\W\d_-]+) $", text[max(0, start - 30):start])
    if not m or not _name_token(m.group(1), True) or TITLE_RX.fullmatch(m.group(1)):
        return None
    return m.group(1), start - len(m.group(0))


def _fold_in(word: str, full: str) -> bool:
    from diplograph.graph.names import fold

    return fold(word) in fold(full).split()


def _same_given(given: str, full: str) -> bool:
    from rapidfuzz import fuzz

    first = full.split()[0]
    return given == first or fuzz.ratio(given.lower(), first.lower()) >= 60


def find_persons(text: str, mentions: list[Mention], people: ArticlePeople,
                 lex=None, when: str | None = None) -> list[PersonRef]:
    """Every person named in one sentence, in text order."""
    refs: list[PersonRef] = []
    covered = _Spans(len(text))
    for m in mentions:
        if m.kind == "person":
            name, state = m.value, m.state
            single = len(m.surface.replace("’s", "").replace("'s", "").split()) == 1
            start = m.start
            given = _given_before(text, start)
            while given and _fold_in(given[0], name):
                start = given[1]  # "Recep" before the alias "Tayyip Erdoğan"
                given = _given_before(text, start)
            if given and _german_word(given[0]):
                given = None  # "Vertrauter Putins"
            if given and _same_given(given[0], name):
                start = given[1]  # "Masud" before "Peseschkian": Masoud Pezeshkian
            if single and start == m.start:  # a bare surname: a person of this article first
                bare = re.sub(r"(?:’s|'s|s)$", "", m.surface) if m.form == "genitive" else m.surface
                if given and not _same_given(given[0], name):
                    # "Jill Biden" is not the gazetteer's Joe Biden: a relative, same state
                    name, start = f"{given[0]} {bare}", given[1]
                else:
                    here = people.resolve_surname(bare)
                    if here and here != name and here in people.counts:
                        name, state = here, people.states.get(here) or state
            refs.append(PersonRef(name, state, start, m.end, genitive=m.form == "genitive"))
            covered.append((start, m.end))
        covered.append((m.start, m.end))
    titles = [(t.start(), t.end(), t.group(0), _NL.title(t.group(0)))
              for t in TITLE_RX.finditer(text)]
    titles = [t for t in titles if t[3] is not None]
    inner = frozenset(t[0] for t in titles if _inside_name(text, t, covered))
    titles = [t for t in titles if t[0] not in inner]
    title_mask = _Spans(len(text))
    for t in titles:
        title_mask.append((t[0], t[1]))

    def blocked(s, e):
        return covered.hit(s, e) or title_mask.hit(s, e)

    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    pending = []
    title_ends = {t[1] for t in titles}

    def title_end(s):  # a title ends right before s (one space between)
        return (s - 1) in title_ends

    for run in _runs(text, toks, blocked, title_end, inner):
        s, e = run[0][1], run[-1][2]
        nxt = re.match(r" ([^\W\d_]+)", text[e:e + 30])
        if nxt and nxt.group(1) in _NL.org_heads:
            continue  # "King Khalid International Airport": a place or an organisation
        name = _run_name(text, run)
        genitive = False
        if len(run) >= 1 and re.match(r"[’']s\b", text[e:e + 3]):
            genitive, e = True, e + 2
        title, gap_state = _title_before(text, titles, s, mentions)
        if len(run) == 2 and name not in people.counts:
            full = people.resolve_surname(name)
            if full and full in people.counts and len(full.split()) > 2:
                # "Lacalle Pou" after "Luis Lacalle Pou": a double surname alone
                refs.append(PersonRef(full, people.states.get(full), s, e, genitive=genitive,
                                      source="surname", title=title[2] if title else None))
                covered.append((s, e))
                continue
        appos, appos_span = _apposition(text, e, titles)
        led = _LED_BY.search(text[max(0, s - 40):s])
        known = name in people.counts
        east = _east_shape(run)
        meet = len(run) >= 2 and (_MEET_NEAR.match(text[e:e + 20])
                                  or _MEET_BEFORE.search(text[max(0, s - 25):s]))
        kind = (title or appos or (None, None, None, None))[3]
        if kind is not None and kind.kind == "press":
            continue
        if _NL.press_rx.search(text[max(0, s - 20):s]):
            continue  # "(Foto: X)", "© X": a photographer or an author, no actor
        if len(run) == 1:
            # a single name only right after a title: "Präsident Masisi", "König Charles"
            w = run[0][0]
            if not title or title[3].kind in ("scholar", "press") or not re.fullmatch(
                    r"\s*", text[title[1]:s]):
                continue
            full = people.resolve_surname(w)
            if full and (full in people.counts or full in people.person_state):
                st = people.states.get(full) or people.person_state.get(full)
                refs.append(PersonRef(full, st, s, e, genitive=genitive, source="surname",
                                      title=title[2]))
                covered.append((s, e))
                continue
            if title[3].kind not in ("head", "royal", "spouse") and not known:
                continue
        anchored = title or appos or led or known or east or meet
        if not anchored:
            pending.append((run, s, e, name, genitive))
            continue
        if len(run) > 5:
            continue
        refs.append(_make_ref(text, mentions, refs, people, name, s, e, genitive, title,
                              gap_state, appos, appos_span,
                              by_verb=bool(meet) and not (title or appos or led or known or east)))
        covered.append((s, e))
    # coordination: "A and B", "A, B und C" next to a person found above
    changed = True
    while pending and changed:
        changed = False
        for item in list(pending):
            run, s, e, name, genitive = item
            if len(run) < 2:
                continue
            left = any(0 <= s - r.end <= 8 and _COORD_BEFORE.search(text[r.end:s])
                       for r in refs)
            right = any(0 <= r.start - e <= 8 and _COORD_AFTER.match(text[e:r.start])
                        for r in refs)
            if left or right:
                ref = _make_ref(text, mentions, refs, people, name, s, e, genitive, None,
                                None, None, None)
                partner = [r for r in refs if 0 <= s - r.end <= 8 and r.title and r.state]
                if partner and _plural_title(partner[-1].title):
                    # "die früheren Bundespräsidenten A und B": one title for both
                    ref.state, ref.title = partner[-1].state, partner[-1].title
                refs.append(ref)
                covered.append((s, e))
                pending.remove(item)
                changed = True
    # bare surnames ("Lawrow", "Kim", "Kims", "Yuns") resolved in context
    for word, s, e in toks:
        if blocked(s, e) or text[e:e + 1] == "-":
            continue
        for cand in (word, word[:-1] if word.endswith("s") else None):
            if cand and (cand in people.known_surnames or cand in people.families):
                name = people.resolve_surname(cand)
                if name:
                    gen = cand != word or bool(re.match(r"[’']s\b", text[e:e + 3]))
                    st = people.states.get(name) or people.person_state.get(name)
                    refs.append(PersonRef(name, st, s, e, genitive=gen, source="surname"))
                    covered.append((s, e))
                break
    refs.sort(key=lambda r: r.start)
    if lex is not None:
        for r in refs:
            _set_modifier(text, r)
        refs.extend(_role_persons(text, mentions, refs, lex, when, titles))
        refs.extend(_titled_before(text, refs, titles, people))
        refs.extend(_name_pairs(text, refs, people))
        refs.sort(key=lambda r: r.start)
    for ts, te, surface, t in titles:
        for r in refs:
            if r.source != "role" and r.state and 0 <= r.start - te <= 2:
                people.by_title[t.form.lower()] = (r.name, r.state)
    for r in refs:
        if r.source != "role":
            _set_modifier(text, r)
    people.location = _location(text, mentions) or people.location
    # a title naming nobody but with a state ("der Bundespräsident", "the Kenyan
    # president"): a person named next without title or state is likely that officeholder
    roles = []
    for ts, te, surface, t in titles:
        if t.kind in _SCHOLAR_KINDS or t.kind in ("press", "official", "spouse"):
            continue
        if any(r.start <= ts < r.end or 0 <= r.start - te <= 3 for r in refs):
            continue
        st = t.state or _phrase_state(mentions, _phrase_start(text, ts), ts, text, refs)
        if st:
            people.unnamed_role = (st, people.sentence)
        if t.state and not any(r.start <= ts < r.end for r in refs) and \
                not any(m.start <= ts < m.end for m in mentions):
            # "der Bundespräsident" names its state by itself: a state word for the events
            roles.append(Mention("state", ts, te, surface, t.state, "adj", t.state))
    people.role_mentions = roles
    people.sentence += 1
    return refs


def _plural_title(surface: str) -> bool:
    t = _NL.title(surface)
    if t is None:
        return False
    key = surface.lower()
    form = t.form.strip("*").lower()
    return (t.lang == "en" and key.endswith("s") and not form.endswith("s")) or (
        t.lang == "de" and key.endswith(("en", "innen")) and not form.endswith(("en", "e")))


def _location(text: str, mentions, before: int | None = None) -> str | None:
    """The last state a sentence places the story in: a state or place named after a
    locative or directional preposition ("in Gaborone", "nach Botsuana", "to Kenya")."""
    last = None
    for m in mentions:
        if before is not None and m.start >= before:
            break
        if m.kind in ("state", "place") and m.state and m.form in (
                "name", "capital", "place", "seat") and _LOCATIVE.search(
                text[max(0, m.start - 14):m.start]) and not _PREVIOUS_STOP.search(
                text[max(0, m.start - 50):m.start]):
            last = m.state
    return last


def _set_modifier(text: str, r: PersonRef) -> None:
    if _NL.relation_rx is not None and _NL.relation_rx.search(text[max(0, r.start - 70):r.start]):
        r.modifier = True  # "die Schwester von Nordkoreas Machthaber X": X is not the actor
        return
    if r.genitive:
        nxt = text[r.end:r.end + 40]
        m1 = re.match(r"\s+", nxt)
        m2 = re.match(r"\s+[\w-]+\s+", nxt)
        r.modifier = bool(m1 and TITLE_RX.match(nxt, m1.end())) or bool(
            m2 and TITLE_RX.match(nxt, m2.end()))
    else:
        r.modifier = False


def _make_ref(text, mentions, refs, people, name, s, e, genitive, title, gap_state, appos,
              appos_span, by_verb: bool = False) -> PersonRef:
    t = title or appos
    tinfo = t[3] if t else None
    t_text = t[2] if t else None
    if tinfo is not None and tinfo.kind in _SCHOLAR_KINDS:
        return PersonRef(name, None, s, e, genitive=genitive, source="pattern", title=t_text)
    st = None
    if name in people.counts:
        st = people.states.get(name)
    if not st and tinfo is not None and tinfo.kind == "spouse":
        # "First Lady Rachel X" beside "President William X": one family, one state
        fam = name.split()[-1]
        kin = [n for n in people.order if n != name and n.split()[-1] == fam and people.states.get(n)]
        kin += [r.name for r in refs if r.name.split()[-1] == fam and r.state and r.name != name]
        if kin:
            st = people.states.get(kin[0]) or next(r.state for r in refs if r.name == kin[0])
    if not st and tinfo is not None and tinfo.kind == "spouse" and title:
        # "X und seine Frau Y", "his wife Y": the spouse of the person named before
        if re.search(r"\b(?:his|her|their|sein\w*|ihr\w*)\s+(?:\w+\s+)?$",
                     text[max(0, title[0] - 25):title[0]]):
            prev = [r for r in refs if r.end <= title[0] and r.state]
            if prev:
                st = prev[-1].state
    if not st and tinfo is not None and tinfo.state:
        st = tinfo.state
    if not st and gap_state:
        st = gap_state
    if not st and t and "-" in t[2]:  # "US-Sondergesandte", "Kreml-Sprecher"
        st = next((m.state for m in mentions if t[0] <= m.start and m.end <= t[1] and m.state),
                  None)
    if not st and title:  # a state word in the role phrase before the title
        st = _phrase_state(mentions, _phrase_start(text, title[0]), title[0], text, refs)
    if not st and appos_span:
        st = _phrase_state(mentions, appos_span[0], appos_span[1], text, refs)
    if not st and _LED_BY_ANY.search(text[max(0, s - 80):s]):
        # "Led by X, the Belarusian delegation …": the state of the delegation led
        d = re.search(r"(\w+)\s+(?:delegation|Delegation)", text)
        if d:
            st = next((m.state for m in mentions if m.start == d.start(1) and m.state), None)
    if not st and name in people.person_state:
        st = people.person_state[name]
    if not st:
        st = _state_near(mentions, refs, s, e, text)
    if not st and tinfo is not None and tinfo.kind in _HOST_KINDS:
        # "arrived in Gaborone … President X": an officeholder with no nationality named
        # is the host's, the state the story is in
        here = _location(text, mentions, s)
        st = here or people.location
    if not st and t is not None:
        st = _NL.naming_state(name)  # a titled "Pham Binh Minh" with no state named: VN
    if not st and t is None and by_verb and people.unnamed_role and \
            people.sentence - people.unnamed_role[1] <= 2:
        # "… ist der Bundespräsident nach Botsuana gekommen. …, betont Frank-Walter X"
        st = people.unnamed_role[0]
        people.unnamed_role = None
    name = _NL.english_spelling(name, st)
    known = _gazetteer_spelling(name, st, people.person_state)
    if known:  # "Massoud Pezheskian" is the gazetteer's Masoud Pezeshkian
        name, st = known, st or people.person_state.get(known)
    return PersonRef(name, st, s, e, genitive=genitive, source="pattern", title=t_text)


@lru_cache(maxsize=50000)
def _fold(name: str) -> str:
    from diplograph.graph.names import fold

    return fold(name)


def _family_of(folded: str) -> str:
    toks = folded.split()
    return toks[0] if _NL.is_family_first(toks[0].capitalize()) else toks[-1]


def _gazetteer_spelling(name: str, state: str | None, person_state: dict) -> str | None:
    """The gazetteer person this name is another spelling of (same state or none named,
    same number of name parts, folded names at least 85 % alike)."""
    from rapidfuzz import fuzz

    if name in person_state or len(name.split()) < 2:
        return None
    f = _fold(name)
    if _NL.is_family_first(name.split()[0]):
        # East Asian names differ by one syllable between persons (Kim Jong Un, Kim
        # Jong In): only spacing and hyphens may differ
        key = re.sub(r"[\s-]", "", f)
        return next((c for c, st in person_state.items() if (not state or not st or st == state)
                     and re.sub(r"[\s-]", "", _fold(c)) == key), None)
    best = None
    for cand, st in person_state.items():
        if state and st and st != state:
            continue
        if len(cand.split()) != len(name.split()):
            continue
        score = fuzz.ratio(f, _fold(cand))
        fam_a, fam_b = _family_of(f), _family_of(_fold(cand))
        if score >= 85 and fuzz.ratio(fam_a, fam_b) >= 75 and (best is None or score > best[0]):
            best = (score, cand)
    return best[1] if best else None


_NAME_BEFORE = re.compile(r"(?<![\w-])([A-Z][a-z]+) $")


def _inside_name(text: str, title, covered) -> bool:
    """A royal word between two parts of one name ("Hassan Sheikh Mohamud"): part of the
    name, not a title — a given name (not a common word, not a state word) stands before
    it and a capitalised word after it."""
    ts, te, _surface, t = title
    if t.kind != "royal" or not re.match(r" [A-ZÄÖÜ]", text[te:te + 2]):
        return False
    m = _NAME_BEFORE.search(text, max(0, ts - 30), ts)
    if not m or covered.hit(m.start(1), m.end(1)) or not _name_token(m.group(1)):
        return False
    from wordfreq import zipf_frequency
    w = m.group(1).lower()
    return zipf_frequency(w, "en") < 4.0 and zipf_frequency(w, "de") < 4.0


_DEFINITE = re.compile(r"(?:\b(?:the|der|die|das|den|dem|des|vom|beim|zum)\s+)$", re.I)


@lru_cache(maxsize=1)
def _couples() -> FormSet:
    rows = load_table("couples.tsv", {"lang": ("en", "de"), "form": None, "title": None})
    return FormSet((r["form"], "fold", r["title"].lower()) for r in rows)


def _titled_before(text, refs, titles, people: ArticlePeople) -> list[PersonRef]:
    """"the Crown Prince", "der Kronprinz" with no name: the person this article named
    last with that very title ("Crown Prince X" earlier) — resolved within the article."""
    out = []
    for ts, te, surface, t in titles:
        hit = people.by_title.get(t.form.lower())
        det = _DEFINITE.search(text[max(0, ts - 5):ts])
        if not hit or not det or any(r.name == hit[0] for r in refs):
            continue  # "Martinez Ortega met the president": someone else
        if _plural_title(surface) and (t.lang == "en" or det.group(0).strip().lower() == "die"):
            continue  # "the presidents", "die Präsidenten": more than one
        if any(r.start <= ts < r.end or 0 <= r.start - te <= 3 for r in refs):
            continue  # a name follows, or a role resolved already
        if re.match(r"\s*(?:of|von|des)\b", text[te:te + 6]):
            continue  # "the president of X": another office
        out.append(PersonRef(hit[0], hit[1], ts, te, source="role", title=surface))
    if people.by_title:
        for cs, ce, surface, head in _couples().find(text):
            hit = people.by_title.get(head)
            if hit and _DEFINITE.search(text[max(0, cs - 5):cs]) and \
                    not any(r.name == hit[0] for r in refs):
                out.append(PersonRef(hit[0], hit[1], cs, ce, source="role", title=surface))
    return out


_PAIR = re.compile(r"(?<![\w-])([A-ZÄÖÜ][\w’']+)-([A-ZÄÖÜ][\w’']+)(?![\w])")


def _name_pairs(text, refs, people: ArticlePeople) -> list[PersonRef]:
    """"the Trump-Kim photo opportunity", "der Putin-Xi-Gipfel": two family names of
    persons this article has named in full, joined by a hyphen — both persons."""
    out = []
    for m in _PAIR.finditer(text):
        found = []
        for g in (1, 2):
            have = [r for r in refs if r.start < m.end(g) and m.start(g) < r.end]
            if have:
                if have[0].start < m.start() or have[0].end > m.end():
                    break  # part of a longer name ("Frank-Walter Steinmeier")
                found.append((have[0].name, None, None))
                continue
            name = people.resolve_surname(m.group(g))
            if not name or name not in people.counts:
                break
            found.append((name, m.start(g), m.end(g)))
        if len(found) == 2 and found[0][0] != found[1][0]:
            out += [PersonRef(n, people.states.get(n) or people.person_state.get(n), s, e,
                              source="surname") for n, s, e in found if s is not None]
    return out


def _role_persons(text, mentions, refs, lex, when, titles) -> list[PersonRef]:
    """Unnamed officeholders: "Putins Verteidigungsminister", "the Russian Foreign
    Minister" resolved through the gazetteer's dated roles (the title's ``role`` column
    in data/lexicon/titles.tsv names the role)."""
    out = []
    for ts, te, surface, t in titles:
        if not t.role:
            continue
        if any(r.start <= ts < r.end or 0 <= r.start - te <= 3 for r in refs):
            continue  # a name follows: the person is named already
        state = t.state
        for m in mentions:
            if m.kind == "state" and m.form in ("adj", "genitive") and 0 <= ts - m.end <= 3:
                state = m.state
        for r in refs:
            if r.genitive and 0 <= ts - r.end <= 3:
                state = r.state
        if state:
            name = lex.holder(t.role, state, when)
            if name:
                out.append(PersonRef(name, state, ts, te, source="role"))
    return out
