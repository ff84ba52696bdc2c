"""Milestone planner: every date of an inspection or visit, from its fieldwork start or notice.

Pure Python, no database. The rules are data (RULES below), each with the paragraph it comes from:
"002" is the ILACS framework 2018 (seed 002), "000" the monitoring and re-inspection handbook 2017
(seed 000). The rule numbers (R26-R43, M2, M§1.1) are anchors of docs/methodology/timelines.md,
which also holds the general rules: ILACS 2018 first, the 2017 handbook only where 002 is silent
(the APV window, the APV preparation day, the re-inspection's latest date; T3); bare "days" are
working days (T4), except the report table's (¶224, T17-T20 in R32), whose unit is a setting.

Every milestone is "anchor + k working days", with the notification as the root anchor
(docs/methodology/timelines.md T5: the weekday grids are test cases, not the rule). Counting
working days with England's bank holidays excluded reproduces fn17 (a bank-holiday Monday moves the
notification to the Friday before; at Easter, to the Thursday).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from annexa.rules.workdays import add_working_days, holidays_between, is_working_day

if TYPE_CHECKING:  # pandas only for Plan.frame: the schema build reads RULES without it
    import pandas as pd

VISIT_TYPES = {
    "standard": "Standard inspection",
    "short": "Short inspection",
    "focused": "Focused visit",
    "monitoring": "Monitoring visit",
    "apv": "Action planning visit",
    "reinspection": "Re-inspection (a standard inspection)",
}

# Working days of notice before fieldwork starts: ¶52, ¶54, ¶73 (five working days' notice),
# ¶103 (focused: counted to the first on-site day), ¶129-130 and Annex A (monitoring: ten days
# before the Monday of the visit week, "two weeks before").
NOTICE_WD = {"standard": 5, "short": 5, "reinspection": 5, "focused": 5, "monitoring": 10}

# The weekday the grids put fieldwork on (Monday = 0): ¶52-55 and ¶129 Monday, ¶103 Tuesday.
USUAL_FIELDWORK_WEEKDAY = {"standard": 0, "short": 0, "reinspection": 0, "focused": 1,
                           "monitoring": 0}

PARTIES = ("Ofsted", "LA", "Ofsted and LA")
REPORT_UNITS = {"working": "working days", "calendar": "calendar days"}

REPORT_UNIT_CAVEAT = (
    "The report milestones (draft for factual accuracy, comments, final version, publication) come "
    "from the table after ILACS ¶224, which gives bare \"days\" (T17-T20). They are counted here "
    "in {unit}; change the setting if your region counts them the other way."
)


@dataclass(frozen=True)
class Rule:
    """One milestone rule: a date `offset` units after the `anchor` milestone (or input)."""

    key: str
    label: str
    party: str
    anchor: str
    offset: int
    unit: str  # 'WD' working days, 'report' (¶224 setting), 'months' (calendar), 'input'
    rule: str  # its anchor in docs/methodology/timelines.md (R26, M2, ...)
    paragraph: str
    text: str
    time: str | None = None  # a clock time where the text states one, or 'end of day'
    span_wd: int = 0  # the milestone covers this many further working days (on-site days)
    condition: str | None = None  # applies only when this setting is true


@dataclass(frozen=True)
class Settings:
    """The planner's settings: every one is shown next to the figures it changes."""

    report_unit: str = "working"  # T17-T20 (¶224): 'working' (default) or 'calendar'
    blackout_start: tuple[int, int] = (12, 20)  # (month, day): ¶14, dates not defined (R43)
    blackout_end: tuple[int, int] = (1, 2)
    monitoring_visit_no: int | None = None  # ¶208, fn28: no letter after the first visit
    priority_action: bool = False  # focused visit with an area for priority action (¶229)
    focused_visits_so_far: int | None = None  # since the last inspection (¶18, ¶21; R41)


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    date: dt.date
    end_date: dt.date | None
    time: str | None
    party: str
    counted: str  # how the date was counted, e.g. "notification + 1 working day"
    rule: str
    paragraph: str
    text: str
    unit: str


@dataclass(frozen=True)
class PlanWarning:
    severity: str  # 'warning' (a rule is likely broken) or 'note' (worth knowing)
    message: str
    paragraph: str


