"""Independent per-list statements run side by side, each on its own DuckDB cursor.

Why: typing a list and checking it are a dozen small statements whose cost is mostly DuckDB
planning them (tens of milliseconds each, whatever the row count), which one statement cannot
spread over the machine's cores. Lists share nothing, so two at a time roughly halves the wait.

Only for writes into a private copy (warehouse.write_transaction): each cursor is its own
connection and commits on its own, which is safe there because the copy only becomes the live
database after every statement has succeeded.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import duckdb

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """Threads to use: the machine's cores, at most 4 (more only adds contention)."""
    return max(1, min(4, os.cpu_count() or 1))


def map_with_cursors(
    con: duckdb.DuckDBPyConnection,
    func: Callable[[duckdb.DuckDBPyConnection, T], R],
    items: Iterable[T],
) -> list[R]:
    """func(cursor, item) for every item, in parallel; results in the items' order.

    The first exception is raised once every task has finished, so no statement is still
    running on the copy when the caller's transaction is abandoned.
    """
    items = list(items)
    if workers() == 1 or len(items) < 2:
        return [func(con, item) for item in items]

    def task(item: T) -> R:
        cur = con.cursor()
        try:
            return func(cur, item)
        finally:
            cur.close()

    with ThreadPoolExecutor(max_workers=workers()) as pool:
        futures = [pool.submit(task, item) for item in items]
        errors = [f.exception() for f in futures]
    for error in errors:
        if error is not None:
            raise error
    return [f.result() for f in futures]
