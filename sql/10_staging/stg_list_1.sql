-- stg_list_1: List 1: Contacts, typed and code-normalised.
-- Grain: one row per source row of raw_list_1 (every submission).
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create or replace view stg_list_1 as
select
    source.submission_id,
    source.source_file,
    source.sheet,
    source.row_number,
    source.gender as gender__raw,
    source.ethnicity as ethnicity__raw,
    source.dob as dob__raw,
    source.age as age__raw,
    source.contact_date as contact_date__raw,
    source.contact_source as contact_source__raw,
    clean_id(source.child_id) as child_id,  -- id
    m_gender.code as gender,  -- code (gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    parse_date(source.contact_date) as contact_date,  -- date
    m_contact_source.code as contact_source,  -- code (source)
    m_ethnicity.code_group as ethnicity_group,  -- group of ethnicity
    m_contact_source.code_group as contact_source_group  -- group of source
from raw_list_1 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_1'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_1'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity
left join code_readings as m_contact_source
    on m_contact_source.submission_id = source.submission_id and m_contact_source.list = 'list_1'
    and m_contact_source.column_name = 'contact_source' and m_contact_source.raw = source.contact_source;
