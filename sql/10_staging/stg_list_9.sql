-- stg_list_9: List 9: Care leavers, typed and code-normalised.
-- Grain: one row per source row of raw_list_9 (every submission). One row per child is expected (002 ¶260), but every row is kept.
-- Rules: dates parse_date (DECISIONS.md 8a), codes map_code to the Codes_used codes
-- (DECISIONS.md 6), IDs clean_id (DECISIONS.md 4). A value that fails to type is null
-- here and kept as written in <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.staging_sql`: edit the spec.
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
    map_code('gender', source.gender) as gender,  -- code (gender)
    map_code('ethnicity', source.ethnicity) as ethnicity,  -- code (ethnicity)
    parse_date(source.dob) as dob,  -- date
    parse_age(source.age) as age,  -- age
    map_code('yes_no_unknown', source.disability) as disability,  -- code (yes_no_unknown)
    clean_text(source.team) as team,  -- text
    clean_text(source.worker) as worker,  -- text
    map_code('eligibility', source.eligibility) as eligibility,  -- code (eligibility)
    map_code('in_touch', source.in_touch) as in_touch,  -- code (in_touch)
    map_code('accommodation', source.accommodation) as accommodation,  -- code (accommodation)
    map_code('suitability', source.accommodation_suitable) as accommodation_suitable,  -- code (suitability)
    map_code('activity', source.activity) as activity,  -- code (activity)
    map_code('yes_no', source.uasc) as uasc,  -- code (yes_no)
    clean_text(source.personal_adviser) as personal_adviser,  -- text
    parse_date(source.pathway_plan_review_date) as pathway_plan_review_date,  -- date
    parse_date(source.latest_contact_date) as latest_contact_date  -- date
from raw_list_9 as source;
