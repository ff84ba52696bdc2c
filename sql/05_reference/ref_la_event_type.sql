-- ref_la_event_type: one row per kind of event in la_events, with what its date means.
-- Rules: monitoring-and-reinspection.md §2.2 (state machine), 002 ¶13-24, ¶112-131, ¶224-230,
-- 000 ¶49-67. detail_kind says what `detail` must hold: 'grade' (one of the four grades,
-- 002 ¶96-97), 'plan_response' (002 ¶124-126) or 'text' (free, optional).
-- ingest/cycles.py validates entries against this table; the page's form lists it.
create or replace table ref_la_event_type as
select *
from (
    values
        (1, 'judgement', 'Inspection judgement', 'last day of fieldwork', 'grade', false,
         '002 ¶13-24, ¶96-97'),
        (2, 'report_received', 'Final report received by the LA', 'date received (the '
         || 'pre-publication version)', 'text', false, '002 ¶224, ¶227; 000 ¶7'),
        (3, 'report_published', 'Report published', 'publication date', 'text', false,
         '002 ¶224'),
        (4, 'apv_held', 'Action planning visit held', 'date of the visit', 'text', false,
         '002 ¶116-123; 000 ¶10'),
        (5, 'action_plan_submitted', 'Action plan submitted', 'date submitted', 'text', false,
         '002 ¶227; 000 ¶19'),
        (6, 'plan_response', 'Ofsted''s response to the action plan', 'date of the letter',
         'plan_response', false, '002 ¶124-126'),
        (7, 'monitoring_visit', 'Monitoring visit held', 'first day on site', 'text', true,
         '002 ¶128-131, ¶208'),
        (8, 'focused_visit', 'Focused visit', 'first day on site', 'text', false,
         '002 ¶18, ¶21, ¶103'),
        (9, 'jtai', 'Joint targeted area inspection', 'first day on site', 'text', false,
         '002 ¶18, ¶21, ¶26'),
        (10, 'reinspection_decided', 'Re-inspection decided (LA told)', 'date the LA was told',
         'text', false, '000 ¶50; 002 ¶22'),
        (11, 'reinspection_notified', 'Re-inspection notified', 'notification date', 'text',
         false, '002 ¶22, ¶73'),
        (12, 'reinspection_published', 'Re-inspection report published', 'publication date',
         'grade', false, '002 ¶22-23; 000 ¶67'),
        (13, 'commissioner_appointed', 'Children''s services commissioner appointed',
         'date of appointment', 'text', false, '000 ¶67')
) as t (sort_order, event_type, label, date_means, detail_kind, seq_required, paragraph);
