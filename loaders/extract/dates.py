"""Dates in English and German text, resolved against a publication date.

Explicit days and months ("25. Juli", "March 9, 2020", "im August 2019", "in 2018"),
chronology headings ("Juli 2023"), and relative expressions ("last April", "am
Dienstag", "this week", "Anfang dieses Monats", "letzten Monat", "last year") are
resolved against the publication date when there is one. Without one, a relative or
year-less expression gives None: never a guessed year.

Examples
--------
>>> [d.value for d in find_dates("Lavrov visited last April.", "2024-02-27")]
['2023-04']
>>> [(d.value, d.absolute) for d in find_dates("am Dienstagabend (25. Juli)", "2023-07")]
[('2023-07', False), ('2023-07-25', True)]
>>> heading_date("September 2023")
'2023-09'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates", "heading_date", "parse_pub_date", "shift_month"]

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6,
    "juli": 7, "oktober": 10, "dezember": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
    "samstag": 5, "sonnabend": 5, "sonntag": 6,
}
_M = r"(January|February|March|April|May|June|July|August|September|October|November|December|" \
     r"Januar|Jänner|Februar|März|Maerz|Mai|Juni|Juli|Oktober|Dezember|" \
     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Okt|Nov|Dec|Dez)\.?"
_WD = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Montag|Dienstag|Mittwoch|" \
      r"Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)"
_YEAR = r"((?:19|20)\d\d)"

# (pattern, handler name); first match at a position wins, longer patterns first
_PATTERNS = [
    (rf"\b(\d{{1,2}})\.\s*{_M}\s+{_YEAR}\b", "dmy"),
    (rf"\b{_M}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", "mdy"),
    (rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}\s+{_YEAR}\b", "dmy"),
    (rf"\b(\d{{1,2}})\.\s*{_M}(?![\w])", "dm"),
    (rf"\b{_M}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?(?:19|20)\d\d)", "md"),
    (rf"\b(?:(?:[Ll]ast|[Vv]ergangenen|[Ll]etzten|[Ii]m\s+vergangenen|[Ii]m\s+letzten)\s+){_M}(?![\w])", "last_month_name"),
    (rf"\b{_M}\s+(?:des\s+)?(?:last|vergangenen|letzten)\s+(?:year|Jahres)\b", "month_last_year"),
    (rf"\b{_M}\s+{_YEAR}\b", "my"),
    (rf"\b(?:im|in|In|Im|bis|of|Anfang|Ende|Mitte|early|late|mid-?)\s+{_M}(?![\w])(?!\s+(?:19|20)\d\d)", "month_only"),
    (rf"\b(?:im\s+Jahr(?:e)?|in|In|Im|year|Jahr)\s+{_YEAR}\b", "year"),
    (r"\b(\d{4})-(\d{2})-(\d{2})\b", "iso_day"),
    (r"\b(?:(?:earlier|later)\s+)?this\s+week\b|\b(?:in\s+)?dieser\s+Woche\b|\bAnfang\s+der\s+Woche\b|\bdiese\s+Woche\b", "this_week"),
    (r"\b(?:earlier\s+)?this\s+month\b|\b(?:Anfang|Ende|Mitte)\s+dieses\s+Monats\b|\bin\s+diesem\s+Monat\b|\bdiesen\s+Monat\b", "this_month"),
    (r"\blast\s+month\b|\b(?:letzten|vergangenen|im\s+vergangenen|im\s+letzten|Ende\s+des\s+vergangenen|Anfang\s+des\s+vergangenen)\s+Monat(?:s)?\b|\bVormonat\b", "last_month"),
    (r"\blast\s+year\b|\b(?:letzten|vergangenen|im\s+vergangenen|im\s+letzten|letztes|vergangenes)\s+Jahr(?:es)?\b|\bVorjahr\b", "last_year"),
    (r"\bthis\s+year\b|\b(?:in\s+)?diesem\s+Jahr\b|\bdieses\s+Jahr(?:es)?\b", "this_year"),
    (r"\byesterday\b|\bgestern\b", "yesterday"),
    (r"\btoday\b|\bheute\b", "today"),
    (rf"\b(?:on|am|last|next|kommenden|vergangenen|letzten)?\s*{_WD}(?:abend|morgen|nachmittag|vormittag)?\b", "weekday"),
]
_CASELESS = ("this_week", "this_month", "last_month", "last_year", "this_year", "yesterday",
             "today")
_COMPILED = [(re.compile(p, re.I if h in _CASELESS else 0), h) for p, h in _PATTERNS]

# cheap prefilter: a sentence with none of these words (and no digit) holds no date
_KEYWORDS = set(MONTHS) | set(WEEKDAYS) | {
    "this", "last", "diese", "dieser", "diesem", "diesen", "dieses", "letzte", "letzten",
    "letztes", "vergangenen", "vergangenes", "gestern", "heute", "yesterday", "today",
    "anfang", "ende", "mitte", "vorjahr", "vormonat"}
_WD_PREFIX = tuple(WEEKDAYS)
_WORDS = re.compile(r"[a-zäöüß]+")


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around digits and date words; only there can a date stand."""
    spots = [m.start() for m in _WORDS.finditer(text.lower())
             if m.group(0) in _KEYWORDS or (len(m.group(0)) > 6
                                            and m.group(0).startswith(_WD_PREFIX))]
    spots += [i for i, c in enumerate(text) if c.isdigit()]
    out: list[list[int]] = []
    for p in sorted(spots):
        lo, hi = max(0, p - 32), min(len(text), p + 64)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


