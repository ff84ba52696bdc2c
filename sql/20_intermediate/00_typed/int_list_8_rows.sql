-- int_list_8_rows: List 8: Children in care, typed: the rows and typed columns of stg_list_8.
-- Grain: one row per source row of raw_list_8 (every submission).
-- Materialised: a table, refreshed per write by annexa/store/materialise.py (typing
-- in the view costs seconds per large LA; the analysis reads this copy instead).
-- unread_codes: the coded columns whose value was written but is not a template code.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists int_list_8_rows (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table int_list_8_rows add column if not exists "child_id" varchar;
alter table int_list_8_rows add column if not exists "gender" varchar;
alter table int_list_8_rows add column if not exists "ethnicity" varchar;
alter table int_list_8_rows add column if not exists "dob" date;
alter table int_list_8_rows add column if not exists "age" integer;
alter table int_list_8_rows add column if not exists "uasc" varchar;
alter table int_list_8_rows add column if not exists "disability" varchar;
alter table int_list_8_rows add column if not exists "cla_start_date" date;
alter table int_list_8_rows add column if not exists "category_of_need" varchar;
alter table int_list_8_rows add column if not exists "second_period_12m" varchar;
alter table int_list_8_rows add column if not exists "legal_status_start_date" date;
alter table int_list_8_rows add column if not exists "legal_status" varchar;
alter table int_list_8_rows add column if not exists "last_review_date" date;
alter table int_list_8_rows add column if not exists "last_visit_date" date;
alter table int_list_8_rows add column if not exists "permanence_plan" varchar;
alter table int_list_8_rows add column if not exists "last_iro_contact_date" date;
alter table int_list_8_rows add column if not exists "last_health_assessment_date" date;
alter table int_list_8_rows add column if not exists "last_dental_check_date" date;
alter table int_list_8_rows add column if not exists "placements_12m" bigint;
alter table int_list_8_rows add column if not exists "cla_end_date" date;
alter table int_list_8_rows add column if not exists "cla_end_reason" varchar;
alter table int_list_8_rows add column if not exists "placement_start_date" date;
alter table int_list_8_rows add column if not exists "placement_type" varchar;
alter table int_list_8_rows add column if not exists "placement_provider" varchar;
alter table int_list_8_rows add column if not exists "placement_postcode" varchar;
alter table int_list_8_rows add column if not exists "placement_urn" varchar;
alter table int_list_8_rows add column if not exists "placement_location" varchar;
alter table int_list_8_rows add column if not exists "placement_la" varchar;
alter table int_list_8_rows add column if not exists "missing_episodes_12m" bigint;
alter table int_list_8_rows add column if not exists "absent_episodes_12m" bigint;
alter table int_list_8_rows add column if not exists "return_interview_offered" varchar;
alter table int_list_8_rows add column if not exists "return_interview_accepted" varchar;
alter table int_list_8_rows add column if not exists "team" varchar;
alter table int_list_8_rows add column if not exists "worker" varchar;
alter table int_list_8_rows add column if not exists "sibling_count" bigint;
alter table int_list_8_rows add column if not exists "ethnicity_group" varchar;
alter table int_list_8_rows add column if not exists "legal_status_group" varchar;
alter table int_list_8_rows add column if not exists "cla_end_reason_group" varchar;
alter table int_list_8_rows add column if not exists "placement_type_group" varchar;
alter table int_list_8_rows add column if not exists "placement_provider_group" varchar;
alter table int_list_8_rows add column if not exists "unread_codes" varchar[];
