"""AppTest for the Case selection page (dashboard/views/case_selection.py) on the demo data: it runs
without error, says what to do when nothing is loaded, shows the sampler's proposal, recomputes the
coverage and composition from the SQL marts after each edit, and saves through the sampler."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from conftest import open_on
from db_query import sql
from streamlit.testing.v1 import AppTest

from annexa.rules import sampling as sampling_rule
from annexa.services import sampling as sampler
from annexa.store import warehouse

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
AS_AT = dt.date(2026, 10, 30)  # the demo's as-at date (annexa.services.demo.AS_AT)
LA = "X02"
P = "case_selection__"


# ==================================================================================== helpers

def open_page(la: str = LA, visit: str = "monitoring") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["la"] = la
    open_on(at, "views/case_selection.py")
    if at.selectbox(key="visit").value != visit:
        at.selectbox(key="visit").set_value(visit).run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else None
    assert at.session_state["la"] == la
    return at


def proposal(db: Path, visit: str = "monitoring") -> sampler.Proposal:
    con = warehouse.connect_reader(db)
    try:
        return sampler.propose(con, sampling_rule.Settings.for_visit(LA, visit, ref_date=AS_AT))
    finally:
        con.close()


def frame(at: AppTest, column: str) -> pd.DataFrame:
    """The page's first table with this column."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def sample_ids(at: AppTest) -> list[str]:
    return list(frame(at, "Why chosen")["Case ID"])


def threshold_counts(db: Path, ids: list[str]) -> dict[int, int]:
    """Children of `ids` touching each ¶153 threshold, straight from the mart."""
    df = sql(db, "select t, count(distinct child_id) as n from (select child_id, "
             "unnest(thresholds) as t from sample_candidates(?) where list_contains(?, child_id)) "
             "group by t", [LA, ids])
    return {int(r.t): int(r.n) for r in df.itertuples()}


# ====================================================================================== tests

def test_empty_state_says_what_to_do(db_path):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/case_selection.py").run()
    assert not at.exception
    assert any("No data loaded: upload" in i for i in texts(at.info))
    links = at.get("page_link")
    assert links and links[0].proto.page == "upload"


def test_the_proposal_is_the_samplers_and_the_figures_are_the_marts(demo_db):
    at = open_page()
    p = proposal(demo_db)
    m = p.members
    # The sample, in role then pick order, with the sampler's reasons.
    table = frame(at, "Why chosen")
    assert list(table["Case ID"]) == list(m["child_id"])
    assert list(table["Why chosen"]) == list(m["reason"])
    assert list(table["Role"].str.lower().str.replace("la audited", "audited")) == list(m["role"])
    assert table["Journey"].str.startswith(f"child-journey?la={LA}&child=").all()
    # Headline figures.
    counts = m["role"].value_counts()
    assert metric(at, "Tracked") == f"{counts.get('tracked', 0)} of 6"
    assert metric(at, "LA audited") == f"{counts.get('audited', 0)} of 6"
    covered = int((p.thresholds["in_sample"] > 0).sum())
    assert metric(at, "Thresholds") == f"{covered} of 10"
    mand = p.mandatory[p.mandatory["in_data"] > 0]
    assert metric(at, "Mandatory groups") == \
        f"{int((mand['in_sample'] > 0).sum())} of {len(mand)}"
    # Coverage tables are the sampler's report; thresholds agree with the mart itself.
    thr = frame(at, "threshold")
    assert thr[["threshold", "in_pool", "in_sample"]].equals(
        p.thresholds[["threshold", "in_pool", "in_sample"]])
    by_sql = threshold_counts(demo_db, list(m["child_id"]))
    assert dict(zip(thr["threshold"], thr["in_sample"], strict=True)) == \
        {t: by_sql.get(t, 0) for t in range(1, 11)}
    factors = frame(at, "factor")
    pd.testing.assert_frame_equal(factors.reset_index(drop=True),
                                  p.factors.reset_index(drop=True), check_dtype=False)
    # The matrix's last row counts the children per threshold.
    totals = frame(at, "T1").iloc[-1]
    assert totals["Case ID"] == "Children"
    assert [int(totals[f"T{t}"]) for t in range(1, 11)] == \
        [by_sql.get(t, 0) for t in range(1, 11)]
    # Pools: counts from sample_pools.
    pools = sql(demo_db, "select pool, count(*) as n from sample_pools(?) group by pool", [LA])
    shown = frame(at, "Who is in it").set_index("Pool")["Children"]
    assert {r.pool: int(r.n) for r in pools.itertuples()} == \
        {k: int(v) for k, v in shown.items() if v}
    # Labelled with its window and reference date; export buttons are there.
    assert any("reference date 30/10/2026" in c and "sampling window 30/07/2026" in c
               for c in texts(at.caption))
    assert [b.label for b in at.download_button][:2] == ["Download Excel", "Download CSV"]


