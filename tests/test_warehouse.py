"""One writer at a time, never in place: readers see whole versions only."""

import threading

import pytest

from ingest import warehouse


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
