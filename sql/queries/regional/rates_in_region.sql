-- regional/rates_in_region: every LA loaded under a region in the published measures' terms
-- (rates per 10,000 children aged 0-17, annualised flows, proportions as published), each beside
-- England and its own published region.
-- Grain: one row per LA x comparable measure (comparable_measures).
-- Parameters: edition, region (the region as the submissions were loaded with it).
-- Rule: comparable or nothing (docs/methodology/national-comparisons.md N1-N3, N7); each LA is
-- counted from its current submission to its own as-at date (windows.md W1, W4). No comparator
-- LA: a fictional LA has no population, so only its proportions are shown. The page filters the
-- rows to the signed-in user's LAs.
select * from comparable_measures(null, null, ?, null, null, in_region := ?)
where comparable
order by la_code, measure_no
