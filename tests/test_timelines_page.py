"""The Timelines page (dashboard/views/timelines.py) under AppTest: it runs without error, says
what to do when nothing is loaded, and shows the same figures as the planner and the SQL; every
region an LA was loaded with can be chosen and shows as loaded; the cycle chart keeps a date axis
in view (top and bottom); one name for the monitoring handbook everywhere a page cites it."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from conftest import built_once, open_on, write_la_reference
from streamlit.testing.v1 import AppTest

from annexa.rules.milestones import VISIT_TYPES, plan_visit
from annexa.services import cycles, judgements
from annexa.store import warehouse

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
D = dt.date.fromisoformat


@pytest.fixture
def page_db(tmp_path, monkeypatch) -> Path:
    """A private database for the page, and no cached connection or query from another test."""
    path = tmp_path / "page.duckdb"
    monkeypatch.setenv("ANNEXA_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def reference_files(tmp_path) -> tuple[Path, Path]:
    """A three-LA judgements workbook and lookup in the published files' layout (Bolton with a
    region code the lookup does not know)."""
    return write_la_reference(tmp_path, bolton_region_code="NotKnown")


def open_page() -> AppTest:
    # An absolute path: AppTest resolves a relative one against this test file.
    at = AppTest.from_file(str(APP), default_timeout=60)
    open_on(at, "views/timelines.py")
    assert not at.exception, at.exception
    return at


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    """The page's table that has this column (tables render across all three tabs)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label.endswith(label))


# ------------------------------------------------------------------------------ empty state

def test_empty_database_says_what_to_do(page_db):
    at = open_page()
    infos = " ".join(i.value for i in at.info)
    assert "No LA known yet: load an Annex A, run `annexa import-judgements`" in infos
    assert at.button(key="tl_import").label == "Import the published judgements"
    assert at.title[0].value == "Timelines"


def test_import_button_loads_the_judgements(page_db, reference_files, monkeypatch):
    monkeypatch.setattr(judgements, "DEFAULT_JUDGEMENTS", reference_files[0])
    monkeypatch.setattr(judgements, "DEFAULT_LOOKUP", reference_files[1])
    at = open_page()
    at.button(key="tl_import").click().run()
    assert not at.exception, at.exception
    assert any("Imported 3 judgements" in s.value for s in at.success)
    table = frame_with(at, "Next due")
    assert set(table["LA"]) == {"Liverpool (341)", "Bolton (350)", "Barnsley (370)"}


# ---------------------------------------------------------------------------------- planner

def test_planner_r26_key_figures(page_db):
    at = open_page()
    at.selectbox(key="tl_visit_type").set_value("standard").run()
    at.date_input(key="tl_date").set_value(D("2019-06-03")).run()
    assert not at.exception
    plan = plan_visit("standard", fieldwork_start=D("2019-06-03"))
    assert metric(at, "Notified") == "Fri 24/05/2019"
    assert metric(at, "Fieldwork starts") == f"{plan.fieldwork_start:%a %d/%m/%Y}"
    assert metric(at, "Fieldwork ends") == f"{plan.fieldwork_end:%a %d/%m/%Y}"
    table = frame_with(at, "Milestone")
    assert list(pd.to_datetime(table["Date"]).dt.date) == [m.date for m in plan.milestones]
    assert list(table["Rule"]) == [m.rule for m in plan.milestones]
    assert any("fn17" in i.value for i in at.info)
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert {layer["mark"]["type"] for layer in spec["layer"]} == {"bar", "point"}
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download for Outlook (.ics)", "Download as Excel"]


@pytest.mark.parametrize(("kind", "anchor", "day", "figure", "expected"), [
    ("monitoring", "fieldwork", "2024-06-17", "Notified", "Mon 03/06/2024"),
    ("focused", "notified", "2024-06-04", "Fieldwork starts", "Tue 11/06/2024"),
    ("apv", "received", "2024-11-29", "Action plan due", "Wed 12/03/2025"),
])
def test_planner_other_visit_types(page_db, kind, anchor, day, figure, expected):
    at = open_page()
    at.selectbox(key="tl_visit_type").set_value(kind).run()
    at.radio(key=f"tl_anchor_{kind}").set_value(anchor).run()
    at.date_input(key="tl_date").set_value(D(day)).run()
    assert not at.exception
    given = {"fieldwork": "fieldwork_start", "notified": "notified", "received": "notified"}
    plan = plan_visit(kind, **{given[anchor]: D(day)})
    assert metric(at, figure) == expected
    assert len(frame_with(at, "Milestone")) == len(plan.milestones)


def test_planner_august_warning(page_db):
    at = open_page()
    at.date_input(key="tl_date").set_value(D("2024-08-05")).run()
    assert any("August" in w.value and "¶14" in w.value for w in at.warning)


