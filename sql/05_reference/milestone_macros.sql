-- milestone_offset(visit_type, milestone): a milestone's offset from its anchor, as the visit
-- planner's rules state it: milestone_offset('apv', 'action_plan') = 70 (working days after the
-- report is received). Null for a milestone the visit type does not have.
-- GENERATED from annexa/rules/milestones.py (RULES) by `python -m annexa.rules.milestones`: edit
-- the rules there, then regenerate; tests/test_milestones.py fails while this is stale.
-- Grain: scalar macro. Rule: docs/methodology/timelines.md (R26-R43, M2): every milestone is its
-- anchor plus an offset in working days, the report table's days (T4, T17-T20) or months.
create or replace macro milestone_offset(visit_type, milestone) as
    case visit_type || '/' || milestone
        when 'apv/action_plan' then 70
        when 'apv/agenda' then -5
        when 'apv/apv' then 0
        when 'apv/apv_preparation' then -1
        when 'apv/apv_target' then 30
        when 'apv/apv_window_closes' then 35
        when 'apv/apv_window_opens' then 25
        when 'apv/first_monitoring_visit' then 3
        when 'apv/report_received' then 0
        when 'focused/action_plan' then 70
        when 'focused/audit_information' then 1
        when 'focused/case_information' then 2
        when 'focused/child_level_lists' then 1
        when 'focused/draft_action_plan' then 20
        when 'focused/factual_accuracy' then 2
        when 'focused/fieldwork' then 5
        when 'focused/fieldwork_end' then 1
        when 'focused/lead_offsite' then -1
        when 'focused/management_information' then 1
        when 'focused/notification' then 0
        when 'focused/offsite_evaluation' then 2
        when 'focused/offsite_monday' then 4
        when 'focused/report_draft' then 5
        when 'focused/report_final' then 14
        when 'focused/report_published' then 16
        when 'focused/set_up_call' then 0
        when 'monitoring/audit_information' then 1
        when 'monitoring/audited_cases' then 7
        when 'monitoring/audited_cases_named' then 2
        when 'monitoring/case_information' then 7
        when 'monitoring/child_level_lists' then 1
        when 'monitoring/factual_accuracy' then 2
        when 'monitoring/fieldwork' then 1
        when 'monitoring/fieldwork_end' then 1
        when 'monitoring/fieldwork_start' then 10
        when 'monitoring/management_information' then 7
        when 'monitoring/notification' then 0
        when 'monitoring/offsite_evaluation' then 8
        when 'monitoring/report_draft' then 5
        when 'monitoring/report_final' then 14
        when 'monitoring/report_published' then 16
        when 'reinspection/action_plan' then 70
        when 'reinspection/audit_information' then 1
        when 'reinspection/case_information' then 3
        when 'reinspection/child_level_lists' then 1
        when 'reinspection/extended_team_meeting' then 8
        when 'reinspection/factual_accuracy' then 3
        when 'reinspection/fieldwork' then 5
        when 'reinspection/fieldwork_end' then 9
        when 'reinspection/management_information' then 2
        when 'reinspection/notification' then 0
        when 'reinspection/offsite_evaluation' then 3
        when 'reinspection/report_draft' then 10
        when 'reinspection/report_final' then 18
        when 'reinspection/report_published' then 21
        when 'reinspection/schools_inspector' then 1
        when 'reinspection/set_up_call' then 0
        when 'reinspection/week1_offsite' then 4
        when 'short/action_plan' then 70
        when 'short/audit_information' then 1
        when 'short/case_information' then 3
        when 'short/child_level_lists' then 1
        when 'short/extended_team_meeting' then 3
        when 'short/factual_accuracy' then 3
        when 'short/fieldwork' then 5
        when 'short/fieldwork_end' then 4
        when 'short/management_information' then 2
        when 'short/notification' then 0
        when 'short/offsite_evaluation' then 3
        when 'short/report_draft' then 10
        when 'short/report_final' then 18
        when 'short/report_published' then 21
        when 'short/schools_inspector' then 1
        when 'short/set_up_call' then 0
        when 'standard/action_plan' then 70
        when 'standard/audit_information' then 1
        when 'standard/case_information' then 3
        when 'standard/child_level_lists' then 1
        when 'standard/extended_team_meeting' then 8
        when 'standard/factual_accuracy' then 3
        when 'standard/fieldwork' then 5
        when 'standard/fieldwork_end' then 9
        when 'standard/management_information' then 2
        when 'standard/notification' then 0
        when 'standard/offsite_evaluation' then 3
        when 'standard/report_draft' then 10
        when 'standard/report_final' then 18
        when 'standard/report_published' then 21
        when 'standard/schools_inspector' then 1
        when 'standard/set_up_call' then 0
        when 'standard/week1_offsite' then 4
    end;
