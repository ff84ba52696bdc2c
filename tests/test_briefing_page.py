"""The Briefing page (dashboard/views/briefing.py), its marts (sql/30_marts/25_briefing_charts) and
its downloads (dashboard/briefing_export.py), on the demo database.

The page must show the marts' figures, nothing else: every metric, every chart's data and every
download cell is compared with the SQL result for the same LA, reference date and edition.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from pathlib import Path

import altair as alt
import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from conftest import private_copy
from db_query import sql
from streamlit.testing.v1 import AppTest

from dashboard import briefing_export, charts
from dashboard.briefing_data import LIST_SHORT_NAMES, PAGE_SECTIONS, fmt_value, load, plain
from dashboard.context import Context
from ingest.load import ingest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
AS_AT = dt.date(2026, 10, 30)  # the demo's as-at date (annexa/cli/ingest.py)


# ----------------------------------------------------------------------------------- helpers

def open_briefing(la: str, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["la"] = la
    for key, value in state.items():
        at.session_state[key] = value
    at.run()  # the briefing is the default page
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    labels = [m.label for m in at.metric]
    assert len(labels) == len(set(labels)), "two figures on the page share a label"
    return {m.label: m.value for m in at.metric}


def chart_data(at: AppTest) -> dict[str, pd.DataFrame]:
    """Each chart's data as the browser receives it, by chart title."""
    out = {}
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        # A layered or faceted chart sends its rows as a named data set rather than as data.
        raw = element.proto.data.data or (
            element.proto.datasets[0].data.data if element.proto.datasets else b"")
        data = pa.ipc.open_stream(io.BytesIO(raw)).read_all().to_pandas()
        out[spec["title"]["text"]] = data
    return out


def page_text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def indicators(db: Path, la: str, **kw) -> pd.DataFrame:
    args = ", ".join(f"{k} := ?" for k in kw)
    return sql(db, f"select * from briefing_indicators(?{', ' + args if args else ''})",
               [la, *kw.values()])


def one(df: pd.DataFrame, indicator: str, category: str | None = None) -> pd.Series:
    rows = df[(df.indicator == indicator)
              & (df.category.isna() if category is None else df.category == category)]
    assert len(rows) == 1, (indicator, category)
    return rows.iloc[0]


# --------------------------------------------------------------------------------- the page

def test_briefing_is_the_default_page_and_its_figures_are_the_sql_results(demo_db):
    at = open_briefing("X02")
    assert at.title[0].value == "Briefing: Eastbrook (X02)"
    ind = indicators(demo_db, "X02")
    shown = metrics(at)
    # Headline figures per list: children in each list's window.
    for key, name in LIST_SHORT_NAMES.items():
        label = f"{key.removeprefix('list_')} · {name}"
        assert shown[label] == f"{int(one(ind, 'list_children_in_window', key).n):,}", key
    # Every other metric is a briefing indicator shown under its own label.
    single = ind[ind.category.isna()].set_index("label")
    checked = 0
    for label, value in shown.items():
        if label in single.index:
            assert value == fmt_value(single.loc[label]), label
            checked += 1
    assert checked >= 50
    # Each headline figure states its window.
    text = page_text(at)
    assert "rows · 30/07/2026 to 30/10/2026 (3 months)" in text
    assert "Reference date **30 October 2026 (the submission's as-at date)**" in text


