"""`annexa sample`: propose a case sample for a visit, print it with reasons and coverage.

The sample is drawn by annexa/services/sampling.py from the `sample_candidates` mart (the rules
are in
their docstring and header). With --save it is stored as a visit (sample_visits,
sample_members), so a later visit to the LA can see which children were seen before (000 ¶37).
Exit codes (annexa/cli/__init__.py): 0 done, 2 bad input (unknown LA, impossible size, bad file
name).
"""

from __future__ import annotations

import argparse
import getpass
import sys
import textwrap
from pathlib import Path

import pandas as pd

from annexa import config
from annexa.cli import argtypes
from annexa.cli.argtypes import add_db_option
from annexa.rules import sampling as sampling_rule
from annexa.security import safe_export
from annexa.services import sampling as sampler
from annexa.store import warehouse

OUT_TYPES = (".xlsx", ".csv")


_date = argtypes.iso_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sample", help="propose a case sample for a visit, with reasons and coverage",
        description="Propose the children whose cases the team will track (and the LA-audited "
        "and sampled cases): at least one child who was missing, at risk of exploitation and "
        "from a large sibling group wherever any exist (ILACS ¶150), then the children covering "
        "most of the diversity factors and ILACS ¶153 thresholds. The same data, settings and seed "
        "always give the same sample.")
    p.add_argument("--la", required=True, metavar="CODE", help="the LA's code")
    p.add_argument("--visit-type", required=True, choices=sampling_rule.VISIT_TYPES,
                   help="sets the default sizes (docs/methodology/case-selection.md C5)")
    p.add_argument("--size", type=argtypes.whole_number(0), metavar="N",
                   help="tracked children (default: standard 25, short 15, focused 10, "
                   "monitoring 6)")
    p.add_argument("--audited", type=argtypes.whole_number(0), metavar="N",
                   help="LA-audited cases (default 6; ILACS ¶131, ¶267)")
    p.add_argument("--sampled", type=argtypes.whole_number(0), default=0, metavar="N",
                   help="further cases drawn at random from the sampling window (default 0)")
    p.add_argument("--seed", type=argtypes.whole_number(), default=0, metavar="N",
                   help="random seed, stored with a saved sample (default 0)")
    p.add_argument("--as-at", type=_date, metavar="YYYY-MM-DD",
                   help="use the LA's latest submission with this as-at date or earlier "
                   "(default: its current submission)")
    p.add_argument("--ref-date", type=_date, metavar="YYYY-MM-DD",
                   help="reference date for every window (default: the submission's as-at date)")
    p.add_argument("--edition", choices=sampling_rule.EDITIONS, default=config.DEFAULT_EDITION,
                   help="framework edition for the list windows (docs/methodology/windows.md W3)")
    p.add_argument("--sampling-months", type=argtypes.whole_number(1), metavar="N",
                   default=config.DEFAULT_SAMPLING_MONTHS,
                   help="sampling window in months (default %(default)s; "
                   "docs/methodology/case-selection.md C1)")
    p.add_argument("--sibling-threshold", type=argtypes.whole_number(1), metavar="N",
                   default=config.DEFAULT_SIBLING_THRESHOLD,
                   help="brothers and sisters that make a large sibling group (default "
                   "%(default)s; docs/methodology/case-selection.md C2)")
    p.add_argument("--exclude-seen", action="store_true",
                   help="leave out children seen at an earlier saved visit to the LA")
    p.add_argument("--all-missing-exploited", action="store_true",
                   help="track every child who was missing or is at risk of sexual "
                   "exploitation, as far as --size allows, most at risk first (default: at "
                   "least one of each group, as ILACS ¶150 requires)")
    p.add_argument("--save", action="store_true", help="save the sample as a visit")
    p.add_argument("--saved-by", metavar="NAME", help="who saves it (default: your user name)")
    p.add_argument("--visit-start", type=_date, metavar="YYYY-MM-DD",
                   help="first day on site, stored with a saved sample")
    p.add_argument("--visit-end", type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--note", help="a note stored with a saved sample")
    p.add_argument("--out", type=Path, metavar="FILE.xlsx|FILE.csv",
                   help="also write the sample (.csv) or the sample and coverage (.xlsx)")
    add_db_option(p)
    p.set_defaults(func=run_sample)


def _fail(message: str) -> int:
    print(f"annexa sample: {message}", file=sys.stderr)
    return 2


def run_sample(args: argparse.Namespace) -> int:
    if args.out is not None and args.out.suffix.lower() not in OUT_TYPES:
        return _fail(f"--out must end in {' or '.join(OUT_TYPES)}, not '{args.out.name}'")
    try:
        settings = sampling_rule.Settings.for_visit(
            args.la.strip(), args.visit_type, size=args.size, audited=args.audited,
            sampled=args.sampled, seed=args.seed, ref_date=args.ref_date, as_at=args.as_at,
            edition=args.edition, sampling_months=args.sampling_months,
            sibling_threshold=args.sibling_threshold, exclude_seen=args.exclude_seen,
            all_missing_exploited=args.all_missing_exploited)
        con = warehouse.connect_reader(args.db)
        try:
            proposal = sampler.propose(con, settings)
        finally:
            con.close()
        visit_id = None
        if args.save:
            visit_id = sampler.save(
                proposal, saved_by=args.saved_by or _user(), db=args.db,
                visit_start=args.visit_start, visit_end=args.visit_end, note=args.note)
    except sampling_rule.SampleError as exc:
        return _fail(str(exc))
    print(format_proposal(proposal))
    if visit_id is not None:
        print(f"\nSaved as visit {visit_id}.")
    if args.out is not None:
        try:
            write_out(proposal, args.out)
        except OSError as exc:
            return _fail(f"could not write {args.out}: {exc.strerror or exc}")
        print(f"Written to {args.out}.")
    return 0


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _fmt_date(d) -> str:
    return f"{d:%d/%m/%Y}" if d is not None and not pd.isna(d) else "-"


def format_proposal(p: sampler.Proposal) -> str:
    """The sample as text: a heading with the settings, the children with reasons, coverage."""
    s, sc = p.settings, p.scope
    name = f" ({sc['la_name']})" if sc.get("la_name") else ""
    lines = [
        f"Case sample for LA {sc['la_code']}{name}: {s.visit_type} visit",
        f"Data as at {_fmt_date(sc['as_at_date'])} (submission {sc['submission_id']}); "
        f"reference date {_fmt_date(sc['ref_date'])}; {s.edition} windows; sampling window "
        f"{s.sampling_months} months; large sibling group = {s.sibling_threshold}+ brothers "
        f"and sisters; seed {s.seed}"
        + ("; children seen at earlier visits left out" if s.exclude_seen else "")
        + ("; every missing and exploited child that fits" if s.all_missing_exploited
           else ""),
        "",
    ]
    width = 100
    for role in sampling_rule.ROLES:
        m = p.members[p.members["role"] == role]
        asked = getattr(s, role)
        if not asked and m.empty:
            continue
        lines.append(f"{role.capitalize()} ({len(m)} of {asked} asked for)")
        for r in m.itertuples():
            seen = " [seen before]" if r.seen_before else ""
            lines += textwrap.wrap(r.reason + seen, width=width,
                                   initial_indent=f"  {r.pick_order:>2}. {r.child_id}: ",
                                   subsequent_indent=" " * 8)
        lines.append("")
    lines.append("Mandatory groups (ILACS ¶150)")
    for r in p.mandatory.itertuples():
        # The status already gives the counts when only some of the group are in.
        counts = (f"{r.in_sample} in the sample, {r.in_data} in the data ({r.status})"
                  if r.status == "included" or not r.in_data else r.status)
        lines.append(f"  {r.label}: {counts}")
    lines += ["", "Thresholds (ILACS ¶153): children in the sample / among the candidates"]
    for r in p.thresholds.itertuples():
        lines.append(f"  {r.threshold:>2}. {r.label}: {r.in_sample} / {r.in_pool}")
    lines += ["", "Diversity factors (ILACS ¶150): children in the sample / among the "
              "candidates"]
    for factor, rows in p.factors.groupby("factor", sort=False):
        if rows["in_pool"].isna().all():
            lines.append(f"  {factor}: not in Annex A")
            continue
        parts = [f"{r.value} {int(r.in_sample)}/{int(r.in_pool)}" for r in rows.itertuples()]
        lines += textwrap.wrap(f"{factor}: " + ", ".join(parts), width=width,
                               initial_indent="  ", subsequent_indent="    ")
    if p.warnings:
        lines += ["", "Warnings"] + [f"  - {w}" for w in p.warnings]
    return "\n".join(lines)


def _export_members(p: sampler.Proposal) -> pd.DataFrame:
    """The sample for a file, with the same words as the screen (no template codes)."""
    m = sampler.member_labels(p.members)
    m["features"] = m["features"].map(lambda f: "; ".join(f))
    m["thresholds"] = m["thresholds"].map(lambda t: ", ".join(str(x) for x in t))
    m.insert(0, "la_code", p.scope["la_code"])
    return m


def write_out(p: sampler.Proposal, path: Path) -> None:
    """.csv: the sample; .xlsx: the sample, the coverage report and the settings."""
    if path.suffix.lower() == ".csv":
        path.write_bytes(safe_export.to_csv_bytes(_export_members(p)))
        return
    settings = pd.DataFrame(
        [{"setting": k, "value": str(v)} for k, v in {
            **{f"scope: {k}": v for k, v in p.scope.items()},
            **{k: v for k, v in vars(p.settings).items()},
        }.items()])
    sheets = {
        "Sample": _export_members(p),
        "Mandatory groups": p.mandatory,
        "Thresholds": p.thresholds,
        "Factors": p.factors,
        "Settings": settings,
    }
    if p.warnings:
        sheets["Warnings"] = pd.DataFrame({"warning": p.warnings})
    title = f"Case sample, LA {p.scope['la_code']}, {p.settings.visit_type} visit"
    path.write_bytes(safe_export.to_xlsx_bytes(sheets, title=title))
