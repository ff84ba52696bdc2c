"""`annexa briefing` (annexa/cli/briefing.py) writes the Briefing page's downloads from the command
line: the same workbook (with its native Excel charts) and printable page as the dashboard for the
same LA and choices, on the demo database; and says why, with exit code 2, when it cannot."""

from __future__ import annotations

import ast
import datetime as dt
import html
import io
import re
from pathlib import Path

import openpyxl
import pytest
from conftest import needs_reference, private_copy
from openpyxl.utils import quote_sheetname
from openpyxl.utils.cell import range_to_tuple

from annexa.cli import main
from dashboard import briefing_export
from dashboard.briefing_data import load
from dashboard.context import Context

ROOT = Path(__file__).resolve().parents[1]
AS_AT = dt.date(2026, 10, 30)  # the demo's as-at date
PRODUCED = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}")  # "Produced" stamps: to the minute


@pytest.fixture(scope="module")
def demo(_demo_db_master, tmp_path_factory) -> Path:
    """One copy of the demo database for this module: nothing here writes to it."""
    return private_copy(_demo_db_master, tmp_path_factory.mktemp("briefing_cli"))


@pytest.fixture
def dashboard_db(demo, monkeypatch) -> Path:
    """The same database for the dashboard's loader (dashboard/db.py reads $ANNEXA_DB)."""
    monkeypatch.setenv("ANNEXA_DB", str(demo))
    return demo


def _cli(*args: str) -> int:
    return main(["briefing", *args])


def _rows(book: openpyxl.Workbook) -> dict[str, list[tuple]]:
    """Every sheet's cells, the time the file was produced (About, "Produced") blanked."""
    return {ws.title: [(row[0], PRODUCED.sub("<time>", row[1])) if row[0] == "Produced" else row
                       for row in ws.iter_rows(values_only=True)]
            for ws in book}


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _text(title) -> str | None:
    return None if title is None else "".join(r.t for p in title.tx.rich.p for r in p.r or [])


def _charts(book: openpyxl.Workbook) -> dict[str, list]:
    return {ws.title: ws._charts for ws in book if ws._charts}


def _cells(book: openpyxl.Workbook, ref: str) -> list:
    sheet, (c1, r1, c2, r2) = range_to_tuple(ref)
    ws = book[sheet]
    return [c.value for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2)
            for c in row]


# ------------------------------------------------------------------------------ the workbook

def test_the_workbook_is_the_dashboards_download_with_native_charts(dashboard_db, tmp_path):
    out = tmp_path / "briefing.xlsx"
    assert _cli("--la", "X02", "--db", str(dashboard_db), "--out", str(out)) == 0
    cli = openpyxl.load_workbook(out)
    ctx = Context("X02", "Eastbrook", AS_AT, True, "ilacs-2018", 3, 2)
    page = _book(briefing_export.to_xlsx(load(ctx)))

    # The same sheets, in the same order, holding the same cells.
    assert cli.sheetnames == page.sheetnames
    assert _rows(cli) == _rows(page)
    assert cli["About"]["A1"].value.startswith("Annex A briefing: Eastbrook (X02), reference date "
                                               "30/10/2026")

    # Native charts beside the tables of the main sheets, the same as the dashboard's.
    charts = _charts(cli)
    assert {name: [_text(c.title) for c in cs] for name, cs in charts.items()} == {
        name: [_text(c.title) for c in cs] for name, cs in _charts(page).items()}
    headline = next(n for n in cli.sheetnames if n.startswith("1 "))
    assert {headline, "Age and gender", "Flow between stages",
            "Timeliness and stability"} <= set(charts)
    sections = [n for n in cli.sheetnames if re.match(r"\d+ ", n)]
    assert len([n for n in sections if n in charts]) >= len(sections) - 1  # all but data quality

    for name, sheet_charts in charts.items():
        ws = cli[name]
        table_width = max(len([v for v in row if v is not None])
                          for row in ws.iter_rows(min_row=2, max_row=2, values_only=True))
        for chart in sheet_charts:
            assert _text(chart.title), name
            assert _text(chart.x_axis.title) and _text(chart.y_axis.title), _text(chart.title)
            assert not chart.x_axis.delete and not chart.y_axis.delete  # Excel draws the axes
            # Beside the table, never over it.
            assert chart.anchor._from.col >= table_width, _text(chart.title)
            for series in chart.series:
                # Drawn from the cells of the sheet's own table, no copy of any value.
                for ref in (series.val.numRef.f, series.cat.strRef.f, series.tx.strRef.f):
                    assert ref.startswith(quote_sheetname(ws.title) + "!"), ref
                values = _cells(cli, series.val.numRef.f)
                assert values and all(v is None or isinstance(v, int | float) for v in values)
                assert all(isinstance(v, str) for v in _cells(cli, series.cat.strRef.f))

    # The headline chart: children on each list, list by list as the table gives them.
    first = charts[headline][0]
    assert _cells(cli, first.series[0].cat.strRef.f)[0] == "Contacts (list 1)"
    ages = charts["Age and gender"][0]
    header = [c.value for c in cli["Age and gender"][2]]
    assert [_cells(cli, s.tx.strRef.f)[0] for s in ages.series] == [
        h for h in header if h not in ("Age band", "All")]


