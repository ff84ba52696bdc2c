"""Writes the SQL files that follow the spec, so tables, staging and spec cannot drift apart.

From ingest/spec/annex_a.toml (and spec/code_validity.toml) it writes:
* sql/00_base/01_raw/raw_<list>.sql: the raw tables the loader fills, every spec column as text;
* sql/05_reference/00_tables/ref_code_source.sql: every official code with its token, detail
  and groups;
* sql/10_staging/stg_<list>.sql: the staging views that type and code-normalise the raw text;
* sql/20_intermediate/00_typed/int_<list>_rows.sql: the typed copies of the staging views
  (annexa/store/materialise.py fills them).

The files are committed and read like hand-written SQL; tests/test_sql_layers.py fails when they
differ from what this module would write. Regenerate with `python -m ingest.spec_sql`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from annexa.store.warehouse import SQL_DIR
from ingest.spec import ListSpec, load_spec

RAW_DIR = SQL_DIR / "00_base" / "01_raw"
CODE_SOURCE_FILE = SQL_DIR / "05_reference" / "00_tables" / "ref_code_source.sql"
STAGING_DIR = SQL_DIR / "10_staging"
TYPED_DIR = SQL_DIR / "20_intermediate" / "00_typed"

GENERATED_NOTE = ("-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:\n"
                  "-- edit the spec, not this file.\n")

# Where each row came from: the first columns of every raw table and typed copy.
PROVENANCE = (("submission_id", "integer not null"), ("source_file", "varchar"),
              ("sheet", "varchar"), ("row_number", "integer"))

# The SQL type each spec type has after staging (sql/00_base/10_macros.sql types it).
SQL_TYPE = {
    "id": "varchar",
    "text": "varchar",
    "code": "varchar",
    "date": "date",
    "int": "bigint",
    "age": "integer",
}

# The typed copies' one column beyond the staging view's: the coded columns of a row written
# with a value that is not a template code (annexa/store/materialise.py says why).
UNREAD = "unread_codes"

_CAST = {
    "id": "clean_id({raw})",
    "text": "clean_text({raw})",
    "date": "parse_date({raw})",
    "int": "parse_int({raw})",
    "age": "parse_age({raw})",
}


def _expr(list_key: str, col) -> str:
    raw = f"source.{col.name}"
    if col.type == "code":
        return f"m_{col.name}.code"
    return _CAST[col.type].format(raw=raw)


def staging_sql(ls: ListSpec) -> str:
    typed = []
    for col in ls.columns:
        kind = f"{col.type} ({col.codes})" if col.type == "code" else col.type
        typed.append(f"    {_expr(ls.key, col)} as {col.name},  -- {kind}")
    typed += [f"    m_{c.name}.code_group as {c.name}_group,  -- group of {c.codes}"
              for c in ls.group_columns()]
    typed[-1] = typed[-1].replace(",  --", "  --", 1)
    raw_cols = [f"    source.{c.name} as {c.name}__raw," for c in ls.columns
                if c.type in ("date", "int", "age", "code")]
    joins = [f"left join code_readings as m_{c.name}\n"
             f"    on m_{c.name}.submission_id = source.submission_id "
             f"and m_{c.name}.list = '{ls.key}'\n"
             f"    and m_{c.name}.column_name = '{c.name}' and m_{c.name}.raw = source.{c.name}"
             for c in ls.columns if c.type == "code"]
    key_note = (" One row per child is expected (002 ¶260), but every row is kept."
                if ls.one_row_per_child else "")
    header = (
        f"-- stg_{ls.key}: {ls.label}, typed and code-normalised.\n"
        f"-- Grain: one row per source row of raw_{ls.key} (every submission).{key_note}\n"
        "-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,\n"
        "-- where ingest/codes/read.py read each distinct value once per submission and "
        "column\n"
        "-- (docs/data-quality.md, \"Code values\"); IDs clean_id (docs/methodology/data.md D1).\n"
        "-- A value that fails to type is null here and kept as written in\n"
        "-- <column>__raw, so data-quality checks can report it.\n"
        + GENERATED_NOTE
    )
    body = "\n".join([
        f"create or replace view stg_{ls.key} as",
        "select",
        "    source.submission_id,",
        "    source.source_file,",
        "    source.sheet,",
        "    source.row_number,",
        *raw_cols,
        *typed,
        f"from raw_{ls.key} as source",
        *joins,
    ]) + ";"
    return header + body + "\n"


def _table_sql(table: str, columns: list[tuple[str, str]]) -> str:
    """Create the table with its provenance columns, then add each column it lacks.

    Every column is added by an `add column if not exists`, so the same file builds a new
    database and brings one made by an older spec up to date (a column the spec gained)."""
    provenance = ", ".join(f"{name} {kind}" for name, kind in PROVENANCE)
    adds = [f'alter table {table} add column if not exists "{name}" {kind};'
            for name, kind in columns]
    return "\n".join([f"create table if not exists {table} ({provenance});", *adds]) + "\n"


def raw_sql(ls: ListSpec) -> str:
    header = (
        f"-- raw_{ls.key}: {ls.label}, as written in the file.\n"
        "-- Grain: one row per non-blank data row read from the list's sheet (every submission);\n"
        "-- nothing is dropped. Materialised: a table, filled by ingest/load.py. Every spec\n"
        "-- column is text, so the table binds whatever the file held: a column missing from a\n"
        "-- file is null (and reported); typing is staging's job (sql/10_staging).\n"
        + GENERATED_NOTE
    )
    return header + _table_sql(f"raw_{ls.key}", [(c.name, "varchar") for c in ls.columns])


def typed_columns(ls: ListSpec) -> list[tuple[str, str]]:
    """Every spec column with its SQL type, then the group of each grouped coded column."""
    return ([(c.name, SQL_TYPE[c.type]) for c in ls.columns]
            + [(f"{c.name}_group", "varchar") for c in ls.group_columns()])


def typed_sql(ls: ListSpec) -> str:
    header = (
        f"-- int_{ls.key}_rows: {ls.label}, typed: the rows and typed columns of stg_{ls.key}.\n"
        f"-- Grain: one row per source row of raw_{ls.key} (every submission).\n"
        "-- Materialised: a table, refreshed per write by annexa/store/materialise.py (typing\n"
        "-- in the view costs seconds per large LA; the analysis reads this copy instead).\n"
        f"-- {UNREAD}: the coded columns whose value was written but is not a template code.\n"
        + GENERATED_NOTE
    )
    return header + _table_sql(f"int_{ls.key}_rows",
                               [*typed_columns(ls), (UNREAD, "varchar[]")])


def _quote(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def code_source_sql() -> str:
    """ref_code_source: every official code with its token, detail and groups.

    kind = 'text' for the code and its detail, 'token' for its short form (C1, WBRI, RC1). How
    a value as written is read as one of these is ingest/codes/read.py's job."""
    rows = []
    for list_name, body in load_spec().codes.items():
        for order, e in enumerate(body["entries"]):
            forms = [("text", e["code"])]
            if e.get("detail"):
                forms.append(("text", e["detail"]))
            if e.get("token"):
                forms.append(("token", e["token"]))
            rows += [(list_name, e["code"], kind, alias, e.get("group"), e.get("group2"), order)
                     for kind, alias in forms]
    values = ",\n".join("    (" + ", ".join(_quote(v) for v in r) + ")" for r in rows)
    header = (
        "-- ref_code_source: every official code of every code list, with its short token, its\n"
        "-- detail and its groups, from the template's code lists and the codes added since\n"
        "-- (ingest/spec/code_validity.toml).\n"
        "-- Grain: one row per code list, code and form (kind 'text': the code or its detail;\n"
        "-- 'token': its short form such as C1, WBRI, RC1). Materialised: a table, rebuilt with\n"
        "-- the schema. How a value as written is read as one of these is "
        "ingest/codes/read.py's job.\n"
        + GENERATED_NOTE
    )
    return (header
            + "create or replace table ref_code_source (code_list varchar, code varchar, "
              "kind varchar, alias varchar,\n"
              "    code_group varchar, code_group2 varchar, sort_order integer);\n"
            + "insert into ref_code_source values\n" + values + ";\n")


def expected_files() -> dict[Path, str]:
    """Every generated file, by path, with the text this module writes to it."""
    lists = list(load_spec().lists.values())
    files = {RAW_DIR / f"raw_{ls.key}.sql": raw_sql(ls) for ls in lists}
    files[CODE_SOURCE_FILE] = code_source_sql()
    files |= {STAGING_DIR / f"stg_{ls.key}.sql": staging_sql(ls) for ls in lists}
    files |= {TYPED_DIR / f"int_{ls.key}_rows.sql": typed_sql(ls) for ls in lists}
    return files


def write_all() -> list[str]:
    written = []
    for path, text in expected_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(str(path.relative_to(SQL_DIR)))
    return written


if __name__ == "__main__":
    changed = write_all()
    print("\n".join(changed) if changed else "generated SQL already up to date", file=sys.stderr)
