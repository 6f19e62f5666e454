// answers: The state graph in Cypher: visits from state to state with count, first and last.
// params: none
// columns: visitor, host, visits, first, last
MATCH (v:State)-[:ATTENDED {role: 'visitor'}]->(m:Meeting {status: 'happened'})-[:HOSTED_BY]->(h:State)
WHERE v <> h
RETURN v.id AS visitor, h.id AS host, count(m) AS visits, min(m.date) AS first, max(m.date) AS last
ORDER BY visits DESC, visitor, host
