"""The sections of single lists on the Lists in detail page (dashboard/list_sections.py, the marts
sql/30_marts/91_list_sections/, docs/methodology/list-sections.md LS1-LS8).

Every figure of each mart is worked out again here, in plain Python, from the list's typed rows
(int_list_<n>_rows, what the ingest stored) of the synthetic demo database, with the rules as
the methodology words them, and the two must agree: for the three demo LAs, at the as-at date
under the ILACS 2018 windows and at an earlier reference date under the 2019 template's. Each
section is then drawn with Streamlit's AppTest: no error, every chart with its accessible name,
its figures as a table and its 'How is this counted?', and no child named.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from dateutil.relativedelta import relativedelta
from streamlit.testing.v1 import AppTest

D = dt.date
LAS = ("X01", "X02", "X03")
AS_AT = D(2026, 10, 30)  # the demo's as-at date
SETTINGS = [(None, "ilacs-2018"), (D(2026, 8, 31), "template-2019")]
# The windows in months (docs/methodology/windows.md W3), per edition: lists 2, 6, 8, 10, 11.
WINDOW = {"ilacs-2018": {2: 6, 6: 3, 8: 6, 10: 12, 11: 12},
          "template-2019": {2: 6, 6: 6, 8: 6, 10: 12, 11: 12}}


# ----------------------------------------------------------------------------------- helpers

@pytest.fixture(scope="module")
def con(_demo_db_master):
    """The session's demo database, read only (nothing here writes)."""
    c = duckdb.connect(str(_demo_db_master), read_only=True)
    yield c
    c.close()


def records(con, sql: str, params=()) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def list_rows(con, n: int, la: str) -> list[dict]:
    return records(con, f"select r.* from int_list_{n}_rows as r join submissions as s "
                   "using (submission_id) where s.la_code = ?", [la])


def mart(con, name: str, la: str, ref, edition) -> list[dict]:
    return records(con, f"select * from {name}(?, ref_date := ?, edition := ?)",
                   [la, ref, edition])


def by_measure(rows: list[dict], measure: str, key: str = "n") -> dict[str, int]:
    return {r["category"]: r[key] for r in rows if r["measure"] == measure}


def months(d: dt.date, n: int) -> dt.date:
    return d + relativedelta(months=n)


def age_on(dob: dt.date | None, on: dt.date) -> int | None:
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def latest(rows: list[dict], key, id_column: str = "child_id") -> list[dict]:
    """LS1: each ID's most recent row (by `key`, then the row's place in the sheet)."""
    best: dict[str, dict] = {}
    for r in rows:
        if r[id_column] is None:
            continue
        if r[id_column] not in best or (key(r), r["row_number"]) > (
                key(best[r[id_column]]), best[r[id_column]]["row_number"]):
            best[r[id_column]] = r
    return list(best.values())


def newest_first(d: dt.date | None) -> tuple:
    """An ordering key: a dated row before a blank one, the later date first."""
    return (d is not None, d or D(1, 1, 1))


def length_band(start, end, bands: list[tuple[int, str]], last: str) -> str:
    if start is None:
        return "not known"
    if end < start:
        return "before the start"
    for n, label in bands:
        if end < months(start, n):
            return label
    return last


def coded(value, unread, column: str, codes: set[str]) -> str:
    if value in codes:
        return value
    return "not a template code" if column in (unread or []) else "not recorded"


def ref_codes(con, code_list: str) -> set[str]:
    return {r[0] for r in con.execute("select code from ref_code where code_list = ?",
                                      [code_list]).fetchall()}


def expected_counts(values: list[str]) -> Counter:
    return Counter(values)


def assert_counts(got: dict[str, int], want: Counter) -> None:
    assert {k: v for k, v in got.items() if v} == dict(want)


def the_ref(ref):
    return ref or AS_AT


# ---------------------------------------------------------------- the figures, independently

