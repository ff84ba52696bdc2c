-- int_list_11_rows: List 11: Adopters, typed: the rows and typed columns of stg_list_11.
-- Grain: one row per source row of raw_list_11 (every submission).
-- Materialised: a table, refreshed per write by annexa/store/materialise.py (typing
-- in the view costs seconds per large LA; the analysis reads this copy instead).
-- unread_codes: the coded columns whose value was written but is not a template code.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create table if not exists int_list_11_rows (submission_id integer not null, source_file varchar, sheet varchar, row_number integer);
alter table int_list_11_rows add column if not exists "adopter_id" varchar;
alter table int_list_11_rows add column if not exists "family_id" varchar;
alter table int_list_11_rows add column if not exists "gender" varchar;
alter table int_list_11_rows add column if not exists "ethnicity" varchar;
alter table int_list_11_rows add column if not exists "disability" varchar;
alter table int_list_11_rows add column if not exists "ffa" varchar;
alter table int_list_11_rows add column if not exists "enquiry_date" date;
alter table int_list_11_rows add column if not exists "stage1_start_date" date;
alter table int_list_11_rows add column if not exists "stage1_end_date" date;
alter table int_list_11_rows add column if not exists "stage2_start_date" date;
alter table int_list_11_rows add column if not exists "stage2_end_date" date;
alter table int_list_11_rows add column if not exists "application_date" date;
alter table int_list_11_rows add column if not exists "approval_date" date;
alter table int_list_11_rows add column if not exists "matched_date" date;
alter table int_list_11_rows add column if not exists "placed_date" date;
alter table int_list_11_rows add column if not exists "children_placed" bigint;
alter table int_list_11_rows add column if not exists "adoption_order_date" date;
alter table int_list_11_rows add column if not exists "left_process_date" date;
alter table int_list_11_rows add column if not exists "left_process_reason" varchar;
alter table int_list_11_rows add column if not exists "ethnicity_group" varchar;
alter table int_list_11_rows add column if not exists "unread_codes" varchar[];
