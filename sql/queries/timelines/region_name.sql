-- timelines/region_name: an Ofsted region's name, for the tab's heading.
-- Grain: one row (none for a region code that is not Ofsted's).
-- Parameters: region (an Ofsted region code).
-- Rule: ref_region.
select region_name from ref_region where region_code = ?
