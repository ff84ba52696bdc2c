-- int_list_4_rows: List 4: Assessments, typed: the rows and typed columns of stg_list_4.
-- Grain: one row per source row of raw_list_4 (every submission).
-- Materialised: a table, refreshed per write by annexa/store/materialise.py (typing
-- in the view costs seconds per large LA; the analysis reads this copy instead).
-- unread_codes: the coded columns whose value was written but is not a template code.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists int_list_4_rows (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table int_list_4_rows add column if not exists "child_id" varchar;
alter table int_list_4_rows add column if not exists "gender" varchar;
alter table int_list_4_rows add column if not exists "ethnicity" varchar;
alter table int_list_4_rows add column if not exists "dob" date;
alter table int_list_4_rows add column if not exists "age" integer;
alter table int_list_4_rows add column if not exists "disability" varchar;
alter table int_list_4_rows add column if not exists "assessment_start_date" date;
alter table int_list_4_rows add column if not exists "child_seen" varchar;
alter table int_list_4_rows add column if not exists "assessment_auth_date" date;
alter table int_list_4_rows add column if not exists "assessed_in_need" varchar;
alter table int_list_4_rows add column if not exists "team" varchar;
alter table int_list_4_rows add column if not exists "worker" varchar;
alter table int_list_4_rows add column if not exists "ethnicity_group" varchar;
alter table int_list_4_rows add column if not exists "unread_codes" varchar[];
