"""Working days in England: the Python module and the ref_calendar SQL macros
(docs/methodology/timelines.md T1)."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annexa.rules import workdays
from annexa.rules.workdays import (
    OutsideCalendar,
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)
from annexa.store import calendar, warehouse

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def con():
    """An in-memory database built exactly as a write builds one (calendar, macros, views)."""
    connection = duckdb.connect()
    warehouse.build(connection)
    yield connection
    connection.close()


# ------------------------------------------------------------------------------ bank holidays

@pytest.mark.parametrize(("day", "working", "name"), [
    # One-off bank holidays (docs/engineering.md E12).
    ("2022-06-03", False, "Platinum Jubilee"),
    ("2022-09-19", False, "State Funeral"),
    ("2023-05-08", False, "Coronation"),
    # The Spring bank holiday moved to Thursday 2 June 2022 for the Jubilee.
    ("2022-06-02", False, "Spring Bank Holiday"),
    ("2022-05-30", True, None),
    # Substitute days when Christmas falls at a weekend.
    ("2027-12-27", False, "Christmas Day (observed)"),
    ("2027-12-28", False, "Boxing Day (observed)"),
    ("2027-12-29", True, None),
    ("2022-12-27", False, "Christmas Day (observed)"),
    # The weekend originals are not working days, and not counted as bank holidays.
    ("2027-12-25", False, None),
    # May Day moved to Friday 8 May 2020 for VE Day.
    ("2020-05-08", False, "May Day"),
    ("2020-05-04", True, None),
    # Easter, and the England-only days (absent without subdiv="ENG").
    ("2024-03-29", False, "Good Friday"),
    ("2024-04-01", False, "Easter Monday"),
    ("2024-08-26", False, "Late Summer Bank Holiday"),
    ("2024-08-27", True, None),
    # The calendar's ends.
    ("2000-01-03", False, "New Year's Day (observed)"),
    ("2040-12-31", True, None),
])
def test_bank_holidays(day, working, name):
    assert is_working_day(D(day)) is working
    found = holiday_name(D(day))
    assert (found is None) if name is None else (name in found)


def test_calendar_covers_2000_to_2040():
    frame = calendar.calendar_frame()
    assert frame["date"].min().date() == dt.date(2000, 1, 1)
    assert frame["date"].max().date() == dt.date(2040, 12, 31)
    assert len(frame) == (dt.date(2040, 12, 31) - dt.date(2000, 1, 1)).days + 1
    assert frame["working_day_no"].iloc[-1] == frame["is_working_day"].sum()


def test_dates_outside_the_calendar_are_refused():
    with pytest.raises(OutsideCalendar):
        is_working_day(dt.date(1999, 12, 31))
    with pytest.raises(OutsideCalendar):
        add_working_days(dt.date(2040, 12, 28), 5)
    with pytest.raises(TypeError):
        is_working_day(dt.datetime(2024, 1, 2))


# ---------------------------------------------------------------------------- arithmetic

@pytest.mark.parametrize(("day", "n", "expected"), [
    # R26 worked cases: five working days before fieldwork (002 ¶73, fn17).
    ("2019-06-03", -5, "2019-05-24"),  # Spring bank holiday Monday 27 May: Friday
    ("2019-04-29", -5, "2019-04-18"),  # Easter: Thursday
    ("2024-04-08", -5, "2024-03-28"),  # Easter: Thursday
    ("2024-06-10", -5, "2024-06-03"),  # an ordinary week: the Monday before
    # Strictly after / strictly before, over one-off and substitute days.
    ("2022-06-01", 1, "2022-06-06"),
    ("2022-09-16", 1, "2022-09-20"),
    ("2023-05-05", 1, "2023-05-09"),
    ("2027-12-24", 1, "2027-12-29"),
    ("2027-12-29", -1, "2027-12-24"),
    # From a non-working anchor: the first working day either side is day 1.
    ("2024-03-30", -1, "2024-03-28"),
    ("2024-03-30", 1, "2024-04-02"),
    ("2019-05-27", -1, "2019-05-24"),
    # n = 0 is the anchor itself, working day or not.
    ("2024-03-30", 0, "2024-03-30"),
    # The 70-working-day action plan (002 ¶227) over Christmas.
    ("2024-11-29", 70, "2025-03-12"),
])
def test_add_working_days(day, n, expected):
    assert add_working_days(D(day), n) == D(expected)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("2019-05-24", "2019-06-03", 5),
    ("2019-06-03", "2019-05-24", -5),
    ("2024-03-28", "2024-03-28", 0),
    ("2024-03-28", "2024-04-01", 0),  # Good Friday, weekend, Easter Monday
    ("2024-03-28", "2024-04-02", 1),
    ("2027-12-24", "2027-12-31", 3),
])
def test_working_days_between(a, b, expected):
    assert working_days_between(D(a), D(b)) == expected


# 400 working days is about 19 months: both ends keep that far inside the 2000-2040 calendar.
days = st.dates(min_value=dt.date(2002, 1, 1), max_value=dt.date(2038, 12, 31))


@given(day=days, n=st.integers(min_value=-400, max_value=400))
@settings(max_examples=400, deadline=None)
def test_add_then_count_round_trips(day, n):
    target = add_working_days(day, n)
    # Counting covers (a, b]: from a non-working anchor going back, the anchor adds nothing.
    expected = n + 1 if n < 0 and not is_working_day(day) else n
    assert working_days_between(day, target) == expected
    if n != 0:
        assert is_working_day(target)
        assert (target > day) == (n > 0)


@given(a=days, b=days)
@settings(max_examples=200, deadline=None)
def test_count_agrees_with_numpy(a, b):
    """B17: numpy's busday_count over [a, b) equals ours over (a, b] shifted by a day."""
    holidays = np.array(list(workdays.bank_holidays()), dtype="datetime64[D]")
    lo, hi = min(a, b), max(a, b)
    expected = int(np.busday_count(lo + dt.timedelta(days=1), hi + dt.timedelta(days=1),
                                   holidays=holidays))
    assert abs(working_days_between(a, b)) == expected


