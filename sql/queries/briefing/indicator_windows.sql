-- briefing/indicator_windows: which window each briefing figure is counted in (and, for some,
-- over which other period), so the page labels every figure with its window.
-- Grain: one row per indicator or measure (briefing_indicator_windows).
-- Parameters: none.
-- Rule: docs/methodology/windows.md W2-W3, in briefing_indicator_windows. select *: a database
-- built by an older version (upgraded on its next write) has no period_key yet, and the page
-- must still open on it.
select * from briefing_indicator_windows
