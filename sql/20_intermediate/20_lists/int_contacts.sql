-- int_contacts(la, ref_date, edition, as_at): list 1 contacts of the LA's submission (int_scope).
-- Grain: one row per source row (several contacts per child are expected; blank IDs kept).
-- Rules: in_window when contacts_from <= contact_date <= ref (002 ¶258;
-- docs/methodology/windows.md W2-W3); is_latest marks each child's most recent contact on or before
-- ref (docs/methodology/data.md D2); source_group is the template's grouped source (Codes_used).
-- unread_codes: the row's coded columns written with a value that is not a template code
-- (annexa/store/materialise.py), which the briefing counts apart from blanks.
create or replace macro int_contacts(la, ref_date, edition, as_at) as table
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
        r.contact_date,
        r.contact_source,
        src.code_group as source_group,
        r.contact_date between sc.contacts_from and sc.ref_date as in_window,
        r.child_id is not null and coalesce(r.contact_date <= sc.ref_date, true) as is_current
    from int_scope(la, ref_date, edition, as_at) as sc
    join int_list_1_rows as r on r.submission_id = sc.submission_id
    left join ref_code as src on src.code_list = 'source' and src.code = r.contact_source
)

select
    rows.* exclude (is_current),
    rows.is_current and row_number() over (
        partition by rows.submission_id, rows.child_id, rows.is_current
        order by rows.contact_date desc nulls last, rows.row_number desc
    ) = 1 as is_latest
from rows;
