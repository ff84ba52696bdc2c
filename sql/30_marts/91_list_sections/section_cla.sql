-- section_cla(la, ref_date, edition, as_at): the children in care section of the Lists in detail
-- page (list 8): how long the children in care at the reference date had been looked after, how
-- old the children were when their period of care started, and long-term placement stability.
-- Parameters as int_scope (null ref_date = the submission's as-at date; edition sets the window).
-- Grain: one row per LA x measure x category, every category present (n = 0 when none), in
-- category order.
-- Columns: la_code, submission_id, ref_date, window_from (first day of the list 8 window),
-- measure ('time_in_care' | 'age_at_entry' | 'stability'), category_no, category, n (children),
-- started_in_window (age_at_entry only: of them, those whose period started in the window; null
-- for the other measures), total (the measure's children), pct (100 n / total, one decimal).
-- Rules (docs/methodology/list-sections.md):
-- * LS1: children, not rows: each child's most recent row of those in the list's window
--   (int_cla.in_window: looked after at ref, or ceased in the window; ILACS ¶258), most recent
--   by the date started to be looked after, then by the row's place in the sheet.
-- * LS4 time_in_care: children looked after at ref (in_care_at_ref), by the time since "Date
--   Started to be Looked After" (the current period), in calendar months: under 6 months, 6-12
--   months, 1-2 years, 2-5 years, 5 years or more; 'not known' when the start date is blank.
-- * LS4 age_at_entry: children in the window, by age at last birthday on the date their period
--   started (age_on, docs/methodology/data.md D6), in the DfE's bands for children starting to
--   be looked after: under 1, 1-4, 5-9, 10-15, 16 and over; 'not known' when the date of birth
--   or the start date is blank, or the birth is dated after the start (the supplied age is the
--   age at the extract, not at entry, and is not used).
-- * LS4 stability: the DfE long-term stability measure, approximated from what list 8 holds:
--   total = children looked after at ref, under 16 at ref (age_at_ref: from the date of birth,
--   else the supplied age), whose current period started at least 2 years 6 months before ref
--   (the DfE: looked after continuously for at least 2.5 years); n for 'same placement for 2
--   years or more' = of them, "Start Date of Most Recent Placement" at least 2 years before ref.
--   Approximations (the DfE counts on 31 March from the SSDA903 placement history): a change of
--   placement with the same carer, and a child placed for adoption with their foster carers
--   (whose earlier placement the DfE adds to the adoptive one), count from the latest placement's
--   start only, so the figure can be lower than the DfE's; a child with no age or no start date
--   is not in the cohort; 'placement start not known' when the placement start is blank.
-- Source: int_cla (list 8, ILACS ¶258); DfE "Children looked after in England including
-- adoptions" (placement stability; children starting to be looked after by age).
create or replace macro section_cla(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    as_at := null
) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

chosen as (
    select c.*
    from int_cla(la, ref_date, edition, as_at) as c
    semi join list_detail_rows(la, ref_date, edition, 'list_8', as_at := as_at) as lr
        on lr.submission_id = c.submission_id and lr.sheet = c.sheet
        and lr.row_number = c.row_number and lr.latest_in_window
),

categories (measure, category_no, category) as (
    values
        ('time_in_care', 1, 'under 6 months'),
        ('time_in_care', 2, '6-12 months'),
        ('time_in_care', 3, '1-2 years'),
        ('time_in_care', 4, '2-5 years'),
        ('time_in_care', 5, '5 years or more'),
        ('time_in_care', 6, 'not known'),
        ('age_at_entry', 1, 'under 1'),
        ('age_at_entry', 2, '1-4'),
        ('age_at_entry', 3, '5-9'),
        ('age_at_entry', 4, '10-15'),
        ('age_at_entry', 5, '16 and over'),
        ('age_at_entry', 6, 'not known'),
        ('stability', 1, 'same placement for 2 years or more'),
        ('stability', 2, 'placement started in the last 2 years'),
        ('stability', 3, 'placement start not known')
),

classified as (
    select
        c.submission_id,
        c.started_in_window,
        case
            when not c.in_care_at_ref then null
            when c.cla_start_date is null then 'not known'
            when c.ref_date < c.cla_start_date + interval 6 month then 'under 6 months'
            when c.ref_date < c.cla_start_date + interval 12 month then '6-12 months'
            when c.ref_date < c.cla_start_date + interval 24 month then '1-2 years'
            when c.ref_date < c.cla_start_date + interval 60 month then '2-5 years'
            else '5 years or more'
        end as time_in_care,
        case
            when c.entry_age is null or c.entry_age < 0 then 'not known'
            when c.entry_age < 1 then 'under 1'
            when c.entry_age <= 4 then '1-4'
            when c.entry_age <= 9 then '5-9'
            when c.entry_age <= 15 then '10-15'
            else '16 and over'
        end as age_at_entry,
        case
            -- A blank age or start date leaves the child out of the cohort (LS4): coalesce, as
            -- `not null` is null and would let the child fall through to a category.
            when not coalesce(c.in_care_at_ref and c.age_at_ref < 16
                and c.ref_date >= c.cla_start_date + interval 30 month, false) then null
            when c.placement_start_date is null then 'placement start not known'
            when c.ref_date >= c.placement_start_date + interval 24 month
                then 'same placement for 2 years or more'
            else 'placement started in the last 2 years'
        end as stability
    from (
        select ch.*, age_on(ch.dob, ch.cla_start_date) as entry_age
        from chosen as ch
    ) as c
),

counted as (
    select submission_id, x.measure, x.category, count(*) as n,
        count(*) filter (where started_in_window) as started_in_window
    from (
        select
            submission_id,
            started_in_window,
            unnest([
                {'measure': 'time_in_care', 'category': time_in_care},
                {'measure': 'age_at_entry', 'category': age_at_entry},
                {'measure': 'stability', 'category': stability}
            ]) as x
        from classified
    )
    where x.category is not null
    group by all
),

framed as (
    select
        sc.la_code,
        sc.submission_id,
        sc.ref_date,
        sc.cla_from as window_from,
        k.measure,
        k.category_no,
        k.category,
        coalesce(c.n, 0) as n,
        case when k.measure = 'age_at_entry' then coalesce(c.started_in_window, 0) end
            as started_in_window,
        cast(coalesce(sum(c.n) over (partition by sc.submission_id, k.measure), 0) as bigint)
            as total
    from scope as sc
    cross join categories as k
    left join counted as c
        on c.submission_id = sc.submission_id
        and c.measure = k.measure
        and c.category = k.category
)

select
    f.*,
    case when f.total > 0 then round(100.0 * f.n / f.total, 1) end as pct
from framed as f
order by
    f.la_code,
    case f.measure when 'time_in_care' then 1 when 'age_at_entry' then 2 else 3 end,
    f.category_no;
