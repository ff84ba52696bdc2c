"""The milestone planner (annexa/rules/milestones.py) and its .ics and Excel exports.

Rule numbers are the anchors of docs/methodology/timelines.md; the weekday grids of
002 ¶52-55, ¶103 and ¶129 are the oracles for an ordinary week.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annexa.rules import milestones
from annexa.rules.milestones import Settings, add_months, plan_visit
from annexa.rules.workdays import add_working_days, is_working_day
from annexa.security.safe_export import to_xlsx_bytes
from annexa.services.ics import escape_text, plan_to_ics

D = dt.date.fromisoformat


def dates(plan: milestones.Plan) -> dict[str, dt.date]:
    return {m.key: m.date for m in plan.milestones}


# ------------------------------------------------------------------------- R26: notification

@pytest.mark.parametrize(("kind", "fieldwork", "notified", "weekday"), [
    ("standard", "2019-06-03", "2019-05-24", "Friday"),    # fn17: bank-holiday Monday
    ("standard", "2019-04-29", "2019-04-18", "Thursday"),  # fn17: Easter
    ("short", "2024-04-08", "2024-03-28", "Thursday"),     # fn17: Easter
    ("short", "2024-06-10", "2024-06-03", "Monday"),       # ordinary week
    ("reinspection", "2022-06-13", "2022-06-06", "Monday"),  # week after the Jubilee
    ("standard", "2022-06-06", "2022-05-26", "Thursday"),  # Jubilee Thu 2 and Fri 3 June
])
def test_r26_notification_five_working_days_before(kind, fieldwork, notified, weekday):
    plan = plan_visit(kind, fieldwork_start=D(fieldwork))
    assert plan.notified == D(notified)
    assert f"{plan.notified:%A}" == weekday
    note = plan.by_key("notification")
    assert (note.time, note.party, note.rule) == ("09:30", "Ofsted", "R26")
    assert "¶73" in note.paragraph and "fn17" in note.paragraph


def test_r26_fn17_is_explained():
    plan = plan_visit("standard", fieldwork_start=D("2019-06-03"))
    notes = [w for w in plan.warnings if w.paragraph == "ILACS fn17"]
    assert notes and "Spring Bank Holiday" in notes[0].message


def test_fn17_notification_given_on_a_bank_holiday_moves_back():
    plan = plan_visit("standard", notified=D("2019-05-27"))
    assert plan.notified == D("2019-05-24")
    assert plan.fieldwork_start == D("2019-06-03")
    assert any(w.severity == "warning" and "fn17" in w.paragraph for w in plan.warnings)


def test_fieldwork_on_a_bank_holiday_is_flagged():
    plan = plan_visit("standard", fieldwork_start=D("2019-05-27"))
    assert plan.fieldwork_start == D("2019-05-28")
    assert any("not a working day" in w.message for w in plan.warnings)


def test_notified_and_fieldwork_start_are_exclusive():
    with pytest.raises(ValueError):
        plan_visit("standard", fieldwork_start=D("2024-06-10"), notified=D("2024-06-03"))
    with pytest.raises(ValueError):
        plan_visit("standard")
    with pytest.raises(ValueError):
        plan_visit("inspection", notified=D("2024-06-03"))


# ------------------------------------------------------------------- R27-R29: the notice week

@pytest.mark.parametrize(("key", "expected", "time"), [
    ("notification", "2024-06-03", "09:30"),            # Monday
    ("child_level_lists", "2024-06-04", "end of day"),  # Tuesday
    ("audit_information", "2024-06-04", "end of day"),
    ("management_information", "2024-06-05", "end of day"),  # Wednesday
    ("case_information", "2024-06-06", "end of day"),   # Thursday
    ("offsite_evaluation", "2024-06-06", None),         # Thursday-Friday
    ("fieldwork", "2024-06-10", "afternoon"),            # Monday afternoon
    ("schools_inspector", "2024-06-11", None),          # R29: Tuesday
    ("week1_offsite", "2024-06-14", None),
    ("extended_team_meeting", "2024-06-20", None),      # penultimate day (¶144)
    ("fieldwork_end", "2024-06-21", None),              # R28: Friday of week 2
])
def test_r27_r28_standard_inspection_grid(key, expected, time):
    plan = plan_visit("standard", fieldwork_start=D("2024-06-10"))
    m = plan.by_key(key)
    assert m.date == D(expected)
    assert m.time == time
    assert m.party in milestones.PARTIES


def test_r27_deadlines_after_a_friday_notification():
    """fn17: notified on Friday 24 May 2019, so 'by the end of Tuesday' is Tuesday 28 May."""
    got = dates(plan_visit("standard", fieldwork_start=D("2019-06-03")))
    assert got["child_level_lists"] == D("2019-05-28")
    assert got["management_information"] == D("2019-05-29")
    assert got["case_information"] == D("2019-05-30")


def test_r28_short_inspection_is_one_week():
    plan = plan_visit("short", fieldwork_start=D("2024-06-10"))
    assert plan.fieldwork_end == D("2024-06-14")
    assert plan.by_key("fieldwork").end_date == D("2024-06-14")
    assert "week1_offsite" not in dates(plan)


def test_bank_holiday_during_fieldwork_extends_it():
    plan = plan_visit("standard", fieldwork_start=D("2024-05-20"))  # Spring BH 27 May
    assert plan.fieldwork_end == D("2024-06-03")  # ten working days: Monday, not Friday
    assert any("during fieldwork" in w.message for w in plan.warnings)


# --------------------------------------------------------------------- R30: focused visits

@pytest.mark.parametrize(("key", "expected", "time"), [
    ("lead_offsite", "2024-06-03", None),            # Monday
    ("notification", "2024-06-04", None),            # Tuesday
    ("child_level_lists", "2024-06-05", "12:00"),    # midday Wednesday
    ("audit_information", "2024-06-05", "12:00"),
    ("management_information", "2024-06-05", "end of day"),
    ("case_information", "2024-06-06", "end of day"),  # Thursday
    ("offsite_monday", "2024-06-10", None),
    ("fieldwork", "2024-06-11", None),               # on site Tuesday and Wednesday
    ("fieldwork_end", "2024-06-12", None),
])
def test_r30_focused_visit(key, expected, time):
    plan = plan_visit("focused", notified=D("2024-06-04"))
    assert plan.by_key(key).date == D(expected)
    assert plan.by_key(key).time == time


def test_r30_focused_from_fieldwork_and_fn19_variant():
    assert plan_visit("focused", fieldwork_start=D("2024-06-11")).notified == D("2024-06-04")
    wednesday = plan_visit("focused", fieldwork_start=D("2024-06-12"))
    assert wednesday.notified == D("2024-06-05")
    assert any("fn19" in w.message for w in wednesday.warnings)


def test_r34_priority_action_plan_only_when_set():
    plain = plan_visit("focused", notified=D("2024-06-04"))
    assert "action_plan" not in dates(plain)
    assert any("¶228" in c for c in plain.caveats)
    urgent = plan_visit("focused", notified=D("2024-06-04"),
                        settings=Settings(priority_action=True))
    got = dates(urgent)
    assert got["draft_action_plan"] == add_working_days(got["report_final"], 20)
    assert got["action_plan"] == add_working_days(got["report_final"], 70)


def test_r41_third_focused_visit_warns():
    ok = plan_visit("focused", notified=D("2024-06-04"), settings=Settings(focused_visits_so_far=1))
    assert not any("R41" in w.paragraph for w in ok.warnings)
    third = plan_visit("focused", notified=D("2024-06-04"),
                       settings=Settings(focused_visits_so_far=2))
    assert any("R41" in w.paragraph and w.severity == "warning" for w in third.warnings)


# ------------------------------------------------------------ R31: the monitoring countdown

@pytest.mark.parametrize(("key", "expected"), [
    ("notification", "2024-06-03"),          # ten days before: Monday two weeks before
    ("child_level_lists", "2024-06-04"),     # nine days before: Tuesday
    ("audited_cases_named", "2024-06-05"),   # eight days before: Wednesday
    ("audited_cases", "2024-06-12"),         # Wednesday the week before = M - 3 WD (¶131)
    ("management_information", "2024-06-12"),
    ("offsite_evaluation", "2024-06-13"),
    ("fieldwork_start", "2024-06-17"),       # Monday of the visit week (off site)
    ("fieldwork", "2024-06-18"),             # on site Tuesday
    ("fieldwork_end", "2024-06-19"),         # and Wednesday, with feedback
])
def test_r31_monitoring_visit_countdown(key, expected):
    plan = plan_visit("monitoring", fieldwork_start=D("2024-06-17"))
    assert plan.by_key(key).date == D(expected)


def test_r31_audits_at_least_three_working_days_before():
    for monday in (D("2024-06-17"), D("2024-04-08"), D("2027-01-11"), D("2022-06-13")):
        plan = plan_visit("monitoring", fieldwork_start=monday)
        assert plan.by_key("audited_cases").date == add_working_days(monday, -3)
        assert plan.notified == add_working_days(monday, -10)
        assert plan.by_key("fieldwork").end_date == add_working_days(monday, 2)


def test_r35_r38_monitoring_letters_and_plans():
    first = plan_visit("monitoring", fieldwork_start=D("2024-06-17"),
                       settings=Settings(monitoring_visit_no=1))
    assert "report_published" not in dates(first)            # R38, ¶208, fn28
    assert "action_plan" not in dates(first)                  # R35, ¶230
    assert any("¶230" in c for c in first.caveats)
    second = plan_visit("monitoring", fieldwork_start=D("2024-06-17"),
                        settings=Settings(monitoring_visit_no=2))
    assert dates(second)["report_published"] == add_working_days(D("2024-06-19"), 16)


# -------------------------------------------------------------- R32-R33: reports and plans

@pytest.mark.parametrize(("kind", "draft", "comments", "final", "published"), [
    ("standard", 10, 3, 18, 21),
    ("short", 10, 3, 18, 21),
    ("focused", 5, 2, 14, 16),
    ("monitoring", 5, 2, 14, 16),
])
def test_r32_report_milestones_in_working_days(kind, draft, comments, final, published):
    plan = plan_visit(kind, fieldwork_start=D("2024-06-10" if kind != "focused" else "2024-06-11"))
    end, got = plan.fieldwork_end, dates(plan)
    assert got["report_draft"] == add_working_days(end, draft)
    assert got["factual_accuracy"] == add_working_days(got["report_draft"], comments)
    assert got["report_final"] == add_working_days(end, final)
    assert got["report_published"] == add_working_days(end, published)
    assert any("T17-T20" in c for c in plan.caveats)


def test_r32_report_unit_is_a_setting():
    plan = plan_visit("standard", fieldwork_start=D("2024-06-10"),
                      settings=Settings(report_unit="calendar"))
    assert dates(plan)["report_draft"] == D("2024-06-21") + dt.timedelta(days=10)
    assert any("calendar days" in c for c in plan.caveats)
    with pytest.raises(ValueError):
        plan_visit("standard", fieldwork_start=D("2024-06-10"), settings=Settings(report_unit="x"))


def test_r33_action_plan_seventy_working_days_after_the_final_report():
    got = dates(plan_visit("standard", fieldwork_start=D("2024-06-10")))
    assert got["action_plan"] == add_working_days(got["report_final"], 70)


# ------------------------------------------------------------- R36-R37: action planning visit

def test_r36_r37_apv_from_report_received():
    received = D("2024-11-29")
    got = dates(plan_visit("apv", notified=received))
    assert got["apv_window_opens"] == add_working_days(received, 25)
    assert got["apv_target"] == add_working_days(received, 30)
    assert got["apv_window_closes"] == add_working_days(received, 35)
    assert got["agenda"] == add_working_days(got["apv_target"], -5)
    assert got["action_plan"] == add_working_days(received, 70)
    assert got["first_monitoring_visit"] == add_months(got["action_plan"], 3)


def test_r36_apv_date_outside_its_window_warns():
    plan = plan_visit("apv", fieldwork_start=D("2025-01-06"), notified=D("2024-11-29"))
    assert dates(plan)["agenda"] == add_working_days(D("2025-01-06"), -5)
    assert any("outside the window" in w.message for w in plan.warnings)
    alone = plan_visit("apv", fieldwork_start=D("2025-01-20"))
    assert "action_plan" not in dates(alone)
    assert any("received its inspection report" in w.message for w in alone.warnings)


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2024-01-31", 1, "2024-02-29"), ("2023-01-31", 1, "2023-02-28"),
    ("2024-11-30", 3, "2025-02-28"), ("2024-06-15", -6, "2023-12-15"),
    ("2023-02-28", 36, "2026-02-28"),
])
def test_add_months_clamps_like_duckdb(day, months, expected):
    assert add_months(D(day), months) == D(expected)


# ------------------------------------------------------------------ R42-R43: seasonal rules

@pytest.mark.parametrize(("kind", "fieldwork", "severity"), [
    ("standard", "2024-08-05", "warning"),
    ("short", "2024-07-29", "warning"),      # starts in July, runs into August
    ("focused", "2024-08-06", "note"),
    ("monitoring", "2024-08-05", None),      # planned monitoring visits may take place
])
def test_r42_august(kind, fieldwork, severity):
    plan = plan_visit(kind, fieldwork_start=D(fieldwork))
    found = [w.severity for w in plan.warnings if "R42" in w.paragraph]
    assert found == ([severity] if severity else [])


@pytest.mark.parametrize(("fieldwork", "blackout", "warned"), [
    ("2024-12-30", ((12, 20), (1, 2)), True),
    ("2025-01-06", ((12, 20), (1, 2)), False),
    ("2025-01-06", ((12, 15), (1, 10)), True),   # the period is a setting
    ("2024-12-16", ((12, 20), (1, 2)), False),
])
def test_r43_christmas_and_new_year(fieldwork, blackout, warned):
    plan = plan_visit("standard", fieldwork_start=D(fieldwork),
                      settings=Settings(blackout_start=blackout[0], blackout_end=blackout[1]))
    assert any("R43" in w.paragraph for w in plan.warnings) is warned


# --------------------------------------------------------------------------- rules as data

def test_every_rule_cites_its_paragraph():
    for kind, rules in milestones.RULES.items():
        keys = [r.key for r in rules]
        assert len(keys) == len(set(keys)), kind
        for r in rules:
            assert re.search(r"(ILACS|Monitoring handbook) (¶|Annex|fn)", r.paragraph), (
                kind, r.key)
            assert r.rule and r.text and r.party in milestones.PARTIES


@given(kind=st.sampled_from(["standard", "short", "focused", "monitoring", "reinspection", "apv"]),
       day=st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2039, 6, 30)),
       from_notification=st.booleans())
@settings(max_examples=300, deadline=None)
def test_every_working_day_deadline_falls_on_a_working_day(kind, day, from_notification):
    given_dates = {"notified": day} if from_notification else {"fieldwork_start": day}
    plan = plan_visit(kind, **given_dates)
    assert plan.milestones
    for m in plan.milestones:
        if m.unit == "WD":
            assert is_working_day(m.date), (m.key, m.date)
            if m.end_date:
                assert is_working_day(m.end_date), (m.key, m.end_date)
    assert [m.date for m in plan.milestones] == sorted(m.date for m in plan.milestones)


# ------------------------------------------------------------------------------ .ics export

def parse_ics(text: str) -> list[dict]:
    """A small RFC 5545 reader: checks line ends and folding, returns the components."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, line
    lines: list[str] = []
    for line in physical:  # unfold (§3.1)
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack: list[dict] = []
    done: list[dict] = []
    for line in lines:
        name_params, _, value = line.partition(":")
        name, *params = name_params.split(";")
        if name == "BEGIN":
            stack.append({"type": value, "props": {}})
        elif name == "END":
            component = stack.pop()
            assert component["type"] == value
            done.append(component)
        else:
            stack[-1]["props"][name] = (params, value)
    assert not stack
    return done


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def test_ics_parses_with_all_day_and_timed_events():
    plan = plan_visit("focused", notified=D("2024-06-04"))
    text = plan_to_ics(plan, "Northmoor", now=dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC))
    components = parse_ics(text)
    calendar = components[-1]
    assert calendar["type"] == "VCALENDAR"
    assert calendar["props"]["VERSION"][1] == "2.0" and "PRODID" in calendar["props"]
    events = [c for c in components if c["type"] == "VEVENT"]
    assert len(events) == len(plan.milestones)
    assert len({e["props"]["UID"][1] for e in events}) == len(events)
    assert any(c["type"] == "VTIMEZONE" for c in components)
    by_summary = {unescape(e["props"]["SUMMARY"][1]): e["props"] for e in events}
    data = next(p for s, p in by_summary.items() if s.startswith("Northmoor: Focused visit - "
                                                                 "Child-level data"))
    assert data["DTSTART"] == (["TZID=Europe/London"], "20240605T113000")
    assert data["DTEND"] == (["TZID=Europe/London"], "20240605T120000")
    onsite = next(p for s, p in by_summary.items() if "On site (two days)" in s)
    assert onsite["DTSTART"] == (["VALUE=DATE"], "20240611")
    assert onsite["DTEND"] == (["VALUE=DATE"], "20240613")  # exclusive end: two days
    for props in by_summary.values():
        assert props["DTSTAMP"][1] == "20240501T120000Z"


