-- raw_list_7: List 7: Child protection, as written in the file.
-- Grain: one row per non-blank data row read from the list's sheet (every submission);
-- nothing is dropped. Materialised: a table, filled by ingest/load.py. Every spec
-- column is text, so the table binds whatever the file held: a column missing from a
-- file is null (and reported); typing is staging's job (sql/10_staging).
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists raw_list_7 (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table raw_list_7 add column if not exists "child_id" varchar;
alter table raw_list_7 add column if not exists "gender" varchar;
alter table raw_list_7 add column if not exists "ethnicity" varchar;
alter table raw_list_7 add column if not exists "dob" varchar;
alter table raw_list_7 add column if not exists "age" varchar;
alter table raw_list_7 add column if not exists "disability" varchar;
alter table raw_list_7 add column if not exists "cp_start_date" varchar;
alter table raw_list_7 add column if not exists "cp_initial_category" varchar;
alter table raw_list_7 add column if not exists "cp_latest_category" varchar;
alter table raw_list_7 add column if not exists "last_visit_date" varchar;
alter table raw_list_7 add column if not exists "seen_alone" varchar;
alter table raw_list_7 add column if not exists "last_review_date" varchar;
alter table raw_list_7 add column if not exists "cp_end_date" varchar;
alter table raw_list_7 add column if not exists "epo_6m" varchar;
alter table raw_list_7 add column if not exists "previous_cp_plans" varchar;
alter table raw_list_7 add column if not exists "team" varchar;
alter table raw_list_7 add column if not exists "worker" varchar;
