-- int_cin(la, ref_date, edition, as_at): list 6 children in need episodes (int_scope).
-- Grain: one row per source row (one per child expected, 002 ¶260; all kept).
-- Rules: open_at_ref: the episode started on or before ref (a blank start counts as started:
-- the template allows it) and had not closed by ref. closed_in_window: closure date in
-- [cin_from, ref]. in_window = open_at_ref or closed_in_window (002 ¶258: "at the point of
-- inspection ... and those who ceased ... in the three months before"). is_latest: the child's
-- most recent episode on or before ref (¶260 "the most recent episode of need").
-- unread_codes: the row's coded columns written with a value that is not a template code
-- (annexa/store/materialise.py), which the briefing counts apart from blanks.
create or replace macro int_cin(la, ref_date, edition, as_at) as table
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
        r.cin_start_date,
        r.primary_need,
        r.last_seen_date,
        r.cin_end_date,
        r.cin_closure_reason,
        r.case_status,
        r.team,
        r.worker,
        coalesce(r.cin_start_date <= sc.ref_date, true)
            and coalesce(r.cin_end_date > sc.ref_date, true) as open_at_ref,
        coalesce(r.cin_end_date between sc.cin_from and sc.ref_date, false) as closed_in_window,
        r.child_id is not null
            and coalesce(r.cin_start_date <= sc.ref_date, true) as is_current
    from int_scope(la, ref_date, edition, as_at) as sc
    join int_list_6_rows as r on r.submission_id = sc.submission_id
)

select
    rows.* exclude (is_current),
    rows.open_at_ref or rows.closed_in_window as in_window,
    rows.is_current and row_number() over (
        partition by rows.submission_id, rows.child_id, rows.is_current
        order by rows.cin_start_date desc nulls last, rows.row_number desc
    ) = 1 as is_latest
from rows;
