-- regional/latest_grades: each LA's overall effectiveness at its latest published ILACS
-- inspection, for the indicators table.
-- Grain: one row per LA in the published judgements.
-- Parameters: none.
-- Rule: ref_ilacs_judgements (docs/methodology/national-comparisons.md N5).
select la_code, overall_grade from ref_ilacs_judgements
