"""Dates in English and German text, resolved against a publication date.

Explicit days and months ("25. Juli", "March 9, 2020", "10.5.", "vom 7. bis 12. Januar",
"im August 2019", "in 2018"), chronology headings ("Juli 2023"), and relative expressions
("last April", "this past April", "mid-May", "Ende des Monats", "am Dienstag", "this
week", "morgen", "last year") are resolved against the publication date when there is
one. Without one, a relative or year-less expression gives None: never a guessed year;
a month-only publication date (` date 2023-07`) gives no guessed day.

An expression without a year or with only a weekday can point either way from the
publication date. ``value`` is the reading for a reported event (on or before the
publication date), ``ahead`` the reading for a planned one (on or after it): "Oct 31"
in a September article is last year's October for a report and the coming one for a
plan; "on Saturday" is the Saturday before or after. Words that fix the side ("last",
"next", "kommenden", "this past") give the same value to both.

Month and weekday names are data: ``data/lexicon/date_words.tsv``.

Examples
--------
>>> [d.value for d in find_dates("Lavrov visited last April.", "2024-02-27")]
['2023-04']
>>> [(d.value, d.absolute) for d in find_dates("am Dienstagabend (25. Juli)", "2023-07")]
[('2023-07', False), ('2023-07-25', True)]
>>> [(d.value, d.ahead) for d in find_dates("on Saturday", "2018-07-04")]
[('2018-06-30', '2018-07-07')]
>>> heading_date("September 2023")
'2023-09'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from diplograph.loaders.extract.rules import load_table

__all__ = ["DateMention", "find_dates", "heading_date", "parse_pub_date", "shift_month",
           "date_words"]


@lru_cache(maxsize=1)
def date_words() -> tuple[dict[str, int], dict[str, int]]:
    """(months, weekdays): lower-case word -> number, from data/lexicon/date_words.tsv."""
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for row in load_table("date_words.tsv", {"kind": ("month", "weekday"),
                                             "lang": ("en", "de"), "word": None,
                                             "value": None}):
        try:
            v = int(row["value"])
        except ValueError:
            v = -1
        lim = 12 if row["kind"] == "month" else 6
        lo = 1 if row["kind"] == "month" else 0
        if not lo <= v <= lim:
            from diplograph.loaders.extract.rules import LexiconError
            raise LexiconError(f"data/lexicon/{row.file}:{row.line}: value {row['value']!r} "
                               f"is not a {row['kind']} number {lo}-{lim}")
        (months if row["kind"] == "month" else weekdays)[row["word"].lower()] = v
    return months, weekdays


def _alt(words) -> str:
    return "|".join(re.escape(w[0].upper() + w[1:]) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _compiled():
    months, weekdays = date_words()
    M = rf"({_alt(months)})\.?"
    WD = rf"({_alt(weekdays)})"
    Y = r"((?:19|20)\d\d)"
    past = r"(?:[Ll]ast|[Tt]his\s+past|[Vv]ergangenen|[Ll]etzten|[Ii]m\s+vergangenen|[Ii]m\s+letzten)"
    nxt = r"(?:[Nn]ext|[Cc]oming|[Tt]his\s+coming|[Kk]ommenden|[Nn]ächsten|[Ii]m\s+kommenden)"
    part = r"(?:[Ii]m|[Ii]n|[Bb]is|[Oo]f|[Aa]nfang|[Ee]nde|[Mm]itte|[Ee]arly|[Ll]ate|[Mm]id-?|[Ss]ince)"
    pats = [
        (rf"\b(\d{{1,2}})\.\s*{M}\s+{Y}\b", "dmy"),
        (rf"\b{M}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{Y}\b", "mdy"),
        (rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{M}\s+{Y}\b", "dmy"),
        (rf"\b(\d{{1,2}})\.?\s*(?:bis|-|–|and|und|to)\s*\d{{1,2}}\.?\s*{M}(?:\s+{Y})?(?![\w])", "range_dm"),
        (rf"\b(\d{{1,2}})\.\s*{M}(?![\w])", "dm"),
        (rf"\b{M}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![.:]\d)", "md"),
        (rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{M}(?![\w])(?!\s+(?:19|20)\d\d)", "dm"),
        (r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)?(?![\d])", "numeric"),
        (rf"\b{past}\s+{M}(?![\w])", "last_month_name"),
        (rf"\b{nxt}\s+{M}(?![\w])", "next_month_name"),
        (rf"\b{M}\s+(?:des\s+)?(?:last|vergangenen|letzten)\s+(?:year|Jahres)\b", "month_last_year"),
        (rf"\b{M}\s+(?:des\s+)?(?:this|dieses)\s+(?:year|Jahres)\b", "month_this_year"),
        (rf"\b{M}\s+{Y}\b", "my"),
        (rf"\b(?:{part}\s+|[Mm]id-){M}(?![\w])(?!\s+(?:19|20)\d\d)", "month_only"),
        (rf"\b(?:im\s+Jahr(?:e)?|in|In|Im|year|Jahr|of)\s+{Y}\b", "year"),
        (r"\b(\d{4})-(\d{2})-(\d{2})\b", "iso_day"),
        (r"(?<![\d.,:/€$-])(?<!the\s)(?<!The\s)(?<!der\s)(?<!die\s)(?<!das\s)(?<!des\s)"
         r"(?<!dem\s)(?<!den\s)\b((?:19|20)\d\d)\b(?![.,:/-]?\d)(?!\s*(?:Uhr|km|Menschen|people|"
         r"Euro|Dollar|dollars|Tonnen|tons|Soldaten|troops))", "year"),
        (r"\b(\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
         r"(days?|weeks?|months?|years?)\s+(?:ago|earlier|before|after)\b", "offset_en"),
        (r"\bvor\s+(\d{1,2}|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)"
         r"\s+(Tagen|Wochen?|Monaten|Monat|Jahren|Jahr)\b", "offset_de"),
        (r"\b(\d{1,2}|einen|eine|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\s+"
         r"(Tage|Wochen?|Monate?|Jahre?)\s+(?:nachdem|bevor|zuvor|vorher|früher)\b", "offset_de"),
        (r"\b(?:(?:last|im\s+vergangenen|im\s+letzten|letzten|vergangenen)\s+)(Frühjahr|"
         r"Frühling|Sommer|Herbst|Winter|spring|summer|autumn|fall|winter)\b", "season_last"),
        (r"\b(?:(?:im|in\s+the|this|diesen)\s+)(Frühjahr|Frühling|Sommer|Herbst|Winter|spring|"
         r"summer|autumn|fall|winter)\b", "season"),
        (r"\blast\s+week\b|\b(?:letzte|vergangene)\s+Woche\b|\b(?:in\s+der\s+)?(?:letzten|vergangenen)\s+Woche\b", "last_week"),
        (r"\bnext\s+week\b|\b(?:nächste|kommende)\s+Woche\b|\b(?:in\s+der\s+)?(?:nächsten|kommenden)\s+Woche\b", "next_week"),
        (r"\b(?:(?:earlier|later)\s+)?this\s+week\b|\b(?:in\s+)?dieser\s+Woche\b|\bAnfang\s+der\s+Woche\b|\bdiese\s+Woche\b", "this_week"),
        (r"\b(?:(?:earlier|later)\s+)?this\s+month\b|\b(?:Anfang|Ende|Mitte)\s+(?:dieses|des)\s+Monats\b|\bin\s+diesem\s+Monat\b|\bdiesen\s+Monat\b|\b(?:early|late|mid-?)\s*month\b|\b(?:end|beginning|middle)\s+of\s+(?:the|this)\s+month\b", "this_month"),
        (r"\bnext\s+month\b|\b(?:nächsten|kommenden|im\s+nächsten|im\s+kommenden)\s+Monat\b", "next_month"),
        (r"\blast\s+month\b|\b(?:letzten|vergangenen|im\s+vergangenen|im\s+letzten|Ende\s+des\s+vergangenen|Anfang\s+des\s+vergangenen)\s+Monat(?:s)?\b|\bVormonat\b", "last_month"),
        (r"\blast\s+year\b|\b(?:letzten|vergangenen|im\s+vergangenen|im\s+letzten|letztes|vergangenes)\s+Jahr(?:es)?\b|\bVorjahr\b", "last_year"),
        (r"\bnext\s+year\b|\b(?:nächsten|kommenden|im\s+nächsten|im\s+kommenden|nächstes|kommendes)\s+Jahr(?:es)?\b", "next_year"),
        (r"\bthis\s+year\b|\b(?:in\s+)?diesem\s+Jahr\b|\bdieses\s+Jahr(?:es)?\b", "this_year"),
        (r"\byesterday\b|\bgestern\b", "yesterday"),
        (r"\btomorrow\b|(?<!heute\s)(?<![Aa]m\s)\bmorgen\b(?!\w)", "tomorrow"),
        (r"\bübermorgen\b", "day_after_tomorrow"),
        (r"\btoday\b|\bheute\b|\btonight\b", "today"),
        (rf"\b(?:[Oo]n\s+|[Aa]m\s+)?(?:({past.replace('(?:', '(?:')})\s+|({nxt})\s+)?{WD}(?:abend|morgen|nachmittag|vormittag|mittag)?\b", "weekday"),
    ]
    caseless = {"season", "season_last", "offset_en", "last_week", "next_week", "this_week", "this_month", "next_month",
                "last_month", "last_year", "next_year", "this_year", "yesterday", "today"}
    compiled = [(re.compile(p, re.I if h in caseless else 0), h) for p, h in pats]
    keywords = set(months) | {
        "this", "last", "next", "coming", "diese", "dieser", "diesem", "diesen", "dieses",
        "letzte", "letzten", "letztes", "vergangenen", "vergangene", "vergangenes", "nächste",
        "nächsten", "kommende", "kommenden", "gestern", "heute", "morgen", "übermorgen",
        "yesterday", "today", "tomorrow", "tonight", "anfang", "ende", "mitte", "vorjahr",
        "vormonat", "early", "late", "mid", "month", "monats", "ago", "earlier", "vor",
        "months", "weeks", "years", "monaten", "wochen", "jahren", "sommer", "summer",
        "after", "before", "nachdem", "bevor", "zuvor", "vorher", "früher",
        "frühjahr", "frühling", "herbst", "winter", "spring", "autumn", "fall"}
    return compiled, keywords, tuple(weekdays)


# handler kinds: which are explicit (name a day, month or year)
_ABSOLUTE = {"dmy", "mdy", "my", "year", "iso_day", "dm", "md", "range_dm", "numeric",
             "month_only", "last_month_name", "next_month_name", "month_last_year",
             "month_this_year"}
_SEASON = {"frühjahr": 3, "frühling": 3, "spring": 3, "sommer": 6, "summer": 6, "herbst": 9,
           "autumn": 9, "fall": 9, "winter": 12}
_NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "einem": 1, "einer": 1, "einen": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
           "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12}
_PAST_KINDS = {"season_last", "offset_en", "offset_de", "last_week", "last_month", "last_year", "yesterday", "last_month_name",
               "month_last_year", "last_weekday"}
# what a window must hold for an expression kind to be tried there
_NEEDS = {
    "dmy": "month", "mdy": "month", "range_dm": "month", "dm": "month", "md": "month",
    "my": "month", "month_only": "month", "last_month_name": "month",
    "next_month_name": "month", "month_last_year": "month", "month_this_year": "month",
    "numeric": "digit", "year": "digit", "iso_day": "digit", "weekday": "weekday",
    "offset_en": {"ago", "earlier", "before", "after"}, "offset_de": {"vor", "nachdem", "bevor", "zuvor", "vorher", "früher"},
    "last_week": {"week", "woche"}, "next_week": {"week", "woche"},
    "this_week": {"week", "woche"}, "this_month": {"month", "monats", "monat"},
    "next_month": {"month", "monat"}, "last_month": {"month", "monat", "monats", "vormonat"},
    "last_year": {"year", "jahr", "jahres", "vorjahr"}, "next_year": {"year", "jahr", "jahres"},
    "this_year": {"year", "jahr", "jahres"}, "yesterday": {"yesterday", "gestern"},
    "tomorrow": {"tomorrow", "morgen"}, "day_after_tomorrow": {"übermorgen"},
    "today": {"today", "heute", "tonight"},
    "season_last": {"frühjahr", "frühling", "sommer", "herbst", "winter", "spring", "summer",
                    "autumn", "fall"},
    "season": {"frühjahr", "frühling", "sommer", "herbst", "winter", "spring", "summer",
               "autumn", "fall"},
}
_SINCE = re.compile(r"(?:seit|since|Since|Seit)\s+(?:dem\s+|the\s+)?$")
_UNTIL = re.compile(r"(?:bis|until|Bis|Until)\s+(?:zum\s+|dem\s+|the\s+)?$")
_WORDS = re.compile(r"[a-zäöüß]+")


@dataclass(frozen=True)
class DateMention:
    value: str | None   # ISO partial date for a reported event (None: cannot be resolved)
    start: int
    end: int
    absolute: bool = False  # names a day, month or year (not "on Tuesday", "this week")
    ahead: str | None = None  # the reading for a planned event (on or after publication)
    kind: str = ""
    since: bool = False  # "since Friday", "seit Juli": when a stay began, nothing else

    @property
    def past_fixed(self) -> bool:
        """A date that can only lie before publication ("last week", "gestern")."""
        return self.kind in _PAST_KINDS

    def for_status(self, status: str) -> str | None:
        return self.ahead if status == "planned" and self.ahead else self.value


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
    return date_words()[0][name.lower().rstrip(".")]


def _month_side(pub, month: int, day: int | None = None, side: str = "back",
                strict: bool = False) -> str | None:
    """The given month (and day) on or before the publication date (side "back") or on or
    after it ("ahead"); strict excludes the publication month itself."""
    if not pub or pub[1] is None:
        return None
    y, pm, pd = pub
    here = (month, day if (pd and day) else 0)
    now = (pm, pd if (pd and day) else 0)
    if side == "back":
        if here > now or (strict and month == pm):
            y -= 1
    else:
        if here < now or (strict and month == pm):
            y += 1
    return _fmt(y, month, day)


def _week_month(pub, days: int) -> str | None:
    py, pm, pd = pub
    if pd is None:
        return _fmt(py, pm) if days == 0 else None
    d = dt.date(py, pm, pd) + dt.timedelta(days=days)
    return _fmt(d.year, d.month)


def _resolve(handler: str, g: tuple, wd_groups, pub) -> tuple[str | None, str | None]:
    """(value, ahead) of one match."""
    py, pm, pd = pub if pub else (None, None, None)
    if handler == "dmy":
        v = _fmt(int(g[2]), _month(g[1]), int(g[0]))
        return v, v
    if handler == "mdy":
        v = _fmt(int(g[2]), _month(g[0]), int(g[1]))
        return v, v
    if handler == "my":
        v = _fmt(int(g[1]), _month(g[0]))
        return v, v
    if handler == "year":
        v = _fmt(int(g[0]))
        return v, v
    if handler == "iso_day":
        v = _fmt(int(g[0]), int(g[1]), int(g[2]))
        return v, v
    if handler in ("dm", "md", "range_dm", "numeric"):
        if handler == "numeric":
            day, mon = int(g[0]), int(g[1])
            if not (1 <= day <= 31 and 1 <= mon <= 12):
                return None, None
            if len(g) > 2 and g[2]:
                v = _fmt(int(g[2]), mon, day)
                return v, v
        elif handler == "md":
            day, mon = int(g[1]), _month(g[0])
        else:
            day, mon = int(g[0]), _month(g[1])
            if handler == "range_dm" and len(g) > 2 and g[2]:
                v = _fmt(int(g[2]), mon, day)
                return v, v
        if not 1 <= day <= 31:
            return None, None
        return _month_side(pub, mon, day, "back"), _month_side(pub, mon, day, "ahead")
    if handler == "last_month_name":
        v = _month_side(pub, _month(g[0]), None, "back", strict=True)
        return v, v
    if handler == "next_month_name":
        v = _month_side(pub, _month(g[0]), None, "ahead", strict=True)
        return v, v
    if handler == "month_last_year":
        v = _fmt(py - 1, _month(g[0])) if py else None
        return v, v
    if handler == "month_this_year":
        v = _fmt(py, _month(g[0])) if py else None
        return v, v
    if handler == "month_only":
        mon = _month(g[0])
        return _month_side(pub, mon, None, "back"), _month_side(pub, mon, None, "ahead")
    if not pub:
        return None, None
    if handler == "this_year":
        return _fmt(py), _fmt(py)
    if handler == "last_year":
        return _fmt(py - 1), _fmt(py - 1)
    if handler == "next_year":
        return _fmt(py + 1), _fmt(py + 1)
    if pm is None:
        return None, None
    if handler == "this_month":
        return _fmt(py, pm), _fmt(py, pm)
    if handler == "last_month":
        v = _fmt(*shift_month(py, pm, -1))
        return v, v
    if handler == "next_month":
        v = _fmt(*shift_month(py, pm, 1))
        return v, v
    if handler in ("season", "season_last"):
        if not pub:
            return None, None
        start = _SEASON[g[0].lower()]
        if pm is None:
            return _fmt(py), _fmt(py)
        back = py if pm >= start else py - 1
        if handler == "season_last":
            back = back - 1 if pm <= start + 2 and back == py else back
            return _fmt(back), _fmt(back)
        ahead = py if pm <= start + 2 else py + 1
        return _fmt(back), _fmt(ahead)
    if handler in ("offset_en", "offset_de"):
        n = _NUMBER.get(g[0].lower()) if not g[0].isdigit() else int(g[0])
        unit = g[1].lower()[:3]
        if n is None:
            return None, None
        if unit in ("yea", "jah"):
            v = _fmt(py - n)
        elif unit == "mon":
            v = _fmt(*shift_month(py, pm, -n))
        elif pd is not None:
            days = n * (7 if unit in ("wee", "woc") else 1)
            d = dt.date(py, pm, pd) - dt.timedelta(days=days)
            v = _fmt(d.year, d.month)
        else:
            v = None
        return v, v
    if handler in ("this_week", "last_week", "next_week"):
        days = {"this_week": 0, "last_week": -7, "next_week": 7}[handler]
        v = _week_month(pub, days)
        return v, v
    if pd is None:  # a month-only publication date gives no guessed day
        return _fmt(py, pm), _fmt(py, pm)
    day = dt.date(py, pm, pd)
    if handler in ("today", "yesterday", "tomorrow", "day_after_tomorrow"):
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1, "day_after_tomorrow": 2}[handler]
        v = (day + dt.timedelta(days=shift)).isoformat()
        return v, v
    if handler == "weekday":
        last, nxt, name = wd_groups
        wd = date_words()[1][name.lower()]
        back = (day - dt.timedelta(days=(day.weekday() - wd) % 7)).isoformat()
        fwd = (day + dt.timedelta(days=(wd - day.weekday()) % 7)).isoformat()
        if last:
            back = (day - dt.timedelta(days=(day.weekday() - wd - 1) % 7 + 1)).isoformat()
            return back, back
        if nxt:
            fwd = (day + dt.timedelta(days=(wd - day.weekday() - 1) % 7 + 1)).isoformat()
            return fwd, fwd
        return back, fwd
    return None, None


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around digits and date words; only there can a date stand."""
    _, keywords, wd_prefix = _compiled()
    spots = [m.start() for m in _WORDS.finditer(text.lower())
             if m.group(0) in keywords or m.group(0).startswith(wd_prefix)]
    spots += [m.start() for m in re.finditer(r"\d", text)]
    out: list[list[int]] = []
    for p in sorted(spots):
        lo, hi = max(0, p - 32), min(len(text), p + 64)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


