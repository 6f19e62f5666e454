// answers: Delegations and visits in a sector or office (sectors are comma-separated; a sector matches when it starts with the word).
// params: $sector (string, part of the sector, e.g. "culture")
// columns: date, visitor, host, sector, kind, status
MATCH (v:State)-[:ATTENDED {role: 'visitor'}]->(m:Meeting)-[:HOSTED_BY]->(h:State)
WHERE m.sector IS NOT NULL
  AND any(s IN split(toLower(m.sector), ',') WHERE trim(s) STARTS WITH toLower($sector))
RETURN m.date AS date, v.name AS visitor, h.name AS host, m.sector AS sector,
       m.kind AS kind, m.status AS status
ORDER BY coalesce(date, '9999'), visitor
