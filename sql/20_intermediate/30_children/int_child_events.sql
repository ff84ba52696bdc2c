-- int_child_events(la, ref_date, edition, as_at): every dated event in a child's journey across
-- lists 1-10 and the LA audits list, for journeys, flows and the sampling window.
-- Grain: one row per child x source row x dated event (rows without a child ID are left out: they
-- cannot be linked, and the data-quality report lists them).
-- Rules: each date column of a list is one event type (below); blank dates give no event.
-- after_ref marks events dated after the reference date (kept, for when ref is set earlier than
-- the data). is_sampling_event marks the events docs/methodology/case-selection.md C1 names for the
-- sampling window (contact, referral, assessment, s47, plan start or review, visit, placement
-- start, leaving care; 000 ¶35, 002 ¶135); early help assessments count as assessments, so that
-- children at the early help threshold (002 ¶153) can be sampled. detail: the code that qualifies
-- the event.
create or replace macro int_child_events(la, ref_date, edition, as_at) as table
with raw_events as (
    select r.la_code, r.submission_id, r.ref_date, r.child_id, 1 as list_no, r.row_number,
        unnest([
            {'t': 'contact', 'd': r.contact_date, 'x': r.contact_source, 's': true}
        ]) as e
    from int_contacts(la, ref_date, edition, as_at) as r
    union all
    select r.la_code, r.submission_id, r.ref_date, r.child_id, 2, r.row_number,
        unnest([
            {'t': 'early_help_start', 'd': r.eh_start_date, 'x': r.eh_organisation, 's': true},
            {'t': 'early_help_end', 'd': r.eh_end_date, 'x': r.eh_organisation, 's': true}
        ])
    from int_early_help(la, ref_date, edition, as_at) as r
    union all
    select r.la_code, r.submission_id, r.ref_date, r.child_id, 3, r.row_number,
        unnest([
            {'t': 'referral', 'd': r.referral_date, 'x': r.referral_source, 's': true}
        ])
    from int_referrals(la, ref_date, edition, as_at) as r
    union all
    select r.la_code, r.submission_id, r.ref_date, r.child_id, 4, r.row_number,
        unnest([
            {'t': 'assessment_start', 'd': r.assessment_start_date, 'x': null, 's': true},
            {'t': 'assessment_authorised', 'd': r.assessment_auth_date,
             'x': r.assessed_in_need, 's': true}
        ])
    from int_assessments(la, ref_date, edition, as_at) as r
    union all
    select r.la_code, r.submission_id, r.ref_date, r.child_id, 5, r.row_number,
        unnest([
            {'t': 's47_start', 'd': r.s47_start_date, 'x': null, 's': true},
            {'t': 'icpc', 'd': r.icpc_date, 'x': r.icpc_resulted_in_plan, 's': true}
        ])
    from int_s47(la, ref_date, edition, as_at) as r
    union all
    select r.la_code, r.submission_id, r.ref_date, r.child_id, 6, r.row_number,
        unnest([
            {'t': 'cin_start', 'd': r.cin_start_date, 'x': r.primary_need, 's': true},
            {'t': 'cin_seen', 'd': r.last_seen_date, 'x': null, 's': true},
            {'t': 'cin_end', 'd': r.cin_end_date, 'x': r.cin_closure_reason, 's': false}
        ])
    from int_cin(la, ref_date, edition, as_at) as r
    union all
    select r.la_code, r.submission_id, r.ref_date, r.child_id, 7, r.row_number,
        unnest([
            {'t': 'cp_start', 'd': r.cp_start_date, 'x': r.cp_initial_category, 's': true},
            {'t': 'cp_review', 'd': r.last_review_date, 'x': r.cp_latest_category, 's': true},
            {'t': 'cp_visit', 'd': r.last_visit_date, 'x': r.seen_alone, 's': true},
            {'t': 'cp_end', 'd': r.cp_end_date, 'x': null, 's': false}
        ])
    from int_cp_plans(la, ref_date, edition, as_at) as r
    union all
    select r.la_code, r.submission_id, r.ref_date, r.child_id, 8, r.row_number,
        unnest([
            {'t': 'care_start', 'd': r.cla_start_date, 'x': r.category_of_need, 's': true},
            {'t': 'legal_status', 'd': r.legal_status_start_date, 'x': r.legal_status,
             's': false},
            {'t': 'placement_start', 'd': r.placement_start_date, 'x': r.placement_type,
             's': true},
            {'t': 'cla_review', 'd': r.last_review_date, 'x': null, 's': true},
            {'t': 'cla_visit', 'd': r.last_visit_date, 'x': null, 's': true},
            {'t': 'iro_contact', 'd': r.last_iro_contact_date, 'x': null, 's': true},
            {'t': 'health_assessment', 'd': r.last_health_assessment_date, 'x': null,
             's': false},
            {'t': 'dental_check', 'd': r.last_dental_check_date, 'x': null, 's': false},
            {'t': 'care_end', 'd': r.cla_end_date, 'x': r.cla_end_reason, 's': true}
        ])
    from int_cla(la, ref_date, edition, as_at) as r
    union all
    select r.la_code, r.submission_id, r.ref_date, r.child_id, 9, r.row_number,
        unnest([
            {'t': 'leaving_care_contact', 'd': r.latest_contact_date, 'x': r.in_touch,
             's': true},
            {'t': 'pathway_plan_review', 'd': r.pathway_plan_review_date, 'x': null, 's': true}
        ])
    from int_care_leavers(la, ref_date, edition, as_at) as r
    union all
    select r.la_code, r.submission_id, r.ref_date, r.child_id, 10, r.row_number,
        unnest([
            {'t': 'adoption_decision', 'd': r.adm_decision_date, 'x': null, 's': false},
            {'t': 'placement_order', 'd': r.placement_order_date, 'x': null, 's': false},
            {'t': 'adoption_match', 'd': r.matched_date, 'x': r.family_id, 's': false},
            {'t': 'placed_for_adoption', 'd': r.placed_date, 'x': r.family_id, 's': true},
            {'t': 'adoption_order', 'd': r.adoption_order_date, 'x': null, 's': false},
            {'t': 'adoption_reversed', 'd': r.reversal_date, 'x': r.reversal_reason,
             's': false},
            {'t': 'ffa_placement', 'd': r.ffa_date, 'x': null, 's': true}
        ])
    from int_adoption(la, ref_date, edition, as_at) as r
    union all
    select r.la_code, r.submission_id, r.ref_date, r.child_id, null, r.row_number,
        unnest([
            {'t': 'la_audit', 'd': r.audit_date, 'x': r.audit_theme, 's': false}
        ])
    from int_audits(la, ref_date, edition, as_at) as r
)

select
    ev.la_code,
    ev.submission_id,
    ev.ref_date,
    ev.child_id,
    ev.list_no,
    ev.row_number,
    ev.e.t as event_type,
    ev.e.d as event_date,
    ev.e.x as detail,
    ev.e.s as is_sampling_event,
    ev.e.d > ev.ref_date as after_ref
from raw_events as ev
where ev.child_id is not null and ev.e.d is not null;
