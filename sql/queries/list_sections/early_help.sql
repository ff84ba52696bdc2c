-- list_sections/early_help: the early help section's figures: children by whether their
-- assessment was open or completed, by how long it took, and by the organisation completing it.
-- Grain: one row per measure x category (section_early_help).
-- Parameters: la, ref_date, edition (the sidebar's).
-- Rule: as section_early_help's header (docs/methodology/list-sections.md LS1, LS3, LS8).
select * from section_early_help(?, ref_date := ?, edition := ?)
