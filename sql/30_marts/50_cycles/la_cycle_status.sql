-- la_cycle_status(as_at, report_unit, mv_gap_months, amber_wd): one row per LA known to the
-- database with a published judgement, an entered event or a loaded Annex A (int_la_directory):
-- where it stands in its cycle on as_at. An LA with no judgement is listed, grey, so that one
-- loaded only from its Annex A is still seen in its region; one only in the LA lookup (an
-- abolished LA such as Cumbria) is not.
-- region: int_la_directory.region, the Ofsted region code, else the region the LA was loaded
-- with (the Timelines page filters on it).
-- Rules: pathway from the latest grade (002 ¶13, ¶17-23, R40). States and guards:
-- docs/methodology/timelines.md LC2, with the 2018 framework's timings
-- (docs/methodology/timelines.md T3).
-- - state_basis 'events': the state follows the entered events (LC2 transitions).
--   'dates': nobody entered events for this cycle, so the state is the one the dates imply
--   (expected, not known) and past steps are 'not recorded' rather than overdue.
-- - next due: the earliest open or overdue obligation (la_cycle_obligations);
--   working_days_remaining counts to it from as_at (negative when overdue).
-- - RAG (docs/methodology/timelines.md M36): grey when there is no grade, or nothing open and no
--   events entered (nothing to judge from); red when a hard deadline is overdue; amber when
--   something is due within amber_wd working days, a soft target is missed (next monitoring visit,
--   inspection window), the most recent step was late or outside its window, more than two focused
--   visits since the inspection (002 ¶21, R41) or fewer than three monitoring visits in the last
--   year of monitoring (002 ¶128, R37); else green.
create or replace macro la_cycle_status(
    as_at, report_unit := 'working', mv_gap_months := 4, amber_wd := 5
) as table
with cycle as (
    select * from int_la_cycle_summary(as_at)
),

obligations as (
    select *
    from la_cycle_obligations(as_at, report_unit := report_unit, mv_gap_months := mv_gap_months)
),

next_due as (
    select
        la_code,
        arg_min(label, (due_date, sort_order)) as next_due_label,
        arg_min(party, (due_date, sort_order)) as next_due_party,
        min(due_date) as next_due_date
    from obligations
    where status in ('open', 'overdue')
    group by la_code
),

latest_done as (
    select
        la_code,
        arg_max(status, (done_date, sort_order)) as status,
        arg_max(label, (done_date, sort_order)) as label
    from obligations
    where done_date is not null and late_rag = 'amber'
    group by la_code
),

obligation_rag as (
    select
        la_code,
        string_agg(label || ' overdue (due ' || strftime(due_date, '%d/%m/%Y') || ')', '; '
                   order by due_date) filter (
            where status = 'overdue' and overdue_rag = 'red'
        ) as red_reasons,
        string_agg(
            case
                when status = 'overdue' then label || ' overdue (due '
                    || strftime(due_date, '%d/%m/%Y') || ')'
                else label || ' due in ' || working_days_remaining || ' working days'
            end, '; ' order by due_date
        ) filter (
            where (status = 'overdue' and overdue_rag = 'amber')
                or (status = 'open' and working_days_remaining <= amber_wd)
        ) as amber_reasons
    from obligations
    group by la_code
),

stated as (
    select
        c.*,
        case
            when c.pathway is null then 'NO_GRADE'
            when c.pathway in (1, 2) and c.report_anchor is null then 'AWAITING_REPORT'
            when c.pathway in (1, 2) and as_at < cast(c.judgement_date + to_months(30) as date)
                then 'AWAITING_INSPECTION'
            when c.pathway in (1, 2) and as_at <= cast(c.judgement_date + to_months(42) as date)
                then 'INSPECTION_WINDOW_OPEN'
            when c.pathway in (1, 2) then 'INSPECTION_OVERDUE'
            when c.is_tracked then
                case
                    when c.reinspection_notified is not null then 'REINSPECTION_IN_PROGRESS'
                    when c.reinspection_decided is not null then 'REINSPECTION_PENDING'
                    when c.monitoring_visits > 0 then 'MONITORING'
                    when c.action_plan_submitted is not null
                        and c.plan_response = 'does not reflect' then 'PLAN_DISPUTED'
                    when c.action_plan_submitted is not null
                        and c.plan_response is not null then 'AWAITING_FIRST_MV'
                    when c.action_plan_submitted is not null then 'PLAN_UNDER_REVIEW'
                    when c.apv_held is not null then 'AWAITING_ACTION_PLAN'
                    when c.report_anchor is not null then 'AWAITING_APV'
                    else 'PROVISIONAL_INADEQUATE'
                end
            when c.report_anchor is null then 'PROVISIONAL_INADEQUATE'
            when as_at <= add_working_days(c.report_anchor,
                milestone_offset('apv', 'apv_window_closes')) then 'AWAITING_APV'
            when as_at <= c.action_plan_deadline then 'AWAITING_ACTION_PLAN'
            when as_at <= cast(c.action_plan_deadline + to_months(3) as date)
                then 'AWAITING_FIRST_MV'
            else 'MONITORING'
        end as state
    from cycle as c
),

