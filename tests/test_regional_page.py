"""The Regional overview page (dashboard/views/regional.py) and its mart, regional_indicators, on
the demo database (three fictional LAs in one region).

The page must show the marts' figures: the key indicators per LA (the same figures as each LA's
briefing), two submissions of one LA compared, and the published judgements of a region.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from conftest import needs_reference, open_on
from db_query import sql
from streamlit.testing.v1 import AppTest

from annexa import synth
from annexa.cli import main as annexa
from annexa.services.demo import REGION as DEMO_REGION
from annexa.store import warehouse
from ingest.load import ingest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGE = "views/regional.py"


def open_regional(la: str = "X02", **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["la"] = la
    for key, value in state.items():
        at.session_state[key] = value
    open_on(at, PAGE)
    assert not at.exception, [e.message for e in at.exception]
    return at


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if column in df.value.columns)


# ------------------------------------------------------------------------------------- the mart

def test_regional_indicators_are_the_briefing_figures_of_each_la(demo_db):
    for edition in ("ilacs-2018", "template-2019"):
        regional = sql(demo_db, "select * from regional_indicators(null, in_region := ?, "
                                "edition := ?)", [DEMO_REGION, edition])
        briefing = sql(demo_db, "select * from briefing_indicators(null, edition := ?)",
                       [edition])
        assert sorted(regional.la_code.unique()) == ["X01", "X02", "X03"]
        assert (regional.groupby("la_code").size() == 18).all()
        in_need = dict(sql(demo_db, "select la_code, count(distinct child_id) as n "
                                    "from int_cin(null, null, ?, null) "
                                    "where open_at_ref and is_latest group by all",
                           [edition]).itertuples(index=False))
        for row in regional.itertuples():
            b = briefing[(briefing.la_code == row.la_code)
                         & (briefing.indicator == row.indicator)]
            if row.indicator == "dq_errors":  # per list in the briefing, all lists here
                assert row.n == b.n.sum()
                continue
            if row.indicator == "cin_open_at_ref":  # not a briefing figure: counted here
                assert row.n == in_need[row.la_code]
                continue
            b = b[b.category.isna()] if pd.isna(row.category) else b[b.category == row.category]
            assert (row.n, row.value) == (b.n.iloc[0], pytest.approx(b.value.iloc[0],
                                                                     nan_ok=True)), row
            if row.unit == "percent":
                assert row.d == b.d.iloc[0]
                assert row.definition == b.definition.iloc[0]


def test_regional_indicators_filter_by_region_and_la(demo_db):
    assert sql(demo_db, "select * from regional_indicators(null, in_region := 'Nowhere')").empty
    one_la = sql(demo_db, "select distinct la_code from regional_indicators('X03')")
    assert one_la.la_code.tolist() == ["X03"]


# ------------------------------------------------------------------------------------ the page

def test_every_la_of_the_region_side_by_side_with_the_sql_figures(demo_db):
    at = open_regional("X02")
    assert at.session_state["region"] == DEMO_REGION
    table = table_with(at, "Contacts leading to a referral")
    want = sql(demo_db, "select * from regional_indicators(null, in_region := ?)",
               [DEMO_REGION])
    assert len(table) == 3
    assert table.LA.tolist() == ["Eastbrook (X02) (selected)", "Northmoor (X01)",
                                 "Westvale (X03)"]
    for la, row in zip(["X02", "X01", "X03"], table.itertuples(index=False), strict=True):
        shown = dict(zip(table.columns, row, strict=True))
        for w in want[want.la_code == la].itertuples():
            got = shown[w.label]
            assert got == pytest.approx(w.value, nan_ok=True), (la, w.label)
    # Sortable columns with bars: percentages are progress columns.
    assert "ProgressColumn" in str(at.dataframe[0].proto) or "progress" in str(
        at.dataframe[0].proto).lower()


def test_the_indicator_chart_draws_one_bar_per_la(demo_db):
    at = open_regional("X03", indicator="cla_in_care|")
    chart = at.get("vega_lite_chart")[0]
    spec = json.loads(chart.proto.spec)
    data = pa.ipc.open_stream(io.BytesIO(chart.proto.data.data)).read_all().to_pandas()
    assert spec["title"]["text"] == "Children in care"
    want = sql(demo_db, "select la_name, la_code, value from regional_indicators(null) "
                        "where indicator = 'cla_in_care'")
    got = dict(zip(data.la, data.shown, strict=True))
    assert got["Westvale (X03) (selected)"] == want[want.la_code == "X03"].value.iloc[0]
    assert got["Northmoor (X01)"] == want[want.la_code == "X01"].value.iloc[0]
    assert sorted(data.selected) == ["other LAs", "other LAs", "selected LA"]


def test_opening_an_las_briefing_from_the_regional_page(demo_db):
    at = open_regional("X02")
    at.selectbox(key="rg_open").set_value("X03").run()
    at.button(key="rg_open_go").click().run()
    assert not at.exception
    assert at.title[0].value == "Briefing: Westvale (X03)"
    assert at.session_state["la"] == "X03"


def test_an_empty_database_says_what_to_do(db_path):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("No data loaded" in i.value for i in at.info)
    assert "upload" in [p.proto.page for p in at.get("page_link")]


# ---------------------------------------------------------------------------------- comparison

def test_two_submissions_of_one_la_compared(demo_db, tmp_path):
    earlier = dt.date(2026, 4, 30)
    book = tmp_path / "northmoor_april.xlsx"
    synth.write_workbook(book, size="small", seed=7, la_code="X01", as_at=earlier,
                         la_name="Northmoor")
    ingest([book], "X01", la_name="Northmoor", region=DEMO_REGION, as_at=earlier, db=demo_db)

    at = open_regional("X01")
    table = table_with(at, "Change")
    sql_text = "select * from regional_indicators('X01', as_at := ?) order by sort_order"
    before = sql(demo_db, sql_text, [earlier])
    after = sql(demo_db, sql_text, [dt.date(2026, 10, 30)])
    assert before.submission_id.iloc[0] != after.submission_id.iloc[0]
    assert table["Indicator"].tolist() == after.label.tolist()
    # The selectors and the table's columns read in the same order: earlier, then later.
    boxes = [b.label for b in at.selectbox if "submission" in b.label]
    assert boxes == ["Earlier submission, as at", "Later submission, as at"]
    assert at.selectbox(key="rg_cmp_earlier").value == earlier
    assert at.selectbox(key="rg_cmp_later").value == dt.date(2026, 10, 30)
    assert list(table.columns[1:3]) == ["Earlier, as at 30/04/2026", "Later, as at 30/10/2026"]
    contacts = table[table.Indicator == "Children with a contact"].iloc[0]
    assert contacts["Earlier, as at 30/04/2026"] == f"{int(before.value.iloc[0]):,}"
    assert contacts["Later, as at 30/10/2026"] == f"{int(after.value.iloc[0]):,}"
    diff = int(after.value.iloc[0] - before.value.iloc[0])
    assert contacts["Change"] == ("= no change" if diff == 0 else
                                  f"{'▲' if diff > 0 else '▼'} {diff:+,}")
    # Chosen the other way round, the table still reads earlier then later.
    at.selectbox(key="rg_cmp_earlier").set_value(dt.date(2026, 10, 30))
    at.selectbox(key="rg_cmp_later").set_value(earlier).run()
    assert not at.exception
    table = table_with(at, "Change")
    assert list(table.columns[1:3]) == ["Earlier, as at 30/04/2026", "Later, as at 30/10/2026"]


def test_one_submission_says_how_to_compare(demo_db):
    at = open_regional("X02")
    assert any("has one submission" in i.value for i in at.info)


# ---------------------------------------------------------------------------------- judgements

def _without_judgements(demo_db) -> AppTest:
    # `annexa demo` imports the public judgements; take them out to see the empty state.
    with warehouse.write_transaction(demo_db) as con:
        warehouse.run(con, "delete from ref_ilacs_judgements")
    return open_regional("X02")


def test_without_judgements_the_page_says_how_to_import_them(demo_db):
    at = _without_judgements(demo_db)
    assert any("No judgements loaded" in i.value for i in at.info)


@needs_reference()
def test_the_import_button_loads_the_published_judgements(demo_db):
    at = _without_judgements(demo_db)
    at.button(key="rg_import").click().run()
    assert not at.exception
    assert sql(demo_db, "select count(*) as n from ref_ilacs_judgements").n.iloc[0] > 100
    assert any("Imported" in s.value for s in at.success)


@needs_reference()
def test_published_judgements_of_the_region(demo_db):
    assert annexa(["import-judgements", "--db", str(demo_db)]) == 0
    at = open_regional("X02")
    # The demo region is fictional: the page says so and asks for an Ofsted region.
    assert any("not one of Ofsted's regions" in i.value for i in at.info)
    at.selectbox(key="rg_judgement_region").set_value("YH").run()
    assert not at.exception
    table = table_with(at, "Overall effectiveness")
    want = sql(demo_db, "select j.la_code, j.overall_grade, j.inspection_type, "
                        "j.inspection_end_date from ref_ilacs_judgements as j "
                        "left join ref_la as l using (la_code) "
                        "where coalesce(l.region_code, j.region_code) = 'YH'")
    assert len(table) == len(want) > 5
    codes = table.LA.str.extract(r"\((\w+)\)$")[0]
    got = dict(zip(codes, table["Overall effectiveness"], strict=True))
    assert got == dict(zip(want.la_code, want.overall_grade, strict=True))
    counts = {m.label: m.value for m in at.metric}
    assert counts["Good"] == str(int((want.overall_grade == "good").sum()))
    ends = dict(zip(codes, pd.to_datetime(table["Fieldwork ended"]), strict=True))
    for row in want.itertuples():
        assert ends[row.la_code] == pd.Timestamp(row.inspection_end_date)

    # An LA loaded under an Ofsted region's name gets that region's judgements without asking.
    with warehouse.write_transaction(demo_db) as con:
        con.execute("update submissions set region = 'Yorkshire and the Humber' "
                    "where la_code = 'X03'")
    at = open_regional("X03")
    assert at.session_state["region"] == "Yorkshire and the Humber"
    assert len(table_with(at, "Overall effectiveness")) == len(want)
    assert not any("not one of Ofsted's regions" in i.value for i in at.info)


def test_a_region_with_only_thin_submissions_still_draws(db_path, make_workbook):
    """A submission with a single list leaves most indicators without a value for every LA:
    their columns are shown empty, not dropped (which raised KeyError)."""
    book = make_workbook({"list_3": [{"child_id": "T1", "referral_date": dt.date(2026, 9, 1)}]})
    ingest([book], "T01", la_name="Thin", region="Thin Region", as_at=dt.date(2026, 10, 30),
           db=db_path)
    at = open_regional("T01")
    assert any("LA" in df.value.columns for df in at.dataframe)


def test_contacts_and_referrals_are_the_briefing_headline_children_by_name(demo_db):
    """Finding 7: the Regional overview counted contacts as rows and the Briefing as children,
    both under 'Contacts'. Both now count children, and the regional column names them."""
    at = open_regional("X02")
    table = table_with(at, "Children with a contact").set_index("LA")
    assert "Contacts" not in table.columns and "Referrals" not in table.columns
    briefing = sql(demo_db, "select la_code, category, n from briefing_indicators(null) "
                            "where indicator = 'list_children_in_window'")
    for la, name in (("X01", "Northmoor (X01)"), ("X03", "Westvale (X03)")):
        kids = dict(zip(*briefing[briefing.la_code == la][["category", "n"]].T.values,
                        strict=True))
        assert table.loc[name, "Children with a contact"] == kids["list_1"]
        assert table.loc[name, "Children referred"] == kids["list_3"]
    # ... and the briefing's headline of the same LA shows that number under "1 · Contacts",
    # saying it counts children.
    at.switch_page("views/briefing.py").run()
    shown = {m.label: m.value for m in at.metric}
    eastbrook = int(table.loc["Eastbrook (X02) (selected)", "Children with a contact"])
    assert shown["1 · Contacts"] == f"{eastbrook:,}"
    assert any(c.value.startswith("children · ") for c in at.caption)


def test_an_la_far_older_than_the_newest_is_flagged_stale(demo_db, tmp_path):
    """docs/methodology/national-comparisons.md N6: more than 60 days (a setting) behind the
    newest as-at date of the LAs compared."""
    older = dt.date(2026, 6, 30)  # 122 days before the demo's 30/10/2026
    book = tmp_path / "southvale.xlsx"
    synth.write_workbook(book, size="small", seed=9, la_code="X09", as_at=older,
                         la_name="Southvale")
    ingest([book], "X09", la_name="Southvale", region=DEMO_REGION, as_at=older, db=demo_db)
    at = open_regional("X01")
    table = table_with(at, "Stale").set_index("LA")
    southvale = next(i for i in table.index if "X09" in i)
    assert table.loc[southvale, "Stale"] == "stale: 122 days older than the newest"
    assert (table.drop(index=southvale)["Stale"] == "").all()
    assert any("Southvale" in w.value and "122 days" in w.value for w in at.warning)
    at.number_input(key="rg_stale_days").set_value(200).run()
    assert (table_with(at, "Stale")["Stale"] == "").all()
