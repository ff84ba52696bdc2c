-- child_journey/child_ids: every case ID of the LA at the reference date, to suggest close ones
-- when a typed ID is not found.
-- Grain: one row per child (children).
-- Parameters: la, ref_date, edition, sampling_months, sibling_threshold (the sidebar's, as for
-- every mart: int_scope).
-- Rule: case IDs are matched exactly as the LA wrote them (docs/methodology/data.md D1).
select child_id
from children(?, ref_date := ?, edition := ?, sampling_months := ?, sibling_threshold := ?)
