"""AppTests for the Case selection page's visits, pools and tables (findings of issue 15, a review
in the browser): the save form starts empty for a new visit, which the Saved samples box shows at
once; "seen before" means a visit before the one the sample is for, in the pools as in the sample's
table; a missing audits list is said so, with what to do; long text in tables is shown in full;
counts carry thousands separators and agree in number; a child's brothers and sisters are counted
without the child."""

from __future__ import annotations

import json
import re

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_case_selection_page import AS_AT, P, frame, open_page, sample_ids, sql, texts

from annexa.rules import sampling as sampling_rule
from annexa.services import sampling as sampler
from annexa.store import warehouse
from dashboard import sample_state, table_wrap

SAVE = f"FormSubmitter:{P}save_form-Save the sample to a visit"


def _save(at: AppTest, by: str = "HMI Test", note: str | None = None) -> AppTest:
    at.text_input(key=P + "saved_by").input(by)
    if note is not None:
        at.text_input(key=P + "note").input(note)
    at.button(key=SAVE).click().run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else None
    return at


def _pool_table(at: AppTest) -> pd.DataFrame:
    return frame(at, "Why in this pool")


def _config(at: AppTest, column: str) -> tuple[dict, object]:
    """The column configuration and the element of the page's first table with this column."""
    el = next(df for df in at.dataframe if column in df.value.columns)
    return json.loads(el.proto.columns), el


# ============================================================ the form starts empty; shown at once

def test_a_new_visit_starts_with_an_empty_form_and_is_shown_at_once(demo_db):
    import datetime as dt

    at = open_page("X02", "monitoring")
    at.date_input(key=P + "visit_start").set_value(dt.date(2026, 11, 2))
    at.date_input(key=P + "visit_end").set_value(dt.date(2026, 11, 4))
    _save(at, note="Monitoring visit 1")
    assert any(s.startswith("Saved as visit 1:") for s in texts(at.success))
    # The visit's own note and dates are gone from the form; the name stays.
    assert at.text_input(key=P + "note").value == ""
    assert at.date_input(key=P + "visit_start").value is None
    assert at.date_input(key=P + "visit_end").value is None
    assert at.text_input(key=P + "saved_by").value == "HMI Test"
    assert at.selectbox(key=P + "saved_visit").value == 1

    # A second visit saved straight away stores no note of the first, and the Saved samples box
    # shows it at once (not the visit it showed before).
    _save(at)
    visits = sql(demo_db, "select visit_id, note, visit_start from sample_visits order by 1")
    assert list(visits.visit_id) == [1, 2]
    assert visits.note[0] == "Monitoring visit 1" and pd.isna(visits.note[1])
    assert pd.isna(visits.visit_start[1])
    assert at.selectbox(key=P + "saved_visit").value == 2
    line = next(m for m in texts(at.markdown) if m.startswith("**Visit 2**"))
    assert line.endswith("0 sampled")  # no note: nothing after the counts (not 'nan')


# ============================================================ seen before: an earlier visit

def test_seen_before_means_a_visit_before_the_one_the_sample_is_for_everywhere(demo_db):
    at = open_page("X02", "monitoring")
    ids = sample_ids(at)
    _save(at)
    # Right after saving: the sample is visit 1, and no visit came before it, so neither its
    # table nor any pool marks a child as seen before (the missing pool holds sample children).
    assert (frame(at, "Why chosen")["Seen before"] == "").all()
    for pool in ("missing", "sampling window"):
        at.segmented_control(key=P + "pool").set_value(pool).run()
        table = _pool_table(at)
        assert set(table["Case ID"]) & set(ids), pool
        assert (table["Seen before"] == "").all(), pool
    assert not any("saved at an earlier visit" in c for c in texts(at.caption))

    # A new proposal is for a visit after visit 1: its children of visit 1 are marked in the
    # sample's table and in the pools, in the same words.
    at.button(key=P + "propose").click().run()
    assert not at.exception
    sample = frame(at, "Why chosen").set_index("Case ID")["Seen before"]
    label = "visit 1 (last 30/10/2026)"
    assert {c: sample[c] for c in ids if c in sample.index} == \
        {c: label for c in ids if c in sample.index}
    at.segmented_control(key=P + "pool").set_value("missing").run()
    pool = _pool_table(at).set_index("Case ID")["Seen before"]
    assert {pool[c] for c in pool.index if c in ids} == {label}
    assert {pool[c] for c in pool.index if c not in ids} <= {""}
    n = len(sample_ids(at))
    seen = sum(c in ids for c in sample_ids(at))
    assert any(sample_state.seen_note(seen, n) in c for c in texts(at.caption))


