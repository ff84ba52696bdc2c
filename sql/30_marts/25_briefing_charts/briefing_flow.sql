-- briefing_flow(la, ref_date, edition, as_at): the flow of children between the stages of the
-- LA's work, contact -> referral -> assessment -> section 47 enquiry -> child protection plan ->
-- care, for the briefing's flow chart (002 ¶65 pre-inspection analysis; ¶258 lists 1, 3-5, 7, 8).
-- Parameters as int_scope (null ref_date = the submission's as-at date; edition sets the windows).
-- Grain: one row per LA x step (5 steps), in stage order.
-- Columns: step_no; from_stage, to_stage (list keys) and their labels; from_window (the list whose
-- window makes the cohort); children: different children with a from-stage row in its list's
-- window (002 ¶259); moved_on: those of them with a to-stage row dated on or after their first
-- from-stage date in the window and on or before ref; pct = 100 moved_on / children (one decimal
-- place, null when children = 0).
-- Rule: Annex A does not link a contact to its referral (or any row to the next list's row), so a
-- step is followed per child, as briefing_indicators does for contact_to_referral and
-- referral_to_assessment (steps 1 and 2 equal those two indicators; a test checks it). Stage
-- dates: contact date (list 1), referral date (3), assessment start (4), strategy discussion (5),
-- plan start (7), date started to be looked after (8). A child counts once per step however many
-- rows they have.
create or replace macro briefing_flow(la, ref_date := null, edition := 'ilacs-2018', as_at := null)
as table
with stage_rows as (
    -- Columns are qualified: an unqualified ref_date would be the macro's parameter.
    select x.submission_id, x.ref_date as ref_day, 1 as stage_no, x.child_id,
        x.contact_date as stage_date, x.in_window
    from int_contacts(la, ref_date, edition, as_at) as x
    union all
    select x.submission_id, x.ref_date, 2, x.child_id, x.referral_date, x.in_window
    from int_referrals(la, ref_date, edition, as_at) as x
    union all
    select x.submission_id, x.ref_date, 3, x.child_id, x.assessment_start_date, x.in_window
    from int_assessments(la, ref_date, edition, as_at) as x
    union all
    select x.submission_id, x.ref_date, 4, x.child_id, x.s47_start_date, x.in_window
    from int_s47(la, ref_date, edition, as_at) as x
    union all
    select x.submission_id, x.ref_date, 5, x.child_id, x.cp_start_date, x.in_window
    from int_cp_plans(la, ref_date, edition, as_at) as x
    union all
    select x.submission_id, x.ref_date, 6, x.child_id, x.cla_start_date, x.in_window
    from int_cla(la, ref_date, edition, as_at) as x
),

stages (stage_no, stage, stage_label) as (
    values
        (1, 'list_1', 'Contact'),
        (2, 'list_3', 'Referral'),
        (3, 'list_4', 'Assessment'),
        (4, 'list_5', 'Section 47 enquiry'),
        (5, 'list_7', 'Child protection plan'),
        (6, 'list_8', 'Child in care')
),

cohort as (
    select submission_id, stage_no, child_id, min(stage_date) as first_date
    from stage_rows
    where in_window and child_id is not null
    group by all
),

steps as (
    select
        c.submission_id,
        c.stage_no,
        count(distinct c.child_id) as children,
        count(distinct c.child_id) filter (where nx.child_id is not null) as moved_on
    from cohort as c
    left join stage_rows as nx
        on nx.submission_id = c.submission_id
        and nx.child_id = c.child_id
        and nx.stage_no = c.stage_no + 1
        and nx.stage_date between c.first_date and nx.ref_day
    where c.stage_no < 6
    group by all
)

select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    f.stage_no as step_no,
    f.stage as from_stage,
    f.stage_label as from_label,
    t.stage as to_stage,
    t.stage_label as to_label,
    f.stage as from_window,
    coalesce(s.children, 0) as children,
    coalesce(s.moved_on, 0) as moved_on,
    round(100.0 * s.moved_on / nullif(s.children, 0), 1) as pct
from int_scope(la, ref_date, edition, as_at) as sc
cross join stages as f
join stages as t on t.stage_no = f.stage_no + 1
left join steps as s on s.submission_id = sc.submission_id and s.stage_no = f.stage_no
order by sc.la_code, f.stage_no;
