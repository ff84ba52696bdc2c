-- timelines/la_region: the region an LA is listed under (its Ofsted region code, else the region
-- its latest submission was loaded with), to open the tab on the sidebar LA's region.
-- Grain: one row (none for an LA not known here).
-- Parameters: la_code.
-- Rule: int_la_directory.region: Ofsted's public lookup first, then the judgements, then the
-- latest submission.
select region from int_la_directory where la_code = ?
