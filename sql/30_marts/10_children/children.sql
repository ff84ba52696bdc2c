-- children(la, ref_date, edition, sampling_months, sibling_threshold, as_at): one model of each
-- child across the eleven lists, computed for any reference date. The lead inspector chooses
-- children from it and the sample candidates and pools are drawn from it (briefing_indicators
-- follows the same demographic rule, tested to agree).
-- Parameters (the same for every mart; see int_scope): la (LA code, null = every LA), ref_date
-- (null = the submission's as-at date), edition ('ilacs-2018' | 'template-2019'),
-- sampling_months (3, docs/methodology/case-selection.md C1), sibling_threshold (2,
-- docs/methodology/case-selection.md C2), as_at (null = the current submission).
-- Grain: one row per LA x child ID found on lists 1-10, the 2.02 list or the audits list (list 11
-- holds adopters, not children: docs/methodology/data.md D1).
-- Rules (002 ¶150-153, ¶258-262; docs/methodology/windows.md, data.md and case-selection.md):
-- * Per list, the child's most recent row on or before ref stands for the list (¶260,
--   docs/methodology/data.md D2); on_list_N: any row on list N; in_window_list_N: any row in list
--   N's window (int_scope).
-- * Demographics: each of gender, ethnicity, date of birth and disability is taken from the most
--   recent row (by its event date, then list number) that has a value. age: at last birthday on
--   ref from the date of birth, else the supplied age (docs/methodology/data.md D6); unborn when
--   the date of birth is after ref or the age is -1. age_band: unborn, under 1, 1-4, 5-9, 10-15,
--   16-17, 18+, unknown (docs/methodology/case-selection.md C4). ethnicity_group: the template's
--   Codes_used group. gender_not_a_code, ethnicity_not_a_code, disability_not_a_code: the
--   value is null because what the rows wrote is not a template code (int_<list>.unread_codes),
--   not because they left it blank; the briefing counts these apart.
-- * current_status at ref: CLA (looked after) > CP (on a plan) > CIN (open episode) > open
--   assessment > closed (template guidance for list 6 "Case status").
-- * journey_stage: the current status when open; else care leaver, adoption, then the furthest
--   list in its window: s47 enquiry, assessment, referral, early help, contact; else 'other'.
-- * is_missing: list 8 missing episodes in the last 12 months > 0, or flagged missing on 2.02;
--   at_risk_of_exploitation: flagged on 2.02 (docs/methodology/case-selection.md C3; ¶150).
-- * sibling_count: the list 8 column, else the sibling sheet (¶262). large_sibling_group:
--   sibling_count >= sibling_threshold, null when the child has no count; sibling_data_supplied
--   says whether the LA supplied any count at all (docs/methodology/case-selection.md C2, ¶263).
-- * possible_delay (¶151): assessment open over 45 working days, authorised after more than 45,
--   ICPC more than 15 working days after the strategy discussion, CP plan open over 18 months,
--   placement order 6 months without a match, or a CLA/CP review or visit overdue (int_cla,
--   int_cp_plans give the timescales and their sources).
-- * last_activity_date: the latest sampling event on or before ref (the events int_child_events
--   marks is_sampling_event; tests check the two agree); in_sampling_window when it is on or
--   after ref - sampling_months, the first day sampling_window_start gives
--   (docs/methodology/windows.md W2; docs/methodology/case-selection.md C1).
-- * thresholds: the ¶153 thresholds the child's journey touches
--   (docs/methodology/case-selection.md C4, inferred): 1 early help (list 2 in window); 2 referral
--   and assessment (lists 1, 3, 4); 3 children in need (list 6); 4 child protection (lists 5, 7); 5
--   continuing help and support (a CIN episode or CP plan ended in the window); 6 decision to
--   accommodate (started to be looked after in the list 8 window); 7 decision to remove (started
--   under an order or police powers: C1, C2, L1-L3, E1; or an EPO in the last six months on list
--   7); 8 permanence planning (in care with a permanence plan, or on list 10 in window); 9 matching
--   and placement, including return home (placement started in the window, list 10 matched or
--   placed in the window, placed with parents, or ceased care returning home E4A/E4B in the
--   window); 10 leaving care (list 9, or in care aged 16 or over). threshold_mask holds the same as
--   bits (bit t for threshold t), for code that tests many children at once.
create or replace macro children(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    sampling_months := 3,
    sibling_threshold := 2,
    as_at := null
) as table
with scope as (
    select
        sc.*,
        sampling_window_start(sc.ref_date, sampling_months) as sampling_from
    from int_scope(la, ref_date, edition, as_at) as sc
),

