-- children_seen_before(la, before_date): the children of an LA whose cases were tracked, sampled
-- or audited at a saved earlier visit, so a later visit can see them (and the sampler can leave
-- them out). 000 ¶37, 002 ¶137: "record the case numbers of tracked and sampled cases so that
-- these can be cross-referenced in future visits"; DECISIONS.md 14.
-- Parameters: la (LA code; null = every LA); before_date (null = every saved visit; else visits
-- whose date is before it). A visit's date is its first day on site, else its reference date.
-- Grain: one row per LA x child ID seen at one or more saved visits.
create or replace macro children_seen_before(la, before_date := null) as table
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
where (la is null or v.la_code = cast(la as varchar))
    and (before_date is null or coalesce(v.visit_start, v.ref_date) < cast(before_date as date))
group by v.la_code, m.child_id;
