"""Load one LA's Annex A submission (one workbook, or several files) into the warehouse.

Everything is decided before the database is touched: files are read and every sheet is matched
to a list and its headers. Then one write transaction stores the submission, every source row as
text, the column map and the data-quality log. If anything fails, the database stays as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from annexa.store import materialise, warehouse
from annexa.store.parallel import map_with_cursors
from annexa.store.warehouse import insert_rows, one, run
from ingest import code_readings, quality
from ingest.reader import SheetText, UnreadableFile, read_file, sheet_notices
from ingest.spec import (
    NUMBERED_LISTS,
    PLACE,
    ListSpec,
    best_list_by_headers,
    find_header_row,
    is_non_data_sheet,
    list_for_file_name,
    list_for_sheet_name,
    load_spec,
    match_headers,
    normalise_header,
)

Progress = Callable[[float, str], None]

# Problems found while reading the files (sheets, headers, workbook notes), as opposed to those the
# row checks find in the loaded rows; re-reading codes (code_readings.recode_submissions) keeps
# these and runs the row checks again.
READ_PROBLEM_CODES = ("missing_list", "missing_column", "unknown_column", "duplicate_column",
                      "duplicate_list", "ignored_sheet", "empty_list", "header_variant",
                      "header_by_place", "hidden_sheet", "formula_without_value", "merged_cells")


class NothingUsable(Exception):
    """No list could be found in the files: nothing was loaded (exit code 2)."""


class AsAtUnknown(NothingUsable):
    """No as-at date was given and none can be found in the files: nothing was loaded (exit code
    2), rather than taking today's date in silence (docs/data-quality.md, "Row checks added in
    issue 11")."""


@dataclass
class Problem:
    code: str
    severity: str  # error | warning | info
    message: str
    list: str | None = None
    sheet: str | None = None
    row_number: int | None = None
    column_name: str | None = None
    header: str | None = None
    value: str | None = None


@dataclass
class SheetPlan:
    """A sheet matched to a list: which source column feeds which spec column."""

    text: SheetText
    spec: ListSpec
    header_index: int  # index into text.header_rows
    mapping: dict[str, int]

    @property
    def header_row_number(self) -> int:
        return self.text.first_row_number + self.header_index


