-- int_scope(la, ref_date, edition, as_at): the submission each LA is analysed from, its reference
-- date and the first day of each list's window. Every analysis macro starts here, so the
-- parameters mean the same everywhere:
--   la        LA code; null = every LA (national figures).
--   ref_date  reference date; null = the submission's as-at date (docs/methodology/windows.md W1).
--   edition   'ilacs-2018' (default in the marts) or 'template-2019'
--             (docs/methodology/windows.md W3).
--   as_at     null = the LA's current submission; else its latest submission with an as-at date
--             on or before as_at, so older submissions stay queryable
--             (docs/methodology/windows.md W4).
-- Grain: one row per LA.
-- Rules: the current submission is the latest by as_at_date, then loaded_at
-- (docs/methodology/windows.md W4; chosen in int_current_submissions). Windows are inclusive
-- calendar months: <list>_from = ref - N months, and a date d is in the window when
-- <list>_from <= d <= ref
-- (docs/methodology/windows.md W2), N read from int_list_windows for the edition (3 months for
-- lists 1, 3, 6, 7 under ilacs-2018, else 6; 12 for lists 10, 11; audits 6). Month ends clamp
-- (31 May - 3 months = 28 February). year_before = ref - 12 months.
create or replace macro int_scope(la, ref_date, edition, as_at) as table
with chosen as (
    select
        la_code,
        {'submission_id': submission_id, 'la_name': la_name, 'region': region,
         'as_at_date': as_at_date} as c
    from int_current_submissions(la, as_at)
),

-- Each list's window length for the edition, from int_list_windows (the one home of the
-- windows); the column list renames its columns so that none is taken for this macro's
-- `edition` parameter.
window_months as (
    select
        count(*) as known,
        any_value(w_months) filter (where w_list = 'list_1') as contacts,
        any_value(w_months) filter (where w_list = 'list_2') as early_help,
        any_value(w_months) filter (where w_list = 'list_3') as referrals,
        any_value(w_months) filter (where w_list = 'list_4') as assessments,
        any_value(w_months) filter (where w_list = 'list_5') as s47,
        any_value(w_months) filter (where w_list = 'list_6') as cin,
        any_value(w_months) filter (where w_list = 'list_7') as cp,
        any_value(w_months) filter (where w_list = 'list_8') as cla,
        any_value(w_months) filter (where w_list = 'list_10') as adoption,
        any_value(w_months) filter (where w_list = 'list_11') as adopters,
        any_value(w_months) filter (where w_list = 'audits') as audits
    from int_list_windows as w (w_edition, w_list, w_months, w_includes, w_reference)
    where w_edition = cast(edition as varchar)
),

dated as (
    select
        ch.la_code,
        ch.c.submission_id,
        ch.c.la_name,
        ch.c.region,
        ch.c.as_at_date,
        -- An edition with no windows is refused here, where every window is computed from.
        case when m.known = 0
            then error('edition must be ''ilacs-2018'' or ''template-2019'', not '
                || coalesce('''' || edition || '''', 'null'))
            else cast(coalesce(cast(ref_date as date), ch.c.as_at_date) as date)
        end as ref_day,
        m.*
    from chosen as ch, window_months as m
)

select
    d.submission_id,
    d.la_code,
    d.la_name,
    d.region,
    d.as_at_date,
    d.ref_day as ref_date,
    cast(edition as varchar) as edition,
    cal.working_day_no as ref_working_day_no,
    cast(d.ref_day - to_months(d.contacts) as date) as contacts_from,
    cast(d.ref_day - to_months(d.early_help) as date) as early_help_from,
    cast(d.ref_day - to_months(d.referrals) as date) as referrals_from,
    cast(d.ref_day - to_months(d.assessments) as date) as assessments_from,
    cast(d.ref_day - to_months(d.s47) as date) as s47_from,
    cast(d.ref_day - to_months(d.cin) as date) as cin_from,
    cast(d.ref_day - to_months(d.cp) as date) as cp_from,
    cast(d.ref_day - to_months(d.cla) as date) as cla_from,
    cast(d.ref_day - to_months(d.adoption) as date) as adoption_from,
    cast(d.ref_day - to_months(d.adopters) as date) as adopters_from,
    cast(d.ref_day - to_months(d.audits) as date) as audits_from,
    cast(d.ref_day - interval 12 month as date) as year_before
from dated as d
left join ref_calendar as cal on cal.date = d.ref_day;
