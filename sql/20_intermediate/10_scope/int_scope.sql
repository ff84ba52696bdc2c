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
-- (docs/methodology/windows.md W4). Windows are inclusive calendar months: <list>_from = ref - N
-- months, and a date d is in the window when <list>_from <= d <= ref
-- (docs/methodology/windows.md W2), N as int_list_windows states per edition (3 months for lists 1,
-- 3, 6, 7 under ilacs-2018, else 6; 12 for lists 10, 11; audits 6). Month ends clamp (31 May - 3
-- months = 28 February). year_before = ref - 12 months.
create or replace macro int_scope(la, ref_date, edition, as_at) as table
with chosen as (
    select
        s.la_code,
        max_by(
            {'submission_id': s.submission_id, 'la_name': s.la_name, 'region': s.region,
             'as_at_date': s.as_at_date},
            (s.as_at_date, s.loaded_at, s.submission_id)
        ) as c
    from submissions as s
    where (la is null or s.la_code = cast(la as varchar))
        and (as_at is null or s.as_at_date <= cast(as_at as date))
    group by s.la_code
),

dated as (
    select
        ch.la_code,
        ch.c.submission_id,
        ch.c.la_name,
        ch.c.region,
        ch.c.as_at_date,
        cast(coalesce(cast(ref_date as date), ch.c.as_at_date) as date) as ref_day,
        -- Window lengths in months, as int_list_windows states them (a test keeps the two
        -- equal); inline here because this macro is expanded in every list's macro.
        case edition
            when 'ilacs-2018' then 3
            when 'template-2019' then 6
            else error('edition must be ''ilacs-2018'' or ''template-2019'', not '
                || coalesce('''' || edition || '''', 'null'))
        end as short_months
    from chosen as ch
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
    cast(d.ref_day - to_months(d.short_months) as date) as contacts_from,
    cast(d.ref_day - interval 6 month as date) as early_help_from,
    cast(d.ref_day - to_months(d.short_months) as date) as referrals_from,
    cast(d.ref_day - interval 6 month as date) as assessments_from,
    cast(d.ref_day - interval 6 month as date) as s47_from,
    cast(d.ref_day - to_months(d.short_months) as date) as cin_from,
    cast(d.ref_day - to_months(d.short_months) as date) as cp_from,
    cast(d.ref_day - interval 6 month as date) as cla_from,
    cast(d.ref_day - interval 12 month as date) as adoption_from,
    cast(d.ref_day - interval 12 month as date) as adopters_from,
    cast(d.ref_day - interval 6 month as date) as audits_from,
    cast(d.ref_day - interval 12 month as date) as year_before
from dated as d
left join ref_calendar as cal on cal.date = d.ref_day;
