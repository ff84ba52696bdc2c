-- int_s47(la, ref_date, edition, as_at): list 5 section 47 enquiries and ICPCs (int_scope).
-- Grain: one row per source row (one per child expected, 002 ¶260; all kept).
-- Rules: in_window when the strategy discussion (s47 start) or the ICPC falls in
-- [s47_from, ref] (002 ¶258). icpc_held: an ICPC date on or before ref. icpc_needed: the
-- conference was not deemed unnecessary ("Was an ICPC deemed unnecessary?" is not a) Yes).
-- working_days_to_icpc = working days in (strategy discussion, ICPC]
-- (docs/methodology/timelines.md T1); icpc_within_15_working_days when it is 15 or fewer (Working
-- Together to Safeguard Children 2018, ch. 1: the ICPC "should take place within 15 working days of
-- the strategy discussion"). end_before_start: the ICPC is dated before the strategy discussion, a
-- data error (ingest/quality.py reports it as end_before_start); icpc_within_15_working_days is
-- then null (neither within nor outside), and the briefing leaves the row out of numerator and
-- denominator. resulted_in_plan: "Did the ICPC result in a CP plan" is a) Yes. is_latest: the
-- child's most recent s47 on or before ref (docs/methodology/data.md D2).
-- unread_codes: the row's coded columns written with a value that is not a template code
-- (annexa/store/materialise.py), which the briefing counts apart from blanks.
create or replace macro int_s47(la, ref_date, edition, as_at) as table
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
        r.s47_start_date,
        r.icpc_not_required,
        r.icpc_date,
        r.icpc_resulted_in_plan,
        r.s47_12m,
        r.icpc_12m,
        r.team,
        r.worker,
        r.s47_start_date between sc.s47_from and sc.ref_date
            or r.icpc_date between sc.s47_from and sc.ref_date as in_window,
        coalesce(r.icpc_date <= sc.ref_date, false) as icpc_held,
        coalesce(r.icpc_date < r.s47_start_date, false) as end_before_start,
        r.icpc_not_required is distinct from 'a) Yes' as icpc_needed,
        r.icpc_date <= sc.ref_date and r.icpc_resulted_in_plan = 'a) Yes' as resulted_in_plan,
        case
            when r.icpc_date <= sc.ref_date
                then c_icpc.working_day_no - c_start.working_day_no
        end as working_days_to_icpc,
        r.child_id is not null
            and coalesce(r.s47_start_date <= sc.ref_date, true) as is_current
    from int_scope(la, ref_date, edition, as_at) as sc
    join int_list_5_rows as r on r.submission_id = sc.submission_id
    left join ref_calendar as c_start on c_start.date = r.s47_start_date
    left join ref_calendar as c_icpc on c_icpc.date = r.icpc_date
)

select
    rows.* exclude (is_current),
    case
        when not rows.end_before_start then rows.working_days_to_icpc <= 15
    end as icpc_within_15_working_days,
    rows.is_current and row_number() over (
        partition by rows.submission_id, rows.child_id, rows.is_current
        order by rows.s47_start_date desc nulls last, rows.row_number desc
    ) = 1 as is_latest
from rows;