assessments as (select * from int_assessments(la, ref_date, edition, as_at)),
contacts as (select * from int_contacts(la, ref_date, edition, as_at)),
early_help as (select * from int_early_help(la, ref_date, edition, as_at)),
referrals as (select * from int_referrals(la, ref_date, edition, as_at)),
s47 as (select * from int_s47(la, ref_date, edition, as_at)),
cin as (select * from int_cin(la, ref_date, edition, as_at)),
cp as (select * from int_cp_plans(la, ref_date, edition, as_at)),
cla as (select * from int_cla(la, ref_date, edition, as_at)),
care_leavers as (select * from int_care_leavers(la, ref_date, edition, as_at)),
adoption as (select * from int_adoption(la, ref_date, edition, as_at)),
missing_202 as (select * from int_missing_exploitation(la, ref_date, edition, as_at)),
sibling_sheet as (select * from int_siblings(la, ref_date, edition, as_at)),
audits as (select * from int_audits(la, ref_date, edition, as_at)),

-- Every row of lists 1-10 that names a child, with what it says about the child and the latest
-- of its sampling events on or before ref (the dates int_child_events marks is_sampling_event;
-- a test checks the two agree). The 2.02 and audits lists add children known only there.
list_rows as (
    select r.submission_id, r.child_id, 1 as list_no, r.contact_date as event_date, r.in_window,
        r.gender, r.ethnicity, r.dob, r.age, null as disability, r.unread_codes,
        case when r.contact_date <= r.ref_date then r.contact_date end as activity_date
    from contacts as r
    union all
    select r.submission_id, r.child_id, 2, r.eh_start_date, r.in_window,
        r.gender, r.ethnicity, r.dob, r.age, null, r.unread_codes,
        greatest(
            case when r.eh_start_date <= r.ref_date then r.eh_start_date end,
            case when r.eh_end_date <= r.ref_date then r.eh_end_date end
        )
    from early_help as r
    union all
    select r.submission_id, r.child_id, 3, r.referral_date, r.in_window,
        r.gender, r.ethnicity, r.dob, r.age, null, r.unread_codes,
        case when r.referral_date <= r.ref_date then r.referral_date end
    from referrals as r
    union all
    select r.submission_id, r.child_id, 4, r.assessment_start_date, r.in_window,
        r.gender, r.ethnicity, r.dob, r.age, r.disability, r.unread_codes,
        greatest(
            case when r.assessment_start_date <= r.ref_date then r.assessment_start_date end,
            case when r.assessment_auth_date <= r.ref_date then r.assessment_auth_date end
        )
    from assessments as r
    union all
    select r.submission_id, r.child_id, 5, r.s47_start_date, r.in_window,
        r.gender, r.ethnicity, r.dob, r.age, r.disability, r.unread_codes,
        greatest(
            case when r.s47_start_date <= r.ref_date then r.s47_start_date end,
            case when r.icpc_date <= r.ref_date then r.icpc_date end
        )
    from s47 as r
    union all
    select r.submission_id, r.child_id, 6, r.cin_start_date, r.in_window,
        r.gender, r.ethnicity, r.dob, r.age, r.disability, r.unread_codes,
        greatest(
            case when r.cin_start_date <= r.ref_date then r.cin_start_date end,
            case when r.last_seen_date <= r.ref_date then r.last_seen_date end
        )
    from cin as r
    union all
    select r.submission_id, r.child_id, 7, r.cp_start_date, r.in_window,
        r.gender, r.ethnicity, r.dob, r.age, r.disability, r.unread_codes,
        greatest(
            case when r.cp_start_date <= r.ref_date then r.cp_start_date end,
            case when r.last_review_date <= r.ref_date then r.last_review_date end,
            case when r.last_visit_date <= r.ref_date then r.last_visit_date end
        )
    from cp as r
    union all
    select r.submission_id, r.child_id, 8, r.cla_start_date, r.in_window,
        r.gender, r.ethnicity, r.dob, r.age, r.disability, r.unread_codes,
        greatest(
            case when r.cla_start_date <= r.ref_date then r.cla_start_date end,
            case when r.placement_start_date <= r.ref_date then r.placement_start_date end,
            case when r.last_review_date <= r.ref_date then r.last_review_date end,
            case when r.last_visit_date <= r.ref_date then r.last_visit_date end,
            case when r.last_iro_contact_date <= r.ref_date then r.last_iro_contact_date end,
            case when r.cla_end_date <= r.ref_date then r.cla_end_date end
        )
    from cla as r
    union all
    select r.submission_id, r.child_id, 9, r.latest_contact_date, r.in_window,
        r.gender, r.ethnicity, r.dob, r.age, r.disability, r.unread_codes,
        greatest(
            case when r.latest_contact_date <= r.ref_date then r.latest_contact_date end,
            case when r.pathway_plan_review_date <= r.ref_date
                then r.pathway_plan_review_date end
        )
    from care_leavers as r
    union all
    select r.submission_id, r.child_id, 10, r.adm_decision_date, r.in_window,
        r.gender, r.ethnicity, r.dob, r.age, r.disability, r.unread_codes,
        greatest(
            case when r.placed_date <= r.ref_date then r.placed_date end,
            case when r.ffa_date <= r.ref_date then r.ffa_date end
        )
    from adoption as r
    union all
    -- Children known only from the 2.02 list or the audits list are children of the LA too.
    select r.submission_id, r.child_id, 0, null, false,
        null, null, r.dob, null, null, null, null
    from missing_202 as r
    union all
    select r.submission_id, r.child_id, 0, null, false,
        null, null, null, null, null, null, null
    from audits as r
),

