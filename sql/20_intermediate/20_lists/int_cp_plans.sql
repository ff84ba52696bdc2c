-- int_cp_plans(la, ref_date, edition, as_at): list 7 child protection plans (int_scope).
-- Grain: one row per source row (one per child expected, 002 ¶260; all kept).
-- Rules: open_at_ref: started on or before ref, not ended by ref. ended_in_window: end date in
-- [cp_from, ref]. in_window = open_at_ref or ended_in_window (002 ¶258). plan_months: whole
-- months from the start to the end (or to ref while open). over_two_years / over_18_months: the
-- plan had lasted more than 2 years / 18 months by its end or by ref (¶151 delay: 18 months).
-- second_or_subsequent: "Number of Previous Child Protection Plans" >= 1.
-- review_due_date: Working Together to Safeguard Children 2018, ch. 4: the first review
-- conference within 3 months of the initial conference, then at intervals of not more than 6
-- months; the plan start stands for the ICPC (list 7 has no ICPC date). A latest review before
-- the plan start is treated as no review. review_overdue: open at ref and the due date is before
-- ref. working_days_since_visit: working days in (last statutory visit, or the plan start if
-- none, ref] (docs/methodology/timelines.md T1); visit_overdue when over 10. Working Together sets
-- no visit interval: 10 working days is a common local standard, an assumption shown with the
-- figure.
-- is_latest: the child's most recent plan on or before ref (docs/methodology/data.md D2).
-- unread_codes: the row's coded columns written with a value that is not a template code
-- (annexa/store/materialise.py), which the briefing counts apart from blanks.
create or replace macro int_cp_plans(la, ref_date, edition, as_at) as table
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
        r.disability,
        r.cp_start_date,
        r.cp_initial_category,
        r.cp_latest_category,
        r.last_visit_date,
        r.seen_alone,
        r.last_review_date,
        r.cp_end_date,
        r.epo_6m,
        r.previous_cp_plans,
        r.team,
        r.worker,
        r.cp_start_date <= sc.ref_date
            and coalesce(r.cp_end_date > sc.ref_date, true) as open_at_ref,
        coalesce(r.cp_end_date between sc.cp_from and sc.ref_date, false) as ended_in_window,
        case
            when r.cp_start_date <= sc.ref_date
                then least(coalesce(r.cp_end_date, sc.ref_date), sc.ref_date)
        end as plan_to,
        case
            when r.last_review_date is null or r.last_review_date < r.cp_start_date
                then cast(r.cp_start_date + interval 3 month as date)
            else cast(r.last_review_date + interval 6 month as date)
        end as review_due_date,
        case
            when r.cp_start_date <= sc.ref_date
                and coalesce(r.cp_end_date > sc.ref_date, true)
                then sc.ref_working_day_no
                    - coalesce(c_visit.working_day_no, c_start.working_day_no)
        end as working_days_since_visit,
        r.child_id is not null
            and coalesce(r.cp_start_date <= sc.ref_date, true) as is_current
    from int_scope(la, ref_date, edition, as_at) as sc
    join int_list_7_rows as r on r.submission_id = sc.submission_id
    left join ref_calendar as c_start on c_start.date = r.cp_start_date
    left join ref_calendar as c_visit
        on c_visit.date = r.last_visit_date and r.last_visit_date >= r.cp_start_date
)

select
    rows.* exclude (is_current, plan_to),
    rows.open_at_ref or rows.ended_in_window as in_window,
    date_diff('month', rows.cp_start_date, rows.plan_to)
        - case when day(rows.plan_to) < day(rows.cp_start_date) then 1 else 0 end as plan_months,
    rows.plan_to > rows.cp_start_date + interval 2 year as over_two_years,
    rows.plan_to > rows.cp_start_date + interval 18 month as over_18_months,
    coalesce(rows.previous_cp_plans >= 1, false) as second_or_subsequent,
    rows.open_at_ref and rows.review_due_date < rows.ref_date as review_overdue,
    rows.working_days_since_visit > 10 as visit_overdue,
    rows.is_current and row_number() over (
        partition by rows.submission_id, rows.child_id, rows.is_current
        order by rows.cp_start_date desc nulls last, rows.row_number desc
    ) = 1 as is_latest
from rows;
