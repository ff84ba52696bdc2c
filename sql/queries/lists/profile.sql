-- lists/profile: the children in one list's window by age band, gender, age band and gender,
-- ethnic group and disability.
-- Grain: one row per dimension x category (x gender for age_gender) (list_profile).
-- Parameters: la, ref_date, edition (the sidebar's), list_key (the list chosen: 'list_1' ..
-- 'list_11').
-- Rule: as list_profile's header (docs/methodology/lists.md L2).
select * from list_profile(?, ?, ?, ?) order by dimension, sort_order, category, gender
