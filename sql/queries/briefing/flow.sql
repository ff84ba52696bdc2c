-- briefing/flow: one LA's children followed from stage to stage (contact to care), for the
-- briefing's flow chart.
-- Grain: one row per step (briefing_flow).
-- Parameters: la, ref_date, edition (the sidebar's).
-- Rule: as briefing_flow's header (docs/methodology/windows.md W2-W3 for its windows).
select * from briefing_flow(?, ref_date := ?, edition := ?)
