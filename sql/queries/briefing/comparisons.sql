-- briefing/comparisons: one LA's figures in the published measures' terms beside England, its
-- region, its statistical neighbours and its quartile, for the national context.
-- Grain: one row per comparable measure (comparable_measures).
-- Parameters: la, ref_date, edition (the sidebar's), compare_as (the real LA a fictional one is
-- compared as, sidebar "Compare as"; null = none). as_at is null: the current submission.
-- Rule: comparable or nothing (docs/methodology/national-comparisons.md N1-N7).
select * from comparable_measures(?, ?, ?, null, ?)
