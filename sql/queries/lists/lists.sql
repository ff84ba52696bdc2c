-- lists/lists: one LA's lists 1-11, with what the "Lists in detail" page can show for each, the
-- rows supplied and each list's window, for the page's list picker.
-- Grain: one row per list (list_detail_lists).
-- Parameters: la, ref_date, edition (the sidebar's).
-- Rule: as list_detail_lists's header (docs/methodology/lists.md L1).
select * from list_detail_lists(?, ref_date := ?, edition := ?) order by list_no