# ---------------------------------------------------------------------------- regional view

@pytest.fixture(scope="module")
def _loaded_master(tmp_path_factory) -> Path:
    """The three published judgements (as `reference_files`) and Liverpool's cycle events,
    loaded once per test run; the tests take copies."""
    return built_once(tmp_path_factory, "timelines_loaded", _load_master)


def _load_master(folder: Path) -> Path:
    path = folder / "page.duckdb"
    judgements.import_reference(path, *write_la_reference(folder, bolton_region_code="NotKnown"))
    result = cycles.save_events(path, [
        cycles.EventInput("341", "report_received", "2023-05-20"),
        cycles.EventInput("341", "apv_held", "2023-07-03"),
        cycles.EventInput("341", "action_plan_submitted", "2023-08-30"),
        cycles.EventInput("341", "monitoring_visit", "2023-11-14"),
    ])
    assert not result.errors
    return path


@pytest.fixture
def loaded(_loaded_master, page_db) -> Path:
    shutil.copyfile(_loaded_master, page_db)
    return page_db


def sql_status(db: Path, as_at: dt.date, region: str | None) -> pd.DataFrame:
    con = warehouse.connect_reader(db)
    try:
        return cycles.cycle_status(con, as_at, region)
    finally:
        con.close()


def test_regional_view_matches_the_sql(loaded):
    as_at = D("2024-02-01")
    at = open_page()
    at.date_input(key="tl_as_at").set_value(as_at).run()
    at.selectbox(key="tl_region").set_value("NW").run()
    assert not at.exception
    expected = sql_status(loaded, as_at, "NW")
    table = frame_with(at, "Next due")
    assert list(table["LA"]) == [f"{n} ({c})" for n, c in zip(expected.la_name, expected.la_code,
                                                                 strict=True)]
    assert list(pd.to_datetime(table["Due date"])) == list(pd.to_datetime(expected.next_due_date))
    assert list(table["Working days left"]) == list(expected.working_days_remaining)
    assert list(table["State"]) == list(expected.state_label)
    liverpool = expected.set_index("la_code").loc["341"]
    assert liverpool["state"] == "MONITORING"
    for rag in ("red", "amber", "green", "grey"):
        assert metric(at, {"grey": "Not known"}.get(rag, rag.title())) == str(
            int((expected.rag == rag).sum()))
    spec = json.loads(at.get("vega_lite_chart")[1].proto.spec)
    # windows, their names, events, next due, its RAG rating in words, the as-at line
    assert len(spec["layer"]) == 6
    events = frame_with(at, "Entered by")
    assert len(events) == 4
    con = warehouse.connect_reader(loaded)
    try:
        open_now = con.execute(
            "select count(*) from la_cycle_obligations(?) as o join ref_la using (la_code) "
            "where o.status in ('open', 'overdue') and ref_la.region_code = 'NW'",
            [as_at]).fetchall()[0][0]
    finally:
        con.close()
    assert len(frame_with(at, "Obligation")) == open_now > 0


def test_upcoming_deadlines_match_the_sql(loaded):
    as_at = D("2024-02-01")
    at = open_page()
    at.date_input(key="tl_as_at").set_value(as_at).run()
    at.number_input(key="tl_horizon").set_value(60).run()
    assert not at.exception
    con = warehouse.connect_reader(loaded)
    try:
        expected = con.execute("select * from la_upcoming_deadlines(?, n_wd := 60)",
                               [as_at]).df()
    finally:
        con.close()
    table = frame_with(at, "Working days away")
    assert not expected.empty
    assert list(pd.to_datetime(table["Date"])) == list(pd.to_datetime(expected["date"]))
    assert list(table["Working days away"]) == list(expected["working_days_remaining"])


def test_record_an_event_from_the_page(loaded):
    at = open_page()
    at.selectbox(key="tl_event_la").set_value("341")
    at.selectbox(key="tl_event_type").set_value("monitoring_visit")
    at.date_input(key="tl_event_date").set_value(D("2024-02-13"))
    at.text_input(key="tl_event_who").set_value("HMI test")
    next(b for b in at.button if b.label == "Save the event").click().run()
    assert not at.exception, at.exception
    assert any("Saved" in s.value for s in at.success)
    con = warehouse.connect_reader(loaded)
    try:
        rows = con.execute("select seq, entered_by from la_events where event_date = ?",
                           [D("2024-02-13")]).fetchall()
    finally:
        con.close()
    assert rows == [(2, "HMI test")]


def test_page_shows_no_child_level_data(loaded):
    at = open_page()
    columns = {c for df in at.dataframe for c in df.value.columns}
    assert not {c for c in columns if "child" in c.lower()}


# ------------------------------------------------------------ region default (finding 16)

