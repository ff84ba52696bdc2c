-- la_cycle_obligations(as_at, report_unit, mv_gap_months): one row per LA per obligation of its
-- current cycle: what is due, by whom, the window, whether and when it was done, and its status.
-- Rules (2018 framework first, docs/methodology/timelines.md T3; the R- and M-numbers are anchors
-- of docs/methodology/timelines.md):
-- - final report to the LA and publication: 18 and 21 days after fieldwork (002 ¶224, R32,
--   T19-T20); the unit is a setting, working days by default.
-- - action plan: 70 working days after the report is received (002 ¶227, R33; 000 ¶19).
-- - pathway 1-2: next short or standard inspection 3 years +/- 6 months after the last one
--   (002 ¶13, ¶17, ¶20, R39), counted from the last day of fieldwork.
-- - pathway 3: APV 25-35 working days after the report (000 ¶10; "about 30", 002 ¶116, R36);
--   first monitoring visit within 3 months of the plan deadline (002 ¶128, R37; not the
--   handbook's four weeks, 000 ¶23); then quarterly, 3-4 a year (002 ¶128): next visit 3 months
--   after the last, overdue after mv_gap_months (default 4); letters published 16 days after a
--   visit except the first (002 ¶224, ¶208, fn28); re-inspection within two years of the plan
--   (000 ¶49, M17; the plan deadline when the submission is not recorded).
-- stage orders the steps (docs/methodology/timelines.md LC2): a step is 'done (date not entered)'
-- when a later step's event was entered. Status: done, done late, done early (before its window),
-- open, overdue, 'not recorded' (past due in a cycle nobody has entered events for), past
-- (informational milestones). The next
-- inspection is overdue even then: it would show as a newer judgement in the judgements file.
create or replace macro la_cycle_obligations(as_at, report_unit := 'working', mv_gap_months := 4)
as table
with cycle as (
    select * from int_la_cycle_summary(as_at)
),

obligations as (
    select
        la_code,
        1 as sort_order,
        1 as stage,
        'final_report' as obligation,
        'Final report sent to the LA' as label,
        'Ofsted' as party,
        cast(null as date) as window_start,
        report_days(judgement_date, milestone_offset('standard', 'report_final'), report_unit)
            as due_date,
        report_anchor as done_date,
        'amber' as overdue_rag,
        'none' as late_rag,
        'R32' as rule,
        'ILACS ¶224 (T19)' as paragraph
    from cycle
    where pathway is not null and judgement_source <> 'reinspection published'

    union all

    select
        la_code,
        2,
        1,
        'report_published',
        'Report published',
        'Ofsted',
        null,
        report_days(judgement_date, milestone_offset('standard', 'report_published'), report_unit),
        report_published,
        'none',
        'none',
        'R32',
        'ILACS ¶224 (T20)'
    from cycle
    where pathway is not null and judgement_source <> 'reinspection published'

    union all

    select
        la_code,
        3,
        2,
        'apv',
        'Action planning visit',
        'Ofsted and LA',
        add_working_days(report_anchor, milestone_offset('apv', 'apv_window_opens')),
        add_working_days(report_anchor, milestone_offset('apv', 'apv_window_closes')),
        apv_held,
        'red',
        'amber',
        'R36, M2',
        'ILACS ¶116; Monitoring handbook ¶10'
    from cycle
    where pathway = 3 and report_anchor is not null

    union all

    select
        la_code,
        4,
        3,
        'action_plan',
        'Action plan submitted',
        'LA',
        null,
        action_plan_deadline,
        action_plan_submitted,
        'red',
        'amber',
        'R33',
        'ILACS ¶227'
    from cycle
    where pathway is not null and report_anchor is not null

    union all

    select
        la_code,
        5,
        4,
        'first_monitoring_visit',
        'First monitoring visit',
        'Ofsted',
        null,
        cast(action_plan_deadline + to_months(milestone_offset('apv', 'first_monitoring_visit'))
            as date),
        first_monitoring_visit,
        'red',
        'amber',
        'R37',
        'ILACS ¶128'
    from cycle
    where pathway = 3 and report_anchor is not null

    union all

    select
        la_code,
        6,
        99,
        'next_monitoring_visit',
        'Monitoring visit ' || (monitoring_visits + 1),
        'Ofsted',
        cast(last_monitoring_visit + to_months(3) as date),
        cast(last_monitoring_visit + to_months(mv_gap_months) as date),
        null,
        'amber',
        'none',
        'R37',
        'ILACS ¶128'
    from cycle
    where pathway = 3
        and monitoring_visits > 0
        and reinspection_decided is null
        and reinspection_notified is null

    union all

    select
        la_code,
        7,
        99,
        'monitoring_letter',
        'Monitoring visit ' || coalesce(last_monitoring_visit_no, monitoring_visits)
        || ' letter published',
        'Ofsted',
        null,
        report_days(
            add_working_days(last_monitoring_visit,
                milestone_offset('monitoring', 'fieldwork_end')),
            milestone_offset('monitoring', 'report_published'), report_unit),
        null,
        'none',
        'none',
        'R32, R38',
        'ILACS ¶224, ¶208, fn28'
    from cycle
    where pathway = 3 and coalesce(last_monitoring_visit_no, monitoring_visits) >= 2

    union all

    select
        la_code,
        8,
        6,
        'reinspection',
        'Re-inspection (latest)',
        'Ofsted',
        null,
        cast(coalesce(action_plan_submitted, action_plan_deadline) + to_months(24) as date),
        reinspection_notified,
        'red',
        'amber',
        'M17',
        'Monitoring handbook ¶49; ILACS ¶22'
    from cycle
    where pathway = 3 and report_anchor is not null

    union all

    select
        la_code,
        9,
        99,
        'reinspection_report',
        'Re-inspection report published',
        'Ofsted',
        null,
        report_days(
            add_working_days(
                add_working_days(reinspection_notified,
                    milestone_offset('reinspection', 'fieldwork')),
                milestone_offset('reinspection', 'fieldwork_end')),
            milestone_offset('reinspection', 'report_published'), report_unit),
        null,
        'amber',
        'none',
        'R26, R28, R32',
        'ILACS ¶22, ¶52, ¶224'
    from cycle
    where pathway = 3 and reinspection_notified is not null

    union all

    select
        la_code,
        10,
        99,
        'next_inspection',
        case pathway when 1 then 'Short inspection' else 'Standard inspection' end,
        'Ofsted',
        cast(judgement_date + to_months(30) as date),
        cast(judgement_date + to_months(42) as date),
        null,
        'amber',
        'none',
        'R39',
        case pathway when 1 then 'ILACS ¶13, ¶17' else 'ILACS ¶13, ¶20' end
    from cycle
    where pathway in (1, 2)
),

final as (
    select
        o.*,
        c.is_tracked,
        case
            when o.done_date is not null and o.done_date > o.due_date then 'done late'
            when o.done_date is not null and o.done_date < o.window_start then 'done early'
            when o.done_date is not null then 'done'
            when c.reached_stage > o.stage then 'done (date not entered)'
            when o.due_date >= as_at then 'open'
            when o.overdue_rag = 'none' then 'past'
            when c.is_tracked or o.obligation = 'next_inspection' then 'overdue'
            else 'not recorded'
        end as status,
        working_days_between(as_at, o.due_date) as working_days_remaining
    from obligations as o
    inner join cycle as c on c.la_code = o.la_code
)

select * from final
order by la_code, sort_order;
