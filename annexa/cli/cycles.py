"""`annexa import-judgements`, `cycles`, `cycle-event` and `cycle-events-import`.

Each LA's place in its inspection cycle: the public judgements as reference data, the events
users record, and the state, next due date and RAG status derived from them
(annexa/services/cycles.py,
sql/30_marts/la_cycle_status.sql).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from annexa.cli.argtypes import add_db_option
from annexa.services import cycles, judgements
from annexa.store import warehouse


def register(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser(
        "import-judgements", help="load the public ILACS judgements and the LA lookup",
        description="Load the latest published ILACS judgements and the LA lookup into "
        "ref_ilacs_judgements and ref_la, fixing the lookup's known region errors and reporting "
        "every missing or invalid grade or date.")
    add_db_option(imp)
    imp.add_argument("--judgements", type=Path, metavar="FILE",
                     help=f"judgements workbook (default {judgements.DEFAULT_JUDGEMENTS})")
    imp.add_argument("--lookup", type=Path, metavar="FILE",
                     help=f"LA lookup CSV (default {judgements.DEFAULT_LOOKUP})")
    imp.set_defaults(func=run_import)

    cyc = sub.add_parser(
        "cycles", help="print every LA's place in its inspection cycle",
        description="Print each LA's pathway, state, next due date, working days remaining and "
        "RAG status, soonest due first.")
    cyc.add_argument("--region", metavar="CODE",
                     help="Ofsted region code (NE NW YH EM WM E GL SE SW) or ONS code")
    cyc.add_argument("--as-at", metavar="DATE", help="the date to report on (default today)")
    add_db_option(cyc)
    cyc.add_argument("--report-unit", choices=cycles.REPORT_UNITS, default="working",
                     help="unit of the report table's bare 'days' (ILACS ¶224; default working)")
    cyc.set_defaults(func=run_cycles)

    ev = sub.add_parser(
        "cycle-event", help="record one event in an LA's cycle",
        description="Record an event (judgement, report received, action planning visit, "
        "action plan, monitoring visit, re-inspection, ...). Entering the same event again "
        "replaces it.")
    ev.add_argument("--la", required=True, metavar="CODE", help="the LA's code, e.g. 340")
    ev.add_argument("--type", required=True, metavar="TYPE",
                    help="judgement, report_received, report_published, apv_held, "
                    "action_plan_submitted, plan_response, monitoring_visit, focused_visit, jtai, "
                    "reinspection_decided, reinspection_notified, reinspection_published, "
                    "commissioner_appointed")
    ev.add_argument("--date", required=True, metavar="DATE", help="YYYY-MM-DD or dd/mm/yyyy")
    ev.add_argument("--seq", metavar="N",
                    help="monitoring visit number (default: the next in the cycle)")
    ev.add_argument("--detail", metavar="TEXT",
                    help="the grade for judgement and reinspection_published; 'reflects', 'does "
                    "not reflect' or 'referred to DfE' for plan_response; else a note")
    ev.add_argument("--entered-by", metavar="NAME")
    add_db_option(ev)
    ev.set_defaults(func=run_event)

    csv_ = sub.add_parser(
        "cycle-events-import", help="record cycle events from a CSV file",
        description="Record cycle events from a CSV with the header "
        f"{','.join(cycles.CSV_COLUMNS)} (seq, detail and entered_by may be blank). Valid rows "
        "are written; each invalid row is reported with its line number.")
    csv_.add_argument("file", type=Path, metavar="FILE.csv")
    add_db_option(csv_)
    csv_.set_defaults(func=run_events_import)


def run_import(args: argparse.Namespace) -> int:
    try:
        result = judgements.import_reference(args.db, args.judgements, args.lookup)
    except FileNotFoundError as exc:
        print(f"annexa import-judgements: {exc}.\nThe files are expected in "
              f"{judgements.REFERENCE_DIR}; pass --judgements FILE and --lookup FILE to use "
              "others.", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"annexa import-judgements: {exc}", file=sys.stderr)
        return 2
    print(f"Imported {result.judgements} ILACS judgements and {result.las} LAs into "
          f"{warehouse.resolve_db_path(args.db)}.")
    order = {"error": 0, "warning": 1, "fixed": 2, "info": 3}
    shown = sorted((i for i in result.issues if i.severity != "info"),
                   key=lambda i: (order[i.severity], i.source, i.la_code or ""))
    if shown:
        print(f"\n{len(shown)} problems found and reported (also in table ref_import_issues):")
        for i in shown:
            value = f" [{i.value}]" if i.value not in (None, "") else ""
            print(f"  {i.severity:<7} {i.source:<10} LA {i.la_code or '?':<4} {i.field}{value}: "
                  f"{i.message}")
    notes = [i for i in result.issues if i.severity == "info"]
    if notes:
        print(f"\n{len(notes)} notes (e.g. care leavers not judged before 2023) are in "
              "ref_import_issues.")
    _print_official_comparison(args.db)
    return 1 if result.errors else 0


def _print_official_comparison(db) -> None:
    """Where the judgements just imported disagree with Ofsted's official outcomes, when those
    are loaded (`annexa reference import`; issue 12, point 5)."""
    from annexa.services import reference

    con = warehouse.connect_reader(db)
    try:
        loaded = con.execute("select count(*) from ref_ofsted_outcomes").fetchone()[0]
        line = reference.comparison_line(con) if loaded else None
    finally:
        con.close()
    if line:
        print(f"\n{line}")


def _as_at(text: str | None) -> dt.date:
    return cycles.parse_date(text) if text else dt.date.today()


def run_cycles(args: argparse.Namespace) -> int:
    try:
        as_at = _as_at(args.as_at)
        region = cycles.resolve_region(args.region)
    except ValueError as exc:
        print(f"annexa cycles: {exc}.", file=sys.stderr)
        return 2
    con = warehouse.connect_reader(args.db)
    try:
        if not con.execute("select count(*) from int_la_directory").fetchall()[0][0]:
            print("No LA known yet: load an Annex A with `annexa ingest`, or run `annexa "
                  "import-judgements` (and record events with `annexa cycle-event`).",
                  file=sys.stderr)
            return 0
        if not cycles.judgements_loaded(con):
            print("No published judgements loaded: LAs without one are listed with no grade. "
                  "Run `annexa import-judgements`, or record a judgement with `annexa "
                  "cycle-event`.", file=sys.stderr)
        frame = cycles.cycle_status(con, as_at, region, args.report_unit)
    finally:
        con.close()
    where = f" in region {region}" if region else ""
    las = f"{len(frame)} LA" + ("" if len(frame) == 1 else "s")
    print(f"Inspection cycles{where} as at {as_at:%A %d/%m/%Y} ({las}, soonest due "
          "first). Working days exclude England bank holidays.\n")
    if frame.empty:
        print("No LAs match.")
        return 0
    print(f"{'LA':<5} {'Name':<28} {'Rgn':<3} {'Grade':<12} {'State':<42} "
          f"{'Next due':<30} {'Due date':<10} {'WD':>5} RAG")
    for r in frame.itertuples():
        due = f"{r.next_due_date:%d/%m/%Y}" if _present(r.next_due_date) else "-"
        wd = f"{int(r.working_days_remaining)}" if _present(r.working_days_remaining) else "-"
        grade = {"requires improvement": "RI"}.get(r.overall_grade, _text(r.overall_grade))
        print(f"{r.la_code:<5} {_text(r.la_name)[:28]:<28} {_text(r.region_code):<3} "
              f"{grade:<12} {_text(r.state_label)[:42]:<42} "
              f"{_text(r.next_due_label)[:30]:<30} {due:<10} {wd:>5} {r.rag}")
    return 0


def _present(value) -> bool:
    return not pd.isna(value)


def _text(value) -> str:
    return "-" if value is None or pd.isna(value) else str(value)


def run_event(args: argparse.Namespace) -> int:
    event = cycles.EventInput(args.la, args.type, args.date, args.seq, args.detail,
                              args.entered_by)
    result = cycles.save_events(args.db, [event])
    if result.errors:
        for e in result.errors:
            print(f"annexa cycle-event: {e}.", file=sys.stderr)
        return 2
    row = result.written[0]
    seq = f" (visit {row['seq']})" if row["seq"] else ""
    detail = f": {row['detail']}" if row["detail"] else ""
    print(f"Recorded {row['event_type']}{seq} for LA {row['la_code']} on "
          f"{row['event_date']:%d/%m/%Y}{detail}.")
    return 0


def run_events_import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        print(f"annexa cycle-events-import: {args.file} not found.", file=sys.stderr)
        return 2
    try:
        events = cycles.read_events_csv(args.file)
    except (ValueError, UnicodeDecodeError) as exc:
        print(f"annexa cycle-events-import: {args.file.name}: {exc}.", file=sys.stderr)
        return 2
    if not events:
        print(f"annexa cycle-events-import: {args.file.name} has no rows.", file=sys.stderr)
        return 2
    result = cycles.save_events(args.db, events)
    print(f"Recorded {len(result.written)} of {len(events)} events from {args.file.name}.")
    for e in result.errors:
        print(f"  {e}", file=sys.stderr)
    if result.errors and not result.written:
        return 2
    return 1 if result.errors else 0
