-- stg_list_7: List 7: Child protection, typed and code-normalised.
-- Grain: one row per source row of raw_list_7 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (DECISIONS.md 8a), codes map_code to the Codes_used codes
-- (DECISIONS.md 6), IDs clean_id (DECISIONS.md 4). A value that fails to type is null
-- here and kept as written in <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.staging_sql`: edit the spec.
create or replace view stg_list_7 as
select
    source.submission_id,
    source.source_file,
    source.sheet,
    source.row_number,
    source.gender as gender__raw,
    source.ethnicity as ethnicity__raw,
    source.dob as dob__raw,
    source.age as age__raw,
    source.disability as disability__raw,
    source.cp_start_date as cp_start_date__raw,
    source.cp_initial_category as cp_initial_category__raw,
    source.cp_latest_category as cp_latest_category__raw,
    source.last_visit_date as last_visit_date__raw,
    source.seen_alone as seen_alone__raw,
    source.last_review_date as last_review_date__raw,
    source.cp_end_date as cp_end_date__raw,
    source.epo_6m as epo_6m__raw,
    source.previous_cp_plans as previous_cp_plans__raw,
    clean_id(source.child_id) as child_id,  -- id
    map_code('gender', source.gender) as gender,  -- code (gender)
    map_code('ethnicity', source.ethnicity) as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    map_code('yes_no_unknown', source.disability) as disability,  -- code (yes_no_unknown)
    parse_date(source.cp_start_date) as cp_start_date,  -- date
    map_code('abuse_category', source.cp_initial_category) as cp_initial_category,  -- code (abuse_category)
    map_code('abuse_category', source.cp_latest_category) as cp_latest_category,  -- code (abuse_category)
    parse_date(source.last_visit_date) as last_visit_date,  -- date
    map_code('yes_no_unknown', source.seen_alone) as seen_alone,  -- code (yes_no_unknown)
    parse_date(source.last_review_date) as last_review_date,  -- date
    parse_date(source.cp_end_date) as cp_end_date,  -- date
    map_code('yes_no', source.epo_6m) as epo_6m,  -- code (yes_no)
    parse_int(source.previous_cp_plans) as previous_cp_plans,  -- int
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker  -- text
from raw_list_7 as source;
