"""One fixed colour per state, keyed by ISO 3166-1 alpha-2, for every view and figure.

The states the gazetteer knows have a colour of their own (no two alike, the most
frequent ones the most distinct); any other code gets a colour derived from the code
itself, so it too is the same everywhere.

Examples
--------
>>> state_colour("KP") == state_colour("state:KP")
True
>>> len(set(STATE_COLOURS.values())) == len(STATE_COLOURS)
True
"""

from __future__ import annotations

import colorsys
import hashlib

__all__ = ["STATE_COLOURS", "UNKNOWN", "MEETING", "BLOC_PALETTE", "state_colour",
           "state_colours", "bloc_colour"]

UNKNOWN = "#9e9e9e"
MEETING = "#b0b0b0"

STATE_COLOURS = {
    "KP": "#d62728", "RU": "#1f77b4", "CN": "#ff7f0e", "IR": "#2ca02c", "KR": "#9467bd",
    "US": "#8c564b", "DE": "#e377c2", "UA": "#bcbd22", "JP": "#17becf", "BY": "#393b79",
    "VN": "#637939", "LA": "#8c6d31", "MN": "#843c39", "SY": "#7b4173", "CU": "#3182bd",
    "VE": "#e6550d", "NI": "#31a354", "FR": "#756bb1", "GB": "#636363", "IN": "#fd8d3c",
    "TR": "#74c476", "SG": "#9e9ac8", "ID": "#fdae6b", "PK": "#6baed6", "KZ": "#a1d99b",
    "IL": "#bcbddc", "SA": "#c7e9c0", "EG": "#e7969c", "IT": "#7b4f9d", "PL": "#ad494a",
    "SE": "#5254a3", "CH": "#b5cf6b", "AT": "#cedb9c", "BR": "#e7ba52", "ZA": "#d6616b",
    "AE": "#ce6dbd", "QA": "#de9ed6", "MM": "#6b6ecf", "KH": "#8ca252", "TH": "#bd9e39",
    "UG": "#a55194", "ER": "#e7cb94", "UZ": "#9c9ede",
}

BLOC_PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                "#a6761d", "#666666", "#1f78b4", "#b2df8a"]


def _code(state: str | None) -> str | None:
    if not state:
        return None
    return state.split(":", 1)[1] if state.startswith("state:") else state


def state_colour(state: str | None) -> str:
    """The colour of a state (``KP`` or ``state:KP``); grey when unknown."""
    code = _code(state)
    if not code or code == "?":
        return UNKNOWN
    if code in STATE_COLOURS:
        return STATE_COLOURS[code]
    h = int(hashlib.sha1(code.encode()).hexdigest(), 16)
    r, g, b = colorsys.hls_to_rgb((h % 360) / 360, 0.42 + (h >> 9) % 15 / 100, 0.55)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def state_colours(states) -> dict[str, str]:
    """Colour per state for the states of one view; raises if two would share one."""
    out = {s: state_colour(s) for s in states if s}
    by_colour: dict[str, str] = {}
    for s, c in out.items():
        other = by_colour.setdefault(c, s)
        if other != s and _code(other) != _code(s) and c != UNKNOWN:
            raise ValueError(f"states {other} and {s} would share the colour {c}")
    return out


def bloc_colour(bloc) -> str:
    """Colour of bloc number ``bloc`` (1 = the largest)."""
    try:
        return BLOC_PALETTE[(int(bloc) - 1) % len(BLOC_PALETTE)]
    except (TypeError, ValueError):
        return UNKNOWN
