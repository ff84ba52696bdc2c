"""The "Lists in detail" page (dashboard/views/lists.py) and its marts (sql/30_marts/
90_list_detail), on the demo database.

Each view's figures are compared with counts made here, independently, from the int_<list>
macros and the Census table (docs/methodology/lists.md L1-L7): children, not rows; each child
once per team; the months of the window with their part months; the timeliness measures equal to
the Briefing's; relative rates with groups of fewer than 5 suppressed.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from conftest import needs_reference
from db_query import sql
from streamlit.testing.v1 import AppTest

from dashboard import list_sections
from dashboard.briefing_data import plain

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
EDITION = "ilacs-2018"
CENSUS = needs_reference("dfe/ons-ethnic-population-la.csv",
                         "dfe/ons_mid-year_population_estimates_2012_to_2024.csv")


# ----------------------------------------------------------------------------------- helpers

def open_list(la: str, key: str, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["la"] = la
    at.session_state["lists__list"] = key
    for name, value in state.items():
        at.session_state[name] = value
    at.switch_page("views/lists.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts_by_title(at: AppTest) -> dict[str, tuple[dict, pd.DataFrame]]:
    """Each chart's spec and the rows the browser receives, by chart title."""
    out = {}
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        raw = element.proto.data.data or (
            element.proto.datasets[0].data.data if element.proto.datasets else b"")
        out[spec["title"]["text"]] = (spec, pa.ipc.open_stream(io.BytesIO(raw)).read_all()
                                      .to_pandas())
    return out


def counts_of(frame: pd.DataFrame) -> dict[str, int]:
    """A share_bars chart's counts by label ('of' is 'n of d')."""
    return {label: int(of.split(" of ")[0].replace(",", ""))
            for label, of in zip(frame["label"], frame["of"], strict=True)}


def text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption]
                     + [i.value for i in at.info])


def int_rows(db: Path, macro: str, la: str) -> pd.DataFrame:
    return sql(db, f"select * from {macro}(?, null, ?, null)", [la, EDITION])


def latest_in_window(rows: pd.DataFrame, start: str | None, id_col: str = "child_id"
                     ) -> pd.DataFrame:
    """Each child's most recent row in the window (latest start, then the last listed)."""
    rows = rows[rows["in_window"].fillna(False) & rows[id_col].notna()]
    keys = ([start] if start else []) + ["row_number"]
    return (rows.sort_values(keys, na_position="first").groupby(id_col, as_index=False)
            .tail(1))


def ethnic_groups(db: Path) -> dict[str, str]:
    codes = sql(db, "select code, code_group from ref_code where code_list = 'ethnicity'")
    return dict(zip(codes.code, codes.code_group, strict=True))


# --------------------------------------------------------------------------------- the page

def test_the_page_offers_the_lists_supplied_and_keeps_the_choice_in_the_link(demo_db):
    at = open_list("X02", "list_4")
    assert at.title[0].value == "Lists in detail: Eastbrook (X02)"
    box = next(s for s in at.selectbox if s.label == "List")
    supplied = sql(demo_db, "select list_key from list_detail_lists('X02') "
                            "where rows_supplied > 0 order by list_no")
    assert list(box.options) != [] and len(box.options) == len(supplied)
    assert box.value == "list_4"
    assert at.query_params["list"] in ("list_4", ["list_4"])
    assert "Assessments (list 4)" in text(at)
    assert "30/04/2026 to 30/10/2026 (6 months)" in text(at)


def test_every_chart_has_its_table_and_every_view_says_how_it_is_counted(demo_db, monkeypatch):
    monkeypatch.setattr(list_sections, "SECTIONS", {})  # this page's own views only
    for key, state in (("list_7", {}), ("list_8", {"compare": "370"})):
        at = open_list("X03", key, **state)
        charts = charts_by_title(at)
        tables = [e.label for e in at.expander if e.label.endswith(": the figures as a table")]
        assert len(charts) >= 8
        for title, (spec, _) in charts.items():
            # The page builds its charts without Altair's checks (dashboard/charts.py): the
            # specs the browser receives must still be valid Vega-Lite.
            alt.LayerChart.from_dict(spec, validate=True)
            assert spec["description"].startswith(title), title  # the accessible name
            assert any(ch.isdigit() for ch in spec["description"]), title  # its main figure
            assert f"{title}: the figures as a table" in tables
        rules = "\n".join(child.value for p in at.get("popover")
                          for child in p.children.values() if hasattr(child, "value"))
        for rule in ("L2", "L3", "L4", "L5", "L6"):
            assert f"docs/methodology/lists.md {rule}" in rules
    # Nothing names a child: no child ID of the list is anywhere in the page's text.
    ids = set(int_rows(demo_db, "int_cla", "X03").child_id.dropna().astype(str))
    words = set(text(at).replace(",", " ").split())
    assert not ids & words


