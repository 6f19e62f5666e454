"""diplograph's graph side: the model, resolution of reports into meetings, records, projections, analytics and views (pure computation, no I/O)."""
