-- case_selection/saved_members: a saved visit's children, tracked then audited then sampled, each
-- with the earlier visits it was seen at.
-- Grain: one row per child x role in the visit (sample_members).
-- Parameters: visit_id.
-- Rule: seen before = in a sample saved for an earlier visit to the LA
-- (docs/methodology/case-selection.md C6, in sample_seen_before).
select
    m.role,
    m.pick_order,
    m.child_id,
    m.reason,
    m.current_status,
    m.age_band,
    (
        select string_agg(
            'visit ' || s.earlier_visit_id || ' ('
            || strftime(s.earlier_visit_date, '%d/%m/%Y') || ', ' || s.earlier_role || ')',
            '; '
            order by s.earlier_visit_id
        )
        from sample_seen_before as s
        where s.visit_id = m.visit_id and s.child_id = m.child_id and s.role = m.role
    ) as seen_before
from sample_members as m
where m.visit_id = ?
order by case m.role when 'tracked' then 1 when 'audited' then 2 else 3 end, m.pick_order