# ---------------------------------------------------------------------------------- profile

def test_the_profile_counts_children_in_the_window_from_the_int_view(demo_db):
    at = open_list("X03", "list_4")
    rows = int_rows(demo_db, "int_assessments", "X03")
    window = rows[rows.in_window & rows.child_id.notna()]
    children = window.child_id.nunique()
    assert len(window) > children  # some children have two assessments: children, not rows
    shown = {m.label: m.value for m in at.metric}
    assert shown["Children in the window"] == f"{children:,}"
    # The Briefing counts the same children.
    briefing = sql(demo_db, "select n from briefing_indicators('X03') where indicator = "
                            "'list_children_in_window' and category = 'list_4'")
    assert int(briefing.n.iloc[0]) == children

    # Ethnic group: each child's most recent ethnicity in the window, grouped as the template.
    groups = ethnic_groups(demo_db)
    ordered = window.sort_values(["assessment_start_date", "row_number"], na_position="first")
    latest = ordered.dropna(subset=["ethnicity"]).groupby("child_id").ethnicity.last()
    per_child = pd.Series("not recorded", index=pd.Index(window.child_id.unique()))
    per_child.loc[latest.index] = latest.map(groups).fillna("not a template code")
    want = per_child.map(plain).value_counts().to_dict()
    charts = charts_by_title(at)
    assert counts_of(charts["Assessments: children by ethnic group"][1]) == want

    # The pyramid: male and female children by age band, and every gender in the gender chart.
    pyramid = charts["Assessments: children by age and gender"][1]
    genders = counts_of(charts["Assessments: children by gender"][1])
    assert sum(genders.values()) == children
    assert int(pyramid.children.sum()) == genders.get("Male", 0) + genders.get("Female", 0)


def test_the_profile_of_a_list_without_ages_or_disability_says_so(demo_db):
    at = open_list("X02", "list_11")
    charts = charts_by_title(at)
    assert not any("age and gender" in t for t in charts)
    assert "gives no date of birth or age" in text(at)
    adopters = int_rows(demo_db, "int_adopters", "X02")
    n = adopters[adopters.in_window & adopters.adopter_id.notna()].adopter_id.nunique()
    assert {m.label: m.value for m in at.metric}["Adopters in the window"] == f"{n:,}"
    at = open_list("X02", "list_1")
    assert "has no disability column" in text(at)


# ----------------------------------------------------------------------------------- trend

def test_the_monthly_trend_counts_children_starting_in_each_month_of_the_window(demo_db):
    at = open_list("X03", "list_3")
    spec, data = charts_by_title(at)["Referrals: children starting each month"]
    rows = int_rows(demo_db, "int_referrals", "X03")
    ref, start = pd.Timestamp("2026-10-30"), pd.Timestamp("2026-07-30")  # 3 months, ILACS
    rows["day"] = pd.to_datetime(rows.referral_date)
    dated = rows[rows.day.between(start, ref) & rows.child_id.notna()]
    want = dated.groupby(dated.day.dt.strftime("%b %Y")).child_id.nunique()
    assert list(data.month) == ["Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"]
    got = dict(zip(data.month, data.children, strict=True))
    assert got == {m: int(want.get(m, 0)) for m in data.month}
    # The first month (from the 30th) and the reference date's month (to the 30th) are part
    # months, labelled so; the reference date is marked by a labelled line.
    part = dict(zip(data.month, data.text, strict=True))
    assert part["Jul 2026"].endswith("(part)") and part["Oct 2026"].endswith("(part)")
    assert not part["Aug 2026"].endswith("(part)")
    marks = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert marks and marks[0]["data"]["values"][0]["day"] == "2026-10-30"
    labels = json.dumps(spec["layer"])
    assert "Reference date 30/10/2026" in labels
    assert "part months" in spec["description"] and "Reference date 30/10/2026" in \
        spec["description"]


@pytest.mark.parametrize("la", ["X02", "X03"])
@pytest.mark.parametrize("key", ["list_2", "list_4", "list_6"])
def test_the_monthly_trend_counts_only_rows_in_the_lists_window(demo_db, la, key):
    """L1/L3: a row dated in the months but out of its list's window (a CIN episode or an
    assessment that ended before it started) is not a start: the trend uses the list's own
    in_window, as every other view of the page."""
    from db_query import sql

    rows = sql(demo_db, "select * from list_monthly(?, null, 'ilacs-2018', ?)", [la, key])
    want = sql(demo_db, """
        select strftime(date_trunc('month', r.start_date), '%Y-%m') as m,
            count(distinct r.child_id) as n
        from list_detail_rows(?, null, 'ilacs-2018', ?) as r
        where r.in_window and r.child_id is not null
            and r.start_date between ? and r.ref_date
        group by all""", [la, key, rows.window_from.min()]).set_index("m").n
    got = {pd.Timestamp(m).strftime("%Y-%m"): int(n)
           for m, n in zip(rows.month_start, rows.children, strict=True)}
    assert got == {m: int(want.get(m, 0)) for m in got}


