// answers: Places that hosted the most meetings (happened).
// params: $limit (int, e.g. 5)
// columns: place, state, meetings
MATCH (m:Meeting {status: 'happened'})-[:HELD_IN]->(pl:Place)
OPTIONAL MATCH (pl)-[:LOCATED_IN]->(s:State)
RETURN pl.name AS place, s.name AS state, count(m) AS meetings
ORDER BY meetings DESC, place
LIMIT $limit