-- Demographics come from the most recent row with a value (arg_max skips null values): rows are
-- ranked by an integer key (days since 1900 x 16 + list number), cheaper than a (date, list)
-- pair. The lists a child is on are kept as bit masks (bit N = list N) for the same reason.
per_child as (
    select
        lr.submission_id,
        lr.child_id,
        arg_max(lr.gender, lr.recency) as gender,
        arg_max(lr.ethnicity, lr.recency) as ethnicity,
        arg_max(lr.dob, lr.recency) as dob,
        arg_max(lr.age, lr.recency) as supplied_age,
        arg_max(lr.disability, lr.recency) as disability,
        bool_or(list_contains(lr.unread_codes, 'gender')) as gender_unread,
        bool_or(list_contains(lr.unread_codes, 'ethnicity')) as ethnicity_unread,
        bool_or(list_contains(lr.unread_codes, 'disability')) as disability_unread,
        bit_or(lr.list_bit) as list_mask,
        coalesce(bit_or(lr.list_bit) filter (where lr.in_window), 0) as window_mask,
        max(lr.activity_date) as last_activity_date
    from (
        select
            *,
            (coalesce(event_date, date '1900-01-01') - date '1900-01-01') * 16 + list_no
                as recency,
            case when list_no > 0 then cast(1 as integer) << list_no else 0 end as list_bit
        from list_rows
        where child_id is not null
    ) as lr
    group by lr.submission_id, lr.child_id
),

audits_per_child as (
    select
        a.submission_id,
        a.child_id,
        list(a.audit_date order by a.audit_date desc) filter (where a.audit_date <= a.ref_date)
            as audit_dates,
        max(a.audit_date) filter (where a.audit_date <= a.ref_date) as last_audit_date,
        list(distinct a.audit_theme) filter (where a.audit_date <= a.ref_date) as audit_themes,
        bool_or(a.in_window) as audited_in_window,
        bool_or(a.since_last_monitoring_visit) as audited_since_last_monitoring_visit
    from audits as a
    where a.child_id is not null
    group by a.submission_id, a.child_id
),

sibling_supply as (
    select sc.submission_id, coalesce(s.n, 0) + coalesce(c.n, 0) > 0 as supplied
    from scope as sc
    left join (
        select submission_id, count(*) as n from sibling_sheet group by submission_id
    ) as s on s.submission_id = sc.submission_id
    left join (
        select submission_id, count(*) as n from cla where sibling_count is not null
        group by submission_id
    ) as c on c.submission_id = sc.submission_id
),

