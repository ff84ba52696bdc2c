-- briefing_distributions(la, ref_date, edition, as_at): how long things took, and how often, for
-- the briefing's timeliness, child protection, stability, missing and adoption charts.
-- Parameters as int_scope (null ref_date = the submission's as-at date; edition sets the windows).
-- Grain: one row per LA x measure x band, every band present (n = 0 when none), in band order.
-- Columns: measure, band_no, band, n (rows or children in the band), total (of the measure, less
-- the 'before the start' band: the population the briefing's figure counts), left_out (the
-- 'before the start' band's n), meets_standard (true when the band is within the measure's
-- standard, false when outside it, null for measures without one), standard (the standard in
-- words, or null).
-- Measures (population [window]: bands; standard [reference]):
-- * assessment_working_days: assessments authorised in the list 4 window, by working days from
--   start to authorisation (int_assessments, docs/methodology/timelines.md T1); within 45 working
--   days [Working Together to Safeguard Children 2018, ch. 1]. The bands within 45 add up to the
--   numerator of briefing_indicators' assessments_within_45_working_days, and total is its
--   denominator.
-- * icpc_working_days: ICPCs held in the list 5 window, by working days from the strategy
--   discussion; within 15 [Working Together 2018, ch. 1] (= icpc_within_15_working_days, n and
--   d).
-- * cp_plan_months: plans open at ref, by whole months since the start; more than 18 months is
--   the ¶151 sign of possible delay, more than 2 years the DfE measure [002 ¶151].
-- * placements_12m: children in care at ref (each child's latest period, as the briefing), by
--   placements in the last 12 months; fewer than 3 meets the DfE placement stability measure.
-- * missing_episodes_12m: children in the list 8 window, by missing episodes in the last 12 months
--   (no standard) [docs/methodology/case-selection.md C3; template list 8].
-- * adoption_days_entry_to_placement: children placed for adoption in the list 10 window, by
--   calendar days from entering care (no standard here) [DfE adoption scorecard A1].
-- * adoption_days_order_to_match: children matched in the list 10 window, by calendar days from
--   the placement order (no standard here) [DfE adoption scorecard A2].
-- A value that cannot be worked out (a date missing) falls in the band 'not known' (counted in
-- the figure's denominator, not as within the standard). A row whose end is dated before its start
-- (the intermediate models' end_before_start / placed_before_care / matched_before_order: a data
-- error, reported by data quality as end_before_start) falls in 'before the start', which the
-- briefing's figures leave out of numerator and denominator alike; it is shown so that the error
-- is seen, and is not in total. A measure that cannot be negative has no 'before the start'
-- band.
create or replace macro briefing_distributions(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    as_at := null
) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

bands (measure, band_no, band, lo, hi, meets_standard, standard) as (
    values
        ('assessment_working_days', 1, '0-10', 0, 10, true, 'within 45 working days'),
        ('assessment_working_days', 2, '11-20', 11, 20, true, 'within 45 working days'),
        ('assessment_working_days', 3, '21-30', 21, 30, true, 'within 45 working days'),
        ('assessment_working_days', 4, '31-45', 31, 45, true, 'within 45 working days'),
        ('assessment_working_days', 5, '46-60', 46, 60, false, 'within 45 working days'),
        ('assessment_working_days', 6, '61-90', 61, 90, false, 'within 45 working days'),
        ('assessment_working_days', 7, 'over 90', 91, null, false, 'within 45 working days'),
        ('assessment_working_days', 8, 'before the start', -1, -1, null,
         'within 45 working days'),
        ('assessment_working_days', 9, 'not known', null, null, null, 'within 45 working days'),
        ('icpc_working_days', 1, '0-5', 0, 5, true, 'within 15 working days'),
        ('icpc_working_days', 2, '6-10', 6, 10, true, 'within 15 working days'),
        ('icpc_working_days', 3, '11-15', 11, 15, true, 'within 15 working days'),
        ('icpc_working_days', 4, '16-20', 16, 20, false, 'within 15 working days'),
        ('icpc_working_days', 5, '21-30', 21, 30, false, 'within 15 working days'),
        ('icpc_working_days', 6, 'over 30', 31, null, false, 'within 15 working days'),
        ('icpc_working_days', 7, 'before the start', -1, -1, null, 'within 15 working days'),
        ('icpc_working_days', 8, 'not known', null, null, null, 'within 15 working days'),
        ('cp_plan_months', 1, 'under 3 months', 0, 2, true, '18 months or less'),
        ('cp_plan_months', 2, '3-5 months', 3, 5, true, '18 months or less'),
        ('cp_plan_months', 3, '6-11 months', 6, 11, true, '18 months or less'),
        ('cp_plan_months', 4, '12-18 months', 12, 18, true, '18 months or less'),
        ('cp_plan_months', 5, '19-24 months', 19, 24, false, '18 months or less'),
        ('cp_plan_months', 6, 'over 2 years', 25, null, false, '18 months or less'),
        ('cp_plan_months', 7, 'not known', null, null, null, '18 months or less'),
        ('placements_12m', 1, '0-1', 0, 1, true, 'fewer than 3 placements'),
        ('placements_12m', 2, '2', 2, 2, true, 'fewer than 3 placements'),
        ('placements_12m', 3, '3', 3, 3, false, 'fewer than 3 placements'),
        ('placements_12m', 4, '4', 4, 4, false, 'fewer than 3 placements'),
        ('placements_12m', 5, '5 or more', 5, null, false, 'fewer than 3 placements'),
        ('placements_12m', 6, 'not known', null, null, null, 'fewer than 3 placements'),
        ('missing_episodes_12m', 1, 'none', 0, 0, null, null),
        ('missing_episodes_12m', 2, '1', 1, 1, null, null),
        ('missing_episodes_12m', 3, '2-4', 2, 4, null, null),
        ('missing_episodes_12m', 4, '5-9', 5, 9, null, null),
        ('missing_episodes_12m', 5, '10 or more', 10, null, null, null),
        ('missing_episodes_12m', 6, 'not known', null, null, null, null),
        ('adoption_days_entry_to_placement', 1, 'under 6 months', 0, 182, null, null),
        ('adoption_days_entry_to_placement', 2, '6-12 months', 183, 365, null, null),
        ('adoption_days_entry_to_placement', 3, '12-18 months', 366, 547, null, null),
        ('adoption_days_entry_to_placement', 4, '18-24 months', 548, 730, null, null),
        ('adoption_days_entry_to_placement', 5, 'over 2 years', 731, null, null, null),
        ('adoption_days_entry_to_placement', 6, 'before the start', -1, -1, null, null),
        ('adoption_days_entry_to_placement', 7, 'not known', null, null, null, null),
        ('adoption_days_order_to_match', 1, 'under 3 months', 0, 91, null, null),
        ('adoption_days_order_to_match', 2, '3-6 months', 92, 182, null, null),
        ('adoption_days_order_to_match', 3, '6-12 months', 183, 365, null, null),
        ('adoption_days_order_to_match', 4, 'over 12 months', 366, null, null, null),
        ('adoption_days_order_to_match', 5, 'before the start', -1, -1, null, null),
        ('adoption_days_order_to_match', 6, 'not known', null, null, null, null)
),

adoption as (
    select a.*, sc.adoption_from
    from int_adoption(la, ref_date, edition, as_at) as a
    join scope as sc on sc.submission_id = a.submission_id
    where a.is_latest
),

values_ as (
    select a.submission_id, 'assessment_working_days' as measure,
        a.working_days_to_authorise as v, a.end_before_start as bad
    from int_assessments(la, ref_date, edition, as_at) as a
    join scope as sc on sc.submission_id = a.submission_id
    where a.assessment_auth_date between sc.assessments_from and sc.ref_date
    union all
    select s.submission_id, 'icpc_working_days', s.working_days_to_icpc, s.end_before_start
    from int_s47(la, ref_date, edition, as_at) as s
    join scope as sc on sc.submission_id = s.submission_id
    where s.icpc_date between sc.s47_from and sc.ref_date
    union all
    select p.submission_id, 'cp_plan_months', p.plan_months, false
    from int_cp_plans(la, ref_date, edition, as_at) as p
    where p.open_at_ref
    union all
    select c.submission_id, 'placements_12m', c.placements_12m, false
    from int_cla(la, ref_date, edition, as_at) as c
    where c.is_latest and c.in_care_at_ref
    union all
    select c.submission_id, 'missing_episodes_12m', c.missing_episodes_12m, false
    from int_cla(la, ref_date, edition, as_at) as c
    where c.is_latest and c.in_window
    union all
    -- Qualified: an unqualified ref_date would be the macro's parameter.
    select a.submission_id, 'adoption_days_entry_to_placement', a.days_care_to_placed,
        a.placed_before_care
    from adoption as a
    where a.placed_date between a.adoption_from and a.ref_date
    union all
    select a.submission_id, 'adoption_days_order_to_match', a.days_order_to_match,
        a.matched_before_order
    from adoption as a
    where a.matched_date between a.adoption_from and a.ref_date
),

counted as (
    select v.submission_id, v.measure, b.band_no, count(*) as n
    from values_ as v
    join bands as b
        on b.measure = v.measure
        and (
            (v.bad and b.lo = -1)
            or (not v.bad and v.v is null and b.lo is null)
            or (not v.bad and v.v >= b.lo and b.lo >= 0 and (b.hi is null or v.v <= b.hi))
        )
    group by all
)

select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    b.measure,
    b.band_no,
    b.band,
    coalesce(c.n, 0) as n,
    cast(coalesce(sum(c.n) filter (where b.lo is distinct from -1)
        over (partition by sc.submission_id, b.measure), 0) as bigint) as total,
    cast(coalesce(sum(c.n) filter (where b.lo = -1)
        over (partition by sc.submission_id, b.measure), 0) as bigint) as left_out,
    b.meets_standard,
    b.standard
from scope as sc
cross join bands as b
left join counted as c
    on c.submission_id = sc.submission_id and c.measure = b.measure and c.band_no = b.band_no
order by sc.la_code, b.measure, b.band_no;
