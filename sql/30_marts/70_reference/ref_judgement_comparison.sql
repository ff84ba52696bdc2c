-- ref_judgement_comparison: one row per LA in the scraped judgements file (ref_ilacs_judgements,
-- each LA's latest report) or in Ofsted's official outcomes (ref_ofsted_outcomes), comparing the
-- two on the same inspection.
-- Rules (issue 12, point 5):
-- - The same inspection: the official row of the LA whose inspection date (first day of
--   fieldwork) is within 31 days of the scraped start date (the closest), or, when the scraped
--   file has no dates, the one published on the same day. Fields compared: inspection and
--   publication dates, type, framework and the five grades, each null-safe (a grade in one
--   source and none in the other differs).
-- - Grades are compared as each framework made them (ref_ilacs_framework): before 2023 both
--   sources have no care leavers grade; from April 2026 neither has an overall grade. Nothing is
--   imputed to make them agree.
-- - The scraped file is the later snapshot: an inspection that started after the official
--   snapshot's date, or was published after its "published by" date, cannot be in it and is
--   'after official snapshot', not a disagreement.
-- - Former LAs (Ofsted's status 'No longer exists') are not compared: the scraped file lists
--   current LAs only.
-- comparison: agree | disagree | after official snapshot | official has a later inspection |
--   inspection missing from official | only scraped | only official | official outcomes not
--   loaded | scraped file not loaded. `disagrees` is true for the cases to look at.
create or replace view ref_judgement_comparison as
with snapshot as (
    select
        max(snapshot_as_at) as as_at,
        max(reports_published_by) as published_by,
        count(*) as official_rows,
        (select count(*) from ref_ilacs_judgements) as scraped_rows
    from ref_ofsted_outcomes
),

scraped as (
    select
        *,
        coalesce(inspection_start_date, inspection_end_date) as inspection_date
    from ref_ilacs_judgements
),

official_latest as (
    -- An LA's latest inspection as Ofsted's 'Inspections as at 31 March' sheet gives it (current
    -- LAs only); without that sheet, the latest inspection of each current LA.
    select *
    from ref_ofsted_outcomes
    where la_code is not null
        and coalesce(latest_at_snapshot, la_status is distinct from 'No longer exists')
    qualify row_number() over (
        partition by la_code
        order by coalesce(latest_at_snapshot, false) desc, inspection_date desc
    ) = 1
),

matched as (
    select
        s.la_code,
        o.inspection_date,
        o.publication_date,
        o.inspection_type,
        o.framework,
        o.overall_grade,
        o.leaders_grade,
        o.help_and_protection_grade,
        o.in_care_grade,
        o.care_leavers_grade
    from scraped as s
    join ref_ofsted_outcomes as o
        on o.la_code = s.la_code
        and (
            abs(date_diff('day', o.inspection_date, s.inspection_date)) <= 31
            or (s.inspection_date is null and o.publication_date = s.publication_date)
        )
    qualify row_number() over (
        partition by s.la_code
        order by abs(date_diff('day', o.inspection_date,
                               coalesce(s.inspection_date, o.inspection_date)))
    ) = 1
),

las as (
    select la_code from scraped
    union
    select la_code from official_latest
),

paired as (
    select
        l.la_code,
        coalesce(s.la_name, ol.la_name) as la_name,
        s.la_code is not null as in_scraped,
        ol.la_code is not null as in_official,
        m.la_code is not null as same_inspection_found,
        s.inspection_start_date as scraped_inspection_date,
        s.publication_date as scraped_publication_date,
        s.framework as scraped_framework,
        s.overall_grade as scraped_overall_grade,
        m.inspection_date as official_inspection_date,
        m.overall_grade as official_overall_grade,
        ol.inspection_date as official_latest_inspection_date,
        snap.as_at as official_as_at,
        snap.published_by as official_published_by,
        snap.official_rows,
        snap.scraped_rows,
        s.inspection_date > snap.as_at
        or s.publication_date > snap.published_by as after_snapshot,
        ol.inspection_date > coalesce(m.inspection_date, s.inspection_date) + 31
            as official_later,
        case when m.la_code is not null then list_filter([
            {'field': 'inspection_date', 'scraped': cast(s.inspection_start_date as varchar),
             'official': cast(m.inspection_date as varchar)},
            {'field': 'publication_date', 'scraped': cast(s.publication_date as varchar),
             'official': cast(m.publication_date as varchar)},
            {'field': 'inspection_type', 'scraped': s.inspection_type,
             'official': m.inspection_type},
            {'field': 'framework', 'scraped': s.framework, 'official': m.framework},
            {'field': 'overall_grade', 'scraped': s.overall_grade,
             'official': m.overall_grade},
            {'field': 'leaders_grade', 'scraped': s.leaders_grade,
             'official': m.leaders_grade},
            {'field': 'help_and_protection_grade', 'scraped': s.help_and_protection_grade,
             'official': m.help_and_protection_grade},
            {'field': 'in_care_grade', 'scraped': s.in_care_grade,
             'official': m.in_care_grade},
            {'field': 'care_leavers_grade', 'scraped': s.care_leavers_grade,
             'official': m.care_leavers_grade}
        ], lambda x: x.scraped is distinct from x.official) end as differences
    from las as l
    cross join snapshot as snap
    left join scraped as s on s.la_code = l.la_code
    left join official_latest as ol on ol.la_code = l.la_code
    left join matched as m on m.la_code = l.la_code
),

classified as (
    select
        * exclude (official_rows, scraped_rows, after_snapshot, official_later, differences),
        case
            when official_rows = 0 then 'official outcomes not loaded'
            when scraped_rows = 0 then 'scraped file not loaded'
            when not in_scraped then 'only official'
            when official_later then 'official has a later inspection'
            when same_inspection_found and len(differences) = 0 then 'agree'
            when same_inspection_found then 'disagree'
            when coalesce(after_snapshot, false) then 'after official snapshot'
            when not in_official then 'only scraped'
            else 'inspection missing from official'
        end as comparison,
        coalesce([d.field for d in differences], []) as differing_fields,
        differences
    from paired
)

select
    *,
    comparison in ('disagree', 'official has a later inspection',
                   'inspection missing from official', 'only scraped', 'only official')
        as disagrees
from classified;
