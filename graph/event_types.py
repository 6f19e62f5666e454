"""The kinds of event diplograph knows, in one place.

Each :class:`EventType` says how an event of its type is stored and coded: whether it
has a direction (a visitor travels to a host), which ``Meeting.kind`` and PLOVER mode it
gets by default, its CAMEO codes by status, and how views label it. The model validates
``Event.type`` against this registry, the record builder and the writer read their
choices from it, and exports take their codes from it; a new type (a phone call, an arms
deal) is one :func:`register` call.

Examples
--------
>>> event_type("visit").cameo("happened"), event_type("visit").directed
('042', True)
>>> event_type("meeting").mode, event_type("call").mode
('third-party', 'phone')
>>> sorted(EVENT_TYPES)
['call', 'meeting', 'visit']
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["EventType", "EVENT_TYPES", "register", "event_type"]


@dataclass(frozen=True)
class EventType:
    """How one type of event is stored, coded and shown.

    Parameters
    ----------
    name : str
        The value of ``Event.type`` ("visit").
    directed : bool
        True when the event has a ``visitor_state`` travelling to a ``host_state``.
    default_kind : str
        ``Meeting.kind`` when the event names none.
    mode : str
        PLOVER CONSULT mode of the stored meeting (visit, third-party, multilateral, phone).
    cameo_codes : dict
        CAMEO code by status ("happened", "planned").
    plover : str
        PLOVER event type.
    label : str
        Word used in views ("visit", "talks", "call").
    """

    name: str
    directed: bool
    default_kind: str
    mode: str
    cameo_codes: dict = field(default_factory=dict)
    plover: str = "CONSULT"
    label: str = ""

    def cameo(self, status: str) -> str | None:
        """The CAMEO code for an event of this type with this status."""
        return self.cameo_codes.get(status)


EVENT_TYPES: dict[str, EventType] = {}


def register(t: EventType) -> EventType:
    """Add (or replace) an event type; returns it."""
    EVENT_TYPES[t.name] = t
    return t


def event_type(name: str) -> EventType:
    """The registered type called ``name``; ValueError naming the known ones otherwise."""
    try:
        return EVENT_TYPES[name]
    except KeyError:
        raise ValueError(f"unknown event type {name!r}: use one of "
                         f"{', '.join(sorted(EVENT_TYPES))}") from None


# CAMEO 2.0: 036 express intent to meet or negotiate, 040 consult, 041 discuss by
# telephone, 042 make a visit, 043 host a visit, 044 meet at a "third" location.
register(EventType("visit", directed=True, default_kind="visit", mode="visit",
                   cameo_codes={"happened": "042", "planned": "036"}, label="visit"))
register(EventType("meeting", directed=False, default_kind="talks", mode="third-party",
                   cameo_codes={"happened": "044", "planned": "036"}, label="talks"))
register(EventType("call", directed=False, default_kind="call", mode="phone",
                   cameo_codes={"happened": "041", "planned": "036"}, label="call"))
