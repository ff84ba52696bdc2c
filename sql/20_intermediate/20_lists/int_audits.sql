-- int_audits(la, ref_date, edition, as_at): the LA's list of case audits (002 ¶266), with the
-- last monitoring visit before ref for the audited-since-the-last-visit rule (002 ¶130, ¶131).
-- Grain: one row per source row (an audit of a child; a child may have several).
-- Rules: in_window when the audit was completed in [audits_from, ref] (¶266: the six months
-- before the inspection or visit). last_monitoring_visit: the latest monitoring visit to the LA
-- before ref, from the LA's cycle events (la_events) or a saved monitoring-visit sample
-- (sample_visits); since_last_monitoring_visit: completed after it and on or before ref
-- (docs/methodology/case-selection.md C7). Audits after ref are not yet done.
create or replace macro int_audits(la, ref_date, edition, as_at) as table
with last_visit as (
    select
        sc.la_code,
        max(v.visit_date) as last_monitoring_visit
    from int_scope(la, ref_date, edition, as_at) as sc
    join (
        select e.la_code, e.event_date as visit_date
        from la_events as e
        where e.event_type = 'monitoring_visit'
        union all
        select v.la_code, coalesce(v.visit_start, v.ref_date) as visit_date
        from sample_visits as v
        where v.visit_type = 'monitoring'
    ) as v on v.la_code = sc.la_code and v.visit_date < sc.ref_date
    group by sc.la_code
)

select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    r.child_id,
    r.sheet,
    r.row_number,
    r.audit_theme,
    r.audit_date,
    coalesce(r.audit_date between sc.audits_from and sc.ref_date, false) as in_window,
    lv.last_monitoring_visit,
    coalesce(r.audit_date > lv.last_monitoring_visit and r.audit_date <= sc.ref_date, false)
        as since_last_monitoring_visit
from int_scope(la, ref_date, edition, as_at) as sc
join int_audits_rows as r on r.submission_id = sc.submission_id
left join last_visit as lv on lv.la_code = sc.la_code;
