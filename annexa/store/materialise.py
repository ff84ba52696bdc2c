"""Typed copies of the staging views (int_list_1_rows ... int_audits_rows), refreshed per write.

Why: typing the raw text in the staging views (code mapping, date parsing) costs about 3.5 s for a
large LA's 100k rows, and a query that merely names a staging view spends 50-200 ms planning it.
The analysis model (sql/20_intermediate, sql/30_marts) must answer in a few hundred milliseconds,
so it reads these tables instead: the same rows and typed columns as stg_<list>, without the
`<column>__raw` text, which only the data-quality checks need.

One thing of the raw text is kept: `unread_codes`, the coded columns of the row whose value was
written but is not a template code (not blank, not an Excel error, and read as no code: the
cells reported as unmapped_code, code_conflict or ambiguous_code). The code column is null for
them as for a blank, so without it a breakdown could only call both "not recorded"; with it the
briefing shows them as "not a template code" (issue 15).

The tables are declared by sql/20_intermediate/00_typed/ (generated from the spec by
ingest/spec_sql.py: one column per spec column, typed as staging types it), so a column added to
the spec is added to them on the next write. A (list, submission) copy is typed again when
its row count differs from the raw table's, or when its stamp (a key over the staging view, the
macros it calls and the code-mapping rules) no longer matches: so a fix to a staging rule or a new
code alias reaches the copies on the next write, and a purged submission's copy goes with it.
"""

from __future__ import annotations

import duckdb

from annexa.store.parallel import map_with_cursors
from annexa.store.warehouse import run
from ingest.spec import ListSpec, load_spec
from ingest.spec_sql import UNREAD, typed_columns


def table_name(ls: ListSpec) -> str:
    return f"int_{ls.key}_rows"


def _unread_sql(ls: ListSpec) -> str:
    """The coded columns of a row written with a value that is not a template code (an empty
    list when there is none): read from the staging view's `<column>__raw`."""
    coded = [c.name for c in ls.columns if c.type == "code"]
    if not coded:
        return f"cast([] as varchar[]) as {UNREAD}"
    flags = ", ".join(
        f"""case when "{c}" is null and not is_blank("{c}__raw") """
        f"""and not is_excel_error("{c}__raw") then '{c}' end""" for c in coded)
    return f"list_filter([{flags}], lambda x: x is not null) as {UNREAD}"


def _typing_key(ls: ListSpec, version: str) -> str:
    """What decides a list's typed values: the staging SQL, the typing macros and the code
    rules, all covered by the schema version (a hash of every SQL file, the spec and the
    builders, annexa/store/warehouse.py), plus the list. Computed in Python: no catalog queries."""
    return f"{version}:{ls.key}"


def refresh(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Bring every typed copy up to date; return the (list, submission_id) pairs (re)typed.

    Cheap when nothing changed: a row count per submission of each raw and typed table, and no
    staging view is planned. Lists are typed side by side (annexa/store/parallel.py).
    """
    from annexa.store.warehouse import one, schema_version

    # A database with no submission and no typed copy (a new one) has nothing to type: planning
    # the fourteen staleness queries would cost a new database's first write 0.1 s for nothing.
    if not one(con, "select exists(select 1 from submissions) "
                    "or exists(select 1 from int_list_copies)")[0]:
        return []
    version = schema_version()
    done = map_with_cursors(con, lambda cur, ls: _refresh_list(cur, ls, version),
                            load_spec().lists.values())
    return [pair for pairs in done for pair in pairs]


def type_submission(con: duckdb.DuckDBPyConnection, submission_id: int,
                    list_keys: list[str]) -> None:
    """Type one newly loaded submission's lists (those it has rows in): what refresh() does for
    it, without the staleness queries over every submission's raw and typed rows or the deletes,
    which find nothing for a submission that has only just been stored (issue 14). For an
    ingest, inside its write: the write's build() has already retyped every older submission if
    the typing rules changed. Lists are typed side by side (annexa/store/parallel.py)."""
    from annexa.store.warehouse import insert_rows, schema_version

    version = schema_version()
    specs = [ls for ls in load_spec().lists.values() if ls.key in set(list_keys)]

    def type_list(cur: duckdb.DuckDBPyConnection, ls: ListSpec) -> None:
        cols = ", ".join(f'"{name}"' for name, _ in typed_columns(ls))
        run(cur, f"insert into {table_name(ls)} by name "
                 f"select submission_id, source_file, sheet, row_number, {cols}, "
                 f"{_unread_sql(ls)} from stg_{ls.key} where submission_id = $sid "
                 "order by submission_id, row_number", {"sid": submission_id})

    map_with_cursors(con, type_list, specs)
    insert_rows(con, "int_list_copies", ["list", "submission_id", "typing_key"],
                [(ls.key, submission_id, _typing_key(ls, version)) for ls in specs])


def _refresh_list(con: duckdb.DuckDBPyConnection, ls: ListSpec,
                  version: str) -> list[tuple[str, int]]:
    table = table_name(ls)
    key = _typing_key(ls, version)
    stale = [
        r[0]
        for r in con.execute(
            f"""
            with raw as (
                select submission_id, count(*) as n from raw_{ls.key} group by submission_id
            ),
            typed as (
                select submission_id, count(*) as n from {table} group by submission_id
            ),
            stamped as (
                select submission_id, typing_key from int_list_copies where list = $list
            )
            select submission_id
            from raw
            full join typed using (submission_id)
            full join stamped using (submission_id)
            where raw.n is distinct from typed.n
                or (raw.n > 0 and stamped.typing_key is distinct from $key)
                or (raw.n is null and stamped.typing_key is not null)
            order by 1
            """,
            {"list": ls.key, "key": key},
        ).fetchall()
    ]
    if not stale:
        return []
    ids = {"list": ls.key, "ids": stale}
    run(con, f"delete from {table} where list_contains($ids, submission_id)", {"ids": stale})
    run(con, "delete from int_list_copies where list = $list and list_contains($ids, "
             "submission_id)", ids)
    cols = ", ".join(f'"{name}"' for name, _ in typed_columns(ls))
    run(
        con,
        f"insert into {table} by name "
        f"select submission_id, source_file, sheet, row_number, {cols}, {_unread_sql(ls)} "
        f"from stg_{ls.key} "
        "where list_contains($ids, submission_id) order by submission_id, row_number",
        {"ids": stale},
    )
    run(
        con,
        "insert into int_list_copies (list, submission_id, typing_key) "
        f"select distinct $list, submission_id, $key from raw_{ls.key} "
        "where list_contains($ids, submission_id)",
        {**ids, "key": key},
    )
    return [(ls.key, s) for s in stale]
