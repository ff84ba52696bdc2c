-- timelines/regions_as_loaded: LAs whose region is none of Ofsted's but the text they were
-- loaded with (the demo's "Fictional Region"), so that each LA can be found under its region.
-- Grain: one row per such LA.
-- Parameters: none.
-- Rule: int_la_directory.region (an Ofsted region code, else the region as loaded). The page
-- filters the rows to the signed-in user's LAs.
select la_code, region from int_la_directory where region_code is null and region is not null
