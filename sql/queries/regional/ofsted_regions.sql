-- regional/ofsted_regions: the regions of Ofsted's published LA lookup, by name, for the
-- judgements section.
-- Grain: one row per Ofsted region.
-- Parameters: none.
-- Rule: ref_la holds Ofsted's published LA lookup, imported by `annexa import-judgements`.
select distinct region_code, region_name
from ref_la
where region_code is not null
order by region_name
