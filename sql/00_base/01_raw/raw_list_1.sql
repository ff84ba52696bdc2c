-- raw_list_1: List 1: Contacts, as written in the file.
-- Grain: one row per non-blank data row read from the list's sheet (every submission);
-- nothing is dropped. Materialised: a table, filled by ingest/load.py. Every spec
-- column is text, so the table binds whatever the file held: a column missing from a
-- file is null (and reported); typing is staging's job (sql/10_staging).
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists raw_list_1 (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table raw_list_1 add column if not exists "child_id" varchar;
alter table raw_list_1 add column if not exists "gender" varchar;
alter table raw_list_1 add column if not exists "ethnicity" varchar;
alter table raw_list_1 add column if not exists "dob" varchar;
alter table raw_list_1 add column if not exists "age" varchar;
alter table raw_list_1 add column if not exists "contact_date" varchar;
alter table raw_list_1 add column if not exists "contact_source" varchar;
