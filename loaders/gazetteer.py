"""The shipped gazetteer: states, places, organisations and well-known officeholders.

It is data an analyst can extend (``data/gazetteer/*.jsonl``, or a folder of their own
with the same files), not code. Country names in German and English come from CLDR
(babel) and are merged with the file's own names, adjectives and aliases.
"""

from __future__ import annotations

import json
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


@dataclass
class Gazetteer:
    """Lookup tables over states, places, organisations and persons."""

    states: dict[str, dict] = field(default_factory=dict)
    places: list[dict] = field(default_factory=list)
    orgs: list[dict] = field(default_factory=list)
    persons: list[Entity] = field(default_factory=list)

    def __post_init__(self):
        self._place_by_fold = {}
        for p in self.places:
            for n in [p["name"], *p.get("aliases", [])]:
                self._place_by_fold.setdefault(fold(n), p)
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

    def state_name(self, code: str) -> str:
        return self.states.get(code, {}).get("name", code)

    def capitals(self) -> dict[str, str]:
        return {p["name"]: p["state"] for p in self.places if p.get("capital")}


def _cldr_names(code: str) -> tuple[str | None, str | None]:
    try:
        from babel import Locale

        return Locale("en").territories.get(code), Locale("de").territories.get(code)
    except Exception:  # babel missing its data: the file's own names still serve
        return None, None


@lru_cache(maxsize=8)
def load_gazetteer(directory: str | Path = GAZETTEER_DIR) -> Gazetteer:
    """Read ``states.jsonl``, ``places.jsonl``, ``organizations.jsonl``, ``persons.jsonl``."""
    d = Path(directory)
    states = {}
    for row in _read_json_lines(d / "states.jsonl"):
        en, de = _cldr_names(row["id"])
        extra = [n for n in (en, de) if n and n not in (row.get("name"), row.get("name_de"))]
        row["aliases"] = list(dict.fromkeys([*row.get("aliases", []), *extra]))
        states[row["id"]] = row
    places = _read_json_lines(d / "places.jsonl")
    orgs = _read_json_lines(d / "organizations.jsonl")
    persons = read_entities(d / "persons.jsonl") if (d / "persons.jsonl").exists() else []
    return Gazetteer(states=states, places=places, orgs=orgs, persons=persons)
