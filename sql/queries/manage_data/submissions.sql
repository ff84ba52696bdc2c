-- manage_data/submissions: every submission with the day its retention period ends and whether
-- it has passed, by LA, newest first.
-- Grain: one row per submission (submission_retention).
-- Parameters: months (the retention period).
-- Rule: docs/methodology/privacy.md P4, in submission_retention. The page filters the rows to
-- the signed-in user's LAs.
select
    submission_id,
    la_code,
    la_name,
    as_at_date,
    loaded_at,
    array_to_string(file_names, ', ') as files,
    rows_loaded,
    is_current,
    retention_due,
    past_retention
from submission_retention(?)
order by la_code, as_at_date desc, loaded_at desc, submission_id desc
