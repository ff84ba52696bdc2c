"""The DuckDB warehouse file: where it is, how it is written, how it is read.

One writer at a time, never in place. Every write (an ingest, a saved sample, a cycle event) copies
the live file to a temporary one, writes there, checkpoints, closes and renames it over the live
file. A failed or killed write therefore leaves the live database exactly as it was, and a reader
never sees half a submission (engineering-conventions.md B5).

Readers open a hard-linked snapshot named after the file's version, so DuckDB's per-path instance
cache can never hand a new reader an old file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = ROOT / "sql"
DEFAULT_DB = ROOT / "data" / "annexa.duckdb"
DB_ENV = "ANNEXA_DB"


def resolve_db_path(path: str | os.PathLike | None = None) -> Path:
    """--db option, else $ANNEXA_DB, else data/annexa.duckdb."""
    chosen = path or os.environ.get(DB_ENV) or DEFAULT_DB
    return Path(chosen).expanduser().resolve()


def data_version(path: str | os.PathLike | None = None) -> str:
    """Changes whenever a write replaces the file; caches key on it."""
    live = resolve_db_path(path)
    try:
        st = live.stat()
    except FileNotFoundError:
        return "absent"
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


@contextlib.contextmanager
def _exclusive_lock(live: Path) -> Iterator[None]:
    lock_path = live.with_name(live.name + ".lock")
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def write_transaction(path: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy that replaces the live file on success only."""
    live = resolve_db_path(path)
    live.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(live):
        tmp = live.with_name(f".{live.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            if live.exists():
                shutil.copyfile(live, tmp)
            con = duckdb.connect(str(tmp))
            try:
                build(con)
                yield con
                run(con, "checkpoint")
            finally:
                con.close()
            _fsync(tmp)
            os.replace(tmp, live)
            _fsync(live.parent)
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)


def ensure_database(path: str | os.PathLike | None = None) -> Path:
    """Create an empty, fully built database if there is none yet."""
    live = resolve_db_path(path)
    if not live.exists():
        with write_transaction(live):
            pass
    return live


def connect_reader(path: str | os.PathLike | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current version of the database."""
    live = ensure_database(path)
    snap_dir = live.parent / ".readers"
    snap_dir.mkdir(exist_ok=True)
    version = data_version(live)
    snap = snap_dir / f"{live.name}.{version}"
    if not snap.exists():
        try:
            os.link(live, snap)
        except FileExistsError:
            pass
        except OSError:  # filesystems without hard links
            shutil.copyfile(live, snap)
        # Older snapshots: unlinking is safe on POSIX even while a reader still has them open.
        for old in snap_dir.glob(f"{live.name}.*"):
            if old != snap:
                old.unlink(missing_ok=True)
    return duckdb.connect(str(snap), read_only=True)


# ------------------------------------------------------------------------------------- building

def sql_files() -> list[Path]:
    """Every SQL file, in the order the layers need: folders then files, sorted by name."""
    return sorted(SQL_DIR.rglob("*.sql"), key=lambda p: p.relative_to(SQL_DIR).parts)


def run_sql_files(con: duckdb.DuckDBPyConnection) -> None:
    for path in sql_files():
        try:
            run(con, path.read_text(encoding="utf-8"))
        except duckdb.Error as exc:
            raise RuntimeError(f"{path.relative_to(ROOT)}: {exc}") from exc


def schema_version() -> str:
    """A hash of everything that shapes the database: SQL files, the spec, the builders."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    sources = [*sql_files(), here / "spec" / "annex_a.toml", here / "reference.py",
               here / "workdays.py"]
    # The calendar comes from the holidays package: a new release may add bank holidays.
    h.update(importlib.metadata.version("holidays").encode())
    for path in sources:
        if path.exists():
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def build(con: duckdb.DuckDBPyConnection, *, force: bool = False) -> None:
    """Bring tables, reference data, views and macros up to this version of the code.

    Run at the start of every write, so a database made by an older version is upgraded the
    next time anything is written to it; skipped when the database is already current.
    """
    from ingest import materialise, reference  # local: they import the spec and calendar

    version = schema_version()
    if not force:
        try:
            current = one(con, "select value from meta where key = 'schema_version'")
        except duckdb.CatalogException:
            current = None
        if current and current[0] == version:
            return
    reference.create_tables(con)
    materialise.create_tables(con)
    run_sql_files(con)
    reference.refresh_code_map(con)
    # New typing rules retype every submission's typed copy; an ingest refreshes its own.
    materialise.refresh(con)
    run(con, "insert or replace into meta values ('schema_version', ?)", [version])


def run(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> None:
    """Execute a statement whose result is not needed, draining it.

    DuckDB 2.0 streams results: an undrained result keeps the connection busy and the next
    statement fails (engineering-conventions.md B3).
    """
    con.execute(sql, params if params is not None else []).fetchall()


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows) -> None:
    """Insert many rows at once through Arrow (executemany is row-at-a-time in DuckDB)."""
    import pyarrow as pa

    rows = list(rows)
    if not rows:
        return
    data = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
    con.register("_rows_to_insert", data)
    try:
        run(con, f"insert into {table} ({', '.join(columns)}) "
                 f"select {', '.join(columns)} from _rows_to_insert")
    finally:
        con.unregister("_rows_to_insert")


def one(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> tuple | None:
    """The first row of a query (or None), with the result drained (see run())."""
    rows = con.execute(sql, params if params is not None else []).fetchall()
    return rows[0] if rows else None
