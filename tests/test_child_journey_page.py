"""AppTest for the Child journey page (dashboard/views/child_journey.py) on the demo data: it runs
without error, says what to do with no data or no case ID, and shows the child's status, flags,
events and samples exactly as the marts (children, child_events, sample_candidates) and the saved
samples hold them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
from conftest import open_on
from db_query import sql
from streamlit.testing.v1 import AppTest

from annexa.rules import sampling as sampling_rule
from annexa.services import sampling as sampler
from annexa.store import warehouse

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
AS_AT = dt.date(2026, 10, 30)
LA = "X02"


def open_page(child: str | None = None, la: str = LA) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["la"] = la
    open_on(at, "views/child_journey.py")
    if child is not None:
        at.text_input(key="child").input(child).run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else None
    return at


def busiest_candidate(db: Path) -> str:
    """A child in a candidate pool with many events across lists, for a full journey."""
    return sql(db, "select e.child_id from child_events(?) as e join sample_candidates(?) as c "
               "using (child_id) group by e.child_id "
               "order by count(distinct e.list_no) desc, count(*) desc, e.child_id limit 1",
               [LA, LA]).child_id[0]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def frame(at: AppTest, column: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_empty_states_say_what_to_do(db_path):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/child_journey.py").run()
    assert not at.exception
    assert any("No data loaded: upload" in i.value for i in at.info)
    assert at.get("page_link")[0].proto.page == "upload"


def test_a_childs_journey_equals_the_marts(demo_db):
    at = open_page()
    assert any("Type a case ID" in i.value for i in at.info)
    assert at.get("page_link")[0].proto.page == "case-selection"

    child_id = busiest_candidate(demo_db)
    at.text_input(key="child").input(child_id).run()
    assert not at.exception
    assert f"Case {child_id}" in [s.value for s in at.subheader]
    child = sql(demo_db, "select * from children(?) where child_id = ?", [LA, child_id]).iloc[0]
    labels = {"CLA": "Child in care", "CP": "Child protection plan", "CIN": "Child in need",
              "open assessment": "Open assessment", "closed": "No open CIN, CP or care case"}
    assert metric(at, "Current status") == labels[child.current_status]
    assert metric(at, "Journey stage").lower() == child.journey_stage.lower()
    assert metric(at, "Latest activity") == f"{child.last_activity_date:%d/%m/%Y}"

    events = sql(demo_db, "select event_date, event_label, row_number, after_ref, "
                 "in_sampling_window from child_events(?) where child_id = ? "
                 "order by event_order", [LA, child_id])
    assert metric(at, "Events") == f"{int((~events.after_ref.astype(bool)).sum()):,}"
    table = frame(at, "Event")
    assert list(table["Event"]) == list(events.event_label)
    assert [d.date() for d in table["Date"]] == [d.date() for d in events.event_date]
    assert list(table["Sampling event"] == "yes") == list(events.in_sampling_window.astype(bool))

    # Flags: every pool the child is in, with the mart's reason.
    cand = sql(demo_db, "select pool_reasons from sample_candidates(?) where child_id = ?",
               [LA, child_id]).pool_reasons[0]
    flags = frame(at, "Flag")
    assert [r["reason"] for r in cand] == list(flags["Why"][:len(cand)])

    # The timeline is labelled with its reference date and sampling window.
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    title = spec["title"]
    assert "reference date 30/10/2026" in title["text"]
    assert "30/07/2026 to 30/10/2026" in title["subtitle"]
    assert any(i.value == "In no saved sample of this LA." for i in at.info)


def test_unknown_ids_are_explained_with_close_matches(demo_db):
    child_id = sql(demo_db, "select min(child_id) as c from children(?) where child_id like "
                   "'X02-%'", [LA]).c[0]
    at = open_page(child_id.lower())  # typed in the wrong case
    assert any("No child with case ID" in w.value and "exactly as the LA wrote them" in w.value
               for w in at.warning)
    offered = [b for b in at.button if b.label == child_id]
    assert offered, "the ID in the right case is offered"
    offered[0].click().run()
    assert not at.exception
    assert at.text_input(key="child").value == child_id
    assert f"Case {child_id}" in [s.value for s in at.subheader]


def test_the_samples_that_include_the_child(demo_db):
    con = warehouse.connect_reader(demo_db)
    try:
        p = sampler.propose(con, sampling_rule.Settings.for_visit(LA, "monitoring", ref_date=AS_AT))
    finally:
        con.close()
    visit_id = sampler.save(p, saved_by="HMI Test", db=demo_db, visit_start=dt.date(2026, 11, 9))
    first = p.members.iloc[0]
    at = open_page(first.child_id)
    samples = frame(at, "Visit")
    assert list(samples["Visit"]) == [visit_id]
    assert list(samples["Role"]) == ["Tracked" if first.role == "tracked" else "LA audited"]
    assert list(samples["Why chosen"]) == [first.reason]
    assert [d.date() for d in samples["Visit date"]] == [dt.date(2026, 11, 9)]
