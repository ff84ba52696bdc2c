"""An LA's own spellings of coded values: declared once, applied to every load of that LA.

An LA's systems write some coded values their own way, again and again: a local contact-source
code, a team name used as a source ("MASH - Police" for "q) 6: Police"). Rather than fix the
files each time, the LA's spellings are declared once per (list, column, spelling) in the table
`la_code_mappings` (sql/00_base/00_tables.sql) and read before every other rule when that LA's
submissions are read (ingest/codes/read.py, step 5; docs/data-quality.md, "Code values"). They
are the LA's local words, never child data, and never go into the shared spec
(docs/data-quality.md, "Code values").

This module validates and stores them; `annexa mappings` (annexa/cli/mappings.py) and the Upload
page (dashboard/mappings_editor.py) call it. Every entry is checked before anything is
written: a known list, a coded column of it (spec type "code"), a code of that column's code
list (the official code, or any spelling read_code() reads as exact or variant; the official
code is what is stored) and a spelling that is not blank. A batch with any bad entry (a CSV
file, the page's table) is refused whole, naming every bad entry, so nothing is half-stored.

Writers take the connection of an open `warehouse.write_transaction` (the single writer, on a
private copy that replaces the database only on success), so a change and its application to
the loaded submissions (`apply_mappings`, via code_readings.recode_submissions) are one write.
Spellings match case-, space- and punctuation-blind (codes.fold): storing "mash - police" where
"MASH-Police" is stored for the same column replaces it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ingest.spec import Column, ListSpec, load_spec, normalise_header

CSV_COLUMNS = ("list", "column", "spelling", "code")
MAX_CSV_BYTES = 5_000_000  # a mappings file is a few hundred lines; anything this big is not one
MAX_SPELLING = 500
MAX_CODES_SHOWN = 25  # a refusal lists a column's codes, up to this many


class MappingError(ValueError):
    """One or more entries refused; `problems` holds (where, what to do) for each."""

    def __init__(self, problems: list[tuple[str | None, str]] | str):
        if isinstance(problems, str):
            problems = [(None, problems)]
        self.problems = problems
        super().__init__("\n".join(f"{where}: {what}" if where else what
                                   for where, what in problems))


@dataclass(frozen=True)
class Mapping:
    """One checked entry: canonical list key and column name, the spelling as the LA writes it
    (trimmed), and the official code it means."""

    list: str
    column: str
    spelling: str
    code: str

    @property
    def key(self) -> tuple[str, str, str]:
        """Its matching key: (list, column, folded spelling), as codes.read_code takes it."""
        from ingest.codes import fold

        return (self.list, self.column, fold(self.spelling))


# -------------------------------------------------------------------------------------- labels

def list_label(list_key: str) -> str:
    """'list_1' -> 'List 1: Contacts'."""
    ls = load_spec().lists.get(list_key)
    return ls.label if ls else list_key


def column_label(list_key: str, column: str) -> str:
    """The column's template header, as the LA's file has it ('Contact Source')."""
    ls = load_spec().lists.get(list_key)
    if ls is None:
        return column
    col = next((c for c in ls.columns if c.name == column), None)
    return col.header.strip() if col else column


def coded_lists() -> list[str]:
    """The lists with at least one coded column, in spec order."""
    return [k for k, ls in load_spec().lists.items() if coded_columns(k)]


def coded_columns(list_key: str) -> list[Column]:
    return [c for c in load_spec().lists[list_key].columns if c.type == "code"]


def code_options(list_key: str, column: str) -> list[str]:
    """The official codes a column may be mapped to, in the template's order."""
    col = load_spec().lists[list_key].column(column)
    return [e["code"] for e in load_spec().codes[col.codes]["entries"]]


# ---------------------------------------------------------------------------------- validation

def resolve_list(text: object) -> ListSpec:
    """'list_1', '1', 'List 1', 'List_1', 'L1', 'List 1: Contacts' or 'Contacts' -> list_1's spec;
    also the extras by key or title ('missing_exploitation')."""
    spec = load_spec()
    raw = "" if text is None else str(text).strip()
    key = normalise_header(raw).replace("_", " ")
    key = re.sub(r"\s+", " ", key).strip()
    if not key:
        raise MappingError("no list given: say which list, e.g. 'list_1', '1' or 'List 1'")
    m = re.fullmatch(r"(?:list ?|l ?)?0?(\d{1,2})(?::.*)?", key)
    if m and f"list_{int(m.group(1))}" in spec.lists:
        return spec.lists[f"list_{int(m.group(1))}"]
    for lk, ls in spec.lists.items():
        names = {lk.replace("_", " "), normalise_header(ls.title), normalise_header(ls.label)}
        if key in names:
            return ls
    raise MappingError(f"unknown list '{raw}': use a list number 1-11 ('list_1', '1' or "
                       "'List 1'), or 'missing_exploitation' for the 2.02 list")


