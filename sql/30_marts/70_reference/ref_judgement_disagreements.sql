-- ref_judgement_disagreements: one row per LA x field where the scraped judgements file and
-- Ofsted's official outcomes disagree (from ref_judgement_comparison, whose header gives the
-- rules). A disagreement on the same inspection gives one row per differing field; an LA whose
-- inspection is missing from one source, or whose official table holds a later inspection than
-- the scraped file, gives one row with field 'inspection' and the two inspection dates.
-- `difference` says whether one side lacks the value or the two give different values.
create or replace view ref_judgement_disagreements as
select
    c.la_code,
    c.la_name,
    c.comparison,
    d.field,
    d.scraped as scraped_value,
    d.official as official_value,
    case
        when d.scraped is null then 'missing in the scraped file'
        when d.official is null then 'missing in the official outcomes'
        else 'different values'
    end as difference
from ref_judgement_comparison as c
cross join unnest(c.differences) as u (d)
where c.comparison = 'disagree'
union all
select
    la_code,
    la_name,
    comparison,
    'inspection' as field,
    cast(scraped_inspection_date as varchar) as scraped_value,
    cast(official_latest_inspection_date as varchar) as official_value,
    case comparison
        when 'official has a later inspection' then 'the scraped file misses a later inspection'
        when 'only official' then 'missing in the scraped file'
        else 'missing in the official outcomes'
    end as difference
from ref_judgement_comparison
where disagrees and comparison <> 'disagree';
