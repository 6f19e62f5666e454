// answers: A person by any spelling: canonical name, id, state, aliases and roles.
// params: $name (string, any spelling, e.g. "Lawrow")
// columns: id, name, state, aliases, roles
MATCH (p:Person)
WHERE toLower(p.name) CONTAINS toLower($name)
   OR any(a IN p.aliases WHERE toLower(a) CONTAINS toLower($name))
OPTIONAL MATCH (p)-[r:HOLDS_ROLE]->(t)
RETURN p.id AS id, p.name AS name, p.state AS state, p.aliases AS aliases,
       collect(r.title + ' (' + t.name + ')') AS roles
ORDER BY name
