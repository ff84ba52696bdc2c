-- regional/region_judgements: the latest published ILACS judgements of every LA in an Ofsted
-- region, loaded here or not.
-- Grain: one row per LA with a published judgement, by name.
-- Parameters: region (an Ofsted region code).
-- Rule: the lookup's name and region win over the judgements file's, as in int_la_directory; a
-- blank grade was missing or unreadable in the published file, never guessed
-- (docs/methodology/national-comparisons.md N5).
select
    j.la_code,
    coalesce(l.la_name, j.la_name) as la_name,
    j.overall_grade,
    j.leaders_grade,
    j.help_and_protection_grade,
    j.in_care_grade,
    j.care_leavers_grade,
    j.inspection_type,
    j.inspection_start_date,
    j.inspection_end_date,
    j.publication_date,
    j.report_url
from ref_ilacs_judgements as j
left join ref_la as l using (la_code)
where coalesce(l.region_code, j.region_code) = ?
order by la_name
