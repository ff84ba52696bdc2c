-- list_sections/care_leavers: the care leavers section's figures: young people by type of
-- accommodation, by activity, and by age group.
-- Grain: one row per measure x category (section_care_leavers).
-- Parameters: la, ref_date, edition (the sidebar's).
-- Rule: as section_care_leavers' header (docs/methodology/list-sections.md LS1, LS5).
select * from section_care_leavers(?, ref_date := ?, edition := ?)
