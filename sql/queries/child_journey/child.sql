-- child_journey/child: one child's model at the reference date: status, journey stage,
-- demographics and flags.
-- Grain: one row (none for a case ID not in the data).
-- Parameters: la, ref_date, edition, sampling_months, sibling_threshold (the sidebar's),
-- child_id.
-- Rule: the children mart (docs/methodology/case-selection.md C1-C8, data.md D1-D6).
select *
from children(?, ref_date := ?, edition := ?, sampling_months := ?, sibling_threshold := ?)
where child_id = ?
