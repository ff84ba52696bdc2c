"""The Annex A dashboard's core: everything but reading the files (ingest/) and the pages
(dashboard/)."""
