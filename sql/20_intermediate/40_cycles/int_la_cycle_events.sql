-- int_la_cycle_events(as_at): one row per cycle event on or before as_at, for every LA: the
-- events users entered (la_events) plus those the published judgements file implies.
-- Rules: docs/methodology/timelines.md LC1 (store events; derive states); 002 ¶22-23 (the
-- re-inspection's grade puts the LA on its next pathway).
-- - Each ref_ilacs_judgements row is a 'judgement' dated by the last day of fieldwork (by the
--   publication date when the file has no inspection dates) and a 'report_published'.
-- - A graded 'reinspection_published' whose judgement was not entered on its own (no
--   'judgement' between the re-inspection's notification and its publication) is also the
--   judgement, dated by its publication, so the next cycle starts there.
create or replace macro int_la_cycle_events(as_at) as table
with entered as (
    select
        la_code,
        event_type,
        event_date,
        seq,
        detail,
        'entered' as source
    from la_events
    where event_date <= as_at
),

from_judgements_file as (
    select
        la_code,
        'judgement' as event_type,
        coalesce(inspection_end_date, publication_date) as event_date,
        cast(null as integer) as seq,
        overall_grade as detail,
        'judgements file' as source
    from ref_ilacs_judgements
    where coalesce(inspection_end_date, publication_date) <= as_at

    union all

    select
        la_code,
        'report_published' as event_type,
        publication_date as event_date,
        cast(null as integer) as seq,
        cast(null as varchar) as detail,
        'judgements file' as source
    from ref_ilacs_judgements
    where publication_date <= as_at
),

reinspection_judgement as (
    select
        r.la_code,
        'judgement' as event_type,
        r.event_date,
        cast(null as integer) as seq,
        r.detail,
        'reinspection published' as source
    from entered as r
    where r.event_type = 'reinspection_published'
        and r.detail is not null
        and not exists (
            select 1
            from entered as j
            where j.la_code = r.la_code
                and j.event_type = 'judgement'
                and j.event_date <= r.event_date
                and j.event_date >= coalesce((
                    select max(n.event_date)
                    from entered as n
                    where n.la_code = r.la_code
                        and n.event_type = 'reinspection_notified'
                        and n.event_date <= r.event_date
                ), r.event_date)
        )
)

select * from entered
union all
select * from from_judgements_file
union all
select * from reinspection_judgement;
