-- Working-day arithmetic over ref_calendar (built by annexa/rules/workdays.py before these files run).
-- Grain: scalar macros. Rule: docs/methodology/timelines.md T1; docs/engineering.md E12. A working
-- day is Monday-Friday and not an England bank holiday. working_day_no counts the working days on
-- or before a date, so on a weekend or holiday it equals the previous working day's number.
-- Dates outside 2000-2040 give null. annexa/rules/workdays.py gives the same answers (tested).

-- is_working_day(day): true or false for a date in the calendar.
create or replace macro is_working_day(day) as
    (select c.is_working_day from ref_calendar as c where c.date = day);

-- working_day_no(day): the cumulative working-day number of a date.
create or replace macro working_day_no(day) as
    (select c.working_day_no from ref_calendar as c where c.date = day);

-- add_working_days(day, n): the n-th working day strictly after day (n > 0), strictly before day
-- (n < 0), or day itself (n = 0). Before a non-working day, the first working day back already
-- has the day's own number, hence the + 1. One self-join, not nested scalar subqueries: about a
-- hundred times faster over a table of dates. Each argument is written once (into `arg`):
-- a macro's argument is pasted wherever it is named, so calls nested three deep (the cycle
-- marts' fieldwork -> fieldwork end -> report) grew eightfold and DuckDB spent 0.2 s binding
-- one Timelines query.
create or replace macro add_working_days(day, n) as (
    select case when arg.n = 0 then arg.day else target.date end
    from (select cast(day as date) as day, n as n) as arg
    left join ref_calendar as anchor on anchor.date = arg.day
    left join ref_calendar as target
        on target.working_day_no = anchor.working_day_no + arg.n
            + case when arg.n < 0 and not anchor.is_working_day then 1 else 0 end
        and target.is_working_day
);

-- working_days_between(a, b): working days in (a, b]; negative when b is before a. So
-- working_days_between(d, add_working_days(d, n)) = n when d is a working day or n >= 0.
create or replace macro working_days_between(a, b) as (
    select cb.working_day_no - ca.working_day_no
    from ref_calendar as ca, ref_calendar as cb
    where ca.date = a and cb.date = b
);

-- report_days(day, n, unit): the ILACS report table's bare "days" (002 ¶224, T17-T20) in the
-- chosen unit: 'working' (default, docs/methodology/timelines.md T4) or 'calendar'.
-- Each argument written once, as in add_working_days.
create or replace macro report_days(day, n, unit) as (
    select
        case when arg.unit = 'calendar' then arg.day + arg.n
            else add_working_days(arg.day, arg.n) end
    from (select cast(day as date) as day, n as n, unit as unit) as arg
);