def _may_hold_date(text: str) -> bool:
    return bool(_windows(text))
_ABSOLUTE = {"dmy", "mdy", "my", "year", "iso_day", "dm", "md", "month_only", "last_month_name",
             "month_last_year"}
_SINCE = re.compile(r"(?:seit|since|bis|until|Since|Seit|Bis|Until)\s+(?:dem\s+|the\s+)?$")


@dataclass(frozen=True)
class DateMention:
    value: str | None   # ISO partial date, or None when it cannot be resolved
    start: int
    end: int
    explicit_year: bool
    absolute: bool = False  # names a day, month or year (not "on Tuesday", "this week")


def parse_pub_date(value: str | None) -> tuple[int, int | None, int | None] | None:
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    y, mo, d = (int(x) if x else None for x in m.groups())
    return (y, mo, d)


def shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def _fmt(y, m=None, d=None) -> str | None:
    if y is None or not 1900 <= y <= 2100:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        dt.date(y, m, d)
    except ValueError:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _recent_month(pub, month: int, strictly_before: bool = False):
    """The latest given month on or before the publication month."""
    if not pub or pub[1] is None:
        return None
    y, m = pub[0], pub[1]
    if month > m or (strictly_before and month == m):
        y -= 1
    return _fmt(y, month)


def _resolve(handler: str, g: tuple, pub) -> tuple[str | None, bool]:
    py, pm, pd = pub if pub else (None, None, None)
    if handler == "dmy":
        return _fmt(int(g[2]), _month(g[1]), int(g[0])), True
    if handler == "mdy":
        return _fmt(int(g[2]), _month(g[0]), int(g[1])), True
    if handler == "my":
        return _fmt(int(g[1]), _month(g[0])), True
    if handler == "year":
        return _fmt(int(g[0])), True
    if handler == "iso_day":
        return _fmt(int(g[0]), int(g[1]), int(g[2])), True
    if handler in ("dm", "md"):
        day, mon = (int(g[0]), _month(g[1])) if handler == "dm" else (int(g[1]), _month(g[0]))
        base = _recent_month(pub, mon)
        return (_fmt(int(base[:4]), mon, day) if base else None), False
    if handler == "last_month_name":
        return _recent_month(pub, _month(g[0]), strictly_before=True), False
    if handler == "month_last_year":
        return (_fmt(py - 1, _month(g[0])) if py else None), False
    if handler == "month_only":
        return _recent_month(pub, _month(g[0])), False
    if not pub:
        return None, False
    if handler == "this_year":
        return _fmt(py), False
    if handler == "last_year":
        return _fmt(py - 1), False
    if pm is None:
        return None, False
    if handler == "this_month":
        return _fmt(py, pm), False
    if handler == "last_month":
        return _fmt(*shift_month(py, pm, -1)), False
    if handler in ("this_week", "today", "yesterday", "weekday"):
        if pd is None:
            return _fmt(py, pm), False
        day = dt.date(py, pm, pd)
        if handler == "yesterday":
            day -= dt.timedelta(days=1)
        elif handler == "weekday":
            wd = WEEKDAYS[g[0].lower()]
            day -= dt.timedelta(days=(day.weekday() - wd) % 7)
        return day.isoformat(), False
    return None, False


def find_dates(text: str, pub_date: str | None = None) -> list[DateMention]:
    """Every date expression in ``text`` with its resolved value (None if unresolvable)."""
    windows = _windows(text)
    if not windows:
        return []
    pub = parse_pub_date(pub_date)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for rx, handler in _COMPILED:
        for lo, hi in windows:
            for m in rx.finditer(text, lo, hi):
                s, e = m.span()
                if any(s < te and e > ts for ts, te in taken):
                    continue
                taken.append((s, e))
                if _SINCE.search(text[max(0, s - 12):s]):
                    continue  # a range start ("seit Juli 2023"): not the event's date
                groups = tuple(x for x in m.groups() if x is not None)
                value, explicit = _resolve(handler, groups, pub)
                out.append(DateMention(value, s, e, explicit, handler in _ABSOLUTE))
    return sorted(out, key=lambda d: d.start)


_HEADING = re.compile(rf"^\s*[-–•*]?\s*{_M}\s+{_YEAR}\s*:?\s*$")


def heading_date(line: str) -> str | None:
    """A chronology heading such as "Juli 2023" or "September 2023:"."""
    m = _HEADING.match(line)
    return _fmt(int(m.group(2)), _month(m.group(1))) if m else None
