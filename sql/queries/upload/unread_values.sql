-- upload/unread_values: a submission's coded values that read as no code (unmapped, conflicting
-- or ambiguous), for the mappings editor.
-- Grain: one row per submission x list x column x value as written (code_readings).
-- Parameters: submission_id.
-- Rule: never re-code in silence: such values stay null until mapped
-- (docs/methodology/data.md D4).
select list, column_name, raw, status, note
from code_readings
where submission_id = ? and status in ('unmapped', 'conflict', 'ambiguous')