@dataclass
class Plan:
    visit_type: str
    notified: dt.date | None
    fieldwork_start: dt.date | None
    fieldwork_end: dt.date | None
    milestones: list[Milestone] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return VISIT_TYPES[self.visit_type]

    def by_key(self, key: str) -> Milestone:
        return next(m for m in self.milestones if m.key == key)

    def frame(self) -> pd.DataFrame:
        """One row per milestone, in date order, with readable column names."""
        import pandas as pd
        rows = [{
            "Date": m.date,
            "Day": f"{m.date:%a}",
            "Until": m.end_date,
            "Time": m.time or "",
            "Milestone": m.label,
            "Responsible": m.party,
            "Counted as": m.counted,
            "Rule": m.rule,
            "Paragraph": m.paragraph,
            "Rule text": m.text,
        } for m in self.milestones]
        columns = ["Date", "Day", "Until", "Time", "Milestone", "Responsible", "Counted as",
                   "Rule", "Paragraph", "Rule text"]
        return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------------------------------- rules

def _notice_rules(data_time: str | None) -> tuple[Rule, ...]:
    """Notification and the LA's Annex A deadlines for standard and short inspections (R26-R27)."""
    return (
        Rule("notification", "Notification: lead inspector telephones the DCS", "Ofsted",
             "notification", 0, "WD", "R26", "ILACS ¶52, ¶73, fn17",
             "By 9.30am five working days before fieldwork starts. A bank holiday in the notice "
             "week moves it to the previous working day (Friday; Thursday at Easter).",
             time="09:30"),
        Rule("set_up_call", "Annex A requested by email; set-up telephone conference",
             "Ofsted and LA", "notification", 0, "WD", "R26", "ILACS ¶52 grid, ¶74, ¶252",
             "Straight after the call the lead inspector emails the DCS asking for the Annex A "
             "information; 'set-up' conference with the DCS in the afternoon.", time="afternoon"),
        Rule("child_level_lists", "Child-level data lists 1-11 due", "LA", "notification", 1,
             "WD", "R27", "ILACS Annex A table, ¶255",
             "1 day after notification (by the end of Tuesday), in Excel.", time=data_time),
        Rule("audit_information", "Audits completed in the last six months due", "LA",
             "notification", 1, "WD", "R27", "ILACS Annex A table, ¶266",
             "1 day after notification: child ID, audit theme and date completed.",
             time=data_time),
        Rule("management_information", "Performance and management information due", "LA",
             "notification", 2, "WD", "R27", "ILACS Annex A table, ¶270",
             "2 days after notification (by the end of Wednesday).", time="end of day"),
        Rule("case_information", "Information about specific children's cases due", "LA",
             "notification", 3, "WD", "R27", "ILACS Annex A table, ¶267-268",
             "3 days after notification (by the end of Thursday).", time="end of day"),
        Rule("offsite_evaluation", "Full team off-site evaluation; team telephone conference",
             "Ofsted", "notification", 3, "WD", "R28", "ILACS ¶52 grid, ¶77",
             "Thursday and Friday of the notice week, with an Ofsted analytical officer.",
             span_wd=1),
    )


def _report_rules(draft: int, comments: int, final: int, published: int, paragraph: str,
                  noun: str) -> tuple[Rule, ...]:
    """The report table after ¶224 (R32, T17-T20): counted from the last day of fieldwork."""
    return (
        Rule("report_draft", f"Draft {noun} sent to the LA for factual accuracy", "Ofsted",
             "fieldwork_end", draft, "report", "R32", paragraph,
             f"{draft} days after inspectors complete fieldwork (T17)."),
        Rule("factual_accuracy", "LA's factual accuracy comments due", "LA", "report_draft",
             comments, "report", "R32", paragraph,
             f"The LA has {comments} days to return its comments (T18)."),
        Rule("report_final", f"Final {noun} sent to the LA (pre-publication, under embargo)",
             "Ofsted", "fieldwork_end", final, "report", "R32",
             paragraph, f"{final} days after fieldwork (T19); this is the report the LA "
             "'receives', which starts the action plan clock."),
        Rule("report_published", f"{noun.capitalize()} published on Ofsted's website", "Ofsted",
             "fieldwork_end", published, "report", "R32", paragraph,
             f"{published} days after fieldwork (T20)."),
    )