assembled as (
    select
        sc.la_code,
        sc.submission_id,
        sc.ref_date,
        sc.edition,
        sc.sampling_from,
        pc.child_id,
        pc.gender,
        pc.dob,
        pc.supplied_age,
        pc.disability,
        pc.ethnicity,
        eth.code_group as ethnicity_group,
        coalesce(pc.gender is null and pc.gender_unread, false) as gender_not_a_code,
        coalesce(pc.ethnicity is null and pc.ethnicity_unread, false) as ethnicity_not_a_code,
        coalesce(pc.disability is null and pc.disability_unread, false) as disability_not_a_code,
        coalesce(cla.uasc, cl.uasc) as uasc,
        coalesce(pc.window_mask, 0) as window_mask,
        list_filter(range(1, 11), lambda n: (coalesce(pc.list_mask, 0) >> n) & 1 = 1) as lists,
        list_filter(range(1, 11), lambda n: (coalesce(pc.window_mask, 0) >> n) & 1 = 1)
            as lists_in_window,
        me.child_id is not null as on_missing_exploitation_list,
        ass.open_at_ref as assessment_open,
        ass.working_days_open as assessment_working_days_open,
        ass.working_days_to_authorise as assessment_working_days_to_authorise,
        ass.in_window as assessment_in_window,
        s47.in_window as s47_in_window,
        s47.s47_start_date,
        s47.icpc_date,
        s47.working_days_to_icpc,
        cin.open_at_ref as cin_open,
        cin.closed_in_window as cin_closed_in_window,
        cin.cin_start_date,
        cin.cin_end_date,
        cin.primary_need,
        cin.case_status,
        cp.open_at_ref as cp_open,
        cp.ended_in_window as cp_ended_in_window,
        cp.cp_start_date,
        cp.cp_end_date,
        cp.cp_initial_category,
        cp.cp_latest_category as cp_category,
        cp.previous_cp_plans,
        cp.second_or_subsequent as second_or_subsequent_plan,
        cp.plan_months as cp_plan_months,
        cp.over_two_years as cp_over_two_years,
        cp.over_18_months as cp_over_18_months,
        cp.epo_6m,
        cp.review_overdue as cp_review_overdue,
        cp.visit_overdue as cp_visit_overdue,
        cla.in_care_at_ref as in_care,
        cla.started_in_window as cla_started_in_window,
        cla.ceased_in_window as cla_ceased_in_window,
        cla.cla_start_date,
        cla.cla_end_date,
        cla.cla_end_reason,
        cla.end_token as cla_end_token,
        cla.legal_status,
        cla.legal_status_group,
        cla.legal_token,
        cla.placement_type,
        cla.placement_group,
        cla.placement_provider,
        cla.placement_location,
        cla.placement_la,
        cla.placement_start_date,
        cla.placement_start_date between cla.cla_start_date and sc.ref_date
            and cla.placement_start_date >= sc.cla_from as placement_started_in_window,
        cla.out_of_area,
        cla.kinship as kinship_connected_person,
        cla.placed_with_parents_on_care_order,
        cla.placement_token = 'P1' as placed_with_parents,
        cla.placements_12m,
        cla.unstable as three_or_more_placements,
        cla.permanence_plan,
        cla.review_overdue as cla_review_overdue,
        cla.visit_overdue as cla_visit_overdue,
        cla.health_overdue,
        cla.dental_overdue,
        cla.missing_episodes_12m,
        cla.absent_episodes_12m,
        cla.return_interview_offered,
        cla.return_interview_accepted,
        coalesce(me.missing, false) as missing_202,
        coalesce(me.at_risk_of_exploitation, false) as exploitation_202,
        me.current_status as status_202,
        coalesce(cla.sibling_count, sib.sibling_count) as sibling_count,
        ss.supplied as sibling_data_supplied,
        cl.child_id is not null as care_leaver,
        cl.eligibility as care_leaver_eligibility,
        cl.in_touch as care_leaver_in_touch,
        cl.accommodation_suitable as care_leaver_accommodation_suitable,
        cl.activity_group as care_leaver_activity_group,
        ad.stage as adoption_stage,
        ad.in_window as adoption_in_window,
        ad.adm_decision_date,
        ad.placement_order_date,
        ad.matched_date as adoption_matched_date,
        ad.placed_date as placed_for_adoption_date,
        ad.adoption_order_date,
        ad.waiting_for_match_6m,
        coalesce(ad.matched_date between sc.adoption_from and sc.ref_date, false)
            or coalesce(ad.placed_date between sc.adoption_from and sc.ref_date, false)
            as adoption_matched_or_placed_in_window,
        au.audit_dates,
        au.last_audit_date,
        au.audit_themes,
        coalesce(au.audited_in_window, false) as audited_in_window,
        coalesce(au.audited_since_last_monitoring_visit, false)
            as audited_since_last_monitoring_visit,
        pc.last_activity_date
    from per_child as pc
    join scope as sc on sc.submission_id = pc.submission_id
    left join ref_code as eth on eth.code_list = 'ethnicity' and eth.code = pc.ethnicity
    left join (select * from assessments where is_latest) as ass
        on ass.submission_id = pc.submission_id and ass.child_id = pc.child_id
    left join (select * from s47 where is_latest) as s47
        on s47.submission_id = pc.submission_id and s47.child_id = pc.child_id
    left join (select * from cin where is_latest) as cin
        on cin.submission_id = pc.submission_id and cin.child_id = pc.child_id
    left join (select * from cp where is_latest) as cp
        on cp.submission_id = pc.submission_id and cp.child_id = pc.child_id
    left join (select * from cla where is_latest) as cla
        on cla.submission_id = pc.submission_id and cla.child_id = pc.child_id
    left join (select * from care_leavers where is_latest) as cl
        on cl.submission_id = pc.submission_id and cl.child_id = pc.child_id
    left join (select * from adoption where is_latest) as ad
        on ad.submission_id = pc.submission_id and ad.child_id = pc.child_id
    left join missing_202 as me
        on me.submission_id = pc.submission_id and me.child_id = pc.child_id
    left join sibling_sheet as sib
        on sib.submission_id = pc.submission_id and sib.child_id = pc.child_id
    left join sibling_supply as ss on ss.submission_id = pc.submission_id
    left join audits_per_child as au
        on au.submission_id = pc.submission_id and au.child_id = pc.child_id
),

