-- list_sections/cin: the children in need section's figures: children by primary need code, and
-- by how long their episode of need had lasted, in bands.
-- Grain: one row per measure x category (section_cin).
-- Parameters: la, ref_date, edition (the sidebar's).
-- Rule: as section_cin's header (docs/methodology/list-sections.md LS1, LS2, LS8).
select * from section_cin(?, ref_date := ?, edition := ?)
