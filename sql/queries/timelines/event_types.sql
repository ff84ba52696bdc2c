-- timelines/event_types: the cycle event types, with what each one's date means, for the form
-- that records an event.
-- Grain: one row per event type, in the form's order.
-- Parameters: none.
-- Rule: ref_la_event_type (docs/methodology/timelines.md LC1).
select * from ref_la_event_type order by sort_order
