"""Annex A ingest: reads workbooks as text into DuckDB raw tables, the submissions table and the
data-quality log, then builds the SQL layers under sql/. Also home of the `annexa` CLI."""
