-- upload/submission: one submission as loaded, for the head of its data-quality report.
-- Grain: one row (none for an unknown ID).
-- Parameters: submission_id.
-- Rule: the as-at date and where it came from (docs/methodology/windows.md W1).
select * from submissions where submission_id = ?
