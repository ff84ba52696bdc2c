-- case_selection/saved_composition: what a saved sample is made of, for the whole sample (role
-- 'all', each child once).
-- Grain: one row per characteristic x value (sample_composition).
-- Parameters: visit_id.
-- Rule: the sample-size descriptors (docs/methodology/case-selection.md C9), in
-- sample_composition.
select characteristic, value, k, n, descriptor, statement
from sample_composition
where visit_id = ? and role = 'all'
order by characteristic, k desc, value
