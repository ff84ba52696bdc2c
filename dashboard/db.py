"""The one query helper every page uses.

A read-only DuckDB connection per database version (cached), a fresh cursor per query, results
fetched at once (engineering-conventions.md B2-B3). Results are cached on the SQL, its parameters
and the database version, so a new submission or a saved sample invalidates them by itself.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from ingest import warehouse


def db_path() -> str:
    return str(warehouse.resolve_db_path())


@st.cache_resource(max_entries=2, on_release=lambda con: con.close())
def _connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    return warehouse.connect_reader(path)


def connection() -> duckdb.DuckDBPyConnection:
    path = db_path()
    warehouse.ensure_database(path)
    return _connection(path, warehouse.data_version(path))


@st.cache_data(max_entries=512, show_spinner=False)
def _query(sql: str, params: tuple, path: str, version: str) -> pd.DataFrame:
    cur = _connection(path, version).cursor()
    try:
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


def query(sql: str, params: list | tuple = ()) -> pd.DataFrame:
    """Run a read-only query with bound parameters and return a DataFrame."""
    path = db_path()
    warehouse.ensure_database(path)
    return _query(sql, tuple(params), path, warehouse.data_version(path))


def scalar(sql: str, params: list | tuple = ()):
    df = query(sql, params)
    return None if df.empty else df.iloc[0, 0]


def after_write() -> None:
    """Call after anything wrote to the database, so every page reads the new version."""
    _query.clear()
