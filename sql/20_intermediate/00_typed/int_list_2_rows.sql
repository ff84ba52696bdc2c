-- int_list_2_rows: List 2: Early help, typed: the rows and typed columns of stg_list_2.
-- Grain: one row per source row of raw_list_2 (every submission).
-- Materialised: a table, refreshed per write by annexa/store/materialise.py (typing
-- in the view costs seconds per large LA; the analysis reads this copy instead).
-- unread_codes: the coded columns whose value was written but is not a template code.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists int_list_2_rows (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table int_list_2_rows add column if not exists "child_id" varchar;
alter table int_list_2_rows add column if not exists "gender" varchar;
alter table int_list_2_rows add column if not exists "ethnicity" varchar;
alter table int_list_2_rows add column if not exists "dob" date;
alter table int_list_2_rows add column if not exists "age" integer;
alter table int_list_2_rows add column if not exists "eh_start_date" date;
alter table int_list_2_rows add column if not exists "eh_end_date" date;
alter table int_list_2_rows add column if not exists "eh_organisation" varchar;
alter table int_list_2_rows add column if not exists "ethnicity_group" varchar;
alter table int_list_2_rows add column if not exists "unread_codes" varchar[];
