-- national_context/compared_as_name: the name of the real LA a fictional one is compared as.
-- Grain: one row, one name (null for a code not in the published statistics).
-- Parameters: la_code.
-- Rule: docs/methodology/national-comparisons.md N7 (a real LA stands in for a fictional one).
select any_value(la_name) from ref_population where la_code = ?
