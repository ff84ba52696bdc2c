-- regional/matching_regions: the Ofsted regions a region as loaded stands for: the one of that
-- name, or the region of any of its LAs in Ofsted's lookup.
-- Grain: one row per Ofsted region code found.
-- Parameters: region (the region as loaded), la_codes (the LAs loaded under it).
-- Rule: a region is matched by name in any case, else through its LAs (as int_la_directory
-- matches a submission's region).
select distinct region_code
from ref_la
where lower(region_name) = lower(?)
    or la_code in (select unnest(?::varchar[])) and region_code is not null
