-- int_assessments(la, ref_date, edition, as_at): list 4 statutory assessments (int_scope).
-- Grain: one row per source row (one per child expected, 002 ¶260; all kept).
-- Rules: in_window when the assessment was open at any time in the window: started on or before
-- ref and not authorised before assessments_from (002 ¶258; the 2019 template includes open
-- ones). authorised: authorisation on or before ref. open_at_ref: started, not yet authorised at
-- ref. Working days (docs/methodology/timelines.md T1: Monday-Friday less England bank holidays,
-- ref_calendar) are counted as working_days_between(start, end) = working days in (start, end]:
-- working_days_to_authorise for authorised ones, working_days_open (to ref) for open ones.
-- within_45_working_days: authorised no later than the 45th working day after the start
-- (Working Together to Safeguard Children 2018, ch. 1: "maximum timeframe ... 45 working days";
-- measured here from the assessment start, the only date list 4 gives). end_before_start: the
-- authorisation is dated before the start, a data error (ingest/quality.py reports it as
-- end_before_start); such a row is neither within nor outside the standard: within_45_working_days
-- is null, and the briefing leaves it out of both numerator and denominator (a negative number of
-- working days is not "within 45"). is_latest: the child's most recent start on or before ref
-- (docs/methodology/data.md D2).
-- unread_codes: the row's coded columns written with a value that is not a template code
-- (annexa/store/materialise.py), which the briefing counts apart from blanks.
create or replace macro int_assessments(la, ref_date, edition, as_at) as table
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
        r.assessment_start_date,
        r.child_seen,
        r.assessment_auth_date,
        r.assessed_in_need,
        r.team,
        r.worker,
        r.assessment_start_date <= sc.ref_date
            and coalesce(r.assessment_auth_date >= sc.assessments_from, true) as in_window,
        coalesce(r.assessment_auth_date <= sc.ref_date, false) as authorised,
        coalesce(r.assessment_auth_date < r.assessment_start_date, false) as end_before_start,
        r.assessment_start_date <= sc.ref_date
            and coalesce(r.assessment_auth_date > sc.ref_date, true) as open_at_ref,
        case
            when r.assessment_auth_date <= sc.ref_date
                then c_auth.working_day_no - c_start.working_day_no
        end as working_days_to_authorise,
        case
            when r.assessment_start_date <= sc.ref_date
                and coalesce(r.assessment_auth_date > sc.ref_date, true)
                then sc.ref_working_day_no - c_start.working_day_no
        end as working_days_open,
        r.child_id is not null
            and coalesce(r.assessment_start_date <= sc.ref_date, true) as is_current
    from int_scope(la, ref_date, edition, as_at) as sc
    join int_list_4_rows as r on r.submission_id = sc.submission_id
    left join ref_calendar as c_start on c_start.date = r.assessment_start_date
    left join ref_calendar as c_auth on c_auth.date = r.assessment_auth_date
)

select
    rows.* exclude (is_current),
    case
        when not rows.end_before_start then rows.working_days_to_authorise <= 45
    end as within_45_working_days,
    rows.is_current and row_number() over (
        partition by rows.submission_id, rows.child_id, rows.is_current
        order by rows.assessment_start_date desc nulls last, rows.row_number desc
    ) = 1 as is_latest
from rows;
