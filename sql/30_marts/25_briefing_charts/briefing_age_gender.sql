-- briefing_age_gender(la, ref_date, edition, sampling_months, sibling_threshold, as_at): children
-- by age band and gender, for the briefing's age and gender pyramid (002 ¶150).
-- Parameters as for briefing_indicators (the mart this reads).
-- Grain: one row per LA x age band x gender with at least one child.
-- Rule: briefing_indicators' children_by_age_and_gender, one home for the count: children with a
-- row in the window of any of lists 1-10 (children_in_window), each child's gender and age as
-- the children mart's rule gives them (the most recent recorded value; age at last birthday on
-- ref, docs/methodology/data.md D6; docs/methodology/case-selection.md C4); a blank gender is the
-- template's 'c) Not stated/recorded', a gender written but not a template code 'not a template
-- code'. This macro only takes its category apart ('band order|age band|gender'); band_order is
-- age_band_order's (unborn first, 'unknown' last). The Briefing page reads the same rows from
-- the indicators it has already fetched (annexa/services/briefing.py). The totals by gender and
-- by age band equal children_by_gender and children_by_age_band (a test checks it).
create or replace macro briefing_age_gender(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    sampling_months := 3,
    sibling_threshold := 2,
    as_at := null
) as table
select
    i.la_code,
    i.submission_id,
    i.ref_date,
    split_part(i.category, '|', 2) as age_band,
    cast(split_part(i.category, '|', 1) as integer) as band_order,
    split_part(i.category, '|', 3) as gender,
    i.n as children
from briefing_indicators(
    la,
    ref_date := ref_date,
    edition := edition,
    sampling_months := sampling_months,
    sibling_threshold := sibling_threshold,
    as_at := as_at
) as i
where i.indicator = 'children_by_age_and_gender' and i.category is not null
order by i.la_code, band_order, gender;
