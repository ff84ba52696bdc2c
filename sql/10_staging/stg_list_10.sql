-- stg_list_10: List 10: Adoption, typed and code-normalised.
-- Grain: one row per source row of raw_list_10 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create or replace view stg_list_10 as
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
    source.care_start_date as care_start_date__raw,
    source.adm_decision_date as adm_decision_date__raw,
    source.placement_order_date as placement_order_date__raw,
    source.matched_date as matched_date__raw,
    source.placed_date as placed_date__raw,
    source.adoption_order_date as adoption_order_date__raw,
    source.reversal_date as reversal_date__raw,
    source.reversal_reason as reversal_reason__raw,
    source.ffa_date as ffa_date__raw,
    clean_id(source.child_id) as child_id,  -- id
    clean_text(source.family_id) as family_id,  -- text
    m_gender.code as gender,  -- code (gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    m_disability.code as disability,  -- code (yes_no_unknown)
    parse_date(source.care_start_date) as care_start_date,  -- date
    parse_date(source.adm_decision_date) as adm_decision_date,  -- date
    parse_date(source.placement_order_date) as placement_order_date,  -- date
    parse_date(source.matched_date) as matched_date,  -- date
    parse_date(source.placed_date) as placed_date,  -- date
    parse_date(source.adoption_order_date) as adoption_order_date,  -- date
    parse_date(source.reversal_date) as reversal_date,  -- date
    m_reversal_reason.code as reversal_reason,  -- code (adoption_reversal_reason)
    parse_date(source.ffa_date) as ffa_date,  -- date
    m_ethnicity.code_group as ethnicity_group  -- group of ethnicity
from raw_list_10 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_10'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_10'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity
left join code_readings as m_disability
    on m_disability.submission_id = source.submission_id and m_disability.list = 'list_10'
    and m_disability.column_name = 'disability' and m_disability.raw = source.disability
left join code_readings as m_reversal_reason
    on m_reversal_reason.submission_id = source.submission_id and m_reversal_reason.list = 'list_10'
    and m_reversal_reason.column_name = 'reversal_reason' and m_reversal_reason.raw = source.reversal_reason;
