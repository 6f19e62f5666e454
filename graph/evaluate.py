"""Score predicted events against gold, by the rules of ../shared/eval/README.md.

Visits are tuples (article, visitor_state, host_state, date); meetings are cut into
cross-state person pairs (article, {a, b}, date). Names match after folding (case,
accents, hyphens, German transliteration) or at a fuzzy ratio of 85. Dates match when
every component both give is equal, two exact days up to two days apart match, a null
gold date matches anything and a null predicted date never matches a dated gold event.
A second prediction of a matched event is no false alarm; gold marked ``optional``
neither counts as a miss nor turns its match into a false alarm. Only ``happened``
counts in the headline; ``planned`` is scored apart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from diplograph.graph.names import names_match

__all__ = ["Score", "score_events", "date_ok", "pairs"]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)

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


def _parts(d):
    if not d:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(d))
    return tuple(int(x) if x else None for x in m.groups()) if m else None


def date_ok(gold, pred) -> bool:
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
        if names_match(k, person):
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


def _status(r: dict) -> str:
    return r.get("status") or "happened"


def _match_all(gold_items, pred_items, same) -> Score:
    s = Score()
    used: set[int] = set()
    for p in pred_items:
        hit, dup = None, False
        for i, g in enumerate(gold_items):
            if same(g, p):
                dup = True
                if i not in used:
                    hit = i
                    break
        if hit is None:
            if not dup:
                s.fp += 1
                s.false_alarms.append(p)
        else:
            used.add(hit)
            if not gold_items[hit]["optional"]:
                s.tp += 1
    for i, g in enumerate(gold_items):
        if i not in used and not g["optional"]:
            s.fn += 1
            s.misses.append(g)
    return s


def score_events(gold: list[dict], pred: list[dict], status: str = "happened") -> dict[str, Score]:
    """``{"visit": Score, "meeting": Score}`` for one status."""
    G = [g for g in gold if _status(g) == status]
    P = [p for p in pred if _status(p) == status]
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
        if g["art"] != p["art"] or not date_ok(g["date"], p["date"]):
            return False
        return ((names_match(p["a"], g["a"]) and names_match(p["b"], g["b"]))
                or (names_match(p["a"], g["b"]) and names_match(p["b"], g["a"])))

    return {"visit": _match_all(gv, pv, same_visit), "meeting": _match_all(gm, pm, same_meeting)}
