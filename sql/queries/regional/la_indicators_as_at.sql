-- regional/la_indicators_as_at: one LA's key indicators from its latest submission on or before
-- a date, to compare two of its submissions.
-- Grain: one row per key indicator (regional_indicators).
-- Parameters: la_code, edition, as_at (null = the current submission).
-- Rule: older submissions stay queryable by an "as at" date (docs/methodology/windows.md W4);
-- each is counted to its own as-at date (W1).
select * from regional_indicators(?, edition := ?, as_at := ?)
order by sort_order
