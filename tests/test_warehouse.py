"""One writer at a time, never in place: readers see whole versions only."""

import threading

import duckdb
import pytest

from annexa.store import warehouse


def test_failed_write_leaves_the_database_byte_for_byte(db_path):
    warehouse.ensure_database(db_path)
    before = db_path.read_bytes()
    with pytest.raises(ValueError), warehouse.write_transaction(db_path) as con:
        warehouse.run(con, "insert into meta values ('x', 'y')")
        raise ValueError("stop half way")
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.tmp"))


def test_reader_sees_the_new_version_after_a_write(db_path):
    warehouse.ensure_database(db_path)
    old = warehouse.connect_reader(db_path)
    with warehouse.write_transaction(db_path) as con:
        warehouse.run(con, "insert into meta values ('marker', 'v2')")
    new = warehouse.connect_reader(db_path)
    assert old.execute("select count(*) from meta where key = 'marker'").fetchall() == [(0,)]
    assert new.execute("select value from meta where key = 'marker'").fetchall() == [("v2",)]
    old.close()
    new.close()


def test_concurrent_writers_are_serialised_and_none_is_lost(db_path):
    warehouse.ensure_database(db_path)

    def write(i):
        with warehouse.write_transaction(db_path) as con:
            warehouse.run(con, "insert into meta values (?, 'x')", [f"k{i}"])

    threads = [threading.Thread(target=write, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    con = warehouse.connect_reader(db_path)
    keys = {r[0] for r in con.execute("select key from meta where key like 'k%'").fetchall()}
    con.close()
    assert keys == {f"k{i}" for i in range(6)}


def test_db_path_option_beats_environment_beats_default(monkeypatch, tmp_path):
    monkeypatch.delenv(warehouse.DB_ENV, raising=False)
    assert warehouse.resolve_db_path() == warehouse.DEFAULT_DB
    monkeypatch.setenv(warehouse.DB_ENV, str(tmp_path / "env.duckdb"))
    assert warehouse.resolve_db_path() == tmp_path / "env.duckdb"
    assert warehouse.resolve_db_path(tmp_path / "opt.duckdb") == tmp_path / "opt.duckdb"


def test_a_reader_brings_a_database_built_by_an_earlier_release_up_to_date(db_path):
    """A new release's pages read columns its views add: opening a database that an earlier
    release built rebuilds the views first, rather than failing until the next load."""
    warehouse.ensure_database(db_path)
    with warehouse.write_transaction(db_path) as con:
        warehouse.run(con, "create or replace view stg_list_1 as select 1 as old_column")
        warehouse.run(con, "update meta set value = 'an earlier release' "
                           "where key = 'schema_version'")
    con = warehouse.connect_reader(db_path)
    try:
        assert con.execute("select value from meta where key = 'schema_version'").fetchall() \
            == [(warehouse.schema_version(),)]
        columns = [d[0] for d in con.execute("select * from stg_list_1 limit 0").description]
        assert "child_id" in columns and "old_column" not in columns
    finally:
        con.close()


def test_a_current_database_is_not_rewritten_by_a_reader(db_path):
    warehouse.ensure_database(db_path)
    before = warehouse.data_version(db_path)
    warehouse.connect_reader(db_path).close()
    assert warehouse.data_version(db_path) == before


def test_readers_racing_on_an_old_database_rebuild_it_once(db_path, monkeypatch):
    warehouse.ensure_database(db_path)
    with warehouse.write_transaction(db_path) as con:
        warehouse.run(con, "update meta set value = 'an earlier release' "
                           "where key = 'schema_version'")
    rewrites = []
    real = warehouse._write_locked

    def counted(live):
        rewrites.append(live)
        return real(live)

    monkeypatch.setattr(warehouse, "_write_locked", counted)
    errors = []

    def read():
        try:
            warehouse.connect_reader(db_path).close()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(rewrites) == 1


def _catalogue(path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select table_name, table_type from information_schema.tables "
            "union all select function_name, 'macro' from duckdb_functions() "
            "where not internal and function_type in ('macro', 'table_macro') "
            "union all select key || '=' || value, 'meta' from meta "
            "order by all").fetchall()
    finally:
        con.close()


def test_a_new_database_is_a_copy_of_one_built_once_and_the_same(tmp_path, monkeypatch):
    """issue 14: a new database is copied from an empty one built once per version of the code
    (config.cache_dir), not built again; the result is what a build from nothing makes."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("ANNEXA_CACHE_DIR", str(cache))
    first = tmp_path / "first.duckdb"
    warehouse.ensure_database(first)
    templates = list(cache.glob("empty-*.duckdb"))
    assert len(templates) == 1 and (cache.stat().st_mode & 0o777) == 0o700
    second = tmp_path / "second.duckdb"
    warehouse.ensure_database(second)
    assert list(cache.glob("empty-*.duckdb")) == templates  # used again, not rebuilt
    # A folder others may write to is never used: the database is built from nothing.
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("ANNEXA_CACHE_DIR", str(shared))
    built = tmp_path / "built.duckdb"
    warehouse.ensure_database(built)
    assert not list(shared.iterdir())
    assert _catalogue(second) == _catalogue(built)
