-- lists/teams: the children in one list's window by allocated team and by allocated worker.
-- Grain: one row per team, and one per team x worker (list_teams).
-- Parameters: la, ref_date, edition (the sidebar's), list_key (the list chosen: 'list_1' ..
-- 'list_11').
-- Rule: as list_teams's header (docs/methodology/lists.md L4).
select * from list_teams(?, ?, ?, ?)
