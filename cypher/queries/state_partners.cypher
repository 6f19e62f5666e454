// answers: A state's partners ranked by exchanges (visits made plus received, happened).
// params: $state (string, ISO code, e.g. "KP")
// columns: partner, made, received, exchanges
MATCH (s:State {id: 'state:' + $state})
CALL (s) {
  MATCH (s)-[:ATTENDED {role: 'visitor'}]->(:Meeting {status: 'happened'})-[:HOSTED_BY]->(p:State)
  RETURN p, 1 AS made, 0 AS received
  UNION ALL
  MATCH (p:State)-[:ATTENDED {role: 'visitor'}]->(:Meeting {status: 'happened'})-[:HOSTED_BY]->(s)
  RETURN p, 0 AS made, 1 AS received
}
WITH s, p, sum(made) AS made, sum(received) AS received
WHERE p <> s
RETURN p.name AS partner, made, received, made + received AS exchanges
ORDER BY exchanges DESC, partner
