-- regional/submission_dates: the as-at dates an LA has submissions for, newest first, with how
-- many loads each has, for comparing two of them.
-- Grain: one row per LA x as-at date.
-- Parameters: la_code.
-- Rule: when two submissions share an as-at date, the later load replaces the earlier
-- (docs/methodology/windows.md W4).
select
    as_at_date,
    count(*) as loads,
    max(loaded_at) as last_loaded
from submissions
where la_code = ?
group by as_at_date
order by as_at_date desc
