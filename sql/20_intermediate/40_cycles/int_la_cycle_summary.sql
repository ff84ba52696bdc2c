-- int_la_cycle_summary(as_at): one row per LA with a judgement: the dates of its current
-- cycle's events (from the latest judgement to as_at), which every due date is counted from.
-- Rules: docs/methodology/timelines.md LC1: the report-received date anchors the
-- APV and the action plan (000 ¶7, ¶10, ¶19; 002 ¶116, ¶227); when only the publication date is
-- known it is used instead and flagged (report_anchor_is_publication).
-- is_tracked: someone entered an event for this cycle, so a missing step is a real gap rather
-- than something nobody recorded.
create or replace macro int_la_cycle_summary(as_at) as table
with judgement as (
    select * from int_la_cycle_judgement(as_at)
),

cycle_events as (
    select e.*
    from int_la_cycle_events(as_at) as e
    inner join judgement as j
        on e.la_code = j.la_code and e.event_date >= j.judgement_date
),

per_la as (
    select
        la_code,
        bool_or(source = 'entered') as is_tracked,
        max(event_date) filter (where event_type = 'report_received') as report_received,
        max(event_date) filter (
            where event_type in ('report_published', 'reinspection_published')
        ) as report_published,
        min(event_date) filter (where event_type = 'apv_held') as apv_held,
        min(event_date) filter (
            where event_type = 'action_plan_submitted'
        ) as action_plan_submitted,
        arg_max(detail, event_date) filter (where event_type = 'plan_response') as plan_response,
        count(*) filter (where event_type = 'monitoring_visit') as monitoring_visits,
        min(event_date) filter (
            where event_type = 'monitoring_visit'
        ) as first_monitoring_visit,
        max(event_date) filter (where event_type = 'monitoring_visit') as last_monitoring_visit,
        max(seq) filter (where event_type = 'monitoring_visit') as last_monitoring_visit_no,
        count(*) filter (
            where event_type = 'monitoring_visit'
                and event_date > cast(as_at - interval 12 month as date)
        ) as monitoring_visits_12m,
        count(*) filter (where event_type in ('focused_visit', 'jtai')) as focused_visits,
        max(event_date) filter (
            where event_type = 'reinspection_decided'
        ) as reinspection_decided,
        max(event_date) filter (
            where event_type = 'reinspection_notified'
        ) as reinspection_notified,
        min(event_date) filter (
            where event_type = 'commissioner_appointed'
        ) as commissioner_appointed,
        arg_max(event_type, event_date) as last_event_type,
        max(event_date) as last_event_date
    from cycle_events
    group by la_code
),

anchored as (
    select
        j.*,
        p.* exclude (la_code),
        coalesce(p.report_received, p.report_published) as report_anchor,
        p.report_received is null and p.report_published is not null
            as report_anchor_is_publication
    from judgement as j
    left join per_la as p on p.la_code = j.la_code
),

final as (
    select
        *,
        add_working_days(report_anchor, milestone_offset('apv', 'action_plan'))
            as action_plan_deadline,
        -- How far the recorded events go (docs/methodology/timelines.md LC2 order): a later
        -- step implies the earlier ones happened even when their dates were not entered.
        greatest(
            case when report_anchor is not null then 1 else 0 end,
            case when apv_held is not null then 2 else 0 end,
            case when action_plan_submitted is not null then 3 else 0 end,
            case when monitoring_visits > 0 then 4 else 0 end,
            case when reinspection_decided is not null then 5 else 0 end,
            case when reinspection_notified is not null then 6 else 0 end
        ) as reached_stage
    from anchored
)

select * from final;
