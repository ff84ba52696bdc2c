-- upload/dq_issue_groups: a submission's data-quality problems grouped into the report's lines,
-- in the report's order.
-- Grain: one row per code x severity x list x sheet x column x value (dq_issue_groups).
-- Parameters: submission_id.
-- Rule: docs/data-quality.md ("How problems are grouped").
select * from dq_issue_groups where submission_id = ? order by sort_order
