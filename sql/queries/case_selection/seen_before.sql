-- case_selection/seen_before: the children of an LA seen in a sample saved before a visit, with
-- those visits and the last date seen.
-- Grain: one row per child seen before (children_seen_before).
-- Parameters: la_code, before_visit (null = before a new visit, i.e. every saved visit).
-- Rule: seen before = in a sample saved for an earlier visit to the same LA
-- (docs/methodology/case-selection.md C6; 000 ¶37).
select child_id, visit_ids as visits, last_seen_date
from children_seen_before(?, before_visit := ?)
