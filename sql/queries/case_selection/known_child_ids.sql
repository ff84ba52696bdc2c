-- case_selection/known_child_ids: every case ID of the LA at the sample's settings, to check the
-- IDs typed to add.
-- Grain: one row per child (children).
-- Parameters: la, ref_date, edition, sampling_months, sibling_threshold, as_at (the sample's
-- own settings).
-- Rule: case IDs are matched exactly as the LA wrote them (docs/methodology/data.md D1).
select child_id
from children(
    ?,
    ref_date := ?,
    edition := ?,
    sampling_months := ?,
    sibling_threshold := ?,
    as_at := ?
)
