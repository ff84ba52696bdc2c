-- child_journey/candidate: the candidate pools one child is in at the reference date, with the
-- reason for each and the other facts the sampler weighs.
-- Grain: one row (none when the child is in no pool).
-- Parameters: la, ref_date, edition, sampling_months, sibling_threshold (the sidebar's),
-- child_id.
-- Rule: sample_candidates (docs/methodology/case-selection.md C1-C8).
select pools, pool_reasons, facts
from sample_candidates(?, ref_date := ?, edition := ?, sampling_months := ?, sibling_threshold := ?)
where child_id = ?
