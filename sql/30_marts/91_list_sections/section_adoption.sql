-- section_adoption(la, ref_date, edition, as_at): the adoption section of the Lists in detail page
-- (list 10): how long each step of the children's adoption took, and the DfE adoption scorecard's
-- timeliness measures A1, A2 and A10 (with A3's share) for the children adopted in the window.
-- Parameters as int_scope (null ref_date = the submission's as-at date; edition sets the window).
-- Grain: one row per LA x measure, every measure present (children = 0 when none), in
-- measure_no order.
-- Columns: la_code, submission_id, ref_date, window_from (first day of the list 10 window),
-- measure (stable id), measure_no, cohort ('window': the children in the list 10 window;
-- 'adopted': those of them adopted in the window), label, from_step, to_step, reached (children
-- whose later step is dated on or before ref), children (of them, those counted: earlier step
-- dated, and not after the later one), not_known (reached, earlier step blank), left_out
-- (reached, later step dated before the earlier: a data error), median_days and mean_days
-- (calendar days, over the children counted; null when none), standard (in words, or null),
-- standard_days, within_standard (children counted whose days are at most standard_days).
-- Rules (docs/methodology/list-sections.md):
-- * LS1: children, not rows: each child's most recent row of those in the list's window
--   (int_adoption.in_window: adopted or reversed in the window, or waiting at ref; ILACS ¶258),
--   most recent by the date of the adoption decision, then by the row's place in the sheet.
-- * LS6 the steps (cohort 'window'), each in calendar days from the earlier date to the later:
--   entered care -> decision (ADM) -> placement order -> matched -> placed -> adoption order,
--   and across them entered care -> placed (A1) and entered care -> moved in with the adoptive
--   family (A10: the date placed in a fostering for adoption or concurrent planning placement
--   when earlier than the date placed for adoption; list 10's FFA column).
-- * LS6 the scorecard (cohort 'adopted': adoption order in the window), as the DfE adoption
--   scorecard measures them, over one year here instead of three: A1 entered care -> placed for
--   adoption, A10 the same adjusted for fostering for adoption, A2 placement order -> matched;
--   mean days. Standards: the scorecard's last thresholds, 426 days (14 months) for A1 and A10
--   and 121 days (4 months) for A2; within_standard of A1 is A3 (moved in within 14 months).
-- * LS8: a date after ref has not yet happened; a later step dated before the earlier is a data
--   error, left out of the days (counted in left_out).
-- Source: int_adoption (list 10, ILACS ¶258); DfE adoption scorecards (A1, A2, A3, A10).
create or replace macro section_adoption(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    as_at := null
) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

chosen as (
    select a.*, sc.adoption_from
    from int_adoption(la, ref_date, edition, as_at) as a
    join scope as sc on sc.submission_id = a.submission_id
    semi join list_detail_rows(la, ref_date, edition, 'list_10', as_at := as_at) as lr
        on lr.submission_id = a.submission_id and lr.sheet = a.sheet
        and lr.row_number = a.row_number and lr.latest_in_window
),

measures (measure, measure_no, cohort, label, from_step, to_step, standard, standard_days) as (
    values
        ('care_to_decision', 1, 'window', 'Entered care to decision', 'entered care',
         'decision for adoption', null, null),
        ('decision_to_order', 2, 'window', 'Decision to placement order', 'decision for adoption',
         'placement order', null, null),
        ('order_to_match', 3, 'window', 'Placement order to match', 'placement order', 'matched',
         'within 121 days (A2 threshold)', 121),
        ('match_to_placed', 4, 'window', 'Match to placed', 'matched', 'placed for adoption',
         null, null),
        ('placed_to_order', 5, 'window', 'Placed to adoption order', 'placed for adoption',
         'adoption order', null, null),
        ('care_to_placed', 6, 'window', 'Entered care to placed (A1)', 'entered care',
         'placed for adoption', 'within 426 days (A1 threshold)', 426),
        ('care_to_moved_in', 7, 'window', 'Entered care to moved in, FFA adjusted (A10)',
         'entered care', 'moved in with the adoptive family', 'within 426 days (A10 threshold)',
         426),
        ('a1', 11, 'adopted', 'A1: entered care to placed for adoption', 'entered care',
         'placed for adoption', 'within 426 days (A1 threshold; the share within is A3)', 426),
        ('a10', 12, 'adopted', 'A10: entered care to moved in, adjusted for FFA', 'entered care',
         'moved in with the adoptive family', 'within 426 days (A10 threshold)', 426),
        ('a2', 13, 'adopted', 'A2: placement order to match', 'placement order', 'matched',
         'within 121 days (A2 threshold)', 121)
),

-- Each child's dates, those after ref blanked (not yet happened).
dated as (
    select
        c.submission_id,
        coalesce(c.adoption_order_date between c.adoption_from and c.ref_date, false)
            as adopted_in_window,
        c.care_start_date as care_start,
        case when c.adm_decision_date <= c.ref_date then c.adm_decision_date end as decision,
        case when c.placement_order_date <= c.ref_date then c.placement_order_date end
            as placement_order,
        case when c.matched_date <= c.ref_date then c.matched_date end as matched,
        case when c.placed_date <= c.ref_date then c.placed_date end as placed,
        case when c.adoption_order_date <= c.ref_date then c.adoption_order_date end
            as adoption_order,
        case when c.placed_date <= c.ref_date
            then least(c.placed_date, case when c.ffa_date <= c.ref_date then c.ffa_date end)
        end as moved_in
    from chosen as c
),

steps as (
    select submission_id, x.measure, x.from_date, x.to_date
    from (
        select
            submission_id,
            adopted_in_window,
            unnest([
                {'measure': 'care_to_decision', 'from_date': care_start, 'to_date': decision},
                {'measure': 'decision_to_order', 'from_date': decision,
                 'to_date': placement_order},
                {'measure': 'order_to_match', 'from_date': placement_order, 'to_date': matched},
                {'measure': 'match_to_placed', 'from_date': matched, 'to_date': placed},
                {'measure': 'placed_to_order', 'from_date': placed, 'to_date': adoption_order},
                {'measure': 'care_to_placed', 'from_date': care_start, 'to_date': placed},
                {'measure': 'care_to_moved_in', 'from_date': care_start, 'to_date': moved_in},
                {'measure': case when adopted_in_window then 'a1' end, 'from_date': care_start,
                 'to_date': placed},
                {'measure': case when adopted_in_window then 'a10' end,
                 'from_date': care_start, 'to_date': moved_in},
                {'measure': case when adopted_in_window then 'a2' end,
                 'from_date': placement_order, 'to_date': matched}
            ]) as x
        from dated
    )
    where x.measure is not null and x.to_date is not null
),

timed as (
    select
        s.*,
        case when s.to_date >= s.from_date then s.to_date - s.from_date end as days
    from steps as s
),

counted as (
    select
        t.submission_id,
        t.measure,
        count(*) as reached,
        count(t.days) as children,
        count(*) filter (where t.from_date is null) as not_known,
        count(*) filter (where t.to_date < t.from_date) as left_out,
        cast(median(t.days) as double) as median_days,
        round(avg(t.days), 1) as mean_days,
        count(*) filter (where t.days <= m.standard_days) as within_standard
    from timed as t
    join measures as m on m.measure = t.measure
    group by all
)

select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    sc.adoption_from as window_from,
    m.measure,
    m.measure_no,
    m.cohort,
    m.label,
    m.from_step,
    m.to_step,
    coalesce(c.reached, 0) as reached,
    coalesce(c.children, 0) as children,
    coalesce(c.not_known, 0) as not_known,
    coalesce(c.left_out, 0) as left_out,
    c.median_days,
    c.mean_days,
    m.standard,
    m.standard_days,
    case when m.standard_days is not null then coalesce(c.within_standard, 0) end
        as within_standard
from scope as sc
cross join measures as m
left join counted as c on c.submission_id = sc.submission_id and c.measure = m.measure
order by sc.la_code, m.measure_no;
