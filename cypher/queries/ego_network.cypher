// answers: A person's ego network: everyone met directly (hop 1) and their counterparts (hop 2).
// params: $person (string, person name, e.g. "Choe Son Hui")
// columns: person, state, hop, via
MATCH (p:Person {name: $person})-[:ATTENDED]->(:Meeting {status: 'happened'})<-[:ATTENDED]-(q:Person)
WHERE q <> p
WITH p, collect(DISTINCT q) AS first
UNWIND first AS q
RETURN q.name AS person, q.state AS state, 1 AS hop, p.name AS via
UNION
MATCH (p:Person {name: $person})-[:ATTENDED]->(:Meeting {status: 'happened'})<-[:ATTENDED]-(q:Person)
      -[:ATTENDED]->(:Meeting {status: 'happened'})<-[:ATTENDED]-(r:Person)
WHERE q <> p AND r <> p AND r <> q
  AND NOT EXISTS { (p)-[:ATTENDED]->(:Meeting {status: 'happened'})<-[:ATTENDED]-(r) }
RETURN DISTINCT r.name AS person, r.state AS state, 2 AS hop, q.name AS via