derived as (
    select
        a.*,
        coalesce(age_on(a.dob, a.ref_date), a.supplied_age) as age,
        coalesce(a.dob > a.ref_date, false)
            or (a.dob is null and coalesce(a.supplied_age = -1, false)) as is_unborn,
        case
            when coalesce(a.in_care, false) then 'CLA'
            when coalesce(a.cp_open, false) then 'CP'
            when coalesce(a.cin_open, false) then 'CIN'
            when coalesce(a.assessment_open, false) then 'open assessment'
            else 'closed'
        end as current_status,
        coalesce(a.missing_episodes_12m > 0, false) or a.missing_202 as is_missing,
        a.exploitation_202 as at_risk_of_exploitation,
        a.sibling_count >= cast(sibling_threshold as integer) as large_sibling_group,
        coalesce(a.assessment_working_days_open > 45, false) as assessment_open_over_45_days,
        coalesce(a.assessment_in_window and a.assessment_working_days_to_authorise > 45, false)
            as assessment_authorised_late,
        coalesce(a.s47_in_window and a.working_days_to_icpc > 15, false) as icpc_late,
        coalesce(a.cp_open and a.cp_over_18_months, false) as cp_open_over_18_months,
        coalesce(a.waiting_for_match_6m, false) as placement_order_without_match_6m,
        coalesce(a.last_activity_date >= a.sampling_from, false) as in_sampling_window
    from assembled as a
),