# ---------------------------------------------------------------------- the DuckDB calendar

def test_calendar_table_is_left_alone_when_up_to_date(con):
    calendar.fill(con)  # already filled by the build: nothing to do
    rows = con.execute("select count(*), min(date), max(date) from ref_calendar").fetchall()[0]
    assert rows == (14976, dt.date(2000, 1, 1), dt.date(2040, 12, 31))


def _dates(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def test_calendar_is_written_again_only_when_its_fingerprint_changes(con):
    day = D("2024-12-25")
    con.execute("update ref_calendar set holiday_name = 'marker' where date = ?", [day])
    calendar.fill(con)  # fingerprint current: the table is not rewritten
    assert con.execute("select holiday_name from ref_calendar where date = ?",
                       [day]).fetchall()[0][0] == "marker"
    con.execute("comment on table ref_calendar is 'an older calendar'")
    calendar.fill(con)
    assert con.execute("select holiday_name from ref_calendar where date = ?",
                       [day]).fetchall()[0][0] == "Christmas Day"
    assert con.execute("select count(*) from ref_calendar").fetchall()[0][0] == 14976


def test_fresh_calendar_table_names_one_off_holidays():
    fresh = duckdb.connect()
    warehouse.run_sql_file(fresh, "05_reference/00_tables/ref_calendar.sql")
    calendar.fill(fresh)
    assert fresh.execute("select holiday_name from ref_calendar where date = ?",
                         [D("2023-05-08")]).fetchall()[0][0] == "Coronation of Charles III"


# A range covering Christmas/New Year 2023-24 and Easter 2024, and Christmas 2027 (substitutes).
RANGES = [(D("2023-12-01"), D("2024-05-10")), (D("2027-12-01"), D("2028-01-15")),
          (D("2022-05-25"), D("2022-06-10"))]
OFFSETS = [-70, -35, -25, -10, -5, -3, -2, -1, 0, 1, 2, 3, 5, 10, 25, 30, 35, 70]


@pytest.mark.parametrize(("start", "end"), RANGES)
def test_sql_add_working_days_matches_python(con, start, end):
    rows = con.execute(
        "select d.day, o.n, add_working_days(d.day, o.n) from "
        "(select unnest(?::date[]) as day) as d, (select unnest(?::integer[]) as n) as o",
        [_dates(start, end), OFFSETS]).fetchall()
    assert len(rows) == len(_dates(start, end)) * len(OFFSETS)
    mismatches = [(day, n, got) for day, n, got in rows if got != add_working_days(day, n)]
    assert mismatches == []


@pytest.mark.parametrize(("start", "end"), RANGES)
def test_sql_is_working_day_and_between_match_python(con, start, end):
    dates = _dates(start, end)
    rows = con.execute(
        "select d.day, is_working_day(d.day), working_days_between(?, d.day) "
        "from (select unnest(?::date[]) as day) as d", [start, dates]).fetchall()
    for day, working, between in rows:
        assert working == is_working_day(day), day
        assert between == working_days_between(start, day), day


def test_sql_outside_the_calendar_is_null(con):
    assert con.execute("select add_working_days(date '1999-12-31', 1), "
                       "working_days_between(date '1999-12-31', date '2000-01-10')"
                       ).fetchall() == [(None, None)]


def test_report_days_unit_setting(con):
    """The ¶224 report table's bare days (T17-T20): working by default, calendar on request."""
    got = con.execute("select report_days(date '2024-12-20', 10, 'working'), "
                      "report_days(date '2024-12-20', 10, 'calendar')").fetchall()[0]
    assert got == (add_working_days(D("2024-12-20"), 10), D("2024-12-30"))