flagged as (
    select
        s.*,
        list_filter([
            case when s.commissioner_appointed is not null then 'commissioner appointed '
                || strftime(s.commissioner_appointed, '%d/%m/%Y') || ' (Monitoring handbook ¶67)' end,
            case when s.plan_response = 'does not reflect'
                then 'action plan does not reflect the findings (ILACS ¶125)' end,
            case when s.plan_response = 'referred to DfE'
                then 'action plan referred to the DfE (ILACS ¶126)' end,
            case when s.report_anchor_is_publication and (s.is_tracked or s.pathway = 3)
                then 'report-received date not entered: counted from publication' end,
            case when s.is_dated_by_publication
                then 'judgement dated by its publication (no inspection dates)' end,
            case when s.pathway = 3 and not s.is_tracked
                then 'no events entered: state expected from dates; past steps not recorded' end,
            case when s.pathway in (1, 2) and s.focused_visits > 2
                then s.focused_visits || ' focused visits or JTAIs since the inspection '
                    || '(ILACS ¶21: up to two)' end,
            case when s.monitoring_visits > 6
                then s.monitoring_visits || ' monitoring visits (ILACS ¶22: usually 4-6)' end,
            case when s.reinspection_decided is not null and s.monitoring_visits < 4
                then 're-inspection decided after ' || s.monitoring_visits
                    || ' monitoring visits: earlier than usual (Monitoring handbook ¶49)' end,
            case when s.pathway = 3 and s.reinspection_decided is null
                    and s.first_monitoring_visit <= cast(as_at - interval 12 month as date)
                    and s.monitoring_visits_12m < 3
                then s.monitoring_visits_12m || ' monitoring visits in the last 12 months '
                    || '(ILACS ¶128: three or four a year)' end
        ], lambda x: x is not null) as flags,
        (s.pathway in (1, 2) and s.focused_visits > 2)
        or (s.pathway = 3 and s.reinspection_decided is null
            and s.first_monitoring_visit <= cast(as_at - interval 12 month as date)
            and s.monitoring_visits_12m < 3) as has_amber_flag
    from stated as s
),

state_names as (
    select *
    from (
        values
            ('NO_GRADE', 'No grade to plan from', 0),
            ('AWAITING_REPORT', 'Awaiting the inspection report', 1),
            ('AWAITING_INSPECTION', 'Awaiting next inspection', 2),
            ('INSPECTION_WINDOW_OPEN', 'Inspection window open', 3),
            ('INSPECTION_OVERDUE', 'Inspection window passed', 4),
            ('PROVISIONAL_INADEQUATE', 'Judged inadequate: awaiting the report', 10),
            ('AWAITING_APV', 'Awaiting the action planning visit', 11),
            ('AWAITING_ACTION_PLAN', 'Awaiting the action plan', 12),
            ('PLAN_UNDER_REVIEW', 'Action plan under review', 13),
            ('PLAN_DISPUTED', 'Action plan disputed', 14),
            ('AWAITING_FIRST_MV', 'Awaiting the first monitoring visit', 15),
            ('MONITORING', 'Monitoring', 16),
            ('REINSPECTION_PENDING', 'Re-inspection decided', 17),
            ('REINSPECTION_IN_PROGRESS', 'Re-inspection under way', 18)
    ) as t (state, state_label, state_order)
),

final as (
    select
        d.la_code,
        d.la_name,
        d.region_code,
        d.region_name,
        d.region,
        g.overall_grade,
        g.judgement_date,
        g.judgement_source,
        g.pathway,
        case g.pathway
            when 1 then 'Pathway 1: short inspection next'
            when 2 then 'Pathway 2: standard inspection next'
            when 3 then 'Pathway 3: monitoring, then re-inspection'
        end as pathway_label,
        coalesce(g.state, 'NO_JUDGEMENT') as state,
        case
            when g.la_code is null then 'No judgement'
            when g.pathway = 3 and g.state = 'MONITORING' and g.is_tracked
                then 'Monitoring (' || g.monitoring_visits || ' visit'
                    || case when g.monitoring_visits = 1 then ')' else 's)' end
            else n_state.state_label
        end
        || case when g.pathway = 3 and not g.is_tracked then ' (expected)' else '' end
            as state_label,
        case when g.is_tracked then 'events' when g.la_code is not null then 'dates' end
            as state_basis,
        n.next_due_label,
        n.next_due_party,
        n.next_due_date,
        working_days_between(as_at, n.next_due_date) as working_days_remaining,
        case
            when g.pathway is null then 'grey'
            when not g.is_tracked and n.next_due_date is null then 'grey'
            when r.red_reasons is not null then 'red'
            when r.amber_reasons is not null
                or g.has_amber_flag
                or ld.status in ('done late', 'done early') then 'amber'
            else 'green'
        end as rag,
        case
            when g.la_code is null then 'No judgement: import the judgements or enter one'
            when g.pathway is null then 'Overall grade missing: enter the judgement'
            when not g.is_tracked and n.next_due_date is null
                then 'Nothing recorded since the judgement: enter the cycle''s events'
            else coalesce(
                r.red_reasons,
                r.amber_reasons,
                case when ld.status in ('done late', 'done early')
                    then ld.label || ': ' || ld.status end,
                case when g.has_amber_flag then g.flags[-1] end,
                'On track'
            )
        end as rag_reason,
        coalesce(g.flags, []) as flags,
        g.is_tracked,
        g.monitoring_visits,
        g.focused_visits,
        g.report_anchor,
        g.action_plan_deadline,
        g.last_event_type,
        g.last_event_date
    from int_la_directory as d
    left join flagged as g on g.la_code = d.la_code
    left join next_due as n on n.la_code = d.la_code
    left join latest_done as ld on ld.la_code = d.la_code
    left join obligation_rag as r on r.la_code = d.la_code
    left join state_names as n_state on n_state.state = g.state
    where d.has_published_judgement or d.has_events or d.has_submission
)

select * from final
order by next_due_date nulls last, la_code;
