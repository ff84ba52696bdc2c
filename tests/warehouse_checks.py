"""What a whole, uncorrupted warehouse looks like, for the concurrency and crash-safety tests.

`submission_state()` is what one reader sees of every submission in one snapshot: if a load were
half visible, a submission would show fewer raw, typed or data-quality rows than it ends with, or
rows would exist for a submission that is not (yet) in `submissions`.

Run as a script it is a reader process: it polls the database through `warehouse.connect_reader`
(as the dashboard does) until a stop file appears, writing one JSON line per snapshot.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

from annexa.store import warehouse
from ingest.spec import load_spec

# Tables whose rows belong to one submission: none may hold rows of a submission not listed.
_CHILD_TABLES = ("list_loads", "list_columns", "dq_issues", "int_list_copies")


def _per_list_counts(con: duckdb.DuckDBPyConnection, prefix: str, suffix: str) -> list[tuple]:
    parts = [
        f"select '{key}' as list, submission_id, count(*) as n from {prefix}{key}{suffix} "
        "group by submission_id"
        for key in load_spec().lists
    ]
    return con.execute(" union all ".join(parts)).fetchall()


def submission_state(con: duckdb.DuckDBPyConnection) -> dict:
    """{'submissions': {sid: {...counts...}}, 'orphans': {table: n}} in one read-only snapshot."""
    subs = {
        sid: {"la_code": la, "sha256": sha, "rows_loaded": rows, "raw": {}, "typed": {},
              "list_loads": {}, "dq": 0, "columns": 0}
        for sid, la, sha, rows in con.execute(
            "select submission_id, la_code, sha256, rows_loaded from submissions").fetchall()
    }
    orphans: dict[str, int] = {}

    def put(kind: str, list_key: str | None, sid: int, n: int) -> None:
        if sid not in subs:
            orphans[kind] = orphans.get(kind, 0) + n
        elif list_key is None:
            subs[sid][kind] = n
        else:
            subs[sid][kind][list_key] = n

    for key, sid, n in _per_list_counts(con, "raw_", ""):
        put("raw", key, sid, n)
    for key, sid, n in _per_list_counts(con, "int_", "_rows"):
        put("typed", key, sid, n)
    for sid, key, n in con.execute(
            "select submission_id, list, sum(rows_loaded) from list_loads group by all").fetchall():
        put("list_loads", key, sid, int(n))
    for sid, n in con.execute(
            "select submission_id, count(*) from dq_issues group by all").fetchall():
        put("dq", None, sid, n)
    for sid, n in con.execute(
            "select submission_id, count(*) from list_columns group by all").fetchall():
        put("columns", None, sid, n)
    for sid, n in con.execute(
            "select submission_id, count(*) from int_list_copies group by all").fetchall():
        if sid not in subs:
            orphans["int_list_copies"] = orphans.get("int_list_copies", 0) + n
    return {"submissions": subs, "orphans": orphans}


def assert_submission_whole(sid: int, got: dict) -> None:
    """Internally consistent: raw rows = typed rows = list_loads per list = the recorded total."""
    assert got["raw"] == got["typed"] == got["list_loads"], f"submission {sid}: {got}"
    assert sum(got["raw"].values()) == got["rows_loaded"], f"submission {sid}: {got}"
    assert got["dq"] > 0 and got["columns"] > 0, f"submission {sid}: {got}"


def scan_everything(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Read every column of every table and query every view; row counts by name.

    Hashing whole rows makes DuckDB read (and checksum) every block of every table, so a torn or
    corrupt file fails here rather than on some later page.
    """
    counts = {}
    for schema, name in con.execute(
            "select schema_name, table_name from duckdb_tables() where not internal").fetchall():
        counts[name] = con.execute(
            f'select count(*), sum(hash(t)) from "{schema}"."{name}" as t').fetchone()[0]
    for schema, name in con.execute(
            "select schema_name, view_name from duckdb_views() where not internal").fetchall():
        counts[name] = con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
    con.execute("pragma database_size").fetchall()
    return counts


def poll(db: Path, stop: Path, out) -> None:
    """Reader loop: one JSON line per snapshot (or per error) until `stop` exists."""
    while True:
        last = stop.exists()
        try:
            con = warehouse.connect_reader(db)
            try:
                state = submission_state(con)
            finally:
                con.close()
            line = {"t": time.time(), "state": state}
        except Exception as exc:  # recorded, and the test fails on it
            line = {"t": time.time(), "error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(line) + "\n")
        out.flush()
        if last:
            return


if __name__ == "__main__":
    poll(Path(sys.argv[1]), Path(sys.argv[2]), sys.stdout)
