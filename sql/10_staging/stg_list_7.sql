-- stg_list_7: List 7: Child protection, typed and code-normalised.
-- Grain: one row per source row of raw_list_7 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
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
    m_gender.code as gender,  -- code (gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    m_disability.code as disability,  -- code (yes_no_unknown)
    parse_date(source.cp_start_date) as cp_start_date,  -- date
    m_cp_initial_category.code as cp_initial_category,  -- code (abuse_category)
    m_cp_latest_category.code as cp_latest_category,  -- code (abuse_category)
    parse_date(source.last_visit_date) as last_visit_date,  -- date
    m_seen_alone.code as seen_alone,  -- code (yes_no_unknown)
    parse_date(source.last_review_date) as last_review_date,  -- date
    parse_date(source.cp_end_date) as cp_end_date,  -- date
    m_epo_6m.code as epo_6m,  -- code (yes_no)
    parse_int(source.previous_cp_plans) as previous_cp_plans,  -- int
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker,  -- text
    m_ethnicity.code_group as ethnicity_group  -- group of ethnicity
from raw_list_7 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_7'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_7'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity
left join code_readings as m_disability
    on m_disability.submission_id = source.submission_id and m_disability.list = 'list_7'
    and m_disability.column_name = 'disability' and m_disability.raw = source.disability
left join code_readings as m_cp_initial_category
    on m_cp_initial_category.submission_id = source.submission_id and m_cp_initial_category.list = 'list_7'
    and m_cp_initial_category.column_name = 'cp_initial_category' and m_cp_initial_category.raw = source.cp_initial_category
left join code_readings as m_cp_latest_category
    on m_cp_latest_category.submission_id = source.submission_id and m_cp_latest_category.list = 'list_7'
    and m_cp_latest_category.column_name = 'cp_latest_category' and m_cp_latest_category.raw = source.cp_latest_category
left join code_readings as m_seen_alone
    on m_seen_alone.submission_id = source.submission_id and m_seen_alone.list = 'list_7'
    and m_seen_alone.column_name = 'seen_alone' and m_seen_alone.raw = source.seen_alone
left join code_readings as m_epo_6m
    on m_epo_6m.submission_id = source.submission_id and m_epo_6m.list = 'list_7'
    and m_epo_6m.column_name = 'epo_6m' and m_epo_6m.raw = source.epo_6m;
