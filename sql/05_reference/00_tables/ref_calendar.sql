-- ref_calendar: England's working-day calendar, 2000-2040.
-- Grain: one row per date. Rule: docs/methodology/timelines.md T1-T2. A working day is Monday to
-- Friday and not an England bank holiday; working_day_no counts the working days on or before
-- the date. Materialised: a table declared here and filled by annexa/rules/workdays.py, the one
-- home of the rule (which days are working comes from the `holidays` package there), on the
-- first write and whenever that package's release changes. The macros in
-- ../working_day_macros.sql read it.
create table if not exists ref_calendar (
    date date,
    is_working_day boolean,
    working_day_no integer,
    holiday_name varchar
);