@pytest.mark.parametrize(("ref", "edition"), SETTINGS)
@pytest.mark.parametrize("la", LAS)
def test_children_in_need_by_need_and_length(con, la, ref, edition):
    r_day = the_ref(ref)
    start = months(r_day, -WINDOW[edition][6])
    chosen = []
    for r in list_rows(con, 6, la):
        s, e = r["cin_start_date"], r["cin_end_date"]
        r["open"] = (s is None or s <= r_day) and (e is None or e > r_day)
        r["closed"] = e is not None and start <= e <= r_day
        if r["open"] or r["closed"]:
            chosen.append(r)
    chosen = latest(chosen, lambda r: newest_first(r["cin_start_date"]))
    got = mart(con, "section_cin", la, ref, edition)
    needs = ref_codes(con, "primary_need")
    assert_counts(by_measure(got, "primary_need"), expected_counts(
        [coded(r["primary_need"], r["unread_codes"], "primary_need", needs) for r in chosen]))
    bands = [(3, "under 3 months"), (6, "3-6 months"), (12, "6-12 months"), (24, "1-2 years")]
    lengths = [length_band(r["cin_start_date"], r_day if r["open"] else r["cin_end_date"],
                           bands, "2 years or more") for r in chosen]
    assert_counts(by_measure(got, "episode_length"), expected_counts(lengths))
    opened = expected_counts([b for b, r in zip(lengths, chosen, strict=True) if r["open"]])
    assert_counts(by_measure(got, "episode_length", "n_open"), opened)
    # every category is there, and the total leaves 'before the start' out
    assert len(by_measure(got, "primary_need")) == len(needs) + 2
    totals = {r["measure"]: r["total"] for r in got}
    assert totals == {"primary_need": len(chosen),
                      "episode_length": len(chosen) - lengths.count("before the start")}


@pytest.mark.parametrize(("ref", "edition"), SETTINGS)
@pytest.mark.parametrize("la", LAS)
def test_early_help_status_length_and_organisation(con, la, ref, edition):
    r_day = the_ref(ref)
    start = months(r_day, -WINDOW[edition][2])
    rows = []
    for r in list_rows(con, 2, la):
        s, e = r["eh_start_date"], r["eh_end_date"]
        if r["child_id"] is None or s is None or s > r_day or (e is not None and e < start):
            continue
        is_open = e is None or e > r_day
        began = "started in the window" if s >= start else "started before the window"
        r["status"] = (f"open at the reference date, {began}" if is_open else
                       "completed in the window, " + ("started in it" if s >= start
                                                      else "started before it"))
        r["length"] = length_band(s, r_day if is_open else e, [
            (1, "under 1 month"), (3, "1-3 months"), (6, "3-6 months"), (12, "6-12 months")],
            "1 year or more")
        rows.append(r)
    chosen = latest(rows, lambda r: newest_first(r["eh_start_date"]))
    got = mart(con, "section_early_help", la, ref, edition)
    assert_counts(by_measure(got, "status"), expected_counts([r["status"] for r in chosen]))
    assert_counts(by_measure(got, "status", "episodes"),
                  expected_counts([r["status"] for r in rows]))
    assert_counts(by_measure(got, "assessment_length"),
                  expected_counts([r["length"] for r in chosen]))
    organisations = by_measure(got, "organisation")
    assert sum(organisations.values()) == len(chosen)
    key = Counter((r["eh_organisation"] or "").strip().lower() for r in chosen)
    for name, n in organisations.items():
        if name == "not recorded":
            assert n == key[""]
        elif name != "other organisations":
            assert n == key[name.strip().lower()], name
    named = [n for name, n in organisations.items()
             if name not in ("not recorded", "other organisations")]
    assert len(named) <= 10 and named == sorted(named, reverse=True)


