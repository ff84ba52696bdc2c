-- raw_list_6: List 6: Children in need, as written in the file.
-- Grain: one row per non-blank data row read from the list's sheet (every submission);
-- nothing is dropped. Materialised: a table, filled by ingest/load.py. Every spec
-- column is text, so the table binds whatever the file held: a column missing from a
-- file is null (and reported); typing is staging's job (sql/10_staging).
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists raw_list_6 (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table raw_list_6 add column if not exists "child_id" varchar;
alter table raw_list_6 add column if not exists "gender" varchar;
alter table raw_list_6 add column if not exists "ethnicity" varchar;
alter table raw_list_6 add column if not exists "dob" varchar;
alter table raw_list_6 add column if not exists "age" varchar;
alter table raw_list_6 add column if not exists "disability" varchar;
alter table raw_list_6 add column if not exists "cin_start_date" varchar;
alter table raw_list_6 add column if not exists "primary_need" varchar;
alter table raw_list_6 add column if not exists "last_seen_date" varchar;
alter table raw_list_6 add column if not exists "cin_end_date" varchar;
alter table raw_list_6 add column if not exists "cin_closure_reason" varchar;
alter table raw_list_6 add column if not exists "case_status" varchar;
alter table raw_list_6 add column if not exists "team" varchar;
alter table raw_list_6 add column if not exists "worker" varchar;
