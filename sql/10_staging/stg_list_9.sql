-- stg_list_9: List 9: Care leavers, typed and code-normalised.
-- Grain: one row per source row of raw_list_9 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create or replace view stg_list_9 as
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
    source.eligibility as eligibility__raw,
    source.in_touch as in_touch__raw,
    source.accommodation as accommodation__raw,
    source.accommodation_suitable as accommodation_suitable__raw,
    source.activity as activity__raw,
    source.uasc as uasc__raw,
    source.pathway_plan_review_date as pathway_plan_review_date__raw,
    source.latest_contact_date as latest_contact_date__raw,
    clean_id(source.child_id) as child_id,  -- id
    m_gender.code as gender,  -- code (gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    m_disability.code as disability,  -- code (yes_no_unknown)
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker,  -- text
    m_eligibility.code as eligibility,  -- code (eligibility)
    m_in_touch.code as in_touch,  -- code (in_touch)
    m_accommodation.code as accommodation,  -- code (accommodation)
    m_accommodation_suitable.code as accommodation_suitable,  -- code (suitability)
    m_activity.code as activity,  -- code (activity)
    m_uasc.code as uasc,  -- code (yes_no)
    clean_text(source.personal_adviser) as personal_adviser,  -- text
    parse_date(source.pathway_plan_review_date) as pathway_plan_review_date,  -- date
    parse_date(source.latest_contact_date) as latest_contact_date,  -- date
    m_ethnicity.code_group as ethnicity_group,  -- group of ethnicity
    m_activity.code_group as activity_group  -- group of activity
from raw_list_9 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_9'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_9'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity
left join code_readings as m_disability
    on m_disability.submission_id = source.submission_id and m_disability.list = 'list_9'
    and m_disability.column_name = 'disability' and m_disability.raw = source.disability
left join code_readings as m_eligibility
    on m_eligibility.submission_id = source.submission_id and m_eligibility.list = 'list_9'
    and m_eligibility.column_name = 'eligibility' and m_eligibility.raw = source.eligibility
left join code_readings as m_in_touch
    on m_in_touch.submission_id = source.submission_id and m_in_touch.list = 'list_9'
    and m_in_touch.column_name = 'in_touch' and m_in_touch.raw = source.in_touch
left join code_readings as m_accommodation
    on m_accommodation.submission_id = source.submission_id and m_accommodation.list = 'list_9'
    and m_accommodation.column_name = 'accommodation' and m_accommodation.raw = source.accommodation
left join code_readings as m_accommodation_suitable
    on m_accommodation_suitable.submission_id = source.submission_id and m_accommodation_suitable.list = 'list_9'
    and m_accommodation_suitable.column_name = 'accommodation_suitable' and m_accommodation_suitable.raw = source.accommodation_suitable
left join code_readings as m_activity
    on m_activity.submission_id = source.submission_id and m_activity.list = 'list_9'
    and m_activity.column_name = 'activity' and m_activity.raw = source.activity
left join code_readings as m_uasc
    on m_uasc.submission_id = source.submission_id and m_uasc.list = 'list_9'
    and m_uasc.column_name = 'uasc' and m_uasc.raw = source.uasc;
