"""Read-only SQL: a guard that parses statements, a database that runs them, curated queries."""
