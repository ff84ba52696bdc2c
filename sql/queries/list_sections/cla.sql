-- list_sections/cla: the children in care section's figures: time in care at the reference date,
-- age at entry to care, and long-term placement stability.
-- Grain: one row per measure x category (section_cla).
-- Parameters: la, ref_date, edition (the sidebar's).
-- Rule: as section_cla's header (docs/methodology/list-sections.md LS1, LS4).
select * from section_cla(?, ref_date := ?, edition := ?)
