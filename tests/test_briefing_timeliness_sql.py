"""Timeliness with dates in the wrong order (UX review finding 3), on a small hand-built Annex A.

An assessment authorised before it started, an ICPC dated before its strategy discussion, and a
child placed for adoption before entering care are data errors (data quality reports the first
two as end_before_start). They must be neither "within the standard" nor in the denominator:
left out of the briefing's figure, of the Regional overview's, and shown apart in the chart's
'before the start' bar, so that the headline equals the chart's bars.

Reference date 30/10/2026 (as at), ilacs-2018: the list 4 and 5 windows start on 30/04/2026, the
list 10 window on 30/10/2025.
"""

from __future__ import annotations

import datetime as dt

import pytest

from annexa.store import warehouse
from ingest.load import ingest

D = dt.date
AS_AT = D(2026, 10, 30)
LA = "T03"


def person(cid: str, **row) -> dict:
    return {"child_id": cid, "gender": "a) Male", "ethnicity": "a) WBRI",
            "dob": D(2015, 1, 1), "disability": "b) No", **row}


ROWS = {
    "list_4": [
        # 10 working days: within 45.
        person("A1", assessment_start_date=D(2026, 9, 1), assessment_auth_date=D(2026, 9, 15),
               assessed_in_need="a) Yes"),
        # Well over 45 working days.
        person("A2", assessment_start_date=D(2026, 6, 1), assessment_auth_date=D(2026, 9, 30),
               assessed_in_need="a) Yes"),
        # Authorised 15 days before it started: a data error.
        person("A3", assessment_start_date=D(2026, 10, 20), assessment_auth_date=D(2026, 10, 5),
               assessed_in_need="a) Yes"),
        # Started on a Saturday, authorised the Friday before: still the wrong order.
        person("A4", assessment_start_date=D(2026, 10, 3), assessment_auth_date=D(2026, 10, 2),
               assessed_in_need="b) No"),
    ],
    "list_5": [
        person("S1", s47_start_date=D(2026, 9, 1), icpc_not_required="b) No",
               icpc_date=D(2026, 9, 10), icpc_resulted_in_plan="a) Yes", s47_12m=1, icpc_12m=1),
        # ICPC a fortnight before the strategy discussion: a data error.
        person("S2", s47_start_date=D(2026, 9, 15), icpc_not_required="b) No",
               icpc_date=D(2026, 9, 1), icpc_resulted_in_plan="b) No", s47_12m=1, icpc_12m=1),
    ],
    "list_10": [
        # Entered care to placed: 334 days; placement order to match: 92 days.
        person("P1", care_start_date=D(2025, 1, 1), adm_decision_date=D(2025, 3, 1),
               placement_order_date=D(2025, 8, 1), matched_date=D(2025, 11, 1),
               placed_date=D(2025, 12, 1)),
        # Placed before entering care, matched before the placement order: data errors.
        person("P2", care_start_date=D(2026, 9, 1), adm_decision_date=D(2026, 2, 1),
               placement_order_date=D(2026, 1, 1), matched_date=D(2025, 12, 15),
               placed_date=D(2026, 3, 1)),
    ],
}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    from conftest import built_once, write_template_workbook

    def build(work):
        book = write_template_workbook(work / "t03.xlsx", ROWS)
        db = work / "t03.duckdb"
        report = ingest([book], LA, la_name="Timeshire", region="Test region", as_at=AS_AT,
                        db=db)
        assert report.status == "loaded"
        return db

    c = warehouse.connect_reader(built_once(tmp_path_factory, "timeliness", build))
    yield c
    c.close()


def figure(con, indicator: str) -> tuple:
    return con.execute("select n, d, value from briefing_indicators(?) where indicator = ? "
                       "and category is null", [LA, indicator]).fetchone()


def bands(con, measure: str) -> dict[str, tuple]:
    rows = con.execute("select band, n, total, left_out, meets_standard "
                       "from briefing_distributions(?) where measure = ?", [LA, measure])
    return {r[0]: r[1:] for r in rows.fetchall()}


