"""The DuckDB warehouse file: where it is, how it is written, how it is read.

One writer at a time, never in place. Every write (an ingest, a saved sample, a cycle event) copies
the live file to a temporary one, writes there, checkpoints, closes and renames it over the live
file. A failed or killed write therefore leaves the live database exactly as it was, and a reader
never sees half a submission (docs/engineering.md E9).

Readers open a hard-linked snapshot named after the file's version, so DuckDB's per-path instance
cache can never hand a new reader an old file.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import glob
import hashlib
import importlib.metadata
import os
import shutil
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import duckdb

from annexa import config

ROOT = Path(__file__).resolve().parents[2]  # the repository: annexa/store/ is two below
SQL_DIR = ROOT / "sql"
# The pages' named queries (dashboard/db.py `named`): selects over the relations the build makes,
# not part of the build (see sql_files).
QUERIES_DIR = SQL_DIR / "queries"
# Where the database is: one home, annexa/config.py (named here too for the store's callers).
DB_ENV, DEFAULT_DB, resolve_db_path = config.DB_ENV, config.DEFAULT_DB, config.db_path


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
def _edit_copy(live: Path, work: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to `work`, a copy of the live file (if there is one), brought up
    to this version of the code, and checkpointed when the caller is done with it."""
    if live.exists():
        shutil.copyfile(live, work)
    elif (empty := _empty_template()) is not None:
        with contextlib.suppress(FileNotFoundError):  # pruned meanwhile: build from nothing
            shutil.copyfile(empty, work)  # build() below finds it current and returns at once
    con = duckdb.connect(str(work))
    try:
        build(con)
        yield con
        run(con, "checkpoint")
    finally:
        con.close()


def _empty_template() -> Path | None:
    """An empty database built for this version of the code and this DuckDB, made once and kept
    in the user's cache folder (config.cache_dir), so that a new database is a copy rather than
    a build (the SQL files, reference tables and calendar: about 0.7 s of CPU, paid by every
    first load and by every test that starts from nothing; issue 14). It holds no child data.
    None, and a normal build, when the folder cannot be used: not the user's own, open to
    others, or not writable.
    """
    folder = config.cache_dir()
    name = f"empty-{schema_version()[:20]}-duckdb-{duckdb.__version__}.duckdb"
    path = folder / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return None  # a file another user could have put there is never copied in
        if path.exists():
            return path
        tmp = folder / f".{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            con = duckdb.connect(str(tmp))
            try:
                build(con)
                run(con, "checkpoint")
            finally:
                con.close()
            os.replace(tmp, path)  # whole or not at all: two builders race harmlessly
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)
        # Other versions' copies, a day old or more, go (each code change makes a new one).
        for old in folder.glob("empty-*.duckdb"):
            if old != path and time.time() - old.stat().st_mtime > 86_400:
                old.unlink(missing_ok=True)
        return path
    except (OSError, duckdb.Error):
        return None


