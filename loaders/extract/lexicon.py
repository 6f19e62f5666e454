"""Gazetteer surface forms compiled into one matcher: states (names, genitives,
adjectives, demonyms in English and German), places, government seats, organisations
and known persons (full names, aliases, bare surnames); and the word lists of
``data/lexicon/`` the person recogniser uses (titles, name particles, family-first
names, stop words), loaded and validated here.

Matching walks the sentence's words once and looks each up in a dictionary of the
surfaces that start with it (longest first), so its cost grows with the text, not with
the number of states and places; titles are one compiled regular expression.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from diplograph.loaders.extract.rules import LexiconError, load_table

__all__ = ["Mention", "Lexicon", "build_lexicon", "EAST_ASIAN", "KOREAN_FAMILY_NAMES",
           "NameLexicon", "Title", "name_lexicon", "LexiconDataError"]

EAST_ASIAN = {"KP", "KR", "CN", "VN", "TW", "MN"}


class LexiconDataError(ValueError):
    """A bad entry in one of the data/lexicon files of the person recogniser."""


def _lexicon_dir() -> Path:
    from diplograph.resources import data_dir

    return data_dir() / "lexicon"


_TITLE_KINDS = ("head", "counterpart", "minister", "deputy", "official", "party", "parliament", "governor",
                "envoy", "military", "royal", "spouse", "spokes", "scholar", "press")
_DE_ENDINGS = r"(?:innen|in|en|er|es|em|e|n|s)?"


@dataclass(frozen=True)
class Title:
    form: str
    lang: str
    kind: str
    state: str | None
    role: str | None = None  # the gazetteer role it names ("Foreign Minister"), if any


def _read_titles(path: Path) -> list[Title]:
    rows, header = [], None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if header is None:
            header = cells
            if header not in (["form", "lang", "kind", "state"],
                              ["form", "lang", "kind", "state", "role"]):
                raise LexiconDataError(f"{path.name}:{n}: header must be form, lang, kind, "
                                       f"state[, role]")
            continue
        cells += [""] * (len(header) - len(cells))
        if len(cells) != len(header):
            raise LexiconDataError(f"{path.name}:{n}: {len(cells)} fields, expected "
                                   f"{len(header)} (tabs)")
        form, lang, kind, state = cells[:4]
        role = cells[4] if len(cells) > 4 else ""
        if lang not in ("en", "de") or kind not in _TITLE_KINDS:
            raise LexiconDataError(f"{path.name}:{n}: lang must be en/de and kind one of "
                                   f"{', '.join(_TITLE_KINDS)}")
        if not re.fullmatch(r"\*?[^\W\d_][\w' -]*\*?", form) or (state and not re.fullmatch(r"[A-Z]{2}", state)):
            raise LexiconDataError(f"{path.name}:{n}: bad form {form!r} or state {state!r}")
        rows.append(Title(form, lang, kind, state or None, role or None))
    return rows


_TITLE_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)*")


class _TitleMatcher:
    """The title lookup with the small regex interface the recogniser uses
    (``finditer``, ``fullmatch``, ``match``), backed by word lookups."""

    def __init__(self, nl):
        self.nl = nl

    def finditer(self, text: str):
        return [_Hit(s, e, w) for s, e, w, _ in self.nl.find_titles(text)]

    def fullmatch(self, word: str):
        hits = self.nl.find_titles(word)
        return hits[0] if hits and hits[0][0] == 0 and hits[0][1] == len(word) else None

    def match(self, text: str, pos: int = 0):
        m = _TITLE_WORD.match(text, pos)
        if not m:
            return None
        hits = self.nl.find_titles(text[pos:pos + 80])
        return hits[0] if hits and hits[0][0] == 0 else None


class _Hit:
    __slots__ = ("_s", "_e", "_w")

    def __init__(self, s, e, w):
        self._s, self._e, self._w = s, e, w

    def start(self):
        return self._s

    def end(self):
        return self._e

    def group(self, i=0):
        return self._w


def _title_regex(t: Title, prefix: bool = True) -> str:
    words = t.form.split()
    out = []
    for i, w in enumerate(words):
        pre, post = w.startswith("*"), w.endswith("*")
        core = w.strip("*")
        esc = "".join(f"[{c.lower()}{c.upper()}]" if j == 0 and c.isalpha() else re.escape(c)
                      for j, c in enumerate(core))
        last = i == len(words) - 1
        end = (_DE_ENDINGS if t.lang == "de" else "(?:s|’s|'s)?") if last else ""
        out.append((r"[^\W\d_]*" if pre else "") + esc + (r"[^\W\d_]*" if post else end))
    # an optional hyphenated prefix: "US-Sondergesandte", "Ex-Präsident", "Kreml-Sprecher"
    return (r"(?:[^\W\d_]+-)?" if prefix else "") + r"[\s-]+".join(out)


def _title_key(s: str) -> str:
    return re.sub(r"[\s-]+", " ", s.lower()).strip()


class NameLexicon:
    """Titles (one regex), name particles, family-first names and stop words."""

    def __init__(self, directory: Path | None = None):
        d = Path(directory or _lexicon_dir())
        try:
            parts = json.loads((d / "name_parts.json").read_text(encoding="utf-8"))
            stops = json.loads((d / "name_stopwords.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise LexiconDataError(f"data/lexicon: {e}") from None
        for key in ("particles", "particle_prefixes", "family_first", "honorifics", "suffixes"):
            if not isinstance(parts.get(key), list):
                raise LexiconDataError(f"name_parts.json: {key!r} must be a list of words")
        self.titles = _read_titles(d / "titles.tsv")
        self.particles = set(parts["particles"])
        self.particle_prefixes = tuple(parts["particle_prefixes"])
        self.family_first = set(parts["family_first"])
        self.family_first_suffixes = tuple(parts.get("family_first_suffixes", []))
        self.honorifics = set(parts["honorifics"])
        self.suffixes = set(parts["suffixes"])
        rel = "|".join(re.escape(w) for w in sorted(parts.get("relations", []), key=len, reverse=True))
        # "the sister of [North Korea's leader] X", "an aide to X", "Schwester von X"
        self.relation_rx = re.compile(
            rf"(?<![\w-])(?:{rel})\s+(?:of|to|von|des|der)\s+(?:[^\s,;.]+\s+){{0,4}}$", re.I
        ) if rel else None
        self._naming_exact: dict[str, str] = {}
        self._naming_suffix: list[tuple[str, str]] = []
        for code, names in (parts.get("naming_states") or {}).items():
            if not re.fullmatch(r"[A-Z]{2}", code) or not isinstance(names, list):
                raise LexiconDataError(f"name_parts.json: naming_states: bad entry {code!r}")
            for n in names:
                if n.startswith("-"):
                    self._naming_suffix.append((n[1:], code))
                else:
                    self._naming_exact[n] = code
        tr = parts.get("german_transliteration") or {}
        try:
            self._translit_markers = re.compile(tr.get("markers") or "(?!x)x")
        except re.error as e:
            raise LexiconDataError(f"name_parts.json: german_transliteration markers: {e}") from None
        self.translit_states = set(tr.get("states", []))
        try:
            rules = tr.get("german_to_english", [])
            self._translit_rx = re.compile("|".join(f"({a})" for a, _ in rules) or "(?!x)x")
            self._translit_rep = [b for _, b in rules]
        except (re.error, ValueError) as e:
            raise LexiconDataError(f"name_parts.json: german_to_english: {e}") from None
        self.function_words = set(stops.get("function", [])) | set(stops.get("calendar", []))
        self.org_heads = set(stops.get("org_heads", []))
        marks = [re.escape(w) for w in stops.get("press_markers", [])]
        # "(Foto: X)", "© X", "By X" at the start of a line
        self.press_rx = re.compile(
            r"(?:(?<![\w])(?:" + "|".join(m for m in marks if m != "©") + r")\s*:|©|^\s*(?:By|Von))"
            r"\s*$") if marks else re.compile(r"(?!x)x")
        # word-based title matching: a dictionary of whole words, one regex over the
        # compound suffixes and prefixes, small regexes for multi-word titles by first word
        self._exact: dict[str, Title] = {}
        self._suffix: list[tuple[str, Title]] = []
        multi: dict[str, list[Title]] = {}
        for t in self.titles:
            key = _title_key(t.form.strip("*"))
            if t.form.startswith("*"):
                self._suffix.append((key, t))
            elif t.form.endswith("*"):
                self._suffix.append(("^" + key, t))
            else:
                self._exact.setdefault(key, t)
                if " " in key:
                    multi.setdefault(key.split()[0], []).append(t)
        self._suffix.sort(key=lambda kt: len(kt[0]), reverse=True)
        self._multi = {w: re.compile("|".join(sorted((_title_regex(t, prefix=False) for t in ts),
                                                     key=len, reverse=True)))
                       for w, ts in multi.items()}
        sufs = "|".join(re.escape(k) for k, _ in self._suffix if not k.startswith("^"))
        pres = "|".join(re.escape(k[1:]) for k, _ in self._suffix if k.startswith("^"))
        self._affix_rx = re.compile(rf"(?:{sufs}){_DE_ENDINGS}$" + (rf"|^(?:{pres})" if pres else ""))
        self.title_rx = _TitleMatcher(self)

    def is_title_word(self, word: str) -> bool:
        """Is this one word a title ("Außenministerin", "US-Sondergesandte", "counterpart")?"""
        return self.title(word) is not None and " " not in word.strip()

    def find_titles(self, text: str) -> list[tuple[int, int, str, Title]]:
        """Every title in ``text``: (start, end, surface, entry), longest match first."""
        out = []
        pos_end = -1
        for m in _TITLE_WORD.finditer(text):
            s = m.start()
            if s < pos_end:
                continue
            w = m.group(0)
            low = w.lower()
            rx = self._multi.get(low.split("-")[-1])
            if rx is not None:
                mm = rx.match(text, s + (len(w) - len(low.split("-")[-1])))
                if mm and (mm.end() == len(text) or not text[mm.end()].isalnum()):
                    t = self.title(mm.group(0))
                    if t is not None:
                        out.append((s, mm.end(), text[s:mm.end()], t))
                        pos_end = mm.end()
                        continue
            t = self._word_title(low)
            if t is not None:
                out.append((s, m.end(), w, t))
                pos_end = m.end()
        return out

    def _word_title(self, low: str) -> Title | None:
        low = re.sub(r"-(?:elect|designate|designee)$", "", low)  # "president-elect"
        tail = low.rsplit("-", 1)[-1]
        for cand in ((low.replace("-", " "), low, tail) if tail != low else (low,)):
            t = self._exact_title(cand)
            if t is not None:
                return t
            if self._affix_rx.search(cand):
                return self.title(cand)
        return None

    def _exact_title(self, low: str) -> Title | None:
        low = low.replace("’s", "").replace("'s", "")
        for end in ("", "innen", "in", "en", "er", "es", "em", "e", "n", "s"):
            if low.endswith(end):
                t = self._exact.get(low[:len(low) - len(end)])
                if t is not None and (not end or t.lang == "de" or end == "s"):
                    return t
        return None

    def title(self, surface: str) -> Title | None:
        """The lexicon entry a matched title surface stands for (with the state a
        prefix row implies when the entry itself has none: "Bundesinnenministerin")."""
        surface = re.sub(r"-(?:elect|designate|designee)$", "", surface)
        t = self._title(surface)
        if t is not None and t.state is None:
            low = _title_key(surface)
            st = next((p.state for k, p in self._suffix if k.startswith("^") and p.state
                       and low.startswith(k[1:]) and len(low) > len(k) - 1), None)
            if st:
                return Title(t.form, t.lang, t.kind, st, t.role)
        return t

    def _title(self, surface: str) -> Title | None:
        low = _title_key(surface).replace("’s", "").replace("'s", "")
        if "-" in surface and " " not in surface.strip():
            head, _, tail = surface.partition("-")
            t = self.title(tail) if tail else None
            if t is not None and _title_key(surface) not in self._exact:
                return t
        t = self._exact_title(low)
        if t is not None:
            return t
        for key, t in self._suffix:
            if key.startswith("^"):
                if low.startswith(key[1:]):
                    return t
            elif re.search(re.escape(key) + _DE_ENDINGS + "$", low):
                return t
        return None

    def english_spelling(self, name: str, state: str | None) -> str:
        """The common English spelling of a name German text transliterated from
        Cyrillic ("Wjatscheslaw Wolodin" -> "Vyacheslav Volodin"); other names as given."""
        if state not in self.translit_states or not self._translit_markers.search(name):
            return name
        return self._translit_rx.sub(lambda m: self._translit_rep[m.lastindex - 1], name)

    def naming_state(self, name: str) -> str | None:
        """The one state whose naming system this name's family part belongs to, if any."""
        toks = name.split()
        if len(toks) < 2:
            return None
        if toks[0] in self._naming_exact:
            return self._naming_exact[toks[0]]
        return next((c for suf, c in self._naming_suffix if toks[0].endswith(suf)), None)

    def is_family_first(self, token: str) -> bool:
        return token in self.family_first or token.endswith(self.family_first_suffixes)


