-- ref_la_codes: one row per ONS LA code (E06-E10) known to the reference tables, with the 3-digit
-- LA code Annex A users know. Rule: the published statistics (ref_published, ref_population) give
-- old_la_code beside new_la_code for every year; the latest year's pairing wins, and the LA
-- lookup (ref_la) fills codes the statistics lack. Used to key Ofsted's official outcomes and the
-- Census tables (both published by ONS code) by the 3-digit code.
create or replace view ref_la_codes as
with pairs as (
    select new_la_code as ons_code, la_code, la_name, time_period as year, 1 as source_rank
    from ref_published
    where geography_level = 'la' and new_la_code is not null and la_code is not null
    union all
    select new_la_code, la_code, la_name, year, 1
    from ref_population
    where geography_level = 'la' and new_la_code is not null and la_code is not null
    union all
    select ons_code, la_code, la_name, 0, 2
    from ref_la
    where ons_code is not null
)

select
    ons_code,
    arg_min(la_code, (source_rank, -year)) as la_code,
    arg_min(la_name, (source_rank, -year)) as la_name
from pairs
group by ons_code;
