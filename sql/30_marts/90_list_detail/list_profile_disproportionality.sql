-- list_profile_disproportionality(la, ref_date, edition, list_key, comparator, as_at): the
-- children in one list's window by the template's ethnic group, set against the LA's population
-- in the Census 2021 (ref_census_ethnicity), as a relative rate (docs/methodology/lists.md L6).
-- Parameters as list_detail_rows (la, ref_date, edition, list_key, as_at), and comparator: a
-- real LA's 3-digit code whose Census population stands in when the LA's own code is not in the
-- Census table (a fictional demo LA; sidebar "Compare as", as comparable_measures); null = none.
-- Grain: one row per LA x ethnic group of the list's children (list_profile's ethnicity_group
-- rows), and one per template group the Census has but no child of the list is in.
-- Columns: ethnicity_group, sort_order, children, comparable (the group has a Census
-- counterpart: a) White to g) Other; Refused, Unknown, not recorded and not a template code do
-- not), list_known (the list's children in comparable groups: the denominator of list_share),
-- list_total (all the list's children), list_share (100 children / list_known), population,
-- population_total, population_share (100 population / population_total), relative_rate
-- (list_share / population_share, two decimal places), suppressed (a comparable group with fewer
-- than 5 children: share and rate left out), has_population (a Census population was found),
-- census_loaded (any Census rows at all), area_la_code and area_name (whose population),
-- compared_as (the comparator's, not the LA's own), population_basis (whom the Census rows
-- count: TS021 counts all usual residents of every age, unless a table of children was
-- imported, docs/methodology/national-comparisons.md RD7), source_publication.
-- Rules (L6):
-- * Each of the Census's 19 groups is put in the template's group of the DfE code it matches
--   (Codes_used: e.g. Census "Asian...: Chinese" is the template's CHNE, group f) Chinese;
--   "Other ethnic group: Arab" is OOTH, group g) Other; "White: Roma" is WROM, a) White).
-- * list_share is of the children whose group has a Census counterpart; the others are counted
--   and shown, never spread over the groups.
-- * Suppression: a group with fewer than 5 of the list's children (0 included) has its count
--   shown but no share and no relative rate: a rate of so few children says little.
-- * A relative rate of 1 means the group's share of the list equals its share of the
--   population; 2, twice; 0.5, half. It does not say why.
create or replace macro list_profile_disproportionality(la, ref_date, edition, list_key,
    comparator, as_at := null) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

groups as (
    select p.submission_id, p.category as ethnicity_group, p.sort_order, p.children, p.total
    from list_profile(la, ref_date, edition, list_key, as_at := as_at) as p
    where p.dimension = 'ethnicity_group'
),

-- The Census's 19 groups by the DfE code each matches (Codes_used ethnicity).
census_codes as (
    select *
    from (
        values
            (1, 'ABAN'), (2, 'CHNE'), (3, 'AIND'), (4, 'APKN'), (5, 'AOTH'),
            (6, 'BAFR'), (7, 'BCRB'), (8, 'BOTH'),
            (9, 'MWAS'), (10, 'MWBA'), (11, 'MWBC'), (12, 'MOTH'),
            (13, 'WBRI'), (14, 'WIRI'), (15, 'WIRT'), (16, 'WROM'), (17, 'WOTH'),
            (18, 'OOTH'), (19, 'OOTH')
    ) as t (ethnic_group_code, dfe_code)
),

template_groups as (
    select cc.ethnic_group_code, any_value(rc.code_group) as ethnicity_group
    from census_codes as cc
    join ref_code as rc
        on rc.code_list = 'ethnicity' and regexp_extract(rc.code, '([A-Z]{4})$', 1) = cc.dfe_code
    group by all
),

-- Whose population stands for the LA: its own code when the Census has it, else the
-- comparator's.
areas as (
    select
        sc.submission_id,
        sc.la_code,
        case
            when exists (
                select 1 from ref_census_ethnicity as ce
                where ce.geography_level = 'la' and ce.la_code = sc.la_code
            ) then sc.la_code
            else cast(comparator as varchar)
        end as area_la_code
    from scope as sc
),

population as (
    select
        a.submission_id,
        tg.ethnicity_group,
        sum(ce.population) as population,
        any_value(ce.area_name) as area_name,
        any_value(ce.population_basis) as population_basis,
        any_value(ce.source_publication) as source_publication
    from areas as a
    join ref_census_ethnicity as ce
        on ce.geography_level = 'la' and ce.la_code = a.area_la_code
    join template_groups as tg on tg.ethnic_group_code = ce.ethnic_group_code
    group by all
),

population_totals as (
    select
        p.submission_id,
        sum(p.population) as population_total,
        any_value(p.area_name) as area_name,
        any_value(p.population_basis) as population_basis,
        any_value(p.source_publication) as source_publication
    from population as p
    group by all
),

comparable_groups as (
    select distinct tg.ethnicity_group from template_groups as tg
),

all_groups as (
    select
        g.submission_id,
        g.ethnicity_group,
        g.sort_order,
        g.children,
        g.ethnicity_group in (select cg.ethnicity_group from comparable_groups as cg)
            as comparable
    from groups as g
    union all
    select sc.submission_id, cg.ethnicity_group, 10, 0, true
    from scope as sc
    cross join comparable_groups as cg
    where not exists (
        select 1 from groups as g
        where g.submission_id = sc.submission_id and g.ethnicity_group = cg.ethnicity_group
    )
),

shares as (
    select
        ag.*,
        sum(ag.children) filter (where ag.comparable) over (partition by ag.submission_id)
            as list_known,
        sum(ag.children) over (partition by ag.submission_id) as list_total
    from all_groups as ag
)

select
    sc.la_code,
    s.submission_id,
    s.ethnicity_group,
    s.sort_order,
    s.children,
    s.comparable,
    cast(coalesce(s.list_known, 0) as bigint) as list_known,
    cast(s.list_total as bigint) as list_total,
    case
        when s.comparable and s.children >= 5
            then round(100.0 * s.children / s.list_known, 1)
    end as list_share,
    p.population,
    pt.population_total,
    case when s.comparable then round(100.0 * p.population / pt.population_total, 1) end
        as population_share,
    case
        when s.comparable and s.children >= 5 and p.population > 0
            then round((1.0 * s.children / s.list_known)
                / (p.population / pt.population_total), 2)
    end as relative_rate,
    s.comparable and s.children < 5 as suppressed,
    pt.population_total is not null as has_population,
    exists (select 1 from ref_census_ethnicity as ce) as census_loaded,
    a.area_la_code,
    pt.area_name,
    coalesce(a.area_la_code <> sc.la_code, false) as compared_as,
    pt.population_basis,
    pt.source_publication
from shares as s
join scope as sc on sc.submission_id = s.submission_id
join areas as a on a.submission_id = s.submission_id
left join population as p
    on p.submission_id = s.submission_id and p.ethnicity_group = s.ethnicity_group
left join population_totals as pt on pt.submission_id = s.submission_id
order by sc.la_code, s.sort_order, s.ethnicity_group;
