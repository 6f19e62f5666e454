// answers: Planned versus happened meetings per kind.
// params: none
// columns: kind, happened, planned
MATCH (m:Meeting)
RETURN m.kind AS kind,
       count(CASE WHEN m.status = 'happened' THEN 1 END) AS happened,
       count(CASE WHEN m.status = 'planned' THEN 1 END) AS planned
ORDER BY kind
