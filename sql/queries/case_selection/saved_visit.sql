-- case_selection/saved_visit: a saved visit as recorded, with its settings, to copy its sample
-- into the editor.
-- Grain: one row (none for an unknown visit).
-- Parameters: visit_id.
-- Rule: a saved visit records its settings and seed (docs/methodology/case-selection.md C6).
select * from sample_visits where visit_id = ?
