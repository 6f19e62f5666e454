"""Seeded synthetic data at any size: events in DESIGN.md's JSON Lines format, and
articles in German and English built from the project's own templates and gazetteer
plus invented persons whose activity is heavy-tailed (a few appear very often).

    python benchmarks/generate.py events 1000000 benchmarks/work/events.jsonl
    python benchmarks/generate.py articles 10000 benchmarks/work/articles.jsonl

The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diplograph.loaders.gazetteer import load_gazetteer  # noqa: E402

GIVEN = ["Alexei", "Boris", "Dmitri", "Igor", "Nikolai", "Oleg", "Pavel", "Viktor", "Yuri",
         "Anna", "Elena", "Olga", "Maria", "Li", "Wang", "Chen", "Ahmad", "Reza", "Hassan",
         "Jonas", "Klaus", "Petra", "Laura", "James", "Sarah", "Thomas", "Nguyen", "Tran"]
FAMILY_HEAD = ["Ba", "Ko", "Lu", "Mi", "No", "Pe", "Ra", "So", "Ta", "Vo", "Za", "Ne", "Ri",
               "Do", "Ga", "Be", "Ka", "Li", "Mo", "Se"]
FAMILY_MID = ["", "ra", "lo", "ve", "ni", "ko", "ta", "mi", "ze", "ru"]
FAMILY_TAIL = ["rov", "nov", "ski", "sen", "mann", "rez", "dian", "lin", "wicz", "berg"]
KOREAN = ["Kim", "Ri", "Pak", "Choe", "Jang", "Han", "O", "Ho", "Ju", "Kang"]
SYLL = ["Chol", "Song", "Il", "Nam", "Gwang", "Hyok", "Su", "Gil", "Jin", "Ho", "Yong", "Sun",
        "Hui", "Chang", "Dae", "Myong", "Thae", "Ok", "Ryong", "Un"]
TITLES_EN = ["Foreign Minister", "Deputy Foreign Minister", "Defence Minister",
             "Trade Minister", "Culture Minister", "Governor", "Ambassador", "Vice Premier"]
TITLES_DE = ["Außenminister", "Vize-Außenminister", "Verteidigungsminister", "Handelsminister",
             "Kulturminister", "Gouverneur", "Botschafter", "Vizepremier"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]
CORE = ["KP", "RU", "CN", "IR", "BY", "VN", "LA", "MN", "SY", "CU", "DE", "US", "KR", "JP"]


def _digits(i: int, bases: list[int]) -> list[int]:
    out = []
    for b in bases:
        out.append(i % b)
        i //= b
    return out + ([i] if i else [])


def _name(i: int, state: str) -> str:
    """The i-th invented name: distinct for distinct i (mixed-radix spelling of i)."""
    if state in ("KP", "KR"):
        f, a, b, *rest = _digits(i, [len(KOREAN), len(SYLL), len(SYLL)])
        given = SYLL[a] + "".join(SYLL[r % len(SYLL)].lower() for r in rest)
        return f"{KOREAN[f]} {given} {SYLL[b].lower().title()}"
    g, h, m, t, *rest = _digits(i, [len(GIVEN), len(FAMILY_HEAD), len(FAMILY_MID), len(FAMILY_TAIL)])
    extra = "".join(FAMILY_MID[1 + r % (len(FAMILY_MID) - 1)] for r in rest)
    return f"{GIVEN[g]} {FAMILY_HEAD[h]}{FAMILY_MID[m]}{FAMILY_TAIL[t]}{extra}"


class World:
    """States, capitals and a population of invented persons with Zipf-like activity."""

    def __init__(self, n_persons: int, seed: int):
        self.rng = random.Random(seed)
        gaz = load_gazetteer()
        self.states = [c for c in CORE if c in gaz.states]
        self.info = gaz.states
        self.capital = {p["state"]: p["name"] for p in gaz.places if p.get("capital")}
        self.capital_de = {p["state"]: (p.get("aliases") or [p["name"]])[0]
                           for p in gaz.places if p.get("capital")}
        self.persons = []
        for i in range(n_persons):  # names built from the index: unique at any size
            st = self.rng.choice(self.states)
            self.persons.append((_name(i, st), st, self.rng.randrange(len(TITLES_EN))))
        # heavy tail: the person of rank r is chosen with weight 1/r^1.1, per state
        self.by_state: dict[str, tuple[list, list]] = {}
        for st in self.states:
            people = [p for p in self.persons if p[1] == st] or [("Nobody " + st, st, 0)]
            cum, total = [], 0.0
            for r in range(len(people)):
                total += 1 / (r + 1) ** 1.1
                cum.append(total)
            self.by_state[st] = (people, cum)

    def person(self, state):
        people, cum = self.by_state[state]
        return self.rng.choices(people, cum_weights=cum)[0]

    def date(self):
        y = self.rng.randint(2015, 2025)
        m = self.rng.randint(1, 12)
        d = self.rng.randint(1, 28)
        return y, m, d


def iter_events(n: int, seed: int = 1, persons: int | None = None):
    """``n`` events (about 70 % visits, 30 % meetings) as dicts in DESIGN.md's format."""
    w = World(persons or max(50, n // 5), seed)
    rng = w.rng
    for i in range(n):
        y, m, d = w.date()
        vs, hs = rng.sample(w.states, 2)
        a = w.person(vs)
        b = w.person(hs)
        date = f"{y:04d}-{m:02d}-{d:02d}" if rng.random() < 0.6 else f"{y:04d}-{m:02d}"
        art = f"synthetic-{i // 8:07d}.txt"
        if rng.random() < 0.7:
            yield {"article": art, "type": "visit", "date": date, "status": "happened",
                   "visitor_state": vs, "host_state": hs, "place": w.capital.get(hs),
                   "participants": [a[0]], "participant_states": {a[0]: vs},
                   "evidence": {"text": f"{a[0]} visited {w.capital.get(hs, hs)}.", "start": 0,
                                "end": len(a[0]) + 9 + len(w.capital.get(hs, hs))},
                   "confidence": 0.9}
        else:
            yield {"article": art, "type": "meeting", "date": date, "status": "happened",
                   "visitor_state": None, "host_state": None, "place": w.capital.get(hs),
                   "participants": [a[0], b[0]], "participant_states": {a[0]: vs, b[0]: hs},
                   "evidence": None, "confidence": 0.8}


def iter_entities(n_events: int, seed: int = 1, persons: int | None = None):
    w = World(persons or max(50, n_events // 5), seed)
    for name, st, t in w.persons:
        yield {"name": name, "aliases": [], "state": st,
               "roles": [{"title": TITLES_EN[t], "of": st, "since": None, "until": None}]}


def _article(w: World, i: int) -> dict:
    rng = w.rng
    y, m, d = w.date()
    de = rng.random() < 0.6
    vs, hs = rng.sample(w.states, 2)
    a, b = w.person(vs), w.person(hs)
    info_v, info_h = w.info[vs], w.info[hs]
    if de:
        adj_v = info_v["adj_de"][0] + "e"
        adj_h = info_h["adj_de"][0] + "en"
        title = f"{info_v['name_de']} und {info_h['name_de']} vertiefen ihre Beziehungen"
        body = [
            f"Der {adj_v} {TITLES_DE[a[2]]} {a[0]} ist am Dienstag zu einem Besuch in "
            f"{w.capital_de.get(hs, info_h['name_de'])} eingetroffen.",
            f"Er traf dort den {adj_h} {TITLES_DE[b[2]]} {b[0]}, teilte die Regierung mit.",
            "Beide Seiten sprachen über Handel, Energie und Sicherheit.",
            f"Im {MONTHS_DE[(m + 5) % 12]} {y - 1} hatte eine Delegation aus "
            f"{info_h['name_de']} {info_v['name_de']} besucht.",
        ]
    else:
        title = f"{info_v['name']} and {info_h['name']} deepen ties"
        body = [
            f"{info_v['adj_en'][0]} {TITLES_EN[a[2]]} {a[0]} arrived in "
            f"{w.capital.get(hs, info_h['name'])} on Tuesday for a three-day visit.",
            f"He held talks with {info_h['adj_en'][0]} {TITLES_EN[b[2]]} {b[0]}, "
            "officials said.",
            "The two sides discussed trade, energy and security.",
            f"In {MONTHS_EN[(m + 5) % 12]} {y - 1}, a delegation from {info_h['name']} "
            f"visited {info_v['name']}.",
        ]
    filler = rng.randint(2, 8)
    extra = (["Die Gespräche sollen im nächsten Jahr fortgesetzt werden."] if de
             else ["Analysts expect further exchanges next year."]) * filler
    return {"title": title, "text": title + "\n\n" + " ".join(body + extra),
            "published": f"{y:04d}-{m:02d}-{d:02d}", "language": "de" if de else "en",
            "url": f"synthetic://{i}"}


def iter_articles(n: int, seed: int = 1):
    w = World(max(50, n // 3), seed)
    for i in range(n):
        yield _article(w, i)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["events", "entities", "articles"])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    it = {"events": iter_events, "entities": iter_entities, "articles": iter_articles}[args.what]
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in it(args.n, seed=args.seed):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} {args.what} to {args.out}")


if __name__ == "__main__":
    main()
