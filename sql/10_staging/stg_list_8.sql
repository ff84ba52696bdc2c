-- stg_list_8: List 8: Children in care, typed and code-normalised.
-- Grain: one row per source row of raw_list_8 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create or replace view stg_list_8 as
select
    source.submission_id,
    source.source_file,
    source.sheet,
    source.row_number,
    source.gender as gender__raw,
    source.ethnicity as ethnicity__raw,
    source.dob as dob__raw,
    source.age as age__raw,
    source.uasc as uasc__raw,
    source.disability as disability__raw,
    source.cla_start_date as cla_start_date__raw,
    source.category_of_need as category_of_need__raw,
    source.second_period_12m as second_period_12m__raw,
    source.legal_status_start_date as legal_status_start_date__raw,
    source.legal_status as legal_status__raw,
    source.last_review_date as last_review_date__raw,
    source.last_visit_date as last_visit_date__raw,
    source.permanence_plan as permanence_plan__raw,
    source.last_iro_contact_date as last_iro_contact_date__raw,
    source.last_health_assessment_date as last_health_assessment_date__raw,
    source.last_dental_check_date as last_dental_check_date__raw,
    source.placements_12m as placements_12m__raw,
    source.cla_end_date as cla_end_date__raw,
    source.cla_end_reason as cla_end_reason__raw,
    source.placement_start_date as placement_start_date__raw,
    source.placement_type as placement_type__raw,
    source.placement_provider as placement_provider__raw,
    source.placement_location as placement_location__raw,
    source.missing_episodes_12m as missing_episodes_12m__raw,
    source.absent_episodes_12m as absent_episodes_12m__raw,
    source.return_interview_offered as return_interview_offered__raw,
    source.return_interview_accepted as return_interview_accepted__raw,
    source.sibling_count as sibling_count__raw,
    clean_id(source.child_id) as child_id,  -- id
    m_gender.code as gender,  -- code (gender)
    m_ethnicity.code as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    m_uasc.code as uasc,  -- code (yes_no)
    m_disability.code as disability,  -- code (yes_no_unknown)
    parse_date(source.cla_start_date) as cla_start_date,  -- date
    m_category_of_need.code as category_of_need,  -- code (category_of_need)
    m_second_period_12m.code as second_period_12m,  -- code (yes_no)
    parse_date(source.legal_status_start_date) as legal_status_start_date,  -- date
    m_legal_status.code as legal_status,  -- code (legal_status)
    parse_date(source.last_review_date) as last_review_date,  -- date
    parse_date(source.last_visit_date) as last_visit_date,  -- date
    m_permanence_plan.code as permanence_plan,  -- code (permanence_plan)
    parse_date(source.last_iro_contact_date) as last_iro_contact_date,  -- date
    parse_date(source.last_health_assessment_date) as last_health_assessment_date,  -- date
    parse_date(source.last_dental_check_date) as last_dental_check_date,  -- date
    parse_int(source.placements_12m) as placements_12m,  -- int
    parse_date(source.cla_end_date) as cla_end_date,  -- date
    m_cla_end_reason.code as cla_end_reason,  -- code (cla_end_reason)
    parse_date(source.placement_start_date) as placement_start_date,  -- date
    m_placement_type.code as placement_type,  -- code (placement_type)
    m_placement_provider.code as placement_provider,  -- code (placement_provider)
    clean_text(source.placement_postcode) as placement_postcode,  -- text
    clean_text(source.placement_urn) as placement_urn,  -- text
    m_placement_location.code as placement_location,  -- code (placement_location)
    clean_text(source.placement_la) as placement_la,  -- text
    parse_int(source.missing_episodes_12m) as missing_episodes_12m,  -- int
    parse_int(source.absent_episodes_12m) as absent_episodes_12m,  -- int
    m_return_interview_offered.code as return_interview_offered,  -- code (yes_no_unknown)
    m_return_interview_accepted.code as return_interview_accepted,  -- code (yes_no_unknown)
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker,  -- text
    parse_int(source.sibling_count) as sibling_count,  -- int
    m_ethnicity.code_group as ethnicity_group,  -- group of ethnicity
    m_legal_status.code_group as legal_status_group,  -- group of legal_status
    m_cla_end_reason.code_group as cla_end_reason_group,  -- group of cla_end_reason
    m_placement_type.code_group as placement_type_group,  -- group of placement_type
    m_placement_provider.code_group as placement_provider_group  -- group of placement_provider
