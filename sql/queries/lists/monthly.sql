-- lists/monthly: the children starting on one list in each calendar month of its window.
-- Grain: one row per calendar month the window touches (list_monthly).
-- Parameters: la, ref_date, edition (the sidebar's), list_key (the list chosen: 'list_1' ..
-- 'list_11').
-- Rule: as list_monthly's header (docs/methodology/lists.md L3).
select * from list_monthly(?, ?, ?, ?) order by month_start
