-- comparable_measures(la, ref_date, edition, as_at, comparator): each briefing headline that has
-- a published counterpart, computed from the LA's Annex A in the published measure's terms, beside
-- England, the LA's region, the mean of its statistical neighbours and its quartile among all LAs.
-- Grain: one row per LA x measure (all measures listed below, for every LA in scope).
-- Parameters: as for briefing_indicators; comparator is a real LA's 3-digit code whose child
-- population, region and statistical neighbours stand in when the LA's own code is not in the
-- published files (a fictional demo LA); null = the LA's own code.
-- Rules (docs/methodology/national-comparisons.md, "Comparable measures"; ILACS ¶65):
-- * Stocks on the reference date (children looked after, children in need, child protection
--   plans) are rates per 10,000 children aged 0-17, over the ONS mid-year population of the
--   latest year published (ref_population), as DfE's rates are.
-- * Flows over a list's window (referrals, CP plans started, children starting care) are
--   annualised: n x 12 / the window's months (int_list_windows), then a rate per 10,000; labelled
--   "annualised from N months".
-- * Proportions as published: re-referrals within 12 months (referrals in the window whose child
--   had 2 or more referrals in 12 months), second or subsequent CP plans (plans started in the
--   window), children in care with 3 or more placements in 12 months (children in care on ref).
-- * The published side is each measure's latest year with data: England, the LA's region (or the
--   comparator's), the mean of the statistical neighbours' values (2025 model) over those with a
--   value (with how many), and the quartile of the LA's own figure among all LAs' published values
--   (1 = lowest quarter). A suppressed value is missing, never zero.
-- * comparable = false, with the reason, where Annex A cannot give the published measure's terms
--   (care leavers: the publication counts 19-21 year olds' activity around their birthday; list 9
--   gives current activity of every care leaver): no LA figure is shown against it.
-- in_region (optional, null = every region): only the LAs whose submission was loaded under this
-- region, as regional_indicators (the Regional overview's rates).
-- The LA figures are the key indicators' counts (regional_indicators, which a test holds equal to
-- briefing_indicators): per-list aggregates, so a region's rates cost no more than its counts.
create or replace macro comparable_measures(
    la, ref_date, edition, as_at, comparator, in_region := null
) as table
with scope as (
    select s.*
    from int_scope(la, ref_date, edition, as_at) as s
    where in_region is null or coalesce(s.region = cast(in_region as varchar), false)
),

indicators as (
    select *
    from regional_indicators(
        la, in_region := in_region, ref_date := ref_date, edition := edition, as_at := as_at
    )
),

windows as (
    select list_key, months from int_list_windows as w where w.edition = cast(edition as varchar)
),

-- What each measure is, how the LA's figure is made, and from which counts.
catalogue as (
    select *
    from (
        values
            -- flow_list: the list whose window a flow is annualised over.
            (1, 'cla_at_31_march_rate', 'Children looked after per 10,000 children',
             'stock', 'cla_in_care', null, true, null),
            (2, 'cin_at_31_march_rate', 'Children in need per 10,000 children',
             'stock', 'cin_open_at_ref', null, true, null),
            (3, 'cp_plans_at_31_march_rate', 'Child protection plans per 10,000 children',
             'stock', 'cp_plans_open', null, true, null),
            (4, 'referrals_rate', 'Referrals per 10,000 children, annualised',
             'flow', 'list_rows_in_window', 'list_3', true, null),
            (5, 'cp_plans_started_rate', 'Child protection plans started per 10,000 children, '
             || 'annualised', 'flow', 'cp_plans_started_in_window', 'list_7', true, null),
            (6, 'cla_started_rate', 'Children starting to be looked after per 10,000 children, '
             || 'annualised', 'flow', 'cla_started_in_window', 'list_8', true, null),
            (7, 'rereferrals_within_12_months_pct', 'Re-referrals within 12 months (%)',
             'share', 'repeat_referrals', null, true, null),
            (8, 'cp_plans_second_or_subsequent_pct', 'Second or subsequent child protection '
             || 'plans (%)', 'share', 'cp_second_or_subsequent', null, true, null),
            (9, 'cla_3plus_placements_pct', 'Children in care with 3 or more placements in 12 '
             || 'months (%)', 'share', 'cla_three_or_more_placements', null, true, null),
            (10, 'care_leavers_19_21_eet_pct', 'Care leavers in education, employment or '
             || 'training (%)', 'share', 'care_leavers_eet', null, false,
             'The publication counts care leavers aged 19 to 21 by their activity around their '
             || 'birthday; list 9 gives the current activity of every care leaver, so the two '
             || 'are not the same measure.'),
            (11, 'care_leavers_19_21_suitable_accommodation_pct', 'Care leavers in suitable '
             || 'accommodation (%)', 'share', 'care_leavers_suitable_accommodation', null, false,
             'The publication counts care leavers aged 19 to 21 around their birthday; list 9 '
             || 'gives every care leaver''s current accommodation.')
    ) as t(measure_no, measure, label, kind, source, flow_list, comparable, not_comparable_why)
),

-- The LA's counts for each measure.
counts as (
    select sc.submission_id, c.measure_no,
        i.n,
        case when c.kind = 'share' then i.d end as d,
        case when c.kind = 'flow' then w.months end as window_months
    from scope as sc
    cross join catalogue as c
    left join indicators as i
        on i.submission_id = sc.submission_id and i.indicator = c.source
        and i.category is not distinct from
            (case when c.source = 'list_rows_in_window' then c.flow_list end)
    left join windows as w on w.list_key = c.flow_list
),

-- Whose published figures stand for the LA: its own code when the files have it, else the
-- comparator's.
areas as (
    select sc.submission_id, sc.la_code,
        case
            when exists (select 1 from ref_population as p
                         where p.geography_level = 'la' and p.la_code = sc.la_code)
                then sc.la_code
            else cast(comparator as varchar)
        end as area_la
    from scope as sc
),

population as (
    select a.submission_id, a.area_la,
        arg_max(p.population_0_17, p.year) as population,
        max(p.year) as population_year,
        arg_max(p.region_name, p.year) as region_name
    from areas as a
    join ref_population as p on p.geography_level = 'la' and p.la_code = a.area_la
        and p.population_0_17 is not null
    group by all
),

latest as (
    select measure, max(time_period) as time_period
    from ref_published
    where value is not null and geography_level = 'la'
    group by all
),

published as (
    select r.*
    from ref_published as r
    join latest as l using (measure, time_period)
),

la_figures as (
    select
        sc.submission_id, sc.la_code, c.measure_no, c.measure, c.label, c.kind, c.comparable,
        c.not_comparable_why, n.n, n.d, n.window_months, a.area_la, pop.population,
        pop.population_year, pop.region_name,
        case
            when not c.comparable then null
            when c.kind = 'share' then
                case when n.d > 0 then round(100.0 * n.n / n.d, 1) end
            when pop.population is null or pop.population = 0 then null
            when c.kind = 'stock' then round(10000.0 * n.n / pop.population, 1)
            else round(10000.0 * n.n * 12 / n.window_months / pop.population, 1)
        end as la_value
    from scope as sc
    join counts as n on n.submission_id = sc.submission_id
    join catalogue as c on c.measure_no = n.measure_no
    join areas as a on a.submission_id = sc.submission_id
    left join population as pop on pop.submission_id = sc.submission_id
),

neighbours as (
    select f.submission_id, f.measure,
        avg(p.value) as sn_mean,
        count(p.value) as sn_with_data,
        count(*) as sn_total
    from la_figures as f
    join ref_stat_neighbours as s on s.la_code = f.area_la
    left join published as p
        on p.measure = f.measure and p.geography_level = 'la'
        and p.la_code = s.neighbour_la_code
    group by all
),

quartiles as (
    select f.submission_id, f.measure,
        count(*) filter (where p.value < f.la_value) as below,
        count(*) filter (where p.value = f.la_value) as equal,
        count(p.value) as las_with_data
    from la_figures as f
    join published as p on p.measure = f.measure and p.geography_level = 'la'
    where f.la_value is not null
    group by all
)

select
    f.submission_id,
    f.la_code,
    f.measure_no,
    f.measure,
    f.label,
    m.unit,
    f.kind,
    f.comparable,
    f.not_comparable_why,
    f.n,
    f.d,
    f.window_months,
    f.population,
    f.population_year,
    f.la_value,
    f.area_la as compared_as,
    f.area_la is distinct from f.la_code as using_comparator,
    case f.kind
        when 'stock' then 'on the reference date, per 10,000 children aged 0-17 (ONS mid-'
            || f.population_year || ')'
        when 'flow' then 'annualised from ' || f.window_months || ' months, per 10,000 children '
            || 'aged 0-17 (ONS mid-' || f.population_year || ')'
        else 'share of ' || coalesce(f.d, 0) || ', as published'
    end as basis,
    l.time_period as data_year,
    coalesce(e.period, 'no published figure') as data_period,
    round(e.value, 1) as england_value,
    f.region_name,
    round(rg.value, 1) as region_value,
    round(nb.sn_mean, 1) as sn_mean,
    coalesce(nb.sn_with_data, 0) as sn_with_data,
    coalesce(nb.sn_total, 0) as sn_total,
    q.las_with_data,
    case when q.las_with_data > 0
        then least(4, 1 + floor(4.0 * (q.below + q.equal / 2.0) / q.las_with_data))
    end as quartile,
    e.source_publication
from la_figures as f
left join ref_published_measures as m on m.measure = f.measure
left join latest as l on l.measure = f.measure
left join published as e on e.measure = f.measure and e.geography_level = 'england'
left join published as rg
    on rg.measure = f.measure and rg.geography_level = 'region' and rg.region_name = f.region_name
left join neighbours as nb on nb.submission_id = f.submission_id and nb.measure = f.measure
left join quartiles as q on q.submission_id = f.submission_id and q.measure = f.measure
order by f.la_code, f.measure_no;
