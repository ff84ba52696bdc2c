-- sample_candidates(la, ref_date, edition, sampling_months, sibling_threshold, as_at): the
-- children a case sample can be drawn from, with the pools they are in, the plain-language facts
-- that make them relevant, and the factors and thresholds they would cover. annexa/services/sampling.py
-- draws the sample from this; sample_pools lists the same pools one row per child and pool.
-- Parameters as for children.
-- Grain: one row per LA x child in at least one pool.
-- Pools (pool_reasons: one {pool, reason} per reason; 002 ¶131-137, ¶150-151, ¶266-267;
-- docs/methodology/case-selection.md C1-C3):
-- * 'sampling window': a sampling event in the sampling_months before ref (000 ¶35, 002 ¶135).
-- * 'missing': missing episodes in the last 12 months (list 8) or flagged on 2.02.
-- * 'exploitation': at risk of sexual exploitation (2.02).
-- * 'large sibling group': sibling_count >= sibling_threshold (¶150 "at least one child from a
--   large sibling group"; ¶262).
-- * 'possible delay' (¶151), one reason each: assessment open over 45 working days or authorised
--   after more than 45; ICPC more than 15 working days after the strategy discussion; CP plan open
--   over 18 months; placement order 6 months without a match; CLA review or social worker visit
--   overdue; CP review conference overdue; no CP visit in 10 working days (children mart).
-- * 'LA audited': audit completed in the 6 months before ref (¶266), flagged when also since the
--   last monitoring visit (¶130-131); last_monitoring_visit is that visit's date, if any.
-- Mandatory groups (¶150 "must be part of the cohort"): missing, exploitation, large sibling
-- group; annexa/services/sampling.py includes at least one child of each wherever any exist, choosing the
-- most at risk first: missing and exploited both, then most missing_episodes_12m (list 8), then
-- missing_202 (flagged missing on the 2.02 list) (docs/methodology/case-selection.md C3).
-- facts: the reasons in the order a reason sentence uses them: mandatory groups, delay, notable
-- circumstances (out of area, kinship, placed with parents on a care order, 3+ placements, second
-- plan, UASC, absences), LA audit, seen at an earlier visit.
-- features: what the child adds to a sample's coverage, as 'factor: value'
-- (docs/methodology/case-selection.md C4: age band, gender, disability, ethnicity, journey stage,
-- placement type including out of area, kinship/connected person and placed with parents on a care
-- order; ¶150 category of abuse; ¶151 possible delay). Unknown values are not features.
-- feature_<factor>: the same, one column per factor (null when the child adds nothing there).
-- thresholds, threshold_mask: the ¶153 thresholds (children).
-- seen_before: the child was in a saved sample of an earlier visit to the LA (000 ¶37): any
-- saved visit, since the sample being drawn is for a visit after all of them (a saved
-- sample's own earlier visits: children_seen_before(la, before_visit := its visit id)).
-- Dates in reasons are dd/mm/yyyy. Group codes lose their letter prefix ('a) White' -> 'White').
create or replace macro sample_candidates(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    sampling_months := 3,
    sibling_threshold := 2,
    as_at := null
) as table
with c as (
    select *
    from children(la, ref_date, edition, sampling_months, sibling_threshold, as_at) as ch
    -- the pools' conditions, tested before any reason text is built
    where ch.in_sampling_window
        or ch.is_missing
        or ch.at_risk_of_exploitation
        or ch.large_sibling_group
        or ch.possible_delay
        or ch.audited_in_window
),

seen as (select * from children_seen_before(la)),

-- The last monitoring visit before ref (int_audits), for the audited-cases rule of monitoring
-- visits: audited since the last visit when there was one, else in the last 6 months (¶130-131).
last_visit as (
    select a.submission_id, max(a.last_monitoring_visit) as last_monitoring_visit
    from int_audits(la, ref_date, edition, as_at) as a
    group by a.submission_id
),

-- Each pool reason once, as text (null when it does not apply): pool_reasons pairs them with their
-- pools and facts lists them, so the wording lives in one place. facts is built from these
-- columns directly: the sampler reads facts for every candidate, and lists of structs for 30,000
-- children cost more than the rest of its query.
reasons as (
    select
        c.*,
        case when c.missing_episodes_12m > 0 then 'missing '
            || case when c.missing_episodes_12m = 1 then 'once'
                else c.missing_episodes_12m || ' times' end
            || ' in 12 months'
        end as r_missing,
        case when c.missing_202 and coalesce(c.missing_episodes_12m, 0) = 0
            then 'missing in the last 12 months (2.02 list)'
        end as r_missing_202,
        case when c.at_risk_of_exploitation
            then 'at risk of sexual exploitation (2.02 list)'
        end as r_exploitation,
        -- sibling_count is the child's brothers and sisters, not counting the child: 3 of them
        -- make a group of 4 children.
        case when c.large_sibling_group
            then c.sibling_count
                || case when c.sibling_count = 1 then ' brother or sister'
                    else ' brothers and sisters' end
                || ' (a sibling group of ' || (c.sibling_count + 1) || ')'
        end as r_sibling,
        case when c.assessment_open_over_45_days
            then 'assessment open ' || c.assessment_working_days_open || ' working days (over 45)'
        end as r_assessment_open,
        case when c.assessment_authorised_late
            then 'assessment authorised after ' || c.assessment_working_days_to_authorise
                || ' working days (over 45)'
        end as r_assessment_late,
        case when c.icpc_late
            then 'ICPC ' || c.working_days_to_icpc
                || ' working days after the strategy discussion (over 15)'
        end as r_icpc_late,
        case when c.cp_open_over_18_months
            then 'on a child protection plan for ' || c.cp_plan_months || ' months (over 18)'
        end as r_cp_18_months,
        case when c.placement_order_without_match_6m
            then 'placement order ' || strftime(c.placement_order_date, '%d/%m/%Y')
                || ', no match after 6 months'
        end as r_placement_order,
        case when c.cla_review_overdue then 'looked after review overdue' end as r_cla_review,
        case when c.cla_visit_overdue then 'social worker visit overdue' end as r_cla_visit,
        case when c.cp_review_overdue then 'child protection review conference overdue' end
            as r_cp_review,
        case when c.cp_visit_overdue then 'no child protection visit in 10 working days' end
            as r_cp_visit,
        case when c.audited_in_window
            then 'audited by the LA on ' || strftime(c.last_audit_date, '%d/%m/%Y')
                || case when c.audited_since_last_monitoring_visit
                    then ' (since the last monitoring visit)' else '' end
        end as r_audited,
        list_filter([
            case when c.in_care and c.out_of_area then 'placed out of area' end,
            case when c.in_care and c.kinship_connected_person
                then 'kinship or connected person placement' end,
            case when c.in_care and c.placed_with_parents_on_care_order
                then 'placed with parents on a care order' end,
            case when c.three_or_more_placements
                then c.placements_12m || ' placements in 12 months' end,
            case when c.cp_open and c.second_or_subsequent_plan
                then 'second or subsequent child protection plan' end,
            case when c.uasc = 'a) Yes' then 'unaccompanied asylum-seeking child' end,
            case when c.absent_episodes_12m > 0
                then 'absent '
                    || case when c.absent_episodes_12m = 1 then 'once'
                        else c.absent_episodes_12m || ' times' end
                    || ' in 12 months' end
        ], lambda x: x is not null) as notable,
        -- The coverage features, one column per factor (null: the child adds nothing there).
        case when c.age_band <> 'unknown' then 'age band: ' || c.age_band end
            as feature_age_band,
        case c.gender
            when 'a) Male' then 'gender: boy'
            when 'b) Female' then 'gender: girl'
            when 'd) Neither' then 'gender: neither'
        end as feature_gender,
        case c.disability
            when 'a) Yes' then 'disability: disabled'
            when 'b) No' then 'disability: not disabled'
        end as feature_disability,
        case
            when c.ethnicity_group is not null
                and c.ethnicity_group not like '%Refused'
                and c.ethnicity_group not like '%Unknown'
                then 'ethnicity: ' || split_part(c.ethnicity_group, ') ', 2)
        end as feature_ethnicity,
        case when c.journey_stage <> 'other' then 'journey: ' || c.journey_stage end
            as feature_journey,
        case
            when c.in_care and c.placement_group is not null
                then 'placement type: ' || split_part(c.placement_group, ') ', 2)
        end as feature_placement_type,
        case when c.in_care and c.out_of_area then 'placement type: out of area' end
            as feature_out_of_area,
        case
            when c.in_care and c.kinship_connected_person
                then 'placement type: kinship or connected person'
        end as feature_kinship,
        case
            when c.in_care and c.placed_with_parents_on_care_order
                then 'placement type: placed with parents on a care order'
        end as feature_placed_with_parents,
        case
            when c.cp_open and c.cp_category is not null
                then 'category of abuse: ' || split_part(c.cp_category, ') ', 2)
        end as feature_abuse,
        case when c.possible_delay then 'possible delay: yes' end as feature_delay
    from c
),

reason_lists as (
    select
        r.*,
        list_filter([
            r.r_assessment_open, r.r_assessment_late, r.r_icpc_late, r.r_cp_18_months,
            r.r_placement_order, r.r_cla_review, r.r_cla_visit, r.r_cp_review, r.r_cp_visit
        ], lambda d: d is not null) as delay_reasons
    from reasons as r
)

select
    r.la_code,
    r.submission_id,
    r.ref_date,
    r.child_id,
    list_filter([
        case when r.in_sampling_window then 'sampling window' end,
        case when r.r_missing is not null or r.r_missing_202 is not null then 'missing' end,
        case when r.r_exploitation is not null then 'exploitation' end,
        case when r.r_sibling is not null then 'large sibling group' end,
        case when len(r.delay_reasons) > 0 then 'possible delay' end,
        case when r.r_audited is not null then 'LA audited' end
    ], lambda p: p is not null) as pools,
    list_filter([
        case when r.in_sampling_window then {
            'pool': 'sampling window',
            'reason': 'recent activity (latest ' || strftime(r.last_activity_date, '%d/%m/%Y')
                || ')'
        } end,
        case when r.r_missing is not null then {'pool': 'missing', 'reason': r.r_missing} end,
        case when r.r_missing_202 is not null
            then {'pool': 'missing', 'reason': r.r_missing_202} end,
        case when r.r_exploitation is not null
            then {'pool': 'exploitation', 'reason': r.r_exploitation} end,
        case when r.r_sibling is not null
            then {'pool': 'large sibling group', 'reason': r.r_sibling} end
    ], lambda p: p is not null)
        || list_transform(r.delay_reasons, lambda d: {'pool': 'possible delay', 'reason': d})
        || case when r.r_audited is not null
            then [{'pool': 'LA audited', 'reason': r.r_audited}] else [] end
        as pool_reasons,
    r.in_sampling_window,
    r.is_missing,
    r.at_risk_of_exploitation,
    r.missing_episodes_12m,
    r.missing_202,
    coalesce(r.large_sibling_group, false) as large_sibling_group,
    r.sibling_data_supplied,
    r.possible_delay,
    r.audited_in_window,
    r.audited_since_last_monitoring_visit,
    r.last_audit_date,
    lv.last_monitoring_visit,
    r.last_activity_date,
    s.child_id is not null as seen_before,
    coalesce(s.visits_seen, 0) as visits_seen,
    s.last_seen_date,
    list_filter([
        r.r_missing, r.r_missing_202, r.r_exploitation, r.r_sibling
    ], lambda f: f is not null)
        || r.delay_reasons
        || r.notable
        || case when r.r_audited is not null then [r.r_audited] else [] end
        || case
            when s.child_id is not null
                then ['seen at an earlier visit (' || strftime(s.last_seen_date, '%d/%m/%Y')
                    || ')']
            else []
        end as facts,
    list_filter([
        r.feature_age_band, r.feature_gender, r.feature_disability, r.feature_ethnicity,
        r.feature_journey, r.feature_placement_type, r.feature_out_of_area, r.feature_kinship,
        r.feature_placed_with_parents, r.feature_abuse, r.feature_delay
    ], lambda f: f is not null) as features,
    r.feature_age_band,
    r.feature_gender,
    r.feature_disability,
    r.feature_ethnicity,
    r.feature_journey,
    r.feature_placement_type,
    r.feature_out_of_area,
    r.feature_kinship,
    r.feature_placed_with_parents,
    r.feature_abuse,
    r.feature_delay,
    r.threshold_mask,
    r.thresholds,
    r.gender,
    r.age_band,
    r.disability,
    r.ethnicity_group,
    r.current_status,
    r.journey_stage,
    r.placement_group,
    r.out_of_area
from reason_lists as r
left join seen as s on s.la_code = r.la_code and s.child_id = r.child_id
left join last_visit as lv on lv.submission_id = r.submission_id;
