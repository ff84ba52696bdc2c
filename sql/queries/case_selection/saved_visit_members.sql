-- case_selection/saved_visit_members: a saved visit's children as recorded, tracked then audited
-- then sampled, to copy into the editor (seen_before false: worked out again there).
-- Grain: one row per child x role in the visit (sample_members).
-- Parameters: visit_id.
-- Rule: docs/methodology/case-selection.md C6.
select
    m.*,
    false as seen_before
from sample_members as m
where visit_id = ?
order by case role when 'tracked' then 1 when 'audited' then 2 else 3 end, pick_order
