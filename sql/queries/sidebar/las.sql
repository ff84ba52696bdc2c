-- sidebar/las: the LAs the sidebar offers, each with its latest name and newest as-at date.
-- Grain: one row per LA with a submission, by LA code.
-- Parameters: none.
-- Rule: the name is the one the LA was last loaded with; the as-at date is the newest loaded,
-- the default reference date (docs/methodology/windows.md W1). The page filters the rows to the
-- signed-in user's LAs.
select
    la_code,
    any_value(la_name order by loaded_at desc) as la_name,
    max(as_at_date) as as_at_date
from submissions
group by la_code
order by la_code
