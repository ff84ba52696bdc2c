"""`annexa timeline`: every milestone of one inspection or visit, with its date and rule."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from annexa.rules import milestones
from annexa.rules.workdays import OutsideCalendar
from annexa.services.cycles import parse_date

CLI_VISIT_TYPES = ("standard", "short", "focused", "monitoring", "apv")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "timeline", help="print the milestones of an inspection or visit",
        description="Print every milestone of a standard, short or focused inspection, a "
        "monitoring visit or an action planning visit, counted in working days (England bank "
        "holidays excluded) from the fieldwork start or the notification date. For a "
        "re-inspection use --visit-type standard (ILACS ¶22).")
    p.add_argument("--visit-type", required=True, choices=CLI_VISIT_TYPES)
    p.add_argument("--fieldwork-start", metavar="YYYY-MM-DD",
                   help="first day of fieldwork: the Monday for inspections and monitoring visits "
                   "(the visit week's off-site day, ILACS ¶129), the first on-site day for focused "
                   "visits; for --visit-type apv, the date of the action planning visit")
    p.add_argument("--notified", metavar="YYYY-MM-DD",
                   help="notification date (monitoring visits: the data request); for "
                   "--visit-type apv, the date the LA received its inspection report")
    p.add_argument("--report-unit", choices=milestones.REPORT_UNITS, default="working",
                   help="unit of the report milestones' bare 'days' (ILACS ¶224; default working)")
    p.add_argument("--visit-no", type=int, metavar="N",
                   help="monitoring visits: which visit this is (the first has no published "
                   "letter, ILACS ¶208)")
    p.add_argument("--priority-action", action="store_true",
                   help="focused visits: an area for priority action was found (ILACS ¶229)")
    p.add_argument("--christmas", default="20/12-02/01", metavar="DD/MM-DD/MM",
                   help="the Christmas and New Year period when inspections do not usually "
                   "begin (ILACS ¶14 gives no dates; default 20/12-02/01)")
    p.add_argument("--ics", type=Path, metavar="FILE", help="also write the milestones as .ics")
    p.set_defaults(func=run_timeline)


def run_timeline(args: argparse.Namespace) -> int:
    given = {"--fieldwork-start": args.fieldwork_start, "--notified": args.notified}
    if not any(given.values()):
        print("annexa timeline: give --fieldwork-start YYYY-MM-DD or --notified YYYY-MM-DD.",
              file=sys.stderr)
        return 2
    if args.visit_type != "apv" and all(given.values()):
        print("annexa timeline: give --fieldwork-start or --notified, not both (the other is "
              "counted from it).", file=sys.stderr)
        return 2
    dates = {}
    for option, text in given.items():
        if text is None:
            continue
        try:
            dates[option] = parse_date(text)
        except ValueError as exc:
            print(f"annexa timeline: {option}: {exc}.", file=sys.stderr)
            return 2
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})-(\d{1,2})/(\d{1,2})", args.christmas.strip())
    if match and not all(1 <= int(d) <= 31 and 1 <= int(m) <= 12
                         for d, m in (match.groups()[:2], match.groups()[2:])):
        match = None
    if not match:
        print(f"annexa timeline: --christmas {args.christmas!r}: use DD/MM-DD/MM, e.g. "
              "20/12-02/01.", file=sys.stderr)
        return 2
    start_day, start_month, end_day, end_month = (int(g) for g in match.groups())
    settings = milestones.Settings(report_unit=args.report_unit,
                                   blackout_start=(start_month, start_day),
                                   blackout_end=(end_month, end_day),
                                   monitoring_visit_no=args.visit_no,
                                   priority_action=args.priority_action)
    try:
        plan = milestones.plan_visit(args.visit_type,
                                     fieldwork_start=dates.get("--fieldwork-start"),
                                     notified=dates.get("--notified"), settings=settings)
    except (OutsideCalendar, ValueError) as exc:
        print(f"annexa timeline: {exc}", file=sys.stderr)
        return 2
    print(render(plan))
    if args.ics:
        from annexa.services.ics import plan_to_ics

        args.ics.write_bytes(plan_to_ics(plan).encode("utf-8"))
        print(f"\nCalendar written to {args.ics}")
    return 0


def render(plan: milestones.Plan) -> str:
    """The plan as plain text: a heading, one line per milestone, then warnings and caveats."""
    if plan.visit_type == "apv":
        head = f"{plan.title} on {plan.fieldwork_start:%A %d/%m/%Y}"
        if plan.notified:
            head += f" (report received {plan.notified:%A %d/%m/%Y})"
    else:
        head = (f"{plan.title}: notified {plan.notified:%A %d/%m/%Y}; fieldwork "
                f"{plan.fieldwork_start:%A %d/%m/%Y} to {plan.fieldwork_end:%A %d/%m/%Y}")
    lines = [head, "Working days: Monday-Friday except England bank holidays.", ""]
    lines.append(f"{'Date':<16} {'Time':<10} {'Who':<13} {'Milestone':<62} Rule")
    for m in plan.milestones:
        when = f"{m.date:%a %d/%m/%Y}"
        label = m.label + (f" (until {m.end_date:%a %d/%m/%Y})" if m.end_date else "")
        lines.append(f"{when:<16} {m.time or '':<10} {m.party:<13} {label:<62} "
                     f"{m.rule} ({m.paragraph})")
    for w in plan.warnings:
        lines.append(f"\n{w.severity.upper()}: {w.message} [{w.paragraph}]")
    for c in plan.caveats:
        lines.append(f"\nNote: {c}")
    return "\n".join(lines)
