-- list_team_timeliness(la, ref_date, edition, list_key, as_at): the timeliness measures the
-- int_<list> macros already compute, by allocated team, for the lists that have both (lists 4,
-- 5, 7 and 8; docs/methodology/lists.md L5).
-- Parameters as list_detail_rows (la, ref_date, edition, list_key, as_at).
-- Grain: one row per LA x measure x team, and one per LA x measure for all teams together
-- (team null, all_teams true); no rows for the other lists.
-- Columns: measure (the briefing_indicators id whose population and flag it uses), measure_no
-- (the page's order), label, counted (what d counts), good_when ('met': n counts those within
-- the standard; 'overdue': n counts those overdue), source (the standard's source), team, n, d,
-- pct (100 n / d, one decimal place; null when d = 0), small_base (d under 10, L7).
-- Rules (L5): no new timeliness rule here. Each measure is a flag of an int_<list> macro over the
-- same population as its briefing indicator, so all teams together equal the briefing's figure:
-- * list 4 assessments_within_45_working_days: assessments authorised in the window
--   (assessments_from <= authorised <= ref), n = int_assessments.within_45_working_days; an
--   assessment authorised before it started (end_before_start) is left out of both.
-- * list 5 icpc_within_15_working_days: ICPCs held in the window (s47_from <= ICPC <= ref), n =
--   int_s47.icpc_within_15_working_days; an ICPC before its strategy discussion is left out.
-- * list 7 cp_review_overdue, cp_visit_overdue: plans open at ref, n = int_cp_plans.
--   review_overdue / visit_overdue (visits: 10 working days, a local standard, an assumption).
-- * list 8 cla_review_overdue, cla_visit_overdue, cla_health_overdue, cla_dental_overdue:
--   children in care at ref (each child's latest period of care, is_latest), n = int_cla's
--   review_overdue, visit_overdue, health_overdue, dental_overdue.
-- The team is the row's own "Allocated Team" as supplied, trimmed; a blank is 'not recorded'.
create or replace macro list_team_timeliness(la, ref_date, edition, list_key, as_at := null)
as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

measured as (
    select a.la_code, a.submission_id, a.team, x.*
    from int_assessments(la, ref_date, edition, as_at) as a
    join scope as sc on sc.submission_id = a.submission_id
    cross join lateral (
        select
            1 as measure_no,
            'assessments_within_45_working_days' as measure,
            'Authorised within 45 working days' as label,
            'assessments authorised in the window' as counted,
            'met' as good_when,
            'Working Together to Safeguard Children 2018, ch. 1' as source,
            a.within_45_working_days as flag
    ) as x
    where cast(list_key as varchar) = 'list_4'
        and a.assessment_auth_date between sc.assessments_from and sc.ref_date
        and not a.end_before_start
    union all
    select s.la_code, s.submission_id, s.team, x.*
    from int_s47(la, ref_date, edition, as_at) as s
    join scope as sc on sc.submission_id = s.submission_id
    cross join lateral (
        select
            2, 'icpc_within_15_working_days', 'ICPC within 15 working days',
            'ICPCs held in the window', 'met',
            'Working Together to Safeguard Children 2018, ch. 1',
            s.icpc_within_15_working_days
    ) as x
    where cast(list_key as varchar) = 'list_5'
        and s.icpc_date between sc.s47_from and sc.ref_date
        and not s.end_before_start
    union all
    select p.la_code, p.submission_id, p.team, x.*
    from int_cp_plans(la, ref_date, edition, as_at) as p
    cross join lateral (
        values
            (3, 'cp_review_overdue', 'Review conference overdue',
             'plans open at the reference date', 'overdue',
             'Working Together to Safeguard Children 2018, ch. 4', p.review_overdue),
            (4, 'cp_visit_overdue', 'No visit in the last 10 working days',
             'plans open at the reference date', 'overdue',
             'local practice (an assumption, not statute)', p.visit_overdue)
    ) as x
    where cast(list_key as varchar) = 'list_7' and p.open_at_ref
    union all
    select c.la_code, c.submission_id, c.team, x.*
    from int_cla(la, ref_date, edition, as_at) as c
    cross join lateral (
        values
            (5, 'cla_review_overdue', 'Looked after review overdue',
             'children in care at the reference date', 'overdue',
             'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33',
             c.review_overdue),
            (6, 'cla_visit_overdue', 'Social worker visit overdue',
             'children in care at the reference date', 'overdue', 'CPPCR 2010, reg 28',
             c.visit_overdue),
            (7, 'cla_health_overdue', 'Health assessment overdue',
             'children in care at the reference date', 'overdue',
             'CPPCR 2010, reg 7; Promoting the health and well-being of looked-after '
             || 'children 2015', c.health_overdue),
            (8, 'cla_dental_overdue', 'Dental check overdue',
             'children in care at the reference date', 'overdue',
             'SSDA903 outcome measure (teeth checked in the last 12 months)', c.dental_overdue)
    ) as x
    where cast(list_key as varchar) = 'list_8' and c.is_latest and c.in_care_at_ref
),

by_team as (
    select
        m.la_code,
        m.submission_id,
        m.measure_no,
        m.measure,
        m.label,
        m.counted,
        m.good_when,
        m.source,
        coalesce(nullif(trim(m.team), ''), 'not recorded') as team,
        grouping(coalesce(nullif(trim(m.team), ''), 'not recorded')) = 1 as all_teams,
        count(*) filter (where m.flag) as n,
        count(*) as d
    from measured as m
    group by grouping sets (
        (m.la_code, m.submission_id, m.measure_no, m.measure, m.label, m.counted, m.good_when,
         m.source, coalesce(nullif(trim(m.team), ''), 'not recorded')),
        (m.la_code, m.submission_id, m.measure_no, m.measure, m.label, m.counted, m.good_when,
         m.source)
    )
)

select
    b.la_code,
    b.submission_id,
    b.measure_no,
    b.measure,
    b.label,
    b.counted,
    b.good_when,
    b.source,
    case when b.all_teams then null else b.team end as team,
    b.all_teams,
    b.n,
    b.d,
    case when b.d > 0 then round(100.0 * b.n / b.d, 1) end as pct,
    b.d < 10 as small_base
from by_team as b
order by b.la_code, b.measure_no, b.all_teams desc, b.team = 'not recorded', b.team;