def test_editing_recomputes_coverage_and_saving_goes_through_the_sampler(demo_db):
    at = open_page()
    before = sample_ids(at)
    removed = before[0]
    added = sql(demo_db, "select child_id from sample_candidates(?) where possible_delay "
                "and not list_contains(?, child_id) order by child_id limit 1",
                [LA, before]).child_id[0]

    at.multiselect(key=P + "remove_ids").select(removed).run()
    at.button(key=P + "remove").click().run()
    assert f"Removed {removed} from the sample." in texts(at.success)
    at.text_input(key=P + "add_ids").input(added).run()
    at.button(key=P + "add").click().run()
    assert not at.exception
    assert f"Added {added} as tracked." in texts(at.success)
    edited = sample_ids(at)
    assert set(edited) == (set(before) - {removed}) | {added}
    reason = frame(at, "Why chosen").set_index("Case ID").loc[added, "Why chosen"]
    assert reason.startswith("added by the lead inspector; ")
    assert at.text_input(key=P + "add_ids").value == ""  # cleared for the next ID

    # Coverage follows the edit, and equals the mart's figures for the edited sample.
    by_sql = threshold_counts(demo_db, edited)
    thr = frame(at, "threshold")
    assert dict(zip(thr["threshold"], thr["in_sample"], strict=True)) == \
        {t: by_sql.get(t, 0) for t in range(1, 11)}
    flags = sql(demo_db, "select count(*) filter (where is_missing) as missing, "
                "count(*) filter (where at_risk_of_exploitation) as exploitation, "
                "count(*) filter (where large_sibling_group) as siblings "
                "from sample_candidates(?) where list_contains(?, child_id)", [LA, edited])
    mand = frame(at, "status").set_index("label")["in_sample"]
    assert [int(v) for v in mand] == [int(flags.missing[0]), int(flags.exploitation[0]),
                                      int(flags.siblings[0])]
    if not flags.missing[0]:
        assert any("No child missing" in w for w in texts(at.warning))
    composition = frame(at, "statement").reset_index(drop=True)

    # Save: through sampler.save, the same children, the same composition as the view says.
    at.text_input(key=P + "saved_by").input("HMI Test")
    at.button(key=f"FormSubmitter:{P}save_form-Save the sample to a visit").click().run()
    assert not at.exception
    assert any(s.startswith(f"Saved as visit 1: {len(edited)} children") for s in
               texts(at.success))
    saved = sql(demo_db, "select child_id, role, reason from sample_members where visit_id = 1")
    assert sorted(saved.child_id) == sorted(edited)
    assert saved.set_index("child_id").loc[added, "reason"] == reason
    visit = sql(demo_db, "select saved_by, visit_type, note from sample_visits")
    assert list(visit.saved_by) == ["HMI Test"] and list(visit.visit_type) == ["monitoring"]
    assert "1 added, 1 removed" in visit.note[0]
    by_view = sql(demo_db, "select characteristic, value, k, n, descriptor, statement "
                  "from sample_composition where visit_id = 1 and role = 'all' "
                  "order by characteristic, k desc, value")
    # The page shows the view's rows with the screen's words and age bands youngest first.
    from dashboard import sample_state
    pd.testing.assert_frame_equal(composition, sample_state.label_composition(by_view),
                                  check_dtype=False)

    # A new session (a reload) lists the saved visit with its children, and can edit it again.
    again = open_page()
    options = again.selectbox(key=P + "saved_visit").options
    assert len(options) == 1 and options[0].startswith(
        "Visit 1: Monitoring visit of 30/10/2026, saved by HMI Test")
    saved_table = next(df.value for df in again.dataframe
                       if "Why chosen" in df.value.columns and "Journey" not in df.value.columns)
    assert sorted(saved_table["Case ID"]) == sorted(edited)
    again.button(key=P + "open_saved").click().run()
    assert not again.exception
    assert sorted(sample_ids(again)) == sorted(edited)
    assert any("Visit 1's sample is in the editor" in i for i in texts(again.info))


def test_ids_that_cannot_be_added_say_why(demo_db):
    at = open_page()
    in_sample = sample_ids(at)
    outside = sql(demo_db, "select child_id from children(?) where child_id not in "
                  "(select child_id from sample_candidates(?)) order by child_id limit 1",
                  [LA, LA]).child_id[0]
    not_audited = sql(demo_db, "select child_id from sample_candidates(?) where not "
                      "audited_in_window and not list_contains(?, child_id) order by child_id "
                      "limit 1", [LA, in_sample]).child_id[0]
    at.text_input(key=P + "add_ids").input(f"NOPE-1, {outside}, {in_sample[0]}").run()
    at.button(key=P + "add").click().run()
    warnings = " ".join(texts(at.warning))
    assert "No child with case ID 'NOPE-1'" in warnings
    assert f"{outside} is in the LA's lists but in no candidate pool" in warnings
    assert f"{in_sample[0]} is already in the sample" in warnings
    at.text_input(key=P + "add_ids").input(not_audited).run()
    at.selectbox(key=P + "add_role").set_value("audited").run()
    at.button(key=P + "add").click().run()
    assert any(f"{not_audited} was not audited by the LA" in w for w in texts(at.warning))
    assert sample_ids(at) == in_sample  # nothing changed
    assert not at.exception