def _inspection_rules(fieldwork_wd: int, grid: str) -> tuple[Rule, ...]:
    """Standard (10 days of fieldwork) or short (5 days) inspection, or a re-inspection."""
    last = fieldwork_wd - 1
    rules = _notice_rules("end of day") + (
        Rule("fieldwork", "Fieldwork: team on site from Monday afternoon", "Ofsted",
             "notification", 5, "WD", "R28", f"ILACS {grid}, ¶79",
             "Lead inspector on site in the afternoon to meet the DCS; full team on site pm.",
             time="afternoon", span_wd=last),
        Rule("schools_inspector", "Schools inspector on site (one day)", "Ofsted", "fieldwork",
             1, "WD", "R29", "ILACS ¶52, ¶92-94",
             "Off site on the first Monday, on site on the Tuesday."),
    )
    if fieldwork_wd == 10:
        rules += (Rule("week1_offsite", "Full team off-site evaluation (Friday of week 1)",
                       "Ofsted", "fieldwork", 4, "WD", "R28", "ILACS ¶52 grid",
                       "Friday of week 1; on site again from Monday lunchtime."),)
    rules += (
        Rule("extended_team_meeting", "Extended team meeting (penultimate day on site)",
             "Ofsted", "fieldwork", last - 1, "WD", "R28", "ILACS ¶144",
             "The team meets for an extended period on the penultimate day on site."),
        Rule("fieldwork_end", "Feedback of findings; fieldwork ends", "Ofsted and LA",
             "fieldwork", last, "WD", "R28", f"ILACS {grid}, ¶200",
             "Findings fed back (a meeting of usually no more than 60 minutes); team off site by "
             "early afternoon."),
    )
    rules += _report_rules(10, 3, 18, 21, "ILACS ¶224 table", "report")
    rules += (Rule("action_plan", "Action plan due to Ofsted", "LA", "report_final", 70, "WD",
                   "R33", "ILACS ¶227",
                   "Within 70 working days of receiving the final inspection report."),)
    return rules


FOCUSED_RULES = (
    Rule("lead_offsite", "Lead inspector off-site evaluation of evidence", "Ofsted",
         "notification", -1, "WD", "R30", "ILACS ¶103 grid", "The Monday of the notice week."),
    Rule("notification", "Notification: lead inspector telephones the DCS", "Ofsted",
         "notification", 0, "WD", "R30", "ILACS ¶103, fn19",
         "Usually five working days' notice; usually a Tuesday. Wednesday-Thursday visits move "
         "every milestone by one day (fn19)."),
    Rule("set_up_call", "Set-up telephone conference with the DCS", "Ofsted and LA",
         "notification", 0, "WD", "R30", "ILACS ¶103 grid, ¶74", "In the afternoon.",
         time="afternoon"),
    Rule("child_level_lists", "Child-level data lists due (relevant lists only)", "LA",
         "notification", 1, "WD", "R30", "ILACS Annex A table",
         "1 day after notification, usually by midday Wednesday.", time="12:00"),
    Rule("audit_information", "Audit information due", "LA", "notification", 1, "WD", "R30",
         "ILACS Annex A table, ¶266", "1 day after notification, usually by midday Wednesday.",
         time="12:00"),
    Rule("management_information", "Performance and management information due", "LA",
         "notification", 1, "WD", "R30", "ILACS Annex A table",
         "1 day after notification, usually by the end of Wednesday.", time="end of day"),
    Rule("case_information", "Information about specific children's cases due", "LA",
         "notification", 2, "WD", "R30", "ILACS Annex A table",
         "2 days after notification, usually by the end of Thursday.", time="end of day"),
    Rule("offsite_evaluation", "Full team off-site evaluation; team telephone conference",
         "Ofsted", "notification", 2, "WD", "R30", "ILACS ¶103 grid",
         "Thursday and Friday of the notice week.", span_wd=1),
    Rule("offsite_monday", "Off-site evaluation of evidence", "Ofsted", "notification", 4, "WD",
         "R30", "ILACS ¶103 grid", "The Monday of the visit week."),
    Rule("fieldwork", "On site (two days)", "Ofsted", "notification", 5, "WD", "R30",
         "ILACS ¶103, fn19", "Two inspectors on site for two days within one week.", span_wd=1),
    Rule("fieldwork_end", "Feedback; visit ends", "Ofsted and LA", "fieldwork", 1, "WD", "R30",
         "ILACS ¶103 grid", "Second day on site: evidence gathering and feedback."),
    *_report_rules(5, 2, 14, 16, "ILACS ¶224 table", "letter"),
    Rule("draft_action_plan", "Draft action plan for the priority action due", "LA",
         "report_final", 20, "WD", "R34", "ILACS ¶229",
         "Within 20 working days of receiving the focused visit letter.",
         condition="priority_action"),
    Rule("action_plan", "Action plan for the priority action due", "LA", "report_final", 70,
         "WD", "R34", "ILACS ¶229",
         "Within 70 working days of receiving the final focused visit letter.",
         condition="priority_action"),
)

