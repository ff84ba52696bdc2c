-- sidebar/compare_as_options: the real LAs a fictional one may be compared as (sidebar
-- "Compare as"), by name.
-- Grain: one row per LA in the published population statistics.
-- Parameters: none.
-- Rule: only an LA with a published child population can stand in for a fictional one
-- (docs/methodology/national-comparisons.md N7). The page filters the rows to the signed-in
-- user's LAs.
select
    la_code,
    any_value(la_name) as la_name
from ref_population
where geography_level = 'la' and la_code is not null
group by la_code
order by la_name
