-- case_selection/saved_visits: the visits saved for an LA, newest first, with how many children
-- each tracked, took from the LA's audits and sampled.
-- Grain: one row per saved visit.
-- Parameters: la_code.
-- Rule: a visit's date is its first day on site, else its reference date
-- (docs/methodology/case-selection.md C6).
select
    v.visit_id,
    v.visit_type,
    coalesce(v.visit_start, v.ref_date) as visit_date,
    v.ref_date,
    v.saved_by,
    v.saved_at,
    v.note,
    count(m.child_id) filter (where m.role = 'tracked') as tracked,
    count(m.child_id) filter (where m.role = 'audited') as audited,
    count(m.child_id) filter (where m.role = 'sampled') as sampled
from sample_visits as v
left join sample_members as m using (visit_id)
where v.la_code = ?
group by all
order by v.visit_id desc
