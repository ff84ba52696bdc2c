-- child_events(la, ref_date, edition, sampling_months, sibling_threshold, as_at): one row per
-- dated event across all lists, for child journeys, flows between stages and the sampling window.
-- Parameters as for children (sibling_threshold is accepted, unused, so every mart is called the
-- same way).
-- Grain: one row per child x source row x dated event (int_child_events).
-- Rules: event types and which count for the sampling window: int_child_events
-- (docs/methodology/case-selection.md C1).
-- event_order numbers a child's events by date (then list, row and type), for journeys.
-- in_sampling_window: a sampling event dated in [ref - sampling_months, ref], the window's first
-- day as sampling_window_start gives it (docs/methodology/windows.md W2;
-- docs/methodology/case-selection.md C1).
-- event_label is the plain-language name the pages show.
create or replace macro child_events(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    sampling_months := 3,
    sibling_threshold := 2,
    as_at := null
) as table
select
    ev.la_code,
    ev.submission_id,
    ev.ref_date,
    ev.child_id,
    ev.event_date,
    ev.event_type,
    case ev.event_type
        when 'contact' then 'contact'
        when 'early_help_start' then 'early help assessment started'
        when 'early_help_end' then 'early help assessment completed'
        when 'referral' then 'referral'
        when 'assessment_start' then 'assessment started'
        when 'assessment_authorised' then 'assessment authorised'
        when 's47_start' then 'strategy discussion: section 47 enquiry started'
        when 'icpc' then 'initial child protection conference'
        when 'cin_start' then 'child in need episode started'
        when 'cin_seen' then 'last seen by a social worker (child in need)'
        when 'cin_end' then 'child in need episode closed'
        when 'cp_start' then 'child protection plan started'
        when 'cp_review' then 'child protection review conference'
        when 'cp_visit' then 'child protection statutory visit'
        when 'cp_end' then 'child protection plan ended'
        when 'care_start' then 'started to be looked after'
        when 'legal_status' then 'current legal status started'
        when 'placement_start' then 'current placement started'
        when 'cla_review' then 'looked after review'
        when 'cla_visit' then 'social worker visit (in care)'
        when 'iro_contact' then 'IRO visit or contact'
        when 'health_assessment' then 'health assessment'
        when 'dental_check' then 'dental check'
        when 'care_end' then 'ceased to be looked after'
        when 'leaving_care_contact' then 'leaving care: latest contact'
        when 'pathway_plan_review' then 'pathway plan review'
        when 'adoption_decision' then 'decision: should be placed for adoption'
        when 'placement_order' then 'placement order'
        when 'adoption_match' then 'matched with prospective adopters'
        when 'placed_for_adoption' then 'placed for adoption'
        when 'adoption_order' then 'adoption order'
        when 'adoption_reversed' then 'decision: no longer to be placed for adoption'
        when 'ffa_placement' then 'placed in fostering for adoption or concurrent planning'
        when 'la_audit' then 'case audited by the LA'
    end as event_label,
    ev.detail,
    ev.list_no,
    ev.row_number,
    ev.is_sampling_event,
    ev.after_ref,
    ev.is_sampling_event and not ev.after_ref
        and ev.event_date >= sampling_window_start(ev.ref_date, sampling_months)
        as in_sampling_window,
    row_number() over (
        partition by ev.submission_id, ev.child_id
        order by ev.event_date, ev.list_no nulls last, ev.row_number, ev.event_type
    ) as event_order
from int_child_events(la, ref_date, edition, as_at) as ev;
