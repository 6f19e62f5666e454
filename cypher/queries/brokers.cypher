// answers: Brokers: persons who met counterparts from at least $min_states other states.
// params: $min_states (int, e.g. 2)
// columns: person, state, counterpart_states, states
MATCH (p:Person)-[:ATTENDED]->(:Meeting {status: 'happened'})<-[:ATTENDED]-(o:Person)
WHERE o.state IS NOT NULL AND o.state <> coalesce(p.state, '')
WITH p, collect(DISTINCT o.state) AS states
WHERE size(states) >= $min_states
RETURN p.name AS person, p.state AS state, size(states) AS counterpart_states, states
ORDER BY counterpart_states DESC, person
