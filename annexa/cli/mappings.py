"""`annexa mappings list|add|remove|import|apply`: an LA's own spellings of coded values.

The spellings are stored per LA in `la_code_mappings` (ingest/la_mappings.py checks them) and
read first whenever that LA's submissions are read: at its next load, or at once with --apply
(or `annexa mappings apply`), which re-reads its loaded submissions from the raw tables without
the files (docs/data-quality.md, "Code values"). They are the LA's local words, not child data,
so `list` prints them. Exit codes (annexa/cli/__init__.py): 0 done, 2 refused, with the message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annexa.cli.argtypes import add_db_option
from annexa.store import warehouse
from ingest import la_mappings
from ingest.la_mappings import MappingError

APPLY_HELP = ("also re-read the LA's loaded submissions now (their typed values and "
              "data-quality report), without the files; otherwise the change applies at its "
              "next load")


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--la", required=True, metavar="CODE", help="the LA's code")
    add_db_option(common)
    entry = argparse.ArgumentParser(add_help=False)
    entry.add_argument("--list", required=True, metavar="L", dest="list_",
                       help="the list: list_1, 1 or 'List 1' (missing_exploitation for 2.02)")
    entry.add_argument("--column", required=True, metavar="C",
                       help="a coded column: its name (contact_source) or its template header "
                       "('Contact Source')")
    entry.add_argument("--spelling", required=True, metavar="S",
                       help="the value as the LA writes it (matched case-, space- and "
                       "punctuation-blind)")
    apply_ = argparse.ArgumentParser(add_help=False)
    apply_.add_argument("--apply", action="store_true", help=APPLY_HELP)

    p = sub.add_parser(
        "mappings", help="an LA's own spellings of coded values (e.g. 'MASH - Police')",
        description="Declare once an LA's recurring local spellings of coded values (a local "
        "contact-source code, a team name used as a code), per list and column, with the "
        "official code each means. They are read before every other rule at the LA's next "
        "load, or at once with --apply.")
    verbs = p.add_subparsers(dest="mappings_command", required=True, metavar="ACTION")

    ls = verbs.add_parser("list", parents=[common], help="print the LA's mappings")
    ls.set_defaults(func=run_list)

    add = verbs.add_parser(
        "add", parents=[common, entry, apply_], help="add (or replace) one mapping",
        description="Map one spelling of a coded column to an official code. The same "
        "spelling (case- and space-blind) for the column is replaced.")
    add.add_argument("--code", required=True, metavar="X",
                     help="the official code ('q) 6: Police'), or anything that reads as it "
                     "('Police', '6')")
    add.set_defaults(func=run_add)

    rm = verbs.add_parser("remove", parents=[common, entry, apply_], help="remove one mapping")
    rm.set_defaults(func=run_remove)

    imp = verbs.add_parser(
        "import", parents=[common, apply_], help="add the mappings of a CSV file",
        description="Add (or replace) the mappings of a CSV with the header "
        f"{','.join(la_mappings.CSV_COLUMNS)}. A file with any bad line is refused whole, "
        "every bad line named; nothing is stored.")
    imp.add_argument("file", type=Path, metavar="FILE.csv")
    imp.set_defaults(func=run_import)

    ap = verbs.add_parser(
        "apply", parents=[common], help="re-read the LA's loaded submissions with its mappings",
        description="Re-read the coded values of every loaded submission of the LA with its "
        "mappings as they are now: typed values and data-quality report. The files are not "
        "needed.")
    ap.set_defaults(func=run_apply)


def _fail(message: str) -> int:
    print(f"annexa mappings: {message}", file=sys.stderr)
    return 2


def _where(m: la_mappings.Mapping) -> str:
    return (f"{la_mappings.list_label(m.list)}, "
            f"'{la_mappings.column_label(m.list, m.column)}'")


def _next_step(la: str, applied: list[la_mappings.Applied] | None) -> list[str]:
    if applied is None:
        return [f"It applies at LA {la}'s next load; `annexa mappings apply --la {la}` "
                "re-reads its loaded submissions now."]
    return la_mappings.describe_applied(la, applied)


def _write(args: argparse.Namespace, change) -> tuple[object, list | None]:
    """Run change(con) in one write, then apply the mappings if asked: one write for both."""
    la = args.la.strip()
    with warehouse.write_transaction(args.db) as con:
        result = change(con)
        applied = None
        if getattr(args, "apply", False):
            applied = la_mappings.summary(con, la_mappings.apply_mappings(con, la))
    return result, applied


def run_list(args: argparse.Namespace) -> int:
    try:
        la = la_mappings.check_la(args.la)
        con = warehouse.connect_reader(args.db)
        try:
            frame = la_mappings.list_mappings(con, la)
        finally:
            con.close()
    except MappingError as exc:
        return _fail(str(exc))
    if frame.empty:
        print(f"LA {la} has no mappings of its own. Add one with `annexa mappings add --la {la} "
              "--list L --column C --spelling S --code X`.")
        return 0
    print(format_table(frame))
    print(f"\n{len(frame)} mapping(s) for LA {la}.")
    return 0


def format_table(frame) -> str:
    """List label, column header, spelling and code, in aligned columns."""
    rows = [("List", "Column", "Spelling", "Code")]
    rows += [(la_mappings.list_label(r.list), la_mappings.column_label(r.list, r.column_name),
              r.spelling, r.code) for r in frame.itertuples()]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3] for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * max(len(r[3])
                                                                           for r in rows))
    return "\n".join(line.rstrip() for line in lines)


def run_add(args: argparse.Namespace) -> int:
    try:
        la = la_mappings.check_la(args.la)
        # Checked before the write, so a refusal costs no copy of the database.
        m = la_mappings.check(args.list_, args.column, args.spelling, args.code)
        _, applied = _write(args, lambda con: la_mappings.add_mappings(con, la, [m]))
    except MappingError as exc:
        return _fail(str(exc))
    print(f"Stored for LA {la}: {_where(m)}: '{m.spelling}' means '{m.code}'.")
    print("\n".join(_next_step(la, applied)))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    try:
        la = la_mappings.check_la(args.la)
        gone, applied = _write(args, lambda con: la_mappings.remove_mapping(
            con, la, args.list_, args.column, args.spelling))
    except MappingError as exc:
        return _fail(str(exc))
    print(f"Removed from LA {la}: " + ", ".join(f"'{s}'" for s in gone) + ".")
    print("\n".join(_next_step(la, applied)))
    return 0


def run_import(args: argparse.Namespace) -> int:
    try:
        la = la_mappings.check_la(args.la)
        rows = la_mappings.read_csv(args.file, name=str(args.file))
        n, applied = _write(args, lambda con: la_mappings.add_mappings(con, la, rows))
    except MappingError as exc:
        if any(where for where, _ in exc.problems):  # bad lines: say the file was refused whole
            return _fail(f"{args.file} was refused, nothing was stored. Correct these lines "
                         f"and import it again:\n{exc}")
        return _fail(str(exc))
    print(f"Stored {n} mapping(s) for LA {la} from {args.file}.")
    print("\n".join(_next_step(la, applied)))
    return 0


def run_apply(args: argparse.Namespace) -> int:
    try:
        la = la_mappings.check_la(args.la)
        con = warehouse.connect_reader(args.db)
        try:
            loaded = la_mappings.submissions_of(con, la)
        finally:
            con.close()
        if not loaded:
            return _fail(f"no submission is loaded for LA '{la}': check the code (`annexa "
                         "mappings list`, the Upload page); its mappings apply when its data "
                         "is loaded")
        with warehouse.write_transaction(args.db) as con:
            applied = la_mappings.summary(con, la_mappings.apply_mappings(con, la))
    except MappingError as exc:
        return _fail(str(exc))
    print("\n".join(la_mappings.describe_applied(la, applied)))
    return 0
