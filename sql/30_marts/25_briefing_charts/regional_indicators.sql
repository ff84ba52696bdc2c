-- regional_indicators(la, in_region, ref_date, edition, as_at): the key indicators of the briefing
-- for every LA of a region side by side (regional overview), or for one LA's older submission
-- (comparing two submissions of the same LA).
-- Parameters: la (null = every LA), in_region (a submission's region as written; null = every
-- region), ref_date (null = each LA's own as-at date, docs/methodology/windows.md W1), edition,
-- as_at (null = each LA's current submission; else its latest on or before as_at,
-- docs/methodology/windows.md W4): as int_scope.
-- Grain: one row per LA x key indicator (18 per LA). Columns as briefing_indicators (indicator,
-- category, label, unit, n, d, value, definition, reference) plus the LA's submission, as-at date
-- and region; an LA with no population has n = 0 (d = 0 and value null for a percentage).
-- Rules: each figure is the briefing_indicators figure with the same indicator id and category,
-- counted the same way (tests/test_briefing_page.py checks that they agree on the demo LAs),
-- except dq_errors, which is the sum over the lists of briefing_indicators' per-list dq_errors.
-- Why a second macro: briefing_indicators counts every child across all lists (its demographics
-- and volumes), which costs about 0.1 s per LA: 15 s for England. These 14 need only per-list
-- aggregates, so a region of 20-30 LAs answers in well under a second (benchmarks/pages.py).
-- The indicators (id [category]: what [reference]):
-- * list_children_in_window [list_1]: children with a contact in the list 1 window, the briefing's
--   headline "1 · Contacts" (d: children on list 1) [002 ¶258-259].
-- * list_children_in_window [list_3]: children referred in the list 3 window, the briefing's
--   headline "3 · Referrals" (d: children on list 3) [002 ¶258-259]. Children, not rows, on both
--   pages, under the same name (a child with three contacts is one child with a contact).
-- * contact_to_referral: children with a contact in the window referred on or after their first
--   contact in it, of the children with a contact in the window [002 ¶258 (lists 1, 3)].
-- * repeat_referrals: referrals in the window whose child had 2 or more referrals in 12 months
--   [template list 3 FAQ].
-- * assessments_within_45_working_days: assessments authorised in the window within 45 working
--   days of the start, less those authorised before they started (end_before_start, a data
--   error, out of n and d as in the briefing) [Working Together to Safeguard Children 2018,
--   ch. 1; docs/methodology/timelines.md T1].
-- * icpc_within_15_working_days: ICPCs held in the window within 15 working days of the strategy
--   discussion, less those dated before it (end_before_start) [Working Together 2018, ch. 1].
-- * cp_plans_open: child protection plans open at the reference date [002 ¶258 (list 7)].
-- * cp_second_or_subsequent: plans started in the window where the child had a previous plan
--   [DfE children in need statistics].
-- * cla_in_care: children looked after at the reference date [002 ¶258 (list 8)].
-- * cla_three_or_more_placements: children in care with 3 or more placements in 12 months [DfE
--   placement stability measure].
-- * care_leavers_in_touch / care_leavers_eet: care leavers in touch / in education, employment
--   or training [template list 9].
-- * adoption_days_entry_to_placement: mean days from entering care to being placed for adoption,
--   children placed in the 12 months, less those placed before entering care (a data error)
--   [DfE adoption scorecard A1].
-- * dq_errors: data-quality issues of severity error on lists 1-11 and the extra lists
--   [ingest/quality.py].
-- * list_rows_in_window [list_3], cp_plans_started_in_window, cla_started_in_window: referrals
--   (rows, as DfE counts referrals), plans started and children starting care in their lists'
--   windows; cin_open_at_ref: children with an open list 6 episode on the reference date (their
--   latest). The counts the national comparisons put in rates (comparable_measures reads them
--   here, so a region's rates cost what its counts cost) [002 ¶258].
create or replace macro regional_indicators(
    la,
    in_region := null,
    ref_date := null,
    edition := 'ilacs-2018',
    as_at := null
) as table
with catalogue (sort_order, indicator, category, label, unit, definition, reference) as (
    values
        (1, 'list_children_in_window', 'list_1', 'Children with a contact', 'count',
         'Different children with a contact (list 1) in the list 1 window; a child with '
         || 'several contacts counts once. The briefing''s "1 · Contacts".', 'ILACS ¶258-259'),
        (2, 'list_children_in_window', 'list_3', 'Children referred', 'count',
         'Different children with a referral (list 3) in the list 3 window; a child referred '
         || 'twice counts once. The briefing''s "3 · Referrals".', 'ILACS ¶258-259'),
        (3, 'contact_to_referral', null, 'Contacts leading to a referral', 'percent',
         'Children with a contact in the window who were referred on or after their first '
         || 'contact in it.', 'ILACS ¶258 (lists 1, 3)'),
        (4, 'repeat_referrals', null, 'Repeat referrals within 12 months', 'percent',
         'Referrals in the window whose child had 2 or more referrals in 12 months.',
         'template list 3 FAQ'),
        (5, 'assessments_within_45_working_days', null,
         'Assessments authorised within 45 working days', 'percent',
         'Assessments authorised in the window within 45 working days of the start '
         || '(Monday to Friday except bank holidays). Assessments recorded as authorised '
         || 'before they started are a data error and are left out of both figures.',
         'Working Together to Safeguard Children 2018, ch. 1'),
        (6, 'icpc_within_15_working_days', null, 'ICPCs within 15 working days', 'percent',
         'ICPCs held in the window within 15 working days of the strategy discussion (Monday to '
         || 'Friday except bank holidays). ICPCs recorded before their strategy discussion are a '
         || 'data error and are left out of both figures.',
         'Working Together to Safeguard Children 2018, ch. 1'),
        (7, 'cp_plans_open', null, 'Children on a child protection plan', 'count',
         'Plans open at the reference date.', 'ILACS ¶258 (list 7)'),
        (8, 'cp_second_or_subsequent', null, 'Second or subsequent plans', 'percent',
         'Plans started in the window where the child had a previous plan.',
         'DfE children in need statistics; template list 7'),
        (9, 'cla_in_care', null, 'Children in care', 'count',
         'Children looked after at the reference date.', 'ILACS ¶258 (list 8)'),
        (10, 'cla_three_or_more_placements', null, '3 or more placements in 12 months',
         'percent', 'Children in care with 3 or more placements in the last 12 months.',
         'DfE placement stability measure'),
        (11, 'care_leavers_in_touch', null, 'Care leavers in touch', 'percent',
         'Care leavers the LA is in touch with.', 'template list 9; ILACS ¶258'),
        (12, 'care_leavers_eet', null, 'Care leavers in education, employment or training',
         'percent', 'Care leavers whose activity is in the template''s EET group.',
         'template Codes_used'),
        (13, 'adoption_days_entry_to_placement',
         null, 'Entering care to placement for adoption (mean days)', 'days',
         'Mean days from entering care to being placed for adoption, placed in the window '
         || '(a placement dated before entering care is a data error, left out).',
         'DfE adoption scorecard A1'),
        (14, 'dq_errors', null, 'Data-quality errors', 'count',
         'Issues of severity error, all lists.', 'the dashboard''s data-quality checks'),
        (15, 'list_rows_in_window', 'list_3', 'Referrals received', 'count',
         'Referrals (rows of list 3) in the list 3 window; a child referred twice counts twice, '
         || 'as referrals are published.', 'ILACS ¶258'),
        (16, 'cp_plans_started_in_window', null, 'Child protection plans started', 'count',
         'Plans that started in the list 7 window.', 'ILACS ¶258'),
        (17, 'cla_started_in_window', null, 'Children starting care', 'count',
         'Children whose period of care started in the list 8 window.', 'ILACS ¶258'),
        (18, 'cin_open_at_ref', null, 'Children in need', 'count',
         'Children with an open children-in-need episode (list 6) at the reference date.',
         'ILACS ¶258 (list 6)')
),

scope as (
    select s.*
    from int_scope(la, ref_date, edition, as_at) as s
    where in_region is null or coalesce(s.region = cast(in_region as varchar), false)
),

contacts as (
    select c.*
    from int_contacts(la, ref_date, edition, as_at) as c
    semi join scope as sc on sc.submission_id = c.submission_id
),

referrals as (
    select r.*
    from int_referrals(la, ref_date, edition, as_at) as r
    semi join scope as sc on sc.submission_id = r.submission_id
),

first_contact as (
    select submission_id, child_id, min(contact_date) as first_date
    from contacts where in_window and child_id is not null group by all
),

front_door as (
    select submission_id, 'list_children_in_window' as indicator, 'list_1' as category,
        count(distinct child_id) filter (where in_window) as n, count(distinct child_id) as d,
        cast(null as double) as value
    from contacts group by all
    union all
    select submission_id, 'list_children_in_window', 'list_3',
        count(distinct child_id) filter (where in_window), count(distinct child_id), null
    from referrals group by all
    union all
    select fc.submission_id, 'contact_to_referral', null,
        count(distinct fc.child_id) filter (where r.child_id is not null),
        count(distinct fc.child_id), null
    from first_contact as fc
    left join referrals as r
        on r.submission_id = fc.submission_id and r.child_id = fc.child_id
        and r.referral_date between fc.first_date and r.ref_date
    group by all
    union all
    select submission_id, 'repeat_referrals', null, count(*) filter (where is_repeat), count(*),
        null
    from referrals where in_window group by all
    union all
    select submission_id, 'list_rows_in_window', 'list_3', count(*) filter (where in_window),
        count(*), null
    from referrals group by all
),

timeliness as (
    select a.submission_id, 'assessments_within_45_working_days' as indicator,
        null as category, count(*) filter (where a.within_45_working_days) as n,
        count(*) as d, cast(null as double) as value
    from int_assessments(la, ref_date, edition, as_at) as a
    join scope as sc on sc.submission_id = a.submission_id
    where a.assessment_auth_date between sc.assessments_from and sc.ref_date
        and not a.end_before_start
    group by all
    union all
    select s.submission_id, 'icpc_within_15_working_days', null,
        count(*) filter (where s.icpc_within_15_working_days), count(*), null
    from int_s47(la, ref_date, edition, as_at) as s
    join scope as sc on sc.submission_id = s.submission_id
    where s.icpc_date between sc.s47_from and sc.ref_date and not s.end_before_start
    group by all
),

child_protection as (
    select p.submission_id, 'cp_plans_open' as indicator, null as category,
        count(*) filter (where p.open_at_ref) as n, null as d, cast(null as double) as value
    from int_cp_plans(la, ref_date, edition, as_at) as p
    semi join scope as sc on sc.submission_id = p.submission_id
    group by all
    union all
    select p.submission_id, 'cp_second_or_subsequent', null,
        count(*) filter (where p.second_or_subsequent), count(*), null
    from int_cp_plans(la, ref_date, edition, as_at) as p
    join scope as sc on sc.submission_id = p.submission_id
    where p.cp_start_date between sc.cp_from and sc.ref_date
    group by all
    union all
    select p.submission_id, 'cp_plans_started_in_window', null,
        count(*) filter (where p.cp_start_date between sc.cp_from and sc.ref_date), null, null
    from int_cp_plans(la, ref_date, edition, as_at) as p
    join scope as sc on sc.submission_id = p.submission_id
    group by all
),

in_care as (
    select c.submission_id, 'cla_in_care' as indicator, null as category, count(*) as n,
        null as d, cast(null as double) as value
    from int_cla(la, ref_date, edition, as_at) as c
    semi join scope as sc on sc.submission_id = c.submission_id
    where c.is_latest and c.in_care_at_ref
    group by all
    union all
    select c.submission_id, 'cla_three_or_more_placements', null,
        count(*) filter (where c.unstable), count(*), null
    from int_cla(la, ref_date, edition, as_at) as c
    semi join scope as sc on sc.submission_id = c.submission_id
    where c.is_latest and c.in_care_at_ref
    group by all
    union all
    select c.submission_id, 'cla_started_in_window', null,
        count(*) filter (where c.started_in_window), null, null
    from int_cla(la, ref_date, edition, as_at) as c
    semi join scope as sc on sc.submission_id = c.submission_id
    where c.is_latest
    group by all
),

in_need as (
    select c.submission_id, 'cin_open_at_ref' as indicator, null as category,
        count(distinct c.child_id) as n, null as d, cast(null as double) as value
    from int_cin(la, ref_date, edition, as_at) as c
    semi join scope as sc on sc.submission_id = c.submission_id
    where c.open_at_ref and c.is_latest
    group by all
),

leavers as (
    select l.submission_id, x.indicator, null as category, x.n, x.d,
        cast(null as double) as value
    from (
        select l.submission_id, unnest([
            {'indicator': 'care_leavers_in_touch', 'n': count(*) filter (where l.in_touch_yes),
             'd': count(*)},
            {'indicator': 'care_leavers_eet', 'n': count(*) filter (where l.eet), 'd': count(*)}
        ]) as x
        from int_care_leavers(la, ref_date, edition, as_at) as l
        semi join scope as sc on sc.submission_id = l.submission_id
        where l.is_latest
        group by l.submission_id
    ) as l
),

adoption as (
    select a.submission_id, 'adoption_days_entry_to_placement' as indicator, null as category,
        cast(sum(a.days_care_to_placed) as bigint) as n, count(a.days_care_to_placed) as d,
        round(avg(a.days_care_to_placed), 1) as value
    from int_adoption(la, ref_date, edition, as_at) as a
    join scope as sc on sc.submission_id = a.submission_id
    where a.is_latest and a.placed_date between sc.adoption_from and sc.ref_date
        and not a.placed_before_care
    group by all
),

data_quality as (
    select q.submission_id, 'dq_errors' as indicator, null as category,
        count(*) filter (where q.severity = 'error') as n, null as d,
        cast(null as double) as value
    from dq_issues as q
    semi join scope as sc on sc.submission_id = q.submission_id
    where q.list is not null
    group by all
),

figures as (
    select * from front_door
    union all select * from timeliness
    union all select * from child_protection
    union all select * from in_care
    union all select * from in_need
    union all select * from leavers
    union all select * from adoption
    union all select * from data_quality
)

select
    sc.la_code,
    sc.la_name,
    sc.region,
    sc.submission_id,
    sc.as_at_date,
    sc.ref_date,
    c.sort_order,
    c.indicator,
    c.category,
    c.label,
    c.unit,
    coalesce(f.n, 0) as n,
    coalesce(f.d, case when c.unit = 'percent' then 0 end) as d,
    case
        when f.value is not null then cast(f.value as double)
        when c.unit = 'percent' then round(100.0 * f.n / nullif(f.d, 0), 1)
        when c.unit = 'count' then cast(coalesce(f.n, 0) as double)
    end as value,
    c.definition,
    c.reference
from scope as sc
cross join catalogue as c
left join figures as f
    on f.submission_id = sc.submission_id and f.indicator = c.indicator
    and f.category is not distinct from c.category;