def find_dates(text: str, pub_date: str | None = None) -> list[DateMention]:
    """Every date expression in ``text`` with its resolved values (None if unresolvable)."""
    windows = _windows(text)
    if not windows:
        return []
    compiled = _compiled()[0]
    pub = parse_pub_date(pub_date)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    months, _ = date_words()
    wd_prefix = _compiled()[2]
    gates = []
    for lo, hi in windows:  # which kinds of expression can stand in each window
        chunk = text[lo:hi].lower()
        words = set(_WORDS.findall(chunk))
        gates.append({
            "digit": any(c.isdigit() for c in chunk),
            "month": bool(words & months.keys()) or any(
                w.rstrip(".") in months for w in chunk.split()),
            "weekday": any(w.startswith(wd_prefix) for w in words),
            "words": words,
        })
    for rx, handler in compiled:
        need = _NEEDS.get(handler)
        for (lo, hi), gate in zip(windows, gates):
            if need is not None and not (gate.get(need) if isinstance(need, str)
                                         else need & gate["words"]):
                continue
            for m in rx.finditer(text, lo, hi):
                s, e = m.span()
                if any(s < te and e > ts for ts, te in taken):
                    continue
                taken.append((s, e))
                if _UNTIL.search(text[max(0, s - 12):s]):
                    continue  # a range end ("until December 9"): not the event's date
                since = bool(_SINCE.search(text[max(0, s - 12):s]))
                kind = handler
                if handler == "weekday":
                    groups = m.groups()
                    value, ahead = _resolve(handler, (), groups, pub)
                    kind = "last_weekday" if groups[0] else "weekday"
                else:
                    groups = tuple(x for x in m.groups() if x is not None)
                    value, ahead = _resolve(handler, groups, None, pub)
                if since:
                    ahead = value  # a stay that began: before publication
                out.append(DateMention(value, s, e, handler in _ABSOLUTE, ahead, kind, since))
    return sorted(out, key=lambda d: d.start)


@lru_cache(maxsize=1)
def _heading_rx():
    months, _ = date_words()
    return re.compile(rf"^\s*[-–•*]?\s*({_alt(months)})\.?\s+((?:19|20)\d\d)\s*:?\s*$")


def heading_date(line: str) -> str | None:
    """A chronology heading such as "Juli 2023" or "September 2023:"."""
    m = _heading_rx().match(line)
    return _fmt(int(m.group(2)), _month(m.group(1))) if m else None
