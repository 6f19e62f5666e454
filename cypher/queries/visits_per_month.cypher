// answers: Visits per month from one state to another (happened, month known).
// params: $from_state (string, ISO code of the visitors, e.g. "KP"), $to_state (string, ISO code of the host, e.g. "RU")
// columns: month, visits
MATCH (:State {id: 'state:' + $from_state})-[:ATTENDED {role: 'visitor'}]->(m:Meeting {status: 'happened'})
      -[:HOSTED_BY]->(:State {id: 'state:' + $to_state})
WHERE size(m.date) >= 7
RETURN left(m.date, 7) AS month, count(m) AS visits
ORDER BY month
