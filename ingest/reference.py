"""Tables whose shape or content comes from Python: raw list tables (shaped by the spec) and the
code lists (from the spec). Everything else is created by the SQL files."""

from __future__ import annotations

import duckdb

from annexa.rules.workdays import create_calendar_table
from annexa.store.warehouse import insert_rows, run
from ingest.spec import load_spec

PROVENANCE = ("submission_id", "source_file", "sheet", "row_number")


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """One raw table per list: every spec column as text, plus where each row came from.

    Fixed columns whatever the file held, so staging views always bind; a column missing from a
    file is simply null (and reported).
    """
    for ls in load_spec().lists.values():
        cols = ", ".join(f'"{c.name}" varchar' for c in ls.columns)
        run(
            con,
            f"create table if not exists {ls.table} (submission_id integer not null, "
            f"source_file varchar, sheet varchar, row_number integer, {cols})",
        )
        have = {
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns where table_name = ?",
                [ls.table],
            ).fetchall()
        }
        for c in ls.columns:
            if c.name not in have:
                run(con, f'alter table {ls.table} add column "{c.name}" varchar')


def create_code_source(con: duckdb.DuckDBPyConnection) -> None:
    """ref_code_source: every official code with its token, detail and groups, from the spec
    (the code lists of the template and the codes added since, spec/code_validity.toml).

    kind = 'text' for the code and its detail, 'token' for its short form (C1, WBRI, RC1). How
    a value as written is read as one of these is ingest/codes.py's job.
    """
    spec = load_spec()
    rows: list[tuple[str, str, str, str, str | None, str | None, int]] = []
    for list_name, body in spec.codes.items():
        for order, e in enumerate(body["entries"]):
            code = e["code"]
            group, group2 = e.get("group"), e.get("group2")
            forms = [("text", code)]
            if e.get("detail"):
                forms.append(("text", e["detail"]))
            if e.get("token"):
                forms.append(("token", e["token"]))
            rows += [(list_name, code, kind, alias, group, group2, order) for kind, alias in forms]
    run(
        con,
        "create or replace table ref_code_source (code_list varchar, code varchar, "
        "kind varchar, alias varchar, code_group varchar, code_group2 varchar, "
        "sort_order integer)",
    )
    insert_rows(con, "ref_code_source", ["code_list", "code", "kind", "alias", "code_group",
                                         "code_group2", "sort_order"], rows)


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    create_raw_tables(con)
    create_code_source(con)
    create_calendar_table(con)
