"""Storing how each coded value of a submission was read, and the problems that follow from it.

`refresh` reads every distinct value of every coded column once per submission with
ingest/codes/ (a few hundred values, not one per row) and stores the readings in
`code_readings`; the staging views join them (sql/10_staging). `problem_statements` reports what
the readings found (docs/data-quality.md, "Code values"): values that are not a code, conflicts,
ambiguous values, codes outside their collection years (one line per cell), and every non-template
spelling that was read as a code (one line per column and spelling). `recode_submissions` reads
an LA's loaded submissions again after its own mappings changed, without the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import ftfy

from annexa.store.warehouse import insert_rows, one, run
from ingest import codes
from ingest.spec import SPEC_PATH, VALIDITY_PATH, load_spec

COLUMNS = ["submission_id", "list", "column_name", "raw", "code", "code_group", "status",
           "candidates", "note"]

# What each non-exact status is reported as: (problem code, severity).
PROBLEM_OF_STATUS = {
    "unmapped": ("unmapped_code", "error"),
    "conflict": ("code_conflict", "error"),
    "ambiguous": ("ambiguous_code", "warning"),
    "retired": ("retired_code", "warning"),
    "not_yet_valid": ("code_not_yet_valid", "warning"),
}
MAPPED_STATUSES = ("variant", "la_mapping")


def rules_version() -> str:
    """Changes when anything that decides a reading changes: then every reading is made again.
    The readers are every module of ingest/codes/ and the lexicon (codes.rule_files)."""
    h = hashlib.sha256()
    # ftfy decides how mojibake is repaired (ingest/text_repair.py): a new version may read a
    # value otherwise.
    h.update(f"ftfy {ftfy.__version__}".encode())
    for path in (SPEC_PATH, VALIDITY_PATH, *codes.rule_files(), Path(__file__)):
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()


def _coded_columns():
    for ls in load_spec().lists.values():
        for c in ls.columns:
            if c.type == "code":
                yield ls, c


def _distinct_values_sql(only_ids: bool) -> str:
    where = "and list_contains($ids, submission_id)" if only_ids else ""
    parts = [
        f"select distinct submission_id, '{ls.key}' as list, '{c.name}' as column_name, "
        f'"{c.name}" as raw from {ls.table} '
        f'where not is_blank("{c.name}") and not is_excel_error("{c.name}") {where}'
        for ls, c in _coded_columns()
    ]
    return " union all ".join(parts)


def refresh(con: duckdb.DuckDBPyConnection, submission_ids: list[int] | None = None) -> int:
    """Read the coded values not yet read (of these submissions, or of all); return how many.

    When the rules have changed since the readings were made, every reading is made again.
    """
    version = rules_version()
    current = one(con, "select value from meta where key = 'code_rules_version'")
    if current is None or current[0] != version:
        run(con, "delete from code_readings")
        submission_ids = None
        run(con, "insert or replace into meta values ('code_rules_version', ?)", [version])
    if submission_ids is None and not one(con, "select exists(select 1 from submissions)")[0]:
        return 0  # a new database: nothing to read (the union below costs 0.1 s to plan)
    params = {"ids": submission_ids} if submission_ids is not None else {}
    values = con.execute(
        f"select v.submission_id, v.list, v.column_name, v.raw, s.la_code, s.as_at_date "
        f"from ({_distinct_values_sql(submission_ids is not None)}) as v "
        "join submissions as s using (submission_id) "
        "anti join code_readings as r on r.submission_id = v.submission_id "
        "and r.list = v.list and r.column_name = v.column_name and r.raw = v.raw",
        params,
    ).fetchall()
    if not values:
        return 0
    mappings = _la_mappings(con, {v[4] for v in values})
    rows = []
    for sid, list_key, column, raw, la_code, as_at in values:
        year = codes.collection_year(as_at) if isinstance(as_at, dt.date) else None
        r = codes.read_code(list_key, column, raw, year=year, la_mappings=mappings.get(la_code))
        rows.append((sid, list_key, column, raw, r.code, r.group, r.status,
                     list(r.candidates) or None, r.note or None))
    insert_rows(con, "code_readings", COLUMNS, rows)
    return len(rows)


def _la_mappings(con, la_codes: set[str]) -> dict[str, dict[tuple[str, str, str], str]]:
    out: dict[str, dict[tuple[str, str, str], str]] = {}
    for la, lst, col, spelling, code in con.execute(
        "select la_code, list, column_name, spelling, code from la_code_mappings "
        "where list_contains($las, la_code)", {"las": sorted(la_codes)}
    ).fetchall():
        out.setdefault(la, {})[(lst, col, codes.fold(spelling))] = code
    return out


# --------------------------------------------------------------------------------------- problems


def _sql_text(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def problem_statements(con: duckdb.DuckDBPyConnection, submission_id: int) -> list[str]:
    """One insert into dq_issues per list whose readings hold anything but exact codes."""
    interesting = con.execute(
        "select list, list(distinct column_name) from code_readings "
        "where submission_id = ? and status <> 'exact' group by list",
        [submission_id],
    ).fetchall()
    spec = load_spec()
    return [_list_problems_sql(spec.lists[lst], sorted(cols)) for lst, cols in interesting]


def _list_problems_sql(ls, columns: list[str]) -> str:
    spec = load_spec()
    titles = " ".join(
        f"when {_sql_text(c)} then {_sql_text(spec.codes[ls.column(c).codes]['title'])}"
        for c in columns)
    problem = " ".join(f"when '{s}' then '{p}'" for s, (p, _) in PROBLEM_OF_STATUS.items())
    severity = " ".join(f"when '{s}' then '{v}'" for s, (_, v) in PROBLEM_OF_STATUS.items())
    cols = ", ".join(f'"{c}"' for c in columns)
    year_to_do = ("'Ask the LA to use the code valid in the submission''s collection year "
                  "(docs/data-quality.md, \"Code values\").'")
    what_to_do = (
        "'Correct the value in the workbook, or, if it is this LA''s own spelling, declare what "
        "it means once (annexa mappings, or the Upload page).'")
    return f"""
