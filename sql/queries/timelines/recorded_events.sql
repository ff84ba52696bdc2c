-- timelines/recorded_events: every cycle event recorded, with its type's label, by LA and date.
-- Grain: one row per recorded event (la_events).
-- Parameters: none.
-- Rule: docs/methodology/timelines.md LC1. The page keeps the LAs of its status table.
select
    e.la_code,
    e.event_type,
    t.label,
    e.event_date,
    e.seq,
    e.detail,
    e.entered_by,
    e.entered_at
from la_events as e
left join ref_la_event_type as t using (event_type)
order by e.la_code, e.event_date
