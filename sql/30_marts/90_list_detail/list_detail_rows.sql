-- list_detail_rows(la, ref_date, edition, list_key, as_at): the rows of one of lists 1-11 in the
-- shape every view of the "Lists in detail" page reads: the int_<list> macro's window flag, the
-- list's start date, the child's demographics as the row gives them, and the allocated team and
-- worker where the list has them.
-- Parameters as int_scope, and list_key ('list_1' .. 'list_11'; any other value: no rows).
-- Grain: one row per source row of the list (blank child IDs kept; list 11: one per adopter,
-- child_id holding the adopter ID, docs/methodology/data.md D1).
-- Rules (docs/methodology/lists.md L1-L2, L4):
-- * in_window: the int_<list> macro's (docs/methodology/windows.md W2-W3). List 9 is read from
--   its typed rows because int_care_leavers leaves out the team and worker; it is a point-in-time
--   list, so every row is in its window, as int_care_leavers says.
-- * start_date: the date the row starts on (list_detail_catalogue.start_date_name); null for
--   list 9.
-- * disability: null where the list has no such column (lists 1-3); dob and age: null for list 11.
-- * team, worker: "Allocated Team" and "Allocated Worker" as supplied (lists 3-9), else null.
-- * latest_in_window: the child's most recent row in the window (latest start date, then the
--   last listed); the team and worker of that row are the child's (L4). False for blank IDs.
create or replace macro list_detail_rows(la, ref_date, edition, list_key, as_at := null) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

rows as (
    select
        x.la_code, x.submission_id, x.ref_date, 'list_1' as list_key, x.child_id, x.sheet,
        x.row_number, x.in_window, x.contact_date as start_date, x.gender, x.ethnicity, x.dob,
        x.age, cast(null as varchar) as disability, x.unread_codes,
        cast(null as varchar) as team, cast(null as varchar) as worker
    from int_contacts(la, ref_date, edition, as_at) as x
    where cast(list_key as varchar) = 'list_1'
    union all
    select
        x.la_code, x.submission_id, x.ref_date, 'list_2', x.child_id, x.sheet, x.row_number,
        x.in_window, x.eh_start_date, x.gender, x.ethnicity, x.dob, x.age, null, x.unread_codes,
        null, null
    from int_early_help(la, ref_date, edition, as_at) as x
    where cast(list_key as varchar) = 'list_2'
    union all
    select
        x.la_code, x.submission_id, x.ref_date, 'list_3', x.child_id, x.sheet, x.row_number,
        x.in_window, x.referral_date, x.gender, x.ethnicity, x.dob, x.age, null, x.unread_codes,
        x.team, x.worker
    from int_referrals(la, ref_date, edition, as_at) as x
    where cast(list_key as varchar) = 'list_3'
    union all
    select
        x.la_code, x.submission_id, x.ref_date, 'list_4', x.child_id, x.sheet, x.row_number,
        x.in_window, x.assessment_start_date, x.gender, x.ethnicity, x.dob, x.age, x.disability,
        x.unread_codes, x.team, x.worker
    from int_assessments(la, ref_date, edition, as_at) as x
    where cast(list_key as varchar) = 'list_4'
    union all
    select
        x.la_code, x.submission_id, x.ref_date, 'list_5', x.child_id, x.sheet, x.row_number,
        x.in_window, x.s47_start_date, x.gender, x.ethnicity, x.dob, x.age, x.disability,
        x.unread_codes, x.team, x.worker
    from int_s47(la, ref_date, edition, as_at) as x
    where cast(list_key as varchar) = 'list_5'
    union all
    select
        x.la_code, x.submission_id, x.ref_date, 'list_6', x.child_id, x.sheet, x.row_number,
        x.in_window, x.cin_start_date, x.gender, x.ethnicity, x.dob, x.age, x.disability,
        x.unread_codes, x.team, x.worker
    from int_cin(la, ref_date, edition, as_at) as x
    where cast(list_key as varchar) = 'list_6'
    union all
    select
        x.la_code, x.submission_id, x.ref_date, 'list_7', x.child_id, x.sheet, x.row_number,
        x.in_window, x.cp_start_date, x.gender, x.ethnicity, x.dob, x.age, x.disability,
        x.unread_codes, x.team, x.worker
    from int_cp_plans(la, ref_date, edition, as_at) as x
    where cast(list_key as varchar) = 'list_7'
    union all
    select
        x.la_code, x.submission_id, x.ref_date, 'list_8', x.child_id, x.sheet, x.row_number,
        x.in_window, x.cla_start_date, x.gender, x.ethnicity, x.dob, x.age, x.disability,
        x.unread_codes, x.team, x.worker
    from int_cla(la, ref_date, edition, as_at) as x
    where cast(list_key as varchar) = 'list_8'
    union all
    select
        sc.la_code, sc.submission_id, sc.ref_date, 'list_9', r.child_id, r.sheet,
        r.row_number, true, null, r.gender, r.ethnicity, r.dob, r.age, r.disability,
        r.unread_codes, r.team, r.worker
    from scope as sc
    join int_list_9_rows as r on r.submission_id = sc.submission_id
    where cast(list_key as varchar) = 'list_9'
    union all
    select
        x.la_code, x.submission_id, x.ref_date, 'list_10', x.child_id, x.sheet, x.row_number,
        x.in_window, x.adm_decision_date, x.gender, x.ethnicity, x.dob, x.age, x.disability,
        x.unread_codes, null, null
    from int_adoption(la, ref_date, edition, as_at) as x
    where cast(list_key as varchar) = 'list_10'
    union all
    select
        x.la_code, x.submission_id, x.ref_date, 'list_11', x.adopter_id, x.sheet, x.row_number,
        x.in_window, x.enquiry_date, x.gender, x.ethnicity, null, null, x.disability, cast([] as
        varchar[]), null, null
    from int_adopters(la, ref_date, edition, as_at) as x
    where cast(list_key as varchar) = 'list_11'
)

select
    rows.*,
    coalesce(rows.in_window and rows.child_id is not null and row_number() over (
        partition by rows.submission_id, rows.child_id,
            rows.in_window and rows.child_id is not null
        order by rows.start_date desc nulls last, rows.row_number desc
    ) = 1, false) as latest_in_window
from rows;