def test_a_point_in_time_list_has_no_trend(demo_db):
    at = open_list("X02", "list_9")
    assert "is a point-in-time list" in text(at)
    assert not any("each month" in t for t in charts_by_title(at))


def test_a_reference_date_before_the_as_at_date_marks_both(demo_db):
    at = open_list("X02", "list_8", ref=pd.Timestamp("2026-09-15").date())
    spec, data = charts_by_title(at)["Children in care: children starting each month"]
    days = [layer["data"]["values"][0] for layer in spec["layer"]
            if layer["mark"]["type"] == "rule"]
    assert [d["day"] for d in days] == ["2026-09-15"]  # the as-at date is after the months
    assert data.month.iloc[-1] == "Sep 2026" and data.text.iloc[-1].endswith("(part)")


# ----------------------------------------------------------------------------------- teams

def test_teams_and_workers_count_each_child_once_under_their_latest_row(demo_db):
    at = open_list("X03", "list_7")
    rows = int_rows(demo_db, "int_cp_plans", "X03")
    latest = latest_in_window(rows, "cp_start_date")
    latest = latest.assign(team=latest.team.fillna("not recorded"),
                           worker=latest.worker.fillna("not recorded"))
    charts = charts_by_title(at)
    assert counts_of(charts["Child protection plans: children by team"][1]) == \
        latest.team.value_counts().to_dict()
    team = next(s for s in at.selectbox if s.label == "Team whose workers to show").value
    mine = latest[latest.team == team]
    assert counts_of(charts[f"{team}: children by worker"][1]) == \
        mine.worker.value_counts().to_dict()
    table = next(d.value for d in at.dataframe if "Worker" in d.value.columns)
    assert int(table.Children.sum()) == len(latest)


def test_timeliness_by_team_reuses_the_int_flags_and_adds_up_to_the_briefing(demo_db):
    at = open_list("X03", "list_7")
    charts = charts_by_title(at)
    plans = int_rows(demo_db, "int_cp_plans", "X03")
    open_plans = plans[plans.open_at_ref.fillna(False)].assign(
        team=lambda f: f.team.fillna("not recorded"))
    briefing = sql(demo_db, "select indicator, n, d from briefing_indicators('X03') "
                            "where indicator in ('cp_review_overdue', 'cp_visit_overdue')"
                   ).set_index("indicator")
    for title, flag, indicator in (
            ("Review conference overdue, by team", "review_overdue", "cp_review_overdue"),
            ("No visit in the last 10 working days, by team", "visit_overdue",
             "cp_visit_overdue")):
        spec, data = charts[title]
        want = open_plans.groupby("team")[flag].agg(lambda s: int(s.fillna(False).sum()))
        got = counts_of(data)
        assert {k.split(" (of ")[0]: v for k, v in got.items()} == want.to_dict()
        n, d = int(briefing.loc[indicator, "n"]), int(briefing.loc[indicator, "d"])
        assert f"({n:,} of {d:,} plans open at the reference date)" in spec["title"]["subtitle"][0]


def test_small_bases_are_labelled(demo_db):
    at = open_list("X01", "list_7")  # a small LA: a handful of plans per team
    _, data = charts_by_title(at)["Review conference overdue, by team"]
    plans = int_rows(demo_db, "int_cp_plans", "X01")
    per_team = plans[plans.open_at_ref.fillna(False)].team.value_counts()
    for team, d in per_team.items():
        label = f"{team} (of {d:,}: a small base)" if d < 10 else team
        assert label in set(data.label)


def test_a_list_without_teams_says_so_and_the_list_sections_follow(demo_db, monkeypatch):
    def section(ctx):
        import streamlit as st
        st.markdown(f"Section of list 1 for {ctx.la_code}")

    monkeypatch.setitem(list_sections.SECTIONS, "list_1", section)
    at = open_list("X02", "list_1")
    assert "has no allocated team or worker columns" in text(at)
    assert "Section of list 1 for X02" in text(at)


# ------------------------------------------------------------------------ disproportionality

