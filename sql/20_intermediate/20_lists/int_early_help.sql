-- int_early_help(la, ref_date, edition, as_at): list 2 early help assessments (int_scope).
-- Grain: one row per source row (several per child allowed, 002 ¶261).
-- Rules: in_window when the assessment was open at any time in the window: started on or before
-- ref and not completed before early_help_from (002 ¶258 "subject of an early help assessment ...
-- in the six months before"; the 2019 template adds current interventions). open_at_ref: started
-- on or before ref and not completed by ref. is_latest: the child's most recent start on or
-- before ref (docs/methodology/data.md D2).
-- unread_codes: the row's coded columns written with a value that is not a template code
-- (annexa/store/materialise.py), which the briefing counts apart from blanks.
create or replace macro int_early_help(la, ref_date, edition, as_at) as table
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
        r.eh_start_date,
        r.eh_end_date,
        r.eh_organisation,
        r.eh_start_date <= sc.ref_date
            and coalesce(r.eh_end_date >= sc.early_help_from, true) as in_window,
        r.eh_start_date <= sc.ref_date
            and coalesce(r.eh_end_date > sc.ref_date, true) as open_at_ref,
        r.child_id is not null and coalesce(r.eh_start_date <= sc.ref_date, true) as is_current
    from int_scope(la, ref_date, edition, as_at) as sc
    join int_list_2_rows as r on r.submission_id = sc.submission_id
)

select
    rows.* exclude (is_current),
    rows.is_current and row_number() over (
        partition by rows.submission_id, rows.child_id, rows.is_current
        order by rows.eh_start_date desc nulls last, rows.row_number desc
    ) = 1 as is_latest
from rows;
