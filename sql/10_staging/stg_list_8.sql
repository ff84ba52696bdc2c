-- stg_list_8: List 8: Children in care, typed and code-normalised.
-- Grain: one row per source row of raw_list_8 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (DECISIONS.md 8a), codes map_code to the Codes_used codes
-- (DECISIONS.md 6), IDs clean_id (DECISIONS.md 4). A value that fails to type is null
-- here and kept as written in <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.staging_sql`: edit the spec.
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
    map_code('gender', source.gender) as gender,  -- code (gender)
    map_code('ethnicity', source.ethnicity) as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    map_code('yes_no', source.uasc) as uasc,  -- code (yes_no)
    map_code('yes_no_unknown', source.disability) as disability,  -- code (yes_no_unknown)
    parse_date(source.cla_start_date) as cla_start_date,  -- date
    map_code('category_of_need', source.category_of_need) as category_of_need,  -- code (category_of_need)
    map_code('yes_no', source.second_period_12m) as second_period_12m,  -- code (yes_no)
    parse_date(source.legal_status_start_date) as legal_status_start_date,  -- date
    map_code('legal_status', source.legal_status) as legal_status,  -- code (legal_status)
    parse_date(source.last_review_date) as last_review_date,  -- date
    parse_date(source.last_visit_date) as last_visit_date,  -- date
    map_code('permanence_plan', source.permanence_plan) as permanence_plan,  -- code (permanence_plan)
    parse_date(source.last_iro_contact_date) as last_iro_contact_date,  -- date
    parse_date(source.last_health_assessment_date) as last_health_assessment_date,  -- date
    parse_date(source.last_dental_check_date) as last_dental_check_date,  -- date
    parse_int(source.placements_12m) as placements_12m,  -- int
    parse_date(source.cla_end_date) as cla_end_date,  -- date
    map_code('cla_end_reason', source.cla_end_reason) as cla_end_reason,  -- code (cla_end_reason)
    parse_date(source.placement_start_date) as placement_start_date,  -- date
    map_code('placement_type', source.placement_type) as placement_type,  -- code (placement_type)
    map_code('placement_provider', source.placement_provider) as placement_provider,  -- code (placement_provider)
    clean_text(source.placement_postcode) as placement_postcode,  -- text
    clean_text(source.placement_urn) as placement_urn,  -- text
    map_code('placement_location', source.placement_location) as placement_location,  -- code (placement_location)
    clean_text(source.placement_la) as placement_la,  -- text
    parse_int(source.missing_episodes_12m) as missing_episodes_12m,  -- int
    parse_int(source.absent_episodes_12m) as absent_episodes_12m,  -- int
    map_code('yes_no_unknown', source.return_interview_offered) as return_interview_offered,  -- code (yes_no_unknown)
    map_code('yes_no_unknown', source.return_interview_accepted) as return_interview_accepted,  -- code (yes_no_unknown)
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker,  -- text
    parse_int(source.sibling_count) as sibling_count  -- int
from raw_list_8 as source;
