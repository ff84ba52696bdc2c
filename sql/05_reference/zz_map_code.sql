-- map_code(list, raw): the official code a raw value means, or null when it means none.
-- Grain: scalar. Rule: DECISIONS.md 6. The whole value first (with and without a letter prefix);
-- then a code's token as the value's first word ("C1 - Interim care order", "(RD1) ...",
-- "WBRI - White British (101)"). Tokens match whole words only, so E1 never matches E11.
-- Each lookup is an uncorrelated subquery building the code list's map once, then indexed by the
-- row's key. Correlated subqueries (a.key = code_key(raw)) were decorrelated into one join each,
-- and planning grew about cubically with the code columns of a view: stg_list_8 (14 code columns)
-- took ~45 s to plan; with maps it takes ~0.1 s. Same answers (tests/test_analysis_sql.py).
create or replace macro map_code(list_name, raw) as coalesce(
    (select map_from_entries(list((a.key, a.code))) from ref_code_alias as a
     where a.code_list = list_name)[code_key(raw)],
    (select map_from_entries(list((a.key, a.code))) from ref_code_alias as a
     where a.code_list = list_name)[code_fold(raw)],
    (select map_from_entries(list((a.key, a.code))) from ref_code_alias as a
     where a.code_list = list_name and a.is_token)[split_part(code_fold(raw), ' ', 1)],
    (select map_from_entries(list((a.key, a.code))) from ref_code_alias as a
     where a.code_list = list_name and a.is_token)[split_part(code_key(raw), ' ', 1)]
);