def test_the_intermediate_models_flag_an_end_before_its_start(con):
    got = dict(con.execute("select child_id, (end_before_start, within_45_working_days) "
                           "from int_assessments(?, null, 'ilacs-2018', null)", [LA]).fetchall())
    assert got["A1"] == (False, True)
    assert got["A2"] == (False, False)
    # Neither within nor outside the standard: null, however few working days it counts.
    assert got["A3"] == (True, None)
    assert got["A4"] == (True, None)
    got = dict(con.execute("select child_id, (end_before_start, icpc_within_15_working_days) "
                           "from int_s47(?, null, 'ilacs-2018', null)", [LA]).fetchall())
    assert got == {"S1": (False, True), "S2": (True, None)}
    got = dict(con.execute("select child_id, (placed_before_care, matched_before_order) "
                           "from int_adoption(?, null, 'ilacs-2018', null)", [LA]).fetchall())
    assert got == {"P1": (False, False), "P2": (True, True)}


def test_the_rows_left_out_are_the_data_quality_end_before_start_rows(con):
    flagged = dict(con.execute(
        "select list, count(*) from dq_issues where code = 'end_before_start' group by all"
    ).fetchall())
    assert flagged.get("list_4") == 2 and flagged.get("list_5") == 1
    assert bands(con, "assessment_working_days")["before the start"][0] == 2
    assert bands(con, "icpc_working_days")["before the start"][0] == 1


def test_assessments_in_the_wrong_order_are_out_of_numerator_and_denominator(con):
    # Before the fix: 3 of 4 (A3 and A4 counted as within 45 working days).
    assert figure(con, "assessments_within_45_working_days") == (1, 2, 50.0)
    b = bands(con, "assessment_working_days")
    within = sum(n for n, _, _, meets in b.values() if meets is True)
    counted = sum(n for band, (n, *_) in b.items() if band != "before the start")
    assert (within, counted) == (1, 2)
    # total is the figure's denominator; left_out the 'before the start' bar.
    assert {(total, left_out) for _, total, left_out, _ in b.values()} == {(2, 2)}


def test_icpcs_in_the_wrong_order_are_out_of_numerator_and_denominator(con):
    # Before the fix: 2 of 2.
    assert figure(con, "icpc_within_15_working_days") == (1, 1, 100.0)
    b = bands(con, "icpc_working_days")
    assert sum(n for n, _, _, meets in b.values() if meets is True) == 1
    assert {(total, left_out) for _, total, left_out, _ in b.values()} == {(1, 1)}


def test_adoption_means_and_medians_leave_out_negative_intervals(con):
    # Before the fix: the mean of 334 and -184 days (75.0), and of 92 and -17 days (37.5).
    assert figure(con, "adoption_days_entry_to_placement") == (334, 1, 334.0)
    assert figure(con, "adoption_days_entry_to_placement_median")[2] == 334.0
    assert figure(con, "adoption_days_order_to_match") == (92, 1, 92.0)
    b = bands(con, "adoption_days_entry_to_placement")
    assert b["before the start"][0] == 1 and b["6-12 months"][0] == 1
    assert b["6-12 months"][1] == 1  # total: the children the mean is over


def test_the_regional_overview_counts_them_the_same_way(con):
    regional = {r[0]: r[1:] for r in con.execute(
        "select indicator, n, d, value from regional_indicators(?)", [LA]).fetchall()}
    for indicator in ("assessments_within_45_working_days", "icpc_within_15_working_days",
                      "adoption_days_entry_to_placement"):
        assert regional[indicator] == figure(con, indicator), indicator


def test_the_definitions_say_that_such_rows_are_left_out(con):
    for indicator in ("assessments_within_45_working_days", "icpc_within_15_working_days"):
        for mart in ("briefing_indicators", "regional_indicators"):
            (definition,) = con.execute(
                f"select definition from {mart}(?) where indicator = ? limit 1",
                [LA, indicator]).fetchone()
            assert "data error" in definition and "left out of both" in definition, mart
