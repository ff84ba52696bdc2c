-- raw_list_8: List 8: Children in care, as written in the file.
-- Grain: one row per non-blank data row read from the list's sheet (every submission);
-- nothing is dropped. Materialised: a table, filled by ingest/load.py. Every spec
-- column is text, so the table binds whatever the file held: a column missing from a
-- file is null (and reported); typing is staging's job (sql/10_staging).
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists raw_list_8 (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table raw_list_8 add column if not exists "child_id" varchar;
alter table raw_list_8 add column if not exists "gender" varchar;
alter table raw_list_8 add column if not exists "ethnicity" varchar;
alter table raw_list_8 add column if not exists "dob" varchar;
alter table raw_list_8 add column if not exists "age" varchar;
alter table raw_list_8 add column if not exists "uasc" varchar;
alter table raw_list_8 add column if not exists "disability" varchar;
alter table raw_list_8 add column if not exists "cla_start_date" varchar;
alter table raw_list_8 add column if not exists "category_of_need" varchar;
alter table raw_list_8 add column if not exists "second_period_12m" varchar;
alter table raw_list_8 add column if not exists "legal_status_start_date" varchar;
alter table raw_list_8 add column if not exists "legal_status" varchar;
alter table raw_list_8 add column if not exists "last_review_date" varchar;
alter table raw_list_8 add column if not exists "last_visit_date" varchar;
alter table raw_list_8 add column if not exists "permanence_plan" varchar;
alter table raw_list_8 add column if not exists "last_iro_contact_date" varchar;
alter table raw_list_8 add column if not exists "last_health_assessment_date" varchar;
alter table raw_list_8 add column if not exists "last_dental_check_date" varchar;
alter table raw_list_8 add column if not exists "placements_12m" varchar;
alter table raw_list_8 add column if not exists "cla_end_date" varchar;
alter table raw_list_8 add column if not exists "cla_end_reason" varchar;
alter table raw_list_8 add column if not exists "placement_start_date" varchar;
alter table raw_list_8 add column if not exists "placement_type" varchar;
alter table raw_list_8 add column if not exists "placement_provider" varchar;
alter table raw_list_8 add column if not exists "placement_postcode" varchar;
alter table raw_list_8 add column if not exists "placement_urn" varchar;
alter table raw_list_8 add column if not exists "placement_location" varchar;
alter table raw_list_8 add column if not exists "placement_la" varchar;
alter table raw_list_8 add column if not exists "missing_episodes_12m" varchar;
alter table raw_list_8 add column if not exists "absent_episodes_12m" varchar;
alter table raw_list_8 add column if not exists "return_interview_offered" varchar;
alter table raw_list_8 add column if not exists "return_interview_accepted" varchar;
alter table raw_list_8 add column if not exists "team" varchar;
alter table raw_list_8 add column if not exists "worker" varchar;
alter table raw_list_8 add column if not exists "sibling_count" varchar;
