"""Neo4j: the batched writer and reader (store), bulk import (bulk), the local Community server (server) and the query library (queries)."""
