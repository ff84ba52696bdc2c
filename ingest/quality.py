"""Data-quality checks for one submission, stored in dq_issues (issue 2, item 5).

Each problem has a stable code, names its list, sheet, row, column and value, and says what to do.
Row-level checks are SQL over the staging views; this module only assembles, per list, one
statement covering the columns the spec gives that list, so each list is scanned once.
Codes: missing_list, missing_column, unknown_column, duplicate_column, duplicate_list,
ignored_sheet, empty_list (found while reading, ingest/load.py), the code values'
(ingest/code_readings.py) and unparseable_date, invalid_number, blank_child_id, duplicate_child,
end_before_start, future_event, age_mismatch, cross_list, missing_value, excel_error,
duplicate_row, invalid_postcode (here; docs/data-quality.md, "Row checks added in issue 11").
A line may stand for several rows (dq_issues.row_count, sample_rows): missing_value is one line
per column, excel_error one per column and error, duplicate_row one per set of identical rows.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from annexa.store.parallel import map_with_cursors
from annexa.store.warehouse import insert_rows, one, run
from ingest import code_readings
from ingest.spec import load_spec

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


# A supplied age a whole year or more from the age the date of birth gives on the as-at date is a
# mismatch (docs/data-quality.md, "Row checks added in issue 11"): one year is a note (info), as
# an LA may have computed ages on its extract date or at the event; two or more is a warning.
AGE_WARNING_YEARS = 2

# Postcode columns: a full UK postcode (any case, with or without its space: 'SW1A 1AA',
# 'm11ae') or its outward code alone ('SW1A', 'M1'), which LAs often give for a child's
# placement for privacy (docs/data-quality.md, "Row checks added in issue 11").
POSTCODE_COLUMNS = {("list_8", "placement_postcode")}
POSTCODE_SHAPE = "([A-Z]{1,2}[0-9][A-Z0-9]?([0-9][A-Z]{2})?|GIR0AA)"

# Row numbers quoted in a grouped message ("in 37 rows (first: 15, 18, 40, 52, 60)") and kept in
# dq_issues.sample_rows.
ROWS_QUOTED = 5
SAMPLE_ROWS = 10

# Severity and message of each cell-level code; in the messages `value` is the cell as written
# and `hdr` the column's template header.
CELL_CODES = {
    "unparseable_date": ("error", "'''' || value || ''' is not a date. Write it as dd/mm/yyyy or "
                                  "as an Excel date.'"),
    "future_event": ("warning", "hdr || ' (' || strftime(parse_date(value), '%d/%m/%Y') || ') "
                                "is after the as-at date (' || strftime(as_at, '%d/%m/%Y') || "
                                "'). Check the date, or the as-at date of the submission.'"),
    "invalid_number": ("error", "'''' || value || ''' is not ' || case when column_name = 'age' "
                                "then 'an age in years (-1 for an unborn child)' else 'a whole "
                                "number of 0 or more' end || '.'"),
    # The postcode is where a child in care lives: it stays in the value column, out of the
    # message (which the CLI prints).
    "invalid_postcode": ("warning", "'''' || hdr || ''' is not a UK postcode. Write a full "
                                    "postcode (such as SW1A 1AA) or the postcode district alone "
                                    "(such as SW1A), or leave it blank if it is not known.'"),
}


def _rows_text(n: str, rows: str) -> str:
    """SQL for 'row 15' or '37 rows (first: 15, 18, 40, 52, 60)' from a count and a sorted list."""
    quoted = f"array_to_string({rows}[1:{ROWS_QUOTED}], ', ')"
    return (f"case when {n} = 1 then 'row ' || {rows}[1] "
            f"when {n} <= {ROWS_QUOTED} then {n} || ' rows (' || {quoted} || ')' "
            f"else {n} || ' rows (first: ' || {quoted} || ')' end")


# What the cell checks need to know of a column, as bit flags (one small list per row, so the
# plan does not grow with the list's width: a branch per column made a 34-column list slow).
REQUIRED, DATE, FUTURE, NUMBER, POSTCODE = 1, 2, 4, 8, 16


def _column_flags(list_key: str, ls, col) -> int:
    flags = REQUIRED if col.required and col.name != ls.child_key else 0
    if col.type == "date":
        flags |= DATE | (FUTURE if col.name != "dob" else 0)
    elif col.type in ("int", "age"):
        flags |= NUMBER
    elif (list_key, col.name) in POSTCODE_COLUMNS:
        flags |= POSTCODE
    return flags


def _cells_sql(list_key: str, ls) -> str:
    """The list's cells that have a problem: (sheet, row, column, text as written, as-at date,
    code). Every cell becomes a row (one small list per row, so the plan does not grow with the
    list's width); the close looks are only for the few whose typed value is null.

    One problem per cell: an Excel error is only excel_error (never also blank, not a date, not a
    number or not a code), a blank cell only missing_value (docs/data-quality.md, "Row checks
    added in issue 11"). Typing gives null for every Excel error and blank, so a typed value
    needs no closer look. Coded values are read and reported by ingest/code_readings.py."""
    cols = ls.columns
    flags = {c.name: _column_flags(list_key, ls, c) for c in cols}
    names = ", ".join(f"'{c.name}'" for c in cols)
    raws = ", ".join(f"{c.name}__raw" for c in cols)
    untyped = ", ".join(f"{c.name} is null" for c in cols)
    after = ", ".join(f"{c.name} > as_at" if flags[c.name] & FUTURE else "false" for c in cols)
    bits = ", ".join(str(flags[c.name]) for c in cols)
    # The CASE's branches run only for the cells that reach them, so the close looks cost little
    # (the macros use patterns, not IN lists, which the optimiser would run for every cell).
    return f"""
    select * from (
        select sheet, row_number, column_name, raw as value, as_at,
            case
                when raw is null then case when flags & {REQUIRED} <> 0 then 'missing_value' end
                when not untyped then case
                    when after then 'future_event'
                    when flags & {POSTCODE} <> 0 and not regexp_full_match(
                        upper(regexp_replace(raw, '[\\s\\xa0]+', '', 'g')), '{POSTCODE_SHAPE}')
                        then 'invalid_postcode'
                end
                when is_excel_error(raw) then 'excel_error'
                when is_blank(raw) then case when flags & {REQUIRED} <> 0
                    then 'missing_value' end
                when flags & {DATE} <> 0 then 'unparseable_date'
                when flags & {NUMBER} <> 0 then 'invalid_number'
            end as code
        from (
            select sheet, row_number, as_at, unnest([{names}]) as column_name,
                unnest([{raws}]) as raw, unnest([{untyped}]) as untyped,
                unnest([{after}]) as after, unnest([{bits}]) as flags
            from s
        )
    )
    where code is not null"""


def _list_checks_sql(list_key: str) -> str | None:
    """One insert covering every per-row check of one list."""
    spec = load_spec()
    ls = spec.lists[list_key]
    label = _sql_text(ls.label)
    columns = [c.name for c in ls.columns]
    raw = {c: f"{c}__raw" for c in columns}
    headers = _case("column_name", {c.name: c.header.strip() for c in ls.columns})
    parts: list[str] = []
    # Cell-level checks (_cells_sql): one line per cell, or per column and kind (grouped below).
    row_codes = ", ".join(f"'{k}'" for k in CELL_CODES)
    severities = " ".join(f"when '{k}' then '{sev}'" for k, (sev, _) in CELL_CODES.items())
    messages = " ".join(f"when '{k}' then {msg}" for k, (_, msg) in CELL_CODES.items())
    parts.append(
        f"select code, case code {severities} end, sheet, row_number, column_name, value, "
        f"case code {messages} end, null, null "
        f"from (select *, {headers} as hdr from cells) where code in ({row_codes})")
    # Blank cells, one line per column the sheet has (a column missing from the sheet is
    # missing_column); Excel errors, one line per column and error.
    grouped = ("select sheet, column_name, {value} as value, count(*) as n, "
               "list(row_number order by row_number) as rows from cells "
               "semi join list_columns as lc on lc.submission_id = $sid "
               f"and lc.list = '{list_key}' and lc.sheet = cells.sheet "
               "and lc.column_name = cells.column_name "
               "where code = '{code}' group by sheet, column_name{by}")
    parts.append(
        "select 'missing_value', 'warning', sheet, rows[1], column_name, null, "
        f"'''' || {headers} || ''' is blank in ' || {_rows_text('n', 'rows')} || '. The template "
        "asks for it on every row: fill it in or say why it is not recorded.', "
        f"n, rows[1:{SAMPLE_ROWS}] "
        f"from ({grouped.format(value='null', code='missing_value', by='')})")
    parts.append(
        "select 'excel_error', 'warning', sheet, rows[1], column_name, value, "
        f"'''' || value || ''' is an Excel error, not a value: ''' || {headers} || ''' holds it "
        f"in ' || {_rows_text('n', 'rows')} || '. It was kept as written ' || case when "
        f"column_name = '{ls.child_key}' then 'and the row cannot be linked to the child on other "
        "lists' else 'and counts as blank' end || '. Correct the formula or type the value in "
        "the workbook, and load it again.', "
        f"n, rows[1:{SAMPLE_ROWS}] "
        f"from ({grouped.format(value='any_value(value)', code='excel_error', by=', value')})")
    # Identical rows: the same text in every column of the same sheet.
    parts.append(
        "select 'duplicate_row', 'warning', sheet, rows[1], null, null, "
        f"'Rows ' || array_to_string(rows[1:{SAMPLE_ROWS}], ', ') || case when n > {SAMPLE_ROWS} "
        f"then ' and ' || (n - {SAMPLE_ROWS}) || ' more' else '' end || ' are identical, the "
        "same in every column (' || n || ' rows, all loaded and counted). Remove the copies, or "
        "ask the LA whether they are separate events that the list cannot tell apart.', "
        f"n, rows[1:{SAMPLE_ROWS}] from copies")
    key = ls.child_key
    parts.append(
        f"select 'blank_child_id', 'error', sheet, row_number, '{key}', null, "
        f"'This row has no ' || {_sql_text(ls.column(key).header)} || '; it was loaded but "
        "cannot be linked to the child on other lists. Fill in the ID.', null, null "
        f"from s where {key} is null and not is_excel_error({raw[key]})"
    )
    if ls.one_row_per_child:
        # A child's exact copies are one duplicate_row line, not also duplicate_child: the
        # child is on the list more than once only when its rows differ.
        parts.append(
            "select 'duplicate_child', 'warning', sheet, row_number, 'child_id', child_id, "
            f"'Child appears ' || n || ' times on ' || {label} || ' (rows ' || rows || '). "
            "Annex A asks for one row per child with the most recent event (ILACS ¶260); all rows "
            "were kept and the most recent is used.', null, null "
            "from (select sheet, row_number, child_id, count(*) over w as n, "
            "string_agg(row_number::varchar, ', ' order by row_number) over w as rows "
            "from s anti join (select source_file, sheet, unnest(rows[2:]) as row_number "
            "from copies) as c using (source_file, sheet, row_number) "
            # Only the children with two rows or more go through the window: most have one.
            "where child_id in (select child_id from s where child_id is not null "
            "group by child_id having count(*) > 1) "
            "window w as (partition by child_id)) where n > 1"
        )
    for lk, start, end in END_AFTER_START:
        if lk == list_key:
            parts.append(
                f"select 'end_before_start', 'warning', sheet, row_number, '{end}', {end}__raw, "
                f"'{ls.column(end).header.strip()} (' || strftime({end}, '%d/%m/%Y') || ') is "
                f"before {ls.column(start).header.strip()} (' || strftime({start}, '%d/%m/%Y') || "
                "'). Check both dates.', null, null "
                f"from s where {end} < {start}"
            )
    if "age" in columns and "dob" in columns:
        parts.append(
            "select 'age_mismatch', case when gap >= "
            f"{AGE_WARNING_YEARS} then 'warning' else 'info' end, sheet, row_number, 'age', "
            "age__raw, 'Age ' || age || case when gap = 1 then ' is one year from the age the "
            "date of birth ' || strftime(dob, '%d/%m/%Y') || ' gives at the as-at date (' || "
            "computed || '): perhaps worked out on another date, such as the extract date.' "
            "else ' does not match the date of birth ' || strftime(dob, '%d/%m/%Y') || ' (age ' "
            "|| computed || ' at the as-at date, ' || gap || ' years apart).' end || ' The date "
            "of birth is used (docs/methodology/data.md D6).', null, null "
            "from (select *, age_on(dob, as_at) as computed, abs(age - computed) as gap from s) "
            "where gap >= 1"
        )
    selects = "\nunion all\n".join(parts)
    raw_cols = ", ".join(f"raw.{c} as {raw[c]}" for c in columns)
    same = ", ".join(raw.values())
    # Typed values come from the analysis model's typed copy (annexa/store/materialise.py), built
    # once
    # per write; the raw text beside them is what the cell checks and identical rows look at.
    return (
        f"insert into dq_issues ({DQ_COLUMNS}, row_count, sample_rows)\n"
        "with s as materialized (\n"
        f"    select typed.*, {raw_cols}, hash({same}) as row_hash, sub.as_at_date as as_at\n"
        f"    from int_{list_key}_rows as typed\n"
        f"    join raw_{list_key} as raw using (submission_id, source_file, sheet, row_number)\n"
        "    join submissions as sub using (submission_id)\n"
        "    where typed.submission_id = $sid\n"
        "),\n"
        f"cells as materialized ({_cells_sql(list_key, ls)}\n),\n"
        # Rows whose hashes match are compared in full: hashing every row is cheaper than
        # grouping every row by all its columns.
        "copies as materialized (\n"
        "    select source_file, sheet, count(*) as n,\n"
        "        list(row_number order by row_number) as rows\n"
        "    from s where (source_file, sheet, row_hash) in (\n"
        "        select (source_file, sheet, row_hash) from s\n"
        "        group by source_file, sheet, row_hash having count(*) > 1)\n"
        f"    group by source_file, sheet, {same} having count(*) > 1\n"
        "),\n"
        "found (code, severity, sheet, row_number, column_name, value, message, row_count, "
        "sample_rows) as (\n"
        f"{selects}\n)\n"
        f"select $sid, code, severity, '{list_key}', found.sheet, found.row_number, "
        "found.column_name, lc.header, found.value, found.message, found.row_count, "
        "found.sample_rows\n"
        "from found left join list_columns as lc on lc.submission_id = $sid "
        f"and lc.list = '{list_key}' and lc.sheet = found.sheet "
        "and lc.column_name = found.column_name"
    )


def run_checks(con: duckdb.DuckDBPyConnection, submission_id: int) -> None:
    # Lists with no row have nothing to check (every check reads the list's rows), and each
    # statement costs tens of milliseconds to plan whatever it reads.
    loaded = {
        r[0]
        for r in con.execute(
            "select list from list_loads where submission_id = ? group by list "
            "having sum(rows_loaded) > 0", [submission_id]
        ).fetchall()
    }
    statements = [_list_checks_sql(k) for k in load_spec().lists if k in loaded]
    statements += code_readings.problem_statements(con, submission_id)
    # Lists are checked side by side (annexa/store/parallel.py): each statement is mostly planning.
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


def infer_as_at(con: duckdb.DuckDBPyConnection, submission_id: int) -> dt.date | None:
    """docs/methodology/windows.md W1: the latest event date in the lists, ignoring dates after
    today; None when the lists have none (the load then asks for the date: docs/data-quality.md,
    "Row checks added in issue 11"), never today's date in silence."""
    # The raw text parsed as staging parses it (parse_date), not the staging views: those join
    # every coded column's readings, which cost a large LA half a second here for nothing.
    parts = []
    for ls in load_spec().lists.values():
        dates = [col.name for col in ls.columns if col.type == "date" and col.name != "dob"]
        if dates:
            parsed = ", ".join(f'parse_date("{name}")' for name in dates)
            parts.append(
                f"select unnest([{parsed}]) as d from {ls.table} where submission_id = $sid")
    row = one(con, f"select max(d) filter (where d <= current_date) "
                   f"from ({' union all '.join(parts)})", {"sid": submission_id})
    return row[0]


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
        "select code, severity, list, sheet, row_number, column_name, header, value, message, "
        "row_count, sample_rows from dq_issues where submission_id = ? "
        # Lists are checked side by side, so the order rows were stored in varies: sort fully.
        "order by severity = 'info', severity = 'warning', list, sheet, row_number, code, "
        "column_name, value, message",
        [submission_id],
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


GROUP_COLUMNS = (
    "sort_order, severity, code, title, category, list, sheet, column_name, column_letter, "
    "header, value, n_rows, n_lines, first_rows, cells, what_to_do, example_message, same_message"
)


def problem_groups(con: duckdb.DuckDBPyConnection, submission_id: int) -> list[dict]:
    """The submission's problems grouped as the analyst reads them (docs/data-quality.md, "How
    problems are grouped"): one dict per code, severity, list, sheet, column and value, with the
    rows it covers, Excel-style cell references and what to do; errors first
    (sql/30_marts/15_quality/dq_issue_groups.sql)."""
    cur = con.execute(
        f"select {GROUP_COLUMNS} from dq_issue_groups where submission_id = ? "
        "order by sort_order",
        [submission_id],
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
