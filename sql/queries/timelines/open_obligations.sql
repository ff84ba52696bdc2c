-- timelines/open_obligations: the obligations still open or overdue on a date, soonest due
-- first.
-- Grain: one row per LA x open or overdue obligation (la_cycle_obligations).
-- Parameters: as_at, report_unit ('working' or 'calendar').
-- Rule: docs/methodology/timelines.md LC2 and M36, in la_cycle_obligations. The page keeps the
-- LAs of its status table.
select *
from la_cycle_obligations(?, report_unit := ?)
where status in ('open', 'overdue')
order by due_date, la_code
