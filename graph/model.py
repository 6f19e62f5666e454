"""The graph model: typed records for nodes, relationships and the on-disk event format.

Nodes carry stable readable ids (``person:sergei-lavrov``, ``state:RU``,
``meeting:2023-10-RU-KP-sergei-lavrov``) so that loading twice changes nothing and
two analysts get the same ids for the same facts.

Examples
--------
>>> person_id("Sergej Lawrow ")
'person:sergej-lawrow'
>>> Event(article="a.txt", type="visit", date="2023-10", visitor_state="RU",
...       host_state="KP").date_precision
'month'
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from diplograph.graph.event_types import event_type
from diplograph.graph.names import slug  # ids in any script: see names.slug

__all__ = [
    "FactSet",
    "slug",
    "person_id",
    "state_id",
    "org_id",
    "place_id",
    "article_id",
    "date_precision",
    "Evidence",
    "Event",
    "Role",
    "Entity",
    "Person",
    "State",
    "Organization",
    "Place",
    "Meeting",
    "Article",
    "HoldsRole",
    "PartOf",
    "Attended",
    "HeldIn",
    "HostedBy",
    "LocatedIn",
    "ReportedIn",
    "NODE_TYPES",
    "REL_TYPES",
]

ISO2 = r"^[A-Z]{2}$"
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@functools.lru_cache(maxsize=1 << 18)  # made again and again for the same names
def person_id(name: str) -> str:
    return f"person:{slug(name)}"


def state_id(code: str) -> str:
    return f"state:{code}"


def org_id(name: str) -> str:
    return f"org:{slug(name)}"


def place_id(name: str) -> str:
    return f"place:{slug(name)}"


@functools.lru_cache(maxsize=1 << 18)
def article_id(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    base = re.sub(r"\.(txt|md|jsonl)$", "", base)
    return f"article:{slug(base)}"


def check_partial_date(value: str | None) -> str | None:
    """Validate an ISO partial date (``2023``, ``2023-09``, ``2023-09-12``)."""
    if value is None or value == "":
        return None
    m = PARTIAL_DATE.match(str(value))
    if not m:
        raise ValueError(f"{value!r} is not an ISO partial date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(x) if x else None for x in m.groups())
    if not 1900 <= year <= 2100:
        raise ValueError(f"year {year} is outside 1900-2100")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} in {value!r} is not 01-12")
    if day is not None:
        _dt.date(year, month, day)  # raises ValueError for 2023-02-30
    return str(value)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_name(value: str) -> str:
    """A name: no control characters (say which and where), no surrounding blanks."""
    m = _CONTROL.search(value or "")
    if m:
        raise ValueError(f"control character U+{ord(m.group(0)):04X} at position {m.start()} "
                         f"in {value[:40]!r}; remove it")
    return value.strip()


def date_precision(value: str | None) -> str:
    """``day``, ``month``, ``year`` or ``unknown`` for an ISO partial date."""
    if not value:
        return "unknown"
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "unknown")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


# --------------------------------------------------------------------------- on disk


class Evidence(Strict):
    """The sentence an event was read from and its character span in the article."""

    text: str
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _span(self):
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("evidence end lies before its start")
        return self


MEETING_KINDS = ("visit", "talks", "summit", "forum", "delegation", "call")


def _check_kind(v):
    """A meeting kind: one of MEETING_KINDS or a registered event type's default kind."""
    from diplograph.graph.event_types import EVENT_TYPES

    if v is not None and v not in MEETING_KINDS and v not in {t.default_kind for t in EVENT_TYPES.values()}:
        raise ValueError(f"unknown meeting kind {v!r}: use one of {', '.join(MEETING_KINDS)} "
                         "or register an event type with it")
    return v


class Event(Strict):
    """One event of one article, as in DESIGN.md ("Event records on disk")."""

    article: str | None = None
    type: str  # a registered event type (graph/event_types.py): visit, meeting, call, …
    date: str | None = None
    status: Literal["happened", "planned"] = "happened"
    visitor_state: str | None = Field(default=None, pattern=ISO2)
    host_state: str | None = Field(default=None, pattern=ISO2)
    place: str | None = None
    participants: list[str] = Field(default_factory=list)
    participant_states: dict[str, str] = Field(default_factory=dict)
    evidence: Evidence | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    kind: str | None = None
    _kind = field_validator("kind")(_check_kind)
    sector: str | None = None
    optional: bool = False
    note: str | None = None

    _date = field_validator("date", mode="before")(check_partial_date)

    @field_validator("evidence", mode="before")
    @classmethod
    def _evidence_text(cls, v):
        if isinstance(v, str):
            return {"text": v}
        return v

    @field_validator("participant_states")
    @classmethod
    def _iso_states(cls, v):
        for name, code in v.items():
            if not re.match(ISO2, code or ""):
                raise ValueError(f"state {code!r} of {name!r} is not an ISO 3166-1 alpha-2 code")
        return v

    @field_validator("participants")
    @classmethod
    def _names(cls, v):
        return [check_name(p) for p in v if p and p.strip()]

    @field_validator("type")
    @classmethod
    def _known_type(cls, v):
        event_type(v)  # ValueError naming the known types
        return v

    @model_validator(mode="after")
    def _visit_states(self):
        if event_type(self.type).directed and not (self.visitor_state and self.host_state):
            raise ValueError(f"a {self.type} needs visitor_state and host_state")
        return self

    @property
    def date_precision(self) -> str:
        return date_precision(self.date)


