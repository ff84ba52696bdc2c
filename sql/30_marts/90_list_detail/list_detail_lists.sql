-- list_detail_lists(la, ref_date, edition, as_at): the lists 1-11 of an LA's submission that the
-- "Lists in detail" page offers, with what it can show for each and the window it counts in.
-- Parameters as int_scope (null ref_date = the submission's as-at date; edition sets the windows;
-- null as_at = the current submission).
-- Grain: one row per LA x list (list_1 .. list_11, every list, supplied or not).
-- Columns: list_detail_catalogue's, rows_supplied (rows of the list in the submission, whatever
-- their date: 0 when the list was not supplied or was empty), and the list's window as
-- briefing_windows gives it (label, months, from_date, to_date, includes, reference).
-- Rule: docs/methodology/lists.md L1; windows as docs/methodology/windows.md W2-W3 (list 9 is a
-- point-in-time list: no from_date).
create or replace macro list_detail_lists(la, ref_date := null, edition := 'ilacs-2018',
    as_at := null) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

supplied as (
    select submission_id, 'list_1' as list_key, count(*) as n from int_list_1_rows group by all
    union all select submission_id, 'list_2', count(*) from int_list_2_rows group by all
    union all select submission_id, 'list_3', count(*) from int_list_3_rows group by all
    union all select submission_id, 'list_4', count(*) from int_list_4_rows group by all
    union all select submission_id, 'list_5', count(*) from int_list_5_rows group by all
    union all select submission_id, 'list_6', count(*) from int_list_6_rows group by all
    union all select submission_id, 'list_7', count(*) from int_list_7_rows group by all
    union all select submission_id, 'list_8', count(*) from int_list_8_rows group by all
    union all select submission_id, 'list_9', count(*) from int_list_9_rows group by all
    union all select submission_id, 'list_10', count(*) from int_list_10_rows group by all
    union all select submission_id, 'list_11', count(*) from int_list_11_rows group by all
)

select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    sc.as_at_date,
    c.*,
    coalesce(s.n, 0) as rows_supplied,
    w.label as window_label,
    w.months as window_months,
    w.from_date as window_from,
    w.to_date as window_to,
    w.includes as window_includes,
    w.reference as window_reference
from scope as sc
cross join list_detail_catalogue as c
left join supplied as s on s.submission_id = sc.submission_id and s.list_key = c.list_key
left join briefing_windows(la, ref_date := ref_date, edition := edition, as_at := as_at) as w
    on w.submission_id = sc.submission_id and w.window_key = c.list_key
order by sc.la_code, c.list_no;
