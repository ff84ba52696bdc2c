-- lists/team_timeliness: one list's timeliness measures (those its int_<list> macro computes)
-- by allocated team, and for all teams together.
-- Grain: one row per measure x team, and one per measure for all teams (list_team_timeliness).
-- Parameters: la, ref_date, edition (the sidebar's), list_key (the list chosen: 'list_1' ..
-- 'list_11').
-- Rule: as list_team_timeliness's header (docs/methodology/lists.md L5).
select * from list_team_timeliness(?, ?, ?, ?)