def test_every_chart_draws_the_marts_rows(demo_db):
    at = open_briefing("X03")
    data = chart_data(at)
    assert len(data) >= 14
    ind = indicators(demo_db, "X03")

    pyramid = data["Children by age and gender"]
    ag = sql(demo_db, "select * from briefing_age_gender('X03')")
    want = ag[ag.gender.isin(["a) Male", "b) Female"])]
    assert pyramid.children.sum() == want.children.sum()
    male = want[want.gender == "a) Male"].set_index("age_band").children
    got_male = pyramid[pyramid.side == "Male"].set_index("age_band").children
    assert got_male.sort_index().tolist() == male.sort_index().tolist()

    sources = data["Contacts by source"]
    want = ind[ind.indicator == "contacts_by_source"]
    assert dict(zip(sources.label, sources.shown, strict=True)) == {
        plain(c): v for c, v in zip(want.category, want.value, strict=True)}

    flow = data["Flow of children between stages"]
    want = sql(demo_db, "select * from briefing_flow('X03')")
    went_on = flow[flow.layer == 1].set_index("step")["count"]
    for row in want.itertuples():
        assert went_on[f"{row.from_label} → {row.to_label}"] == row.moved_on

    timeliness = data["Assessments: working days to authorisation"]
    want = sql(demo_db, "select band, n from briefing_distributions('X03') "
                        "where measure = 'assessment_working_days'")
    assert dict(zip(timeliness.band, timeliness.n, strict=True)) == dict(
        zip(want.band, want.n, strict=True))

    categories = data["Open plans by category of abuse"]
    assert categories.shown.sum() == pytest.approx(
        ind[ind.indicator == "cp_plans_by_category"].value.sum())


def test_every_chart_says_how_it_is_counted_one_click_away(demo_db):
    at = open_briefing("X01")
    popovers = at.get("popover")
    assert len(popovers) >= 15
    rules = "\n".join(child.value for p in popovers for child in p.children.values()
                      if hasattr(child, "value"))
    ind = indicators(demo_db, "X01")
    for indicator in ("contacts_by_source", "referrals_by_source", "cp_plans_by_category",
                      "cla_by_placement_type", "children_by_ethnicity_group",
                      "contact_to_referral", "care_leavers_in_touch"):
        row = ind[ind.indicator == indicator].iloc[0]
        assert row.definition in rules, indicator
        assert row.reference in rules, indicator
    assert "Reference date 30/10/2026" in rules
    assert "left out of the figure" in rules  # timeliness: dates in the wrong order


def test_no_internal_reference_reaches_the_page(demo_db):
    """Inspectors cannot open the docs or the code: the page words its rules in plain
    English (Ofsted paragraphs like ¶258 are fine)."""
    at = open_briefing("X01")
    rules = [child.value for p in at.get("popover") for child in p.children.values()
             if hasattr(child, "value")]
    helps = [m.help or "" for m in at.metric]
    text = "\n".join([page_text(at), *rules, *helps])
    for internal in ("DECISIONS", ".md", ".py", "sql/", "Mart ", "mart `", "ingest/"):
        assert internal not in text, internal


def test_reference_date_and_edition_from_the_sidebar_change_every_window(demo_db):
    ref = dt.date(2026, 9, 30)
    at = open_briefing("X02", ref=ref, edition="template-2019")
    ind = indicators(demo_db, "X02", ref_date=ref, edition="template-2019")
    shown = metrics(at)
    assert shown["1 · Contacts"] == f"{int(one(ind, 'list_children_in_window', 'list_1').n):,}"
    label = one(ind, "assessments_within_45_working_days").label
    assert shown[label] == fmt_value(one(ind, "assessments_within_45_working_days"))
    text = page_text(at)
    assert "30/03/2026 to 30/09/2026 (6 months)" in text  # list 1 under the 2019 template
    assert "Reference date **30 September 2026**" in text


def test_an_empty_database_says_what_to_do_and_links_to_the_upload_page(db_path):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception
    assert any("No data loaded" in i.value for i in at.info)
    assert [p.proto.page for p in at.get("page_link")] == ["upload"]


def test_an_la_that_sent_only_contacts_gets_every_section_with_what_to_do(db_path,
                                                                          make_workbook):
    rows = [{"child_id": f"C{i}", "gender": "a) Male", "ethnicity": "WBRI",
             "dob": dt.date(2015, 1, 1), "contact_date": dt.date(2026, 10, 1),
             "contact_source": "g) Police"} for i in range(5)]
    ingest([make_workbook({"list_1": rows})], "T01", la_name="Testshire", as_at=AS_AT,
           db=db_path)
    at = open_briefing("T01")
    assert metrics(at)["1 · Contacts"] == "5"
    assert metrics(at)["8 · Children in care"] == "0"
    infos = [i.value for i in at.info]
    assert any("nothing to chart" in i and "Upload and data quality" in i for i in infos)
    assert any("No care leavers" in i for i in infos)
    assert len(at.get("vega_lite_chart")) >= 3  # pyramid, contact sources, flow


