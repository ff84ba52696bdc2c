-- comparison_distribution: where every English LA stands on each measure comparable_measures
-- compares, for the Briefing's small charts that place the LA among all LAs.
-- Grain: one row per measure x LA with a published value in the measure's latest year.
-- Rule: the measure's latest year with any LA value (as comparable_measures); suppressed values
-- are left out, never drawn as zero (docs/methodology/national-comparisons.md N3).
create or replace view comparison_distribution as
with latest as (
    select measure, max(time_period) as time_period
    from ref_published
    where value is not null and geography_level = 'la'
    group by all
)

select r.measure, r.time_period, r.la_code, r.la_name, r.region_name, r.value
from ref_published as r
join latest as l using (measure, time_period)
where r.geography_level = 'la' and r.value is not null;
