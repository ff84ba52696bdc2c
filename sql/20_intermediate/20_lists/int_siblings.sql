-- int_siblings(la, ref_date, edition, as_at): the separate sibling sheet for list 8 (002 ¶262).
-- Grain: one row per child ID with a count (the last row listed wins when a child repeats).
-- Rules: sibling_count = the number of brothers and sisters the child has (¶262). The list 8
-- column, when supplied, is used first (int_cla.sibling_count; see children).
create or replace macro int_siblings(la, ref_date, edition, as_at) as table
select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    r.child_id,
    arg_max(r.sibling_count, r.row_number) as sibling_count
from int_scope(la, ref_date, edition, as_at) as sc
join int_siblings_rows as r on r.submission_id = sc.submission_id
where r.child_id is not null and r.sibling_count is not null
group by sc.la_code, sc.submission_id, sc.ref_date, r.child_id;
