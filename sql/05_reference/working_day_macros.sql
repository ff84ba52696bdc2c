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
-- hundred times faster over a table of dates.
create or replace macro add_working_days(day, n) as
    case
        when n = 0 then cast(day as date)
        else (
            select target.date
            from ref_calendar as anchor
            inner join ref_calendar as target
                on target.working_day_no = anchor.working_day_no + n
                    + case when n < 0 and not anchor.is_working_day then 1 else 0 end
                and target.is_working_day
            where anchor.date = day
        )
    end;

-- working_days_between(a, b): working days in (a, b]; negative when b is before a. So
-- working_days_between(d, add_working_days(d, n)) = n when d is a working day or n >= 0.
create or replace macro working_days_between(a, b) as (
    select cb.working_day_no - ca.working_day_no
    from ref_calendar as ca, ref_calendar as cb
    where ca.date = a and cb.date = b
);

-- report_days(day, n, unit): the ILACS report table's bare "days" (002 ¶224, T17-T20) in the
-- chosen unit: 'working' (default, docs/methodology/timelines.md T4) or 'calendar'.
create or replace macro report_days(day, n, unit) as
    case when unit = 'calendar' then cast(day as date) + n else add_working_days(day, n) end;
