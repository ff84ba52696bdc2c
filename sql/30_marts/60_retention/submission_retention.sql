-- submission_retention(months, on_date): every submission with the day its retention period ends
-- and whether that day has passed, for the Manage data page and `annexa retention`
-- (annexa/services/purge.py). Issue 6 item 6; docs/methodology/windows.md W4 (older submissions
-- stay queryable until the user purges them: this only flags them, it never deletes).
-- Parameters: months (the retention setting, 1 or more; annexa/services/purge.py resolves it from
-- $ANNEXA_RETENTION_MONTHS, else meta 'retention_months', else 12); on_date (null = today).
-- Grain: one row per submission.
-- Rules: the clock starts at the data's as-at date, not the day it was loaded: the extract is as
-- old as its as-at date, and a workbook loaded late is no younger for it. retention_due =
-- as_at_date + months (calendar months, month ends clamp: 31 August + 6 = 28 February);
-- past_retention when on_date > retention_due. is_current marks each LA's latest submission as
-- int_scope chooses it (as_at_date, then loaded_at, then id; docs/methodology/windows.md W4), so a
-- purge that would leave the LA without data to analyse is visible before it is made.
create or replace macro submission_retention(months, on_date := null) as table
with checked as (
    select
        case
            when try_cast(months as integer) >= 1 then cast(months as integer)
            else error('retention months must be a whole number of 1 or more, not '
                || coalesce(cast(months as varchar), 'null'))
        end as months,
        coalesce(cast(on_date as date), current_date) as on_day
),

ranked as (
    select
        s.*,
        row_number() over (
            partition by s.la_code
            order by s.as_at_date desc, s.loaded_at desc, s.submission_id desc
        ) = 1 as is_current
    from submissions as s
)

select
    r.submission_id,
    r.la_code,
    r.la_name,
    r.region,
    r.as_at_date,
    r.loaded_at,
    r.file_names,
    r.rows_loaded,
    r.is_current,
    c.months as retention_months,
    cast(r.as_at_date + to_months(c.months) as date) as retention_due,
    c.on_day > cast(r.as_at_date + to_months(c.months) as date) as past_retention
from ranked as r
cross join checked as c;
