"""The Briefing's national context (dashboard/national_context.py) shows the comparable_measures
mart and nothing else, for a fictional demo LA compared as a real LA and with none chosen."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import needs_reference
from db_query import sql
from streamlit.testing.v1 import AppTest

from dashboard.national_context import _number

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
pytestmark = needs_reference("dfe/cla_number_and_rate_per_10k_children.csv",
                             "dfe/ons_mid-year_population_estimates_2012_to_2024.csv")


def _open(**state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _table(at: AppTest):
    return next(d.value for d in at.dataframe if "Against England" in d.value.columns)


def test_compared_as_a_real_la_the_table_is_the_marts(demo_db):
    at = _open(la="X02", compare="370")
    shown = _table(at).set_index("Measure")
    mart = sql(demo_db, "select * from comparable_measures('X02', null, 'ilacs-2018', null, "
                        "'370')")
    assert list(shown.index) == list(mart.label)
    for r in mart.itertuples():
        row = shown.loc[r.label]
        assert row["England"] == _number(r.england_value, r.unit)
        assert row["Region"] == _number(r.region_value, r.unit)
        if r.comparable:
            assert row["This LA"] == _number(r.la_value, r.unit)
        else:
            assert row["This LA"] == "not comparable"
    captions = " ".join(c.value for c in at.caption)
    assert "compared as **Barnsley (370)**" in captions
    assert "Text alternative:" in captions


def test_with_no_real_la_chosen_only_england_and_no_rates(demo_db):
    at = _open(la="X02")
    shown = _table(at).set_index("Measure")
    assert shown.loc["Children looked after per 10,000 children", "This LA"] == "–"
    assert shown.loc["Children looked after per 10,000 children", "England"] != "–"
    assert (shown["Region"] == "–").all()
    assert "only England is shown" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("la", ["X01"])
def test_the_sidebar_offers_real_las_for_a_fictional_one(demo_db, la):
    at = _open(la=la)
    box = next(s for s in at.sidebar.selectbox if s.label == "Compare as (a real LA)")
    assert "370" in box.options or any("(370)" in o for o in box.options)


def test_the_excel_briefing_carries_the_same_comparisons(demo_db):
    import datetime as dt

    from dashboard import briefing_export
    from dashboard.briefing_data import load
    from dashboard.context import Context

    ctx = Context("X02", "Eastbrook", dt.date(2026, 10, 30), True, "ilacs-2018", 3, 2,
                  compare_as="370")
    sheet = briefing_export.sheets(load(ctx))["National context"].set_index("Measure")
    mart = sql(demo_db, "select * from comparable_measures('X02', null, 'ilacs-2018', null, "
                        "'370')")
    for r in mart.itertuples():
        assert sheet.loc[r.label, "England"] == _number(r.england_value, r.unit)
        assert sheet.loc[r.label, "Neighbours"].startswith(_number(r.sn_mean, r.unit))


def test_the_printable_page_draws_the_comparisons(demo_db):
    """Each comparable measure's figures as bars in the printable page (the Excel sheet's chart
    in HTML): this LA, England, the region and the neighbours, each against the largest."""
    import datetime as dt
    import re

    from annexa.services import briefing_export
    from dashboard.briefing_data import load
    from dashboard.context import Context

    ctx = Context("X02", "Eastbrook", dt.date(2026, 10, 30), True, "ilacs-2018", 3, 2,
                  compare_as="370")
    b = load(ctx)
    bars = briefing_export.national_bars_frame(b)
    mart = sql(demo_db, "select * from comparable_measures('X02', null, 'ilacs-2018', null, "
                        "'370')").set_index("label")
    cla = bars[bars.Measure == "Children looked after per 10,000 children"].set_index("Whose")
    row = mart.loc["Children looked after per 10,000 children"]
    assert list(cla.index) == ["This LA", "England", "Region", "Neighbours' mean"]
    largest = max(row.la_value, row.england_value, row.region_value, row.sn_mean)
    assert cla.loc["England", "Chart"] == pytest.approx(100 * row.england_value / largest,
                                                        abs=0.06)
    assert cla.loc["England", "Figure"] == _number(row.england_value, row.unit)
    # A measure Annex A cannot give in the published terms has no bar for this LA.
    leavers = bars[bars.Measure == "Care leavers in education, employment or training (%)"]
    assert "This LA" not in set(leavers.Whose) and "England" in set(leavers.Whose)
    page = briefing_export.to_html(b).decode()
    national = page[page.index("<h2>National context</h2>"):]
    assert len(re.findall(r'class="bar"', national.split("<h2>")[1])) == len(bars)
