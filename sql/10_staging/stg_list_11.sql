-- stg_list_11: List 11: Adopters, typed and code-normalised.
-- Grain: one row per source row of raw_list_11 (every submission).
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create or replace view stg_list_11 as
select
    source.submission_id,
    source.source_file,
    source.sheet,
    source.row_number,
    source.gender as gender__raw,
    source.ethnicity as ethnicity__raw,
    source.disability as disability__raw,
    source.ffa as ffa__raw,
    source.enquiry_date as enquiry_date__raw,
    source.stage1_start_date as stage1_start_date__raw,
    source.stage1_end_date as stage1_end_date__raw,
    source.stage2_start_date as stage2_start_date__raw,
    source.stage2_end_date as stage2_end_date__raw,
    source.application_date as application_date__raw,
    source.approval_date as approval_date__raw,
    source.matched_date as matched_date__raw,
    source.placed_date as placed_date__raw,
    source.children_placed as children_placed__raw,
    source.adoption_order_date as adoption_order_date__raw,
    source.left_process_date as left_process_date__raw,
    source.left_process_reason as left_process_reason__raw,
    clean_id(source.adopter_id) as adopter_id,  -- id
    clean_text(source.family_id) as family_id,  -- text
    m_gender.code as gender,  -- code (adopter_gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    m_disability.code as disability,  -- code (yes_no)
    m_ffa.code as ffa,  -- code (yes_no_bare)
    parse_date(source.enquiry_date) as enquiry_date,  -- date
    parse_date(source.stage1_start_date) as stage1_start_date,  -- date
    parse_date(source.stage1_end_date) as stage1_end_date,  -- date
    parse_date(source.stage2_start_date) as stage2_start_date,  -- date
    parse_date(source.stage2_end_date) as stage2_end_date,  -- date
    parse_date(source.application_date) as application_date,  -- date
    parse_date(source.approval_date) as approval_date,  -- date
    parse_date(source.matched_date) as matched_date,  -- date
    parse_date(source.placed_date) as placed_date,  -- date
    parse_int(source.children_placed) as children_placed,  -- int
    parse_date(source.adoption_order_date) as adoption_order_date,  -- date
    parse_date(source.left_process_date) as left_process_date,  -- date
    m_left_process_reason.code as left_process_reason,  -- code (left_process_reason)
    m_ethnicity.code_group as ethnicity_group  -- group of ethnicity
from raw_list_11 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_11'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_11'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity
left join code_readings as m_disability
    on m_disability.submission_id = source.submission_id and m_disability.list = 'list_11'
    and m_disability.column_name = 'disability' and m_disability.raw = source.disability
left join code_readings as m_ffa
    on m_ffa.submission_id = source.submission_id and m_ffa.list = 'list_11'
    and m_ffa.column_name = 'ffa' and m_ffa.raw = source.ffa
left join code_readings as m_left_process_reason
    on m_left_process_reason.submission_id = source.submission_id and m_left_process_reason.list = 'list_11'
    and m_left_process_reason.column_name = 'left_process_reason' and m_left_process_reason.raw = source.left_process_reason;
