"""The one query helper every page uses.

A read-only DuckDB connection per database version (cached), a fresh cursor per query, results
fetched at once (docs/engineering.md E7-E8). Results are cached on the SQL, its parameters
and the database version, so a new submission or a saved sample invalidates them by itself.

Pages hold no SQL: each query they run is a named file, sql/queries/<page>/<name>.sql, whose
header gives what it returns, its parameters in order and the rule it follows, run with
`named(name, params)` or `named_scalar(name, params)` (docs/engineering.md E1).
"""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from annexa.store import queries, warehouse


def db_path() -> str:
    return str(warehouse.resolve_db_path())


# Not closed when dropped: another session may be mid-query on it. DuckDB closes a connection
# (and its snapshot file) once nothing refers to it, i.e. once that query has finished.
@st.cache_resource(max_entries=2)
def _connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    return warehouse.connect_reader(path)


# Caches elsewhere that hold rows of one database version (sample_state's candidates).
_VERSION_CACHES: list = []
_seen_version: dict[str, str] = {}


def register_version_cache(cache) -> None:
    """A cached function whose results belong to one database version: cleared when it goes."""
    _VERSION_CACHES.append(cache)


def _current_version(path: str) -> str:
    """The database's version; when it changed (a load, a save, a purge from any session or
    the CLI), everything cached from older versions is dropped, so no child-level rows of a
    purged version stay in memory or keep its snapshot file open."""
    version = warehouse.data_version(path)
    if _seen_version.get(path, version) != version:
        release_old_versions()
    _seen_version[path] = version
    return version


def connection() -> duckdb.DuckDBPyConnection:
    path = db_path()
    warehouse.ensure_database(path)
    return _connection(path, _current_version(path))


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
    return _query(sql, tuple(params), path, _current_version(path))


def scalar(sql: str, params: list | tuple = ()):
    df = query(sql, params)
    return None if df.empty else df.iloc[0, 0]


# <page>/<name>; the text of sql/queries/<name>.sql, read once per process (annexa/store/
# queries.py: the CLI reads the same files).
QUERY_NAME, named_sql = queries.QUERY_NAME, queries.named_sql


def named(name: str, params: list | tuple = ()) -> pd.DataFrame:
    """Run a named query (see named_sql) with its parameters, in the order its header lists."""
    return query(named_sql(name), params)


def named_scalar(name: str, params: list | tuple = ()):
    """The first value of a named query's first row (None when it returns no row)."""
    return scalar(named_sql(name), params)


def after_write() -> None:
    """Call after anything wrote to the database, so every page reads the new version."""
    _query.clear()


def release_old_versions() -> None:
    """Drop every cached reader connection and version-bound cache (after a purge, with
    after_write; also done by itself when the version changes).

    A connection keeps its snapshot file open, and an open file keeps an older version of the
    database, purged rows included, on disk after its name is deleted. Dropped connections are
    closed as soon as no query is using them; the next query opens the current version.
    """
    _connection.clear()
    _query.clear()
    for cache in _VERSION_CACHES:
        cache.clear()
