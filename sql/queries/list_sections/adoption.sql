-- list_sections/adoption: the adoption section's figures: days taken by each step of the
-- children's adoption, and the DfE scorecard measures A1, A2, A10 (and A3's share).
-- Grain: one row per measure (section_adoption).
-- Parameters: la, ref_date, edition (the sidebar's).
-- Rule: as section_adoption's header (docs/methodology/list-sections.md LS1, LS6, LS8).
select * from section_adoption(?, ref_date := ?, edition := ?)
