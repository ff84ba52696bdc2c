"""The DuckDB warehouse: one writer, snapshots for readers, schema build."""