@pytest.mark.parametrize(("ref", "edition"), SETTINGS)
@pytest.mark.parametrize("la", LAS)
def test_children_in_care_time_age_at_entry_and_stability(con, la, ref, edition):
    r_day = the_ref(ref)
    start = months(r_day, -WINDOW[edition][8])
    rows = []
    for r in list_rows(con, 8, la):
        s, e = r["cla_start_date"], r["cla_end_date"]
        r["in_care"] = (s is None or s <= r_day) and (e is None or e > r_day)
        if r["in_care"] or (e is not None and start <= e <= r_day):
            rows.append(r)
    chosen = latest(rows, lambda r: newest_first(r["cla_start_date"]))
    got = mart(con, "section_cla", la, ref, edition)
    in_care = [r for r in chosen if r["in_care"]]
    assert_counts(by_measure(got, "time_in_care"), expected_counts([
        "not known" if r["cla_start_date"] is None else
        length_band(r["cla_start_date"], r_day, [
            (6, "under 6 months"), (12, "6-12 months"), (24, "1-2 years"), (60, "2-5 years")],
            "5 years or more") for r in in_care]))

    def entry_band(r) -> str:
        age = age_on(r["dob"], r["cla_start_date"]) if r["cla_start_date"] else None
        if age is None or age < 0:
            return "not known"
        return ("under 1" if age < 1 else "1-4" if age <= 4 else "5-9" if age <= 9
                else "10-15" if age <= 15 else "16 and over")
    assert_counts(by_measure(got, "age_at_entry"),
                  expected_counts([entry_band(r) for r in chosen]))
    assert_counts(by_measure(got, "age_at_entry", "started_in_window"), expected_counts([
        entry_band(r) for r in chosen
        if r["cla_start_date"] is not None and start <= r["cla_start_date"] <= r_day]))
    cohort = []
    for r in in_care:
        age = age_on(r["dob"], r_day) if r["dob"] else r["age"]
        if (age is not None and age < 16 and r["cla_start_date"] is not None
                and r_day >= months(r["cla_start_date"], 30)):
            cohort.append(r)
    assert_counts(by_measure(got, "stability"), expected_counts([
        "placement start not known" if r["placement_start_date"] is None
        else "same placement for 2 years or more"
        if r_day >= months(r["placement_start_date"], 24)
        else "placement started in the last 2 years" for r in cohort]))
    assert {r["total"] for r in got if r["measure"] == "stability"} == {len(cohort)}


@pytest.mark.parametrize(("ref", "edition"), SETTINGS)
@pytest.mark.parametrize("la", LAS)
def test_care_leavers_accommodation_activity_and_age(con, la, ref, edition):
    r_day = the_ref(ref)
    # list 9 has no window and no date: each young person's last row (LS1)
    chosen = latest(list_rows(con, 9, la), lambda r: 0)
    got = mart(con, "section_care_leavers", la, ref, edition)
    accommodation = [coded(r["accommodation"], r["unread_codes"], "accommodation",
                           ref_codes(con, "accommodation")) for r in chosen]
    assert_counts(by_measure(got, "accommodation"), expected_counts(accommodation))
    assert_counts(by_measure(got, "accommodation", "n_suitable"), expected_counts([
        a for a, r in zip(accommodation, chosen, strict=True)
        if r["accommodation_suitable"] == "a) Suitable"]))
    assert_counts(by_measure(got, "activity"), expected_counts([
        coded(r["activity"], r["unread_codes"], "activity", ref_codes(con, "activity"))
        for r in chosen]))

    def group(r) -> str:
        age = age_on(r["dob"], r_day) if r["dob"] else r["age"]
        if age is None:
            return "not known"
        return ("under 17" if age < 17 else "17-18" if age <= 18 else "19-21" if age <= 21
                else "22-25" if age <= 25 else "26 or over")
    assert_counts(by_measure(got, "age_group"), expected_counts([group(r) for r in chosen]))
    eet = {r["category"] for r in got if r["measure"] == "activity"
           and r["category_group"] == "a) EET"}
    assert {c.split(":")[0] for c in eet} == {"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4",
                                              "F5", "P5"}


def step_figures(pairs: list[tuple], standard=None) -> dict:
    """reached, counted, not_known, left_out, median and mean days, within the standard, for
    (earlier date, later date) pairs whose later date is known (LS6-LS8)."""
    days = [(b - a).days for a, b in pairs if a is not None and b >= a]
    within = None if standard is None else sum(1 for a, b in pairs if a is not None
                                               and b >= a and standard(a, b))
    return {"reached": len(pairs), "counted": len(days),
            "not_known": sum(1 for a, _ in pairs if a is None),
            "left_out": sum(1 for a, b in pairs if a is not None and b < a),
            "median": statistics.median(days) if days else None,
            "mean": statistics.mean(days) if days else None, "within": within}


def assert_steps(got: dict, want: dict, counted: str) -> None:
    assert (got["reached"], got[counted], got["not_known"], got["left_out"],
            got["within_standard"]) == (want["reached"], want["counted"], want["not_known"],
                                        want["left_out"], want["within"])
    if want["median"] is None:
        assert got["median_days"] is None and got["mean_days"] is None
    else:
        assert got["median_days"] == pytest.approx(want["median"])
        assert got["mean_days"] == pytest.approx(want["mean"], abs=0.051)