@CENSUS
def test_relative_rates_against_the_census_of_the_la_compared_as(demo_db):
    at = open_list("X03", "list_8", compare="370")
    spec, data = charts_by_title(at)["Children in care: relative rate by ethnic group"]
    # The list's children by group (as the profile), and Barnsley's Census 2021 by the
    # template's group of the DfE code each Census group matches.
    rows = int_rows(demo_db, "int_cla", "X03")
    window = rows[rows.in_window & rows.child_id.notna()]
    ordered = window.sort_values(["cla_start_date", "row_number"], na_position="first")
    latest = ordered.dropna(subset=["ethnicity"]).groupby("child_id").ethnicity.last()
    groups = latest.map(ethnic_groups(demo_db)).value_counts()
    census = sql(demo_db, "select ethnic_group_code, population from ref_census_ethnicity "
                          "where geography_level = 'la' and la_code = '370'")
    dfe = {1: "ABAN", 2: "CHNE", 3: "AIND", 4: "APKN", 5: "AOTH", 6: "BAFR", 7: "BCRB",
           8: "BOTH", 9: "MWAS", 10: "MWBA", 11: "MWBC", 12: "MOTH", 13: "WBRI", 14: "WIRI",
           15: "WIRT", 16: "WROM", 17: "WOTH", 18: "OOTH", 19: "OOTH"}
    code_group = {c[-4:]: g for c, g in ethnic_groups(demo_db).items()}
    census["group"] = census.ethnic_group_code.map(lambda c: code_group[dfe[c]])
    population = census.groupby("group").population.sum()
    comparable = [g for g in population.index]
    known = int(groups.reindex(comparable).fillna(0).sum())
    table = next(t.value for t in at.table if "Relative rate" in t.value.columns)
    table = table.set_index("Ethnic group")
    rates = dict(zip(data.label, data.rate, strict=True))
    for group in comparable:
        n = int(groups.get(group, 0))
        row = table.loc[plain(group)]
        assert row["Children"] == f"{n:,}"
        if n < 5:
            assert row["Relative rate"] == "suppressed" and rates[plain(group)] == 0
        else:
            rate = (n / known) / (population[group] / population.sum())
            assert rates[plain(group)] == pytest.approx(round(rate, 2))
            assert row["Relative rate"] == f"{round(rate, 2):.2f}"
    words = text(at)
    assert "Barnsley (370)" in words and "all usual residents (all ages)" in words
    assert "not only children" in words


@CENSUS
def test_a_small_group_is_suppressed_but_counted(demo_db):
    at = open_list("X01", "list_8", compare="370")
    table = next(t.value for t in at.table if "Relative rate" in t.value.columns)
    small = table[table["Children"].str.replace(",", "").astype(int) < 5]
    assert len(small)  # a small LA's children in care: some group has fewer than 5
    assert set(small["Relative rate"]) == {"suppressed"}
    assert set(small["% of the list"]) == {"suppressed"}


def test_a_fictional_la_with_nothing_to_compare_as_shows_its_own_counts(demo_db):
    at = open_list("X02", "list_8")
    words = text(at)
    assert ("is not in the Census 2021 tables" in words
            or "No Census 2021 ethnic group data is loaded" in words)
    assert not any("relative rate" in t for t in charts_by_title(at))
    own = next(t.value for t in at.table if "Ethnic group" in t.value.columns)
    profile = sql(demo_db, "select category, children from list_profile('X02', null, ?, "
                           "'list_8') where dimension = 'ethnicity_group'", [EDITION])
    shown = own["Children"].str.replace(",", "").astype(int)
    assert dict(zip(own["Ethnic group"], shown, strict=True)) == {
        plain(c): int(n) for c, n in zip(profile.category, profile.children, strict=True)}


def test_with_no_census_loaded_the_page_says_so(demo_db):
    con = duckdb.connect(str(demo_db))
    con.execute("delete from ref_census_ethnicity")
    con.close()
    at = open_list("X02", "list_8", compare="370")
    assert "No Census 2021 ethnic group data is loaded" in text(at)


def test_a_long_axis_title_is_drawn_on_lines_not_cut_short():
    """A half-width chart cut '% of children in care at the reference date' short: long axis
    titles are given as lines (Vega-Lite draws a list of strings one per line)."""
    from dashboard import charts

    frame = pd.DataFrame({"label": ["Team 1"], "value": [50.0], "n": [1], "d": [2]})
    spec = charts.share_bars(frame, "t", "s",
                             value_title="% of children in care at the reference date"
                             ).to_dict(validate=True)
    title = next(layer["encoding"]["x"]["title"] for layer in spec["layer"]
                 if "x" in layer.get("encoding", {}))
    assert title == ["% of children in care at the", "reference date"]
    assert charts.axis_title("% of total") == "% of total"