def _coded_names(ls: ListSpec) -> str:
    cols = [c for c in ls.columns if c.type == "code"]
    if not cols:
        return f"{ls.label} has no coded columns"
    return f"the coded columns of {ls.label} are " + ", ".join(
        f"'{c.header.strip()}' ({c.name})" for c in cols)


def resolve_column(ls: ListSpec, text: object) -> Column:
    """A column of the list by canonical name or by header (the template's, or a known variant,
    as normalised for matching headers); refused unless it is a coded column."""
    raw = "" if text is None else str(text).strip()
    if not raw:
        raise MappingError(f"no column given: {_coded_names(ls)}")
    col = next((c for c in ls.columns if c.name == raw.lower()), None)
    if col is None:
        norm = normalise_header(raw)
        col = next((c for c in ls.columns if norm in c.keys), None)
    if col is None:
        raise MappingError(f"{ls.label} has no column '{raw}': {_coded_names(ls)}")
    if col.type != "code":
        raise MappingError(f"'{col.header.strip()}' of {ls.label} is a {col.type} column, not a "
                           f"coded one, so it takes no mappings: {_coded_names(ls)}")
    return col


def resolve_code(ls: ListSpec, col: Column, text: object) -> str:
    """The official code `text` names in this column: the code as the template writes it, or any
    spelling read_code() reads as exact or variant (not through an LA's mapping)."""
    from ingest import codes

    raw = "" if text is None else str(text).strip()
    options = code_options(ls.key, col.name)
    title = load_spec().codes[col.codes].get("title", col.codes)
    if raw in options:
        return raw
    if raw:
        reading = codes.read_code(ls.key, col.name, raw)
        if reading.status in ("exact", "variant") and reading.code in options:
            return reading.code
    shown = "no code given" if not raw else f"'{raw}' is not a code of '{col.header.strip()}'"
    listed = "; ".join(f"'{o}'" for o in options[:MAX_CODES_SHOWN])
    if len(options) > MAX_CODES_SHOWN:
        listed += (f" and {len(options) - MAX_CODES_SHOWN} more (the template's Codes_used "
                   "sheet, or the Upload page's list, has them all)")
    raise MappingError(f"{shown} (code list '{title}'): give one of {listed}")


def check(list_: object, column: object, spelling: object, code: object) -> Mapping:
    """One entry, checked; raises MappingError (one problem) saying what to do."""
    from ingest import codes

    ls = resolve_list(list_)
    col = resolve_column(ls, column)
    text = "" if spelling is None or (isinstance(spelling, float) and pd.isna(spelling)) \
        else str(spelling).strip()
    if not codes.fold(text):
        raise MappingError(f"the spelling is blank (or has no letters or digits): give the value "
                           f"as the LA writes it in '{col.header.strip()}'")
    if len(text) > MAX_SPELLING:
        raise MappingError(f"the spelling is {len(text)} characters long: a mapping is for a "
                           f"value of at most {MAX_SPELLING}")
    official = resolve_code(ls, col, code)
    own = codes.read_code(ls.key, col.name, text)
    if own.status == "exact" and own.code != official:
        raise MappingError(f"'{text}' is the official code '{own.code}' of "
                           f"'{col.header.strip()}': a mapping cannot make it mean another code "
                           f"('{official}'). Correct the values in the LA's file instead")
    return Mapping(ls.key, col.name, text, official)


def check_all(entries: Iterable[tuple[str, object, object, object, object]]) -> list[Mapping]:
    """Check a batch of (where, list, column, spelling, code); every bad entry is reported,
    with where it is, in one MappingError. Two entries with the same spelling (case- and
    space-blind) for the same column must agree; a repeat that agrees is kept once."""
    problems: list[tuple[str | None, str]] = []
    found: dict[tuple[str, str, str], tuple[str, Mapping]] = {}
    out: list[Mapping] = []
    for where, list_, column, spelling, code in entries:
        try:
            m = check(list_, column, spelling, code)
        except MappingError as exc:
            problems += [(where, what) for _, what in exc.problems]
            continue
        first = found.get(m.key)
        if first is None:
            found[m.key] = (where, m)
            out.append(m)
        elif first[1].code != m.code:
            problems.append((where, f"'{m.spelling}' is mapped to '{first[1].code}' at "
                                    f"{first[0]} and to '{m.code}' here (spellings match case- "
                                    "and space-blind): keep one"))
    if problems:
        raise MappingError(problems)
    return out


