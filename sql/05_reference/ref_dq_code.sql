-- ref_dq_code: one row per data-quality problem code, with its usual severity, a short title and
-- what the analyst should do. Grain: one row per code. Rule: docs/data-quality.md (every code, what
-- triggers it and what to do; the messages in dq_issues say the same for one row).
-- severity is the usual one; severity_note says when a line of this code has another
-- (missing_list is info for the extras, age_mismatch a warning at 2 years or more...).
-- category orders the codes as docs/data-quality.md does: 'reading' (found while matching sheets
-- and headers), 'code values', 'row checks', 'workbook' (notes on how the workbook was built).
-- in_column: the line's rows are cells of its column, so a cell reference is the column's letter
-- and the row (dq_issue_groups). False where the row is the header row and the column letter
-- would not be the problem's (duplicate_column names the first of the two columns), or where the
-- problem has no cell.
-- by_value: the value names the problem ('next week' is not a date; 'Whte Britsh' is no code), so
-- dq_issue_groups gives each value its own line. False where the value is only the row's own
-- (a child's ID, a date after the as-at date, an age): those lines group by column alone.
create or replace table ref_dq_code as
select *
from (
    values
        -- found while reading
        (1, 'missing_list', 'reading', 'warning',
         'info for sibling counts, the 2.02 list and the audits list',
         'List not supplied', false, true,
         'Ask the LA for the list. If it cannot provide it, inspectors ask how leaders oversee '
         || 'this area instead (ILACS ¶263); the criteria that need an extra list show as '
         || '''data unavailable''.'),
        (2, 'missing_column', 'reading', 'error', 'warning for an optional column',
         'Column not found', false, true,
         'Add the column, or rename its header to the template''s wording, and load again. '
         || 'Until then its values are blank on every row.'),
        (3, 'unknown_column', 'reading', 'warning', null,
         'Column not in the template', false, true,
         'If it is a template column under another name, rename it to the template header the '
         || 'message suggests and load again; otherwise nothing to do: it was not loaded.'),
        (4, 'duplicate_column', 'reading', 'warning', null,
         'Column appears twice', false, true,
         'Only the first of the two columns was loaded: remove the other, or check which one '
         || 'holds the right values.'),
        (5, 'duplicate_list', 'reading', 'warning', null,
         'List found on two sheets', false, true,
         'Both sheets were loaded: remove one if they are copies of each other.'),
        (6, 'ignored_sheet', 'reading', 'info', null,
         'Sheet not recognised', false, true,
         'Nothing to do if the sheet is not a list. If it is one, rename it (e.g. ''List_3'') '
         || 'and load again.'),
        (7, 'empty_list', 'reading', 'info', null,
         'List has headers but no rows', false, true,
         'Check with the LA that the list really is empty for the period.'),
        (8, 'header_variant', 'reading', 'info', null,
         'Header read under another wording', true, true,
         'Nothing to do if the column is the one named: check the header was read as the right '
         || 'template column.'),
        (9, 'header_by_place', 'reading', 'warning', null,
         'Header read by its place', true, true,
         'The header''s wording does not name the column; it was read as the template column '
         || 'missing at that place. Check its values are that column''s, or rename the header.'),
        -- code values
        (10, 'unmapped_code', 'code values', 'error', null,
         'Not a template code', true, true,
         'Use a code from the template''s Codes_used sheet, or record what the LA''s spelling '
         || 'means in its code mappings. Until then the value is kept as written and counted '
         || 'as unmapped.'),
        (11, 'code_conflict', 'code values', 'error', null,
         'Code and words disagree', true, true,
         'The value''s number or token names one code and its words another: ask the LA which '
         || 'is meant and correct it. It is kept as written and not counted.'),
        (12, 'ambiguous_code', 'code values', 'warning', null,
         'Could be several codes', true, true,
         'Write the full template code. Until then it is counted only where the codes it could '
         || 'be share a group.'),
        (13, 'mapped_variant', 'code values', 'info', null,
         'Spelling read as a template code', true, true,
         'Nothing to do if the reading in the message is right; if it is wrong, correct the '
         || 'value or the LA''s code mappings.'),
        (14, 'retired_code', 'code values', 'warning', null,
         'Code no longer in use', true, true,
         'The code was retired before the submission''s collection year: ask the LA to use the '
         || 'current code.'),
        (15, 'code_not_yet_valid', 'code values', 'warning', null,
         'Code not yet in use', true, true,
         'The code is only valid from a later collection year: check the code, or the '
         || 'submission''s as-at date.'),
        -- row checks
        (20, 'unparseable_date', 'row checks', 'error', null,
         'Not a date', true, true,
         'Write it as dd/mm/yyyy or as an Excel date. Until then the date is blank in the '
         || 'analysis.'),
        (21, 'invalid_number', 'row checks', 'error', null,
         'Not a whole number', true, true,
         'Write a whole number of 0 or more (an age in years, -1 for an unborn child). Until '
         || 'then it is blank in the analysis.'),
        (22, 'blank_child_id', 'row checks', 'error', null,
         'No child ID', true, true,
         'Fill in the ID: the row was loaded but cannot be linked to the child on other lists.'),
        (23, 'duplicate_child', 'row checks', 'warning', null,
         'Child on the list more than once', true, false,
         'Annex A asks for one row per child, with the most recent event (ILACS ¶260). All rows '
         || 'were kept and the most recent is used: ask the LA to remove the others.'),
        (24, 'duplicate_row', 'row checks', 'warning', null,
         'Identical rows', false, false,
         'The rows are the same in every column: remove the copies.'),
        (25, 'end_before_start', 'row checks', 'warning', null,
         'End date before start date', true, false,
         'Check both dates with the LA.'),
        (26, 'future_event', 'row checks', 'warning', null,
         'Date after the as-at date', true, false,
         'Check the date, or the as-at date of the submission.'),
        (27, 'age_mismatch', 'row checks', 'warning', 'info when 1 year out',
         'Age and date of birth disagree', true, false,
         'Check the age and the date of birth. The date of birth is used.'),
        (28, 'cross_list', 'row checks', 'warning', null,
         'Missing from a related list', true, false,
         'Check why the child is not on the other list (ILACS ¶259): one of the two lists may '
         || 'be incomplete.'),
        (29, 'missing_value', 'row checks', 'warning', null,
         'Blank in a required column', true, false,
         'Fill in the blank cells, or ask the LA why they are not recorded. Until then those '
         || 'rows count as unknown for this column.'),
        (30, 'excel_error', 'row checks', 'warning', null,
         'Excel error in a cell', true, true,
         'The cell holds an Excel error (#N/A, #REF! ...), kept as written: fix the formula or '
         || 'the value in the workbook and load again.'),
        (31, 'invalid_postcode', 'row checks', 'warning', null,
         'Not a UK postcode', true, false,
         'Write a full UK postcode (e.g. S70 2TA) or its district alone (S70), or leave the '
         || 'cell blank if it is not known.'),
        -- notes on how the workbook was built
        (40, 'hidden_sheet', 'workbook', 'info', null,
         'List on a hidden sheet', false, true,
         'It was loaded like any other sheet: check with the LA that it holds current data and '
         || 'belongs to this submission.'),
        (41, 'formula_without_value', 'workbook', 'warning', null,
         'Formula with no saved result', false, true,
         'Those cells were loaded as blank: open the workbook in Excel, let it calculate, save it '
         || 'and load it again.'),
        (42, 'merged_cells', 'workbook', 'info', null,
         'Merged cells', false, true,
         'Only the first cell of a merged range holds its value: if the others should hold one '
         || 'too, unmerge the cells, fill them in and load again.')
) as t (
    code_order, code, category, severity, severity_note, title, in_column, by_value, what_to_do
);
