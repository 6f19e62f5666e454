"""diplograph's I/O side: articles, extraction, curated facts, gazetteer, Neo4j."""
