// answers: Actors ranked by the number of distinct foreign counterparts they met.
// params: $limit (int, e.g. 10)
// columns: person, state, foreign_contacts, meetings
MATCH (p:Person)-[:ATTENDED]->(m:Meeting {status: 'happened'})<-[:ATTENDED]-(o:Person)
WHERE p.state IS NOT NULL AND o.state IS NOT NULL AND p.state <> o.state
RETURN p.name AS person, p.state AS state, count(DISTINCT o) AS foreign_contacts,
       count(DISTINCT m) AS meetings
ORDER BY foreign_contacts DESC, meetings DESC, person
LIMIT $limit