insert into dq_issues (submission_id, code, severity, list, sheet, row_number, column_name,
    header, value, message, row_count, sample_rows)
with cells as (
    unpivot (select sheet, row_number, {cols} from {ls.table} where submission_id = $sid)
    on {cols} into name column_name value raw
),
read as (
    select c.sheet, c.row_number, c.column_name, c.raw, r.code, r.code_group, r.status,
        r.candidates, r.note, case c.column_name {titles} end as title
    from cells as c
    join code_readings as r on r.submission_id = $sid and r.list = '{ls.key}'
        and r.column_name = c.column_name and r.raw = c.raw
    where r.status <> 'exact'
),
found as (
    select case status {problem} end as code, case status {severity} end as severity,
        sheet, row_number, column_name, raw,
        '''' || raw || ''' ' || case status
            when 'unmapped' then 'is not one of the ' || title || ' codes; it was kept as '
                || 'written and is not counted. '
            when 'conflict' then 'is not counted: ' || note || '. '
            when 'ambiguous' then 'could be any of ' || array_to_string(candidates, '; ')
                || ', so it is not counted as one of them'
                || coalesce(' (it is counted in the group ''' || code_group || ''')', '')
                || '. '
            else 'in ' || title || ' is ' || note || '. '
        end || case when status in ('retired', 'not_yet_valid') then {year_to_do}
            else {what_to_do} end as message,
        null::integer as row_count, null::integer[] as sample_rows
    from read
    where status not in {MAPPED_STATUSES}
    union all
    select 'mapped_variant', 'info', sheet, min(row_number), column_name, raw,
        '''' || raw || ''' was read as ''' || any_value(code) || ''' (' || any_value(note)
            || ') in ' || count(*) || case when count(*) = 1 then ' row.' else ' rows.' end,
        count(*)::integer, list(row_number order by row_number)[1:10]
    from read
    where status in {MAPPED_STATUSES}
    group by sheet, column_name, raw
)
select $sid, found.code, found.severity, '{ls.key}', found.sheet, found.row_number,
    found.column_name, lc.header, found.raw, found.message, found.row_count, found.sample_rows
from found left join list_columns as lc on lc.submission_id = $sid and lc.list = '{ls.key}'
    and lc.sheet = found.sheet and lc.column_name = found.column_name
"""


def recode_submissions(con: duckdb.DuckDBPyConnection, submission_ids: list[int]) -> None:
    """Read these submissions' coded values again (after an LA's own mappings changed), retype
    their typed copies and run their row checks again; the files are not needed. Inside an open
    write transaction. Problems found while reading the files (headers, sheets) are kept."""
    from annexa.store import materialise
    from ingest import quality
    from ingest.load import READ_PROBLEM_CODES

    if not submission_ids:
        return
    ids = {"ids": list(submission_ids)}
    run(con, "delete from code_readings where list_contains($ids, submission_id)", ids)
    refresh(con, list(submission_ids))
    run(con, "delete from int_list_copies where list_contains($ids, submission_id)", ids)
    materialise.refresh(con)
    run(con, "delete from dq_issues where list_contains($ids, submission_id) "
             "and not list_contains($read, code)", {**ids, "read": list(READ_PROBLEM_CODES)})
    for sid in submission_ids:
        quality.run_checks(con, sid)
