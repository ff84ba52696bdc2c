-- stg_list_3: List 3: Referrals, typed and code-normalised.
-- Grain: one row per source row of raw_list_3 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create or replace view stg_list_3 as
select
    source.submission_id,
    source.source_file,
    source.sheet,
    source.row_number,
    source.gender as gender__raw,
    source.ethnicity as ethnicity__raw,
    source.dob as dob__raw,
    source.age as age__raw,
    source.referral_date as referral_date__raw,
    source.referral_source as referral_source__raw,
    source.referral_nfa as referral_nfa__raw,
    source.referrals_12m as referrals_12m__raw,
    clean_id(source.child_id) as child_id,  -- id
    m_gender.code as gender,  -- code (gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    parse_date(source.referral_date) as referral_date,  -- date
    m_referral_source.code as referral_source,  -- code (source)
    m_referral_nfa.code as referral_nfa,  -- code (referral_nfa)
    parse_int(source.referrals_12m) as referrals_12m,  -- int
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker,  -- text
    m_ethnicity.code_group as ethnicity_group,  -- group of ethnicity
    m_referral_source.code_group as referral_source_group  -- group of source
from raw_list_3 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_3'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_3'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity
left join code_readings as m_referral_source
    on m_referral_source.submission_id = source.submission_id and m_referral_source.list = 'list_3'
    and m_referral_source.column_name = 'referral_source' and m_referral_source.raw = source.referral_source
left join code_readings as m_referral_nfa
    on m_referral_nfa.submission_id = source.submission_id and m_referral_nfa.list = 'list_3'
    and m_referral_nfa.column_name = 'referral_nfa' and m_referral_nfa.raw = source.referral_nfa;