def test_ics_escapes_and_folds_text():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    plan = plan_visit("standard", fieldwork_start=D("2024-06-10"))
    text = plan_to_ics(plan, "Bath and North East Somerset; Children's Services, a long name")
    events = [c for c in parse_ics(text) if c["type"] == "VEVENT"]
    first = unescape(events[0]["props"]["SUMMARY"][1])
    assert first.startswith("Bath and North East Somerset; Children's Services, a long name:")
    description = unescape(events[0]["props"]["DESCRIPTION"][1])
    assert "¶73" in description and "\n" in description


# ---------------------------------------------------------------------------- Excel export

def test_excel_export_has_real_dates_and_no_formulas():
    plan = plan_visit("short", fieldwork_start=D("2024-06-10"))
    frame = plan.frame()
    frame.loc[0, "Milestone"] = "=HYPERLINK(\"http://example.invalid\")"
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"Milestones": frame},
                                                               title="Short inspection")))
    sheet = workbook["Milestones"]
    header = [c.value for c in sheet[2]]
    assert header[:5] == ["Date", "Day", "Until", "Time", "Milestone"]
    first = [c.value for c in sheet[3]]
    assert first[0].date() == plan.milestones[0].date
    assert first[4].startswith("'=")  # neutralised, not a formula
    assert sheet.max_row == 2 + len(plan.milestones)


def test_the_sql_macro_is_made_from_the_rules():
    """The cycle marts read the planner's numbers through milestone_offset(), a file generated
    from RULES: it must be current, and give each rule's offset."""
    import duckdb

    from annexa.rules.milestones import RULES, sql_macros

    path = Path(__file__).resolve().parents[1] / "sql" / "05_reference" / "milestone_macros.sql"
    assert path.read_text(encoding="utf-8") == sql_macros(), \
        "run: python -m annexa.rules.milestones"
    con = duckdb.connect()
    con.execute(sql_macros())
    for visit_type, rules in RULES.items():
        for r in rules:
            got = con.execute("select milestone_offset(?, ?)", [visit_type, r.key]).fetchone()[0]
            assert got == r.offset, (visit_type, r.key)
    assert con.execute("select milestone_offset('apv', 'no such')").fetchone()[0] is None
