// answers: Every meeting a person attended (by name, alias or id), with counterparts and sources.
// params: $person (string, e.g. "Sergei Lavrov")
// columns: meeting, kind, date, status, place, counterparts, sources
MATCH (p:Person)
WHERE p.id = $person OR toLower(p.name) = toLower($person)
   OR any(a IN p.aliases WHERE toLower(a) = toLower($person))
MATCH (p)-[:ATTENDED]->(m:Meeting)
OPTIONAL MATCH (m)-[:HELD_IN]->(pl:Place)
OPTIONAL MATCH (o:Person)-[:ATTENDED]->(m) WHERE o <> p
OPTIONAL MATCH (m)-[:REPORTED_IN]->(a:Article)
RETURN m.id AS meeting, m.kind AS kind, m.date AS date, m.status AS status,
       pl.name AS place, collect(DISTINCT o.name) AS counterparts,
       count(DISTINCT a) AS sources
ORDER BY coalesce(m.date, '9999'), m.id
