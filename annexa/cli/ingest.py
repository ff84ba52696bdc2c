"""`annexa ingest` and `annexa demo`: load workbooks and print the data-quality report."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

from annexa.cli import argtypes
from annexa.cli.argtypes import add_db_option
from annexa.store import warehouse
from ingest.load import IngestReport, NothingUsable, ingest_or_report_duplicate
from ingest.reader import UnreadableFile
from ingest.spec import load_spec

_date = argtypes.iso_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="load one LA's Annex A workbook(s) into the database",
                       description="Load an LA's Annex A (one workbook, or one .xlsx/.csv per "
                       "list) as one submission and print its data-quality report.")
    p.add_argument("files", nargs="+", metavar="FILE", type=Path)
    p.add_argument("--la", required=True, metavar="CODE", help="the LA's code, e.g. 370")
    p.add_argument("--la-name", metavar="NAME")
    p.add_argument("--region", metavar="NAME")
    p.add_argument("--as-at", type=_date, metavar="YYYY-MM-DD",
                   help="the data's as-at date (default: front sheet, else latest event date)")
    add_db_option(p)
    p.add_argument("--report-json", type=Path, metavar="PATH",
                   help="also write the full report (per-list counts and every problem) as JSON")
    p.add_argument("--hide-values", action="store_true",
                   help=f"show no cell value in the printed report or --report-json: each is "
                   f"'{HIDDEN}' (codes, lists, columns, cell references and counts are kept); "
                   "for output that will be shared or logged")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run_ingest)

    d = sub.add_parser("demo", help="build the demo database: three fictional LAs in one region",
                       description="Generate synthetic workbooks for three fictional LAs (small, "
                       "medium, large) and load them, as a user's own files would be.")
    add_db_option(d, described=False)
    d.add_argument("--sizes", default="small,medium,large",
                   help="sizes for the three LAs (default small,medium,large)")
    d.add_argument("--if-missing", action="store_true",
                   help="do nothing when the database already has submissions")
    d.set_defaults(func=run_demo)


class _Bar:
    def __init__(self, enabled: bool):
        self.enabled, self.last = enabled, ""

    def __call__(self, fraction: float, message: str) -> None:
        if not self.enabled:
            return
        if sys.stderr.isatty():
            filled = int(fraction * 30)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} "
                             f"{message[:40]:<40}")
            if fraction >= 1:
                sys.stderr.write("\n")
        elif message != self.last:
            print(f"{fraction:4.0%} {message}", file=sys.stderr)
        self.last = message
        sys.stderr.flush()


# --hide-values (README, "Security and privacy"): the report an analyst runs for themselves shows
# the cells it is about ('next week' is not a date, a name typed into a date cell); one that will
# be shared, pasted or logged shows none. Lines of these categories (ref_dq_code.category) are
# about the files' structure: their values are headers as written and their messages name files,
# sheets, columns and cell addresses only (ingest/load.py, reader.sheet_notices), so they are
# kept. Every other line (code values, row checks, and any code not in ref_dq_code) is about
# cells: its value is replaced, and its message, which may quote the value or another cell of
# the row (a date, an age, a case status), is replaced by the code's title and what to do.
HIDDEN = "[value hidden]"
STRUCTURE_CATEGORIES = {"reading", "workbook"}


def hide_values(report: IngestReport) -> IngestReport:
    """A copy of the report with every cell value, and every message that could quote one,
    replaced (HIDDEN); codes, lists, sheets, columns, headers, rows, cell references and counts
    are kept."""
    about = {g["code"]: g for g in report.groups}

    def structural(code: str) -> bool:
        return (about.get(code) or {}).get("category") in STRUCTURE_CATEGORIES

    def message(code: str) -> str:
        g = about.get(code) or {}
        if g.get("title") and g.get("what_to_do"):
            return f"{g['title']}. {g['what_to_do']}"
        return f"{code}: message withheld (it may quote a cell value)."

    def hidden(line: dict, message_key: str) -> dict:
        if structural(line["code"]):
            return dict(line)
        out = {**line, message_key: message(line["code"])}
        if out.get("value") is not None:
            out["value"] = HIDDEN
        return out

    return dataclasses.replace(
        report,
        problems=[hidden(p, "message") for p in report.problems],
        groups=[hidden(g, "example_message") for g in report.groups],
    )


def print_report(report: IngestReport, out=None) -> None:
    out = out or sys.stdout
    if report.status == "already_loaded":
        print(f"Already loaded: these files are submission {report.submission_id} for LA "
              f"{report.la_code} (as at {report.as_at_date:%d/%m/%Y}). Nothing was changed.",
              file=out)
        return
    print(f"Loaded submission {report.submission_id} for LA {report.la_code}, as at "
          f"{report.as_at_date:%d/%m/%Y} ({report.as_at_source}).", file=out)
    spec = load_spec()
    print(f"\n{'List':<58}{'read':>8}{'loaded':>8}", file=out)
    for key, ls in spec.lists.items():
        got = report.lists.get(key)
        cells = (f"{got['rows_read']:>8,}{got['rows_loaded']:>8,}" if got
                 else f"{'-':>8}{'-':>8}  not supplied")
        print(f"{ls.label[:57]:<58}{cells}", file=out)
    _print_groups(report, spec, out)


# The terminal shows at most this many error lines and warning lines, then a count by code of
# the rest; info lines only when the whole report has no more than SHORT_REPORT lines
# (docs/data-quality.md, "How problems are grouped"). The Upload page and --report-json have
# every line.
SHOWN_LINES = {"error": 25, "warning": 15}
SHORT_REPORT = 30


def _list_name(key: str | None, spec) -> str | None:
    ls = spec.lists.get(key) if key else None
    if ls is None:
        return key
    return f"List {ls.number}" if ls.number else ls.title


def _group_line(g: dict, spec, width: int) -> str:
    """`error  unparseable_date  List 3, 'Date of referral': 'next week' in 3 rows (List_3!G15,
    G18, G40). Write it as dd/mm/yyyy...`: where, the value, how many rows and which cells, then
    the group's message when all its lines have the same one, else what to do."""
    where = _list_name(g["list"], spec) or (g["sheet"] and f"sheet '{g['sheet']}'")
    where = where or "The files"
    if g["header"]:
        where += f", '{g['header']}'"
    # The view keeps no child ID as a value (ref_dq_code.by_value); a list's key column is
    # still never quoted here: the terminal's report leaves child IDs out.
    keys = {c for ls in spec.lists.values() for c in (ls.child_key, "child_id")}
    if g["value"] == HIDDEN:
        where += f": {HIDDEN}"
    elif g["value"] is not None and g["column_name"] not in keys:
        where += f": '{g['value']}'"
    if g["first_rows"] or g["n_rows"] > 1:
        where += f" in {g['n_rows']:,} row{'s' if g['n_rows'] != 1 else ''}"
        if g["first_rows"] and g["cells"]:
            where += f" ({g['cells']})"
    same = g["same_message"] or not g["what_to_do"]
    text = g["example_message"] if same else g["what_to_do"]
    # A line about a whole list or sheet: its message already says where.
    bare = same and not (g["header"] or g["value"] is not None or g["first_rows"])
    body = text if bare else f"{where}. {text}"
    return f"  {g['severity']:<7}  {g['code']:<{width}}  {body}"


