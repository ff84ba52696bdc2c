-- regional/stale_las: how far each LA compared lags behind the newest, and whether that makes it
-- stale.
-- Grain: one row per LA compared, by LA code.
-- Parameters: edition (the sidebar's; int_scope checks it, the as-at dates do not depend on
-- it), la_codes (the LAs compared: the chosen region's LAs the user may see), days (the page's
-- setting, 60 by default).
-- Rule: an LA is stale when its as-at date is more than `days` days older than the newest as-at
-- date among the LAs compared (docs/methodology/national-comparisons.md N6). Each LA's as-at
-- date is its current submission's, as int_scope chooses it (docs/methodology/windows.md W4),
-- the one regional_indicators counts to.
with compared as (
    select
        la_code,
        as_at_date,
        date_diff('day', as_at_date, max(as_at_date) over ()) as days_behind,
    from int_scope(null, null, ?, null)
    where la_code in (select unnest(?::varchar[]))
)

select
    la_code,
    as_at_date,
    days_behind,
    days_behind > ? as is_stale,
from compared
order by la_code