@lru_cache(maxsize=4)
def name_lexicon(directory: str | None = None) -> NameLexicon:
    return NameLexicon(Path(directory) if directory else None)


def _family_first_names() -> set[str]:
    return name_lexicon().family_first


KOREAN_FAMILY_NAMES = _family_first_names()


_HEAD = re.compile(r"[^\W_]+")
_WORD = re.compile(r"(?<![^\W_])[^\W_]+")


@dataclass(frozen=True)
class Mention:
    kind: str      # state | place | org | person | surname
    start: int
    end: int
    surface: str
    value: str     # ISO code, place name, org name, person name, surname
    form: str = ""  # for states: name | adj | genitive | demonym | capital | seat
    state: str | None = None


def _adj_forms_de(stem: str) -> list[str]:
    forms = [stem + e for e in ("e", "en", "er", "es", "em")]
    return forms + [f[0].upper() + f[1:] for f in forms]


def _inflected_de(name: str) -> list[str]:
    """"Demokratische Volksrepublik Korea" -> "Demokratischen Volksrepublik Korea"
    (the adjective of a German multi-word name after an article in the dative/genitive)."""
    words = name.split()
    if len(words) < 2 or not any(w.endswith("e") and w[:1].isupper() for w in words[:-1]):
        return []
    return [" ".join(w + "n" if i < len(words) - 1 and w.endswith("e") else w
                     for i, w in enumerate(words))]


