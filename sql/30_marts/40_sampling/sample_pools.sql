-- sample_pools(la, ref_date, edition, sampling_months, sibling_threshold, as_at): the case-sample
-- pools, one row per child per pool, with the reason the child is in it. Pools and their rules:
-- sample_candidates (002 ¶131-137, ¶150-151, ¶266-267; docs/methodology/case-selection.md C1-C3):
-- 'sampling window', 'missing', 'exploitation', 'large sibling group', 'possible delay', 'LA audited'.
-- Parameters as for children.
-- Grain: one row per LA x child x pool (a child in the pool for several reasons appears once,
-- with the reasons joined by '; ').
create or replace macro sample_pools(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    sampling_months := 3,
    sibling_threshold := 2,
    as_at := null
) as table
select
    x.la_code,
    x.submission_id,
    x.ref_date,
    x.child_id,
    x.pool,
    string_agg(x.reason, '; ') as reason,
    any_value(x.seen_before) as seen_before
from (
    select
        sc.la_code,
        sc.submission_id,
        sc.ref_date,
        sc.child_id,
        sc.seen_before,
        unnest(sc.pool_reasons, recursive := true)
    from sample_candidates(la, ref_date, edition, sampling_months, sibling_threshold, as_at)
        as sc
) as x
group by x.la_code, x.submission_id, x.ref_date, x.child_id, x.pool;
