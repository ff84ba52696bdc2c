-- ref_region: one row per Ofsted region (nine), with its ONS region code.
-- Rule: Ofsted's social care regions, the same list as annexa/services/judgements.py REGIONS (a test keeps
-- the two equal). Lets the Timelines page offer every region even before the published LA lookup
-- is imported, and lets a submission's free-text region (code or name) be matched to a code.
create or replace view ref_region as
select *
from (
    values
        ('NE', 'North East', 'E12000001'),
        ('NW', 'North West', 'E12000002'),
        ('YH', 'Yorkshire and the Humber', 'E12000003'),
        ('EM', 'East Midlands', 'E12000004'),
        ('WM', 'West Midlands', 'E12000005'),
        ('E', 'East of England', 'E12000006'),
        ('GL', 'London', 'E12000007'),
        ('SE', 'South East', 'E12000008'),
        ('SW', 'South West', 'E12000009')
) as t (region_code, region_name, rgn22cd);
