"""The analysis model (sql/20_intermediate, sql/30_marts): every object selects, windows hold at
their boundaries, and every briefing indicator gives the figures worked out by hand from
tests/analysis_fixture.py (the fixture's docstring says who is where)."""

from __future__ import annotations

import datetime as dt

import analysis_fixture as fx
import duckdb
import pytest
from conftest import built_once, write_template_workbook

from annexa.store import materialise, warehouse
from ingest.load import ingest

D = dt.date
REF = fx.AS_AT

# Every table macro of the analysis model and how to call it for one LA.
MACROS = {
    "int_scope": "('T01', null, 'ilacs-2018', null)",
    "int_contacts": "('T01', null, 'ilacs-2018', null)",
    "int_early_help": "('T01', null, 'ilacs-2018', null)",
    "int_referrals": "('T01', null, 'ilacs-2018', null)",
    "int_assessments": "('T01', null, 'ilacs-2018', null)",
    "int_s47": "('T01', null, 'ilacs-2018', null)",
    "int_cin": "('T01', null, 'ilacs-2018', null)",
    "int_cp_plans": "('T01', null, 'ilacs-2018', null)",
    "int_cla": "('T01', null, 'ilacs-2018', null)",
    "int_care_leavers": "('T01', null, 'ilacs-2018', null)",
    "int_adoption": "('T01', null, 'ilacs-2018', null)",
    "int_adopters": "('T01', null, 'ilacs-2018', null)",
    "int_missing_exploitation": "('T01', null, 'ilacs-2018', null)",
    "int_siblings": "('T01', null, 'ilacs-2018', null)",
    "int_audits": "('T01', null, 'ilacs-2018', null)",
    "int_child_events": "('T01', null, 'ilacs-2018', null)",
    "children": "('T01')",
    "child_events": "('T01')",
    "briefing_indicators": "('T01')",
    "sample_candidates": "('T01')",
    "sample_pools": "('T01')",
    "children_seen_before": "('T01')",
}
VIEWS = ["int_list_windows", "sample_seen_before", "sample_composition"]


@pytest.fixture(scope="module")
def db(_analysis_db_master):
    """The hand-built fixture's database, shared: tests that write take `analysis_db`, a copy."""
    return _analysis_db_master


@pytest.fixture(scope="module")
def con(db):
    c = warehouse.connect_reader(db)
    yield c
    c.close()


