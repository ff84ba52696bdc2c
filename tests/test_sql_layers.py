"""The SQL layers: staging files match the spec, every view and macro binds, files run in order."""

import duckdb

from annexa.store import warehouse
from ingest.spec_sql import expected_files


def test_generated_files_are_up_to_date_with_the_spec():
    """Raw tables, ref_code_source, staging views and typed copies follow the spec."""
    for path, text in expected_files().items():
        assert path.exists(), f"{path.name} missing: run python -m ingest.spec_sql"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} differs from the spec: run python -m ingest.spec_sql")


def test_every_sql_file_has_a_header_comment():
    for path in warehouse.sql_files():
        first = path.read_text(encoding="utf-8").lstrip().splitlines()[0]
        assert first.startswith("--"), f"{path.name} must start with a comment (grain and rule)"


def test_every_view_can_be_selected_on_an_empty_database():
    con = duckdb.connect()
    warehouse.build(con)
    views = [r[0] for r in con.execute(
        "select view_name from duckdb_views() where not internal").fetchall()]
    assert {f"stg_list_{n}" for n in range(1, 12)} <= set(views)
    for view in views:
        con.execute(f"select * from {view} limit 0").fetchall()


def test_build_is_skipped_when_current_and_forced_when_asked():
    con = duckdb.connect()
    warehouse.build(con)
    version = con.execute("select value from meta where key = 'schema_version'").fetchall()[0][0]
    assert version == warehouse.schema_version()
    con.execute("drop view stg_list_1")
    warehouse.build(con)  # current: nothing rebuilt
    assert not con.execute("select 1 from duckdb_views() where view_name = 'stg_list_1'").fetchall()
    warehouse.build(con, force=True)
    assert con.execute("select 1 from duckdb_views() where view_name = 'stg_list_1'").fetchall()