def test_the_page_shows_progress_while_it_counts():
    """The progress bar is drawn before the chart library is imported and the marts queried
    (a cold first load showed nothing in the main area for seconds), and updated by load()."""
    source = (Path(APP).parent / "views" / "briefing.py").read_text()
    first_progress = source.index(".progress(")
    assert first_progress < source.index("from dashboard import briefing_export, charts")
    assert first_progress < source.index("briefing = load(")
    assert "progress=lambda" in source


# ---------------------------------------------------------------------------------- the marts

def test_flow_steps_one_and_two_are_the_briefing_conversions(demo_db):
    for la in ("X01", "X03"):
        flow = sql(demo_db, "select * from briefing_flow(?)", [la]).set_index("step_no")
        ind = indicators(demo_db, la)
        for step, indicator in ((1, "contact_to_referral"), (2, "referral_to_assessment")):
            row = one(ind, indicator)
            assert (flow.loc[step, "moved_on"], flow.loc[step, "children"]) == (row.n, row.d)
        assert flow.index.tolist() == [1, 2, 3, 4, 5]
        assert (flow.moved_on <= flow.children).all()


def test_age_gender_totals_are_the_briefing_demographics(demo_db):
    ag = sql(demo_db, "select * from briefing_age_gender('X03')")
    ind = indicators(demo_db, "X03")
    by_gender = ag.groupby("gender").children.sum().to_dict()
    want = ind[ind.indicator == "children_by_gender"]
    assert by_gender == dict(zip(want.category, want.n.astype(int), strict=True))
    by_band = ag.groupby("age_band").children.sum().to_dict()
    want = ind[ind.indicator == "children_by_age_band"]
    assert by_band == dict(zip(want.category, want.n.astype(int), strict=True))
    assert ag.children.sum() == one(ind, "children_in_window").n


def test_distributions_add_up_to_the_briefing_populations(demo_db):
    dist = sql(demo_db, "select * from briefing_distributions('X03')")
    ind = indicators(demo_db, "X03")
    totals = dist.groupby("measure").n.sum()
    # 'before the start' (end dated before the start, a data error) is drawn but left out of the
    # figure: total is the denominator, and the bars without it add up to it.
    counted = dist[dist.band != "before the start"].groupby("measure").n.sum()
    for measure, indicator in (("assessment_working_days", "assessments_within_45_working_days"),
                               ("icpc_working_days", "icpc_within_15_working_days")):
        assert counted[measure] == one(ind, indicator).d, measure
        rows = dist[dist.measure == measure]
        assert (rows.total == one(ind, indicator).d).all()
        assert (rows.left_out == rows[rows.band == "before the start"].n.sum()).all()
    assert totals["cp_plan_months"] == one(ind, "cp_plans_open").n
    assert totals["placements_12m"] == one(ind, "cla_in_care").n
    assert totals["missing_episodes_12m"] == one(ind, "cla_missing").d
    assert counted["adoption_days_entry_to_placement"] == one(
        ind, "adoption_days_entry_to_placement").d
    # Within the standard, and nothing else: the indicator's numerator, so the headline is the
    # blue bars out of every bar but 'before the start'.
    for measure, indicator in (("icpc_working_days", "icpc_within_15_working_days"),
                               ("assessment_working_days", "assessments_within_45_working_days")):
        rows = dist[dist.measure == measure]
        assert rows[rows.meets_standard.eq(True)].n.sum() == one(ind, indicator).n, measure
    over = dist[(dist.measure == "placements_12m") & dist.meets_standard.eq(False)].n.sum()
    assert over == one(ind, "cla_three_or_more_placements").n
    assert (dist.total + dist.left_out == dist.groupby("measure").n.transform("sum")).all()


