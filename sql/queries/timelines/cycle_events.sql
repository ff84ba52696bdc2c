-- timelines/cycle_events: the events of each LA's current cycle as at a date: those on or after
-- the judgement that starts it, for the Gantt chart's marks.
-- Grain: one row per LA x event (int_la_cycle_events).
-- Parameters: as_at, as_at again (the same date for both macros).
-- Rule: an LA's latest judgement starts its current cycle (docs/methodology/timelines.md LC2).
-- The page keeps the LAs of its status table.
select e.*
from int_la_cycle_events(?) as e
join int_la_cycle_judgement(?) as j using (la_code)
where e.event_date >= j.judgement_date
