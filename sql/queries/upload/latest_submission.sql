-- upload/latest_submission: the LA's most recently loaded submission, whose unread values the
-- mappings editor offers to map.
-- Grain: one row (none for an LA with no submission).
-- Parameters: la_code.
-- Rule: the latest load (by load time, then ID), the values last read from the LA's files
-- (docs/methodology/data.md D4).
select submission_id
from submissions
where la_code = ?
order by loaded_at desc, submission_id desc
limit 1
