-- list_monthly(la, ref_date, edition, list_key, as_at): children starting on one list in each
-- calendar month of its window: the trend of the "Lists in detail" page (docs/methodology/
-- lists.md L3).
-- Parameters as list_detail_rows (la, ref_date, edition, list_key, as_at).
-- Grain: one row per LA x calendar month that the list's window touches, from the month of its
-- first day to the month of the reference date (none for list 9, a point-in-time list with no
-- window of months, and none where the list has no start date).
-- Columns: month_start, month_end (the calendar month), counted_from and counted_to (the days of
-- the month inside the window), partial (the window covers only part of the month: its first
-- month when the window does not start on the 1st, the reference date's month when ref is not
-- its last day), children (different child IDs with a row starting in those days; list 11:
-- adopters), starts (rows starting in those days, blank IDs included), window_from, ref_date,
-- as_at_date (the submission's as-at date, which the chart marks beside the reference date).
-- Rule (L3): a row starts on its list's start date (list_detail_catalogue.start_date_name). A
-- child counts once in a month however many rows start in it, and in each month it has one, so
-- the months can add up to more than the children who started in the window; starts counts
-- every row. Windows as docs/methodology/windows.md W2-W3.
create or replace macro list_monthly(la, ref_date, edition, list_key, as_at := null) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

windows as (
    select w.submission_id, w.from_date, w.to_date
    from briefing_windows(la, ref_date := ref_date, edition := edition, as_at := as_at) as w
    where w.window_key = cast(list_key as varchar) and w.from_date is not null
),

months as (
    select
        sc.la_code,
        sc.submission_id,
        sc.ref_date,
        sc.as_at_date,
        w.from_date,
        cast(m.month_start as date) as month_start,
        cast(m.month_start + interval 1 month - interval 1 day as date) as month_end
    from scope as sc
    join windows as w on w.submission_id = sc.submission_id
    cross join lateral (
        select unnest(generate_series(
            date_trunc('month', w.from_date), date_trunc('month', w.to_date), interval 1 month
        )) as month_start
    ) as m
),

bounded as (
    select
        m.*,
        greatest(m.month_start, m.from_date) as counted_from,
        least(m.month_end, m.ref_date) as counted_to
    from months as m
),

starts as (
    select r.submission_id, r.child_id, r.start_date
    from list_detail_rows(la, ref_date, edition, list_key, as_at := as_at) as r
    -- The list's own window flag (L1: the page does not decide the window again): a row dated
    -- in the months but out of the window (ended before it started) is not a start.
    where r.start_date is not null and r.in_window
)

select
    b.la_code,
    b.submission_id,
    b.month_start,
    b.month_end,
    b.counted_from,
    b.counted_to,
    b.counted_from > b.month_start or b.counted_to < b.month_end as partial,
    count(distinct s.child_id) as children,
    count(s.start_date) as starts,
    b.from_date as window_from,
    b.ref_date,
    b.as_at_date
from bounded as b
left join starts as s
    on s.submission_id = b.submission_id
    and s.start_date between b.counted_from and b.counted_to
group by all
order by b.la_code, b.month_start;