final as (
    select
        d.* exclude (sampling_from, supplied_age, legal_token, cla_end_token, window_mask),
        age_band(d.age, d.is_unborn) as age_band,
        case
            when d.current_status = 'CLA' then 'child in care'
            when d.current_status = 'CP' then 'child protection plan'
            when d.current_status = 'CIN' then 'child in need'
            when d.current_status = 'open assessment' then 'assessment'
            when d.care_leaver then 'care leaver'
            when list_contains(d.lists_in_window, 10) then 'adoption'
            when list_contains(d.lists_in_window, 5) then 's47 enquiry'
            when list_contains(d.lists_in_window, 4) then 'assessment'
            when list_contains(d.lists_in_window, 3) then 'referral'
            when list_contains(d.lists_in_window, 2) then 'early help'
            when list_contains(d.lists_in_window, 1) then 'contact'
            else 'other'
        end as journey_stage,
        d.assessment_open_over_45_days
            or d.assessment_authorised_late
            or d.icpc_late
            or d.cp_open_over_18_months
            or d.placement_order_without_match_6m
            or coalesce(d.cla_review_overdue, false)
            or coalesce(d.cla_visit_overdue, false)
            or coalesce(d.cp_review_overdue, false)
            or coalesce(d.cp_visit_overdue, false) as possible_delay,
        -- bit t set for threshold t (an integer is cheap to carry; thresholds lists it)
        case when d.window_mask & 4 > 0 then 2 else 0 end
            + case when d.window_mask & (2 | 8 | 16) > 0 then 4 else 0 end
            + case when d.window_mask & 64 > 0 then 8 else 0 end
            + case when d.window_mask & (32 | 128) > 0 then 16 else 0 end
            + case
                when coalesce(d.cin_closed_in_window, false)
                    or coalesce(d.cp_ended_in_window, false) then 32 else 0
            end
            + case when coalesce(d.cla_started_in_window, false) then 64 else 0 end
            + case
                when (coalesce(d.cla_started_in_window, false)
                        and d.legal_token in ('C1', 'C2', 'L1', 'L2', 'L3', 'E1'))
                    or (d.window_mask & 128 > 0 and d.epo_6m = 'a) Yes') then 128 else 0
            end
            + case
                when (coalesce(d.in_care, false) and d.permanence_plan is not null)
                    or d.window_mask & 1024 > 0 then 256 else 0
            end
            + case
                when coalesce(d.placement_started_in_window, false)
                    or d.adoption_matched_or_placed_in_window
                    or (coalesce(d.in_care, false) and d.placement_type is not null
                        and d.placed_with_parents)
                    or (coalesce(d.cla_ceased_in_window, false)
                        and d.cla_end_token in ('E4A', 'E4B')) then 512 else 0
            end
            + case
                when d.care_leaver or (coalesce(d.in_care, false) and d.age >= 16) then 1024
                else 0
            end as threshold_mask
    from derived as d
)

select
    f.la_code,
    f.submission_id,
    f.ref_date,
    f.child_id,
    f.gender,
    f.dob,
    f.age,
    f.age_band,
    f.is_unborn,
    f.disability,
    f.ethnicity,
    f.ethnicity_group,
    f.uasc,
    f.lists,
    f.lists_in_window,
    len(f.lists_in_window) as list_count_in_window,
    list_contains(f.lists, 1) as on_list_1,
    list_contains(f.lists, 2) as on_list_2,
    list_contains(f.lists, 3) as on_list_3,
    list_contains(f.lists, 4) as on_list_4,
    list_contains(f.lists, 5) as on_list_5,
    list_contains(f.lists, 6) as on_list_6,
    list_contains(f.lists, 7) as on_list_7,
    list_contains(f.lists, 8) as on_list_8,
    list_contains(f.lists, 9) as on_list_9,
    list_contains(f.lists, 10) as on_list_10,
    list_contains(f.lists_in_window, 1) as in_window_list_1,
    list_contains(f.lists_in_window, 2) as in_window_list_2,
    list_contains(f.lists_in_window, 3) as in_window_list_3,
    list_contains(f.lists_in_window, 4) as in_window_list_4,
    list_contains(f.lists_in_window, 5) as in_window_list_5,
    list_contains(f.lists_in_window, 6) as in_window_list_6,
    list_contains(f.lists_in_window, 7) as in_window_list_7,
    list_contains(f.lists_in_window, 8) as in_window_list_8,
    list_contains(f.lists_in_window, 9) as in_window_list_9,
    list_contains(f.lists_in_window, 10) as in_window_list_10,
    f.on_missing_exploitation_list,
    f.current_status,
    f.journey_stage,
    list_filter(range(1, 11), lambda t: (f.threshold_mask >> t) & 1 = 1) as thresholds,
    f.* exclude (
        la_code, submission_id, ref_date, child_id, gender, dob, age, age_band, is_unborn,
        disability, ethnicity, ethnicity_group, uasc, lists, lists_in_window,
        on_missing_exploitation_list, current_status, journey_stage
    )
from final as f;
