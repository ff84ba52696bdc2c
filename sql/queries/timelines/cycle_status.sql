-- timelines/cycle_status: where each LA stands in its inspection cycle on a date, in one region
-- or in all, with its next due date and RAG.
-- Grain: one row per LA (la_cycle_status).
-- Parameters: as_at (the date everything is worked out for), report_unit ('working' or
-- 'calendar'), region, region again (null = every region; else a region code or a region as
-- loaded, int_la_directory.region).
-- Rule: docs/methodology/timelines.md LC1-LC2 and M36, in la_cycle_status. The page filters the
-- rows to the signed-in user's LAs.
select *
from la_cycle_status(?, report_unit := ?)
where ? is null or region = ?