@needs_reference("dfe/cla_number_and_rate_per_10k_children.csv",
                 "dfe/ons_mid-year_population_estimates_2012_to_2024.csv")
def test_compared_as_a_real_la_the_national_context_travels_with_its_charts(dashboard_db,
                                                                            tmp_path):
    out = tmp_path / "briefing.xlsx"
    assert _cli("--la", "X02", "--compare-as", "370", "--db", str(dashboard_db),
                "--out", str(out)) == 0
    cli = openpyxl.load_workbook(out)
    ctx = Context("X02", "Eastbrook", AS_AT, True, "ilacs-2018", 3, 2, compare_as="370")
    b = load(ctx)
    page = _book(briefing_export.to_xlsx(b))
    assert _rows(cli) == _rows(page)
    rows = list(cli["National context"].iter_rows(min_row=2, values_only=True))
    header, body = rows[0], rows[1:]
    expected = briefing_export.sheets(b)["National context"]
    assert list(header) == list(expected.columns)
    assert [r[header.index("England")] for r in body] == list(expected["England"])
    about = dict(r for r in cli["About"].iter_rows(min_row=3, values_only=True))
    assert "compared as Barnsley (370)" in about["National context"]
    charts = cli["National context"]._charts
    assert charts, "no chart beside the national context"
    for chart in charts:
        assert [_cells(cli, s.tx.strRef.f)[0] for s in chart.series] == [
            "This LA (number)", "England (number)", "Region (number)", "Neighbours (number)"]
        england = _cells(cli, chart.series[1].val.numRef.f)
        measures = _cells(cli, chart.series[1].cat.strRef.f)
        published = dict(zip(b.comparisons.label, b.comparisons.england_value, strict=True))
        assert england == [pytest.approx(round(published[m], 1)) for m in measures]


# ---------------------------------------------------------------------------- the html page

def test_the_printable_page_is_the_dashboards(dashboard_db, tmp_path):
    out = tmp_path / "briefing.html"
    assert _cli("--la", "X02", "--db", str(dashboard_db), "--out", str(out)) == 0
    written = out.read_text(encoding="utf-8")
    ctx = Context("X02", "Eastbrook", AS_AT, True, "ilacs-2018", 3, 2)
    expected = briefing_export.to_html(load(ctx)).decode()
    assert PRODUCED.sub("<time>", written) == PRODUCED.sub("<time>", expected)
    assert "<h1>Annex A briefing: Eastbrook (X02)</h1>" in written
    # The headline table: each list's children, under its heading.
    headline = written.split("<h2>1. Children on each list</h2>", 1)[1]
    assert headline.startswith("<table>")
    first_table = headline.split("</table>", 1)[0]
    assert "Contacts (list 1)" in html.unescape(first_table)
    assert "<script" not in written.lower()


# --------------------------------------------------------------------------------- refusals

@pytest.mark.parametrize(("args", "words"), [
    (["--la", "X99", "--out", "{tmp}/b.xlsx"], ["X99", "annexa ingest"]),
    (["--la", "X02", "--out", "{tmp}/b.pdf"], ["--out must end in .xlsx", ".html", "b.pdf"]),
    (["--la", "X02", "--out", "{tmp}/b.xlsx", "--compare-as", "99999"], ["--compare-as"]),
    (["--la", "X02", "--out", "{tmp}/missing/b.xlsx"], ["could not write"]),
])
def test_what_it_cannot_do_it_says_with_exit_code_2(demo, tmp_path, capsys, args, words):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert _cli(*argv, "--db", str(demo)) == 2
    err = capsys.readouterr().err
    assert err.startswith("annexa briefing: ")
    for word in words:
        assert word in err
    assert not list(tmp_path.rglob("b.*"))


def test_no_database_is_an_error_and_none_is_created(tmp_path, capsys):
    db = tmp_path / "none.duckdb"
    assert _cli("--la", "X02", "--db", str(db), "--out", str(tmp_path / "b.xlsx")) == 2
    assert "annexa ingest" in capsys.readouterr().err
    assert not db.exists() and not (tmp_path / "b.xlsx").exists()


# ------------------------------------------------------------------------------- layering

def test_annexa_never_imports_the_dashboard_or_streamlit():
    """The CLI starts without Streamlit, and the briefing it writes is built in annexa: the
    dashboard imports annexa, never the other way round."""
    offenders = []
    for path in sorted((ROOT / "annexa").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.split(".")[0] in ("dashboard", "streamlit", "altair")]
    assert offenders == []
