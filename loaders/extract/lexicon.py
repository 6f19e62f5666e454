"""Gazetteer surface forms compiled into one matcher: states (names, genitives,
adjectives, demonyms in English and German), places, government seats, organisations
and known persons (full names, aliases, bare surnames)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from diplograph.graph.names import fold

__all__ = ["Mention", "Lexicon", "build_lexicon", "EAST_ASIAN", "KOREAN_FAMILY_NAMES"]

EAST_ASIAN = {"KP", "KR", "CN", "VN", "TW", "MN"}
KOREAN_FAMILY_NAMES = {
    "Kim", "Ri", "Pak", "Choe", "Yun", "Im", "Nam", "Jo", "Jang", "Kang", "Han", "O", "Hong",
    "Hyon", "Ju", "Jon", "Mun", "Paek", "Son", "Song", "Thae", "Tong", "Yang", "Yu", "Kwon",
    "Chae", "So", "Ra", "An", "Cha", "Chang", "Chon", "Chu", "No", "Sin", "Rim", "Ryu", "Min",
    "Sim", "Hwang", "Jong", "Kye", "Ko", "Kong", "Lee", "Park", "Choi", "Jung", "Cho", "Yoon",
    "Shin", "Ryom", "Ho", "Pang", "Kil", "Ma", "Wang", "Li", "Zhao", "Zhang", "Liu", "Chen",
    "Xi", "Hu", "Wen", "Zhou", "Ding", "Cai", "Qin", "Lu", "Guo", "Sun", "Xu", "Gao", "Luo",
}


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

    def org_state(self, name: str) -> str | None:
        o = self.gaz.org(name)
        return o.get("state") if o else None


@lru_cache(maxsize=4)
def _cached(key):
    from diplograph.loaders.gazetteer import load_gazetteer

    return Lexicon(load_gazetteer(key))


def build_lexicon(gazetteer=None, directory=None) -> Lexicon:
    if gazetteer is not None:
        return Lexicon(gazetteer)
    from diplograph.loaders.gazetteer import GAZETTEER_DIR

    return _cached(str(directory or GAZETTEER_DIR))


def fold_key(name: str) -> str:
    return fold(name)
