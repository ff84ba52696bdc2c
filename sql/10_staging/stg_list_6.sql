-- stg_list_6: List 6: Children in need, typed and code-normalised.
-- Grain: one row per source row of raw_list_6 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (DECISIONS.md 8a), codes map_code to the Codes_used codes
-- (DECISIONS.md 6), IDs clean_id (DECISIONS.md 4). A value that fails to type is null
-- here and kept as written in <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.staging_sql`: edit the spec.
create or replace view stg_list_6 as
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
    source.cin_start_date as cin_start_date__raw,
    source.primary_need as primary_need__raw,
    source.last_seen_date as last_seen_date__raw,
    source.cin_end_date as cin_end_date__raw,
    source.cin_closure_reason as cin_closure_reason__raw,
    source.case_status as case_status__raw,
    clean_id(source.child_id) as child_id,  -- id
    map_code('gender', source.gender) as gender,  -- code (gender)
    map_code('ethnicity', source.ethnicity) as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    map_code('yes_no_unknown', source.disability) as disability,  -- code (yes_no_unknown)
    parse_date(source.cin_start_date) as cin_start_date,  -- date
    map_code('primary_need', source.primary_need) as primary_need,  -- code (primary_need)
    parse_date(source.last_seen_date) as last_seen_date,  -- date
    parse_date(source.cin_end_date) as cin_end_date,  -- date
    map_code('closure_reason', source.cin_closure_reason) as cin_closure_reason,  -- code (closure_reason)
    map_code('case_status', source.case_status) as case_status,  -- code (case_status)
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker  -- text
from raw_list_6 as source;
