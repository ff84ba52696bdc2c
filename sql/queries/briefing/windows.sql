-- briefing/windows: the window every briefing figure is counted in, as dates, so each figure
-- states its window.
-- Grain: one row per window (briefing_windows).
-- Parameters: la, ref_date, edition (the sidebar's).
-- Rule: docs/methodology/windows.md W2-W3, in briefing_windows.
select * from briefing_windows(?, ref_date := ?, edition := ?)