# ====================================================================== no audits list

def _drop_audits(db, la: str) -> None:
    """The LA's workbook as if it had no audits list (¶266): none loaded, none typed."""
    con = duckdb.connect(str(db))
    try:
        sid = con.execute("select max(submission_id) from submissions where la_code = ?",
                          [la]).fetchone()[0]
        for table in ("raw_audits", "int_audits_rows"):
            con.execute(f"delete from {table} where submission_id = ?", [sid])
        con.execute("delete from list_loads where submission_id = ? and list = 'audits'", [sid])
    finally:
        con.close()


def test_no_audits_list_is_said_with_what_to_do(demo_db):
    _drop_audits(demo_db, "X02")
    at = open_page("X02", "monitoring")
    warning = next(w for w in texts(at.warning) if "audited" in w)
    assert warning.startswith("No LA audited cases (6 asked for): the workbook had no audits "
                              "list")
    assert "Ask the LA for its audits list" in warning and "load the workbook again" in warning
    assert not re.search(r"\bla audited\b", "\n".join(texts(at.warning)))
    at.segmented_control(key=P + "pool").set_value("LA audited").run()
    assert any("The workbook had no audits list" in i for i in texts(at.info))
    # The sampler (and so `annexa sample`) says the same.
    con = warehouse.connect_reader(demo_db)
    try:
        p = sampler.propose(
            con, sampling_rule.Settings.for_visit("X02", "monitoring", ref_date=AS_AT))
    finally:
        con.close()
    assert any(w.startswith("No audited cases (6 asked for): the workbook had no audits list")
               for w in p.warnings)


def test_fewer_audited_cases_than_asked_say_why_in_words(demo_db):
    at = open_page("X02", "monitoring")
    audited = list(frame(at, "Why chosen").query("Role == 'LA audited'")["Case ID"])
    at.multiselect(key=P + "remove_ids").select(audited[0]).run()
    at.button(key=P + "remove").click().run()
    warning = next(w for w in texts(at.warning) if "audited" in w)
    assert warning == (f"Only {len(audited) - 1} LA audited "
                       f"{'case' if len(audited) == 2 else 'cases'} (6 asked for): more are in "
                       "the LA audited pool under Candidate pools.")


# ====================================================================== text shown in full

def _fits(texts_, width: int, row: int | None) -> bool:
    """Every text fits the column at this row height (the helper's own estimate)."""
    lines = table_wrap.lines_needed(texts_, width)
    return lines <= 1 or (row is not None and row > 64 and lines <= table_wrap.MAX_LINES
                          and row >= lines * table_wrap.LINE_PX)


def test_long_text_in_tables_wraps_to_be_read_in_full(demo_db):
    at = open_page("X02", "standard")
    # The sample: reasons and seen-before notes.
    config, el = _config(at, "Why chosen")
    why = el.value["Why chosen"]
    assert why.str.len().max() > 120  # long enough to need wrapping at 400 px
    assert el.proto.row_height > 64  # the grid wraps text only in rows taller than 64 px
    assert _fits(why[why.str.len() <= 300], config["Why chosen"]["width"], el.proto.row_height)
    # Mandatory groups' status.
    config, el = _config(at, "status")
    assert el.value["status"].str.len().max() > 60
    assert el.proto.row_height > 64
    assert _fits(el.value["status"], config["status"]["width"], el.proto.row_height)
    # Threshold names.
    config, el = _config(at, "threshold")
    assert _fits(el.value["label"], config["label"]["width"], el.proto.row_height)
    assert el.proto.row_height > 64  # 'matching and placement decisions, including return home'
    # What each pool holds.
    config, el = _config(at, "Who is in it")
    assert _fits(el.value["Who is in it"], config["Who is in it"]["width"], el.proto.row_height)
    # A saved sample's table, after saving.
    _save(at)
    config, el = next((json.loads(df.proto.columns), df) for df in at.dataframe
                      if "Why chosen" in df.value.columns and "Journey" not in df.value.columns)
    assert el.proto.row_height > 64
    assert _fits(el.value["Why chosen"], config["Why chosen"]["width"], el.proto.row_height)


