-- stg_list_6: List 6: Children in need, typed and code-normalised.
-- Grain: one row per source row of raw_list_6 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
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
    m_gender.code as gender,  -- code (gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    m_disability.code as disability,  -- code (yes_no_unknown)
    parse_date(source.cin_start_date) as cin_start_date,  -- date
    m_primary_need.code as primary_need,  -- code (primary_need)
    parse_date(source.last_seen_date) as last_seen_date,  -- date
    parse_date(source.cin_end_date) as cin_end_date,  -- date
    m_cin_closure_reason.code as cin_closure_reason,  -- code (closure_reason)
    m_case_status.code as case_status,  -- code (case_status)
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker,  -- text
    m_ethnicity.code_group as ethnicity_group  -- group of ethnicity
from raw_list_6 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_6'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_6'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity
left join code_readings as m_disability
    on m_disability.submission_id = source.submission_id and m_disability.list = 'list_6'
    and m_disability.column_name = 'disability' and m_disability.raw = source.disability
left join code_readings as m_primary_need
    on m_primary_need.submission_id = source.submission_id and m_primary_need.list = 'list_6'
    and m_primary_need.column_name = 'primary_need' and m_primary_need.raw = source.primary_need
left join code_readings as m_cin_closure_reason
    on m_cin_closure_reason.submission_id = source.submission_id and m_cin_closure_reason.list = 'list_6'
    and m_cin_closure_reason.column_name = 'cin_closure_reason' and m_cin_closure_reason.raw = source.cin_closure_reason
left join code_readings as m_case_status
    on m_case_status.submission_id = source.submission_id and m_case_status.list = 'list_6'
    and m_case_status.column_name = 'case_status' and m_case_status.raw = source.case_status;
