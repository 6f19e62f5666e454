r"""Read the news: visits and meetings from German and English articles.

``extract_article`` turns one article into events (DESIGN.md's format, each with its
sentence, character span and confidence) and the persons it names;
``extract_paths`` does it for files and folders and merges the persons of all
articles into one entity list.

Examples
--------
>>> from diplograph.loaders.articles import article_from_text
>>> art = article_from_text("x.txt", " date 2024-05-14\n"
...     "Der russische Außenminister Sergej Lawrow ist am Montag zu einem zweitägigen "
...     "Besuch in Pjöngjang eingetroffen. Dort traf er Kim Jong Un.\n")
>>> events, people = extract_article(art)
>>> [(e.type, e.status, e.date, e.visitor_state, e.host_state) for e in events]
[('visit', 'happened', '2024-05-13', 'RU', 'KP'), ('meeting', 'happened', '2024-05-13', None, None)]
>>> sorted(events[1].participants)
['Kim Jong Un', 'Sergei Lavrov']
"""

from __future__ import annotations

from typing import Callable

from diplograph.graph.model import Entity, Event, Role
from diplograph.graph.names import fold, names_match
from diplograph.loaders.articles import ArticleText, iter_articles
from diplograph.loaders.curated import FactSet
from diplograph.loaders.extract.dates import find_dates, heading_date
from diplograph.loaders.extract.events import Context, merge_into, same_event, sentence_events
from diplograph.loaders.extract.lexicon import Lexicon, build_lexicon
from diplograph.loaders.extract.persons import ArticlePeople, find_persons
from diplograph.loaders.extract.text import split_sentences
from diplograph.loaders.language import detect_language

__all__ = ["extract_article", "extract_paths", "merge_entities"]


def _reference_date(art: ArticleText, sentences) -> str | None:
    """The publication date, or for an undated chronology its latest month heading."""
    if art.published:
        return art.published
    heads = [h for h in (heading_date(s.text) for s in sentences if s.line_start) if h]
    return max(heads) if len(heads) >= 3 else None


def extract_article(art: ArticleText, lex: Lexicon | None = None):
    """(events, people) of one article: event frames per sentence, then one record per
    real event (retellings merged on participants or states, place and dates)."""
    lex = lex or build_lexicon()
    text = art.text
    if art.skip_prefix:
        text = " " * art.skip_prefix + text[art.skip_prefix:]
    sentences = split_sentences(text)
    ref = _reference_date(art, sentences)
    people = ArticlePeople(lex.surnames, lex.person_state)
    lang = art.language or detect_language(art.text)
    ctx = Context(pub=ref, lang=lang)
    found: list[tuple] = []
    heading = None
    for s in sentences:
        if s.line_start:
            h = heading_date(s.text)
            if h:
                heading = h
                ctx = Context(pub=h, lang=lang)  # a new section: nothing carries over
                continue
        ctx.age += 1
        ctx.meeting_age += 1
        mentions = lex.find(s.text)
        refs = find_persons(s.text, mentions, people, lex, heading or ref)
        for r in refs:
            people.seen(r, s.text[r.start:r.end])
        if people.role_mentions:
            mentions = sorted(mentions + people.role_mentions, key=lambda m: m.start)
        dates = lambda s=s: find_dates(s.text, ref)  # noqa: E731 (only where a trigger is)
        fallback = heading or (ref[:7] if art.published and len(ref) >= 7 else None)
        bullet = s.line_start and s.text.lstrip()[:1] in "-•*–"
        for c in sentence_events(s.text, mentions, refs, dates, fallback, ctx, lex.find):
            c.item = s.start if bullet else None
            found.append((c, s))
        subj = next((r for r in refs if r.state and r.name and not r.modifier), None)
        if subj:
            ctx.subject = subj
    events: list[Event] = []
    for c, s in _one_per_event(found):
        events.append(Event(
            article=art.name, type=c.type, date=c.date, status=c.status,
            visitor_state=c.visitor_state, host_state=c.host_state, place=c.place,
            participants=c.participants, participant_states=c.participant_states,
            evidence={"text": art.text[s.start:s.end], "start": s.start, "end": s.end},
            confidence=c.confidence,
        ))
    return events, people


