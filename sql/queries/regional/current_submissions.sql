-- regional/current_submissions: each LA's current submission, the LAs the Regional overview
-- compares (its regions, table, chart and comparison all follow from these rows).
-- Grain: one row per LA with a submission, by LA code.
-- Parameters: edition (the sidebar's; int_scope checks it).
-- Rule: an LA's current submission is its latest by as-at date, then load time
-- (docs/methodology/windows.md W4, in int_scope). The page filters the rows to the signed-in
-- user's LAs.
select la_code, la_name, region, submission_id, as_at_date
from int_scope(null, null, ?, null)
order by la_code
