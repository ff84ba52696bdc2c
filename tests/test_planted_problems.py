"""Every problem the synthetic generator plants is reported with the right code, row and column;
a clean synthetic workbook reports none (issue 2: "every planted problem appears in the report")."""

import datetime as dt

import pytest

from annexa import synth
from ingest.load import ingest

AS_AT = dt.date(2026, 10, 30)


def _key(code, list_key, row, column):
    return (code, list_key, row, column)


@pytest.mark.parametrize(("seed", "layout"), [(1, "column"), (7, "sheet")])
def test_every_planted_problem_is_reported(db_path, tmp_path, seed, layout):
    path = tmp_path / "planted.xlsx"
    manifest = synth.write_workbook(path, size="small", seed=seed, la_code="X01", as_at=AS_AT,
                                    messiness=0.02, sibling_layout=layout)
    assert manifest.problems, "the generator should plant problems at this rate"
    report = ingest([path], "X01", as_at=AS_AT, db=db_path)
    # A line may stand for several rows (blank cells of a column, identical rows): each counts.
    found = {_key(p["code"], p["list"], row, p["column_name"]) for p in report.problems
             for row in p["sample_rows"] or [p["row_number"]]}
    missing = [p for p in manifest.problems
               if _key(p["code"], p["list"], p["row"], p["column"]) not in found]
    assert not missing, f"planted problems not reported: {missing}"
    planted_codes = {p["code"] for p in manifest.problems}
    assert planted_codes >= {"unparseable_date", "unmapped_code", "blank_child_id",
                             "duplicate_child", "cross_list", "missing_value", "excel_error",
                             "duplicate_row", "invalid_postcode"}


def test_a_clean_workbook_reports_no_problem(db_path, tmp_path):
    path = tmp_path / "clean.xlsx"
    synth.write_workbook(path, size="small", seed=3, la_code="X01", as_at=AS_AT, messiness=0)
    report = ingest([path], "X01", as_at=AS_AT, db=db_path)
    assert [p for p in report.problems if p["severity"] != "info"] == []
    assert set(report.lists) >= {f"list_{n}" for n in range(1, 12)}


def test_csv_folder_loads_like_the_workbook(db_path, tmp_path):
    folder = tmp_path / "csv"
    synth.write_csv_folder(folder, size="small", seed=5, la_code="X05", as_at=AS_AT, messiness=0)
    files = sorted(folder.glob("*.csv"))
    report = ingest(files, "X05", as_at=AS_AT, db=db_path)
    assert set(report.lists) >= {f"list_{n}" for n in range(1, 12)}
    assert [p for p in report.problems if p["severity"] == "error"] == []
