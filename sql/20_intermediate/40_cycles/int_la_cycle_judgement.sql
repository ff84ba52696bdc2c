-- int_la_cycle_judgement(as_at): one row per LA with a judgement on or before as_at: the latest
-- one, which starts the LA's current cycle, and the pathway it puts the LA on.
-- Rules: 002 ¶13 and ¶17-23 (R40): good or outstanding -> pathway 1 (short inspection next);
-- requires improvement -> pathway 2 (standard inspection next); inadequate -> pathway 3
-- (monitoring visits, then a standard re-inspection). A missing grade gives no pathway.
-- Ties on the date prefer an entered judgement over the judgements file.
create or replace macro int_la_cycle_judgement(as_at) as table
with judgements as (
    select
        la_code,
        event_date,
        detail,
        source,
        row_number() over (
            partition by la_code
            order by
                event_date desc,
                case source when 'entered' then 0 when 'reinspection published' then 1 else 2 end
        ) as recency
    from int_la_cycle_events(as_at)
    where event_type = 'judgement'
),

final as (
    select
        j.la_code,
        j.event_date as judgement_date,
        j.detail as overall_grade,
        j.source as judgement_source,
        case when j.source = 'judgements file' then f.inspection_type end as inspection_type,
        (j.source = 'judgements file' and f.inspection_end_date is null)
            or j.source = 'reinspection published' as is_dated_by_publication,
        case j.detail
            when 'outstanding' then 1
            when 'good' then 1
            when 'requires improvement' then 2
            when 'inadequate' then 3
        end as pathway
    from judgements as j
    left join ref_ilacs_judgements as f on f.la_code = j.la_code
    where j.recency = 1
)

select * from final;
