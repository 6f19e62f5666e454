// diplograph schema: one uniqueness constraint per node key, and the indexes the
// query library uses. Applied by the loader; every statement is idempotent.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meeting_id IF NOT EXISTS FOR (n:Meeting) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE;
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX state_name IF NOT EXISTS FOR (n:State) ON (n.name);
CREATE INDEX place_name IF NOT EXISTS FOR (n:Place) ON (n.name);
CREATE INDEX meeting_date IF NOT EXISTS FOR (n:Meeting) ON (n.date);
// the loader reads back stored visits of a state pair naming nobody through this index
CREATE INDEX meeting_visit_key IF NOT EXISTS FOR (n:Meeting) ON (n.visitor_state, n.host_state, n.date);
// what a load reads back for a visit (loaders/neo4j/store.py STORED_MEETINGS): the
// stored visits of the states whose least precise report date fits, or that hold an undated one
CREATE INDEX meeting_visit_reach IF NOT EXISTS FOR (n:Meeting) ON (n.visitor_state, n.host_state, n._coarsest);
CREATE INDEX meeting_visit_undated IF NOT EXISTS FOR (n:Meeting) ON (n.visitor_state, n.host_state, n._undated);
// the same for a pair of much-met persons (STORED_MEETINGS["p2"]): meetings of a type
// whose least precise report date fits, or that hold an undated one
CREATE INDEX meeting_pair_reach IF NOT EXISTS FOR (n:Meeting) ON (n.event_type, n._coarsest);
CREATE INDEX meeting_pair_undated IF NOT EXISTS FOR (n:Meeting) ON (n.event_type, n._undated);
CREATE INDEX meeting_status IF NOT EXISTS FOR (n:Meeting) ON (n.status);
CREATE INDEX meeting_kind IF NOT EXISTS FOR (n:Meeting) ON (n.kind);
CREATE INDEX meeting_sector IF NOT EXISTS FOR (n:Meeting) ON (n.sector);
CREATE INDEX article_published IF NOT EXISTS FOR (n:Article) ON (n.published);
CREATE INDEX holds_role_title IF NOT EXISTS FOR ()-[r:HOLDS_ROLE]-() ON (r.title);
CREATE INDEX attended_role IF NOT EXISTS FOR ()-[r:ATTENDED]-() ON (r.role);