def _one_per_event(found: list[tuple]) -> list[tuple]:
    """Merge the retellings of one event within an article: visits with the same
    visitor and host states, meetings sharing a cross-state pair of persons, both with
    the same status and compatible dates. The first telling keeps the evidence. A plan
    of a visit the article reports as under way is that visit; a visit without a day
    takes the day of its first dated meeting in the host country."""
    kept: list[tuple] = []
    for c, s in found:
        if any(prev_s is s and _same_sides(prev, c) for prev, prev_s in kept):
            continue  # one sentence, the same sides: one encounter told by two triggers
        for prev, _ in kept:
            if same_event(prev, c):
                merge_into(prev, c)
                break
        else:
            kept.append((c, s))
    happened = [c for c, _ in kept if c.type == "visit" and c.status == "happened"]
    told = [c for c, _ in kept if c.type == "visit" and not c.implied]
    out = []
    for c, s in kept:
        if c.implied and any(
                (t.visitor_state, t.host_state, t.status) == (c.visitor_state, c.host_state,
                                                              c.status)
                and (t.date or "")[:7] == (c.date or "")[:7] for t in told):
            continue  # a visit inferred from its talks, told already in its own words
        if c.type == "visit" and c.status == "planned" and any(
                (h.visitor_state, h.host_state) == (c.visitor_state, c.host_state)
                and h.date and c.date and same_event(h, _as_happened(c)) for h in happened):
            continue
        out.append((c, s))
    for c, _ in out:
        if c.type != "visit" or (c.date and len(c.date) == 10):
            continue
        days = sorted(m.date for m, _ in out if m.type == "meeting" and m.status == c.status
                      and m.date and len(m.date) == 10 and c.date and m.date.startswith(c.date)
                      and {c.visitor_state, c.host_state} <= set(m.participant_states.values()))
        if days:
            c.date = days[0]
    return out


def _same_sides(a, b) -> bool:
    """The same type and the same sides: visitor and host states of a visit, the same
    named persons of a meeting (at least two)."""
    if a.type != b.type:
        return False
    if a.type == "visit":
        return (a.visitor_state, a.host_state) == (b.visitor_state, b.host_state) and \
            set(a.participants) == set(b.participants)
    return len(a.participants) >= 2 and set(a.participants) == set(b.participants)


def _as_happened(c):
    from dataclasses import replace
    return replace(c, status="happened", weak=False)


def _entities_of(people: ArticlePeople) -> list[Entity]:
    out = []
    for name in people.order:
        st = people.states.get(name) or people.person_state.get(name)
        roles = [Role(title=people.titles[name], of=st)] if people.titles.get(name) else []
        aliases = sorted(a for a in people.surfaces.get(name, ()) if a != name)
        out.append(Entity(name=name, aliases=aliases, state=st, roles=roles))
    return out


def merge_entities(entities: list[Entity], known: set[str] = frozenset()) -> list[Entity]:
    """One entity per person across articles: same canonical name, same folded name, or
    (for names no gazetteer knows) a close spelling with the same state and family name."""
    merged: list[Entity] = []
    by_fold: dict[str, Entity] = {}
    for e in entities:
        target = by_fold.get(fold(e.name))
        if target is None and e.name not in known:
            for m in merged:
                if (m.state == e.state and m.name.split()[0] == e.name.split()[0]
                        and len(m.name.split()) == len(e.name.split())
                        and names_match(m.name, e.name, cutoff=90)):
                    target = m
                    break
        if target is None:
            e = e.model_copy(deep=True)
            merged.append(e)
            by_fold[fold(e.name)] = e
            continue
        target.aliases = sorted(set(target.aliases) | set(e.aliases) | ({e.name} - {target.name}))
        target.state = target.state or e.state
        titles = {r.title for r in target.roles}
        target.roles += [r for r in e.roles if r.title not in titles]
        by_fold[fold(e.name)] = target
    return merged


def _rename(events: list[Event], entities: list[Entity]) -> list[Event]:
    canon = {}
    for e in entities:
        for n in (e.name, *e.aliases):
            canon.setdefault(n, e.name)
    for ev in events:
        ev.participants = list(dict.fromkeys(canon.get(p, p) for p in ev.participants))
        ev.participant_states = {canon.get(k, k): v for k, v in ev.participant_states.items()}
    return events


def extract_paths(paths, on_error: Callable | None = None, lex: Lexicon | None = None,
                  progress: Callable[[int], None] | None = None) -> FactSet:
    """Events, entities and article metadata of every readable article under ``paths``."""
    lex = lex or build_lexicon()
    facts = FactSet()
    people_all: list[Entity] = []
    for art in iter_articles(paths, warn=on_error):
        events, people = extract_article(art, lex)
        facts.events.extend(events)
        facts.articles.append(art.meta())
        people_all.extend(_entities_of(people))
        if progress:
            progress(1)
    known = {p.name for p in lex.gaz.persons}
    facts.entities = merge_entities(people_all, known)
    facts.events = _rename(facts.events, facts.entities)
    return facts
