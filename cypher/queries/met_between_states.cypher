// answers: Who met whom between two states in a date range (happened meetings, person pairs).
// params: $a (string, ISO code, e.g. "RU"), $b (string, ISO code, e.g. "KP"), $from (string, partial date, e.g. "2023-07"), $to (string, partial date, e.g. "2024-06")
// columns: date, person_a, person_b, kind, place, meeting
MATCH (x:Person)-[ax:ATTENDED]->(m:Meeting {status: 'happened'})<-[ay:ATTENDED]-(y:Person)
WHERE ax.on_behalf_of = $a AND ay.on_behalf_of = $b
  AND m.date IS NOT NULL
  AND left(m.date, size($from)) >= $from AND left(m.date, size($to)) <= $to
OPTIONAL MATCH (m)-[:HELD_IN]->(pl:Place)
RETURN m.date AS date, x.name AS person_a, y.name AS person_b, m.kind AS kind,
       pl.name AS place, m.id AS meeting
ORDER BY date, person_a, person_b
