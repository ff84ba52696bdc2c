-- national_context/distribution: every English LA's published value of each of some measures,
-- to place the LA among them.
-- Grain: one row per measure x LA with a published value (comparison_distribution).
-- Parameters: measures (the measure names).
-- Rule: suppressed values are left out, never drawn as zero
-- (docs/methodology/national-comparisons.md N3). Ordered, so that the chart's data (and the
-- spec Streamlit compares between reruns) is the same on every run.
select measure, value
from comparison_distribution
where list_contains(?, measure)
order by measure, value