class Role(Strict):
    """A dated role: ``title`` held for a state (``of`` = ISO code) or an organisation."""

    title: str
    of: str | None = None
    since: str | None = None
    until: str | None = None

    _dates = field_validator("since", "until", mode="before")(check_partial_date)


class Entity(Strict):
    """One person a line in entities.jsonl: ``{"name", "aliases", "state", "roles"}``."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    state: str | None = Field(default=None, pattern=ISO2)
    roles: list[Role] = Field(default_factory=list)
    kind: Literal["person"] = "person"
    note: str | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v):
        v = check_name(v)
        if not v:
            raise ValueError("a name cannot be blank")
        return v

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, v):
        return [check_name(a) for a in v if a and a.strip()]


# --------------------------------------------------------------------------- graph nodes


class Node(Strict):
    label: ClassVar[str] = ""
    id: str


class Person(Node):
    label: ClassVar[str] = "Person"
    name: str
    aliases: list[str] = Field(default_factory=list)
    state: str | None = None


class State(Node):
    label: ClassVar[str] = "State"
    name: str
    name_de: str | None = None


class Organization(Node):
    label: ClassVar[str] = "Organization"
    name: str
    kind: str | None = None


class Place(Node):
    label: ClassVar[str] = "Place"
    name: str
    kind: str | None = None


class Meeting(Node):
    label: ClassVar[str] = "Meeting"
    kind: str
    _kind = field_validator("kind")(_check_kind)
    mode: Literal["visit", "third-party", "multilateral", "phone"]
    date: str | None = None
    date_precision: Literal["day", "month", "year", "unknown"] = "unknown"
    status: Literal["happened", "planned"] = "happened"
    sector: str | None = None
    # what the meeting was matched on, kept on the node so that a later load can find
    # it again from the node alone (even if a load was cut off before its relationships)
    event_type: str = "meeting"
    visitor_state: str | None = None
    host_state: str | None = None
    participants: list[str] = Field(default_factory=list)
    place: str | None = None

    _date = field_validator("date", mode="before")(check_partial_date)


class Article(Node):
    label: ClassVar[str] = "Article"
    title: str | None = None
    published: str | None = None
    language: str | None = None
    source: str | None = None
    sha256: str | None = None


# --------------------------------------------------------------------------- relationships


class Rel(Strict):
    type: ClassVar[str] = ""
    src: str
    dst: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type, self.src, self.dst)

    @property
    def edge_key(self) -> str:
        """The networkx edge key: the type, plus what else tells parallel edges apart."""
        return "|".join([self.type, *map(str, self.key[3:])])


class HoldsRole(Rel):
    type: ClassVar[str] = "HOLDS_ROLE"
    title: str
    since: str | None = None
    until: str | None = None

    @property
    def key(self):
        return (self.type, self.src, self.dst, self.title)


class PartOf(Rel):
    type: ClassVar[str] = "PART_OF"


class Attended(Rel):
    type: ClassVar[str] = "ATTENDED"
    role: Literal["visitor", "host", "participant", "leader"]
    on_behalf_of: str | None = None


class HeldIn(Rel):
    type: ClassVar[str] = "HELD_IN"


class HostedBy(Rel):
    type: ClassVar[str] = "HOSTED_BY"


class LocatedIn(Rel):
    type: ClassVar[str] = "LOCATED_IN"


class ReportedIn(Rel):
    type: ClassVar[str] = "REPORTED_IN"
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    confidence: float | None = None


NODE_TYPES = {c.label: c for c in (Person, State, Organization, Place, Meeting, Article)}
REL_TYPES = {
    c.type: c for c in (HoldsRole, PartOf, Attended, HeldIn, HostedBy, LocatedIn, ReportedIn)
}


@dataclass
class FactSet:
    """What a build starts from: events, the persons they name, and article metadata —
    read from curated files or extracted from articles, one shape for both.

    Examples
    --------
    >>> a = FactSet([Event(type="visit", visitor_state="RU", host_state="KP")])
    >>> len(a.extend(FactSet([Event(type="meeting", participants=["A B", "C D"])])).events)
    2
    """

    events: list[Event] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)

    def extend(self, other: "FactSet") -> "FactSet":
        self.events.extend(other.events)
        self.entities.extend(other.entities)
        self.articles.extend(other.articles)
        return self
