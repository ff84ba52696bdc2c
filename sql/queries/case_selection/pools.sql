-- case_selection/pools: every child of every candidate pool at the sample's settings, with the
-- reason the child is in it.
-- Grain: one row per pool x child (sample_pools).
-- Parameters: la, ref_date, edition, sampling_months, sibling_threshold, as_at (the sample's
-- own settings, as for every mart: int_scope).
-- Rule: the pools (docs/methodology/case-selection.md C1-C3, C7-C8), in sample_pools.
select pool, child_id, reason
from sample_pools(
    ?,
    ref_date := ?,
    edition := ?,
    sampling_months := ?,
    sibling_threshold := ?,
    as_at := ?
)
order by child_id
