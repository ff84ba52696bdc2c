-- raw_list_5: List 5: Section 47 enquiries and ICPCs, as written in the file.
-- Grain: one row per non-blank data row read from the list's sheet (every submission);
-- nothing is dropped. Materialised: a table, filled by ingest/load.py. Every spec
-- column is text, so the table binds whatever the file held: a column missing from a
-- file is null (and reported); typing is staging's job (sql/10_staging).
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists raw_list_5 (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table raw_list_5 add column if not exists "child_id" varchar;
alter table raw_list_5 add column if not exists "gender" varchar;
alter table raw_list_5 add column if not exists "ethnicity" varchar;
alter table raw_list_5 add column if not exists "dob" varchar;
alter table raw_list_5 add column if not exists "age" varchar;
alter table raw_list_5 add column if not exists "disability" varchar;
alter table raw_list_5 add column if not exists "s47_start_date" varchar;
alter table raw_list_5 add column if not exists "icpc_not_required" varchar;
alter table raw_list_5 add column if not exists "icpc_date" varchar;
alter table raw_list_5 add column if not exists "icpc_resulted_in_plan" varchar;
alter table raw_list_5 add column if not exists "s47_12m" varchar;
alter table raw_list_5 add column if not exists "icpc_12m" varchar;
alter table raw_list_5 add column if not exists "team" varchar;
alter table raw_list_5 add column if not exists "worker" varchar;
