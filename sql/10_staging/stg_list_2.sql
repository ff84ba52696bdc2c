-- stg_list_2: List 2: Early help, typed and code-normalised.
-- Grain: one row per source row of raw_list_2 (every submission).
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create or replace view stg_list_2 as
select
    source.submission_id,
    source.source_file,
    source.sheet,
    source.row_number,
    source.gender as gender__raw,
    source.ethnicity as ethnicity__raw,
    source.dob as dob__raw,
    source.age as age__raw,
    source.eh_start_date as eh_start_date__raw,
    source.eh_end_date as eh_end_date__raw,
    clean_id(source.child_id) as child_id,  -- id
    m_gender.code as gender,  -- code (gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    parse_date(source.eh_start_date) as eh_start_date,  -- date
    parse_date(source.eh_end_date) as eh_end_date,  -- date
    clean_text(source.eh_organisation) as eh_organisation,  -- text
    m_ethnicity.code_group as ethnicity_group  -- group of ethnicity
from raw_list_2 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_2'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_2'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity;