@contextlib.contextmanager
def write_transaction(path: str | os.PathLike | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy that replaces the live file on success only."""
    live = resolve_db_path(path)
    live.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(live), _write_locked(live) as con:
        yield con


@contextlib.contextmanager
def _write_locked(live: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """write_transaction's work, for a caller that already holds the writer lock."""
    # Only the lock holder makes a temporary copy, so any found now belongs to a writer that
    # was killed (SIGKILL, power cut) before its cleanup ran: a full copy of child data that
    # would otherwise pile up (tests/test_crash_safety.py). DuckDB may add .wal or spill dirs.
    for stale in live.parent.glob(f".{glob.escape(live.name)}.*.tmp*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
    tmp = live.with_name(f".{live.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with _edit_copy(live, tmp) as con:
            yield con
        _fsync(tmp)
        os.replace(tmp, live)
        _fsync(live.parent)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)


class RewriteRefused(RuntimeError):
    """A compacting rewrite could not promise its result: the live file was left untouched."""


@contextlib.contextmanager
def rewrite_transaction(
    path: str | os.PathLike | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """write_transaction for deletions that must leave no trace in the database's files (a purge).

    DuckDB marks deleted rows and frees their blocks without overwriting them, so after a plain
    delete the values are still in the file, and in every earlier copy of it. Here the changes
    are made in a private copy as usual; then only the rows that remain are copied into a brand
    new file (COPY FROM DATABASE), which replaces the live one; then every copy this module made
    of earlier versions is removed: reader snapshots and temporary files left by killed writes.
    DuckDB 2.0 copies tables, views, macros and sequences with their current positions, so an
    id freed by a deletion is never handed out again (checked below all the same).
    """
    live = resolve_db_path(path)
    if not live.exists():
        raise FileNotFoundError(f"no database at {live}")
    with _exclusive_lock(live):
        # A live WAL means someone wrote to the file outside this module: its committed rows are
        # not in a plain file copy, and it would outlive the rewrite with them.
        if live.with_name(live.name + ".wal").exists():
            raise RewriteRefused(
                f"{live.name}.wal exists next to the database: open the database once with "
                "duckdb and close it (that checkpoints it), then try again")
        token = f"{os.getpid()}.{uuid.uuid4().hex[:8]}"
        work = live.with_name(f".{live.name}.{token}.tmp")
        fresh = live.with_name(f".{live.name}.{token}.compact.tmp")
        try:
            with _edit_copy(live, work) as con:
                yield con
            _copy_compacted(work, fresh)
            _fsync(fresh)
            os.replace(fresh, live)
            _fsync(live.parent)
        finally:
            for tmp in (work, fresh):
                _remove_copy(tmp)
        remove_stale_copies(live)


def _copy_compacted(source: Path, target: Path) -> None:
    """Copy every catalog entry and live row of `source` into the new file `target`, checked."""
    con = duckdb.connect(str(target))
    try:
        target_db = one(con, "select current_database()")[0]
        quoted = str(source).replace("'", "''")
        run(con, f"attach '{quoted}' as rewrite_source (read_only)")
        run(con, f'copy from database rewrite_source to "{target_db}"')
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where database_name = 'rewrite_source' and not temporary").fetchall()
        for schema, table in tables:
            src = one(con, f'select count(*) from rewrite_source."{schema}"."{table}"')[0]
            new = one(con, f'select count(*) from "{target_db}"."{schema}"."{table}"')[0]
            if src != new:
                raise RewriteRefused(f"the rewrite copied {new} of {src} rows of {table}")
        for name, last in con.execute(
            "select sequence_name, last_value from duckdb_sequences() "
            "where database_name = 'rewrite_source' and last_value is not null").fetchall():
            copied = one(con, "select last_value from duckdb_sequences() "
                              "where database_name = ? and sequence_name = ?", [target_db, name])
            behind = last - (copied[0] if copied and copied[0] is not None else 0)
            if behind > 0:
                # Advance rather than re-create: the sequence is the default of its table.
                run(con, f'select max(nextval(\'"{name}"\')) from range({behind})')
        run(con, "detach rewrite_source")
        run(con, "checkpoint")
    finally:
        con.close()


def _remove_copy(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    # DuckDB spills to <database>.tmp/ when a query outgrows memory.
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)


def remove_stale_copies(live: Path) -> list[Path]:
    """Delete reader snapshots and temporary files of earlier versions of `live`; call only while
    holding the writer lock (no write is then under way, so every temporary file is stale).

    Readers that still have a snapshot open keep reading it: POSIX frees the blocks when they
    close it.
    """
    removed: list[Path] = []
    pattern = glob.escape(live.name)
    candidates = [*live.parent.glob(f".{pattern}.*.tmp"), *live.parent.glob(f".{pattern}.*.wal"),
                  *(live.parent / ".readers").glob(f"{pattern}.*")]
    for stale in candidates:
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
        removed.append(stale)
    return removed


def ensure_database(path: str | os.PathLike | None = None) -> Path:
    """Create an empty, fully built database if there is none yet."""
    live = resolve_db_path(path)
    if not live.exists():
        with write_transaction(live):
            pass
    return live


def connect_reader(path: str | os.PathLike | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current version of the database, brought up to this
    version of the code first if an earlier version built it."""
    live = ensure_database(path)
    con = _open_snapshot(live)
    if _schema_of(con) == schema_version():
        return con
    con.close()
    # Views, macros and typed copies are (re)built by every write; without this, a database
    # made by an earlier release kept its old views until its next load, and a page or command
    # that reads a column the new views add failed until then.
    try:
        _upgrade(live)
    except Exception as exc:  # noqa: BLE001 - reading the old views beats failing to read
        warnings.warn(f"{live.name} was built by another version of this tool and could not be "
                      f"brought up to date ({type(exc).__name__}); some figures may fail until "
                      "it is next written to.", stacklevel=2)
    return _open_snapshot(live)


def connect_snapshot(path: str | os.PathLike | None = None) -> duckdb.DuckDBPyConnection | None:
    """A read-only connection to the current version of the database as it is, or None when there
    is none: no upgrade first (connect_reader's), for a quick look before a write that brings
    the database up to date itself (an ingest asking whether its files are already loaded)."""
    live = resolve_db_path(path)
    return _open_snapshot(live) if live.exists() else None


def is_current(path: str | os.PathLike | None = None) -> bool:
    """Whether the database exists and was built by this version of the code: when not, the
    first reader upgrades it (connect_reader), which a command can then announce."""
    live = resolve_db_path(path)
    if not live.exists():
        return False
    con = _open_snapshot(live)
    try:
        return _schema_of(con) == schema_version()
    finally:
        con.close()


def _upgrade(live: Path) -> None:
    """Rebuild the views of a database another version built; once, however many readers ask
    at the same time (each after the first finds it done once it has the lock)."""
    with _exclusive_lock(live):
        con = _open_snapshot(live)
        try:
            if _schema_of(con) == schema_version():
                return
        finally:
            con.close()
        with _write_locked(live):
            pass


def _schema_of(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = one(con, "select value from meta where key = 'schema_version'")
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


def _open_snapshot(live: Path) -> duckdb.DuckDBPyConnection:
    snap_dir = live.parent / ".readers"
    snap_dir.mkdir(exist_ok=True)
    for _attempt in range(50):
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
        try:
            return duckdb.connect(str(snap), read_only=True)
        except duckdb.IOException:
            # A reader that saw a newer version removed this snapshot between our link and
            # connect (tests/test_concurrency.py): take the newer version instead.
            if snap.exists():
                raise
    raise RuntimeError(f"{live}: no stable version to read; writes are replacing it too fast")


# ------------------------------------------------------------------------------------- building

def sql_files() -> list[Path]:
    """Every SQL file that builds the database, in the order the layers need: folders then
    files, sorted by name.

    sql/queries/ is left out on purpose: its files are the pages' read-only selects, run by
    dashboard/db.py with bound parameters. They are not DDL (run here, each would only read, or
    fail for want of its parameters), and they do not shape the database, so editing one must
    not change schema_version and rebuild every database.
    """
    return sorted((p for p in SQL_DIR.rglob("*.sql") if QUERIES_DIR not in p.parents),
                  key=lambda p: p.relative_to(SQL_DIR).parts)


def run_sql_file(con: duckdb.DuckDBPyConnection, name: str | Path) -> None:
    """Run one of sql/'s files (a path, or a name relative to sql/), naming it on failure."""
    path = SQL_DIR / name
    try:
        run(con, path.read_text(encoding="utf-8"))
    except duckdb.Error as exc:
        raise RuntimeError(f"{path.relative_to(ROOT)}: {exc}") from exc


def run_sql_files(con: duckdb.DuckDBPyConnection) -> None:
    for path in sql_files():
        run_sql_file(con, path)


def _schema_sources() -> list[Path]:
    from ingest import codes  # the readers decide the readings stored (here only: import cost)

    ingest = ROOT / "ingest"
    return [*sql_files(), ingest / "spec" / "annex_a.toml", ingest / "spec" / "code_validity.toml",
            ROOT / "annexa" / "rules" / "workdays.py", ROOT / "annexa" / "store" / "calendar.py",
            ROOT / "annexa" / "rules" / "milestones.py", *codes.rule_files(),
            ingest / "code_readings.py", ROOT / "annexa" / "store" / "materialise.py"]


def schema_version() -> str:
    """A hash of everything that shapes the database: SQL files, the spec, the builders.

    Hashed again only when one of those files changes (their names, sizes and modification
    times are the key): a write asks three times, and reading 380 files each time cost 0.1 s."""
    stamp = tuple((str(p), st.st_size, st.st_mtime_ns) for p in _schema_sources()
                  if (st := _stat(p)) is not None)
    return _hash_sources(stamp, _holidays_version())


@functools.cache
def _holidays_version() -> str:
    """The holidays package's release (it cannot change under a running process)."""
    return importlib.metadata.version("holidays")


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


@functools.lru_cache(maxsize=4)
def _hash_sources(stamp: tuple, holidays_version: str) -> str:
    h = hashlib.sha256()
    # The calendar comes from the holidays package: a new release may add bank holidays.
    h.update(holidays_version.encode())
    for name, _, _ in stamp:
        path = Path(name)
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def build(con: duckdb.DuckDBPyConnection, *, force: bool = False) -> None:
    """Bring tables, reference data, views and macros up to this version of the code.

    Run at the start of every write, so a database made by an older version is upgraded the
    next time anything is written to it; skipped when the database is already current.
    """
    from annexa.store import calendar, materialise
    from ingest import code_readings  # local: they import the spec

    version = schema_version()
    if not force:
        try:
            current = one(con, "select value from meta where key = 'schema_version'")
        except duckdb.CatalogException:
            current = None
        if current and current[0] == version:
            return
    run_sql_files(con)  # every table and view the app reads is declared under sql/
    calendar.fill(con)
    code_readings.refresh(con)
    # New typing rules retype every submission's typed copy; an ingest refreshes its own.
    materialise.refresh(con)
    run(con, "insert or replace into meta values ('schema_version', ?)", [version])


def run(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> None:
    """Execute a statement whose result is not needed, draining it.

    DuckDB 2.0 streams results: an undrained result keeps the connection busy and the next
    statement fails (docs/engineering.md E8).
    """
    con.execute(sql, params if params is not None else []).fetchall()


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows) -> None:
    """Insert many rows in one statement: each column goes in as one list parameter and is
    unnested beside the others (executemany is row-at-a-time in DuckDB, and an Arrow table
    built from Python lists would import pandas on the ingest path)."""
    rows = list(rows)
    if not rows:
        return
    values = [[r[i] for r in rows] for i in range(len(columns))]
    unnested = ", ".join(f"unnest(${i + 1})" for i in range(len(columns)))
    run(con, f"insert into {table} ({', '.join(columns)}) select {unnested}", values)


def one(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> tuple | None:
    """The first row of a query (or None), with the result drained (see run())."""
    rows = con.execute(sql, params if params is not None else []).fetchall()
    return rows[0] if rows else None
