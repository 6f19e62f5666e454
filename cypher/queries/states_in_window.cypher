// answers: Which states made and received the most visits in a date window (happened visits): the state graph's degree for one window, as `metrics --from/--to` computes it.
// params: $from (string, partial date, e.g. "2024-01"), $to (string, partial date, e.g. "2024-06"), $limit (int, e.g. 10)
// columns: state, name, visits_made, visits_received, partners
MATCH (v:State)-[:ATTENDED {role: 'visitor'}]->(m:Meeting {status: 'happened'})<-[:ATTENDED {role: 'host'}]-(h:State)
WHERE m.date IS NOT NULL
  AND left(m.date, size($from)) >= $from AND left(m.date, size($to)) <= $to
WITH v, h, count(DISTINCT m) AS n
UNWIND [{s: v, made: n, received: 0, other: h.id}, {s: h, made: 0, received: n, other: v.id}] AS row
WITH row.s AS s, sum(row.made) AS made, sum(row.received) AS received, collect(DISTINCT row.other) AS others
RETURN substring(s.id, 6) AS state, s.name AS name, made AS visits_made, received AS visits_received,
       size(others) AS partners
ORDER BY visits_made + visits_received DESC, state
LIMIT $limit