MONITORING_RULES = (
    Rule("notification", "Lead inspector requests up-to-date child-level data", "Ofsted",
         "notification", 0, "WD", "R31", "ILACS ¶129-130, Annex A table, fn21",
         "Ten days (two weeks) before the visit, usually a Monday."),
    Rule("child_level_lists", "LA provides the data, marking the cases it has audited", "LA",
         "notification", 1, "WD", "R31", "ILACS ¶129, ¶130, Annex A table",
         "1 day after the request (usually Tuesday)."),
    Rule("audit_information", "Audit information due", "LA", "notification", 1, "WD", "R31",
         "ILACS Annex A table, ¶266", "1 day after the request (usually Tuesday)."),
    Rule("audited_cases_named", "Lead inspector names the audited cases to share", "Ofsted",
         "notification", 2, "WD", "R31", "ILACS ¶129, ¶131",
         "Eight days before the visit (usually Wednesday); up to six cases."),
    Rule("audited_cases", "LA shares the audited cases", "LA", "notification", 7, "WD", "R31",
         "ILACS ¶129, ¶131",
         "At least three working days before the visit: the Wednesday of the week before."),
    Rule("management_information", "Performance and management information due", "LA",
         "notification", 7, "WD", "R31", "ILACS Annex A table",
         "7 days after the request (usually the Wednesday before inspectors are on site)."),
    Rule("case_information", "Information about specific children's cases due", "LA",
         "notification", 7, "WD", "R31", "ILACS Annex A table",
         "7 days after the request (usually the Wednesday before inspectors are on site)."),
    Rule("offsite_evaluation", "Full team off-site evaluation; team telephone conference",
         "Ofsted", "notification", 8, "WD", "R31", "ILACS ¶129 grid",
         "Thursday and Friday of the week before.", span_wd=1),
    Rule("fieldwork_start", "Visit week starts: off-site evaluation of evidence", "Ofsted",
         "notification", 10, "WD", "R31", "ILACS ¶129 grid", "The Monday of the visit week."),
    Rule("fieldwork", "On site (two days)", "Ofsted", "fieldwork_start", 1, "WD", "R31",
         "ILACS ¶129, fn21", "Usually two inspectors for two days (Tuesday and Wednesday).",
         span_wd=1),
    Rule("fieldwork_end", "Feedback; visit ends", "Ofsted and LA", "fieldwork", 1, "WD", "R31",
         "ILACS ¶129 grid", "Second day on site: evidence gathering and feedback."),
    *_report_rules(5, 2, 14, 16, "ILACS ¶224 table", "letter"),
)

