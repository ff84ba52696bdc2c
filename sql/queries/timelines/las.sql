-- timelines/las: every LA known here with its name (its code when it has none), for the form
-- that records an event.
-- Grain: one row per LA (int_la_directory), by name.
-- Parameters: none.
-- Rule: int_la_directory gives each LA one name. The page filters the rows to the signed-in
-- user's LAs.
select la_code, coalesce(la_name, la_code) as la_name from int_la_directory order by 2
