"""The Briefing's and the data-quality views' handling of values and lists, as users met them
(issue 15):

- a value that is not a template code was shown as "Not recorded": it is "Not a template code",
  with its count, apart from blanks (the rule is SQL: briefing_indicators, int_<list>.unread_codes);
- a workbook with all eleven lists read "Lists or columns missing: 1" because the audits list was
  absent: the lists that are not lists 1-11 are said on their own line;
- the data-quality table named lists by internal keys; "Value as written" showed a date as
  `2025-05-01 00:00:00`;
- the printable page listed figures alphabetically: it keeps the screen's sections and order.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import analysis_fixture as fx
import duckdb
import pytest
from conftest import built_once, open_on, write_template_workbook
from db_query import sql
from streamlit.testing.v1 import AppTest
from test_briefing_page import chart_data, open_briefing

from dashboard import briefing_export
from dashboard.briefing_data import load
from dashboard.context import Context
from ingest.load import ingest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
D = dt.date
NOT_A_CODE = "not a template code"


def _lists_without_audits() -> dict[str, list[dict]]:
    """The hand-built fixture (every list 1-11 and the 2.02 list) without the audits list, and
    two more contacts in the list 1 window: one whose gender and source are words that are no
    template code, one whose gender and source are blank."""
    lists = {k: v for k, v in fx.lists().items() if k != "audits"}
    lists["list_1"] = [
        *lists["list_1"],
        {"child_id": "C30", "gender": "Purple", "ethnicity": "a) WBRI", "dob": D(2015, 1, 1),
         "contact_date": D(2026, 10, 2), "contact_source": "Carrier pigeon"},
        {"child_id": "C31", "gender": None, "ethnicity": "a) WBRI", "dob": D(2016, 1, 1),
         "contact_date": D(2026, 10, 3), "contact_source": None},
    ]
    return lists


@pytest.fixture(scope="module")
def _no_audits_master(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "no_audits", _load_no_audits)


def _load_no_audits(folder: Path) -> Path:
    book = write_template_workbook(folder / "annex_a.xlsx", _lists_without_audits())
    db = folder / "no_audits.duckdb"
    report = ingest([book], fx.LA, la_name="Testshire", region="Test region", as_at=fx.AS_AT,
                    db=db)
    assert report.status == "loaded"
    return db


@pytest.fixture
def no_audits_db(_no_audits_master, db_path) -> Path:
    """The fixture without its audits list, loaded once per test run: a private copy at db_path
    ($ANNEXA_DB, which the pages read)."""
    shutil.copyfile(_no_audits_master, db_path)
    return db_path


def _figures(db: Path, indicator: str) -> dict[str | None, int]:
    df = sql(db, "select category, n from briefing_indicators(?) where indicator = ?",
             [fx.LA, indicator])
    return {(c if isinstance(c, str) else None): int(n) for c, n in zip(df.category, df.n,
                                                                      strict=True)}


# ------------------------------------------------------------------- not a template code (SQL)

def test_a_value_that_is_not_a_template_code_is_counted_apart_from_a_blank(no_audits_db):
    sources = _figures(no_audits_db, "contacts_by_source")
    assert sources[NOT_A_CODE] == 1  # C30's "Carrier pigeon"
    assert sources["not recorded"] == 1  # C31's blank
    genders = _figures(no_audits_db, "children_by_gender")
    assert genders[NOT_A_CODE] == 1  # C30's "Purple"
    assert genders["c) Not stated/recorded"] >= 1  # C31's blank: the template's own code
    # The pyramid's mart counts genders by the same rule.
    ag = sql(no_audits_db, "select gender, sum(children) as n from briefing_age_gender(?) "
                           "group by gender", [fx.LA])
    assert dict(zip(ag.gender, ag.n.astype(int), strict=True)) == genders
    # The children mart says why a child's gender is null.
    why = sql(no_audits_db, "select child_id, gender, gender_not_a_code from children(?) "
                            "where child_id in ('C30', 'C31') order by child_id", [fx.LA])
    assert why.gender.isna().all()
    assert why.gender_not_a_code.tolist() == [True, False]


def test_a_code_on_any_row_wins_over_a_value_that_is_not_one(db_path, tmp_path):
    """C01 has a contact saying 'b) Female' and one saying 'Purple': the child's gender is
    read from the row with a code, never counted as 'not a template code'."""
    rows = [{"child_id": "C01", "gender": "b) Female", "ethnicity": "a) WBRI",
             "dob": D(2015, 1, 1), "contact_date": D(2026, 9, 1),
             "contact_source": "q) 6: Police"},
            {"child_id": "C01", "gender": "Purple", "ethnicity": "a) WBRI",
             "dob": D(2015, 1, 1), "contact_date": D(2026, 10, 1),
             "contact_source": "q) 6: Police"}]
    book = write_template_workbook(tmp_path / "two.xlsx", {"list_1": rows})
    ingest([book], fx.LA, la_name="Testshire", as_at=fx.AS_AT, db=db_path)
    assert _figures(db_path, "children_by_gender") == {"b) Female": 1}


# -------------------------------------------------------------- not a template code (the page)

def test_the_briefing_shows_not_a_template_code_with_its_count(no_audits_db):
    at = open_briefing(fx.LA)
    sources = chart_data(at)["Contacts by source"].set_index("label")
    assert "Not a template code" in sources.index
    assert sources.loc["Not a template code", "text"].endswith("(1)")
    assert sources.loc["Not recorded", "text"].endswith("(1)")
    # Both come after every recorded category, the values that are not codes first.
    assert list(sources.index[-2:]) == ["Not a template code", "Not recorded"]


# --------------------------------------------------------------------- lists other than 1-11

def test_an_absent_audits_list_is_not_counted_as_a_missing_list(no_audits_db):
    missing = _figures(no_audits_db, "dq_missing_lists")
    assert sum(missing.values()) == 0  # every list 1-11 and every column is there
    assert _figures(no_audits_db, "dq_other_lists_not_supplied") == {
        **{k: 0 for k in missing if k != "audits"}, "audits": 1}

    at = open_briefing(fx.LA)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Lists 1-11 or columns missing"] == "0"
    assert "Lists or columns missing" not in shown
    line = next(i.value for i in at.info if "Not supplied" in i.value)
    assert "LA audits (ILACS ¶266)" in line
    assert "not one of lists 1-11" in line


def test_the_data_quality_table_names_every_list_by_its_name(no_audits_db):
    at = open_briefing(fx.LA)
    table = next(d.value for d in at.dataframe if "Missing lists/columns" in d.value.columns)
    names = list(table["List"])
    assert "Missing or exploited (2.02)" in names  # a short name; in full in the column's help
    assert names[0] == "Contacts (list 1)"
    assert not [n for n in names if re.fullmatch(r"[a-z_0-9]+", n)], names
    # The audits list was not supplied: it is on its own line, not a row of zeros.
    assert not [n for n in names if "audits" in n.lower()]
    # The downloads name the lists as the page does.
    briefing = load(Context(fx.LA, "Testshire", fx.AS_AT, True, "ilacs-2018", 3, 2))
    page = html.unescape(briefing_export.to_html(briefing).decode())
    cells = {str(v) for frame in briefing_export.sheets(briefing).values()
             for v in frame.to_numpy().ravel()}
    for text in (page, "\n".join(cells)):
        assert "Children missing or at risk of sexual exploitation (Annex A 2.02)" in text
        assert not re.search(r"missing_exploitation|: Audits\b|\bsiblings\b", text,
                             re.IGNORECASE)


# ------------------------------------------------------------------------ value as written

def test_value_as_written_shows_a_date_as_a_date():
    con = duckdb.connect()
    from annexa.store import warehouse

    macros = (warehouse.SQL_DIR / "00_base" / "10_macros.sql").read_text(encoding="utf-8")
    con.execute(macros)
    shown = dict(con.execute(
        "select s, value_as_written(s) from unnest(['2025-05-01 00:00:00', "
        "'2025-05-01 14:30:00', '2025-02-30 00:00:00', 'next week', '01/05/2025', "
        "'45778']) as t(s)").fetchall())
    assert shown == {"2025-05-01 00:00:00": "01/05/2025", "2025-05-01 14:30:00":
                     "01/05/2025 14:30", "2025-02-30 00:00:00": "2025-02-30 00:00:00",
                     "next week": "next week", "01/05/2025": "01/05/2025", "45778": "45778"}


def test_the_upload_page_never_shows_a_timestamp_as_the_value_written(db_path, make_workbook):
    rows = {"list_2": [{"child_id": "E1", "gender": "a) Male", "ethnicity": "a) WBRI",
                        "eh_start_date": D(2026, 5, 10), "eh_end_date": D(2025, 5, 1),
                        "eh_organisation": "Locality 1"}]}
    ingest([make_workbook(rows)], fx.LA, la_name="Testshire", as_at=fx.AS_AT, db=db_path)
    at = open_on(AppTest.from_file(APP, default_timeout=60), "views/upload.py")
    assert not at.exception, at.exception
    every = next(d.value for d in at.dataframe if "code" in d.value.columns)
    values = every.value.dropna().tolist()
    assert "01/05/2025" in values, values
    assert not [v for v in values if re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", v)], values
    grouped = next(d.value for d in at.dataframe if "What to do" in d.value.columns
                   and "Rows" in d.value.columns)
    assert not [v for v in grouped.Value if re.search(r"\d{2}:\d{2}:\d{2}", v)]


# ------------------------------------------------------------------ the printable page's order

def _html_figures(page: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<tr><td>(.*?)</td>", page)]


def test_the_printable_page_keeps_the_screen_order(no_audits_db):
    at = open_briefing(fx.LA)
    ctx = Context(fx.LA, "Testshire", fx.AS_AT, True, "ilacs-2018", 3, 2)
    page = briefing_export.to_html(load(ctx)).decode()

    # The sections: the page's headings, in its order.
    headings = [html.unescape(h) for h in re.findall(r"<h2>\d+\. (.*?)</h2>", page)]
    on_page = [h.value for h in at.main.header]
    assert headings == [h for h in on_page if h in headings]  # the page's order
    from dashboard.briefing_data import PAGE_SECTIONS  # the one place that lays the page out

    assert headings == [s.title for s in PAGE_SECTIONS]

    # The figures: every metric of the page that is one figure of the printable page, in the
    # same order (they were alphabetical within each section).
    printed = _html_figures(page)
    on_screen = [m.label for m in at.metric if m.label in printed]
    assert len(on_screen) >= 50
    assert [f for f in printed if f in on_screen] == on_screen
    # Within a breakdown, the categories as the chart lists them: recorded ones largest first,
    # then the values that are no template code, then blanks.
    sources = [f.split(": ", 1)[1] for f in printed if f.startswith("Contacts by source: ")]
    assert sources[-2:] == ["Not a template code", "Not recorded"]


def test_categories_with_an_order_of_their_own_keep_it():
    """'2 lists', '3 lists', '4 or more lists', the age bands and the adoption stages read in
    the order the mart gives them (category_order), whatever their sizes (other breakdowns stay
    largest first)."""
    import pandas as pd

    from annexa.services.briefing import page_ordered
    from annexa.store import warehouse

    built = duckdb.connect()
    warehouse.build(built)
    age = dict(built.execute(
        "select b, age_band_order(b) from unnest(['unknown', '16-17', 'under 1']) as t(b)"
    ).fetchall())
    stage = dict(built.execute(
        "select s, adoption_stage_order(s) from unnest(['matched', 'placed', 'decision']) as t(s)"
    ).fetchall())
    built.close()
    rows = pd.DataFrame({
        "indicator": ["children_on_several_lists"] * 3 + ["children_by_age_band"] * 3
        + ["adoption_by_stage"] * 3 + ["contacts_by_source"] * 2,
        "category": ["4 or more lists", "2 lists", "3 lists", "unknown", "16-17", "under 1",
                     "matched", "placed", "decision", "b) Schools", "a) Individual"],
        "n": [700, 1567, 299, 5, 900, 40, 3, 9, 1, 10, 30],
        "category_order": [4, 2, 3, age["unknown"], age["16-17"], age["under 1"],
                           stage["matched"], stage["placed"], stage["decision"], None, None],
    })
    ordered = page_ordered(rows)
    expected = {"children_on_several_lists": ["2 lists", "3 lists", "4 or more lists"],
                "children_by_age_band": ["under 1", "16-17", "unknown"],
                "adoption_by_stage": ["decision", "matched", "placed"]}
    for indicator, order in expected.items():
        assert ordered[ordered.indicator == indicator].category.tolist() == order
    assert ordered[ordered.indicator == "contacts_by_source"].category.tolist() == [
        "a) Individual", "b) Schools"]