APV_RULES = (
    Rule("report_received", "LA receives its inspection report", "Ofsted", "report_received", 0,
         "input", "R36", "ILACS ¶116, ¶118",
         "The regional director then writes to the DCS confirming the action planning visit."),
    Rule("apv_window_opens", "Action planning visit window opens", "Ofsted and LA",
         "report_received", 25, "WD", "M2", "Monitoring handbook ¶10",
         "Between 25 and 35 working days after the LA has received its report."),
    Rule("apv_target", "Action planning visit: target date", "Ofsted and LA", "report_received",
         30, "WD", "R36", "ILACS ¶116",
         "About 30 working days after the LA has received its inspection report."),
    Rule("apv_window_closes", "Action planning visit window closes", "Ofsted and LA",
         "report_received", 35, "WD", "M2", "Monitoring handbook ¶10",
         "Between 25 and 35 working days after the LA has received its report."),
    Rule("agenda", "Final agenda circulated", "Ofsted", "apv", -5, "WD", "R36", "ILACS ¶121",
         "The lead inspector circulates the final agenda five working days before the visit."),
    Rule("apv_preparation", "Lead inspector's preparation day", "Ofsted", "apv", -1, "WD",
         "M§1.1",
         "Monitoring handbook ¶13", "One day's preparation and one day's visit are booked."),
    Rule("apv", "Action planning visit", "Ofsted and LA", "apv", 0, "input", "R36",
         "ILACS ¶116-123",
         "Lead inspector and a senior HMI attend; confirms the first monitoring visit's date."),
    Rule("action_plan", "Action plan due to Ofsted", "LA", "report_received", 70, "WD", "R33",
         "ILACS ¶227; Monitoring handbook ¶19",
         "Within 70 working days of receiving the final inspection report."),
    Rule("first_monitoring_visit", "First monitoring visit due by", "Ofsted", "action_plan", 3,
         "months", "R37", "ILACS ¶128",
         "Within three months of the action plan's submission deadline."),
)

RULES: dict[str, tuple[Rule, ...]] = {
    "standard": _inspection_rules(10, "¶52 grid"),
    "short": _inspection_rules(5, "¶54 grid"),
    "reinspection": _inspection_rules(10, "¶52 grid, ¶22"),
    "focused": FOCUSED_RULES,
    "monitoring": MONITORING_RULES,
    "apv": APV_RULES,
}


# How the "Counted as" column names each anchor.
ANCHOR_NAMES = {
    "notification": "notification",
    "fieldwork": "first day on site",
    "fieldwork_start": "Monday of the visit week",
    "fieldwork_end": "last day of fieldwork",
    "report_draft": "draft report",
    "report_final": "final report",
    "report_received": "report received",
    "apv": "visit",
    "action_plan": "action plan deadline",
}


# ---------------------------------------------------------------------------------- arithmetic

