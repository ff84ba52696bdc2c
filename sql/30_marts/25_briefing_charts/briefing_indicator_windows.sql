-- briefing_indicator_windows: which window (briefing_windows.window_key) each briefing_indicators
-- indicator and each briefing_distributions measure is counted in, so the page can label every
-- figure with its window and reference date.
-- Grain: one row per indicator or measure. window_key 'by_category' means the list named in the
-- row's category (the volumes per list). A test checks that every indicator of
-- briefing_indicators and every measure of briefing_distributions has a row.
-- Rule: read from each indicator's definition in briefing_indicators' header (002 ¶258,
-- docs/methodology/windows.md W2-W3): counts at the reference date are at_ref; events in a list's
-- window are that list's window; the 2.02 list flags and 12-month measures are last_12_months; data
-- quality is the whole submission.
-- period_key: for a figure about children in one window that counts what happened to them over
-- another period, that period's window key. The list 8 missing and absent figures are about the
-- children in the list 8 window (6 months under ilacs-2018), and count their episodes in the 12
-- months to ref, as the list 8 columns do (template list 8; 002 ¶258); placements likewise, for
-- the children in care at ref. Null for every other figure.
create or replace view briefing_indicator_windows as
select
    t.indicator,
    t.window_key,
    case
        when t.indicator in (
            'cla_missing', 'cla_missing_episodes', 'cla_absent', 'cla_absent_episodes',
            'return_interview_offered', 'return_interview_accepted', 'missing_episodes_12m',
            'cla_three_or_more_placements', 'placements_12m'
        ) then 'last_12_months'
    end as period_key
from (
    values
        ('list_rows_in_window', 'by_category'),
        ('list_children_in_window', 'by_category'),
        ('children_in_window', 'any_list'),
        ('children_on_several_lists', 'any_list'),
        ('children_by_gender', 'any_list'),
        ('children_by_age_band', 'any_list'),
        ('children_by_age_and_gender', 'any_list'),
        ('children_by_ethnicity_group', 'any_list'),
        ('children_by_disability', 'any_list'),
        ('contacts_by_source', 'list_1'),
        ('referrals_by_source', 'list_3'),
        ('contact_to_referral', 'list_1'),
        ('referral_to_assessment', 'list_3'),
        ('referral_nfa', 'list_3'),
        ('repeat_referrals', 'list_3'),
        ('assessments_within_45_working_days', 'list_4'),
        ('assessments_open_over_45_working_days', 'at_ref'),
        ('assessment_no_further_action', 'list_4'),
        ('s47_to_icpc', 'list_5'),
        ('s47_icpc_not_required', 'list_5'),
        ('icpc_within_15_working_days', 'list_5'),
        ('icpc_to_cp_plan', 'list_5'),
        ('cp_plans_open', 'at_ref'),
        ('cp_plans_by_category', 'at_ref'),
        ('cp_plans_started_in_window', 'list_7'),
        ('cp_plans_ended_in_window', 'list_7'),
        ('cp_plans_over_two_years', 'at_ref'),
        ('cp_plans_ended_over_two_years', 'list_7'),
        ('cp_second_or_subsequent', 'list_7'),
        ('cp_review_overdue', 'at_ref'),
        ('cp_visit_overdue', 'at_ref'),
        ('cla_in_care', 'at_ref'),
        ('cla_started_in_window', 'list_8'),
        ('cla_ceased_in_window', 'list_8'),
        ('cla_ceased_by_reason', 'list_8'),
        ('cla_three_or_more_placements', 'at_ref'),
        ('cla_out_of_area', 'at_ref'),
        ('cla_by_placement_type', 'at_ref'),
        ('cla_by_legal_status', 'at_ref'),
        ('cla_kinship', 'at_ref'),
        ('cla_placed_with_parents_on_care_order', 'at_ref'),
        ('cla_uasc', 'at_ref'),
        ('cla_review_overdue', 'at_ref'),
        ('cla_visit_overdue', 'at_ref'),
        ('cla_health_overdue', 'at_ref'),
        ('cla_dental_overdue', 'at_ref'),
        ('cla_missing', 'list_8'),
        ('cla_missing_episodes', 'list_8'),
        ('cla_absent', 'list_8'),
        ('cla_absent_episodes', 'list_8'),
        ('return_interview_offered', 'list_8'),
        ('return_interview_accepted', 'list_8'),
        ('missing_202', 'last_12_months'),
        ('exploitation_202', 'at_ref'),
        ('care_leavers', 'at_ref'),
        ('care_leavers_by_eligibility', 'at_ref'),
        ('care_leavers_in_touch', 'at_ref'),
        ('care_leavers_suitable_accommodation', 'at_ref'),
        ('care_leavers_eet', 'at_ref'),
        ('care_leavers_neet', 'at_ref'),
        ('care_leavers_pathway_review_overdue', 'at_ref'),
        ('adoption_children', 'list_10'),
        ('adoption_by_stage', 'list_10'),
        ('adopted_in_window', 'list_10'),
        ('adoption_days_entry_to_placement', 'list_10'),
        ('adoption_days_entry_to_placement_median', 'list_10'),
        ('adoption_days_order_to_match', 'list_10'),
        ('adoption_days_order_to_match_median', 'list_10'),
        ('adoption_waiting_for_match', 'at_ref'),
        ('adoption_reversed_in_window', 'list_10'),
        ('adopters_in_window', 'list_11'),
        ('adopters_approved_in_window', 'list_11'),
        ('dq_rows_loaded', 'submission'),
        ('dq_errors', 'submission'),
        ('dq_warnings', 'submission'),
        ('dq_unmapped_codes', 'submission'),
        ('dq_unparseable_dates', 'submission'),
        ('dq_blank_child_ids', 'submission'),
        ('dq_duplicate_children', 'submission'),
        ('dq_missing_lists', 'submission'),
        ('dq_other_lists_not_supplied', 'submission'),
        ('assessment_working_days', 'list_4'),
        ('icpc_working_days', 'list_5'),
        ('cp_plan_months', 'at_ref'),
        ('placements_12m', 'at_ref'),
        ('missing_episodes_12m', 'list_8'),
        ('age_gender', 'any_list'),
        ('flow', 'by_category')
) as t (indicator, window_key);