def _load(db: Path, make_workbook, la: str, region: str | None) -> None:
    from ingest.load import ingest

    rows = {"list_1": [{"child_id": f"{la}-1", "gender": "a) Male", "ethnicity": "a) WBRI",
                        "contact_date": D("2026-09-01"), "contact_source": "q) 6: Police"}]}
    ingest([make_workbook(rows, name=f"{la}.xlsx")], la, la_name=f"LA {la}", region=region,
           as_at=D("2026-10-30"), db=db)


def test_regional_view_defaults_to_the_sidebar_las_region(loaded, make_workbook):
    """Finding 16: Regional cycles opens on the sidebar LA's region, not "All regions": from
    Ofsted's lookup for a public LA, else from the region the LA was loaded with (by name or
    code, any case); a region that is not Ofsted's opens on that region as loaded (issue 15)."""
    _load(loaded, make_workbook, "T01", " yorkshire and the humber")  # not in the lookup
    _load(loaded, make_workbook, "341", "South East")  # Liverpool: the lookup says NW
    _load(loaded, make_workbook, "T02", "Fictional Region")
    _load(loaded, make_workbook, "T03", "nw")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["la"] = "T01"  # a link to the page with this LA chosen in the sidebar
    open_on(at, "views/timelines.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="tl_region").value == "YH"
    # T01 is listed in its region, named as loaded, though no judgement or event is known.
    assert {"Barnsley (370)", "LA T01 (T01)"} <= set(frame_with(at, "Next due")["LA"])
    # A region chosen by hand stays until the sidebar's LA changes.
    at.selectbox(key="tl_region").set_value("NW").run()
    at.date_input(key="tl_as_at").set_value(D("2024-02-01")).run()
    assert at.selectbox(key="tl_region").value == "NW"
    for la, region in (("341", "NW"), ("T02", "Fictional Region"), ("T03", "NW"),
                       ("T01", "YH")):
        at.selectbox(key="la").set_value(la).run()
        assert not at.exception, at.exception
        assert at.selectbox(key="tl_region").value == region, la


# ------------------------------------------------------------- LAs known only from Annex A

def test_an_la_loaded_only_from_its_annex_a_is_in_its_regions_cycles(page_db, make_workbook):
    """No judgements imported and no events: the loaded LA is still listed in its region (grey,
    no judgement), the event form offers it, and a judgement entered for it starts its cycle."""
    _load(page_db, make_workbook, "T05", "East Midlands")
    at = AppTest.from_file(str(APP), default_timeout=60)
    open_on(at, "views/timelines.py")
    assert not at.exception, at.exception
    assert "No published judgements loaded" in " ".join(i.value for i in at.info)
    # Every Ofsted region is offered, though the published lookup was never imported.
    assert len(at.selectbox(key="tl_region").options) == 1 + len(judgements.REGIONS)
    assert at.selectbox(key="tl_region").value == "EM"
    status = frame_with(at, "Next due")
    assert status["LA"].tolist() == ["LA T05 (T05)"]
    assert status["Region"].tolist() == ["EM"]
    assert status["State"].tolist() == ["No judgement"]
    assert status["RAG"].tolist() == ["Not known"]
    assert at.selectbox(key="tl_event_la").options == ["LA T05 (T05)"]

    at.selectbox(key="tl_event_type").set_value("judgement")
    at.date_input(key="tl_event_date").set_value(D("2026-03-20"))
    at.text_input(key="tl_event_detail").input("inadequate")
    next(b for b in at.button if b.label == "Save the event").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Saved: LA T05, judgement on 20/03/2026."], (
        [e.value for e in at.error])
    status = frame_with(at, "Next due")  # already includes it: the page reran after saving
    assert status["Grade"].tolist() == ["inadequate"]
    assert status["Pathway"].tolist() == ["Pathway 3: monitoring, then re-inspection"]


def test_events_imported_from_a_csv_show_at_once(page_db, make_workbook):
    _load(page_db, make_workbook, "T05", "East Midlands")
    at = AppTest.from_file(str(APP), default_timeout=60)
    open_on(at, "views/timelines.py")
    csv_text = ("la_code,event_type,event_date,seq,detail,entered_by\n"
                "T05,judgement,20/03/2026,,requires improvement,HMI\n"
                "T05,judgement,not a date,,good,HMI\n")
    at.file_uploader(key="tl_event_csv").set_value([("events.csv", csv_text.encode(), "text/csv")])
    at.run()
    at.button(key="tl_event_csv_go").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Recorded 1 of 2 events."]
    assert len(at.error) == 1 and "line 3" in at.error[0].value
    status = frame_with(at, "Next due")
    assert status["Pathway"].tolist() == ["Pathway 2: standard inspection next"]


# ----------------------------------------------- regions as loaded, the date axis, one handbook

