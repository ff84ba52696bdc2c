"""Data-quality checks for one submission, stored in dq_issues (issue 2, item 5).

Each problem has a stable code, names its list, sheet, row, column and value, and says what to do.
Row-level checks are SQL over the staging views; this module only assembles, per list, one
statement covering the columns the spec gives that list, so each list is scanned once.
Codes: missing_list, missing_column, unknown_column, duplicate_column, duplicate_list,
ignored_sheet, empty_list (found while reading, ingest/load.py) and unparseable_date,
unmapped_code, invalid_number, blank_child_id, duplicate_child, end_before_start, future_event,
age_mismatch, cross_list (here).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from ingest.parallel import map_with_cursors
from ingest.spec import load_spec
from ingest.warehouse import insert_rows, one, run

# Start and end of the same episode on one row: the end cannot come first.
END_AFTER_START = [
    ("list_2", "eh_start_date", "eh_end_date"),
    ("list_4", "assessment_start_date", "assessment_auth_date"),
    ("list_5", "s47_start_date", "icpc_date"),
    ("list_6", "cin_start_date", "cin_end_date"),
    ("list_7", "cp_start_date", "cp_end_date"),
    ("list_8", "cla_start_date", "cla_end_date"),
    ("list_10", "adm_decision_date", "adoption_order_date"),
    ("list_11", "enquiry_date", "approval_date"),
]

# A supplied age this many years from the age computed on the as-at date is a mismatch. One year
# of slack allows an LA that computed age on its extract date rather than at notification.
AGE_TOLERANCE_YEARS = 2

DQ_COLUMNS = (
    "submission_id, code, severity, list, sheet, row_number, column_name, header, value, message"
)


def store_problems(
    con: duckdb.DuckDBPyConnection, submission_id: int, problems: list[dict]
) -> None:
    rows = [
        (
            submission_id,
            p["code"],
            p["severity"],
            p.get("list"),
            p.get("sheet"),
            p.get("row_number"),
            p.get("column_name"),
            p.get("header"),
            p.get("value"),
            p["message"],
        )
        for p in problems
    ]
    insert_rows(con, "dq_issues", [c.strip() for c in DQ_COLUMNS.split(",")], rows)


def _sql_text(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _case(column: str, mapping: dict[str, str]) -> str:
    whens = " ".join(f"when '{k}' then {_sql_text(v)}" for k, v in mapping.items())
    return f"(case {column} {whens} end)"


def _unpivot(columns: dict[str, str], keep: tuple[str, ...] = ()) -> str:
    """Cells as rows: (sheet, row_number, column_name, value) for the non-null expressions."""
    kept = "".join(f", {k}" for k in keep)
    exprs = ", ".join(f"{expr} as {name}" for name, expr in columns.items())
    return (f"(unpivot (select sheet, row_number{kept}, {exprs} from s) "
            f"on {', '.join(columns)} into name column_name value value)")


def _list_checks_sql(list_key: str) -> str | None:
    """One insert covering every per-row check of one list."""
    spec = load_spec()
    ls = spec.lists[list_key]
    label = _sql_text(ls.label)
    parts: list[str] = []
    # Cell-level checks: one branch per kind, unpivoted (a branch per column made the plan of a
    # 34-column list slow to build). Each column yields its raw text where the check fails, else
    # null; UNPIVOT keeps only the non-null cells.
    bad = "case when {c} is null and not is_blank({c}__raw) then {c}__raw end"
    dates = {c.name: bad.format(c=c.name) for c in ls.columns if c.type == "date"}
    codes = {c.name: bad.format(c=c.name) for c in ls.columns if c.type == "code"}
    numbers = {c.name: bad.format(c=c.name) for c in ls.columns if c.type in ("int", "age")}
    future = {c.name: f"case when {c.name} > as_at then {c.name}__raw end"
              for c in ls.columns if c.type == "date" and c.name != "dob"}
    code_titles = _case("column_name", {c.name: spec.codes[c.codes]["title"]
                                        for c in ls.columns if c.type == "code"})
    headers = _case("column_name", {c.name: c.header.strip() for c in ls.columns})
    if dates:
        parts.append(
            "select 'unparseable_date', 'error', sheet, row_number, column_name, value, "
            "'''' || value || ''' is not a date. Write it as dd/mm/yyyy or as an Excel date.' "
            f"from {_unpivot(dates)}")
    if future:
        parts.append(
            "select 'future_event', 'warning', sheet, row_number, column_name, value, "
            f"{headers} || ' (' || strftime(parse_date(value), '%d/%m/%Y') || ') is after the "
            "as-at date (' || strftime(as_at, '%d/%m/%Y') || '). Check the date, or the "
            f"as-at date of the submission.' from {_unpivot(future, keep=('as_at',))}")
    if codes:
        parts.append(
            "select 'unmapped_code', 'error', sheet, row_number, column_name, value, "
            f"'''' || value || ''' is not one of the ' || {code_titles} || ' codes; it was kept "
            "as written and counted as unmapped. Use a code from the template''s Codes_used "
            f"sheet.' from {_unpivot(codes)}")
    if numbers:
        parts.append(
            "select 'invalid_number', 'error', sheet, row_number, column_name, value, "
            "'''' || value || ''' is not ' || case when column_name = 'age' then 'an age in "
            "years (-1 for an unborn child)' else 'a whole number of 0 or more' end || '.' "
            f"from {_unpivot(numbers)}")
    key = ls.child_key
    parts.append(
        f"select 'blank_child_id', 'error', sheet, row_number, '{key}', null, "
        f"'This row has no ' || {_sql_text(ls.column(key).header)} || '; it was loaded but "
        "cannot be linked to the child on other lists. Fill in the ID.' "
        f"from s where {key} is null"
    )
    if ls.one_row_per_child:
        parts.append(
            "select 'duplicate_child', 'warning', sheet, row_number, 'child_id', child_id, "
            f"'Child appears ' || n || ' times on ' || {label} || ' (rows ' || rows || '). "
            "Annex A asks for one row per child with the most recent event (ILACS ¶260); all rows "
            "were kept and the most recent is used.' "
            "from (select *, count(*) over w as n, "
            "string_agg(row_number::varchar, ', ' order by row_number) over w as rows "
            "from s where child_id is not null window w as (partition by child_id)) where n > 1"
        )
    for lk, start, end in END_AFTER_START:
        if lk == list_key:
            parts.append(
                f"select 'end_before_start', 'warning', sheet, row_number, '{end}', {end}__raw, "
                f"'{ls.column(end).header.strip()} (' || strftime({end}, '%d/%m/%Y') || ') is "
                f"before {ls.column(start).header.strip()} (' || strftime({start}, '%d/%m/%Y') || "
                "'). Check both dates.' "
                f"from s where {end} < {start}"
            )
    if any(c.name == "age" for c in ls.columns) and any(c.name == "dob" for c in ls.columns):
        parts.append(
            "select 'age_mismatch', 'warning', sheet, row_number, 'age', age__raw, "
            "'Age ' || age || ' does not match the date of birth ' || strftime(dob, '%d/%m/%Y') "
            "|| ' (age ' || age_on(dob, as_at) || ' at the as-at date). The date of birth is "
            "used (DECISIONS.md 7).' "
            f"from s where abs(age - age_on(dob, as_at)) >= {AGE_TOLERANCE_YEARS}"
        )
    selects = "\nunion all\n".join(parts)
    raw_cols = ", ".join(f"raw.{c.name} as {c.name}__raw" for c in ls.columns
                         if c.type in ("date", "int", "age", "code"))
    # Typed values come from the analysis model's typed copy (ingest/materialise.py), built once
    # per write; the raw text beside them only matters where typing failed.
    return (
        f"insert into dq_issues ({DQ_COLUMNS})\n"
        "with s as materialized (\n"
        f"    select typed.*, {raw_cols}, sub.as_at_date as as_at\n"
        f"    from int_{list_key}_rows as typed\n"
        f"    join raw_{list_key} as raw using (submission_id, source_file, sheet, row_number)\n"
        "    join submissions as sub using (submission_id)\n"
        "    where typed.submission_id = $sid\n"
        "),\n"
        "found (code, severity, sheet, row_number, column_name, value, message) as (\n"
        f"{selects}\n)\n"
        f"select $sid, code, severity, '{list_key}', found.sheet, found.row_number, "
        "found.column_name, lc.header, found.value, found.message\n"
        "from found left join list_columns as lc on lc.submission_id = $sid "
        f"and lc.list = '{list_key}' and lc.sheet = found.sheet "
        "and lc.column_name = found.column_name"
    )


def run_checks(con: duckdb.DuckDBPyConnection, submission_id: int) -> None:
    loaded = {
        r[0]
        for r in con.execute(
            "select distinct list from list_loads where submission_id = ?", [submission_id]
        ).fetchall()
    }
    statements = [_list_checks_sql(k) for k in load_spec().lists if k in loaded]
    # Lists are checked side by side (ingest/parallel.py): each statement is mostly planning.
    map_with_cursors(con, lambda cur, sql: run(cur, sql, {"sid": submission_id}),
                     [*statements, CROSS_LIST_SQL])


# ¶259: the same child ID across lists lets inspectors see where a child appears; these are the
# memberships the lists' own definitions imply (template Guidance: list 6 includes children on
# CP plans and in care; list 6 "Case status" names the plan the child is on).
CROSS_LIST_SQL = f"""
insert into dq_issues ({DQ_COLUMNS})
with
cin as (
    select distinct child_id from int_list_6_rows
    where submission_id = $sid and child_id is not null
),
cp as (
    select distinct child_id from int_list_7_rows
    where submission_id = $sid and child_id is not null
),
cla as (
    select distinct child_id from int_list_8_rows
    where submission_id = $sid and child_id is not null
),
has6 as (select count(*) > 0 as ok from list_loads where submission_id = $sid and list = 'list_6'),
has7 as (select count(*) > 0 as ok from list_loads where submission_id = $sid and list = 'list_7'),
has8 as (select count(*) > 0 as ok from list_loads where submission_id = $sid and list = 'list_8'),
found as (
    select 'list_7' as list, sheet, row_number, child_id,
        'Child is on a child protection plan (list 7) but not on list 6, which should include '
        || 'every child on a plan (ILACS ¶259).' as message
    from int_list_7_rows
    where submission_id = $sid and child_id not in (select child_id from cin)
        and (select ok from has6)
    union all
    select 'list_8', sheet, row_number, child_id,
        'Child is looked after (list 8, not ceased) but not on list 6, which should include '
        || 'every child in care (ILACS ¶259).'
    from int_list_8_rows
    where submission_id = $sid and cla_end_date is null
        and child_id not in (select child_id from cin) and (select ok from has6)
    union all
    select 'list_6', sheet, row_number, child_id,
        'List 6 case status is ''' || case_status || ''' but the child is not on list '
        || case when case_status like 'a)%' then '8' else '7' end || ' (ILACS ¶259).'
    from int_list_6_rows
    where submission_id = $sid and (
        (case_status = 'a) Looked after child' and child_id not in (select child_id from cla)
            and (select ok from has8))
        or (case_status = 'b) Child Protection plan' and child_id not in (select child_id from cp)
            and (select ok from has7)))
)
select $sid, 'cross_list', 'warning', list, sheet, row_number, 'child_id', null, child_id, message
from found
"""


def infer_as_at(con: duckdb.DuckDBPyConnection, submission_id: int) -> dt.date:
    """DECISIONS.md 1: the latest event date in the lists, ignoring dates after today."""
    parts = []
    for ls in load_spec().lists.values():
        for col in ls.columns:
            if col.type == "date" and col.name != "dob":
                parts.append(
                    f"select max({col.name}) as d from stg_{ls.key} "
                    f"where submission_id = $sid and {col.name} <= current_date"
                )
    row = one(con, f"select max(d) from ({' union all '.join(parts)})", {"sid": submission_id})
    return row[0] or dt.date.today()


def list_summary(con: duckdb.DuckDBPyConnection, submission_id: int) -> dict[str, dict]:
    rows = con.execute(
        "select list, string_agg(source_file || ' / ' || sheet, '; ' order by source_file, sheet), "
        "sum(rows_read), "
        "sum(rows_loaded) from list_loads where submission_id = ? group by list",
        [submission_id],
    ).fetchall()
    return {r[0]: {"source": r[1], "rows_read": int(r[2]), "rows_loaded": int(r[3])} for r in rows}


def problems_for(con: duckdb.DuckDBPyConnection, submission_id: int) -> list[dict]:
    cur = con.execute(
        "select code, severity, list, sheet, row_number, column_name, header, value, message "
        "from dq_issues where submission_id = ? "
        # Lists are checked side by side, so the order rows were stored in varies: sort fully.
        "order by severity = 'info', severity = 'warning', list, sheet, row_number, code, "
        "column_name, value, message",
        [submission_id],
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
