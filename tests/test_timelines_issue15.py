"""Issue 15, Regional and Timelines: every region an LA was loaded with can be chosen on the
Timelines page and shows as loaded; the cycle chart keeps a date axis in view (top and bottom);
one name for the monitoring handbook everywhere a page cites it."""

from __future__ import annotations

import datetime as dt
import json
import re

import test_timelines_page as timelines_page
from streamlit.testing.v1 import AppTest
from test_timelines_page import APP, _load, frame_with, open_page

from annexa.rules import milestones
from annexa.store import warehouse

D = dt.date.fromisoformat
# The Timelines page tests' fixtures: a private database, three published judgements, events.
page_db = timelines_page.page_db
reference_files = timelines_page.reference_files
loaded = timelines_page.loaded


def test_every_region_an_la_was_loaded_with_can_be_chosen_and_shows_as_loaded(
        page_db, make_workbook):
    """The demo's LAs were loaded under "Fictional Region": they were listed only under "All
    regions", with the region "None". Now the region is an option and the table names it."""
    _load(page_db, make_workbook, "T02", "Fictional Region")
    _load(page_db, make_workbook, "T05", "East Midlands")
    _load(page_db, make_workbook, "T06", "  Fictional Region ")  # the same region, as typed
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.selectbox(key="la").set_value("T05").run()
    at.switch_page("views/timelines.py").run()
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
    at.run()
    at.selectbox(key="la").set_value("T02").run()
    at.switch_page("views/timelines.py").run()
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
    for kind in milestones.VISIT_TYPES:
        plan = milestones.plan_visit(kind, fieldwork_start=D("2026-08-03"))
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
