-- list_sections/adopters: the adopters section's figures: days taken by each stage from enquiry
-- to approval, match and placement, with the statutory guidance's timescales.
-- Grain: one row per measure (section_adopters).
-- Parameters: la, ref_date, edition (the sidebar's).
-- Rule: as section_adopters' header (docs/methodology/list-sections.md LS1, LS7, LS8).
select * from section_adopters(?, ref_date := ?, edition := ?)
