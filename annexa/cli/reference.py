"""`annexa reference import` and `annexa reference status`: the published statistics.

Loads the reference folder's `dfe/` files (annexa/services/reference.py) and says what is loaded,
from which publication, for which years and how old it is. Exit codes as in
annexa/cli/__init__.py: 0 done (a file that could not be read is reported, the others load), 2
nothing usable (no folder, or no file could be read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from annexa import config
from annexa.cli.argtypes import add_db_option
from annexa.services import reference
from annexa.services import reference_sources as catalogue
from annexa.store import warehouse

DIR_HELP = (f"the reference folder holding dfe/ (default ${config.REFERENCE_ENV}, else "
            f"{config.DEFAULT_REFERENCE_DIR})")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reference", help="load and list the published statistics used for national comparisons",
        description="Published statistics (children in need, CP plans, children looked after, "
        "care leavers, ONS population, statistical neighbours, Ofsted's official outcomes) read "
        "from the reference folder's dfe/ files as their publishers publish them.")
    verbs = p.add_subparsers(dest="reference_command", required=True, metavar="VERB")
    imp = verbs.add_parser(
        "import", help="load the dfe/ files into the database",
        description="Read every file of the reference folder's dfe/ folder and replace the "
        "tables it feeds (ref_published, ref_population, ref_stat_neighbours, "
        "ref_census_ethnicity, ref_ofsted_outcomes). A missing or malformed file is reported "
        "and the rows of its last good import are kept; the others load. To refresh, download "
        "the new files into dfe/ (removing last year's) and run this again.")
    imp.add_argument("--reference-dir", metavar="DIR", help=DIR_HELP)
    add_db_option(imp)
    imp.set_defaults(func=run_import)
    st = verbs.add_parser(
        "status", help="list each family of published statistics, its publication, years and age",
        description="List each family of published statistics loaded: its file, publication, "
        "data years, latest period and how old it is, then the problems of the last import and "
        "where the scraped ILACS judgements and Ofsted's official outcomes disagree.")
    st.add_argument("--measures", action="store_true",
                    help="also list every measure with its unit, years and rows")
    add_db_option(st)
    st.set_defaults(func=run_status)


def run_import(args: argparse.Namespace) -> int:
    try:
        result = reference.import_reference_data(args.db, args.reference_dir)
    except FileNotFoundError as exc:
        print(f"annexa reference import: {exc}.", file=sys.stderr)
        return 2
    db = warehouse.resolve_db_path(args.db)
    print(f"Published statistics from {result.folder} into {db}:")
    for f in result.files:
        what = f"{f.rows:,} rows" if f.status == "loaded" else f.message
        print(f"  {f.status:<9} {f.name or catalogue.BY_FAMILY[f.family].pattern}: {what}")
    shown = [p for p in result.problems if p.severity != "info"]
    if shown:
        print(f"\n{len(shown)} problems (also in table ref_reference_issues):")
        for p in sorted(shown, key=lambda p: (p.severity != "error", p.family)):
            print(f"  {p.severity:<7} {p.source_file or p.family}: {p.message}")
    notes = len(result.problems) - len(shown)
    if notes:
        print(f"\n{notes} notes are in table ref_reference_issues.")
    con = warehouse.connect_reader(args.db)
    try:
        line = reference.comparison_line(con)
    finally:
        con.close()
    if line:
        print(f"\n{line}")
    if not result.loaded:
        print("Nothing could be read: see the messages above.", file=sys.stderr)
        return 2
    return 0


def _age(end: dt.date | None, today: dt.date) -> str:
    if end is None:
        return "-"
    months = (today.year - end.year) * 12 + today.month - end.month - (today.day < end.day)
    return f"{months} month{'s' if months != 1 else ''}" if months >= 0 else "-"


def _short(publication: str | None) -> str:
    """The publication's title, without its publisher and address."""
    return (publication or "").split(" (")[0]


def run_status(args: argparse.Namespace) -> int:
    con = warehouse.connect_reader(args.db)
    try:
        files = reference.status(con)
        measures = reference.measures(con) if args.measures else None
        issues = con.execute("select family, source_file, severity, message from "
                             "ref_reference_issues where severity <> 'info' "
                             "order by severity, family").fetchall()
        line = reference.comparison_line(con)
    finally:
        con.close()
    db = warehouse.resolve_db_path(args.db)
    if not files:
        print(f"No published statistics in {db}: run `annexa reference import` (files from "
              f"{reference.dfe_folder()}). The pages work without them, with no comparisons.")
        if line:
            print(f"\n{line}")
        return 0
    today = dt.date.today()
    checked = max(f["checked_at"] for f in files)
    print(f"Published statistics in {db} (last import {checked:%d/%m/%Y %H:%M}). A period's age "
          f"runs from its end to today ({today:%d/%m/%Y}).\n")
    header = (f"{'family':<27} {'status':<9} {'years':<10} {'latest data':<60} {'age':>10} "
              f"{'rows':>7}  publication")
    print(header)
    print("-" * len(header))
    for f in files:
        first, last = f["first_year"], f["last_year"]
        years = f"{first}-{last}" if first and first != last else f"{last or '-'}"
        published = (f", published {f['publication_date']:%d/%m/%Y}"
                     if f["publication_date"] else "")
        print(f"{f['family']:<27} {f['status']:<9} {years:<10} "
              f"{(f['latest_period'] or '-'):<60} {_age(f['latest_period_end'], today):>10} "
              f"{f['rows_loaded'] or 0:>7,}  {_short(f['source_publication'])}{published}")
        if f["status"] != "loaded" and f["message"]:
            print(f"{'':<27} {f['message']}")
    if measures is not None:
        print(f"\n{'measure':<52} {'unit':<34} {'period':<8} {'years':<10} {'rows':>7} "
              f"{'LAs*':>5}")
        for m in measures:
            years = f"{m['first_year']}-{m['last_year']}" if m["rows"] else "-"
            print(f"{m['measure']:<52} {m['unit']:<34} {m['period_kind']:<8} {years:<10} "
                  f"{m['rows']:>7,} {m['las_latest']:>5}")
        print("* LAs with a value in the measure's latest year")
    if issues:
        print(f"\n{len(issues)} problems at the last import (table ref_reference_issues):")
        for family, file, severity, message in issues:
            print(f"  {severity:<7} {file or family}: {message}")
    if line:
        print(f"\n{line}")
    return 0
