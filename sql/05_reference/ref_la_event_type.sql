-- ref_la_event_type: one row per kind of event in la_events, with what its date means.
-- Rules: docs/methodology/timelines.md LC2 (states), 002 ¶13-24, ¶112-131, ¶224-230,
-- 000 ¶49-67. detail_kind says what `detail` must hold: 'grade' (one of the four grades,
-- 002 ¶96-97), 'plan_response' (002 ¶124-126) or 'text' (free, optional).
-- annexa/services/cycles.py validates entries against this table; the page's form lists it.
create or replace table ref_la_event_type as
select *
from (
    values
        (1, 'judgement', 'Inspection judgement', 'last day of fieldwork', 'grade', false,
         'ILACS ¶13-24, ¶96-97'),
        (2, 'report_received', 'Final report received by the LA', 'date received (the '
         || 'pre-publication version)', 'text', false, 'ILACS ¶224, ¶227; Monitoring handbook ¶7'),
        (3, 'report_published', 'Report published', 'publication date', 'text', false,
         'ILACS ¶224'),
        (4, 'apv_held', 'Action planning visit held', 'date of the visit', 'text', false,
         'ILACS ¶116-123; Monitoring handbook ¶10'),
        (5, 'action_plan_submitted', 'Action plan submitted', 'date submitted', 'text', false,
         'ILACS ¶227; Monitoring handbook ¶19'),
        (6, 'plan_response', 'Ofsted''s response to the action plan', 'date of the letter',
         'plan_response', false, 'ILACS ¶124-126'),
        (7, 'monitoring_visit', 'Monitoring visit held', 'first day on site', 'text', true,
         'ILACS ¶128-131, ¶208'),
        (8, 'focused_visit', 'Focused visit', 'first day on site', 'text', false,
         'ILACS ¶18, ¶21, ¶103'),
        (9, 'jtai', 'Joint targeted area inspection', 'first day on site', 'text', false,
         'ILACS ¶18, ¶21, ¶26'),
        (10, 'reinspection_decided', 'Re-inspection decided (LA told)', 'date the LA was told',
         'text', false, 'Monitoring handbook ¶50; ILACS ¶22'),
        (11, 'reinspection_notified', 'Re-inspection notified', 'notification date', 'text',
         false, 'ILACS ¶22, ¶73'),
        (12, 'reinspection_published', 'Re-inspection report published', 'publication date',
         'grade', false, 'ILACS ¶22-23; Monitoring handbook ¶67'),
        (13, 'commissioner_appointed', 'Children''s services commissioner appointed',
         'date of appointment', 'text', false, 'Monitoring handbook ¶67')
) as t (sort_order, event_type, label, date_means, detail_kind, seq_required, paragraph);