def add_months(d: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb), as DuckDB."""
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def in_blackout(d: dt.date, start: tuple[int, int], end: tuple[int, int]) -> bool:
    """Whether d falls in the yearly (month, day) window, which may run over New Year."""
    key = (d.month, d.day)
    if start <= end:
        return start <= key <= end
    return key >= start or key <= end


def _unit_words(unit: str, offset: int, report_unit: str) -> str:
    n = abs(offset)
    if unit == "months":
        return f"{n} calendar month{'s' if n != 1 else ''}"
    words = "working day" if unit == "WD" or report_unit == "working" else "calendar day"
    return f"{n} {words}{'s' if n != 1 else ''}"


def _shift(anchor: dt.date, rule: Rule, report_unit: str) -> dt.date:
    if rule.unit in ("input",) or rule.offset == 0:
        return anchor
    if rule.unit == "months":
        return add_months(anchor, rule.offset)
    if rule.unit == "report" and report_unit == "calendar":
        return anchor + dt.timedelta(days=rule.offset)
    return add_working_days(anchor, rule.offset)


# ------------------------------------------------------------------------------------- planning

def plan_visit(visit_type: str, *, fieldwork_start: dt.date | None = None,
               notified: dt.date | None = None, settings: Settings | None = None) -> Plan:
    """Every milestone of one visit, with warnings.

    Standard, short, focused, monitoring and re-inspection: give the fieldwork start (the first
    Monday for inspections and monitoring visits, the first on-site day for focused visits) or
    the notification date. Action planning visit: `fieldwork_start` is the visit's date and
    `notified` the date the LA received its inspection report; give either or both.
    """
    if visit_type not in RULES:
        raise ValueError(f"unknown visit type {visit_type!r}: choose from {', '.join(RULES)}")
    settings = settings or Settings()
    if settings.report_unit not in REPORT_UNITS:
        raise ValueError(f"report unit must be one of {', '.join(REPORT_UNITS)}")
    if visit_type == "apv":
        return _plan_apv(fieldwork_start, notified, settings)
    if (fieldwork_start is None) == (notified is None):
        raise ValueError("give either the fieldwork start or the notification date, not both")

    warnings: list[PlanWarning] = []
    notice = NOTICE_WD[visit_type]
    if notified is not None:
        if not is_working_day(notified):
            moved = add_working_days(notified, -1)
            warnings.append(PlanWarning(
                "warning",
                f"{notified:%A %d/%m/%Y} is not a working day: notification moves to the previous "
                f"working day, {moved:%A %d/%m/%Y}.", "ILACS fn17"))
            notified = moved
        anchors = {"notification": notified}
    else:
        if not is_working_day(fieldwork_start):
            warnings.append(PlanWarning(
                "warning",
                f"Fieldwork start {fieldwork_start:%A %d/%m/%Y} is not a working day: the plan "
                f"counts from the next working day, "
                f"{add_working_days(add_working_days(fieldwork_start, -notice), notice):%d/%m/%Y}.",
                "docs/methodology/timelines.md T1"))
        anchors = {"notification": add_working_days(fieldwork_start, -notice)}

    plan = Plan(visit_type, anchors["notification"], None, None)
    _apply_rules(plan, RULES[visit_type], anchors, settings)
    first_day = plan.by_key("fieldwork_start" if visit_type == "monitoring" else "fieldwork")
    plan.fieldwork_start = first_day.date
    plan.fieldwork_end = plan.by_key("fieldwork_end").date
    plan.warnings = warnings + _visit_warnings(plan, settings)
    plan.caveats = [REPORT_UNIT_CAVEAT.format(unit=REPORT_UNITS[settings.report_unit])]
    if visit_type == "monitoring":
        _monitoring_letter(plan, settings)
    if visit_type == "focused" and not settings.priority_action:
        plan.caveats.append("No area for priority action: no new action plan is needed; the LA "
                            "updates its existing plan and sends it with its next self-evaluation "
                            "(ILACS ¶228). Tick 'priority action' to see the ¶229 deadlines.")
    if visit_type == "monitoring":
        plan.caveats.append("No action plan is needed after a monitoring visit (ILACS ¶230).")
    if visit_type == "reinspection":
        plan.caveats.append("An inadequate LA is re-inspected with a standard inspection after "
                            "four to six monitoring visits (ILACS ¶22); no further monitoring "
                            "visits once the re-inspection is decided (Monitoring handbook ¶50).")
    return plan


def _apply_rules(plan: Plan, rules: tuple[Rule, ...], anchors: dict[str, dt.date],
                 settings: Settings) -> None:
    dates = dict(anchors)
    for rule in rules:
        if rule.condition and not getattr(settings, rule.condition):
            continue
        if rule.anchor not in dates:
            continue
        date = _shift(dates[rule.anchor], rule, settings.report_unit)
        dates.setdefault(rule.key, date)
        if rule.unit == "input":
            counted = "date given"
        elif rule.offset == 0:
            counted = f"same day as the {ANCHOR_NAMES[rule.anchor]}"
        else:
            sign = "+" if rule.offset > 0 else "-"
            counted = (f"{ANCHOR_NAMES[rule.anchor]} {sign} "
                       f"{_unit_words(rule.unit, rule.offset, settings.report_unit)}")
        unit = rule.unit
        if unit == "report":
            unit = "WD" if settings.report_unit == "working" else "CD"
        plan.milestones.append(Milestone(
            key=rule.key, label=rule.label, date=date,
            end_date=add_working_days(date, rule.span_wd) if rule.span_wd else None,
            time=rule.time, party=rule.party, counted=counted, rule=rule.rule,
            paragraph=rule.paragraph, text=rule.text, unit=unit))
    plan.milestones.sort(key=lambda m: (m.date, _time_order(m.time)))


def _time_order(time: str | None) -> str:
    return {"afternoon": "14:00", "end of day": "23:59", None: "12:30"}.get(time, time or "")


def _visit_warnings(plan: Plan, settings: Settings) -> list[PlanWarning]:
    """August, Christmas/New Year, fn17 bank holidays, the usual weekday, focused-visit count."""
    out: list[PlanWarning] = []
    kind = plan.visit_type
    is_inspection = kind in ("standard", "short", "reinspection")
    start, end = plan.fieldwork_start, plan.fieldwork_end
    notified = plan.notified

    onsite = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    if any(d.month == 8 for d in onsite):
        if is_inspection:
            out.append(PlanWarning(
                "warning", f"Fieldwork ({start:%d/%m/%Y}-{end:%d/%m/%Y}) falls in August: only "
                "planned monitoring visits, and focused visits by agreement or if concerns arise, "
                "take place in August.", "ILACS ¶14 (R42)"))
        elif kind == "focused":
            out.append(PlanWarning(
                "note", "A focused visit in August takes place only by agreement or if concerns "
                "arise.", "ILACS ¶14 (R42)"))
    if in_blackout(start, settings.blackout_start, settings.blackout_end):
        window = (f"{settings.blackout_start[1]:02d}/{settings.blackout_start[0]:02d}-"
                  f"{settings.blackout_end[1]:02d}/{settings.blackout_end[0]:02d}")
        out.append(PlanWarning(
            "warning" if is_inspection else "note",
            f"Fieldwork starts {start:%d/%m/%Y}, in the Christmas and New Year period "
            f"({window}, a setting: the framework does not define the dates). Inspections do "
            "not usually begin then.", "ILACS ¶14 (R43)"))

    skipped = holidays_between(notified, start)
    if skipped:
        names = "; ".join(f"{name} {d:%a %d/%m/%Y}" for d, name in skipped)
        out.append(PlanWarning(
            "note", f"Bank holiday in the notice period ({names}): notification is on "
            f"{notified:%A %d/%m/%Y}, {NOTICE_WD[kind]} working days before fieldwork.",
            "ILACS fn17"))
    during = holidays_between(start + dt.timedelta(days=1), end)
    if during:
        names = "; ".join(f"{name} {d:%a %d/%m/%Y}" for d, name in during)
        out.append(PlanWarning(
            "note", f"Bank holiday during fieldwork ({names}): on-site days are counted in "
            "working days, so fieldwork ends a day later.", "docs/methodology/timelines.md T1"))

    usual = USUAL_FIELDWORK_WEEKDAY[kind]
    first_onsite = plan.by_key("fieldwork").date
    expected_day = first_onsite if kind == "focused" else start
    if expected_day.weekday() != usual and is_working_day(expected_day):
        if skipped:
            variant = ", because of the bank holiday in the notice period"
        else:
            variant = {"focused": " (fn19: a Wednesday-Thursday visit moves every milestone by a "
                                  "day)", "monitoring": " (fn21: a Wednesday-Thursday visit "
                                                        "moves every milestone by a day)"
                       }.get(kind, "")
        out.append(PlanWarning(
            "note", f"Fieldwork usually starts on a {calendar.day_name[usual]}; this one starts "
            f"on a {expected_day:%A}{variant}.",
            {"focused": "ILACS ¶103, fn19", "monitoring": "ILACS ¶129, fn21"}.get(
                kind, "ILACS ¶52")))

    if kind == "focused" and settings.focused_visits_so_far is not None:
        count = settings.focused_visits_so_far + 1
        if count > 2:
            out.append(PlanWarning(
                "warning", f"This would be focused visit number {count} since the last "
                "inspection: the framework plans at most two (JTAIs count).",
                "ILACS ¶18, ¶21 (R41)"))
    return out


def _monitoring_letter(plan: Plan, settings: Settings) -> None:
    """¶208, fn28: no letter is published after the first monitoring visit (R38)."""
    if settings.monitoring_visit_no == 1:
        plan.milestones = [m for m in plan.milestones if m.key != "report_published"]
        plan.caveats.append("First monitoring visit: the letter is not usually published "
                            "(ILACS ¶208, fn28), so there is no publication date.")
    elif settings.monitoring_visit_no is None:
        plan.caveats.append("If this is the LA's first monitoring visit, the letter is not usually "
                            "published (ILACS ¶208, fn28).")


def _plan_apv(apv: dt.date | None, received: dt.date | None, settings: Settings) -> Plan:
    if apv is None and received is None:
        raise ValueError("give the action planning visit's date, the date the LA received its "
                         "report, or both")
    anchors: dict[str, dt.date] = {}
    if received is not None:
        anchors["report_received"] = received
    rules = APV_RULES
    if apv is not None:
        anchors["apv"] = apv
    else:
        # No date agreed yet: plan around the ¶116 target and show it once, as the target.
        anchors["apv"] = add_working_days(received, 30)
        rules = tuple(r for r in APV_RULES if r.key != "apv")
    plan = Plan("apv", received, apv or anchors["apv"], apv or anchors["apv"])
    _apply_rules(plan, rules, anchors, settings)
    warnings: list[PlanWarning] = []
    if received is None:
        warnings.append(PlanWarning(
            "note", "Give the date the LA received its inspection report to see the visit "
                    "window, the action plan deadline and the first monitoring visit.",
            "ILACS ¶116, ¶227"))
    if apv is not None and not is_working_day(apv):
        warnings.append(PlanWarning(
            "warning", f"The visit date {apv:%A %d/%m/%Y} is not a working day.",
            "docs/methodology/timelines.md T1"))
    if apv is not None and received is not None:
        opens, closes = add_working_days(received, 25), add_working_days(received, 35)
        if not opens <= apv <= closes:
            warnings.append(PlanWarning(
                "warning", f"The visit ({apv:%d/%m/%Y}) is outside the window of 25-35 working "
                f"days after the report was received ({opens:%d/%m/%Y}-{closes:%d/%m/%Y}).",
                "Monitoring handbook ¶10; ILACS ¶116"))
    if plan.fieldwork_start.month == 8:
        warnings.append(PlanWarning(
            "note", "The visit falls in August; only planned monitoring visits and focused visits "
                    "usually take place then.", "ILACS ¶14"))
    plan.warnings = warnings
    # Shown on the Timelines page: the documents are named as everywhere else on the pages
    # ("ILACS", "Monitoring handbook"), never by another name for the same handbook.
    plan.caveats = ["The 25-35 working-day window comes from the Monitoring handbook ¶10; "
                    "ILACS says 'about 30 working days' (ILACS ¶116). The first monitoring visit "
                    "follows ILACS ¶128 (within three months of the action plan deadline), not "
                    "the Monitoring handbook's four weeks (Monitoring handbook ¶23)."]
    return plan


def with_settings(settings: Settings, **changes) -> Settings:
    """A copy of the settings with some values changed (for the page and the CLI)."""
    return replace(settings, **changes)


# ============================================================== the SQL macro, made from RULES

def sql_macros() -> str:
    """sql/05_reference/milestone_macros.sql: milestone_offset(visit_type, milestone) as one
    map of constants made from RULES, so that the cycle marts count with the planner's numbers
    and DuckDB folds each call to its number (a lookup table per row cost minutes). A map, not
    a CASE of 91 arms: the cycle marts name the macro about twenty times per query, and binding
    the arms each time cost the Timelines page a twentieth of a second per query."""
    pairs = {f"{visit_type}/{r.key}": r.offset for visit_type, rules in RULES.items()
             for r in rules}
    entries = ",\n".join(f"        '{k}': {v}" for k, v in sorted(pairs.items()))
    return f"""\
-- milestone_offset(visit_type, milestone): a milestone's offset from its anchor, as the visit
-- planner's rules state it: milestone_offset('apv', 'action_plan') = 70 (working days after the
-- report is received). Null for a milestone the visit type does not have.
-- GENERATED from annexa/rules/milestones.py (RULES) by `python -m annexa.rules.milestones`: edit
-- the rules there, then regenerate; tests/test_milestones.py fails while this is stale.
-- Grain: scalar macro. Rule: docs/methodology/timelines.md (R26-R43, M2): every milestone is its
-- anchor plus an offset in working days, the report table's days (T4, T17-T20) or months.
create or replace macro milestone_offset(visit_type, milestone) as
    map {{
{entries}
    }}[visit_type || '/' || milestone];
"""


if __name__ == "__main__":  # regenerate sql/05_reference/milestone_macros.sql
    from pathlib import Path

    target = Path(__file__).resolve().parents[2] / "sql" / "05_reference" / "milestone_macros.sql"
    target.write_text(sql_macros(), encoding="utf-8")
    print(f"wrote {target}")