@pytest.mark.parametrize(("ref", "edition"), SETTINGS)
@pytest.mark.parametrize("la", LAS)
def test_adoption_steps_and_scorecard(con, la, ref, edition):
    r_day = the_ref(ref)
    start = months(r_day, -WINDOW[edition][10])
    rows = []
    for r in list_rows(con, 10, la):
        adopted = r["adoption_order_date"] is not None and r["adoption_order_date"] <= r_day
        reversed_ = r["reversal_date"] is not None and r["reversal_date"] <= r_day
        waiting = (r["adm_decision_date"] is not None and r["adm_decision_date"] <= r_day
                   and not adopted and not reversed_)
        if (waiting or any(d is not None and start <= d <= r_day
                           for d in (r["adoption_order_date"], r["reversal_date"]))):
            rows.append(r)
    chosen = latest(rows, lambda r: newest_first(r["adm_decision_date"]))

    def by(r, column):  # a date after ref has not happened yet (LS8)
        d = r[column]
        return d if d is not None and d <= r_day else None

    def moved_in(r):
        placed, ffa = by(r, "placed_date"), by(r, "ffa_date")
        return None if placed is None else min(placed, ffa or placed)

    steps = {
        "care_to_decision": (lambda r: r["care_start_date"], lambda r: by(r, "adm_decision_date")),
        "decision_to_order": (lambda r: by(r, "adm_decision_date"),
                              lambda r: by(r, "placement_order_date")),
        "order_to_match": (lambda r: by(r, "placement_order_date"),
                           lambda r: by(r, "matched_date")),
        "match_to_placed": (lambda r: by(r, "matched_date"), lambda r: by(r, "placed_date")),
        "placed_to_order": (lambda r: by(r, "placed_date"),
                            lambda r: by(r, "adoption_order_date")),
        "care_to_placed": (lambda r: r["care_start_date"], lambda r: by(r, "placed_date")),
        "care_to_moved_in": (lambda r: r["care_start_date"], moved_in),
    }
    standards = {"order_to_match": 121, "care_to_placed": 426, "care_to_moved_in": 426}
    adopted = [r for r in chosen if r["adoption_order_date"] is not None
               and start <= r["adoption_order_date"] <= r_day]
    scorecard = {"a1": ("care_to_placed", 426), "a10": ("care_to_moved_in", 426),
                 "a2": ("order_to_match", 121)}
    got = {r["measure"]: r for r in mart(con, "section_adoption", la, ref, edition)}
    assert set(got) == set(steps) | set(scorecard)
    for measure, (earlier, later) in steps.items():
        limit = standards.get(measure)
        pairs = [(earlier(r), later(r)) for r in chosen if later(r) is not None]
        want = step_figures(pairs, limit and (lambda a, b, n=limit: (b - a).days <= n))
        assert_steps(got[measure], want, "children")
    for measure, (step, limit) in scorecard.items():
        earlier, later = steps[step]
        pairs = [(earlier(r), later(r)) for r in adopted if later(r) is not None]
        want = step_figures(pairs, lambda a, b, n=limit: (b - a).days <= n)
        assert_steps(got[measure], want, "children")


@pytest.mark.parametrize(("ref", "edition"), SETTINGS)
@pytest.mark.parametrize("la", LAS)
def test_adopters_stages(con, la, ref, edition):
    r_day = the_ref(ref)
    start = months(r_day, -WINDOW[edition][11])
    rows = []
    for r in list_rows(con, 11, la):
        ends = [d for d in (r["left_process_date"], r["adoption_order_date"]) if d is not None]
        if r["enquiry_date"] is not None and r["enquiry_date"] <= r_day and (
                not ends or min(ends) >= start):
            rows.append(r)
    chosen = latest(rows, lambda r: newest_first(r["enquiry_date"]), "adopter_id")

    def by(column):
        return lambda r: r[column] if r[column] is not None and r[column] <= r_day else None

    stages = {
        "enquiry_to_stage1": ("enquiry_date", "stage1_start_date", None),
        "stage1": ("stage1_start_date", "stage1_end_date", 2),
        "stage1_to_stage2": ("stage1_end_date", "stage2_start_date", None),
        "stage2": ("stage2_start_date", "stage2_end_date", 4),
        "application_to_approval": ("application_date", "approval_date", None),
        "stage1_to_approval": ("stage1_start_date", "approval_date", 6),
        "approval_to_match": ("approval_date", "matched_date", 3),
        "match_to_placed": ("matched_date", "placed_date", None),
        "enquiry_to_approval": ("enquiry_date", "approval_date", None),
    }
    got = {r["measure"]: r for r in mart(con, "section_adopters", la, ref, edition)}
    assert set(got) == set(stages)
    for measure, (earlier, later, limit) in stages.items():
        pairs = [(by(earlier)(r), by(later)(r)) for r in chosen if by(later)(r) is not None]
        want = step_figures(pairs, limit and (lambda a, b, n=limit: b < months(a, n)))
        assert_steps(got[measure], want, "adopters")


