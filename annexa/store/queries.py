"""The named read-only queries (sql/queries/<page>/<name>.sql) and how to run them.

Their text is read here, once per process, for the dashboard (dashboard/db.py runs them through
its cached reader) and for the commands that produce what a page produces (`annexa briefing`),
which run them on a plain read-only connection with `runner(con)`. A `Runner` takes a query's SQL
and its parameters and returns the rows as a DataFrame: code that builds a page's figures asks for
one, so it never needs to know whether Streamlit's caches sit in between.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from annexa.store.warehouse import QUERIES_DIR

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

Runner = Callable[[str, Sequence], "pd.DataFrame"]

QUERY_NAME = re.compile(r"[a-z0-9_]+/[a-z0-9_]+")  # <page>/<name>: never a path of its own


@functools.cache
def named_sql(name: str) -> str:
    """The text of the named query sql/queries/<name>.sql, read from disk once per process."""
    if not QUERY_NAME.fullmatch(name):
        raise ValueError(f"not a query name: {name!r} (expected page/name)")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def runner(con: duckdb.DuckDBPyConnection) -> Runner:
    """A Runner over one read-only connection (warehouse.connect_reader): a fresh cursor per
    query, the result fetched at once (docs/engineering.md E8)."""

    def run(sql: str, params: Sequence = ()) -> pd.DataFrame:
        cur = con.cursor()
        try:
            return cur.execute(sql, list(params)).df()
        finally:
            cur.close()

    return run


def named(run: Runner, name: str, params: Sequence = ()) -> pd.DataFrame:
    """Run the named query with its parameters (in the order its header lists) through `run`."""
    return run(named_sql(name), params)
