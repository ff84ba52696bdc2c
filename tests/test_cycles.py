"""Each LA's cycle: importing the public judgements, recording events, and the SQL that derives
pathway, state, obligations, next due date and RAG (docs/methodology/timelines.md LC1-LC2,
M36; 002 ¶13-24, ¶112-131, ¶224-230). Also the `annexa` commands of issue 5."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import openpyxl
import pytest
from conftest import needs_reference

from annexa.cli import main
from annexa.rules import milestones
from annexa.rules.milestones import Settings, add_months, plan_visit
from annexa.rules.workdays import add_working_days, working_days_between
from annexa.services import cycles, judgements
from annexa.store import warehouse

D = dt.date.fromisoformat

JUDGEMENT_COLUMNS = [
    "urn", "la_code", "region_code", "ltla23cd", "stat_neighbours", "stat_neighbour_judgement",
    "local_authority", "inspection_link", "overall_effectiveness_grade", "inspection_framework",
    "inspector_name", "inspection_start_date", "inspection_end_date", "publication_date",
    "local_link_to_all_inspections", "impact_of_leaders_grade", "help_and_protection_grade",
    "in_care_grade", "care_leavers_grade", "inspectors_inspections_count",
]
# la, region, name, overall, type, start, end, published, leaders, h&p, in care, care leavers
JUDGEMENT_ROWS = [
    ("370", "YH", "barnsley", "good", "short", "11/09/2023", "15/09/2023", "27/10/23",
     "good", "requires improvement", "good", "good"),
    ("304", "GL", "brent", "nan", "short", "27/04/2026", "01/05/2026", "17/06/26",
     "good", "good", "good", "good"),
    ("846", "SE", "brighton and hove", "outstanding", "None", None, None, "16/05/24",
     "outstanding", "good", "outstanding", "outstanding"),
    ("887", "nan", "medway", "good", "standard", "17/07/2023", "28/07/2023", "11/09/23",
     "good", "requires improvement", "good", "good"),
    ("999", "NW", "inconsistent", "good", "standard", "13/03/23", "24/03/2023", "25/05/23",
     "good", "inadequate", "good", "inspection_pre_dates_judgement"),
    ("370", "YH", "barnsley again", "good", "short", "11/09/2023", "15/09/2023", "27/10/23",
     "good", "good", "good", "good"),
    ("341", "NW", "liverpool", "inadequate", "standard", "13/03/2023", "24/03/2023", "25/05/23",
     "inadequate", "inadequate", "requires improvement", "inadequate"),
]
LOOKUP_COLUMNS = [
    "urn", "la_code", "la_code_new", "stat_neighbours", "stat_neighbours_la_code",
    "stat_neighbours_previous", "local_authority_ons_name", "also_known_as", "region_code",
    "region_name", "domain", "ofsted_ilacs_scrape_la_name", "rgn22cd", "rgn22nm", "lad23cd",
    "ltla23cd", "ltla23nm", "ltla23nmw", "ltla23_ons", "utla23nm", "country",
    "ons_population_0-25", "ons_la_type",
]
# la, name, region code, region name, rgn22cd: the documented errors are on 846, 887, 909, 916.
LOOKUP_ROWS = [
    ("370", "Barnsley", "YH", "Yorkshire and the Humber", "E12000003"),
    ("304", "Brent", "GL", "London", "E12000007"),
    ("846", "Brighton and Hove", "SE", "South East", "E12000004"),
    ("887", "Medway", "", "South East", "E12000008"),
    ("909", "Cumbria", "NotKnown", "North West", "E12000002"),
    ("916", "Gloucestershire", "SW", "South West", "E12000003"),
    ("341", "Liverpool", "NW", "North West", "E12000002"),
    ("999", "Inconsistent", "NW", "North West", "E12000002"),
]


def write_judgements(path: Path, rows=JUDGEMENT_ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ofsted_cs_inspections_overview"
    ws.append(JUDGEMENT_COLUMNS)
    for la, region, name, overall, kind, start, end, pub, lead, hp, care, leavers in rows:
        values = {"urn": "1", "la_code": la, "region_code": region, "local_authority": name,
                  "overall_effectiveness_grade": overall, "inspection_framework": kind,
                  "inspection_start_date": start, "inspection_end_date": end,
                  "publication_date": pub, "impact_of_leaders_grade": lead,
                  "help_and_protection_grade": hp, "in_care_grade": care,
                  "care_leavers_grade": leavers, "inspector_name": "not imported"}
        ws.append([values.get(c) for c in JUDGEMENT_COLUMNS])
    wb.save(path)
    return path


def write_lookup(path: Path, rows=LOOKUP_ROWS) -> Path:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, LOOKUP_COLUMNS)
        writer.writeheader()
        for la, name, code, region, ons in rows:
            writer.writerow({"la_code": la, "local_authority_ons_name": name, "region_code": code,
                             "region_name": region, "rgn22cd": ons, "rgn22nm": region,
                             "country": "England", "ons_population_0-25": "1000",
                             "ons_la_type": "Unitary Authority"})
    return path


@pytest.fixture
def reference_files(tmp_path):
    return write_judgements(tmp_path / "judgements.xlsx"), write_lookup(tmp_path / "lookup.csv")


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "cycles.duckdb"


# ------------------------------------------------------------------ importing the judgements

def test_import_validates_and_fixes(db, reference_files):
    result = judgements.import_reference(db, *reference_files)
    issues = {(i.la_code, i.field, i.severity) for i in result.issues}
    assert result.judgements == 6  # the duplicate 370 is dropped
    assert ("370", "la_code", "error") in issues
    assert ("304", "overall_effectiveness_grade", "warning") in issues   # 'nan'
    assert ("846", "inspection_framework", "warning") in issues          # 'None'
    assert ("846", "inspection_start_date", "warning") in issues
    assert ("999", "inspection_start_date", "warning") in issues         # dd/mm/yy in a yyyy column
    # An inadequate practice judgement needs an inadequate overall grade (ILACS ¶100-101;
    # docs/methodology/national-comparisons.md N5).
    assert ("999", "overall_effectiveness_grade", "warning") in issues
    assert ("999", "care_leavers_grade", "info") in issues               # predates the judgement
    assert ("846", "rgn22cd", "fixed") in issues                         # SE row with E12000004
    assert ("916", "rgn22cd", "fixed") in issues                         # SW row with E12000003
    assert ("909", "region_code", "fixed") in issues                     # NotKnown
    assert ("887", "region_code", "fixed") in issues                     # blank
    con = warehouse.connect_reader(db)
    try:
        rows = dict(con.execute("select la_code, region_code from ref_la").fetchall())
        assert rows["846"] == "SE" and rows["909"] == "NW" and rows["887"] == "SE"
        assert con.execute("select rgn22cd from ref_la where la_code in ('846', '916') "
                           "order by la_code").fetchall() == [("E12000008",), ("E12000009",)]
        barnsley = con.execute(
            "select inspection_start_date, inspection_end_date, publication_date, overall_grade, "
            "region_code, la_name from ref_ilacs_judgements where la_code = '370'").fetchall()[0]
        assert barnsley == (D("2023-09-11"), D("2023-09-15"), D("2023-10-27"), "good", "YH",
                            "Barnsley")
        assert con.execute("select region_code from ref_ilacs_judgements where la_code = '887'"
                           ).fetchall() == [("SE",)]  # filled from the lookup
        assert con.execute("select overall_grade from ref_ilacs_judgements where la_code = '304'"
                           ).fetchall() == [(None,)]
        assert con.execute("select count(*) from ref_import_issues").fetchall()[0][0] == len(
            result.issues)
        # No personal or local-file fields are kept.
        columns = {r[0] for r in con.execute("describe ref_ilacs_judgements").fetchall()}
        assert not {"inspector_name", "local_link_to_all_inspections"} & columns
    finally:
        con.close()


@needs_reference()
def test_the_published_files_import(db):
    result = judgements.import_reference(db)
    assert result.judgements == 153 and not result.errors
    warned = {(i.la_code, i.field) for i in result.issues if i.severity == "warning"}
    missing = {("304", "overall_effectiveness_grade"), ("933", "overall_effectiveness_grade")}
    assert missing <= warned
    fixed = {(i.la_code, i.field) for i in result.issues if i.severity == "fixed"}
    assert {("825", "rgn22cd"), ("916", "rgn22cd"), ("909", "region_code")} <= fixed


def test_grades_normalise():
    assert judgements.normalise_grade(" Requires Improvement to be good ") == "requires improvement"
    assert judgements.normalise_grade("RI") == "requires improvement"
    assert judgements.normalise_grade("nan") is None
    with pytest.raises(ValueError):
        judgements.normalise_grade("satisfactory")


# ------------------------------------------------------------------ the cycle SQL, in memory

@pytest.fixture(scope="module")
def sql():
    connection = duckdb.connect()
    warehouse.build(connection)
    yield connection
    connection.close()


@pytest.fixture
def con(sql):
    for table in ("la_events", "ref_ilacs_judgements", "ref_la"):
        sql.execute(f"delete from {table}")
    return sql


def add(con, la, kind, day, detail=None, seq=None):
    con.execute("insert into la_events (la_code, event_type, event_date, seq, detail, entered_by) "
                "values (?, ?, ?, ?, ?, 'test')", [la, kind, D(day), seq, detail])


def status(con, as_at, **kw) -> dict:
    args = "".join(f", {k} := ?" for k in kw)
    rows = con.execute(f"select * from la_cycle_status(?{args})", [D(as_at), *kw.values()]).df()
    return {r["la_code"]: r for r in rows.to_dict("records")}


def obligations(con, as_at, la, unit="working") -> dict:
    rows = con.execute("select * from la_cycle_obligations(?, report_unit := ?) where la_code = ?",
                       [D(as_at), unit, la]).df()
    return {r["obligation"]: r for r in rows.to_dict("records")}


def as_date(value):
    return None if value is None or value != value else value.date() if hasattr(
        value, "date") else value


INADEQUATE_CYCLE = [
    ("judgement", "2024-11-29", "inadequate", None),
    ("report_received", "2025-01-10", None, None),
    ("apv_held", "2025-02-20", None, None),
    ("action_plan_submitted", "2025-04-17", None, None),
    ("plan_response", "2025-05-01", "reflects", None),
    ("monitoring_visit", "2025-07-08", None, 1),
    ("monitoring_visit", "2025-10-07", None, 2),
    ("monitoring_visit", "2026-01-13", None, 3),
    ("monitoring_visit", "2026-04-14", None, 4),
    ("reinspection_decided", "2026-06-01", None, None),
    ("reinspection_notified", "2026-09-07", None, None),
    ("reinspection_published", "2026-11-04", "good", None),
]


@pytest.mark.parametrize(("as_at", "state", "pathway"), [
    ("2024-12-15", "PROVISIONAL_INADEQUATE", 3),
    ("2025-01-20", "AWAITING_APV", 3),
    ("2025-03-01", "AWAITING_ACTION_PLAN", 3),
    ("2025-04-25", "PLAN_UNDER_REVIEW", 3),
    ("2025-05-10", "AWAITING_FIRST_MV", 3),
    ("2025-08-01", "MONITORING", 3),
    ("2026-06-15", "REINSPECTION_PENDING", 3),
    ("2026-09-10", "REINSPECTION_IN_PROGRESS", 3),
    ("2026-11-10", "AWAITING_INSPECTION", 1),  # the re-inspection's grade: pathway 1 (¶23)
])
def test_state_machine(con, as_at, state, pathway):
    for kind, day, detail, seq in INADEQUATE_CYCLE:
        add(con, "A01", kind, day, detail, seq)
    row = status(con, as_at)["A01"]
    assert (row["state"], row["pathway"], row["state_basis"]) == (state, pathway, "events")


def test_plan_disputed(con):
    add(con, "B01", "judgement", "2024-11-29", "inadequate")
    add(con, "B01", "report_received", "2025-01-10")
    add(con, "B01", "action_plan_submitted", "2025-04-17")
    add(con, "B01", "plan_response", "2025-05-01", "does not reflect")
    row = status(con, "2025-05-05")["B01"]
    assert row["state"] == "PLAN_DISPUTED"
    assert any("¶125" in f for f in row["flags"])
    assert obligations(con, "2025-05-05", "B01")["apv"]["status"] == "done (date not entered)"


@pytest.mark.parametrize(("grade", "pathway", "label"), [
    ("outstanding", 1, "short"), ("good", 1, "short"),
    ("requires improvement", 2, "standard"), ("inadequate", 3, "monitoring"),
])
def test_pathway_from_the_grade(con, grade, pathway, label):
    add(con, "C01", "judgement", "2024-03-08", grade)
    row = status(con, "2024-04-01")["C01"]
    assert row["pathway"] == pathway and label in row["pathway_label"]


def test_missing_grade_is_grey(con):
    con.execute("insert into ref_ilacs_judgements (la_code, la_name, region_code, "
                "inspection_end_date, publication_date, overall_grade) values "
                "('304', 'Brent', 'GL', date '2026-05-01', date '2026-06-17', null)")
    row = status(con, "2026-06-29")["304"]
    assert (row["state"], row["rag"]) == ("NO_GRADE", "grey")
    assert "grade missing" in row["rag_reason"]


def test_r39_next_inspection_window(con):
    add(con, "C02", "judgement", "2023-09-15", "good")
    add(con, "C02", "report_received", "2023-10-20")
    got = obligations(con, "2026-06-29", "C02")["next_inspection"]
    assert as_date(got["window_start"]) == add_months(D("2023-09-15"), 30)
    assert as_date(got["due_date"]) == add_months(D("2023-09-15"), 42)
    assert status(con, "2026-06-29")["C02"]["state"] == "INSPECTION_WINDOW_OPEN"
    assert status(con, "2027-06-29")["C02"]["state"] == "INSPECTION_OVERDUE"
    assert status(con, "2026-01-29")["C02"]["state"] == "AWAITING_INSPECTION"


# ---------------------------------------------------------- SQL and Python agree on the dates

@pytest.mark.parametrize("unit", ["working", "calendar"])
def test_sql_report_and_plan_dates_match_the_planner(con, unit):
    plan = plan_visit("standard", fieldwork_start=D("2024-11-18"),
                      settings=Settings(report_unit=unit))
    end = plan.fieldwork_end
    add(con, "P01", "judgement", end.isoformat(), "requires improvement")
    got = obligations(con, end.isoformat(), "P01", unit)
    assert as_date(got["final_report"]["due_date"]) == plan.by_key("report_final").date
    assert as_date(got["report_published"]["due_date"]) == plan.by_key("report_published").date
    received = plan.by_key("report_final").date
    add(con, "P01", "report_received", received.isoformat())
    got = obligations(con, received.isoformat(), "P01", unit)
    assert as_date(got["action_plan"]["due_date"]) == plan.by_key("action_plan").date


def test_sql_apv_dates_match_the_planner(con):
    received = D("2024-12-06")
    plan = plan_visit("apv", notified=received)
    add(con, "P02", "judgement", "2024-10-25", "inadequate")
    add(con, "P02", "report_received", received.isoformat())
    got = obligations(con, "2024-12-10", "P02")
    assert as_date(got["apv"]["window_start"]) == plan.by_key("apv_window_opens").date
    assert as_date(got["apv"]["due_date"]) == plan.by_key("apv_window_closes").date
    assert as_date(got["action_plan"]["due_date"]) == plan.by_key("action_plan").date
    assert as_date(got["first_monitoring_visit"]["due_date"]) == plan.by_key(
        "first_monitoring_visit").date


# ----------------------------------------------------------------- next due, RAG, countdown

def test_next_due_and_working_days_remaining(con):
    add(con, "R01", "judgement", "2025-01-31", "inadequate")
    add(con, "R01", "report_received", "2025-03-14")
    closes = add_working_days(D("2025-03-14"), 35)
    as_at = D("2025-03-20")
    row = status(con, as_at.isoformat())["R01"]
    assert row["next_due_label"] == "Action planning visit"
    assert as_date(row["next_due_date"]) == closes
    assert row["working_days_remaining"] == working_days_between(as_at, closes)
    assert row["rag"] == "green"


@pytest.mark.parametrize(("days_before", "rag"), [(10, "green"), (5, "amber"), (1, "amber"),
                                                   (0, "amber"), (-1, "red")])
def test_rag_counts_down_to_the_apv_window_closing(con, days_before, rag):
    add(con, "R02", "judgement", "2025-01-31", "inadequate")
    add(con, "R02", "report_received", "2025-03-14")
    closes = add_working_days(D("2025-03-14"), 35)
    as_at = add_working_days(closes, -days_before) if days_before else closes
    row = status(con, as_at.isoformat())["R02"]
    assert row["rag"] == rag, row["rag_reason"]
    if rag == "red":
        assert "Action planning visit overdue" in row["rag_reason"]


def test_late_step_is_amber_and_soft_targets(con):
    add(con, "R03", "judgement", "2024-11-29", "inadequate")
    add(con, "R03", "report_received", "2025-01-10")
    add(con, "R03", "apv_held", "2025-03-31")  # after the 35 working-day window
    row = status(con, "2025-04-01")["R03"]
    assert row["rag"] == "amber" and "done late" in row["rag_reason"]
    add(con, "R03", "action_plan_submitted", "2025-04-17")
    add(con, "R03", "monitoring_visit", "2025-07-08", seq=1)
    row = status(con, "2025-12-01")["R03"]  # more than four months since the visit (¶128)
    assert row["rag"] == "amber" and "Monitoring visit 2 overdue" in row["rag_reason"]


def test_flags(con):
    add(con, "F01", "judgement", "2023-03-24", "requires improvement")
    for day in ("2024-01-09", "2024-06-11", "2025-01-14"):
        add(con, "F01", "focused_visit", day)
    row = status(con, "2025-02-01")["F01"]
    assert row["rag"] == "amber" and any("¶21" in f for f in row["flags"])
    add(con, "F02", "judgement", "2024-11-29", "inadequate")
    add(con, "F02", "commissioner_appointed", "2025-02-03")
    assert any("commissioner" in f for f in status(con, "2025-02-10")["F02"]["flags"])


def test_untracked_inadequate_la_is_expected_not_overdue(con):
    con.execute("insert into ref_ilacs_judgements (la_code, la_name, region_code, "
                "inspection_end_date, publication_date, overall_grade) values "
                "('341', 'Liverpool', 'NW', date '2023-03-24', date '2023-05-25', 'inadequate')")
    row = status(con, "2024-01-10")["341"]
    assert row["state_basis"] == "dates" and row["state_label"].endswith("(expected)")
    assert row["rag"] != "red"
    got = obligations(con, "2024-01-10", "341")
    assert got["apv"]["status"] == "not recorded"
    assert as_date(got["apv"]["window_start"]) == add_working_days(D("2023-05-25"), 25)


def test_upcoming_deadlines_window(con):
    add(con, "U01", "judgement", "2025-01-31", "inadequate")
    add(con, "U01", "report_received", "2025-03-14")
    as_at = D("2025-04-14")  # the APV window opens on 22 April, after Easter
    rows = con.execute("select * from la_upcoming_deadlines(?, n_wd := 10)", [as_at]).df()
    horizon = add_working_days(as_at, 10)
    assert not rows.empty
    assert all(as_at <= as_date(d) <= horizon for d in rows["date"])
    assert "Action planning visit" in set(rows["label"])
    assert all(r == working_days_between(as_at, as_date(d))
               for r, d in zip(rows["working_days_remaining"], rows["date"], strict=True))


# ------------------------------------------------------------------------ recording events

def test_save_events_validates_replaces_and_numbers_visits(db, reference_files):
    judgements.import_reference(db, *reference_files)
    result = cycles.save_events(db, [
        cycles.EventInput("341", "report_received", "2023-05-20"),
        cycles.EventInput("341", "monitoring_visit", "2024-01-09"),
        cycles.EventInput("341", "monitoring_visit", "09/04/2024"),
        cycles.EventInput("341", "Monitoring visit", "2024-04-09", detail="again"),  # replaces
        cycles.EventInput("341", "judgement", "2024-05-01"),           # no grade
        cycles.EventInput("123", "apv_held", "2024-01-01"),            # unknown LA
        cycles.EventInput("341", "apv", "2024-01-01"),                 # unknown type
        cycles.EventInput("341", "apv_held", "2024-02-30"),            # not a date
        cycles.EventInput("341", "plan_response", "2024-01-01", detail="maybe"),
    ])
    assert len(result.written) == 4 and len(result.errors) == 5
    assert [w["seq"] for w in result.written if w["event_type"] == "monitoring_visit"] == [1, 2, 2]
    con = warehouse.connect_reader(db)
    try:
        rows = con.execute("select event_type, event_date, seq, detail from la_events "
                           "order by event_date").fetchall()
    finally:
        con.close()
    assert rows == [("report_received", D("2023-05-20"), None, None),
                    ("monitoring_visit", D("2024-01-09"), 1, None),
                    ("monitoring_visit", D("2024-04-09"), 2, "again")]


# ------------------------------------------------------------------------------- the CLI

def test_cli_timeline_r26(capsys):
    assert main(["timeline", "--visit-type", "standard", "--fieldwork-start", "2019-06-03"]) == 0
    out = capsys.readouterr().out
    assert "notified Friday 24/05/2019" in out and "R26" in out and "09:30" in out


@pytest.mark.parametrize("kind", ["standard", "short", "focused", "monitoring", "apv"])
def test_cli_timeline_every_visit_type(capsys, kind, tmp_path):
    ics = tmp_path / "plan.ics"
    assert main(["timeline", "--visit-type", kind, "--notified", "2024-06-03",
                 "--ics", str(ics)]) == 0
    assert "Working days" in capsys.readouterr().out
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_cli_timeline_christmas_setting(capsys):
    argv = ["timeline", "--visit-type", "short", "--fieldwork-start", "2025-01-06"]
    assert main(argv) == 0
    assert "R43" not in capsys.readouterr().out
    assert main([*argv, "--christmas", "15/12-10/01"]) == 0
    assert "R43" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["timeline", "--visit-type", "short", "--fieldwork-start", "2025-01-06", "--christmas",
     "31/13-02/01"],
    ["timeline", "--visit-type", "standard"],
    ["timeline", "--visit-type", "standard", "--fieldwork-start", "03/13/2024"],
    ["timeline", "--visit-type", "short", "--fieldwork-start", "2024-06-10",
     "--notified", "2024-06-03"],
    ["timeline", "--visit-type", "standard", "--fieldwork-start", "1999-01-04"],
])
def test_cli_timeline_bad_input(capsys, argv):
    assert main(argv) == 2
    assert "annexa timeline:" in capsys.readouterr().err


def test_cli_import_cycles_and_events(capsys, db, reference_files, tmp_path):
    judgements_file, lookup_file = reference_files
    assert main(["cycles", "--db", str(db)]) == 0
    assert "annexa import-judgements" in capsys.readouterr().err
    code = main(["import-judgements", "--db", str(db), "--judgements", str(judgements_file),
                 "--lookup", str(lookup_file)])
    out = capsys.readouterr().out
    assert code == 1  # the duplicate LA row was dropped: an error, reported
    assert "Imported 6 ILACS judgements" in out and "E12000008" in out

    assert main(["cycle-event", "--db", str(db), "--la", "341", "--type", "report_received",
                 "--date", "2023-05-20"]) == 0
    assert "Recorded report_received" in capsys.readouterr().out
    assert main(["cycle-event", "--db", str(db), "--la", "341", "--type", "judgement",
                 "--date", "2023-05-20"]) == 2
    assert "overall grade" in capsys.readouterr().err

    events = tmp_path / "events.csv"
    events.write_text("la_code,event_type,event_date,seq,detail,entered_by\n"
                      "341,apv_held,2023-07-03,,,me\n"
                      "341,monitoring_visit,2024-01-09,1,,me\n"
                      "341,nonsense,2024-01-09,,,me\n", encoding="utf-8")
    assert main(["cycle-events-import", str(events), "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert "Recorded 2 of 3" in captured.out and "line 4" in captured.err

    assert main(["cycles", "--db", str(db), "--region", "nw", "--as-at", "2024-02-01"]) == 0
    out = capsys.readouterr().out
    assert "region NW" in out and "341" in out and "370" not in out
    con = warehouse.connect_reader(db)
    try:
        expected = cycles.cycle_status(con, D("2024-02-01"), "NW")
    finally:
        con.close()
    liverpool = expected.set_index("la_code").loc["341"]
    assert liverpool["state"] == "MONITORING"
    assert f"{liverpool['next_due_date']:%d/%m/%Y}" in out

    assert main(["cycles", "--db", str(db), "--region", "Narnia"]) == 2
    assert "unknown region" in capsys.readouterr().err


def test_cli_import_missing_file(capsys, db, tmp_path):
    assert main(["import-judgements", "--db", str(db), "--judgements",
                 str(tmp_path / "absent.xlsx")]) == 2
    assert "not found" in capsys.readouterr().err


def test_cli_events_import_bad_file(capsys, db, tmp_path):
    assert main(["cycle-events-import", str(tmp_path / "absent.csv"), "--db", str(db)]) == 2
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("code,date\n340,2024-01-01\n", encoding="utf-8")
    assert main(["cycle-events-import", str(wrong), "--db", str(db)]) == 2
    assert "la_code" in capsys.readouterr().err


def test_reference_dir_is_anchored_to_the_repository():
    repo_root = Path(judgements.__file__).resolve().parents[2]  # annexa/services/ is two below
    assert repo_root.parent / "shared" / "reference" == judgements.REFERENCE_DIR
    assert milestones.VISIT_TYPES  # the planner module imports without a database


# -------------------------------------------------------------- one name and region per LA

def test_ref_region_is_ofsteds_nine_regions(sql):
    rows = sql.execute("select region_code, region_name, rgn22cd from ref_region").fetchall()
    assert {code: (name, ons) for code, name, ons in rows} == judgements.REGIONS


def test_la_directory_names_and_places_every_known_la(con):
    con.execute("delete from submissions")
    con.execute("insert into ref_la (la_code, la_name, region_code, region_name) "
                "values ('370', 'Barnsley', 'YH', 'Yorkshire and the Humber'), "
                "('909', 'Cumbria', 'NW', 'North West')")
    con.execute("insert into ref_ilacs_judgements (la_code, la_name, region_code) "
                "values ('341', 'Liverpool (judgements file)', 'NW')")
    add(con, "999", "judgement", "2025-01-10", "good")
    for sid, la, name, region, as_at in (
            (1, "370", "Barnsley as loaded", "South East", "2026-09-30"),  # the lookup wins
            (2, "T01", "Old name", "se", "2026-06-30"),
            (3, "T01", "Testshire", " east midlands ", "2026-09-30"),  # the latest submission
            (4, "T02", "Nowhere", "Atlantis", "2026-09-30")):
        con.execute("insert into submissions (submission_id, la_code, la_name, region, "
                    "as_at_date, as_at_source, file_names, sha256) "
                    "values (?, ?, ?, ?, ?, 'given', ['f.xlsx'], ?)",
                    [sid, la, name, region, D(as_at), str(sid)])
    try:
        found = {r[0]: r[1:] for r in con.execute(
            "select la_code, la_name, region_code, region_name, region_as_loaded "
            "from int_la_directory").fetchall()}
        assert found == {
            "370": ("Barnsley", "YH", "Yorkshire and the Humber", "South East"),
            "909": ("Cumbria", "NW", "North West", None),
            "341": ("Liverpool (judgements file)", "NW", "North West", None),
            "999": (None, None, None, None),
            "T01": ("Testshire", "EM", "East Midlands", " east midlands "),
            "T02": ("Nowhere", None, None, "Atlantis"),
        }
        # Each has a row in la_cycle_status, grey until a judgement is known; but not an LA
        # that is only in the lookup (Cumbria was abolished in 2023: no judgement, no data).
        rows = status(con, "2026-11-02")
        assert set(rows) == set(found) - {"909"}
        assert rows["T01"]["state_label"] == "No judgement" and rows["T01"]["rag"] == "grey"
        assert rows["999"]["pathway"] == 1
    finally:
        con.execute("delete from submissions")


def test_an_event_matches_its_la_in_any_case(con):
    """An LA loaded as 'x01' (Upload keeps the code as typed) takes events typed 'X01' and the
    event is stored as 'x01', so it joins the LA's data."""
    con.execute("delete from submissions")
    con.execute("insert into submissions (submission_id, la_code, as_at_date, as_at_source, "
                "file_names, sha256) values (1, 'x01', date '2026-10-30', 'given', ['f'], 'h')")
    try:
        row, errors = cycles.validate(con, cycles.EventInput("X01", "judgement", "2026-03-20",
                                                             detail="good"))
        assert errors == [] and row["la_code"] == "x01"
        _, errors = cycles.validate(con, cycles.EventInput("X09", "judgement", "2026-03-20",
                                                           detail="good"))
        assert any("LA code X09 is in neither" in e for e in errors)
    finally:
        con.execute("delete from submissions")
