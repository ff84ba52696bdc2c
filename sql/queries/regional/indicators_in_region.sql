-- regional/indicators_in_region: the briefing's key indicators for every LA loaded under a
-- region, each LA counted from its current submission to its own as-at date.
-- Grain: one row per LA x key indicator (regional_indicators).
-- Parameters: region (the region as the submissions were loaded with it), edition.
-- Rule: the briefing's own definitions, per LA (regional_indicators;
-- docs/methodology/windows.md W1, W4). The page filters the rows to the signed-in user's LAs.
select * from regional_indicators(null, in_region := ?, edition := ?)
