-- shared/ilacs_judgement_count: how many published ILACS judgements are loaded (the Timelines
-- and Regional overview pages offer the import when there are none).
-- Grain: one row, one count.
-- Parameters: none.
-- Rule: ref_ilacs_judgements is filled by `annexa import-judgements`
-- (docs/methodology/national-comparisons.md N5).
select count(*) from ref_ilacs_judgements
