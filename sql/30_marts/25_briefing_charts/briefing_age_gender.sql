-- briefing_age_gender(la, ref_date, edition, sampling_months, sibling_threshold, as_at): children
-- by age band and gender, for the briefing's age and gender pyramid (002 ¶150).
-- Parameters as for children (the mart this reads).
-- Grain: one row per LA x age band x gender with at least one child.
-- Population: children with a row in the window of any of lists 1-10 (children.
-- list_count_in_window > 0), as briefing_indicators' children_in_window; each child's gender and
-- age as the children mart gives them (the most recent recorded value; age at last birthday on
-- ref, docs/methodology/data.md D6; docs/methodology/case-selection.md C4). A blank gender is the
-- template's own code for it, 'c) Not stated/recorded' (Codes_used), as in briefing_indicators, so
-- the briefing and its download have one such category, not two; a gender written but not a
-- template code is 'not a template code' (children.gender_not_a_code). band_order sorts the age
-- bands youngest first (age_band: unborn, under 1, 1-4, 5-9, 10-15, 16-17, 18+, not known).
-- The totals by gender and by age band equal briefing_indicators' children_by_gender and
-- children_by_age_band (a test checks it).
create or replace macro briefing_age_gender(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    sampling_months := 3,
    sibling_threshold := 2,
    as_at := null
) as table
select
    c.la_code,
    c.submission_id,
    c.ref_date,
    c.age_band,
    case c.age_band
        when 'unborn' then 0
        when 'under 1' then 1
        when '1-4' then 2
        when '5-9' then 3
        when '10-15' then 4
        when '16-17' then 5
        when '18+' then 6
        else 7
    end as band_order,
    coalesce(c.gender, case when c.gender_not_a_code then 'not a template code' end,
        'c) Not stated/recorded') as gender,
    count(*) as children
from children(la, ref_date := ref_date, edition := edition, as_at := as_at) as c
where c.list_count_in_window > 0
group by all
order by c.la_code, band_order, gender;