# ------------------------------------------------------------------------------------- the CSV

def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # saved from Excel as "CSV" on Windows


def read_csv(source: str | Path | bytes, *, name: str | None = None) -> list[Mapping]:
    """The checked mappings of a CSV with the columns list, column, spelling, code (any case,
    any order; other columns ignored). Blank lines are skipped. Any bad line: MappingError
    listing every bad line by its line number, and nothing returned."""
    if isinstance(source, bytes):
        data, label = source, name or "the file"
    else:
        path = Path(source)
        label = name or path.name
        try:
            if path.stat().st_size > MAX_CSV_BYTES:
                raise MappingError(f"{label} is larger than {MAX_CSV_BYTES // 1_000_000} MB: "
                                   "it is not a mappings file")
            data = path.read_bytes()
        except FileNotFoundError:
            raise MappingError(f"{label}: file not found. Check the path") from None
        except IsADirectoryError:
            raise MappingError(f"{label} is a folder, not a CSV file") from None
    if len(data) > MAX_CSV_BYTES:
        raise MappingError(f"{label} is larger than {MAX_CSV_BYTES // 1_000_000} MB: it is not a "
                           "mappings file")
    if b"\x00" in data[:4096]:
        raise MappingError(f"{label} is not a text CSV file (a workbook?): save it as CSV with "
                           f"the header {','.join(CSV_COLUMNS)}")
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    names = [(h or "").strip().lower() for h in header or []]
    missing = [c for c in CSV_COLUMNS if c not in names]
    if missing:
        raise MappingError(f"{label} has no column {', '.join(repr(m) for m in missing)}: its "
                           f"first line must be {','.join(CSV_COLUMNS)}")
    at = {c: names.index(c) for c in CSV_COLUMNS}
    entries = []
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row):
            continue
        cells = [row[at[c]] if at[c] < len(row) else "" for c in CSV_COLUMNS]
        entries.append((f"line {line}", *cells))
    if not entries:
        raise MappingError(f"{label} has a header but no mappings")
    return check_all(entries)


def import_csv(path: str | Path) -> list[Mapping]:
    """A mappings CSV, checked whole (see read_csv); store the rows with add_mappings."""
    return read_csv(path)


# -------------------------------------------------------------------------------------- storing

def check_la(la_code: object) -> str:
    code = "" if la_code is None else str(la_code).strip()
    if not code:
        raise MappingError("no LA code given: say which LA the spellings are from (--la)")
    return code


def list_mappings(con: duckdb.DuckDBPyConnection, la_code: str) -> pd.DataFrame:
    """The LA's mappings (list, column_name, spelling, code, added_at), in list and column order,
    then by spelling."""
    frame = con.execute(
        "select list, column_name, spelling, code, added_at from la_code_mappings "
        "where la_code = ?", [check_la(la_code)]).df()
    return sort_frame(frame)


def sort_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Mappings in the spec's order of lists and columns, then by spelling."""
    spec = load_spec()
    lists = {k: i for i, k in enumerate(spec.lists)}
    cols = {(k, c.name): i for k, ls in spec.lists.items() for i, c in enumerate(ls.columns)}
    order = frame.assign(
        _l=frame["list"].map(lambda k: lists.get(k, 99)),
        _c=[cols.get((k, c), 99) for k, c in zip(frame["list"], frame["column_name"],
                                                   strict=True)],
        _s=frame["spelling"].str.lower())
    return (order.sort_values(["_l", "_c", "_s"], kind="stable")
            .drop(columns=["_l", "_c", "_s"]).reset_index(drop=True))


def _store(con: duckdb.DuckDBPyConnection, la_code: str, m: Mapping) -> None:
    """Insert, replacing the LA's mapping of the same spelling (folded) for the column."""
    from ingest.codes import fold

    same = [s for (s,) in con.execute(
        "select spelling from la_code_mappings where la_code = ? and list = ? and "
        "column_name = ?", [la_code, m.list, m.column]).fetchall()
        if fold(s) == m.key[2]]
    for s in same:
        con.execute("delete from la_code_mappings where la_code = ? and list = ? and "
                    "column_name = ? and spelling = ?", [la_code, m.list, m.column, s]).fetchall()
    con.execute("insert into la_code_mappings (la_code, list, column_name, spelling, code) "
                "values (?, ?, ?, ?, ?)", [la_code, m.list, m.column, m.spelling, m.code]
                ).fetchall()


