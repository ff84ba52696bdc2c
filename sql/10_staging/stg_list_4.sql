-- stg_list_4: List 4: Assessments, typed and code-normalised.
-- Grain: one row per source row of raw_list_4 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create or replace view stg_list_4 as
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
    source.assessment_start_date as assessment_start_date__raw,
    source.child_seen as child_seen__raw,
    source.assessment_auth_date as assessment_auth_date__raw,
    source.assessed_in_need as assessed_in_need__raw,
    clean_id(source.child_id) as child_id,  -- id
    m_gender.code as gender,  -- code (gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    m_disability.code as disability,  -- code (yes_no_unknown)
    parse_date(source.assessment_start_date) as assessment_start_date,  -- date
    m_child_seen.code as child_seen,  -- code (yes_no_unknown)
    parse_date(source.assessment_auth_date) as assessment_auth_date,  -- date
    m_assessed_in_need.code as assessed_in_need,  -- code (yes_no)
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker,  -- text
    m_ethnicity.code_group as ethnicity_group  -- group of ethnicity
from raw_list_4 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_4'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_4'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity
left join code_readings as m_disability
    on m_disability.submission_id = source.submission_id and m_disability.list = 'list_4'
    and m_disability.column_name = 'disability' and m_disability.raw = source.disability
left join code_readings as m_child_seen
    on m_child_seen.submission_id = source.submission_id and m_child_seen.list = 'list_4'
    and m_child_seen.column_name = 'child_seen' and m_child_seen.raw = source.child_seen
left join code_readings as m_assessed_in_need
    on m_assessed_in_need.submission_id = source.submission_id and m_assessed_in_need.list = 'list_4'
    and m_assessed_in_need.column_name = 'assessed_in_need' and m_assessed_in_need.raw = source.assessed_in_need;
