// answers: The sources behind one meeting: each article, its sentence and character span.
// params: $meeting (string, meeting id, e.g. "meeting:2023-09-talks-kim-jong-un-vladimir-putin")
// columns: article, title, published, quote, start, end, confidence
MATCH (m:Meeting {id: $meeting})-[r:REPORTED_IN]->(a:Article)
RETURN a.id AS article, a.title AS title, a.published AS published, r.quote AS quote,
       r.start AS start, r.end AS end, r.confidence AS confidence
ORDER BY article