def add_mapping(con: duckdb.DuckDBPyConnection, la_code: str, list_: object, column: object,
                spelling: object, code: object) -> str:
    """Check and store one mapping (replacing the same spelling's); return the official code
    stored. `con` is an open write transaction's."""
    la = check_la(la_code)
    m = check(list_, column, spelling, code)
    _store(con, la, m)
    return m.code


def add_mappings(con: duckdb.DuckDBPyConnection, la_code: str, rows: list[Mapping]) -> int:
    """Store checked mappings (check_all, read_csv), each replacing the same spelling's."""
    la = check_la(la_code)
    for m in rows:
        _store(con, la, m)
    return len(rows)


def replace_mappings(con: duckdb.DuckDBPyConnection, la_code: str, rows: list[Mapping]) -> int:
    """Make `rows` the LA's whole set of mappings (the page's table, saved)."""
    la = check_la(la_code)
    con.execute("delete from la_code_mappings where la_code = ?", [la]).fetchall()
    return add_mappings(con, la, rows)


def remove_mapping(con: duckdb.DuckDBPyConnection, la_code: str, list_: object, column: object,
                   spelling: object) -> list[str]:
    """Remove the LA's mapping of a spelling (matched case- and space-blind); return the
    spellings removed. MappingError when there is none. The column need not be coded any more:
    a mapping the spec no longer takes can still be removed."""
    from ingest.codes import fold

    la = check_la(la_code)
    ls = resolve_list(list_)
    raw_col = "" if column is None else str(column).strip()
    col = next((c for c in ls.columns if c.name == raw_col.lower()
                or normalise_header(raw_col) in c.keys), None)
    if col is None:
        raise MappingError(f"{ls.label} has no column '{raw_col}': {_coded_names(ls)}")
    key = fold(spelling)
    gone = [s for (s,) in con.execute(
        "select spelling from la_code_mappings where la_code = ? and list = ? and "
        "column_name = ?", [la, ls.key, col.name]).fetchall() if fold(s) == key]
    if not key or not gone:
        raise MappingError(f"LA {la} has no mapping of '{spelling}' in '{col.header.strip()}' "
                           f"of {ls.label}: `annexa mappings list --la {la}` shows its mappings")
    for s in gone:
        con.execute("delete from la_code_mappings where la_code = ? and list = ? and "
                    "column_name = ? and spelling = ?", [la, ls.key, col.name, s]).fetchall()
    return gone


# ------------------------------------------------------------------------------------- applying

def submissions_of(con: duckdb.DuckDBPyConnection, la_code: str) -> list[int]:
    return [int(r[0]) for r in con.execute(
        "select submission_id from submissions where la_code = ? order by submission_id",
        [check_la(la_code)]).fetchall()]


def apply_mappings(con: duckdb.DuckDBPyConnection, la_code: str) -> list[int]:
    """Re-read the coded values of every loaded submission of the LA with the mappings now in
    the table (its typed copies and data-quality checks follow); return their ids. No file is
    read again: the raw tables hold every value as written."""
    from ingest import code_readings

    ids = submissions_of(con, la_code)
    if ids:
        code_readings.recode_submissions(con, ids)
    return ids


@dataclass(frozen=True)
class Applied:
    submission_id: int
    by_mapping: int   # distinct values read through the LA's mappings
    unread: int       # distinct values still read as no code (unmapped, conflict, ambiguous)


def summary(con: duckdb.DuckDBPyConnection, submission_ids: list[int]) -> list[Applied]:
    """How each submission's coded values read now, in counts of distinct values."""
    if not submission_ids:
        return []
    rows = con.execute(
        "select submission_id, count(*) filter (where status = 'la_mapping'), "
        "count(*) filter (where status in ('unmapped', 'conflict', 'ambiguous')) "
        "from code_readings where list_contains(?, submission_id) group by all",
        [submission_ids]).fetchall()
    got = {int(s): (int(a), int(b)) for s, a, b in rows}
    return [Applied(s, *got.get(s, (0, 0))) for s in submission_ids]


def describe_applied(la_code: str, applied: list[Applied]) -> list[str]:
    """Plain lines for the CLI and the page after applying."""
    if not applied:
        return [f"LA {la_code} has no loaded submission: its mappings apply when its data is "
                "loaded."]
    lines = [f"Re-read the coded values of LA {la_code}'s {len(applied)} loaded "
             f"submission(s) with its mappings (no file was read again):"]
    for a in applied:
        lines.append(f"  submission {a.submission_id}: {a.by_mapping} value(s) read through "
                     f"the LA's mappings, {a.unread} value(s) still not read as a code")
    return lines
