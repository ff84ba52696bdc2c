"""Tables whose shape or content comes from Python: raw list tables (shaped by the spec) and the
code lists (from the spec). Everything else is created by the SQL files."""

from __future__ import annotations

import hashlib

import duckdb

from ingest.spec import load_spec
from ingest.warehouse import insert_rows, one, run
from ingest.workdays import create_calendar_table

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
    """ref_code_source: every code, and every spelling that means it, from the spec.

    kind = 'text' for whole-value spellings; 'token' for a code's short form (C1, WBRI, RC1), which
    also matches as the first word of a longer value ("C1 - Interim care order").
    sql/05_reference/ref_code_alias.sql folds these with the same code_key() the staging uses.
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
            forms += [("text", a) for a in spec.aliases.get(list_name, {}).get(code, [])]
            rows += [(list_name, code, kind, alias, group, group2, order) for kind, alias in forms]
    run(
        con,
        "create or replace table ref_code_source (code_list varchar, code varchar, "
        "kind varchar, alias varchar, code_group varchar, code_group2 varchar, "
        "sort_order integer)",
    )
    insert_rows(con, "ref_code_source", ["code_list", "code", "kind", "alias", "code_group",
                                         "code_group2", "sort_order"], rows)


def _code_values_sql(submission_filter: str) -> str:
    parts = [
        f"select distinct '{c.codes}' as code_list, \"{c.name}\" as raw from {ls.table} "
        f"where \"{c.name}\" is not null {submission_filter}"
        for ls in load_spec().lists.values() for c in ls.columns if c.type == "code"
    ]
    return " union ".join(parts)


def _code_rules_version() -> str:
    """Changes when the spec or the SQL that maps codes changes, so code_map is rebuilt."""
    from ingest.spec import SPEC_PATH
    from ingest.warehouse import SQL_DIR

    h = hashlib.sha256(SPEC_PATH.read_bytes())
    for name in ("00_base/10_macros.sql", "05_reference/ref_code_alias.sql",
                 "05_reference/zz_map_code.sql"):
        h.update((SQL_DIR / name).read_bytes())
    return h.hexdigest()


def refresh_code_map(con: duckdb.DuckDBPyConnection, submission_id: int | None = None) -> None:
    """Map the raw code values not yet in code_map (all of them when the rules have changed).

    Only distinct values are mapped, a few hundred per submission, so the spelling rules in
    map_code() run once per value rather than once per row and per query.
    """
    version = _code_rules_version()
    current = one(con, "select value from meta where key = 'code_rules_version'")
    if current is None or current[0] != version:
        run(con, "delete from code_map")
        submission_id = None
        run(con, "insert or replace into meta values ('code_rules_version', ?)", [version])
    where = "and submission_id = $sid" if submission_id is not None else ""
    run(con, f"""
        insert into code_map
        select v.code_list, v.raw, map_code(v.code_list, v.raw)
        from ({_code_values_sql(where)}) as v
        anti join code_map as m on m.code_list = v.code_list and m.raw = v.raw
    """, {"sid": submission_id} if submission_id is not None else None)


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    create_raw_tables(con)
    create_code_source(con)
    create_calendar_table(con)
