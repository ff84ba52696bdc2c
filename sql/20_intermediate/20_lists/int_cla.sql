-- int_cla(la, ref_date, edition, as_at): list 8 children in care (int_scope).
-- Grain: one row per source row (one per child expected, 002 ¶260; all kept).
-- Rules:
-- * in_care_at_ref: started on or before ref, not ceased by ref. ceased_in_window: ceased in
--   [cla_from, ref]. in_window = in_care_at_ref or ceased_in_window (002 ¶258).
--   started_in_window: started to be looked after in [cla_from, ref].
-- * Codes by their DfE token (code_token): kinship = placement U1-U3 (fostering with relatives or
--   friends, "connected person"); placed_with_parents_on_care_order = placement P1 with legal
--   status C1/C2 (002 ¶150, fn 23); out_of_area = Placement Location b) Out.
--   placement_group / legal_status_group are the template's Codes_used groups; a value that
--   fits several codes of one group ("Placed for adoption") counts in that group
--   (docs/data-quality.md, "Code values").
-- * unstable: 3 or more placements in the last 12 months (the DfE placement stability measure).
-- * Statutory timescales (the Care Planning, Placement and Case Review (England) Regulations 2010,
--   "CPPCR"), each a due date; overdue when in care at ref and the due date is before ref:
--   - review (reg 33): first within 20 working days of becoming looked after, second within 3
--     months of the first, then every 6 months. Annex A gives only the latest review date, so a
--     latest review within 3 months of the start is taken to be the first.
--   - social worker visit (reg 28): within 1 week of a placement starting, then every 6 weeks in
--     the placement's first year; after that every 3 months when the permanence plan is long-term
--     fostering or residential care, else every 6 weeks.
--   - health assessment (reg 7; statutory guidance "Promoting the health and well-being of
--     looked-after children", 2015): initial within 20 working days of becoming looked after;
--     reviewed every 6 months under age 5 (age on ref), every 12 months from 5.
--   - dental check: within 12 months (SSDA903 outcome measure: teeth checked by a dentist in the
--     last 12 months); a child in care under 12 months is not yet due.
-- * "20 working days after" = add_working_days(start, 20) (docs/methodology/timelines.md T1) via
--   ref_calendar.
-- is_latest: the child's most recent period of care started on or before ref
-- (docs/methodology/data.md D2).
-- unread_codes: the row's coded columns written with a value that is not a template code
-- (annexa/store/materialise.py), which the briefing counts apart from blanks.
create or replace macro int_cla(la, ref_date, edition, as_at) as table
with rows as (
    select
        sc.la_code,
        sc.submission_id,
        sc.ref_date,
        r.child_id,
        r.sheet,
        r.row_number,
        r.gender,
        r.unread_codes,
        r.ethnicity,
        r.dob,
        r.age,
        r.uasc,
        r.disability,
        r.cla_start_date,
        r.category_of_need,
        r.second_period_12m,
        r.legal_status_start_date,
        r.legal_status,
        coalesce(legal.code_group, r.legal_status_group) as legal_status_group,
        code_token(r.legal_status) as legal_token,
        r.last_review_date,
        r.last_visit_date,
        r.permanence_plan,
        r.last_iro_contact_date,
        r.last_health_assessment_date,
        r.last_dental_check_date,
        r.placements_12m,
        r.cla_end_date,
        r.cla_end_reason,
        code_token(r.cla_end_reason) as end_token,
        r.cla_end_reason_group as end_group,
        r.placement_start_date,
        r.placement_type,
        coalesce(ptype.code_group, r.placement_type_group) as placement_group,
        code_token(r.placement_type) as placement_token,
        r.placement_provider,
        r.placement_location,
        r.placement_la,
        r.missing_episodes_12m,
        r.absent_episodes_12m,
        r.return_interview_offered,
        r.return_interview_accepted,
        r.sibling_count,
        r.team,
        r.worker,
        coalesce(r.cla_start_date <= sc.ref_date, true)
            and coalesce(r.cla_end_date > sc.ref_date, true) as in_care_at_ref,
        coalesce(r.cla_end_date between sc.cla_from and sc.ref_date, false) as ceased_in_window,
        coalesce(r.cla_start_date between sc.cla_from and sc.ref_date, false)
            as started_in_window,
        coalesce(age_on(r.dob, sc.ref_date), r.age) as age_at_ref,
        c_20.date as start_plus_20_working_days,
        r.child_id is not null
            and coalesce(r.cla_start_date <= sc.ref_date, true) as is_current
    from int_scope(la, ref_date, edition, as_at) as sc
    join int_list_8_rows as r on r.submission_id = sc.submission_id
    left join ref_code as legal on legal.code_list = 'legal_status' and legal.code = r.legal_status
    left join ref_code as ptype
        on ptype.code_list = 'placement_type' and ptype.code = r.placement_type
    left join ref_calendar as c_start on c_start.date = r.cla_start_date
    left join ref_calendar as c_20
        on c_20.working_day_no = c_start.working_day_no + 20 and c_20.is_working_day
),

due as (
    select
        rows.*,
        case
            when rows.last_review_date is null or rows.last_review_date < rows.cla_start_date
                then rows.start_plus_20_working_days
            when rows.last_review_date <= rows.cla_start_date + interval 3 month
                then cast(rows.last_review_date + interval 3 month as date)
            else cast(rows.last_review_date + interval 6 month as date)
        end as review_due_date,
        case
            when rows.last_visit_date is null or rows.last_visit_date < rows.placement_start_date
                then rows.placement_start_date + 7
            when rows.placement_start_date > rows.ref_date - interval 1 year
                then rows.last_visit_date + 42
            when rows.permanence_plan in (
                'f) Long-term fostering', 'e) Long-term residential placement'
            ) then cast(rows.last_visit_date + interval 3 month as date)
            else rows.last_visit_date + 42
        end as visit_due_date,
        case
            when rows.last_health_assessment_date is null
                or rows.last_health_assessment_date < rows.cla_start_date
                then rows.start_plus_20_working_days
            when rows.age_at_ref < 5
                then cast(rows.last_health_assessment_date + interval 6 month as date)
            else cast(rows.last_health_assessment_date + interval 12 month as date)
        end as health_due_date,
        cast(
            coalesce(rows.last_dental_check_date, rows.cla_start_date) + interval 12 month as date
        ) as dental_due_date
    from rows
)

select
    due.* exclude (is_current, start_plus_20_working_days),
    due.in_care_at_ref or due.ceased_in_window as in_window,
    due.placement_location = 'b) Out' as out_of_area,
    due.placement_token in ('U1', 'U2', 'U3') as kinship,
    due.placement_token = 'P1' and due.legal_token in ('C1', 'C2')
        as placed_with_parents_on_care_order,
    due.placements_12m >= 3 as unstable,
    due.in_care_at_ref and due.review_due_date < due.ref_date as review_overdue,
    due.in_care_at_ref and due.visit_due_date < due.ref_date as visit_overdue,
    due.in_care_at_ref and due.health_due_date < due.ref_date as health_overdue,
    due.in_care_at_ref and due.dental_due_date < due.ref_date as dental_overdue,
    due.is_current and row_number() over (
        partition by due.submission_id, due.child_id, due.is_current
        order by due.cla_start_date desc nulls last, due.row_number desc
    ) = 1 as is_latest
from due;
