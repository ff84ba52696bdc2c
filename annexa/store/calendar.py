"""Writes ref_calendar (declared by sql/05_reference/00_tables/ref_calendar.sql) from the
working-day rule in annexa/rules/workdays.py, so that SQL and Python read one calendar."""

from __future__ import annotations

import duckdb

from annexa.rules.workdays import calendar_fingerprint, calendar_rows
from annexa.store.warehouse import insert_rows, run

COLUMNS = ["date", "is_working_day", "working_day_no", "holiday_name"]


def fill(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ref_calendar unless it already holds this calendar.

    Runs on every schema build, so it returns at once when the table's comment (the calendar's
    fingerprint) is current."""
    fingerprint = calendar_fingerprint()
    current = con.execute(
        "select comment from duckdb_tables() where table_name = 'ref_calendar' "
        "and schema_name = current_schema()"
    ).fetchall()
    if current and current[0][0] == fingerprint:
        return
    run(con, "delete from ref_calendar")
    insert_rows(con, "ref_calendar", COLUMNS, calendar_rows())
    run(con, f"comment on table ref_calendar is '{fingerprint}'")


def calendar_frame():  # -> pandas.DataFrame; pandas stays off the ingest path (issue 14)
    """One row per date 2000-2040: the ref_calendar table as a DataFrame (for tests and export)."""
    from annexa.store.warehouse import run_sql_file

    con = duckdb.connect()
    try:
        run_sql_file(con, "05_reference/00_tables/ref_calendar.sql")
        fill(con)
        return con.execute("select * from ref_calendar order by date").df()
    finally:
        con.close()
