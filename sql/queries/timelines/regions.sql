-- timelines/regions: Ofsted's nine regions, for the Regional cycles tab's region choice.
-- Grain: one row per Ofsted region, by name.
-- Parameters: none.
-- Rule: ref_region holds Ofsted's regions and codes (int_la_directory matches LAs to them).
select region_code, region_name from ref_region order by region_name
