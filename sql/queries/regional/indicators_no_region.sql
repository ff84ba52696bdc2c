-- regional/indicators_no_region: the briefing's key indicators for every LA loaded without a
-- region, each LA counted from its current submission to its own as-at date.
-- Grain: one row per LA x key indicator (regional_indicators).
-- Parameters: edition.
-- Rule: the briefing's own definitions, per LA (regional_indicators;
-- docs/methodology/windows.md W1, W4). The page filters the rows to the signed-in user's LAs.
select * from regional_indicators(null, edition := ?) where region is null
