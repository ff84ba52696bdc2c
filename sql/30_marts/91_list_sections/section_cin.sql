-- section_cin(la, ref_date, edition, as_at): the children in need section of the Lists in detail
-- page (list 6): the children by primary need code, and by how long their episode of need had
-- lasted at the reference date (or at its closure).
-- Parameters as int_scope (null ref_date = the submission's as-at date; edition sets the window).
-- Grain: one row per LA x measure x category, every category present (n = 0 when none), in
-- category order.
-- Columns: la_code, submission_id, ref_date, window_from (first day of the list 6 window),
-- measure ('primary_need' | 'episode_length'), category_no, category, n (children), n_open (of
-- them, open at ref), n_closed (closed in the window), total (children in the window, less the
-- 'before the start' category), pct (100 n / total, one decimal; null for 'before the start').
-- Rules (docs/methodology/list-sections.md):
-- * LS1: children, not rows: each child's most recent row of those in the list's window
--   (int_cin.in_window: open at ref, or closed in the window; ILACS ¶258), most recent by CIN
--   start date, then by the row's place in the sheet (list_detail_rows.latest_in_window, the one home of
--   that choice). Rows without a child ID are not counted.
-- * LS2 primary_need: the census's primary need codes N1-N9 and N0 (ref_code 'primary_need'),
--   matched by their token (code_token); a blank is 'not recorded', a value that is not a
--   template code 'not a template code' (the row's unread_codes).
-- * LS2 episode_length: from the CIN start date to the reference date while open, or to the
--   closure date when closed in the window, in calendar months (docs/methodology/windows.md
--   W2): under 3 months, 3-6 months, 6-12 months, 1-2 years, 2 years or more; 'not known' when
--   the start date is blank; 'before the start' (LS8) when closed before it started (a data
--   error: not in total).
-- Source: int_cin (list 6, ILACS ¶258); ref_code (template Codes_used).
create or replace macro section_cin(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    as_at := null
) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

chosen as (
    select c.*
    from int_cin(la, ref_date, edition, as_at) as c
    semi join list_detail_rows(la, ref_date, edition, 'list_6', as_at := as_at) as lr
        on lr.submission_id = c.submission_id and lr.sheet = c.sheet
        and lr.row_number = c.row_number and lr.latest_in_window
),

needs as (
    select
        r.code,
        code_token(r.code) as token,
        row_number() over (order by r.sort_order) as category_no
    from ref_code as r
    where r.code_list = 'primary_need'
),

categories (measure, category_no, category) as (
    select 'primary_need', n.category_no, n.code from needs as n
    union all select 'primary_need', 90, 'not recorded'
    union all select 'primary_need', 91, 'not a template code'
    union all
    select 'episode_length', b.category_no, b.category
    from (
        values (1, 'under 3 months'), (2, '3-6 months'), (3, '6-12 months'), (4, '1-2 years'),
            (5, '2 years or more'), (6, 'not known'), (7, 'before the start')
    ) as b (category_no, category)
),

need_of_child as (
    select
        c.submission_id,
        c.open_at_ref,
        c.closed_in_window,
        coalesce(
            n.code,
            case when list_contains(c.unread_codes, 'primary_need') then 'not a template code' end,
            'not recorded'
        ) as category
    from chosen as c
    left join needs as n on n.token = code_token(c.primary_need)
),

length_of_child as (
    select
        c.submission_id,
        c.open_at_ref,
        c.closed_in_window,
        case
            when c.cin_start_date is null then 'not known'
            when c.episode_to < c.cin_start_date then 'before the start'
            when c.episode_to < c.cin_start_date + interval 3 month then 'under 3 months'
            when c.episode_to < c.cin_start_date + interval 6 month then '3-6 months'
            when c.episode_to < c.cin_start_date + interval 12 month then '6-12 months'
            when c.episode_to < c.cin_start_date + interval 24 month then '1-2 years'
            else '2 years or more'
        end as category
    from (
        select
            ch.*,
            case when ch.open_at_ref then ch.ref_date else ch.cin_end_date end as episode_to
        from chosen as ch
    ) as c
),

counted as (
    select submission_id, 'primary_need' as measure, category, count(*) as n,
        count(*) filter (where open_at_ref) as n_open,
        count(*) filter (where closed_in_window) as n_closed
    from need_of_child
    group by all
    union all
    select submission_id, 'episode_length', category, count(*),
        count(*) filter (where open_at_ref), count(*) filter (where closed_in_window)
    from length_of_child
    group by all
),

framed as (
    select
        sc.la_code,
        sc.submission_id,
        sc.ref_date,
        sc.cin_from as window_from,
        k.measure,
        k.category_no,
        k.category,
        coalesce(c.n, 0) as n,
        coalesce(c.n_open, 0) as n_open,
        coalesce(c.n_closed, 0) as n_closed,
        cast(coalesce(sum(c.n) filter (where k.category <> 'before the start')
            over (partition by sc.submission_id, k.measure), 0) as bigint) as total
    from scope as sc
    cross join categories as k
    left join counted as c
        on c.submission_id = sc.submission_id
        and c.measure = k.measure
        and c.category = k.category
)

select
    f.*,
    case
        when f.category <> 'before the start' and f.total > 0
            then round(100.0 * f.n / f.total, 1)
    end as pct
from framed as f
order by f.la_code, f.measure desc, f.category_no;