def test_the_wrapping_estimate():
    reason = ("missing 9 times in 12 months; at risk of sexual exploitation (2.02 list); 3 "
              "brothers and sisters (a sibling group of 4); 6 placements in 12 months; adds aged "
              "10-15, boy, not disabled, Asian, child in care, Foster placement, thresholds 2, 3, "
              "4, 6, 7, 8, 9 (ILACS ¶153)")
    assert table_wrap.lines_needed([reason], 400) >= 5
    assert table_wrap.row_height(([reason], 400)) >= 5 * table_wrap.LINE_PX
    assert table_wrap.row_height((["early help"], 250)) is None  # one line: the default rows
    two = table_wrap.row_height((["matching and placement decisions, including return home"],
                                 250))
    assert two is not None and two > 64
    assert table_wrap.row_height((["x" * 5000], 400)) == \
        table_wrap.MAX_LINES * table_wrap.LINE_PX + table_wrap.ROW_PAD_PX
    assert table_wrap.table_height(3, 1000) == 3 * 35 + 38
    assert table_wrap.table_height(30, 1000, 100) == 1000


# ================================================================= numbers and their words

def test_counts_have_thousands_separators(demo_db):
    at = open_page("X03", "standard")  # the test demo's largest LA: over 1,000 candidates
    pools = frame(at, "Who is in it").set_index("Pool")["Children"]
    big = int(pools["sampling window"])
    assert big >= 1000
    assert f"Sampling window ({big:,})" in at.segmented_control(key=P + "pool").options
    for column in ("Children", "In the sample"):
        config, _ = _config(at, "Who is in it")
        assert config[column]["type_config"]["format"] == "%,d", column
    for table, columns in (("threshold", ("in_pool", "in_sample")),
                           ("factor", ("in_pool", "in_sample")),
                           ("status", ("in_data", "in_sample", "left_out"))):
        config, _ = _config(at, table)
        for column in columns:
            assert config[column]["type_config"]["format"] == "%,d", (table, column)


def test_counts_agree_in_number():
    assert sample_state.of_the(1, 25, ("was", "were")) == "1 of the 25 children was"
    assert sample_state.of_the(3, 25, ("was", "were")) == "3 of the 25 children were"
    assert sample_state.of_the(1, 1) == "1 of the 1 child is"
    assert sample_state.of_the(2, 21712) == "2 of the 21,712 children are"
    assert sampling_rule.counted(21712, "child", "children") == "21,712 children"
    assert sample_state.seen_note(1, 25).startswith("1 of the 25 children was in a sample saved "
                                                    "at an earlier visit")
    assert sample_state.seen_note(31, 31).startswith("All 31 children were in a sample")
    assert sample_state.seen_note(1, 1).startswith("The only child was in a sample")
    assert sampling_rule.shortfall(0, 6, "LA audited case", "LA audited cases") == \
        "No LA audited cases (6 asked for)"
    assert sampling_rule.shortfall(1, 6, "tracked child", "tracked children") == \
        "Only 1 tracked child (6 asked for)"
    cov = sample_state.Coverage(
        factors=pd.DataFrame(), thresholds=pd.DataFrame(), not_candidates=[], candidates=0,
        mandatory=pd.DataFrame([
            {"group": "missing", "label": "missing from care, home or education", "in_data": 3,
             "in_sample": 2, "left_out": 1, "status": ""},
            {"group": "exploitation", "label": "at risk of sexual exploitation", "in_data": 5,
             "in_sample": 1, "left_out": 4, "status": ""}]))
    assert sample_state.left_out(cov) == [
        "1 of the 3 children missing from care, home or education is left out",
        "4 of the 5 children at risk of sexual exploitation are left out"]


@pytest.mark.parametrize("threshold", [1, 2])
def test_a_childs_brothers_and_sisters_do_not_count_the_child(_analysis_db_master, threshold):
    con = warehouse.connect_reader(_analysis_db_master)  # the hand-built fixture, read only
    try:
        reasons = dict(con.execute(
            "select child_id, reason from sample_pools('T01', sibling_threshold := ?) "
            "where pool = 'large sibling group'", [threshold]).fetchall())
    finally:
        con.close()
    # C11 has 3 brothers and sisters (a group of 4 children), C12 has 1.
    assert reasons["C11"] == "3 brothers and sisters (a sibling group of 4)"
    if threshold == 1:
        assert reasons["C12"] == "1 brother or sister (a sibling group of 2)"
    else:
        assert "C12" not in reasons
