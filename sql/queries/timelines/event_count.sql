-- timelines/event_count: how many cycle events were recorded, to say whether any deadline can
-- fall due yet (deadlines count from a judgement or an entered event).
-- Grain: one row, one count.
-- Parameters: none.
-- Rule: docs/methodology/timelines.md LC1 (events are recorded; due dates are derived).
select count(*) from la_events
