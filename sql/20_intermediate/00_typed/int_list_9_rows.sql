-- int_list_9_rows: List 9: Care leavers, typed: the rows and typed columns of stg_list_9.
-- Grain: one row per source row of raw_list_9 (every submission).
-- Materialised: a table, refreshed per write by annexa/store/materialise.py (typing
-- in the view costs seconds per large LA; the analysis reads this copy instead).
-- unread_codes: the coded columns whose value was written but is not a template code.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists int_list_9_rows (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table int_list_9_rows add column if not exists "child_id" varchar;
alter table int_list_9_rows add column if not exists "gender" varchar;
alter table int_list_9_rows add column if not exists "ethnicity" varchar;
alter table int_list_9_rows add column if not exists "dob" date;
alter table int_list_9_rows add column if not exists "age" integer;
alter table int_list_9_rows add column if not exists "disability" varchar;
alter table int_list_9_rows add column if not exists "team" varchar;
alter table int_list_9_rows add column if not exists "worker" varchar;
alter table int_list_9_rows add column if not exists "eligibility" varchar;
alter table int_list_9_rows add column if not exists "in_touch" varchar;
alter table int_list_9_rows add column if not exists "accommodation" varchar;
alter table int_list_9_rows add column if not exists "accommodation_suitable" varchar;
alter table int_list_9_rows add column if not exists "activity" varchar;
alter table int_list_9_rows add column if not exists "uasc" varchar;
alter table int_list_9_rows add column if not exists "personal_adviser" varchar;
alter table int_list_9_rows add column if not exists "pathway_plan_review_date" date;
alter table int_list_9_rows add column if not exists "latest_contact_date" date;
alter table int_list_9_rows add column if not exists "ethnicity_group" varchar;
alter table int_list_9_rows add column if not exists "activity_group" varchar;
alter table int_list_9_rows add column if not exists "unread_codes" varchar[];
