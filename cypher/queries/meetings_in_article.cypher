// answers: The meetings an article reports, with the sentence behind each.
// params: $article (string, article id or file name stem, e.g. "003_8dc24f57d4033450")
// columns: meeting, kind, date, status, quote, start, end
MATCH (m:Meeting)-[r:REPORTED_IN]->(a:Article)
WHERE a.id = $article OR a.id = 'article:' + replace(toLower($article), '_', '-')
RETURN m.id AS meeting, m.kind AS kind, m.date AS date, m.status AS status,
       r.quote AS quote, r.start AS start, r.end AS end
ORDER BY coalesce(r.start, 0), meeting