def rows(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


# ------------------------------------------------------------------------------ every object

@pytest.fixture(scope="module")
def empty_con():
    """A database built as a write builds one, with no submission loaded (only read here)."""
    con = duckdb.connect()
    warehouse.build(con)
    yield con
    con.close()


@pytest.mark.parametrize("name", sorted(MACROS))
def test_every_macro_selects_on_an_empty_database(empty_con, name):
    assert empty_con.execute(f"select * from {name}{MACROS[name]}").fetchall() == []


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_selects(con, name):
    con.execute(f"select * from {name} limit 0").fetchall()


# The fixture has no saved samples and gives sibling counts in list 8, not on a sheet.
EMPTY_ON_FIXTURE = {"children_seen_before", "int_siblings"}


@pytest.mark.parametrize("name", sorted(MACROS))
def test_every_macro_selects_on_the_fixture(con, name):
    n = con.execute(f"select count(*) from {name}{MACROS[name]}").fetchall()[0][0]
    assert n == 0 if name in EMPTY_ON_FIXTURE else n > 0


def test_marts_accept_every_parameter_by_name_and_bound(con):
    for mart in ("children", "child_events", "briefing_indicators", "sample_candidates",
                 "sample_pools"):
        got = rows(con, f"select count(*) from {mart}($la, ref_date := $ref, edition := $ed, "
                        "sampling_months := $sm, sibling_threshold := $st, as_at := $asat)",
                   {"la": "T01", "ref": "2026-09-30", "ed": "template-2019", "sm": 6,
                    "st": 3, "asat": REF})
        assert got[0][0] > 0, mart


def test_an_unknown_edition_is_an_error_not_a_silent_default(con):
    with pytest.raises(duckdb.Error, match="edition must be"):
        rows(con, "select * from children('T01', edition := 'ilacs-2024')")


def test_scope_windows_come_from_int_list_windows(con):
    columns = {"list_1": "contacts_from", "list_2": "early_help_from",
               "list_3": "referrals_from", "list_4": "assessments_from", "list_5": "s47_from",
               "list_6": "cin_from", "list_7": "cp_from", "list_8": "cla_from",
               "list_10": "adoption_from", "list_11": "adopters_from", "audits": "audits_from"}
    for edition in ("ilacs-2018", "template-2019"):
        months = dict(rows(con, "select list_key, months from int_list_windows "
                                "where edition = ?", [edition]))
        scope = con.execute(f"select * from int_scope('T01', null, '{edition}', null)")
        names = [d[0] for d in scope.description]
        got = dict(zip(names, scope.fetchall()[0], strict=True))
        for key, col in columns.items():
            want = rows(con, f"select cast(date '{REF}' - interval {months[key]} month as date)")
            assert got[col] == want[0][0], (edition, key)


# ------------------------------------------------------------------------ window boundaries

BOUNDARY_AS_AT = D(2026, 5, 31)  # a month end: 3 months before is 28/02 (clamped)


@pytest.fixture(scope="module")
def boundary_db(tmp_path_factory):
    """One row per boundary case: the child ID says where its date falls (built once per test
    run; only read)."""
    return built_once(tmp_path_factory, "boundary", _build_boundary_db)


def _build_boundary_db(work):
    lower3, lower6 = D(2026, 2, 28), D(2025, 11, 30)
    cases = {  # label -> date
        "before3": lower3 - dt.timedelta(days=1), "on3": lower3,
        "after3": lower3 + dt.timedelta(days=1), "before6": lower6 - dt.timedelta(days=1),
        "on6": lower6, "after6": lower6 + dt.timedelta(days=1),
        "ref": BOUNDARY_AS_AT, "after_ref": BOUNDARY_AS_AT + dt.timedelta(days=1),
    }
    common = {"gender": "a) Male", "ethnicity": "a) WBRI", "dob": D(2015, 1, 1)}
    lists = {
        "list_1": [{**common, "child_id": k, "contact_date": d, "contact_source": "q) 6"}
                   for k, d in cases.items()],
        "list_6": [{**common, "child_id": k, "cin_start_date": D(2020, 1, 1),
                    "cin_end_date": d, "primary_need": "N1", "case_status": "e) Closed episode"}
                   for k, d in cases.items()],
        "list_8": [{**common, "child_id": k, "cla_start_date": D(2020, 1, 1), "cla_end_date": d,
                    "legal_status": "C2", "placement_type": "U4", "placement_location": "a) In",
                    "placements_12m": 1, "missing_episodes_12m": 0}
                   for k, d in cases.items()],
        "audits": [{"child_id": k, "audit_theme": "t", "audit_date": d}
                   for k, d in cases.items()],
    }
    path = write_template_workbook(work / "boundary.xlsx", lists)
    db = work / "boundary.duckdb"
    ingest([path], "B01", as_at=BOUNDARY_AS_AT, db=db)
    return db


def in_window(db, sql):
    c = warehouse.connect_reader(db)
    try:
        return {r[0] for r in c.execute(sql).fetchall()}
    finally:
        c.close()


def test_three_month_event_window_boundaries(boundary_db):
    got = in_window(boundary_db, "select child_id from int_contacts('B01', null, "
                                 "'ilacs-2018', null) where in_window")
    assert got == {"on3", "after3", "ref"}  # not before3, not after_ref


def test_six_month_event_window_boundaries_under_the_2019_template(boundary_db):
    got = in_window(boundary_db, "select child_id from int_contacts('B01', null, "
                                 "'template-2019', null) where in_window")
    assert got == {"on6", "after6", "before3", "on3", "after3", "ref"}


def test_ceased_in_window_boundaries_for_episodes_and_care(boundary_db):
    cin = in_window(boundary_db, "select child_id from int_cin('B01', null, 'ilacs-2018', "
                                 "null) where in_window")
    # Closed on or after the window's first day, or still open at ref (closed after ref).
    assert cin == {"on3", "after3", "ref", "after_ref"}
    open_at_ref = in_window(boundary_db, "select child_id from int_cin('B01', null, "
                                         "'ilacs-2018', null) where open_at_ref")
    assert open_at_ref == {"after_ref"}  # closed on ref means closed at ref
    cla = in_window(boundary_db, "select child_id from int_cla('B01', null, 'ilacs-2018', "
                                 "null) where in_window")
    assert cla == {"on6", "after6", "before3", "on3", "after3", "ref", "after_ref"}


def test_audit_window_boundaries(boundary_db):
    got = in_window(boundary_db, "select child_id from int_audits('B01', null, 'ilacs-2018', "
                                 "null) where in_window")
    assert got == {"on6", "after6", "before3", "on3", "after3", "ref"}


def test_sampling_window_boundaries_follow_the_reference_date(boundary_db):
    got = in_window(boundary_db, "select child_id from children('B01') "
                                 "where in_sampling_window")
    # A contact (or a care end) in [ref - 3 months, ref]; later events are after ref.
    assert got == {"on3", "after3", "ref"}
    one_day_earlier = in_window(
        boundary_db, "select child_id from children('B01', ref_date := date '2026-05-30') "
                     "where in_sampling_window")
    # ref 30/05 -> window from 28/02 again (30/02 does not exist): 'ref' (31/05) is now after.
    assert one_day_earlier == {"on3", "after3"}
    one_day_later = in_window(
        boundary_db, "select child_id from children('B01', ref_date := date '2026-06-01') "
                     "where in_sampling_window")
    assert one_day_later == {"after3", "ref", "after_ref"}  # window from 01/03


def test_reference_date_moves_every_window(con):
    def count(ref):
        return rows(con, "select n from briefing_indicators('T01', ref_date := ?) "
                         "where indicator = 'children_in_window'", [ref])[0][0]

    assert count(REF) == 20
    assert count(REF - dt.timedelta(days=400)) != 20


# ------------------------------------------------------------------------- briefing figures

# (indicator, category) -> (n, d, value), worked out from the fixture's rows by hand.
EXPECTED = {
    ("list_rows_in_window", "list_1"): (5, 7, 5.0),
    ("list_rows_in_window", "list_2"): (2, 3, 2.0),
    ("list_rows_in_window", "list_3"): (3, 4, 3.0),
    ("list_rows_in_window", "list_4"): (5, 6, 5.0),
    ("list_rows_in_window", "list_5"): (4, 4, 4.0),
    ("list_rows_in_window", "list_6"): (4, 5, 4.0),
    ("list_rows_in_window", "list_7"): (4, 4, 4.0),
    ("list_rows_in_window", "list_8"): (3, 4, 3.0),
    ("list_rows_in_window", "list_9"): (3, 3, 3.0),
    ("list_rows_in_window", "list_10"): (4, 5, 4.0),
    ("list_rows_in_window", "list_11"): (2, 3, 2.0),
    ("list_children_in_window", "list_1"): (4, 6, 4.0),
    ("list_children_in_window", "list_2"): (2, 2, 2.0),
    ("list_children_in_window", "list_3"): (2, 3, 2.0),
    ("list_children_in_window", "list_4"): (5, 6, 5.0),
    ("list_children_in_window", "list_5"): (4, 4, 4.0),
    ("list_children_in_window", "list_6"): (4, 5, 4.0),
    ("list_children_in_window", "list_7"): (4, 4, 4.0),
    ("list_children_in_window", "list_8"): (3, 4, 3.0),
    ("list_children_in_window", "list_9"): (3, 3, 3.0),
    ("list_children_in_window", "list_10"): (4, 5, 4.0),
    ("list_children_in_window", "list_11"): (2, 3, 2.0),
    ("children_in_window", None): (20, None, 20.0),
    ("children_on_several_lists", None): (10, 20, 50.0),
    ("children_on_several_lists", "2 lists"): (8, 20, 40.0),
    ("children_on_several_lists", "3 lists"): (1, 20, 5.0),
    ("children_on_several_lists", "4 or more lists"): (1, 20, 5.0),
    ("children_by_gender", "a) Male"): (10, 20, 50.0),  # C01's older 'Female' row loses
    ("children_by_gender", "b) Female"): (9, 20, 45.0),
    ("children_by_gender", "c) Not stated/recorded"): (1, 20, 5.0),
    ("children_by_age_band", "unborn"): (1, 20, 5.0),
    ("children_by_age_band", "under 1"): (1, 20, 5.0),
    ("children_by_age_band", "1-4"): (5, 20, 25.0),
    ("children_by_age_band", "5-9"): (3, 20, 15.0),
    ("children_by_age_band", "10-15"): (4, 20, 20.0),
    ("children_by_age_band", "16-17"): (3, 20, 15.0),  # C05 is 17 on the day
    ("children_by_age_band", "18+"): (3, 20, 15.0),
    ("children_by_ethnicity_group", "a) White"): (13, 20, 65.0),
    ("children_by_ethnicity_group", "b) Mixed"): (1, 20, 5.0),
    ("children_by_ethnicity_group", "d) Asian"): (1, 20, 5.0),
    ("children_by_ethnicity_group", "e) Black"): (2, 20, 10.0),
    ("children_by_ethnicity_group", "f) Chinese"): (1, 20, 5.0),
    ("children_by_ethnicity_group", "g) Other"): (1, 20, 5.0),
    ("children_by_ethnicity_group", "i) Unknown"): (1, 20, 5.0),
    ("children_by_disability", "a) Yes"): (2, 20, 10.0),
    ("children_by_disability", "b) No"): (14, 20, 70.0),
    ("children_by_disability", "c) Unknown"): (1, 20, 5.0),
    ("children_by_disability", "not recorded"): (3, 20, 15.0),
    ("contacts_by_source", "g) Police"): (2, 5, 40.0),
    ("contacts_by_source", "b) Schools"): (2, 5, 40.0),
    ("contacts_by_source", "f) LA services"): (1, 5, 20.0),
    ("referrals_by_source", "g) Police"): (2, 3, 66.7),
    ("referrals_by_source", "b) Schools"): (1, 3, 33.3),
    ("contact_to_referral", None): (2, 4, 50.0),
    ("referral_to_assessment", None): (1, 2, 50.0),
    ("referral_nfa", None): (1, 3, 33.3),
    ("repeat_referrals", None): (1, 3, 33.3),
    ("assessments_within_45_working_days", None): (2, 3, 66.7),  # C05: 45 with bank holidays
    ("assessments_open_over_45_working_days", None): (1, 2, 50.0),
    ("assessment_no_further_action", None): (1, 3, 33.3),
    ("s47_to_icpc", None): (2, 3, 66.7),
    ("s47_icpc_not_required", None): (1, 3, 33.3),
    ("icpc_within_15_working_days", None): (2, 3, 66.7),  # C06: 15 because of 31/08
    ("icpc_to_cp_plan", None): (2, 3, 66.7),
    ("cp_plans_open", None): (2, None, 2.0),
    ("cp_plans_by_category", "a) Neglect"): (1, 2, 50.0),
    ("cp_plans_by_category", "d) Emotional abuse"): (1, 2, 50.0),
    ("cp_plans_started_in_window", None): (1, None, 1.0),
    ("cp_plans_ended_in_window", None): (2, None, 2.0),
    ("cp_plans_over_two_years", None): (1, 2, 50.0),
    ("cp_plans_ended_over_two_years", None): (1, 2, 50.0),
    ("cp_second_or_subsequent", None): (1, 1, 100.0),
    ("cp_review_overdue", None): (1, 2, 50.0),
    ("cp_visit_overdue", None): (1, 2, 50.0),
    ("cla_in_care", None): (2, None, 2.0),
    ("cla_started_in_window", None): (1, None, 1.0),
    ("cla_ceased_in_window", None): (1, None, 1.0),
    ("cla_ceased_by_reason", "d) Returned home to live with parents or relatives"):
        (1, 1, 100.0),
    ("cla_three_or_more_placements", None): (1, 2, 50.0),
    ("cla_out_of_area", None): (1, 2, 50.0),
    ("cla_by_placement_type", "a) Foster placement"): (1, 2, 50.0),
    ("cla_by_placement_type", "c) Placed with parents"): (1, 2, 50.0),
    ("cla_by_legal_status", "a) Interim care orders"): (1, 2, 50.0),
    ("cla_by_legal_status", "b) Full care orders"): (1, 2, 50.0),
    ("cla_kinship", None): (1, 2, 50.0),
    ("cla_placed_with_parents_on_care_order", None): (1, 2, 50.0),
    ("cla_uasc", None): (0, 2, 0.0),
    ("cla_review_overdue", None): (1, 2, 50.0),  # C12: due 14/09 (20 working days)
    ("cla_visit_overdue", None): (1, 2, 50.0),  # C12: due 01/10 (6 weeks)
    ("cla_health_overdue", None): (1, 2, 50.0),  # C12: no initial assessment
    ("cla_dental_overdue", None): (1, 2, 50.0),  # C11: last 01/09/2025
    ("cla_missing", None): (1, 3, 33.3),
    ("cla_missing_episodes", None): (3, None, 3.0),
    ("cla_absent", None): (1, 3, 33.3),
    ("cla_absent_episodes", None): (1, None, 1.0),
    ("return_interview_offered", None): (1, 1, 100.0),
    ("return_interview_accepted", None): (0, 1, 0.0),
    ("missing_202", None): (1, None, 1.0),
    ("exploitation_202", None): (1, None, 1.0),
    ("care_leavers", None): (3, None, 3.0),
    ("care_leavers_by_eligibility", "a) Relevant child"): (1, 3, 33.3),
    ("care_leavers_by_eligibility", "b) Former relevant child"): (2, 3, 66.7),
    ("care_leavers_in_touch", None): (2, 3, 66.7),
    ("care_leavers_suitable_accommodation", None): (1, 3, 33.3),
    ("care_leavers_eet", None): (1, 3, 33.3),
    ("care_leavers_neet", None): (1, 3, 33.3),
    ("care_leavers_pathway_review_overdue", None): (0, 0, None),  # no review dates supplied
    ("adoption_children", None): (4, None, 4.0),
    ("adoption_by_stage", "adopted"): (1, 4, 25.0),
    ("adoption_by_stage", "placed"): (1, 4, 25.0),
    ("adoption_by_stage", "placement order"): (1, 4, 25.0),
    ("adoption_by_stage", "reversed"): (1, 4, 25.0),
    ("adopted_in_window", None): (1, None, 1.0),
    ("adoption_days_entry_to_placement", None): (1093, 2, 546.5),  # 700 and 393 days
    ("adoption_days_entry_to_placement_median", None): (2, None, 546.5),
    ("adoption_days_order_to_match", None): (610, 2, 305.0),  # 426 and 184 days
    ("adoption_days_order_to_match_median", None): (2, None, 305.0),
    ("adoption_waiting_for_match", None): (1, 1, 100.0),
    ("adoption_reversed_in_window", None): (1, None, 1.0),
    ("adopters_in_window", None): (2, None, 2.0),
    ("adopters_approved_in_window", None): (2, None, 2.0),
}

# Data quality, per list: the fixture's planted problems (list 1: an unreadable date and an
# unmapped source; list 3: a row without a child ID). Other lists are clean.
ROWS_LOADED = {"list_1": 7, "list_2": 3, "list_3": 4, "list_4": 6, "list_5": 4, "list_6": 5,
               "list_7": 4, "list_8": 4, "list_9": 3, "list_10": 5, "list_11": 3,
               "missing_exploitation": 2, "audits": 3}
DQ_PROBLEMS = {("dq_errors", "list_1"): 2, ("dq_unparseable_dates", "list_1"): 1,
               ("dq_unmapped_codes", "list_1"): 1, ("dq_errors", "list_3"): 1,
               ("dq_blank_child_ids", "list_3"): 1}


@pytest.fixture(scope="module")
def briefing(con):
    cur = con.execute("select * from briefing_indicators('T01')")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_every_indicator_matches_the_hand_worked_figures(briefing):
    got = {(r["indicator"], r["category"]): (r["n"], r["d"], r["value"]) for r in briefing
           if r["section"] != "Data quality" and r["indicator"] != "children_by_age_and_gender"}
    assert got == EXPECTED
    # The pyramid's cells (checked against the children mart below) add up to the hand-worked
    # age bands and genders.
    by_band, by_gender = {}, {}
    for r in briefing:
        if r["indicator"] == "children_by_age_and_gender":
            _, band, gender = r["category"].split("|")
            by_band[band] = by_band.get(band, 0) + r["n"]
            by_gender[gender] = by_gender.get(gender, 0) + r["n"]
    assert by_band == {c: v[0] for (i, c), v in EXPECTED.items()
                       if i == "children_by_age_band"}
    assert by_gender == {c: v[0] for (i, c), v in EXPECTED.items()
                         if i == "children_by_gender"}


def test_data_quality_figures_per_list(briefing):
    dq = {(r["indicator"], r["category"]): (r["n"], r["d"]) for r in briefing
          if r["section"] == "Data quality"}
    for (indicator, lst), (n, d) in dq.items():
        rows_loaded = ROWS_LOADED[lst]
        if indicator == "dq_rows_loaded":
            assert (n, d) == (rows_loaded, None), lst
        elif indicator in ("dq_warnings", "dq_missing_lists", "dq_duplicate_children"):
            assert d == rows_loaded  # warnings come from ingest/quality.py's own rules
        else:
            assert (n, d) == (DQ_PROBLEMS.get((indicator, lst), 0), rows_loaded), (indicator, lst)
    assert {lst for _, lst in dq} == set(ROWS_LOADED)


def test_every_indicator_has_a_definition_and_a_reference_and_is_in_the_header(briefing):
    header = (warehouse.SQL_DIR / "30_marts/20_briefing/briefing_indicators.sql").read_text(
        encoding="utf-8").split("create or replace macro")[0]
    for r in briefing:
        assert r["definition"] and r["reference"] and r["label"], r["indicator"]
        assert r["indicator"].removesuffix("_median") in header, r["indicator"]


def test_briefing_demographics_agree_with_the_children_mart(con):
    """briefing_indicators computes demographics itself (to plan the lists once): same rule."""
    from_briefing = set(rows(con, "select indicator, category, n from briefing_indicators('T01') "
                                  "where section = 'Demographics'"))
    from_children = set(rows(con, """
        with c as (select * from children('T01') where list_count_in_window > 0)
        select 'children_by_gender', coalesce(gender, case when gender_not_a_code
            then 'not a template code' end, 'c) Not stated/recorded'), count(*) from c group by all
        union all select 'children_by_age_band', age_band, count(*) from c group by all
        union all select 'children_by_age_and_gender', age_band_order(age_band) || '|'
            || age_band || '|' || coalesce(gender, case when gender_not_a_code
            then 'not a template code' end, 'c) Not stated/recorded'), count(*)
            from c group by all
        union all select 'children_by_ethnicity_group', coalesce(ethnicity_group,
            case when ethnicity_not_a_code then 'not a template code' end, 'not recorded'),
            count(*) from c group by all
        union all select 'children_by_disability', coalesce(disability, case when
            disability_not_a_code then 'not a template code' end, 'not recorded'), count(*)
            from c group by all"""))
    assert from_briefing == from_children


def test_national_figures_cover_every_la(analysis_db, tmp_path):
    second = fx.load(analysis_db, tmp_path, la="T02")
    c = warehouse.connect_reader(second)
    try:
        per_la = rows(c, "select la_code, n from briefing_indicators(null) "
                         "where indicator = 'children_in_window' order by la_code")
    finally:
        c.close()
    assert per_la == [("T01", 20), ("T02", 20)]


# ------------------------------------------------------------------------- the children model

def child(con, child_id, *columns):
    cols = ", ".join(columns)
    return rows(con, f"select {cols} from children('T01') where child_id = ?", [child_id])[0]


def test_current_status_follows_cla_cp_cin_assessment_closed(con):
    status = dict(rows(con, "select child_id, current_status from children('T01')"))
    assert status["C11"] == "CLA"  # in care, also CIN
    assert status["C01"] == "CP"  # on a plan, also CIN
    assert status["C07"] == "CIN"  # closes the day after ref: open at ref
    assert status["C06"] == "open assessment"
    assert status["C05"] == "closed"
    assert status["C23"] == "closed"  # only on 2.02


def test_children_model_derivations(con):
    assert child(con, "C11", "out_of_area", "kinship_connected_person", "large_sibling_group",
                 "is_missing", "three_or_more_placements", "sibling_count") == (
        True, True, True, True, True, 3)
    assert child(con, "C12", "placed_with_parents_on_care_order", "legal_status",
                 "thresholds") == (True, "C1: ICO", [4, 5, 6, 7, 9])
    assert child(con, "C23", "at_risk_of_exploitation", "lists", "on_missing_exploitation_list"
                 ) == (True, [], True)
    assert child(con, "C24", "age_band", "is_unborn") == ("unborn", True)
    assert child(con, "C01", "gender", "second_or_subsequent_plan", "list_count_in_window") == (
        "a) Male", True, 6)
    assert child(con, "C10", "possible_delay", "icpc_late", "cp_open_over_18_months") == (
        True, True, True)
    assert child(con, "C05", "possible_delay", "assessment_working_days_to_authorise") == (
        False, 45)


def test_last_activity_agrees_with_the_sampling_events_of_child_events(con):
    disagree = rows(con, """
        with e as (
            select child_id, max(event_date) as d from child_events('T01')
            where is_sampling_event and not after_ref group by 1
        )
        select count(*) from children('T01') as c left join e using (child_id)
        where c.last_activity_date is distinct from e.d""")
    assert disagree == [(0,)]


def test_child_events_give_a_journey_in_date_order(con):
    journey = rows(con, "select event_type, event_date from child_events('T01') "
                        "where child_id = 'C12' order by event_order")
    assert journey[:4] == [("cp_start", D(2026, 3, 1)), ("la_audit", D(2026, 4, 30)),
                           ("cp_end", D(2026, 8, 15)), ("care_start", D(2026, 8, 15))]


def test_sample_pools(con):
    pools = rows(con, "select child_id, pool from sample_pools('T01') "
                      "where pool <> 'sampling window' order by 1, 2")
    assert pools == [("C05", "LA audited"), ("C06", "possible delay"), ("C09", "possible delay"),
                     ("C10", "possible delay"), ("C11", "large sibling group"),
                     ("C11", "missing"), ("C12", "LA audited"), ("C12", "possible delay"),
                     ("C19", "possible delay"), ("C23", "exploitation")]
    assert rows(con, "select reason from sample_pools('T01') where child_id = 'C11' "
                     "and pool = 'missing'") == [("missing 3 times in 12 months",)]


# --------------------------------------------------------------------------- saved samples

def test_composition_and_seen_before_of_saved_samples(analysis_db):
    db = analysis_db
    with warehouse.write_transaction(db) as c:
        for visit_start in (D(2026, 6, 1), D(2026, 11, 2)):
            c.execute("insert into sample_visits (la_code, visit_type, visit_start, ref_date, "
                      "edition, sampling_months, sibling_threshold, tracked_size, audited_size, "
                      "sampled_size, seed, exclude_seen, settings, saved_by) values ('T01', "
                      "'monitoring', ?, ?, 'ilacs-2018', 3, 2, 7, 0, 0, 1, false, '{}', 't')",
                      [visit_start, visit_start]).fetchall()
        boys = ["C01", "C03", "C05", "C07", "C10"]
        for i, cid in enumerate([*boys, "C02", "C04"]):
            c.execute("insert into sample_members (visit_id, child_id, role, pick_order, reason, "
                      "gender) values (2, ?, 'tracked', ?, 'r', ?)",
                      [cid, i + 1, "a) Male" if cid in boys else "b) Female"]).fetchall()
        c.execute("insert into sample_members (visit_id, child_id, role, pick_order, reason) "
                  "values (1, 'C01', 'sampled', 1, 'r')").fetchall()
    con = warehouse.connect_reader(db)
    try:
        assert rows(con, "select k, n, descriptor, statement from sample_composition "
                         "where visit_id = 2 and role = 'tracked' and value = 'a) Male'") == [
            (5, 7, "large majority",
             "a large majority of the tracked children are boys: 5 of 7")]
        assert rows(con, "select child_id, earlier_visit_id, earlier_role "
                         "from sample_seen_before") == [("C01", 1, "sampled")]
        assert rows(con, "select child_id, visits_seen from children_seen_before('T01', "
                         "before_date := date '2026-07-01')") == [("C01", 1)]
    finally:
        con.close()


# ------------------------------------------------------------------ typed copies and codes

def test_typed_copies_follow_submissions_and_staging(analysis_db):
    db = analysis_db
    with warehouse.write_transaction(db) as c:
        stg = c.execute("select count(*) from stg_list_1").fetchall()
        typed = c.execute("select count(*) from int_list_1_rows").fetchall()
        assert stg == typed == [(7,)]
        assert materialise.refresh(c) == []  # nothing new: nothing retyped
        c.execute("update int_list_copies set typing_key = 'old rules' "
                  "where list = 'list_1'").fetchall()
        assert materialise.refresh(c) == [("list_1", 1)]
        for t in [t for (t,) in c.execute("select table_name from duckdb_tables() "
                                          "where table_name like 'raw_%'").fetchall()]:
            c.execute(f"delete from {t}").fetchall()
        c.execute("delete from submissions").fetchall()
        # A write that removes raw rows (a purge) refreshes the copies, which drops theirs.
        materialise.refresh(c)
    con = warehouse.connect_reader(db)
    try:
        assert rows(con, "select count(*) from int_list_1_rows") == [(0,)]
        assert rows(con, "select count(*) from int_list_copies") == [(0,)]
    finally:
        con.close()


def test_working_day_counts_agree_with_the_calendar_macros(con):
    """The list macros join ref_calendar directly (one join per date, for speed); the answers
    must be working_days_between's (sql/05_reference/working_day_macros.sql,
    docs/methodology/timelines.md T1).

    working_days_between is asked once per pair of dates, with the dates bound. Called on a
    table's columns it is a correlated subquery over the calendar twice, which DuckDB runs as a
    join of the whole calendar with itself: about 8 s per query for these few rows, and one
    run of the suite was killed for memory (16 GB) inside it."""
    def between(a, b):
        return None if a is None or b is None else \
            rows(con, "select working_days_between(?::date, ?::date)", [a, b])[0][0]

    assessments = rows(con, """
        select assessment_start_date, assessment_auth_date, ref_date, open_at_ref,
            working_days_to_authorise, working_days_open
        from int_assessments('T01', null, 'ilacs-2018', null)""")
    assert assessments and any(r[1] is not None for r in assessments)
    assert any(r[3] for r in assessments)  # authorised and still open ones are both checked
    for start, auth, ref, open_at_ref, to_authorise, days_open in assessments:
        assert to_authorise == (between(start, auth) if auth is not None and auth <= ref
                                else None), (start, auth)
        assert days_open == (between(start, ref) if open_at_ref else None), (start, ref)
    s47 = rows(con, "select s47_start_date, icpc_date, icpc_held, working_days_to_icpc "
                    "from int_s47('T01', null, 'ilacs-2018', null)")
    assert any(r[2] for r in s47)
    for start, icpc, held, to_icpc in s47:
        assert to_icpc == (between(start, icpc) if held else None), (start, icpc)
    assert rows(con, "select add_working_days(cla_start_date, 20), review_due_date, "
                     "health_due_date from int_cla('T01', null, 'ilacs-2018', null) "
                     "where child_id = 'C12'") == [(D(2026, 9, 14),) * 3]  # over 31/08
