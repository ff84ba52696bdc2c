-- briefing/submission: the submission a briefing was counted from, for its heading and
-- downloads.
-- Grain: one row (none for an unknown ID).
-- Parameters: submission_id.
-- Rule: the as-at date and where it came from (docs/methodology/windows.md W1).
select
    submission_id,
    la_code,
    la_name,
    region,
    as_at_date,
    as_at_source,
    array_to_string(file_names, ', ') as files,
    loaded_at,
    rows_loaded
from submissions
where submission_id = ?