def _genitive_de(name: str) -> list[str]:
    if name.endswith(("s", "z", "x", "ß")):
        return []
    return [name + "s"]


class Lexicon:
    """All surface forms and one regex over them (longest first)."""

    def __init__(self, gazetteer):
        self.gaz = gazetteer
        table: dict[str, tuple] = {}

        def add(surface, entry):
            if surface and surface not in table:
                table[surface] = entry

        for p in gazetteer.persons:
            for n in (p.name, *p.aliases):
                add(n, ("person", p.name, "", p.state))
                add(n + "s", ("person", p.name, "genitive", p.state))
                add(n + "’s", ("person", p.name, "genitive", p.state))
                add(n + "'s", ("person", p.name, "genitive", p.state))
        for pl in gazetteer.places:
            form = "capital" if pl.get("capital") else "place"
            for n in (pl["name"], *pl.get("aliases", [])):
                add(n, ("place", pl["name"], form, pl["state"]))
                for g in _genitive_de(n):
                    add(g, ("place", pl["name"], "genitive", pl["state"]))
        for code, s in gazetteer.states.items():
            names = [s["name"], s.get("name_de") or "", *s.get("aliases", [])]
            names += [v for n in names if n for v in _inflected_de(n)]
            for n in names:
                add(n, ("state", code, "name", code))
                for g in _genitive_de(n):
                    add(g, ("state", code, "genitive", code))
                add(n + "'s", ("state", code, "genitive", code))
                add(n + "’s", ("state", code, "genitive", code))
            for a in s.get("adj_en", []):
                add(a, ("state", code, "adj", code))
            for stem in s.get("adj_de", []):
                for f in _adj_forms_de(stem):
                    add(f, ("state", code, "adj", code))
            for d in s.get("demonyms", []):
                add(d, ("state", code, "demonym", code))
            for seat in s.get("seats", []):
                add(seat, ("state", code, "seat", code))
        for row in load_table("state_abbreviations.tsv",
                              {"lang": ("en", "de"), "form": None, "state": None}):
            code = row["state"]
            if code not in gazetteer.states:
                raise LexiconError(f"data/lexicon/state_abbreviations.tsv: unknown state {code}")
            add(row["form"], ("state", code, "name", code))
        for o in gazetteer.orgs:
            for n in (o["name"], *o.get("aliases", [])):
                add(n, ("org", o["name"], "", o.get("state")))
        self.table = table
        # bare family names of known persons (first token for East Asian names)
        self.surnames: dict[str, list[str]] = {}
        for p in gazetteer.persons:
            toks = p.name.replace("-", " ").split()
            if len(toks) < 2:
                continue
            fam = toks[0] if p.state in EAST_ASIAN else toks[-1]
            self.surnames.setdefault(fam, []).append(p.name)
        self.person_state = {p.name: p.state for p in gazetteer.persons}
        # who held which role for which state, to resolve "Putins Verteidigungsminister"
        self.role_holders: dict[tuple[str, str], list[tuple]] = {}
        for p in gazetteer.persons:
            for r in p.roles:
                of = r.of if r.of and len(r.of) == 2 else p.state
                if of:
                    self.role_holders.setdefault((r.title.lower(), of), []).append(
                        (r.since, r.until, p.name))
        # surfaces by their leading word, longest first: a dictionary walk over the
        # sentence's words is much faster than one regex of thousands of alternatives
        self.by_head: dict[str, list[str]] = {}
        for surface in sorted(table, key=len, reverse=True):
            head = _HEAD.match(surface)
            if head:
                self.by_head.setdefault(head.group(0), []).append(surface)

    def holder(self, title: str, state: str, when: str | None) -> str | None:
        """The gazetteer person holding ``title`` for ``state`` at ``when`` (None if none
        or if no date tells which)."""
        rows = self.role_holders.get((title.lower(), state), [])
        if when:
            rows = [r for r in rows if (not r[0] or r[0][:len(when)] <= when)
                    and (not r[1] or r[1][:len(when)] > when)]
        elif len(rows) > 1:
            return None
        return rows[0][2] if len(rows) == 1 else None

    def find(self, text: str) -> list[Mention]:
        """Every gazetteer surface in ``text``, longest match first, no overlaps."""
        out = []
        pos_end = -1
        for w in _WORD.finditer(text):
            start = w.start()
            if start < pos_end:
                continue
            for surface in self.by_head.get(w.group(0), ()):
                end = start + len(surface)
                if text.startswith(surface, start) and (end == len(text) or not text[end].isalnum()
                                                         and text[end] != "_"):
                    kind, value, form, state = self.table[surface]
                    out.append(Mention(kind, start, end, surface, value, form, state))
                    pos_end = end
                    break
        return out


@lru_cache(maxsize=4)
def _cached(key):
    from diplograph.loaders.gazetteer import load_gazetteer

    return Lexicon(load_gazetteer(key))


def build_lexicon(gazetteer=None, directory=None) -> Lexicon:
    if gazetteer is not None:
        return Lexicon(gazetteer)
    from diplograph.loaders.gazetteer import GAZETTEER_DIR

    return _cached(str(directory or GAZETTEER_DIR))

