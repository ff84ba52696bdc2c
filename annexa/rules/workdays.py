"""Working days in England: Monday to Friday, excluding England's bank holidays.

docs/methodology/timelines.md T2: `add_working_days(d, n)` is the n-th working day strictly after d
(strictly before d when n is negative), so the anchor day is day 0. Bank holidays come from
`holidays.country_holidays("GB", subdiv="ENG")`, which includes the one-off days (2022-06-03
Platinum Jubilee, 2022-09-19 State Funeral, 2023-05-08 Coronation) and the substitute days
("observed", e.g. 2027-12-27/28). Without `subdiv` the package returns only the six UK-wide days
(docs/engineering.md E12), so never call it without.

This module is the one home of the rule. Its calendar is written to DuckDB as `ref_calendar`
(one row per date, with the cumulative working-day number: calendar_rows, written by
annexa/store/calendar.py), and the SQL macros in sql/05_reference/working_day_macros.sql only look
dates up in it; tests/test_workdays.py checks that the two sides give the same answers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterator
from importlib.metadata import version

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


# ------------------------------------------------------------------ the calendar as a table

def calendar_rows() -> Iterator[tuple[dt.date, bool, int, str | None]]:
    """(date, is_working_day, working_day_no, holiday_name) for every date 2000-2040: the rows
    of ref_calendar (annexa/store/calendar.py writes them), so that the SQL macros read this
    module's calendar rather than a second definition of a working day."""
    closed = bank_holidays()
    number = 0
    day = FIRST_DAY
    while day <= LAST_DAY:
        working = day.weekday() < 5 and day not in closed
        number += working
        yield day, working, number, closed.get(day)
        day += dt.timedelta(days=1)


def calendar_fingerprint() -> str:
    """Changes when the calendar can change: another `holidays` release or calendar span.

    Cheap on purpose (no holiday list is built), so an up-to-date database costs ~1 ms per write.
    """
    return f"england working days {FIRST_YEAR}-{LAST_YEAR}; holidays {version('holidays')}; v2"
