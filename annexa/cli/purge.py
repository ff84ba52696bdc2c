"""`annexa purge` and `annexa retention`: delete a submission or an LA for good; see and set how
long submissions are kept before they are flagged.

The rules (what is deleted and kept, how "no trace" is achieved) are in annexa/services/purge.py.
Exit codes: purge 0 done, 1 not confirmed (nothing changed), 2 nothing matches or no database;
retention 0 done, 2 bad value or no database.
"""

from __future__ import annotations

import argparse
import sys

from annexa.cli.argtypes import add_db_option, no_database
from annexa.services import purge
from annexa.store import warehouse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "purge", help="delete one submission or a whole LA, leaving no trace in the database",
        description="Delete one submission, or an LA's every submission and saved case sample, "
        "and rewrite the database file so the deleted rows are not left in it. Prints what "
        "will be deleted (ids, dates and counts, never child values) and asks you to type the "
        "LA code to confirm. Kept: the LA's inspection cycle events and public judgements; "
        "when one submission is purged, the LA's saved samples.")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--submission", type=int, metavar="ID", help="the submission's id")
    target.add_argument("--la", metavar="CODE", help="the LA's code: all its data")
    p.add_argument("--yes", action="store_true",
                   help="do not ask for confirmation (for scripts)")
    add_db_option(p)
    p.set_defaults(func=run_purge)

    r = sub.add_parser(
        "retention", help="show or set the retention period; list submissions past it",
        description="Submissions whose data is older than the retention period (counted from "
        "their as-at date) are flagged here and on the Manage data page; nothing is deleted "
        f"automatically. Default {purge.DEFAULT_RETENTION_MONTHS} months; "
        f"${purge.RETENTION_ENV} overrides the stored setting.")
    r.add_argument("--months", metavar="N", help="store a new retention period in the database")
    add_db_option(r)
    r.set_defaults(func=run_retention)


NOTHING_TO_DO = "nothing to do"


def run_purge(args: argparse.Namespace) -> int:
    if (code := no_database("purge", args.db, NOTHING_TO_DO)) is not None:
        return code
    con = warehouse.connect_reader(args.db)
    try:
        the_plan = purge.plan(con, submission_id=args.submission, la_code=args.la)
    except purge.NothingToPurge as exc:
        print(f"annexa purge: {exc}: nothing to purge.", file=sys.stderr)
        return 2
    finally:
        con.close()
    print("\n".join(the_plan.describe()))
    print("The database file is rewritten without these rows. This cannot be undone.")
    if not args.yes:
        try:
            answer = input(f"Type the LA code ({the_plan.la_code}) to confirm: ")
        except EOFError:
            answer = ""
        if answer.strip() != the_plan.la_code:
            print("Not confirmed: nothing was deleted.")
            return 1
    try:
        done = purge.purge(submission_id=args.submission, la_code=args.la, db=args.db)
    except purge.NothingToPurge as exc:
        print(f"annexa purge: {exc} (purged meanwhile?): nothing to purge.", file=sys.stderr)
        return 2
    except warehouse.RewriteRefused as exc:
        print(f"annexa purge: {exc}. Nothing was deleted.", file=sys.stderr)
        return 2
    ids = ", ".join(str(i) for i in done.submission_ids) or "none"
    print(f"Purged LA {done.la_code}: submission(s) {ids}"
          + (f" and {done.saved_samples} saved sample(s)" if done.scope == "la" else "") + ".")
    return 0


def run_retention(args: argparse.Namespace) -> int:
    if (code := no_database("retention", args.db, NOTHING_TO_DO)) is not None:
        return code
    if args.months is not None:
        try:
            months = purge.set_retention_months(args.months, db=args.db)
        except ValueError as exc:
            print(f"annexa retention: {exc}", file=sys.stderr)
            return 2
        print(f"Stored: flag submissions whose data is older than {months} months.")
    con = warehouse.connect_reader(args.db)
    try:
        setting = purge.retention_setting(con)
        table = purge.retention_table(con, setting.months)
    finally:
        con.close()
    if setting.problem:
        print(f"annexa retention: {setting.problem}", file=sys.stderr)
    source = {"environment": f"from ${purge.RETENTION_ENV}, which overrides the database",
              "database": "stored in the database",
              "default": "the default"}[setting.source]
    print(f"Retention: {setting.months} months after the data's as-at date ({source}).")
    past = table[table.past_retention]
    if past.empty:
        print(f"No submission is past retention ({len(table)} loaded).")
        return 0
    print(f"{len(past)} of {len(table)} submission(s) past retention; purge them with "
          "`annexa purge --submission ID` unless they are still needed:")
    for r in past.itertuples():
        name = f" ({r.la_name})" if isinstance(r.la_name, str) else ""
        current = ", the LA's current submission" if r.is_current else ""
        print(f"  submission {r.submission_id}: LA {r.la_code}{name}, as at "
              f"{r.as_at_date:%d/%m/%Y}, due {r.retention_due:%d/%m/%Y}{current}")
    return 0
