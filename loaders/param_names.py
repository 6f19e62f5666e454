"""Names in query parameters: a person or a state given the way an analyst writes it
("Lawrow", "North Korea", "Nordkorea", "DPRK", "kp") becomes what the library query
expects (the canonical name, the ISO code), through the project's name matcher, with a
did-you-mean when nothing matches.
"""

from __future__ import annotations

import networkx as nx

from diplograph.errors import QueryError

__all__ = ["param_kinds", "resolve_params"]


def param_kinds(query) -> dict[str, str]:
    """Parameter -> ``state`` or ``person``, read from the query's ``// params:`` header
    ("ISO code" means a state; "person name" or a parameter called ``person`` a person)."""
    import re

    header = "\n".join(line for line in query.text.splitlines() if "params:" in line)
    kinds = {}
    for m in re.finditer(r"\$(\w+) \(string,([^)]*)\)", header):
        name, desc = m.group(1), m.group(2)
        if "ISO code" in desc:
            kinds[name] = "state"
        elif "person name" in desc or name == "person":
            kinds[name] = "person"
    return kinds


def _lookup_graph(driver, database) -> nx.MultiDiGraph:
    from diplograph.loaders.gazetteer import load_gazetteer
    from diplograph.loaders.neo4j.queries import run_query

    G = nx.MultiDiGraph()
    _, rows = run_query(driver, "MATCH (p:Person) RETURN p.id AS id, p.name AS name, "
                                "p.aliases AS aliases", {}, database)
    for pid, name, aliases in rows:
        G.add_node(pid, label="Person", name=name, aliases=list(aliases or []))
    gaz = load_gazetteer().states
    _, rows = run_query(driver, "MATCH (s:State) RETURN s.id AS id, s.name AS name, "
                                "s.name_de AS name_de", {}, database)
    for sid, name, name_de in rows:
        info = gaz.get(sid.removeprefix("state:"), {})
        G.add_node(sid, label="State", name=name,
                   aliases=[a for a in [name_de, *info.get("aliases", [])] if a])
    return G


def resolve_params(driver, database, query, args: dict) -> dict:
    """``args`` with person and state parameters resolved; raises QueryError with the
    closest names when one matches nothing."""
    from diplograph.graph.views.html import NoSuchNode, find_node

    kinds = {k: v for k, v in param_kinds(query).items() if isinstance(args.get(k), str)}
    if not kinds:
        return args
    G = _lookup_graph(driver, database)
    out = dict(args)
    for key, kind in kinds.items():
        try:
            node = find_node(G, out[key], labels=("State",) if kind == "state" else ("Person",))
        except NoSuchNode as exc:
            what = "state" if kind == "state" else "person"
            hint = (f"; did you mean {' or '.join(map(repr, exc.suggestions))}?"
                    if exc.suggestions else "")
            raise QueryError(f"parameter {key}: no {what} named {out[key]!r} in the "
                             f"database{hint}") from None
        out[key] = node.removeprefix("state:") if kind == "state" else G.nodes[node]["name"]
    return out