from raw_list_8 as source
left join code_readings as m_gender
    on m_gender.submission_id = source.submission_id and m_gender.list = 'list_8'
    and m_gender.column_name = 'gender' and m_gender.raw = source.gender
left join code_readings as m_ethnicity
    on m_ethnicity.submission_id = source.submission_id and m_ethnicity.list = 'list_8'
    and m_ethnicity.column_name = 'ethnicity' and m_ethnicity.raw = source.ethnicity
left join code_readings as m_uasc
    on m_uasc.submission_id = source.submission_id and m_uasc.list = 'list_8'
    and m_uasc.column_name = 'uasc' and m_uasc.raw = source.uasc
left join code_readings as m_disability
    on m_disability.submission_id = source.submission_id and m_disability.list = 'list_8'
    and m_disability.column_name = 'disability' and m_disability.raw = source.disability
left join code_readings as m_category_of_need
    on m_category_of_need.submission_id = source.submission_id and m_category_of_need.list = 'list_8'
    and m_category_of_need.column_name = 'category_of_need' and m_category_of_need.raw = source.category_of_need
left join code_readings as m_second_period_12m
    on m_second_period_12m.submission_id = source.submission_id and m_second_period_12m.list = 'list_8'
    and m_second_period_12m.column_name = 'second_period_12m' and m_second_period_12m.raw = source.second_period_12m
left join code_readings as m_legal_status
    on m_legal_status.submission_id = source.submission_id and m_legal_status.list = 'list_8'
    and m_legal_status.column_name = 'legal_status' and m_legal_status.raw = source.legal_status
left join code_readings as m_permanence_plan
    on m_permanence_plan.submission_id = source.submission_id and m_permanence_plan.list = 'list_8'
    and m_permanence_plan.column_name = 'permanence_plan' and m_permanence_plan.raw = source.permanence_plan
left join code_readings as m_cla_end_reason
    on m_cla_end_reason.submission_id = source.submission_id and m_cla_end_reason.list = 'list_8'
    and m_cla_end_reason.column_name = 'cla_end_reason' and m_cla_end_reason.raw = source.cla_end_reason
left join code_readings as m_placement_type
    on m_placement_type.submission_id = source.submission_id and m_placement_type.list = 'list_8'
    and m_placement_type.column_name = 'placement_type' and m_placement_type.raw = source.placement_type
left join code_readings as m_placement_provider
    on m_placement_provider.submission_id = source.submission_id and m_placement_provider.list = 'list_8'
    and m_placement_provider.column_name = 'placement_provider' and m_placement_provider.raw = source.placement_provider
left join code_readings as m_placement_location
    on m_placement_location.submission_id = source.submission_id and m_placement_location.list = 'list_8'
    and m_placement_location.column_name = 'placement_location' and m_placement_location.raw = source.placement_location
left join code_readings as m_return_interview_offered
    on m_return_interview_offered.submission_id = source.submission_id and m_return_interview_offered.list = 'list_8'
    and m_return_interview_offered.column_name = 'return_interview_offered' and m_return_interview_offered.raw = source.return_interview_offered
left join code_readings as m_return_interview_accepted
    on m_return_interview_accepted.submission_id = source.submission_id and m_return_interview_accepted.list = 'list_8'
    and m_return_interview_accepted.column_name = 'return_interview_accepted' and m_return_interview_accepted.raw = source.return_interview_accepted;
