-- stg_list_5: List 5: Section 47 enquiries and ICPCs, typed and code-normalised.
-- Grain: one row per source row of raw_list_5 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create or replace view stg_list_5 as
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
    source.s47_start_date as s47_start_date__raw,
    source.icpc_not_required as icpc_not_required__raw,
    source.icpc_date as icpc_date__raw,
    source.icpc_resulted_in_plan as icpc_resulted_in_plan__raw,
    source.s47_12m as s47_12m__raw,
    source.icpc_12m as icpc_12m__raw,
    clean_id(source.child_id) as child_id,  -- id
    m_gender.code as gender,  -- code (gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    m_disability.code as disability,  -- code (yes_no_unknown)
    parse_date(source.s47_start_date) as s47_start_date,  -- date
    m_icpc_not_required.code as icpc_not_required,  -- code (yes_no)
    parse_date(source.icpc_date) as icpc_date,  -- date
    m_icpc_resulted_in_plan.code as icpc_resulted_in_plan,  -- code (yes_no)
    parse_int(source.s47_12m) as s47_12m,  -- int
    parse_int(source.icpc_12m) as icpc_12m,  -- int
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker,  -- text
    m_ethnicity.code_group as ethnicity_group  -- group of ethnicity
from raw_list_5 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_5'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_5'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity
left join code_readings as m_disability
    on m_disability.submission_id = source.submission_id and m_disability.list = 'list_5'
    and m_disability.column_name = 'disability' and m_disability.raw = source.disability
left join code_readings as m_icpc_not_required
    on m_icpc_not_required.submission_id = source.submission_id and m_icpc_not_required.list = 'list_5'
    and m_icpc_not_required.column_name = 'icpc_not_required' and m_icpc_not_required.raw = source.icpc_not_required
left join code_readings as m_icpc_resulted_in_plan
    on m_icpc_resulted_in_plan.submission_id = source.submission_id and m_icpc_resulted_in_plan.list = 'list_5'
    and m_icpc_resulted_in_plan.column_name = 'icpc_resulted_in_plan' and m_icpc_resulted_in_plan.raw = source.icpc_resulted_in_plan;