@pytest.mark.parametrize("la", LAS)
def test_each_sections_total_is_the_lists_children_in_the_window(con, la):
    """LS1: a section counts the same children as the list's headline figure (the Briefing's
    children with a row in the window; list 11 adopters)."""
    headline = dict(con.execute(
        "select category, n from briefing_indicators(?) where indicator = "
        "'list_children_in_window'", [la]).fetchall())
    firsts = {
        "list_2": ("section_early_help", "status", "total"),
        "list_6": ("section_cin", "primary_need", "total"),
        "list_8": ("section_cla", "age_at_entry", "total"),
        "list_9": ("section_care_leavers", "age_group", "total"),
    }
    for key, (name, measure, column) in firsts.items():
        rows = [r for r in mart(con, name, la, None, "ilacs-2018") if r["measure"] == measure]
        assert rows[0][column] == headline.get(key, 0), key
    adopters = sum(1 for r in latest(
        [r for r in records(con, "select * from int_adopters(?, null, 'ilacs-2018', null)",
                            [la]) if r["in_window"]],
        lambda r: newest_first(r["enquiry_date"]), "adopter_id"))
    assert adopters == headline.get("list_11", 0)


def test_an_la_without_a_submission_has_no_rows(con):
    for name in ("section_cin", "section_early_help", "section_cla", "section_care_leavers",
                 "section_adoption", "section_adopters"):
        assert mart(con, name, "Z99", None, "ilacs-2018") == [], name


# ------------------------------------------------------------------------------ the sections

SCRIPT = """
import datetime as dt
import streamlit as st
from annexa.services.context import Context
from dashboard import list_sections

ctx = Context(la_code=st.session_state["la"], la_name=None, ref_date=None,
              ref_date_is_default=True, edition="ilacs-2018", sampling_months=3,
              sibling_threshold=2)
list_sections.SECTIONS[st.session_state["list_key"]](ctx)
"""

# list -> the charts it draws (their titles)
CHARTS = {
    "list_6": ["Children in need by primary need", "Children in need by length of episode"],
    "list_2": ["Children by whether their assessment was open or completed",
               "Children by length of assessment",
               "Children by organisation completing the assessment"],
    "list_8": ["Children in care by time in care", "Children in care by age at entry to care",
               "Long-term placement stability"],
    "list_9": ["Care leavers by type of accommodation", "Care leavers by activity",
               "Care leavers by age group"],
    "list_10": ["Adoption: median days at each step"],
    "list_11": ["Adopters: median days at each stage"],
}


def draw(tmp_path: Path, list_key: str, la: str = "X02") -> AppTest:
    script = tmp_path / "section.py"
    script.write_text(SCRIPT, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=120)
    at.session_state["la"] = la
    at.session_state["list_key"] = list_key
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("list_key", sorted(CHARTS))
def test_each_section_draws_its_charts_named_with_tables_and_rules(demo_db, tmp_path, list_key):
    at = draw(tmp_path, list_key)
    specs = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
    assert [s["title"]["text"] for s in specs] == CHARTS[list_key]
    for spec, element in zip(specs, at.get("vega_lite_chart"), strict=True):
        # the accessible name says what the chart shows and holds a figure (WCAG 1.1.1)
        assert element.proto.alt == spec["description"]
        assert spec["description"].startswith(spec["title"]["text"])
        assert re.search(r"\d", spec["description"])
        assert any("Reference date" in line for line in spec["title"]["subtitle"])
    tables = [e.label for e in at.expander]
    assert tables == [f"{t}: the figures as a table" for t in CHARTS[list_key]]
    popovers = at.get("popover")
    assert len(popovers) == len(CHARTS[list_key])  # one 'How is this counted?' a chart
    rules = "\n".join(c.value for p in popovers for c in p.children.values()
                      if hasattr(c, "value"))
    assert "Source: ILACS ¶258" in rules and "**Who**" in rules
    for internal in (".md", ".py", "sql/", "docs/"):
        assert internal not in rules, internal


