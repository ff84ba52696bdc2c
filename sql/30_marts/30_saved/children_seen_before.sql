-- children_seen_before(la, before_date, before_visit): the children of an LA whose cases were
-- tracked, sampled or audited at a saved earlier visit, so a later visit can see them (and the
-- sampler can leave them out). 000 ¶37, 002 ¶137: "record the case numbers of tracked and sampled
-- cases so that these can be cross-referenced in future visits";
-- docs/methodology/case-selection.md C6.
-- Parameters: la (LA code; null = every LA); before_date (null = no date limit; else visits whose
-- date is before it); before_visit (null = no limit; else the saved visits earlier than that
-- visit, ordered as sample_seen_before orders them, so a saved sample never counts itself and
-- the pools of a saved sample say what its own table says). Without either limit every saved
-- visit counts: the visit being prepared comes after all of them.
-- A visit's date is its first day on site, else its reference date; "earlier" compares visit
-- dates, then visit ids (two visits on the same day are still ordered).
-- Grain: one row per LA x child ID seen at one or more saved visits.
create or replace macro children_seen_before(la, before_date := null, before_visit := null)
as table
select
    v.la_code,
    m.child_id,
    count(distinct v.visit_id) as visits_seen,
    max(coalesce(v.visit_start, v.ref_date)) as last_seen_date,
    arg_max(v.visit_id, (coalesce(v.visit_start, v.ref_date), v.visit_id)) as last_visit_id,
    list(distinct m.role order by m.role) as roles,
    list(distinct v.visit_id order by v.visit_id) as visit_ids
from sample_members as m
join sample_visits as v on v.visit_id = m.visit_id
left join sample_visits as this_visit on this_visit.visit_id = cast(before_visit as integer)
where (la is null or v.la_code = cast(la as varchar))
    and (before_date is null or coalesce(v.visit_start, v.ref_date) < cast(before_date as date))
    and (
        before_visit is null
        or (coalesce(v.visit_start, v.ref_date), v.visit_id)
        < (coalesce(this_visit.visit_start, this_visit.ref_date), this_visit.visit_id)
    )
group by v.la_code, m.child_id;