def _by_code(groups: list[dict]) -> str:
    counts: dict[str, int] = {}
    for g in groups:
        counts[g["code"]] = counts.get(g["code"], 0) + 1
    return ", ".join(f"{code} {n:,}" for code, n in counts.items())


def _print_groups(report: IngestReport, spec, out) -> None:
    groups = report.groups
    if not groups:
        print("\nNo data-quality problems found.", file=out)
        return
    by_severity = {sev: [g for g in groups if g["severity"] == sev]
                   for sev in ("error", "warning", "info")}
    counts = ", ".join(
        f"{n:,} {sev}{'s' if n != 1 and sev != 'info' else ''}"
        for sev, n in ((sev, sum(g["n_rows"] for g in gs)) for sev, gs in by_severity.items())
        if n)
    print(f"\nData-quality problems: {counts}, in {len(groups):,} lines:", file=out)
    short = len(groups) <= SHORT_REPORT
    shown = {sev: gs if short else gs[:SHOWN_LINES.get(sev, 0)]
             for sev, gs in by_severity.items()}
    width = max((len(g["code"]) for gs in shown.values() for g in gs), default=0)
    for sev, gs in by_severity.items():
        for g in shown[sev]:
            print(_group_line(g, spec, width), file=out)
        if rest := gs[len(shown[sev]):]:
            what = "more lines" if shown[sev] else "lines"
            print(f"  {sev:<7}  {len(rest):,} {what} not shown ({_by_code(rest)}).", file=out)
    print("Every line, with what to do, is on the Upload page and in --report-json.", file=out)


