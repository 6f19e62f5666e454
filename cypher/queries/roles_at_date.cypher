// answers: Who held which role for a state (or its organisations) on a date.
// params: $state (string, ISO code, e.g. "RU"), $date (string, partial date, e.g. "2024-01")
// columns: person, title, of, since, until
MATCH (p:Person)-[r:HOLDS_ROLE]->(t)
WHERE (t:State AND t.id = 'state:' + $state)
   OR (t:Organization AND EXISTS { (t)-[:PART_OF]->(:State {id: 'state:' + $state}) })
WITH p, r, t
WHERE (r.since IS NULL OR left(r.since, size($date)) <= $date)
  AND (r.until IS NULL OR left(r.until, size($date)) > $date)
RETURN p.name AS person, r.title AS title, t.name AS of, r.since AS since, r.until AS until
ORDER BY person, title
