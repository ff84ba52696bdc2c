-- case_selection/working_composition: what the working (unsaved) sample is made of, run on a
-- private in-memory database holding only that sample as visit 0 (dashboard/sample_state.py).
-- Grain: one row per role x characteristic x value (sample_composition).
-- Parameters: none.
-- Rule: the sample-size descriptors (docs/methodology/case-selection.md C9), in
-- sample_composition.
select role, characteristic, value, k, n, descriptor, statement
from sample_composition
order by role, characteristic, k desc, value
