-- int_current_submissions(la, as_at): the submission each LA is analysed from.
-- Parameters: la (LA code; null = every LA), as_at (null = the LA's current submission; else its
-- latest submission with an as-at date on or before as_at, so older submissions stay queryable).
-- Grain: one row per LA with a submission (on or before as_at).
-- Rule: the current submission is the latest by as_at_date, then loaded_at, then submission ID
-- (docs/methodology/windows.md W4). int_scope starts from here, and the Upload page marks the
-- current submissions with it: one home for which submission counts.
create or replace macro int_current_submissions(la, as_at) as table
select
    s.la_code,
    max_by(s.submission_id, (s.as_at_date, s.loaded_at, s.submission_id)) as submission_id,
    max_by(s.la_name, (s.as_at_date, s.loaded_at, s.submission_id)) as la_name,
    max_by(s.region, (s.as_at_date, s.loaded_at, s.submission_id)) as region,
    max(s.as_at_date) as as_at_date
from submissions as s
where (la is null or s.la_code = cast(la as varchar))
    and (as_at is null or s.as_at_date <= cast(as_at as date))
group by s.la_code;
