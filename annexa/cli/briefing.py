"""`annexa briefing`: write an LA's briefing (the Excel workbook or the printable page) from the
command line, for scripting.

The same briefing the dashboard's Briefing page downloads, built by the same code
(annexa/services/briefing.py, annexa/services/briefing_export.py) from the same named queries,
with the sidebar's choices as options: LA, reference date (default: the submission's as-at
date), framework edition, sampling window, sibling threshold and, for a fictional LA, the real LA
it is compared as (`--compare-as`, the sidebar's "Compare as"). The workbook carries native Excel
charts and, like every export, cannot run a formula (annexa/security/safe_export.py); neither
file names a child: the briefing holds LA-level counts only.

The database is opened read-only (warehouse.connect_reader) and never created: a missing file is
an error. Like every `annexa` command this is not access-controlled (README, "Not protected"):
whoever can run it can read every LA's data, as they could read data/ itself.
Exit codes (annexa/cli/__init__.py): 0 written, 2 bad input (a file type other than .xlsx or
.html, no database, no submission for the LA, an LA that cannot be compared as the one asked).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annexa import config
from annexa.cli import argtypes
from annexa.cli.argtypes import add_db_option, no_database
from annexa.store import warehouse

OUT_TYPES = {".xlsx": "the Excel workbook", ".html": "the printable page"}


_date = argtypes.iso_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "briefing", help="write an LA's briefing as an Excel workbook or a printable page",
        description="Write the Briefing page's download for one LA: an Excel workbook (a sheet "
        "per section, each figure with its window, definition and reference, with native Excel "
        "charts beside the tables) or a printable HTML page. The same figures as the dashboard "
        "for the same choices; LA-level counts only.")
    p.add_argument("--la", required=True, metavar="CODE", help="the LA's code")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx|FILE.html",
                   help="the file to write: .xlsx for the workbook, .html for the printable page")
    p.add_argument("--ref-date", type=_date, metavar="YYYY-MM-DD",
                   help="reference date every window ends on (default: the submission's as-at "
                   "date)")
    p.add_argument("--edition", choices=config.EDITIONS, default=config.DEFAULT_EDITION,
                   help="framework edition for the list windows (default %(default)s; "
                   "docs/methodology/windows.md W3)")
    p.add_argument("--compare-as", metavar="CODE",
                   help="for an LA not in the published statistics (the demo's), the real LA "
                   "whose child population, region and statistical neighbours the national "
                   "context uses (default: none, England only)")
    p.add_argument("--sampling-months", type=argtypes.whole_number(1), metavar="N",
                   default=config.DEFAULT_SAMPLING_MONTHS,
                   help="sampling window in months (default %(default)s; "
                   "docs/methodology/case-selection.md C1)")
    p.add_argument("--sibling-threshold", type=argtypes.whole_number(1), metavar="N",
                   default=config.DEFAULT_SIBLING_THRESHOLD,
                   help="brothers and sisters that make a large sibling group (default "
                   "%(default)s; docs/methodology/case-selection.md C2)")
    add_db_option(p)
    p.set_defaults(func=run_briefing)


def _fail(message: str) -> int:
    print(f"annexa briefing: {message}", file=sys.stderr)
    return 2


def run_briefing(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() not in OUT_TYPES:
        return _fail(f"--out must end in .xlsx (the Excel workbook) or .html (the printable "
                     f"page), not '{out.name}'")
    if not out.parent.is_dir():  # before the figures are counted, not after
        return _fail(f"could not write {out}: there is no folder {out.parent}")
    la = args.la.strip()
    if not la:
        return _fail("--la is blank: give the LA's code")
    if (code := no_database("briefing", args.db)) is not None:
        return code
    live = warehouse.resolve_db_path(args.db)

    # Here, not at the top: every `annexa` command imports this module to list its options.
    from annexa.services import briefing, briefing_export
    from annexa.services.context import Context
    from annexa.store import queries

    con = warehouse.connect_reader(live)
    try:
        run = queries.runner(con)
        # As the sidebar: the LAs with a submission, their names and newest as-at dates.
        las = queries.named(run, "sidebar/las").set_index("la_code")
        if la not in las.index:
            loaded = (f"LAs loaded: {', '.join(las.index)}" if len(las)
                      else "the database holds none")
            return _fail(f"no submission is loaded for LA '{la}' ({loaded}). Load its Annex A "
                         f"with `annexa ingest FILE --la {la}` first.")
        compare_as, problem = _compare_as(run, la, args.compare_as)
        if problem:
            return _fail(problem)
        ref = queries.named(run, "sidebar/reference_date",
                            [la, args.ref_date, args.edition]).iloc[0, 0]
        name = las.la_name[la]
        ctx = Context(
            la_code=la, la_name=name if isinstance(name, str) else la,
            ref_date=ref.date() if hasattr(ref, "date") else ref,
            ref_date_is_default=args.ref_date is None, edition=args.edition,
            sampling_months=args.sampling_months, sibling_threshold=args.sibling_threshold,
            compare_as=compare_as)
        b = briefing.load(ctx, run)
    finally:
        con.close()
    if b is None:
        return _fail(f"LA '{la}' has a submission but no briefing figures for reference date "
                     f"{ctx.ref_date:%d/%m/%Y}: reload it with `annexa ingest FILE --la {la}`")

    as_at = las.as_at_date[la]
    as_at = as_at.date() if hasattr(as_at, "date") else as_at
    if args.ref_date is not None and as_at is not None and args.ref_date > as_at:
        print(f"Warning: the reference date ({args.ref_date:%d/%m/%Y}) is after this "
              f"submission's as-at date ({as_at:%d/%m/%Y}): the data stops there, so windows "
              "reaching past it are incomplete and their counts too low.", file=sys.stderr)

    data = (briefing_export.to_xlsx(b) if out.suffix.lower() == ".xlsx"
            else briefing_export.to_html(b))
    try:
        out.write_bytes(data)
    except OSError as exc:
        return _fail(f"could not write {out}: {exc.strerror or exc}")
    compared = f", compared as {b.compared_as_name or compare_as} ({compare_as})" \
        if compare_as else ""
    print(f"Written {OUT_TYPES[out.suffix.lower()]} to {out}: briefing for {b.title}, reference "
          f"date {b.ref_label}, {b.edition}{compared}.")
    return 0


def _compare_as(run, la: str, wanted: str | None) -> tuple[str | None, str | None]:
    """The real LA to compare a fictional one as (the sidebar's rule, N7), or why not."""
    from annexa.store import queries

    if wanted is None:
        return None, None
    wanted = wanted.strip()
    real = set(queries.named(run, "sidebar/compare_as_options").la_code)
    if not real:
        return None, ("--compare-as: no published statistics are loaded, so there is nothing "
                      "to compare with. Run `annexa reference import` first.")
    if la in real:
        return None, (f"--compare-as: LA '{la}' is in the published statistics and is "
                      "compared as itself; leave out --compare-as")
    if wanted not in real:
        return None, (f"--compare-as: '{wanted}' is not an LA with a published child "
                      "population; `annexa reference status` says what is loaded")
    return wanted, None
