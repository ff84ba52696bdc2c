-- timelines/cycle_obligations: every obligation of every LA's current cycle on a date (windows
-- and due dates), for the Gantt chart.
-- Grain: one row per LA x obligation (la_cycle_obligations).
-- Parameters: as_at, report_unit ('working' or 'calendar').
-- Rule: docs/methodology/timelines.md LC1-LC2, in la_cycle_obligations. The page keeps the LAs
-- of its status table.
select * from la_cycle_obligations(?, report_unit := ?)
