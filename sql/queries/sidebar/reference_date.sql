-- sidebar/reference_date: the reference date every window of the LA's analysis ends on.
-- Grain: one row (one value).
-- Parameters: la_code, ref_date (the one chosen, or null), edition.
-- Rule: a blank reference date is the current submission's as-at date; int_scope holds that
-- rule (docs/methodology/windows.md W1), so the sidebar shows the date the marts use.
select ref_date
from int_scope(?, ?, ?, null)
