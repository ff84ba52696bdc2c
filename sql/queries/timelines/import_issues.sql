-- timelines/import_issues: what the last `annexa import-judgements` found wrong in the published
-- judgements and LA lookup files, errors first.
-- Grain: one row per problem found (severity warning or error).
-- Parameters: none.
-- Rule: missing or invalid grades and dates are left blank, never guessed
-- (docs/methodology/national-comparisons.md N5).
select source, la_code, field, value, severity, message
from ref_import_issues
where severity <> 'info'
order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, source, la_code