def test_windows_are_int_scope_windows_and_every_figure_has_one(demo_db):
    windows = sql(demo_db, "select * from briefing_windows('X01', edition := 'template-2019')")
    scope = sql(demo_db, "select * from int_scope('X01', null, 'template-2019', null)").iloc[0]
    w = windows.set_index("window_key")
    assert w.loc["list_1", "from_date"] == scope.contacts_from
    assert w.loc["list_10", "from_date"] == scope.adoption_from
    assert w.loc["list_1", "label"] == "30/04/2026 to 30/10/2026 (6 months)"
    assert w.loc["at_ref", "label"] == "at 30/10/2026"
    mapped = set(sql(demo_db, "select indicator from briefing_indicator_windows").indicator)
    assert set(indicators(demo_db, "X01").indicator) <= mapped
    measures = set(sql(demo_db, "select distinct measure from briefing_distributions('X01')")
                   .measure)
    assert measures <= mapped
    keys = set(sql(demo_db, "select window_key from briefing_indicator_windows").window_key)
    assert keys - {"by_category"} <= set(w.index)


# ------------------------------------------------------------------------------ the downloads

@pytest.fixture(scope="module")
def _briefing_x02(_demo_db_master, tmp_path_factory):
    """X02's briefing as the page loads it, from a copy of the demo database: loaded once per
    module (each test gets its own deep copy, free to change it)."""
    import streamlit as st

    path = private_copy(_demo_db_master, tmp_path_factory.mktemp("briefing"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANNEXA_DB", str(path))
        st.cache_data.clear()
        st.cache_resource.clear()
        try:
            return load(Context("X02", "Eastbrook", AS_AT, True, "ilacs-2018", 3, 2))
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()


@pytest.fixture
def briefing(_briefing_x02):
    return copy.deepcopy(_briefing_x02)


def test_the_excel_download_has_a_sheet_per_section_with_the_sql_figures(demo_db, briefing):
    book = openpyxl.load_workbook(io.BytesIO(briefing_export.to_xlsx(briefing)))
    sections = sql(demo_db, "select distinct section_no, section from briefing_indicators('X02') "
                            "order by section_no")
    for no, name in zip(sections.section_no, sections.section, strict=True):
        assert f"{no} {name}"[:31] in book.sheetnames
    assert {"About", "Windows", "Age and gender", "Flow between stages",
            "Timeliness and stability"} <= set(book.sheetnames)
    sheet = book["3 Contacts, referrals, assessments and section 47"[:31]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    header = rows[0]
    figures = {(r[header.index("Indicator id")], r[header.index("Category")]):
               r[header.index("Value")] for r in rows[1:]}
    ind = indicators(demo_db, "X02")
    row = one(ind, "contact_to_referral")
    assert figures[("contact_to_referral", None)] == pytest.approx(row.value)
    window = rows[1][header.index("Window")]
    assert "30/10/2026" in window
    assert sheet["A1"].value.startswith("Annex A briefing: Eastbrook (X02)")


def test_downloads_never_carry_a_formula_or_markup_from_the_data(briefing):
    evil = briefing.indicators.copy()
    mask = evil.indicator.eq("contacts_by_source")
    evil.loc[mask, "category"] = ["=HYPERLINK(\"http://x\")", "<script>alert(1)</script>",
                                  *evil.loc[mask, "category"].iloc[2:]]
    briefing.indicators = evil
    book = openpyxl.load_workbook(io.BytesIO(briefing_export.to_xlsx(briefing)))
    cells = [c.value for ws in book for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert not [c for c in cells if c.startswith("=")]
    assert "'=HYPERLINK(\"http://x\")" in cells
    page = briefing_export.to_html(briefing).decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<script" not in page.lower()


def test_the_printable_page_holds_every_section_and_window(briefing):
    page = briefing_export.to_html(briefing).decode()
    # The page's sections (issue 15: the printable page follows the screen), and every figure.
    for section in PAGE_SECTIONS:
        assert f"<h2>{section.title}</h2>".replace("'", "&#x27;") in re.sub(
            r"<h2>\d+\. ", "<h2>", page)
    assert set(briefing.indicators.indicator) <= {i for s in PAGE_SECTIONS for i in s.indicators}
    assert "30/07/2026 to 30/10/2026 (3 months)" in page
    assert "no child is named" in page


# ---------------------------------------------------------------------------------- the charts

def test_every_chart_builder_makes_a_valid_vega_lite_spec(briefing):
    """The page skips Altair's validation for speed (charts.show); it is done here instead."""
    ag = briefing.age_gender
    shares = briefing.breakdown("contacts_by_source").assign(
        label=lambda f: f.category.map(plain))
    built = [
        charts.pyramid(ag, "t", ["s"]),
        charts.share_bars(shares, "t", "s"),
        charts.flow_chart(briefing.flow, "t", "s"),
        charts.distribution(briefing.distribution("assessment_working_days"), "t", "s",
                            x_title="x"),
        charts.distribution(briefing.distribution("adoption_days_order_to_match"), "t", "s",
                            x_title="x"),
        charts.regional_bars(pd.DataFrame({"la": ["A", "B"], "la_code": ["1", "2"],
                                           "value": [1.0, None], "text": ["1", "-"]}),
                             "t", "s", unit="percent", highlight="2"),
    ]
    for chart in built:
        spec = chart.to_dict(validate=True)
        assert spec["title"]["subtitle"] and spec["description"]
        alt.LayerChart.from_dict(spec, validate=True)
        # The colours show() sets in the finished spec are those readable() configures.
        assert charts.readable_spec(chart.to_dict(validate=False)) == \
            charts.readable(chart).to_dict(validate=False)


def test_no_child_level_value_reaches_the_page_the_downloads_or_the_logs(demo_db, briefing,
                                                                         caplog):
    ids = set(sql(demo_db, "select child_id from children('X02') limit 200").child_id)
    caplog.set_level("DEBUG")
    at = open_briefing("X02")
    shown = page_text(at) + "".join(m.value for m in at.metric)
    assert not [c for c in ids if f" {c} " in f" {shown} "]
    assert not [c for c in ids if c in caplog.text]
    page = briefing_export.to_html(briefing).decode()
    workbook = briefing_export.to_xlsx(briefing)
    for child in ids:
        assert f">{child}<" not in page
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    texts = {c.value for ws in book for row in ws.iter_rows() for c in row}
    assert not ids & texts


# ------------------------------------------------------------------ the UX review's findings

def chart_specs(at: AppTest) -> dict[str, dict]:
    return {json.loads(e.proto.spec)["title"]["text"]: json.loads(e.proto.spec)
            for e in at.get("vega_lite_chart")}


def metric_captions(at: AppTest) -> dict[str, str]:
    """Each metric's label and the caption drawn under it (its basis and window)."""
    out, last = {}, None
    for block in at.get("column"):
        items = list(block.children.values())
        for item in items:
            if item.type == "metric":
                last = item.label
            elif item.type == "caption" and last:
                out[last] = item.value
                last = None
    return out


def test_the_timeliness_headline_is_the_charts_bars(demo_db):
    """Finding 3: the headline's k of n is the blue bars of n, every bar but 'before the
    start' (dates in the wrong order, left out)."""
    at = open_briefing("X03")
    data = chart_data(at)
    captions = metric_captions(at)
    ind = indicators(demo_db, "X03")
    for title, indicator in (
            ("Assessments: working days to authorisation", "assessments_within_45_working_days"),
            ("ICPCs: working days from the strategy discussion", "icpc_within_15_working_days")):
        bars = data[title]
        within = int(bars[bars.status == "within the standard"].n.sum())
        counted = int(bars[bars.status != charts.LEFT_OUT].n.sum())
        row = one(ind, indicator)
        assert (within, counted) == (row.n, row.d), title
        assert captions[row.label].startswith(f"{within:,} of {counted:,}")
        assert set(bars[bars.band == "before the start"].status) == {charts.LEFT_OUT}


def test_missing_figures_name_the_cohort_and_the_episodes_period(demo_db):
    """Finding 9: the children are those in the list 8 window (6 months), their episodes are
    counted over 12 months; every label says which is which."""
    at = open_briefing("X01")
    captions = metric_captions(at)
    for label in ("Children missing from placement", "Missing episodes",
                  "Children absent from placement", "Absent episodes"):
        text = captions[label]
        assert "list 8 window, 30/04/2026 to 30/10/2026 (6 months)" in text, label
        assert "episodes in the 12 months to 30/10/2026" in text, label
    specs = chart_specs(at)
    title = next(t for t in specs if "missing episodes" in t)
    assert title == "Children in care by missing episodes in the 12 months to 30/10/2026"
    subtitle = " ".join(specs[title]["title"]["subtitle"])
    assert "list 8 window, 30/04/2026 to 30/10/2026 (6 months)" in subtitle
    assert "Episodes in the 12 months to 30/10/2026" in subtitle
    assert any("Two periods" in c.value for c in at.caption)


def test_pathway_reviews_are_not_drawn_as_a_permanent_zero(demo_db):
    """Finding 8: the template's list 9 has no review date, so the demo LAs have none: no
    '0 of 0' bar, but a note saying the figure is not in Annex A list 9."""
    at = open_briefing("X01")
    bars = chart_data(at)["Care leaver outcomes"]
    assert not [label for label in bars.label if "Pathway" in label]
    assert "none to count (0 of 0)" not in set(bars.text)
    assert any("not in Annex A list 9" in c.value for c in at.caption)


def test_pathway_reviews_are_drawn_when_the_la_adds_the_column(db_path, make_workbook):
    leavers = [{"child_id": f"L{i}", "gender": "a) Male", "ethnicity": "a) WBRI",
                "dob": dt.date(2006, 1, 1), "disability": "b) No",
                "eligibility": "b) Former relevant child", "in_touch": "a) Yes",
                "pathway_plan_review_date": review}
               for i, review in enumerate([dt.date(2026, 1, 1), dt.date(2026, 9, 1)])]
    ingest([make_workbook({"list_9": leavers})], "T02", la_name="Leavershire", as_at=AS_AT,
           db=db_path)
    at = open_briefing("T02")
    bars = chart_data(at)["Care leaver outcomes"].set_index("label")
    assert bars.loc["Pathway plan review overdue", "text"] == "50.0% (1)"
    assert not any("not in Annex A list 9" in c.value for c in at.caption)


def test_the_excel_download_reads_as_the_screen(demo_db, briefing):
    """Finding 14: categories without the template's letter codes, and one 'not stated or
    recorded' gender column."""
    book = openpyxl.load_workbook(io.BytesIO(briefing_export.to_xlsx(briefing)))
    sheet = book["3 Contacts, referrals, assessments and section 47"[:31]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    col = rows[0].index("Category")
    categories = {r[col] for r in rows[1:] if r[col]}
    assert "Police" in categories
    assert not [c for c in categories if re.match(r"^[a-z]{1,2}\) ", c)]
    ages = list(book["Age and gender"].iter_rows(min_row=2, max_row=2, values_only=True))[0]
    assert [h for h in ages if h and "recorded" in h.lower()] == ["Not stated/recorded"]
    assert {"Male", "Female", "All"} <= set(ages)


def test_charts_keep_their_labels_whole_and_axes_near_the_data(briefing):
    """Findings 19 and 25a: legends are not cut short; the flow chart's axis stops at the first
    round number above its largest bar."""
    dist = charts.distribution(briefing.distribution("assessment_working_days"), "t", "s",
                               x_title="x").to_dict(validate=False)
    legend = dist["layer"][0]["encoding"]["color"]["legend"]
    assert legend["labelLimit"] >= 300 and legend["columns"] == 2
    flow = charts.flow_chart(briefing.flow, "t", "s").to_dict(validate=False)
    x = flow["layer"][0]["encoding"]["x"]
    largest = int(briefing.flow.children.max())
    ticks = x["axis"]["values"]
    assert ticks[-1] >= largest and ticks[-2] < largest
    assert charts.nice_ticks(304) == [0, 100, 200, 300, 400]
    assert charts.nice_ticks(17552)[-1] == 20000
