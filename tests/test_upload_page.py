"""AppTest for the Upload and data quality page (no browser: see tests/e2e for that)."""

import datetime as dt
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def _app():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/upload.py").run()
    return at


def test_empty_state_says_what_to_do(db_path):
    at = _app()
    assert not at.exception
    assert any("No data loaded yet" in i.value for i in at.info)
    assert any(b.label == "Load the demo data" for b in at.button)


def test_upload_a_workbook_and_see_its_report(db_path, make_workbook):
    wb = make_workbook({
        "list_1": [
            {"child_id": "A1", "gender": "Femail", "ethnicity": "a) WBRI",
             "contact_date": dt.date(2026, 9, 1), "contact_source": "q) 6: Police"},
            {"child_id": "A2", "gender": "a) Male", "ethnicity": "a) WBRI",
             "contact_date": "31/02/2026", "contact_source": "q) 6: Police"},
        ],
    })
    at = _app()
    at.file_uploader[0].set_value([(wb.name, wb.read_bytes(),
                                    "application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet")])
    at.text_input[0].set_value("T09")
    at.text_input[1].set_value("Testshire")
    at.date_input[0].set_value(dt.date(2026, 10, 30))
    at.button[0].click().run()
    assert not at.exception
    assert any("Loaded submission 1 for Testshire" in s.value for s in at.success)
    # Key figures equal the database's.
    con = duckdb.connect(str(db_path), read_only=True)
    n_issues = con.execute(
        "select count(*) from dq_issues where severity = 'error'").fetchall()[0][0]
    con.close()
    assert n_issues == 2
    errors = next(m for m in at.metric if m.label == "Errors")
    assert errors.value == "2"
    frames = [d.value for d in at.dataframe]
    problems = next(f for f in frames if "code" in f.columns)
    assert set(problems.code) >= {"unmapped_code", "unparseable_date"}
    assert any("Submissions loaded" in h.value for h in at.subheader)
