-- regional/rates_no_region: every LA loaded without a region in the published measures' terms,
-- each beside England and its own published region.
-- Grain: one row per LA x comparable measure (comparable_measures).
-- Parameters: edition.
-- Rule: as regional/rates_in_region (docs/methodology/national-comparisons.md N1-N3, N7), for the
-- submissions loaded with no region.
select m.*
from comparable_measures(null, null, ?, null, null) as m
where m.comparable
    and m.submission_id in (select s.submission_id from submissions as s where s.region is null)
order by m.la_code, m.measure_no
