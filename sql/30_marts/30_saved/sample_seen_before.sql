-- sample_seen_before: the cross-reference between saved visits to the same LA: for each child in
-- a saved sample, every earlier saved visit at which the same child ID was tracked, sampled or
-- audited (000 ¶37, 002 ¶137; docs/methodology/case-selection.md C6).
-- Grain: one row per saved member (visit x child x role) x earlier visit x earlier role.
-- Rules: "earlier" compares visit dates (first day on site, else reference date), then visit ids,
-- so two visits on the same day are still ordered. Child IDs match as text
-- (docs/methodology/data.md D1); the match is within the LA only, since IDs are only unique within
-- an LA.
create or replace view sample_seen_before as
select
    v.visit_id,
    v.la_code,
    v.visit_type,
    coalesce(v.visit_start, v.ref_date) as visit_date,
    m.child_id,
    m.role,
    e.visit_id as earlier_visit_id,
    e.visit_type as earlier_visit_type,
    coalesce(e.visit_start, e.ref_date) as earlier_visit_date,
    em.role as earlier_role,
    em.reason as earlier_reason
from sample_members as m
join sample_visits as v on v.visit_id = m.visit_id
join sample_members as em on em.child_id = m.child_id
join sample_visits as e
    on e.visit_id = em.visit_id
    and e.la_code = v.la_code
    and (coalesce(e.visit_start, e.ref_date), e.visit_id)
        < (coalesce(v.visit_start, v.ref_date), v.visit_id);
