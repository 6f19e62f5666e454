"""Score predicted events against gold, by the rules of ../shared/eval/score.py.

Visits are tuples (article, visitor_state, host_state, date); meetings are cut into
cross-state person pairs (article, {a, b}, date). Dates match when every component both
give is equal, two exact days up to two days apart match, a null gold date matches
anything and a null predicted date never matches a dated gold event. Gold marked
``optional`` neither counts as a miss nor turns its match into a false alarm; records of
an ``ambiguous`` list are optional gold. Only ``happened`` counts in the headline;
``planned`` is scored apart.

A prediction that repeats an already matched required gold event (the same visit or
meeting told twice) is no false alarm but is counted as ``dup``: each one becomes a
second node downstream.

Names are compared the reference scorer's way (:func:`reference_fold`, kept apart from
:func:`diplograph.graph.names.fold` on purpose: the score must equal the reference's
even where the project folds better): equal after folding, the same set of tokens, a
name of two or more parts wholly inside the other ("Xuan Phuc" = "Nguyen Xuan Phuc"),
or a fuzzy token-sort ratio of at least 85.

Examples
--------
>>> gold = [{"article": "a.txt", "type": "visit", "date": "2024-05-02",
...          "visitor_state": "RU", "host_state": "KP"}]
>>> pred = [dict(gold[0], date="2024-05-03"), dict(gold[0], date="2024-05")]
>>> s = score_events(gold, pred)["visit"]
>>> (s.tp, s.fp, s.fn, s.dup)
(1, 0, 0, 1)
>>> name_match("Xuan Phuc", "Nguyen Xuan Phuc"), name_match("Phuc", "Nguyen Xuan Phuc")
(True, False)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Score", "score_events", "score_all", "date_ok", "pairs", "name_match",
           "reference_fold"]

FUZZY_CUTOFF = 85


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    dup: int = 0
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        """The reference scorer's JSON fields, rounded as it rounds them."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "dup": self.dup,
                "p": round(self.precision, 3), "r": round(self.recall, 3), "f1": round(self.f1, 3)}


_REF_SEPARATORS = re.compile(r"[-\u2010'\u2019.]")


@lru_cache(maxsize=65536)
def reference_fold(s: str | None) -> str:
    """The reference scorer's name key (accents dropped, German transliteration of word
    starts and endings mapped to English).

    >>> reference_fold("Sergej Schoigu")
    'sergei shoigu'
    """
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    s = _REF_SEPARATORS.sub(" ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"sch", "sh", s)
    s = re.sub(r"^w|(?<= )w", "v", s)
    s = re.sub(r"ow\b", "ov", s)
    s = re.sub(r"ew\b", "ev", s)
    s = re.sub(r"ej\b", "ei", s)
    s = re.sub(r"\bj", "y", s)
    return s.replace("dmitri", "dmitry").replace("juri", "yuri").replace("kh", "h")


@lru_cache(maxsize=65536)
def name_match(a: str, b: str) -> bool:
    """Whether two names denote one person, by the reference scorer's rule."""
    a, b = reference_fold(a), reference_fold(b)
    if not a or not b:
        return False
    if a == b:
        return True
    ta, tb = set(a.split()), set(b.split())
    if ta == tb:
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) >= 2 and short <= long_:
        return True
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(a, b) >= FUZZY_CUTOFF


def _parts(d):
    if not d:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(d))
    return tuple(int(x) if x else None for x in m.groups()) if m else None


def date_ok(gold, pred) -> bool:
    """Whether a predicted date is compatible with a gold date (see the module doc).

    >>> date_ok("2024-05", "2024-05-03"), date_ok("2024-05-01", "2024-05-04"), date_ok("2024", None)
    (True, False, False)
    """
    g, p = _parts(gold), _parts(pred)
    if g is None:
        return True
    if p is None:
        return False
    if None not in g and None not in p:
        try:
            return abs((dt.date(*g) - dt.date(*p)).days) <= 2
        except ValueError:
            return False
    return all(a is None or b is None or a == b for a, b in zip(g, p))