def test_no_section_names_a_child(demo_db, tmp_path):
    ids = {r[0] for r in duckdb.connect(str(demo_db), read_only=True).execute(
        "select child_id from int_child_events('X02', null, 'ilacs-2018', null) "
        "where child_id is not null").fetchall()}
    assert ids
    for list_key in CHARTS:
        at = draw(tmp_path, list_key)
        cells = {str(v) for t in at.table for v in t.value.to_numpy().ravel()}
        text = cells | {m.value for m in at.markdown} | {c.value for c in at.caption}
        text |= {json.loads(e.proto.spec)["description"] for e in at.get("vega_lite_chart")}
        assert not [t for t in text if any(i in t.split() for i in ids)], list_key


def test_the_stability_figure_and_the_scorecard_are_shown_as_metrics(demo_db, tmp_path):
    at = draw(tmp_path, "list_8")
    con = duckdb.connect(str(demo_db), read_only=True)
    stable = records(con, "select * from section_cla('X02') where category = "
                     "'same placement for 2 years or more'")[0]
    assert {m.label: m.value for m in at.metric} == {
        "Same placement 2+ years": f"{stable['pct']:.1f}%"}
    at = draw(tmp_path, "list_10")
    a1 = records(con, "select * from section_adoption('X02') where measure = 'a1'")[0]
    con.close()
    shown = {m.label: m.value for m in at.metric}
    assert shown["A1: entering care to placed"] == f"{a1['mean_days']:,.0f} days"
    assert shown["A3: moved in within 14 months"] == (
        f"{100 * a1['within_standard'] / a1['children']:.1f}%")


APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


@pytest.mark.parametrize("list_key", ["list_6", "list_10"])
def test_the_lists_page_draws_the_section_of_the_list_chosen(demo_db, list_key):
    """On the page itself (dashboard/views/lists.py, list chosen in its `lists__list` box), the
    section follows the views every list shares, its charts and rules with them."""
    page = Path(APP).parent / "views" / "lists.py"
    if not page.exists():
        pytest.skip("the Lists in detail page is not there yet")
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["la"] = "X02"
    at.session_state["lists__list"] = list_key
    at.switch_page("views/lists.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    titles = [json.loads(e.proto.spec)["title"]["text"] for e in at.get("vega_lite_chart")]
    assert titles[-len(CHARTS[list_key]):] == CHARTS[list_key]
    tables = [e.label for e in at.expander]
    assert [f"{t}: the figures as a table" for t in CHARTS[list_key]] == [
        t for t in tables if t.removesuffix(": the figures as a table") in CHARTS[list_key]]


def test_a_child_with_no_start_date_is_not_in_the_stability_cohort(_demo_db_master, tmp_path):
    """LS4: a child in care, under 16, with a blank 'Date Started to be Looked After' is not in
    the long-term stability cohort (a null condition once let such a child fall through into
    'placement started in the last 2 years')."""
    from conftest import private_copy

    path = private_copy(_demo_db_master, tmp_path)
    c = duckdb.connect(str(path))
    try:
        def cohort() -> int:
            return c.execute("select any_value(total) from section_cla('X03') "
                             "where measure = 'stability'").fetchone()[0]

        before = cohort()
        # A child counted in the cohort, given no start date.
        child = c.execute(
            "select c.child_id from int_cla('X03', null, 'ilacs-2018', null) as c "
            "semi join list_detail_rows('X03', null, 'ilacs-2018', 'list_8') as r "
            "on r.submission_id = c.submission_id and r.row_number = c.row_number "
            "and r.latest_in_window "
            "where c.in_care_at_ref and age_on(c.dob, c.ref_date) < 12 "
            "and c.ref_date >= c.cla_start_date + interval 36 month "
            "and c.child_id not in (select child_id from int_cla('X03', null, 'ilacs-2018', "
            "null) group by all having count(*) > 1) limit 1").fetchone()[0]
        c.execute("update int_list_8_rows set cla_start_date = null where child_id = ?", [child])
        assert cohort() == before - 1
    finally:
        c.close()
