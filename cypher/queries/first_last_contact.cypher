// answers: First and last dated contact between two states (visits either way or talks).
// params: $a (string, ISO code, e.g. "RU"), $b (string, ISO code, e.g. "KP")
// columns: first, last, contacts
MATCH (m:Meeting {status: 'happened'})
WHERE m.date IS NOT NULL
  AND EXISTS { (m)<-[:ATTENDED {on_behalf_of: $a}]-() }
  AND EXISTS { (m)<-[:ATTENDED {on_behalf_of: $b}]-() }
RETURN min(m.date) AS first, max(m.date) AS last, count(m) AS contacts
