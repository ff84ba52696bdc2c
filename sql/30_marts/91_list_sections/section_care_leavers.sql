-- section_care_leavers(la, ref_date, edition, as_at): the care leavers section of the Lists in
-- detail page (list 9): the young people by type of accommodation, by activity (education,
-- employment or training) and by age group.
-- Parameters as int_scope (null ref_date = the submission's as-at date; edition as the others,
-- though list 9 has no window: it is point in time).
-- Grain: one row per LA x measure x category, every category present (n = 0 when none), in
-- category order.
-- Columns: la_code, submission_id, ref_date, window_from (null: list 9 is point in time),
-- measure ('accommodation' | 'activity' | 'age_group'), category_no, category, category_group
-- (activity: the template's a) EET / b) NEET grouping; else null), n (young people), n_suitable
-- and n_unsuitable (accommodation only: of them, "Suitability of Accommodation" a) Suitable /
-- b) Unsuitable; null for the other measures), total (young people on the list), pct (100 n /
-- total, one decimal).
-- Rules (docs/methodology/list-sections.md):
-- * LS1: young people, not rows: each young person's last row on the list (list 9 has no event
--   date to order by; int_care_leavers.is_latest). Every row of list 9 is in its window
--   (receiving leaving care services at the point of inspection, ILACS ¶258).
-- * LS5 accommodation: "Type of Accommodation", the SSDA903 codes B-Z (ref_code
--   'accommodation'); activity: "Activity Status", the codes F1-F5, P1-P5 and G4-G6 (ref_code
--   'activity') with their EET / NEET group. A blank is 'not recorded' (the template leaves both
--   blank when the LA is not in touch); a value that is not a template code is 'not a template
--   code' (the row's unread_codes).
-- * LS5 age_group: age at last birthday on ref (from the date of birth, else the supplied age;
--   docs/methodology/data.md D6) in the DfE's care leaver groups 17-18 and 19-21, with under 17,
--   22-25 (care leavers are supported to 25) and 26 or over around them; 'not known' when no age.
-- Source: int_care_leavers (list 9, ILACS ¶258); ref_code (template Codes_used); DfE "Children
-- looked after in England including adoptions" (care leavers aged 17-18 and 19-21).
create or replace macro section_care_leavers(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    as_at := null
) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

chosen as (
    select l.*
    from int_care_leavers(la, ref_date, edition, as_at) as l
    where l.in_window and l.is_latest
),

codes as (
    select
        r.code_list as measure,
        r.code,
        r.code_group2 as category_group,
        row_number() over (
            partition by r.code_list order by r.code_group2 nulls first, r.sort_order
        ) as category_no
    from ref_code as r
    where r.code_list in ('accommodation', 'activity')
),

categories (measure, category_no, category, category_group) as (
    select c.measure, c.category_no, c.code, c.category_group from codes as c
    union all
    select m.measure, x.category_no, x.category, null
    from (values ('accommodation'), ('activity')) as m (measure)
    cross join (values (90, 'not recorded'), (91, 'not a template code')) as x (category_no, category)
    union all
    select 'age_group', b.category_no, b.category, null
    from (
        values (1, 'under 17'), (2, '17-18'), (3, '19-21'), (4, '22-25'), (5, '26 or over'),
            (6, 'not known')
    ) as b (category_no, category)
),

classified as (
    select
        l.submission_id,
        l.accommodation_suitable,
        coalesce(
            acc.code,
            case when list_contains(l.unread_codes, 'accommodation') then 'not a template code' end,
            'not recorded'
        ) as accommodation,
        coalesce(
            act.code,
            case when list_contains(l.unread_codes, 'activity') then 'not a template code' end,
            'not recorded'
        ) as activity,
        case
            when l.age_at_ref is null then 'not known'
            when l.age_at_ref < 17 then 'under 17'
            when l.age_at_ref <= 18 then '17-18'
            when l.age_at_ref <= 21 then '19-21'
            when l.age_at_ref <= 25 then '22-25'
            else '26 or over'
        end as age_group
    from (
        select ch.*, coalesce(age_on(ch.dob, ch.ref_date), ch.age) as age_at_ref
        from chosen as ch
    ) as l
    left join codes as acc on acc.measure = 'accommodation' and acc.code = l.accommodation
    left join codes as act on act.measure = 'activity' and act.code = l.activity
),

counted as (
    select submission_id, x.measure, x.category, count(*) as n,
        count(*) filter (where accommodation_suitable = 'a) Suitable') as n_suitable,
        count(*) filter (where accommodation_suitable = 'b) Unsuitable') as n_unsuitable
    from (
        select
            submission_id,
            accommodation_suitable,
            unnest([
                {'measure': 'accommodation', 'category': accommodation},
                {'measure': 'activity', 'category': activity},
                {'measure': 'age_group', 'category': age_group}
            ]) as x
        from classified
    )
    group by all
),

framed as (
    select
        sc.la_code,
        sc.submission_id,
        sc.ref_date,
        cast(null as date) as window_from,
        k.measure,
        k.category_no,
        k.category,
        k.category_group,
        coalesce(c.n, 0) as n,
        case when k.measure = 'accommodation' then coalesce(c.n_suitable, 0) end as n_suitable,
        case when k.measure = 'accommodation' then coalesce(c.n_unsuitable, 0) end
            as n_unsuitable,
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
    case f.measure when 'accommodation' then 1 when 'activity' then 2 else 3 end,
    f.category_no;
