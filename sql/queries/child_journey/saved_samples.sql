-- child_journey/saved_samples: the saved samples of the LA that include one child, by visit date.
-- Grain: one row per saved visit x role the child had in it.
-- Parameters: la_code, child_id.
-- Rule: a visit's date is its first day on site, else its reference date
-- (docs/methodology/case-selection.md C6).
select
    v.visit_id,
    v.visit_type,
    coalesce(v.visit_start, v.ref_date) as visit_date,
    m.role,
    m.reason,
    v.saved_by
from sample_members as m
join sample_visits as v using (visit_id)
where v.la_code = ? and m.child_id = ?
order by visit_date, v.visit_id
