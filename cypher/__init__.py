"""The query library: one parameterised Cypher query a file (queries/*.cypher) and the schema."""
