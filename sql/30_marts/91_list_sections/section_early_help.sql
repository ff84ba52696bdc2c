-- section_early_help(la, ref_date, edition, as_at): the early help section of the Lists in detail
-- page (list 2, early help assessments): whether each child's assessment was open or completed,
-- how long it took, and which organisation completed it.
-- Parameters as int_scope (null ref_date = the submission's as-at date; edition sets the window).
-- Grain: one row per LA x measure x category; every category of 'status' and
-- 'assessment_length' present (n = 0 when none); 'organisation' has the ten organisations with
-- the most children, then 'other organisations' and 'not recorded' (always present).
-- Columns: la_code, submission_id, ref_date, window_from (first day of the list 2 window),
-- measure ('status' | 'assessment_length' | 'organisation'), category_no, category, n
-- (children), episodes (assessments: rows in the window with a child ID, each in the category of
-- its own dates), total (children in the window, less 'before the start'), pct (100 n / total).
-- Rules (docs/methodology/list-sections.md):
-- * LS1: children, not rows: each child's most recent assessment of those in the list's window
--   (int_early_help.in_window: open at any time in the window; ILACS ¶258), most recent by start
--   date, then by the row's place in the sheet; list 2 may hold several rows a child (ILACS ¶261).
-- * LS3 status: open at the reference date (no completion date, or one after ref) or completed in
--   the window, each split by whether the assessment started in the window or before it.
-- * LS3 assessment_length: start to completion, or to ref while open, in calendar months: under 1
--   month, 1-3 months, 3-6 months, 6-12 months, 1 year or more; 'before the start' (LS8) when
--   completed before it started (a data error: not in total).
-- * LS3 organisation: "Organisation completing assessment" (free text), trimmed and compared
--   without regard to case, shown as most often written. List 2 has no outcome or reason for
--   closure column (ingest/spec/annex_a.toml): the organisation is the only coded-like field.
-- Source: int_early_help (list 2, ILACS ¶258, ¶261).
create or replace macro section_early_help(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    as_at := null
) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

rows_in_window as (
    select
        e.*,
        sc.early_help_from,
        case
            when e.open_at_ref and e.eh_start_date >= sc.early_help_from
                then 'open at the reference date, started in the window'
            when e.open_at_ref then 'open at the reference date, started before the window'
            when e.eh_start_date >= sc.early_help_from
                then 'completed in the window, started in it'
            else 'completed in the window, started before it'
        end as status,
        case when e.open_at_ref then e.ref_date else e.eh_end_date end as assessment_to,
        nullif(lower(trim(e.eh_organisation)), '') as organisation_key
    from int_early_help(la, ref_date, edition, as_at) as e
    join scope as sc on sc.submission_id = e.submission_id
    where e.in_window and e.child_id is not null
),

classified as (
    select
        r.*,
        case
            when r.assessment_to < r.eh_start_date then 'before the start'
            when r.assessment_to < r.eh_start_date + interval 1 month then 'under 1 month'
            when r.assessment_to < r.eh_start_date + interval 3 month then '1-3 months'
            when r.assessment_to < r.eh_start_date + interval 6 month then '3-6 months'
            when r.assessment_to < r.eh_start_date + interval 12 month then '6-12 months'
            else '1 year or more'
        end as assessment_length,
        lr.latest_in_window as is_chosen
    from rows_in_window as r
    join list_detail_rows(la, ref_date, edition, 'list_2', as_at := as_at) as lr
        on lr.submission_id = r.submission_id and lr.sheet = r.sheet
        and lr.row_number = r.row_number
),

-- Each organisation's most frequent spelling, and its rank by children.
organisations as (
    select
        submission_id,
        organisation_key,
        mode(trim(eh_organisation)) as shown,
        count(*) filter (where is_chosen) as children
    from classified
    where organisation_key is not null
    group by all
),

ranked as (
    select
        o.*,
        row_number() over (
            partition by o.submission_id order by o.children desc, o.shown
        ) as rank_no
    from organisations as o
),

fixed_categories (measure, category_no, category) as (
    values
        ('status', 1, 'open at the reference date, started in the window'),
        ('status', 2, 'open at the reference date, started before the window'),
        ('status', 3, 'completed in the window, started in it'),
        ('status', 4, 'completed in the window, started before it'),
        ('assessment_length', 1, 'under 1 month'),
        ('assessment_length', 2, '1-3 months'),
        ('assessment_length', 3, '3-6 months'),
        ('assessment_length', 4, '6-12 months'),
        ('assessment_length', 5, '1 year or more'),
        ('assessment_length', 6, 'before the start'),
        ('organisation', 90, 'other organisations'),
        ('organisation', 91, 'not recorded')
),

categories as (
    select sc.submission_id, f.measure, f.category_no, f.category
    from scope as sc cross join fixed_categories as f
    union all
    select r.submission_id, 'organisation', cast(r.rank_no as integer), r.shown
    from ranked as r
    where r.rank_no <= 10 and r.children > 0
),

labelled as (
    select
        c.submission_id,
        c.is_chosen,
        c.status,
        c.assessment_length,
        case
            when c.organisation_key is null then 'not recorded'
            when r.rank_no <= 10 and r.children > 0 then r.shown
            else 'other organisations'
        end as organisation
    from classified as c
    left join ranked as r
        on r.submission_id = c.submission_id and r.organisation_key = c.organisation_key
),

counted as (
    select submission_id, x.measure, x.category, count(*) filter (where is_chosen) as n,
        count(*) as episodes
    from (
        select
            submission_id,
            is_chosen,
            unnest([
                {'measure': 'status', 'category': status},
                {'measure': 'assessment_length', 'category': assessment_length},
                {'measure': 'organisation', 'category': organisation}
            ]) as x
        from labelled
    )
    group by all
),

framed as (
    select
        sc.la_code,
        sc.submission_id,
        sc.ref_date,
        sc.early_help_from as window_from,
        k.measure,
        k.category_no,
        k.category,
        coalesce(c.n, 0) as n,
        coalesce(c.episodes, 0) as episodes,
        cast(coalesce(sum(c.n) filter (where k.category <> 'before the start')
            over (partition by sc.submission_id, k.measure), 0) as bigint) as total
    from scope as sc
    join categories as k on k.submission_id = sc.submission_id
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
order by
    f.la_code,
    case f.measure when 'status' then 1 when 'assessment_length' then 2 else 3 end,
    f.category_no;