def _article(r: dict) -> str:
    return (r.get("article") or "").rsplit("/", 1)[-1]


def _state_of(r: dict, person: str):
    for k, v in (r.get("participant_states") or {}).items():
        if name_match(k, person):
            return v
    return None


def pairs(r: dict) -> list[tuple[str, str]]:
    """Cross-state person pairs of a meeting (same-state pairs are left out)."""
    people = [p for p in (r.get("participants") or []) if p]
    out = []
    for i, a in enumerate(people):
        for b in people[i + 1:]:
            sa, sb = _state_of(r, a), _state_of(r, b)
            if not (sa and sb and sa == sb):
                out.append((a, b))
    return out


def _match_all(gold_items: list[dict], pred_items: list[dict], same) -> Score:
    """Greedy matching in prediction order; a prediction without a free gold item is a
    duplicate when it matches a used required one, nothing when it matches only optional
    ones, else a false alarm."""
    s = Score()
    used: set[int] = set()
    for p in pred_items:
        hit, twin, required = None, False, False
        for i, g in enumerate(gold_items):
            if same(g, p):
                twin = True
                required = required or not g["optional"]
                if i not in used:
                    hit = i
                    break
        if hit is not None:
            used.add(hit)
            if not gold_items[hit]["optional"]:
                s.tp += 1
        elif not twin:
            s.fp += 1
            s.false_alarms.append(p)
        elif required:
            s.dup += 1
            s.duplicates.append(p)
    for i, g in enumerate(gold_items):
        if i not in used and not g["optional"]:
            s.fn += 1
            s.misses.append(g)
    return s


def score_events(gold: list[dict], pred: list[dict], status: str = "happened",
                 ambiguous: list[dict] = ()) -> dict[str, Score]:
    """``{"visit": Score, "meeting": Score}`` for one status; ``ambiguous`` records count
    as optional gold."""
    gold = list(gold) + [dict(a, optional=True) for a in ambiguous
                         if a.get("status", "happened") == status]
    G = [g for g in gold if g.get("status", "happened") == status]
    P = [p for p in pred if (p.get("status") or "happened") == status]
    gv = [{"art": _article(g), "v": g.get("visitor_state"), "h": g.get("host_state"),
           "date": g.get("date"), "optional": bool(g.get("optional")), "src": g}
          for g in G if g.get("type") == "visit"]
    pv = [{"art": _article(p), "v": p.get("visitor_state"), "h": p.get("host_state"),
           "date": p.get("date"), "src": p} for p in P if p.get("type") == "visit"]

    def same_visit(g, p):
        return (g["art"] == p["art"] and g["v"] == p["v"] and g["h"] == p["h"]
                and date_ok(g["date"], p["date"]))

    gm = [{"art": _article(g), "a": a, "b": b, "date": g.get("date"),
           "optional": bool(g.get("optional")), "src": g}
          for g in G if g.get("type") == "meeting" for a, b in pairs(g)]
    pm = [{"art": _article(p), "a": a, "b": b, "date": p.get("date"), "src": p}
          for p in P if p.get("type") == "meeting" for a, b in pairs(p)]

    def same_meeting(g, p):
        if g["art"] != p["art"]:
            return False
        return (((name_match(p["a"], g["a"]) and name_match(p["b"], g["b"]))
                 or (name_match(p["a"], g["b"]) and name_match(p["b"], g["a"])))
                and date_ok(g["date"], p["date"]))

    return {"visit": _match_all(gv, pv, same_visit), "meeting": _match_all(gm, pm, same_meeting)}


def score_all(gold: list[dict], pred: list[dict], ambiguous: list[dict] = ()) -> dict[str, Score]:
    """Scores keyed as the reference prints them: ``happened.visit`` … ``planned.meeting``."""
    return {f"{status}.{kind}": s
            for status in ("happened", "planned")
            for kind, s in score_events(gold, pred, status, ambiguous).items()}
