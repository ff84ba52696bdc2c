"""Writes sql/10_staging/stg_<list>.sql from the spec, so staging and spec cannot drift apart.

The files are committed and read like hand-written SQL; tests/test_staging_sql.py fails when
they differ from what this module would write. Regenerate with `python -m ingest.staging_sql`.
"""

from __future__ import annotations

import sys

from annexa.store.warehouse import SQL_DIR
from ingest.spec import ListSpec, load_spec

STAGING_DIR = SQL_DIR / "10_staging"

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
        "-- where ingest/codes.py read each distinct value once per submission and column\n"
        "-- (docs/data-quality.md, \"Code values\"); IDs clean_id (docs/methodology/data.md D1).\n"
        "-- A value that fails to type is null here and kept as written in\n"
        "-- <column>__raw, so data-quality checks can report it.\n"
        "-- Generated from ingest/spec/annex_a.toml by `python -m ingest.staging_sql`:\n"
        "-- edit the spec, not this file.\n"
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


def expected_files() -> dict[str, str]:
    return {f"stg_{ls.key}.sql": staging_sql(ls) for ls in load_spec().lists.values()}


def write_all() -> list[str]:
    STAGING_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in expected_files().items():
        path = STAGING_DIR / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(name)
    return written


if __name__ == "__main__":
    changed = write_all()
    print("\n".join(changed) if changed else "staging SQL already up to date", file=sys.stderr)
