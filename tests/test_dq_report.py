"""The grouped data-quality report (issue 11 point 5; docs/data-quality.md, "How problems are
grouped"): the dq_issue_groups view, the CLI's grouped lines and --report-json, the Upload page's
grouped table."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from privacy_fixture import ALL_CODES
from streamlit.testing.v1 import AppTest

from annexa.cli import main
from annexa.store.warehouse import SQL_DIR
from ingest.quality import problem_groups

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
AS_AT = dt.date(2026, 10, 30)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# ------------------------------------------------------------------ the view, on hand-made lines


def _con() -> duckdb.DuckDBPyConnection:
    """The persistent tables, ref_dq_code and the view alone: the lines are written by hand, so
    nothing else is needed (tests/test_sql_layers.py checks the view binds in the full build)."""
    con = duckdb.connect()
    for name in ("00_base/00_tables.sql", "00_base/10_macros.sql", "05_reference/ref_dq_code.sql",
                 "30_marts/15_quality/dq_issue_groups.sql"):
        con.execute((SQL_DIR / name).read_text(encoding="utf-8"))
    return con


def _line(code, severity, lst, sheet, row, column=None, value=None, message="m", *,
          header=None, row_count=None, sample_rows=None, submission_id=1):
    return (submission_id, code, severity, lst, sheet, row, column, header, value, message,
            row_count, sample_rows)


def _insert(con, lines) -> None:
    con.executemany("insert into dq_issues values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", lines)


def _columns(con, rows) -> None:
    con.executemany("insert into list_columns values (1, ?, 'f.xlsx', ?, ?, ?, ?)", rows)


@pytest.fixture
def groups():
    con = _con()
    _columns(con, [
        ("list_3", "List 3", "referral_date", "Date of referral", "G"),
        ("list_3", "List 3", "gender", "Gender", "B"),
        ("list_3", "List 3", "child_id", "Child ID", "A"),
        ("list_10", "List_10", "notes", "Notes", "AA"),
        ("list_10", "List_10", "gender", "Gender", "B"),
        ("list_8", "A1", "gender", "Gender", "C"),
        ("siblings", "O'Brien's list", "sibling_count", "Siblings", "D"),
    ])
    _insert(con, [
        # One bad date in four rows of List 3 (given out of order), one line each.
        *[_line("unparseable_date", "error", "list_3", "List 3", r, "referral_date", "next week",
                f"'next week' is not a date (row {r}).", header="Date of referral")
          for r in (40, 15, 41, 18)],
        _line("unparseable_date", "error", "list_3", "List 3", 22, "referral_date", "TBC",
              "'TBC' is not a date.", header="Date of referral"),
        # One line standing for 40 blank cells, its first rows not sorted.
        _line("missing_value", "warning", "list_3", "List 3", None, "referral_date", None,
              "40 rows have no Date of referral.", header="Date of referral", row_count=40,
              sample_rows=[8, 5, 6, 7]),
        # Future dates: the value is each row's own, so one line for the column.
        _line("future_event", "warning", "list_3", "List 3", 30, "referral_date", "2027-01-01",
              header="Date of referral"),
        _line("future_event", "warning", "list_3", "List 3", 31, "referral_date", "2027-02-01",
              header="Date of referral"),
        # Child IDs as values never make a line each.
        _line("duplicate_child", "warning", "list_3", "List 3", 5, "child_id", "C1"),
        _line("duplicate_child", "warning", "list_3", "List 3", 9, "child_id", "C1"),
        _line("duplicate_child", "warning", "list_3", "List 3", 12, "child_id", "C2"),
        # Header-row problems: no column letter (duplicate_column's would be the first column's).
        _line("unknown_column", "warning", "list_3", "List 3", 2, None, "Foo", header="Foo"),
        _line("duplicate_column", "warning", "list_3", "List 3", 2, "gender", "Gender",
              header="Gender"),
        _line("missing_list", "warning", "list_2", None, None, message="List 2 was not found."),
        _line("unmapped_code", "error", "list_10", "List_10", 7, "notes", "x", header="Notes"),
        _line("unmapped_code", "error", "list_10", "List_10", 7, "gender", "Femail",
              header="Gender"),
        _line("unmapped_code", "error", "list_8", "A1", 4, "gender", "Femail", header="Gender"),
        _line("invalid_number", "error", "siblings", "O'Brien's list", 3, "sibling_count",
              "lots", header="Siblings"),
        _line("unmapped_code", "error", "audits", "Audits", 3, None, "?"),
        _line("unmapped_code", "error", "missing_exploitation", "2.02", 3, None, "?"),
        _line("ignored_sheet", "info", None, "Notes", None, message="Notes: not a list."),
        _line("hidden_sheet", "info", "list_3", "List 3", None, message="hidden"),
        _line("age_mismatch", "info", "list_3", "List 3", 11, None, "12"),
        _line("some_new_code", "warning", "list_3", "List 3", 3, "gender", "?"),
        # Another submission's lines stay in their own report.
        _line("unparseable_date", "error", "list_3", "List 3", 15, "referral_date", "next week",
              submission_id=2),
    ])
    found = problem_groups(con, 1)
    con.close()
    return found


def _one(groups, **where) -> dict:
    [g] = [g for g in groups if all(g[k] == v for k, v in where.items())]
    return g


def test_lines_are_grouped_by_code_column_and_value_with_their_rows(groups):
    g = _one(groups, code="unparseable_date", value="next week")
    assert (g["n_rows"], g["n_lines"], g["header"], g["column_letter"]) == (
        4, 4, "Date of referral", "G")
    assert g["cells"] == "'List 3'!G15, G18, G40 and 1 more"
    assert g["first_rows"] == [15, 18, 40]
    assert g["example_message"] == "'next week' is not a date (row 15)."  # the first row's
    assert not g["same_message"]
    assert (g["title"], g["severity"]) == ("Not a date", "error")
    assert g["what_to_do"].startswith("Write it as dd/mm/yyyy")
    tbc = _one(groups, code="unparseable_date", value="TBC")
    assert (tbc["n_rows"], tbc["cells"], tbc["example_message"], tbc["same_message"]) == (
        1, "'List 3'!G22", "'TBC' is not a date.", True)


def test_a_line_for_many_rows_counts_them_and_shows_its_first(groups):
    g = _one(groups, code="missing_value")
    assert (g["n_rows"], g["n_lines"]) == (40, 1)
    assert g["cells"] == "'List 3'!G5, G6, G7 and 37 more"


def test_values_that_are_the_rows_own_do_not_split_lines(groups):
    g = _one(groups, code="future_event")
    assert (g["value"], g["n_rows"], g["cells"]) == (None, 2, "'List 3'!G30, G31")
    d = _one(groups, code="duplicate_child")
    assert (d["value"], d["n_rows"], d["cells"]) == (None, 3, "'List 3'!A5, A9, A12")
    assert not any(g["value"] in ("C1", "C2") for g in groups)


def test_cells_without_a_column_letter_and_quoted_sheet_names(groups):
    assert _one(groups, code="unknown_column")["cells"] == "'List 3' row 2"
    assert _one(groups, code="duplicate_column")["cells"] == "'List 3' row 2"
    assert _one(groups, code="missing_list")["cells"] is None
    assert _one(groups, code="ignored_sheet")["cells"] == "Notes"  # no row: the sheet
    assert _one(groups, code="hidden_sheet")["cells"] == "'List 3'"
    assert _one(groups, code="unmapped_code", list="list_10", value="x")["cells"] == (
        "List_10!AA7")
    assert _one(groups, code="unmapped_code", list="list_8")["cells"] == "'A1'!C4"  # a cell name
    assert _one(groups, code="invalid_number")["cells"] == "'O''Brien''s list'!D3"
    assert _one(groups, code="unmapped_code", list="missing_exploitation")["cells"] == (
        "'2.02' row 3")
    # A code not in ref_dq_code yet still has a line, titled by its code.
    new = _one(groups, code="some_new_code")
    assert (new["title"], new["what_to_do"], new["cells"]) == ("some_new_code", None,
                                                               "'List 3'!B3")


def test_sort_order_errors_then_warnings_then_info_in_list_and_column_order(groups):
    assert [g["sort_order"] for g in groups] == list(range(1, len(groups) + 1))
    keys = [(g["severity"], g["list"], g["column_letter"], g["code"], g["value"]) for g in groups]
    assert keys == [
        ("error", "list_3", "G", "unparseable_date", "TBC"),
        ("error", "list_3", "G", "unparseable_date", "next week"),
        ("error", "list_8", "C", "unmapped_code", "Femail"),
        # List 10 after list 8 (not after list 1), column B before AA.
        ("error", "list_10", "B", "unmapped_code", "Femail"),
        ("error", "list_10", "AA", "unmapped_code", "x"),
        ("error", "siblings", "D", "invalid_number", "lots"),
        ("error", "missing_exploitation", None, "unmapped_code", "?"),
        ("error", "audits", None, "unmapped_code", "?"),
        ("warning", "list_2", None, "missing_list", None),
        # Lines of no column first, then by the column's position.
        ("warning", "list_3", None, "unknown_column", "Foo"),
        ("warning", "list_3", "A", "duplicate_child", None),
        ("warning", "list_3", None, "duplicate_column", "Gender"),
        ("warning", "list_3", "B", "some_new_code", "?"),
        ("warning", "list_3", "G", "future_event", None),
        ("warning", "list_3", "G", "missing_value", None),
        ("info", "list_3", None, "age_mismatch", None),
        ("info", "list_3", None, "hidden_sheet", None),
        ("info", None, None, "ignored_sheet", None),
    ]


def test_every_code_has_a_title_severity_and_what_to_do():
    con = _con()
    rows = con.execute("select code, severity, title, what_to_do, category from ref_dq_code"
                       ).fetchall()
    con.close()
    codes = {r[0] for r in rows}
    assert len(codes) == len(rows)
    assert ALL_CODES | {
        "header_variant", "code_conflict", "ambiguous_code", "mapped_variant", "retired_code",
        "code_not_yet_valid", "duplicate_row", "missing_value", "excel_error",
        "invalid_postcode", "hidden_sheet", "formula_without_value", "merged_cells"} <= codes
    for code, severity, title, what_to_do, category in rows:
        assert severity in ("error", "warning", "info"), code
        assert title and what_to_do and category, code
    # docs/data-quality.md documents every code.
    doc = (Path(__file__).resolve().parents[1] / "docs" / "data-quality.md").read_text()
    assert all(f"`{code}`" in doc for code in codes), codes - {
        c for c in codes if f"`{c}`" in doc}


# ------------------------------------------------------------------------------ CLI and JSON

_PERSON = {"gender": "a) Male", "ethnicity": "a) WBRI", "contact_source": "q) 6: Police"}
_REFERRAL = {"gender": "a) Male", "ethnicity": "a) WBRI", "referral_source": "q) 6: Police",
             "referral_nfa": "b) No"}


def _messy_contacts() -> dict[str, list[dict]]:
    return {"list_1": [
        {"child_id": "QQ-DUP-1", **_PERSON, "contact_date": "next week"},
        {"child_id": "QQ-2", **_PERSON, "contact_date": "next week"},
        {"child_id": "QQ-3", **_PERSON, "contact_date": "next week"},
        {"child_id": "QQ-4", **_PERSON, "gender": "Femail", "contact_date": dt.date(2026, 9, 1)},
        {"child_id": "QQ-DUP-1", **_PERSON, "contact_date": dt.date(2026, 9, 2)},
    ], "list_3": [
        {"child_id": "QQ-DUP-1", **_REFERRAL, "referral_date": dt.date(2026, 9, 3)},
        {"child_id": "QQ-2", **_REFERRAL, "referral_date": dt.date(2026, 9, 3)},
        {"child_id": "QQ-DUP-1", **_REFERRAL, "referral_date": dt.date(2026, 9, 4)},
    ]}


def test_cli_prints_grouped_lines_and_json_has_groups_and_every_problem(
        db_path, make_workbook, tmp_path, capsys):
    wb = make_workbook(_messy_contacts())
    out = tmp_path / "report.json"
    rc = main(["ingest", str(wb), "--la", "T01", "--as-at", AS_AT.isoformat(), "--db",
               str(db_path), "--report-json", str(out), "--quiet"])
    assert rc == 0
    text = capsys.readouterr().out
    assert "Loaded submission 1" in text and "List 1: Contacts" in text  # the summary is kept
    assert ("  error    unparseable_date  List 1, 'Date of Contact': 'next week' in 3 rows "
            "(List_1!F3, F4, F5). 'next week' is not a date.") in text
    assert "unmapped_code     List 1, 'Gender': 'Femail' in 1 row (List_1!B6)." in text
    # Errors before warnings; info lines shown too, the report being short.
    assert text.index("unparseable_date") < text.index("missing_list  ")
    assert "  info     missing_list      The LA audits list" in text
    assert ("  warning  duplicate_child   List 3, 'Child Unique ID' in 2 rows (List_3!A3, A5). "
            "Child appears 2 times") in text
    assert "QQ-DUP-1" not in text  # no child ID in the terminal

    data = json.loads(out.read_text())
    dates = [p for p in data["problems"] if p["code"] == "unparseable_date"]
    assert sorted(p["row_number"] for p in dates) == [3, 4, 5]  # every problem, one each
    [g] = [g for g in data["groups"] if g["code"] == "unparseable_date"]
    assert (g["n_rows"], g["n_lines"], g["cells"], g["header"], g["list"]) == (
        3, 3, "List_1!F3, F4, F5", "Date of Contact", "list_1")
    assert sum(g["n_rows"] for g in data["groups"]) == sum(
        p.get("row_count") or 1 for p in data["problems"])
    assert [g["sort_order"] for g in data["groups"]] == list(range(1, len(data["groups"]) + 1))


def test_cli_shortens_a_long_report(db_path, make_workbook, capsys):
    """More lines than fit in a minute: the first errors and warnings, then counts by code."""
    from annexa.cli import ingest as cmd_ingest

    rows = [{"child_id": f"Q{i}", **_PERSON, "contact_date": f"bad date {i}"}
            for i in range(40)]
    wb = make_workbook({"list_1": rows})
    assert main(["ingest", str(wb), "--la", "T01", "--as-at", AS_AT.isoformat(), "--db",
                 str(db_path), "--quiet"]) == 0
    text = capsys.readouterr().out
    shown = cmd_ingest.SHOWN_LINES["error"]
    assert text.count("  error    unparseable_date  ") == shown
    assert f"  error    {40 - shown} more lines not shown (unparseable_date {40 - shown})." in text
    assert "  info     " in text and "lines not shown (missing_list" in text


# ------------------------------------------------------------------------------ Upload page


def test_upload_page_shows_the_grouped_report(db_path, make_workbook, monkeypatch):
    import streamlit as st

    from annexa.security import safe_export

    exported, names = [], []
    real_csv, real_button = safe_export.to_csv_bytes, st.download_button
    monkeypatch.setattr(safe_export, "to_csv_bytes",
                        lambda frame: exported.append(frame) or real_csv(frame))
    monkeypatch.setattr(st, "download_button",
                        lambda *a, **k: names.append(k.get("file_name")) or real_button(*a, **k))
    wb = make_workbook(_messy_contacts())
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/upload.py").run()
    at.file_uploader[0].set_value([(wb.name, wb.read_bytes(), XLSX)])
    at.text_input(key="up_new_code").set_value("T09")
    at.text_input(key="up_new_name").set_value("Testshire")
    at.date_input(key="up_as_at").set_value(AS_AT)
    next(b for b in at.button if b.label == "Load files").click().run()
    assert not at.exception, at.exception

    report = next(d.value for d in at.dataframe if "Cells" in d.value.columns)
    assert list(report.columns[:2]) == ["Severity", "Problem"]
    # Errors first, List 1's columns left to right: Gender (B), then Date of Contact (F).
    assert list(report.Problem[:2]) == ["Not a template code", "Not a date"]
    date = report.iloc[1].to_dict()
    assert {k: date[k] for k in ("Severity", "Problem", "List", "Column", "Value", "Rows",
                                 "Cells")} == {
        "Severity": "Error", "Problem": "Not a date", "List": "List 1: Contacts",
        "Column": "Date of Contact", "Value": "next week", "Rows": 3,
        "Cells": "List_1!F3, F4, F5"}
    assert date["What to do"].startswith("Write it as dd/mm/yyyy")
    order = {"Error": 0, "Warning": 1, "Info": 2}
    assert list(report.Severity.map(order)) == sorted(report.Severity.map(order))
    dup = report[report.Problem == "Child on the list more than once"].iloc[0]
    assert (dup.Rows, dup.Cells, dup.List) == (2, "List_3!A3, A5", "List 3: Referrals")
    assert dup.Value == ""  # a child's ID is no line's value
    assert "List 11: Adopters" in set(report.List)  # missing lists, by their labels
    # What users see names headers as written, never the internal column names.
    shown = report[["Severity", "Problem", "List", "Column", "Value", "Cells", "What to do"]]
    assert not shown.astype(str).apply(lambda c: c.str.contains("contact_date|child_id")).any(
        ).any()
    # Downloads: the grouped report, and every problem one row each.
    assert names[-2:] == ["data_quality_T09_1_grouped.csv", "data_quality_T09_1.csv"]
    grouped, every = exported[-2], exported[-1]
    assert len(grouped) == len(report)
    assert grouped.Rows.sum() == every.row_count.fillna(1).sum()
    assert set(every.code) >= {"unparseable_date", "unmapped_code", "duplicate_child"}
    # Filters apply to the grouped table.
    at.multiselect(key="dq_sev").set_value(["warning"]).run()
    report = next(d.value for d in at.dataframe if "Cells" in d.value.columns)
    assert set(report.Severity) == {"Warning"}
