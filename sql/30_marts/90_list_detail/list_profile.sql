-- list_profile(la, ref_date, edition, list_key, as_at): who the children in one list's window
-- are: by age band, gender, age band and gender together (the list's pyramid), ethnic group and
-- disability (docs/methodology/lists.md L2).
-- Parameters as list_detail_rows (la, ref_date, edition, list_key, as_at).
-- Grain: one row per LA x dimension x category with at least one child; dimension 'age_gender'
-- is one row per age band x gender (the gender in column gender).
-- Columns: dimension ('age_band' | 'gender' | 'age_gender' | 'ethnicity_group' | 'disability'),
-- category, gender (age_gender only), sort_order (age bands youngest first; other categories by
-- their template letter, then 'not a template code', then 'not recorded'), children, total (the
-- children in the window: the same for every row), pct (100 children / total, one decimal
-- place), small_base (total under 10: every percentage is of fewer than 10 children, L7).
-- Rules (L2): children are child IDs with a row in the list's window (list_detail_rows.in_window;
-- list 11: adopters; a row with a blank ID names no child and is left out). Each child's gender,
-- ethnicity, date of birth, age and disability is the most recent value this list's rows in the
-- window give (latest start date, then the last listed), as the children mart does across the
-- lists (docs/methodology/data.md D2). Age at last birthday on ref, from the date of birth, else
-- the age supplied (D6); age bands as age_band (docs/methodology/case-selection.md C4). A blank is
-- 'not recorded' (gender: the template's 'Not stated/recorded'); a value written but not a
-- template code (unread_codes) is 'not a template code'. Ethnic group: the template's
-- Codes_used group. Age bands only where the list has an age (not list 11); disability only where
-- it has the column (lists 4-11). Each dimension's children add up to total.
create or replace macro list_profile(la, ref_date, edition, list_key, as_at := null) as table
with rows as (
    select
        *,
        -- Most recent first, then the last listed: a pair, so no row number (up to the
        -- reader's 500,000) can outweigh a day.
        (coalesce(start_date, date '1900-01-01'), row_number) as recency
    from list_detail_rows(la, ref_date, edition, list_key, as_at := as_at)
    where in_window and child_id is not null
),

catalogue as (
    select * from list_detail_catalogue as c where c.list_key = cast(list_key as varchar)
),

per_child as (
    select
        r.la_code,
        r.submission_id,
        r.ref_date,
        r.list_key,
        r.child_id,
        arg_max(r.gender, r.recency) as gender,
        arg_max(r.ethnicity, r.recency) as ethnicity,
        arg_max(r.dob, r.recency) as dob,
        arg_max(r.age, r.recency) as supplied_age,
        arg_max(r.disability, r.recency) as disability,
        bool_or(list_contains(r.unread_codes, 'gender')) as gender_unread,
        bool_or(list_contains(r.unread_codes, 'ethnicity')) as ethnicity_unread,
        bool_or(list_contains(r.unread_codes, 'disability')) as disability_unread
    from rows as r
    group by all
),

described as (
    select
        p.la_code,
        p.submission_id,
        p.ref_date,
        coalesce(p.gender, case when p.gender_unread then 'not a template code' end,
            case when p.list_key = 'list_11' then 'd) Not stated/recorded'
                else 'c) Not stated/recorded' end) as gender,
        age_band(
            coalesce(age_on(p.dob, p.ref_date), p.supplied_age),
            coalesce(p.dob > p.ref_date, false)
                or (p.dob is null and coalesce(p.supplied_age = -1, false))
        ) as age_band,
        coalesce(eth.code_group, case when p.ethnicity_unread then 'not a template code' end,
            'not recorded') as ethnicity_group,
        coalesce(p.disability, case when p.disability_unread then 'not a template code' end,
            'not recorded') as disability
    from per_child as p
    left join ref_code as eth on eth.code_list = 'ethnicity' and eth.code = p.ethnicity
),

totals as (
    select submission_id, count(*) as total from described group by all
),

dimensions as (
    select
        x.la_code,
        x.submission_id,
        x.ref_date,
        case
            when grouping(x.age_band) = 0 and grouping(x.gender) = 0 then 'age_gender'
            when grouping(x.age_band) = 0 then 'age_band'
            when grouping(x.gender) = 0 then 'gender'
            when grouping(x.ethnicity_group) = 0 then 'ethnicity_group'
            else 'disability'
        end as dimension,
        coalesce(x.age_band, x.gender, x.ethnicity_group, x.disability) as category,
        case when grouping(x.age_band) = 0 and grouping(x.gender) = 0 then x.gender end
            as gender,
        count(*) as children
    from described as x
    group by grouping sets (
        (x.la_code, x.submission_id, x.ref_date, x.age_band, x.gender),
        (x.la_code, x.submission_id, x.ref_date, x.age_band),
        (x.la_code, x.submission_id, x.ref_date, x.gender),
        (x.la_code, x.submission_id, x.ref_date, x.ethnicity_group),
        (x.la_code, x.submission_id, x.ref_date, x.disability)
    )
)

select
    d.la_code,
    d.submission_id,
    d.ref_date,
    d.dimension,
    d.category,
    d.gender,
    case
        when d.dimension in ('age_band', 'age_gender') then age_band_order(d.category)
        when d.category = 'not a template code' then 98
        when d.category = 'not recorded' then 99
        else 10
    end as sort_order,
    d.children,
    t.total,
    round(100.0 * d.children / t.total, 1) as pct,
    t.total < 10 as small_base
from dimensions as d
join totals as t on t.submission_id = d.submission_id
cross join catalogue as c
where (d.dimension not in ('age_band', 'age_gender') or c.has_age)
    and (d.dimension <> 'disability' or c.has_disability)
order by d.la_code, d.dimension, sort_order, d.category, d.gender;
