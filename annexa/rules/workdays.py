"""Working days in England: Monday to Friday, excluding England's bank holidays.

docs/methodology/timelines.md T2: `add_working_days(d, n)` is the n-th working day strictly after d
(strictly before d when n is negative), so the anchor day is day 0. Bank holidays come from
`holidays.country_holidays("GB", subdiv="ENG")`, which includes the one-off days (2022-06-03
Platinum Jubilee, 2022-09-19 State Funeral, 2023-05-08 Coronation) and the substitute days
("observed", e.g. 2027-12-27/28). Without `subdiv` the package returns only the six UK-wide days
(docs/engineering.md E12), so never call it without.

The same calendar is written to DuckDB as `ref_calendar` (one row per date, with a cumulative
working-day number) so that the SQL macros in sql/05_reference/ give the same answers as this
module; tests/test_workdays.py checks that they agree.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterator
from importlib.metadata import version

import duckdb

FIRST_YEAR = 2000
LAST_YEAR = 2040
FIRST_DAY = dt.date(FIRST_YEAR, 1, 1)
LAST_DAY = dt.date(LAST_YEAR, 12, 31)


class OutsideCalendar(ValueError):
    """A date, or a count of working days from it, falls outside 2000-2040."""


@functools.cache
def bank_holidays() -> dict[dt.date, str]:
    """England's bank holidays that fall on a weekday, 2000-2040, with their names.

    Weekend-dated originals (Christmas Day on a Saturday) are left out: the substitute "(observed)"
    weekday is the holiday, and the weekend day is not a working day anyway.
    """
    import holidays  # here, not at the top: building the list takes ~0.1 s, needed only once

    years = range(FIRST_YEAR, LAST_YEAR + 1)  # explicit years: the lazy lookup would not export
    england = holidays.country_holidays("GB", subdiv="ENG", years=years)
    return {d: name for d, name in sorted(england.items()) if d.weekday() < 5}


@functools.cache
def _working_ordinals() -> list[int]:
    """Every working day in the calendar, as sorted proleptic ordinals (for bisection)."""
    closed = {d.toordinal() for d in bank_holidays()}
    return [
        o for o in range(FIRST_DAY.toordinal(), LAST_DAY.toordinal() + 1)
        if dt.date.fromordinal(o).weekday() < 5 and o not in closed
    ]


def _check(d: dt.date) -> None:
    if isinstance(d, dt.datetime):
        raise TypeError("pass a date, not a datetime")
    if not FIRST_DAY <= d <= LAST_DAY:
        raise OutsideCalendar(f"{d:%d/%m/%Y} is outside the working-day calendar "
                              f"({FIRST_YEAR}-{LAST_YEAR}).")


def holiday_name(d: dt.date) -> str | None:
    """The bank holiday's name if d is one (on a weekday), else None."""
    return bank_holidays().get(d)


def is_working_day(d: dt.date) -> bool:
    _check(d)
    return d.weekday() < 5 and d not in bank_holidays()


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The n-th working day strictly after d (n > 0) or strictly before d (n < 0); d when n == 0.

    d itself may be a weekend or a bank holiday: it is the anchor, never counted.
    """
    _check(d)
    if n == 0:
        return d
    days = _working_ordinals()
    if n > 0:
        index = bisect.bisect_right(days, d.toordinal()) + n - 1
    else:
        index = bisect.bisect_left(days, d.toordinal()) + n
    if not 0 <= index < len(days):
        raise OutsideCalendar(f"{n} working days from {d:%d/%m/%Y} is outside the calendar "
                              f"({FIRST_YEAR}-{LAST_YEAR}).")
    return dt.date.fromordinal(days[index])


def working_day_no(d: dt.date) -> int:
    """How many working days fall on or before d since 1 January 2000 (ref_calendar's column)."""
    _check(d)
    return bisect.bisect_right(_working_ordinals(), d.toordinal())


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days in (a, b] when b is after a; minus the working days in (b, a] when before.

    So `working_days_between(d, add_working_days(d, n)) == n` whenever d is a working day or
    n >= 0, and "working days remaining" from today to a deadline counts the deadline day but
    not today.
    """
    return working_day_no(b) - working_day_no(a)


def working_days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """The working days from start to end inclusive."""
    _check(start)
    _check(end)
    days = _working_ordinals()
    lo = bisect.bisect_left(days, start.toordinal())
    hi = bisect.bisect_right(days, end.toordinal())
    return (dt.date.fromordinal(o) for o in days[lo:hi])


def holidays_between(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """The weekday bank holidays from start to end inclusive, with their names."""
    return [(d, name) for d, name in bank_holidays().items() if start <= d <= end]


# ------------------------------------------------------------------------------------- DuckDB

def calendar_frame():  # -> pandas.DataFrame; pandas stays off the ingest path (issue 14)
    """One row per date 2000-2040: the ref_calendar table as a DataFrame (for tests and export)."""
    con = duckdb.connect()
    try:
        _build_calendar(con)
        return con.execute("select * from ref_calendar order by date").df()
    finally:
        con.close()


def _fingerprint() -> str:
    """Changes when the holiday list can change: another `holidays` release or calendar span.

    Cheap on purpose (no holiday list is built), so an up-to-date database costs ~1 ms per write.
    """
    return f"england working days {FIRST_YEAR}-{LAST_YEAR}; holidays {version('holidays')}; v1"


def _build_calendar(con: duckdb.DuckDBPyConnection) -> None:
    # A temporary table, not a DataFrame: building one would import pandas on every write.
    holidays_by_date = bank_holidays()
    con.execute("create or replace temp table _bank_holiday_frame "
                "(date date, holiday_name varchar)")
    if holidays_by_date:
        rows = ", ".join(["(?, ?)"] * len(holidays_by_date))
        params = [x for pair in holidays_by_date.items() for x in pair]
        con.execute(f"insert into _bank_holiday_frame values {rows}", params)
    try:
        con.execute(
            f"""
            create or replace table ref_calendar as
            with days as (
                select cast(range as date) as date
                from range(date '{FIRST_DAY}', date '{LAST_DAY + dt.timedelta(days=1)}',
                           interval 1 day)
            ),

            flagged as (
                select
                    days.date,
                    isodow(days.date) <= 5 and h.holiday_name is null as is_working_day,
                    cast(h.holiday_name as varchar) as holiday_name
                from days
                left join _bank_holiday_frame as h on cast(h.date as date) = days.date
            )

            select
                date,
                is_working_day,
                cast(sum(case when is_working_day then 1 else 0 end)
                    over (order by date rows unbounded preceding) as integer) as working_day_no,
                holiday_name
            from flagged
            order by date
            """
        ).fetchall()  # drain: DuckDB 2 streams results (docs/engineering.md E8)
    finally:
        con.execute("drop table if exists _bank_holiday_frame")


def create_calendar_table(con: duckdb.DuckDBPyConnection) -> None:
    """Build ref_calendar (date, is_working_day, working_day_no, holiday_name).

    Runs on every write (ingest/reference.py), so it returns at once when the table already holds
    this calendar: the calendar's fingerprint is kept as the table's comment.
    """
    fingerprint = _fingerprint()
    current = con.execute(
        "select comment from duckdb_tables() where table_name = 'ref_calendar' "
        "and schema_name = current_schema()"
    ).fetchall()
    if current and current[0][0] == fingerprint:
        return
    _build_calendar(con)
    con.execute(f"comment on table ref_calendar is '{fingerprint}'").fetchall()
