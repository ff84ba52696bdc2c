-- upload/la_mappings: an LA's own spellings of the template's codes, for the mappings editor.
-- Grain: one row per LA x list x column x spelling.
-- Parameters: la_code.
-- Rule: an LA's own recurring spellings are recorded for that LA only (docs/methodology/data.md
-- D4; docs/data-quality.md, "Code values").
select list, column_name, spelling, code from la_code_mappings where la_code = ?
