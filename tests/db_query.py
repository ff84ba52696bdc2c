"""One query against a test database, read as the dashboard reads it (a reader snapshot)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from annexa.store import warehouse


def sql(db: Path, query: str, params=()) -> pd.DataFrame:
    con = warehouse.connect_reader(db)
    try:
        return con.execute(query, list(params)).df()
    finally:
        con.close()


def rows(db: Path, query: str, params=()) -> list[tuple]:
    """The same query's rows as tuples."""
    con = warehouse.connect_reader(db)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()
