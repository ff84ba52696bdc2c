-- timelines/upcoming_deadlines: what falls due in the next N working days from a date, in one
-- region or in all.
-- Grain: one row per LA x deadline (la_upcoming_deadlines).
-- Parameters: as_at, n_wd (the number of working days ahead), report_unit ('working' or
-- 'calendar'), region, region again (null = every region).
-- Rule: working days as docs/methodology/timelines.md T1-T2; due dates as LC2, in
-- la_upcoming_deadlines. The page filters the rows to the signed-in user's LAs.
select *
from la_upcoming_deadlines(?, n_wd := ?, report_unit := ?)
where ? is null or region = ?