def test_every_region_an_la_was_loaded_with_can_be_chosen_and_shows_as_loaded(
        page_db, make_workbook):
    """The demo's LAs were loaded under "Fictional Region": they were listed only under "All
    regions", with the region "None". Now the region is an option and the table names it."""
    _load(page_db, make_workbook, "T02", "Fictional Region")
    _load(page_db, make_workbook, "T05", "East Midlands")
    _load(page_db, make_workbook, "T06", "  Fictional Region ")  # the same region, as typed
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["la"] = "T05"  # a link to the page with this LA chosen in the sidebar
    open_on(at, "views/timelines.py")
    assert not at.exception, at.exception
    region = at.selectbox(key="tl_region")
    assert region.options[0] == "All regions"
    assert "Fictional Region (as loaded)" in region.options
    assert "East Midlands (EM)" in region.options  # Ofsted's nine regions are still offered
    assert len(region.options) == 1 + 9 + 1

    region.set_value("Fictional Region").run()
    assert not at.exception, at.exception
    table = frame_with(at, "Next due")
    assert sorted(table["LA"]) == ["LA T02 (T02)", "LA T06 (T06)"]
    assert set(table["Region"]) == {"Fictional Region"}
    assert any(h.value.startswith("Where each LA stands: Fictional Region")
               for h in at.subheader)

    at.selectbox(key="tl_region").set_value("All regions").run()
    table = frame_with(at, "Next due")
    assert dict(zip(table["LA"], table["Region"], strict=True)) == {
        "LA T02 (T02)": "Fictional Region", "LA T05 (T05)": "EM",
        "LA T06 (T06)": "Fictional Region"}


def test_the_tab_opens_on_the_region_the_sidebar_la_was_loaded_with(page_db, make_workbook):
    _load(page_db, make_workbook, "T02", "Fictional Region")
    _load(page_db, make_workbook, "T05", "East Midlands")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["la"] = "T02"  # a link to the page with this LA chosen in the sidebar
    open_on(at, "views/timelines.py")
    assert at.selectbox(key="tl_region").value == "Fictional Region"
    assert list(frame_with(at, "Next due")["LA"]) == ["LA T02 (T02)"]


def test_the_cycle_chart_has_a_date_axis_at_the_top_and_at_the_bottom(loaded):
    at = open_page()
    at.date_input(key="tl_as_at").set_value(D("2024-02-01")).run()
    assert not at.exception, at.exception
    spec = next(json.loads(c.proto.spec) for c in at.get("vega_lite_chart")
                if "Each LA's cycle" in json.dumps(json.loads(c.proto.spec).get("title")))
    axes = [layer["encoding"]["x"].get("axis", {}) for layer in spec["layer"]]
    orients = [a.get("orient") for a in axes if a is not None]
    assert sorted(orients) == ["bottom", "top"]  # one axis each side, no duplicate axes
    assert spec["resolve"]["axis"]["x"] == "independent"
    assert spec["resolve"]["scale"].get("x", "shared") == "shared"  # one date scale for both


# A citation of a handbook's paragraph: "Monitoring handbook ¶10", "the 2017 handbook (¶10)".
CITATION = re.compile(r"(\w+) handbook \(?¶")
OTHER_NAME = re.compile(r"2017[^.;]{0,20}handbook", re.IGNORECASE)


def test_the_monitoring_handbook_has_one_name_everywhere_a_page_cites_it(loaded):
    """"2017 handbook ¶37" and "Monitoring handbook ¶37" named one document twice; the Timelines
    planner's caveat still said "the 2017 monitoring handbook"."""
    texts: list[str] = []
    for kind in VISIT_TYPES:
        plan = plan_visit(kind, fieldwork_start=D("2026-08-03"))
        texts += plan.caveats + [w.message + " " + w.paragraph for w in plan.warnings]
        texts += [f"{m.label} {m.rule} {m.paragraph}" for m in plan.milestones]
    con = warehouse.connect_reader(loaded)
    try:
        for sql in ("select label || ' ' || date_means || ' ' || paragraph "
                    "from ref_la_event_type",
                    "select label || ' ' || rule || ' ' || paragraph "
                    "from la_cycle_obligations(date '2024-02-01')",
                    "select coalesce(rag_reason, '') from la_cycle_status(date '2024-02-01')"):
            texts += [r[0] for r in con.execute(sql).fetchall() if r[0]]
    finally:
        con.close()
    at = open_page()
    texts += [c.value for c in at.caption] + [m.value for m in at.markdown]
    cited = [m.group(1) for t in texts for m in CITATION.finditer(t)]
    assert "Monitoring" in cited
    assert set(cited) == {"Monitoring"}, cited
    assert not [t for t in texts if OTHER_NAME.search(t)]