def run_ingest(args: argparse.Namespace) -> int:
    try:
        report = ingest_or_report_duplicate(
            args.files, args.la, la_name=args.la_name, region=args.region, as_at=args.as_at,
            db=args.db, progress=_Bar(not args.quiet))
    except (UnreadableFile, NothingUsable) as exc:
        print(f"\nannexa ingest: {exc}", file=sys.stderr)
        print("The database was not changed.", file=sys.stderr)
        return 2
    if args.hide_values:
        report = hide_values(report)
    print_report(report)
    if args.report_json:
        args.report_json.write_text(json.dumps(report.to_json_dict(), indent=2, default=str))
        print(f"\nFull report written to {args.report_json}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from annexa.services import demo

    db = warehouse.resolve_db_path(args.db)
    if args.if_missing and db.exists():
        if not warehouse.is_current(db):
            # Done here, with a word, rather than silently by the dashboard's first page.
            print(f"Bringing {db.name} up to date with this version of the tool (once after "
                  "an update)...", file=sys.stderr, flush=True)
        con = warehouse.connect_reader(db)
        try:
            present = con.execute("select count(*) from submissions").fetchone()[0]
            # A demo built before the published statistics existed gains them (issue 12).
            statistics = con.execute("select count(*) from ref_reference_files").fetchone()[0]
        finally:
            con.close()
        if present:
            if not statistics:
                from annexa.services import demo

                for line in demo.import_published_statistics(db):
                    print(line, file=sys.stderr)
            print(f"Demo database already present at {db}.")
            return 0
    # Progress as it goes (a build takes half a minute or more): a numbered step per LA as it
    # starts, its result as soon as it is loaded, a bar while it loads on a terminal.
    started = time.monotonic()
    steps = len(demo.LAS) + 1

    def before(i: int, code: str, name: str, size: str) -> None:
        print(f"[{i + 1}/{steps}] {name} ({code}): writing a {size} synthetic Annex A and "
              "loading it...", file=sys.stderr, flush=True)

    def after(_i: int, name: str, report) -> None:
        n = len([p for p in report.problems if p["severity"] != "info"])
        print(f"      {name}: submission {report.submission_id}, {report.status}, {n:,} "
              f"data-quality problems to review ({_elapsed(started)} so far)", file=sys.stderr,
              flush=True)

    demo.build(db, sizes=args.sizes.split(","), before=before, after=after,
               progress=_Bar(sys.stderr.isatty()))
    print(f"[{steps}/{steps}] Ofsted's published judgements and statistics...", file=sys.stderr,
          flush=True)
    _import_public_data(db)
    print(f"Demo database ready at {db} (built in {_elapsed(started)})")
    return 0


def _elapsed(started: float) -> str:
    seconds = time.monotonic() - started
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} min"


def _import_public_data(db) -> None:
    from annexa.services import demo

    for line in demo.import_public_data(db):
        print(line, file=sys.stderr)
