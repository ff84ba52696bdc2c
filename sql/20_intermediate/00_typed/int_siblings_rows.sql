-- int_siblings_rows: Sibling counts for list 8, typed: the rows and typed columns of stg_siblings.
-- Grain: one row per source row of raw_siblings (every submission).
-- Materialised: a table, refreshed per write by annexa/store/materialise.py (typing
-- in the view costs seconds per large LA; the analysis reads this copy instead).
-- unread_codes: the coded columns whose value was written but is not a template code.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists int_siblings_rows (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table int_siblings_rows add column if not exists "child_id" varchar;
alter table int_siblings_rows add column if not exists "sibling_count" bigint;
alter table int_siblings_rows add column if not exists "unread_codes" varchar[];
