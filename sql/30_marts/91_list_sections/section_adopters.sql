-- section_adopters(la, ref_date, edition, as_at): the adopters section of the Lists in detail page
-- (list 11): how long each stage of the adopters' approval and matching took.
-- Parameters as int_scope (null ref_date = the submission's as-at date; edition sets the window).
-- Grain: one row per LA x measure, every measure present (adopters = 0 when none), in measure_no
-- order.
-- Columns: la_code, submission_id, ref_date, window_from (first day of the list 11 window),
-- measure (stable id), measure_no, label, from_step, to_step, reached (adopters whose later step
-- is dated on or before ref), adopters (of them, those counted: earlier step dated, and not after
-- the later one), not_known (reached, earlier step blank), left_out (reached, later step dated
-- before the earlier: a data error), median_days and mean_days (calendar days over the adopters
-- counted; null when none), standard (in words, or null), standard_months, within_standard
-- (adopters counted whose later step came less than standard_months calendar months after the
-- earlier).
-- Rules (docs/methodology/list-sections.md):
-- * LS1: adopters, not rows: each adopter ID's most recent row of those in the list's window
--   (int_adopters.in_window: in the adoption process at any time in the 12 months; ILACS ¶258),
--   most recent by the date the enquiry was received, then by the row's place in the sheet.
--   Adopters are adults: a couple is two adopters (docs/methodology/data.md D1).
-- * LS7 the stages, each in calendar days from the earlier date to the later: enquiry -> stage
--   1 start (the registration of interest), stage 1 (start -> end; standard 2 months), stage 1
--   end -> stage 2 start, stage 2 (start -> end; 4 months), application -> approval, stage 1
--   start -> approval (6 months: the two stages' timescales together), approval -> matched
--   (3 months: the DfE adoption scorecard's A12 counts the families who waited 3 months or more),
--   matched -> child placed, and enquiry -> approval. The stage timescales are those of the
--   statutory guidance on adoption (2013), ch. 3.
-- * LS8: a date after ref has not yet happened; a later step dated before the earlier is a data
--   error, left out of the days (counted in left_out).
-- Source: int_adopters (list 11, ILACS ¶258); Adoption: statutory guidance (2013) ch. 3; DfE
-- adoption scorecards (A12).
create or replace macro section_adopters(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    as_at := null
) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

chosen as (
    select a.*
    from int_adopters(la, ref_date, edition, as_at) as a
    semi join list_detail_rows(la, ref_date, edition, 'list_11', as_at := as_at) as lr
        on lr.submission_id = a.submission_id and lr.sheet = a.sheet
        and lr.row_number = a.row_number and lr.latest_in_window
),

measures (measure, measure_no, label, from_step, to_step, standard, standard_months) as (
    values
        ('enquiry_to_stage1', 1, 'Enquiry to stage 1 (registration of interest)', 'enquiry',
         'stage 1 start', null, null),
        ('stage1', 2, 'Stage 1', 'stage 1 start', 'stage 1 end', 'less than 2 months', 2),
        ('stage1_to_stage2', 3, 'Between the stages', 'stage 1 end', 'stage 2 start', null,
         null),
        ('stage2', 4, 'Stage 2', 'stage 2 start', 'stage 2 end', 'less than 4 months', 4),
        ('application_to_approval', 5, 'Application to approval', 'application', 'approval',
         null, null),
        ('stage1_to_approval', 6, 'Stage 1 start to approval', 'stage 1 start', 'approval',
         'less than 6 months', 6),
        ('approval_to_match', 7, 'Approval to match (A12)', 'approval', 'matched',
         'less than 3 months (A12)', 3),
        ('match_to_placed', 8, 'Match to child placed', 'matched', 'child placed', null, null),
        ('enquiry_to_approval', 9, 'Enquiry to approval', 'enquiry', 'approval', null, null)
),

-- Each adopter's dates, those after ref blanked (not yet happened).
dated as (
    select
        a.submission_id,
        case when a.enquiry_date <= a.ref_date then a.enquiry_date end as enquiry,
        case when a.stage1_start_date <= a.ref_date then a.stage1_start_date end as s1_start,
        case when a.stage1_end_date <= a.ref_date then a.stage1_end_date end as s1_end,
        case when a.stage2_start_date <= a.ref_date then a.stage2_start_date end as s2_start,
        case when a.stage2_end_date <= a.ref_date then a.stage2_end_date end as s2_end,
        case when a.application_date <= a.ref_date then a.application_date end as application,
        case when a.approval_date <= a.ref_date then a.approval_date end as approval,
        case when a.matched_date <= a.ref_date then a.matched_date end as matched,
        case when a.placed_date <= a.ref_date then a.placed_date end as placed
    from chosen as a
),

steps as (
    select submission_id, x.measure, x.from_date, x.to_date
    from (
        select
            submission_id,
            unnest([
                {'measure': 'enquiry_to_stage1', 'from_date': enquiry, 'to_date': s1_start},
                {'measure': 'stage1', 'from_date': s1_start, 'to_date': s1_end},
                {'measure': 'stage1_to_stage2', 'from_date': s1_end, 'to_date': s2_start},
                {'measure': 'stage2', 'from_date': s2_start, 'to_date': s2_end},
                {'measure': 'application_to_approval', 'from_date': application,
                 'to_date': approval},
                {'measure': 'stage1_to_approval', 'from_date': s1_start, 'to_date': approval},
                {'measure': 'approval_to_match', 'from_date': approval, 'to_date': matched},
                {'measure': 'match_to_placed', 'from_date': matched, 'to_date': placed},
                {'measure': 'enquiry_to_approval', 'from_date': enquiry, 'to_date': approval}
            ]) as x
        from dated
    )
    where x.to_date is not null
),

timed as (
    select
        s.*,
        m.standard_months,
        case when s.to_date >= s.from_date then s.to_date - s.from_date end as days
    from steps as s
    join measures as m on m.measure = s.measure
),

counted as (
    select
        t.submission_id,
        t.measure,
        count(*) as reached,
        count(t.days) as adopters,
        count(*) filter (where t.from_date is null) as not_known,
        count(*) filter (where t.to_date < t.from_date) as left_out,
        cast(median(t.days) as double) as median_days,
        round(avg(t.days), 1) as mean_days,
        count(*) filter (
            where t.days is not null
                and t.to_date < t.from_date + to_months(t.standard_months)
        ) as within_standard
    from timed as t
    group by all
)

select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    sc.adopters_from as window_from,
    m.measure,
    m.measure_no,
    m.label,
    m.from_step,
    m.to_step,
    coalesce(c.reached, 0) as reached,
    coalesce(c.adopters, 0) as adopters,
    coalesce(c.not_known, 0) as not_known,
    coalesce(c.left_out, 0) as left_out,
    c.median_days,
    c.mean_days,
    m.standard,
    m.standard_months,
    case when m.standard_months is not null then coalesce(c.within_standard, 0) end
        as within_standard
from scope as sc
cross join measures as m
left join counted as c on c.submission_id = sc.submission_id and c.measure = m.measure
order by sc.la_code, m.measure_no;
