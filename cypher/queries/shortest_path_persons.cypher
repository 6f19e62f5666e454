// answers: The shortest chain of meetings linking two persons.
// params: $a (string, person name, e.g. "Zhao Leji"), $b (string, person name, e.g. "Choe Son Hui")
// columns: hops, chain
MATCH (a:Person {name: $a}), (b:Person {name: $b})
MATCH path = shortestPath((a)-[:ATTENDED*..12]-(b))
WHERE all(n IN nodes(path) WHERE n:Person OR (n:Meeting AND n.status = 'happened'))
RETURN length(path) / 2 AS hops,
       [n IN nodes(path) | coalesce(n.name, n.kind + ' ' + coalesce(n.date, 'undated'))] AS chain