@dataclass
class IngestReport:
    status: str  # loaded | already_loaded
    la_code: str
    submission_id: int | None = None
    as_at_date: dt.date | None = None
    as_at_source: str | None = None
    files: list[str] = field(default_factory=list)
    lists: dict[str, dict] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    # The problems grouped by code, list, column and value (quality.problem_groups,
    # docs/data-quality.md); `problems` keeps every line.
    groups: list[dict] = field(default_factory=list)

    def counts_by_code(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.problems:
            out[p["code"]] = out.get(p["code"], 0) + 1
        return dict(sorted(out.items()))

    def to_json_dict(self) -> dict:
        d = asdict(self)
        d["as_at_date"] = self.as_at_date.isoformat() if self.as_at_date else None
        d["problem_counts"] = self.counts_by_code()
        return d


def _noop(_fraction: float, _message: str) -> None:
    return None


def file_digest(paths: Sequence[Path]) -> str:
    """One digest for the set of files, independent of names and order."""
    parts = []
    for p in paths:
        h = hashlib.sha256()
        with open(p, "rb") as fh:
            for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                h.update(block)
        parts.append(h.hexdigest())
    return hashlib.sha256("".join(sorted(parts)).encode()).hexdigest()


# ------------------------------------------------------------------------------ planning sheets


def _identify(text: SheetText, taken: set[str]) -> str | None:
    named = list_for_file_name(text.sheet) if text.is_csv else list_for_sheet_name(text.sheet)
    if named:
        return named
    for row in text.header_rows:
        by_headers = best_list_by_headers(list(row))
        if by_headers:
            return by_headers
    return None


def _header_problems(text: SheetText, ls: ListSpec, match, hdr_row: int) -> list[Problem]:
    """What the header row says: columns missing, unknown (with the nearest template headers),
    read under another wording, or repeated (docs/data-quality.md, "Headers")."""
    where = f"{text.source_file}, sheet '{text.sheet}'"
    out: list[Problem] = []

    def at_header(code: str, severity: str, message: str, *, header: str,
                  column_name: str | None = None, value: str | None = None) -> None:
        out.append(Problem(code, severity, list=ls.key, sheet=text.sheet, row_number=hdr_row,
                           column_name=column_name, header=header, value=value,
                           message=f"{where}: {message}"))

    for col in match.missing:
        at_header("missing_column", "error" if col.required else "warning",
                  f"column '{col.header.strip()}' was not found in row {hdr_row}; its values "
                  "are blank for every row. Add the column or check its header.",
                  header=col.header, column_name=col.name)
    for pos, raw in match.unknown:
        near = match.suggestions.get(pos)
        hint = (" Nearest template header" + ("s: " if len(near) > 1 else ": ")
                + " or ".join(f"'{h}'" for h in near) + "." if near else "")
        at_header("unknown_column", "warning",
                  f"column {text.column_letters[pos]} '{raw}' is not an Annex A column for "
                  f"{ls.label}; it was not loaded.{hint} If it is a renamed template column, "
                  "rename it to the template header.", header=raw, value=raw)
    for pos, raw, name, how in match.variants:
        if how == PLACE:
            at_header("header_by_place", "warning",
                      f"column {text.column_letters[pos]} '{raw.strip()}' was read as "
                      f"'{ls.column(name).header.strip()}' because it stands where that "
                      "template column belongs and its wording names no other column. Check "
                      "that it holds what the template asks for; if not, rename its header.",
                      header=raw, column_name=name, value=raw)
            continue
        at_header("header_variant", "info",
                  f"column {text.column_letters[pos]} '{raw.strip()}' was read as "
                  f"'{ls.column(name).header.strip()}' ({how}). Check that it holds what the "
                  "template asks for.", header=raw, column_name=name, value=raw)
    for pos, raw, name in match.duplicate:
        at_header("duplicate_column", "warning",
                  f"column {text.column_letters[pos]} '{raw}' repeats column "
                  f"{text.column_letters[match.mapping[name]]}; the first one was loaded.",
                  header=raw, column_name=name, value=raw)
    return out


def plan_sheets(texts: list[SheetText]) -> tuple[list[SheetPlan], list[Problem], list[SheetText]]:
    """Match every sheet to a list and its columns; report what does not fit."""
    spec = load_spec()
    plans: list[SheetPlan] = []
    problems: list[Problem] = []
    front_sheets: list[SheetText] = []
    seen: dict[str, SheetPlan] = {}
    for text in texts:
        if is_non_data_sheet(text.sheet):
            if "front" in text.sheet.lower():
                front_sheets.append(text)
            continue
        where = f"{text.source_file}, sheet '{text.sheet}'"
        list_key = _identify(text, set(seen))
        if list_key is None:
            if any(any(v not in (None, "") for v in r) for r in text.header_rows):
                problems.append(
                    Problem(
                        "ignored_sheet",
                        "info",
                        sheet=text.sheet,
                        message=f"{where}: not recognised as an Annex A list (neither its name "
                        "nor its headers match one), so it was not loaded. Rename it, e.g. "
                        "'List_3', if it is one.",
                    )
                )
            continue
        ls = spec.lists[list_key]
        header_index = find_header_row(text.header_rows, ls)
        if header_index is None:
            problems.append(
                Problem(
                    "missing_column",
                    "error",
                    list=list_key,
                    sheet=text.sheet,
                    message=f"{where}: looks like {ls.label} but no row of its first "
                    f"{len(text.header_rows)} has the list's headers, so nothing could be loaded "
                    "from it. Put the template's header row above the data.",
                )
            )
            continue
        headers = text.header_at(header_index)
        match = match_headers(list(headers), ls)
        plan = SheetPlan(text, ls, header_index, match.mapping)
        problems += _header_problems(text, ls, match, plan.header_row_number)
        if list_key in seen:
            first = seen[list_key].text
            problems.append(
                Problem(
                    "duplicate_list",
                    "warning",
                    list=list_key,
                    sheet=text.sheet,
                    message=f"{where}: {ls.label} was also found in {first.source_file}, sheet "
                    f"'{first.sheet}'. Both were loaded; remove one if they are copies.",
                )
            )
        seen.setdefault(list_key, plan)
        plans.append(plan)
    for list_key in NUMBERED_LISTS:
        if list_key not in seen:
            ls = spec.lists[list_key]
            problems.append(
                Problem(
                    "missing_list",
                    "warning",
                    list=list_key,
                    message=f"{ls.label} was not found (no sheet named like 'List_{ls.number}' "
                    "and no sheet with its headers). If the LA cannot provide it, inspectors "
                    "will ask how leaders oversee this area instead (ILACS ¶263).",
                )
            )
    for extra, what in (
        ("siblings", "Sibling counts for list 8 (ILACS ¶262)"),
        ("missing_exploitation", "The 2.02 list of missing and exploited children"),
        ("audits", "The LA audits list (ILACS ¶266)"),
    ):
        has_column = extra == "siblings" and any(
            p.spec.key == "list_8" and "sibling_count" in p.mapping for p in plans
        )
        if extra not in seen and not has_column:
            problems.append(
                Problem(
                    "missing_list",
                    "info",
                    list=extra,
                    message=f"{what} was not supplied; the dashboard shows the "
                    "criteria that need it as 'data unavailable'.",
                )
            )
    return plans, problems, front_sheets


_AS_AT_LABEL = re.compile(
    r"\b(as at|as of|extract(ed)? (on|date)|date of (extract|data)|data date)\b"
)


def front_sheet_candidates(front_sheets: list[SheetText]) -> list[str]:
    """Text that may hold an as-at date an LA wrote on its front sheet ('Data as at: 31/10/26')."""
    out = []
    for fs in front_sheets:
        for row in fs.header_rows:
            cells = [str(c) for c in row if c not in (None, "")]
            for i, cell in enumerate(cells):
                if _AS_AT_LABEL.search(normalise_header(cell)):
                    out += [cell.split(":", 1)[-1].strip(), *cells[i + 1 : i + 3]]
    return out


# --------------------------------------------------------------------------------------- loading


def _insert_rows(
    con: duckdb.DuckDBPyConnection, submission_id: int, plan: SheetPlan
) -> tuple[int, int]:
    text, ls = plan.text, plan.spec
    data_cols = [c for c in text.table.column_names if c != "__row"]
    con.register("sheet_src", text.table)
    try:
        # A row is blank when every cell is empty (fastexcel gives None for an empty cell).
        any_value = f"coalesce({', '.join(data_cols)}) is not null" if data_cols else "false"
        targets = ", ".join(f'"{name}"' for name in plan.mapping)
        sources = ", ".join(f"c{pos}" for pos in plan.mapping.values())
        comma = ", " if targets else ""
        loaded = one(
            con,
            f"insert into {ls.table} "
            f"(submission_id, source_file, sheet, row_number{comma}{targets}) "
            f"select ?, ?, ?, __row{comma}{sources} from sheet_src "
            f"where __row > ? and {any_value}",
            [submission_id, text.source_file, text.sheet, plan.header_row_number],
        )[0]
    finally:
        con.unregister("sheet_src")
    return loaded, loaded


def _column_rows(submission_id: int, plan: SheetPlan) -> list[tuple]:
    """The sheet's rows of list_columns: which header and column each spec column came from."""
    headers = plan.text.header_at(plan.header_index)
    return [
        (
            submission_id,
            plan.spec.key,
            plan.text.source_file,
            plan.text.sheet,
            name,
            str(headers[pos]),
            plan.text.column_letters[pos],
        )
        for name, pos in plan.mapping.items()
    ]


def already_loaded(db: Path, la_code: str, digest: str) -> tuple[int, dt.date] | None:
    # A snapshot as it is: a database an earlier version built is brought up to date by this
    # load's own write, not first by a reader's upgrade (a second copy and rename).
    con = warehouse.connect_snapshot(db)
    if con is None:
        return None
    try:
        row = one(
            con,
            "select submission_id, as_at_date from submissions where la_code = ? and sha256 = ?",
            [la_code, digest],
        )
    except duckdb.CatalogException:  # a file no version of this tool finished building
        return None
    finally:
        con.close()
    return (row[0], row[1]) if row else None


def ingest(
    paths: Sequence[str | Path],
    la_code: str,
    *,
    la_name: str | None = None,
    region: str | None = None,
    as_at: dt.date | None = None,
    db: str | Path | None = None,
    progress: Progress = _noop,
    display_names: Sequence[str] | None = None,
) -> IngestReport:
    """Load files as one submission for an LA. Raises UnreadableFile or NothingUsable."""
    la_code = la_code.strip()
    if not la_code:
        raise NothingUsable("An LA code is needed (--la), e.g. 'X01' or the LA's DfE code.")
    files = [Path(p) for p in paths]
    names = list(display_names) if display_names else [p.name for p in files]
    db_path = warehouse.resolve_db_path(db)
    progress(0.02, "Checking files")
    for path, name in zip(files, names, strict=True):
        if not path.is_file():
            raise UnreadableFile(f"{name}: file not found (or not a file). Check the path and "
                                 "try again.")
    digest = file_digest(files)
    dup = already_loaded(db_path, la_code, digest)
    if dup:
        return IngestReport("already_loaded", la_code, dup[0], dup[1], files=names)

    # Read and plan first, then take the writer lock: other writers (a saved sample, a cycle
    # event, a purge) and readers upgrading an older database never wait for the files to be
    # read, and a file that cannot be read fails before the database is copied. (Copying while
    # reading saved at most the copy's time, about 0.15 s for a 153-LA file, since a new
    # database is itself a copy: warehouse._empty_template.)
    plans, problems, front = _read_and_plan(files, names, progress)
    with warehouse.write_transaction(db_path) as con:
        report = _write(con, plans, problems, front, la_code=la_code, la_name=la_name,
                        region=region, as_at=as_at, names=names, digest=digest,
                        progress=progress)
    progress(1.0, "Done")
    return report


def _read_and_plan(files: list[Path], names: list[str], progress: Progress
                   ) -> tuple[list[SheetPlan], list[Problem], list[SheetText]]:
    texts: list[SheetText] = []
    for i, path in enumerate(files):
        progress(0.05 + 0.45 * i / len(files), f"Reading {names[i]}")
        for t in read_file(path, names[i]):
            t.source_file = names[i]
            texts.append(t)
    plans, problems, front = plan_sheets(texts)
    for plan in plans:  # hidden sheets, uncalculated formulas, merged cells (reader.py)
        for code, severity, message in sheet_notices(plan.text, plan.header_row_number):
            problems.append(Problem(code, severity, list=plan.spec.key, sheet=plan.text.sheet,
                                    message=f"{plan.text.source_file}, sheet "
                                    f"'{plan.text.sheet}': {message}"))
    if not plans:
        raise NothingUsable(
            f"{', '.join(names)}: none of the Annex A lists was found (no sheet named like "
            "'List_1'...'List_11' or 'Contacts', 'Referrals'..., and no sheet with a list's "
            "headers). Nothing was loaded. Check that this is the Annex A workbook."
        )
    return plans, problems, front


def _write(con: duckdb.DuckDBPyConnection, plans: list[SheetPlan], problems: list[Problem],
           front: list[SheetText], *, la_code: str, la_name: str | None, region: str | None,
           as_at: dt.date | None, names: list[str], digest: str,
           progress: Progress) -> IngestReport:
    """Store the planned sheets as one submission, inside the open write."""
    as_at_source = "given" if as_at else "inferred"
    report = IngestReport("loaded", la_code, files=names)
    if dup := one(
        con,
        "select submission_id, as_at_date from submissions where la_code = ? and sha256 = ?",
        [la_code, digest],
    ):
        raise _AlreadyLoaded(dup[0], dup[1])
    submission_id = one(
        con,
        "insert into submissions (la_code, la_name, region, as_at_date, as_at_source, "
        "file_names, sha256) values (?, ?, ?, coalesce(?, current_date), ?, ?, ?) "
        "returning submission_id",
        [la_code, la_name, region, as_at, as_at_source, names, digest],
    )[0]
    if as_at is None:
        for text in front_sheet_candidates(front):
            if found := one(con, "select parse_date(?)", [text])[0]:
                as_at, as_at_source = found, "front sheet"
                run(
                    con,
                    "update submissions set as_at_date = ?, as_at_source = ? "
                    "where submission_id = ?",
                    [as_at, as_at_source, submission_id],
                )
                break
    progress(0.5, f"Loading {len(plans)} lists")

    # Lists go in side by side (annexa/store/parallel.py); the largest first, to finish
    # together. Their column maps and counts then go in as one statement each.
    order = sorted(plans, key=lambda p: -p.text.table.num_rows)
    counts = dict(zip(map(id, order), map_with_cursors(
        con, lambda cur, plan: _insert_rows(cur, submission_id, plan), order), strict=True))
    insert_rows(con, "list_columns", ["submission_id", "list", "source_file", "sheet",
                                      "column_name", "header", "column_letter"],
                [row for plan in plans for row in _column_rows(submission_id, plan)])
    insert_rows(con, "list_loads", ["submission_id", "list", "source_file", "sheet",
                                    "header_row", "rows_read", "rows_loaded"],
                [(submission_id, plan.spec.key, plan.text.source_file, plan.text.sheet,
                  plan.header_row_number, *counts[id(plan)]) for plan in plans])
    total_read = total_loaded = 0
    for plan in plans:
        rows_read, rows_loaded = counts[id(plan)]
        if rows_read == 0:
            problems.append(
                Problem(
                    "empty_list",
                    "info",
                    list=plan.spec.key,
                    sheet=plan.text.sheet,
                    message=f"{plan.text.source_file}, sheet '{plan.text.sheet}': "
                    f"{plan.spec.label} has headers but no rows.",
                )
            )
        total_read += rows_read
        total_loaded += rows_loaded
    progress(0.8, "Typing values and checking data quality")
    if as_at_source == "inferred":
        as_at = quality.infer_as_at(con, submission_id)
        if as_at is None:  # raised inside the write: the database stays as it was
            raise AsAtUnknown(
                f"{', '.join(names)}: no as-at date was given, no front sheet gives one and "
                "the lists hold no event date (up to today) to infer it from. Nothing was "
                "loaded. Give the date the lists were extracted with --as-at YYYY-MM-DD "
                "(on the Upload page: As-at date of the data).")
        run(
            con,
            "update submissions set as_at_date = ? where submission_id = ?",
            [as_at, submission_id],
        )
    # After the as-at date: a code's reading depends on the submission's collection year.
    code_readings.refresh(con, [submission_id])
    # Only this submission's typed copies: the write's build() retyped any older ones whose
    # typing rules changed (annexa/store/materialise.py).
    materialise.type_submission(con, submission_id, sorted(
        {plan.spec.key for plan in plans if counts[id(plan)][1]}))
    run(
        con,
        "update submissions set rows_read = ?, rows_loaded = ? where submission_id = ?",
        [total_read, total_loaded, submission_id],
    )
    quality.store_problems(con, submission_id, [asdict(p) for p in problems])
    quality.run_checks(con, submission_id)
    progress(0.95, "Saving")
    report.submission_id = submission_id
    report.as_at_date = one(
        con, "select as_at_date from submissions where submission_id = ?", [submission_id]
    )[0]
    report.as_at_source = as_at_source
    report.lists = quality.list_summary(con, submission_id)
    report.problems = quality.problems_for(con, submission_id)
    report.groups = quality.problem_groups(con, submission_id)
    return report


class _AlreadyLoaded(Exception):
    def __init__(self, submission_id: int, as_at: dt.date):
        self.submission_id, self.as_at = submission_id, as_at


def ingest_or_report_duplicate(*args, **kwargs) -> IngestReport:
    """ingest(), turning a concurrent identical load into an 'already loaded' report."""
    try:
        return ingest(*args, **kwargs)
    except _AlreadyLoaded as exc:
        files = kwargs.get("display_names") or [Path(p).name for p in args[0]]
        return IngestReport(
            "already_loaded", args[1].strip(), exc.submission_id, exc.as_at, files=list(files)
        )


__all__ = [
    "AsAtUnknown",
    "IngestReport",
    "NothingUsable",
    "Problem",
    "UnreadableFile",
    "ingest",
    "ingest_or_report_duplicate",
]
