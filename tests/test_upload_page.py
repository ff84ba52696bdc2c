"""AppTest for the Upload and data quality page (no browser: see tests/e2e for that)."""

import datetime as dt
import json
from pathlib import Path

import duckdb
from conftest import open_on
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def _app():
    return open_on(AppTest.from_file(APP, default_timeout=60), "views/upload.py")


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


# ------------------------------------------------- usability review fixes (findings 1, 6, 15, 16)

NEW_LA = "__new__"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _contacts(child: str, day: dt.date = dt.date(2026, 9, 1)) -> dict[str, list[dict]]:
    return {"list_1": [{"child_id": child, "gender": "a) Male", "ethnicity": "a) WBRI",
                        "contact_date": day, "contact_source": "q) 6: Police"}]}


def _on_upload(sidebar_la: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if sidebar_la:  # a link to the page with this LA chosen in the sidebar
        at.query_params["la"] = sidebar_la
    open_on(at, "views/upload.py")
    assert not at.exception, at.exception
    return at


def _submissions(db) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select submission_id, la_code, la_name, region, as_at_date, "
                           "as_at_source from submissions order by submission_id").fetchall()
    finally:
        con.close()


def _labels(at: AppTest) -> list[str]:
    return [t.label for t in at.text_input]


def _load(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.label == "Load files").click().run()


def _load_as_new(at: AppTest, make_workbook, code: str) -> str:
    """Load one contact for a new LA `code` ("Otherham"); the errors shown, joined."""
    wb = make_workbook(_contacts("N1"))
    at.file_uploader[0].set_value([(wb.name, wb.read_bytes(), XLSX)])
    at.text_input(key="up_new_code").set_value(code)
    at.text_input(key="up_new_name").set_value("Otherham")
    _load(at)
    assert not at.exception, at.exception
    return " ".join(e.value for e in at.error)


def test_a_new_la_code_beside_a_loaded_la_is_refused(demo_db, make_workbook):
    """Finding 1: a code typed next to a loaded LA was dropped and the file loaded into that LA.
    Now the load is refused, naming both; with "New LA..." chosen the same file loads."""
    at = _on_upload("X01")
    assert at.selectbox(key="up_la").value == "X01"
    error = _load_as_new(at, make_workbook, "Z98")
    assert "You typed a new LA code Z98 but chose Northmoor (X01)" in error
    assert "Nothing was loaded" in error
    assert len(_submissions(demo_db)) == 3
    at.selectbox(key="up_la").set_value(NEW_LA)
    at.date_input(key="up_as_at").set_value(dt.date(2026, 10, 30))
    _load(at)
    assert not at.exception, at.exception
    assert any("Loaded submission 4 for Otherham" in s.value for s in at.success)
    assert _submissions(demo_db)[-1][1:3] == ("Z98", "Otherham")
    # After the load the form stands on the new LA, its new-LA fields and files emptied.
    assert at.selectbox(key="up_la").value == "Z98"
    assert at.text_input(key="up_new_code").value == ""
    assert not at.file_uploader[0].value


def test_loading_into_a_loaded_la_asks_first_what_becomes_current(demo_db, make_workbook):
    """Finding 1: before loading into a loaded LA, the page says which submission the files
    replace as its current one, and loads only once that is confirmed."""
    at = _on_upload("X02")
    assert at.selectbox(key="up_la").value == "X02"
    wb = make_workbook(_contacts("E1"), name="eastbrook_nov.xlsx")
    at.file_uploader[0].set_value([(wb.name, wb.read_bytes(), XLSX)])
    at.date_input(key="up_as_at").set_value(dt.date(2026, 11, 6))
    _load(at)
    assert not at.exception, at.exception
    notice = " ".join(w.value for w in at.warning)
    assert "Load these files into Eastbrook (X02)?" in notice
    assert ("They become its current submission, as at 06/11/2026" in notice
            and "in place of submission 2, as at 30/10/2026" in notice)
    assert len(_submissions(demo_db)) == 3  # nothing loaded yet
    at.button(key="up_confirm_go").click().run()
    assert not at.exception, at.exception
    done = " ".join(s.value for s in at.success)
    assert "Loaded submission 4 for Eastbrook, as at 06/11/2026" in done
    assert "now the current submission of Eastbrook (X02), in place of submission 2" in done
    assert _submissions(demo_db)[-1][:4] == (4, "X02", "Eastbrook", "Fictional Region")
    assert not at.file_uploader[0].value  # emptied: the same files are not sent twice
    assert at.date_input(key="up_as_at").value is None  # nor their as-at date with others
    # An older as-at date is said to leave the current submission as it is; Cancel loads nothing.
    older = make_workbook(_contacts("E2"), name="eastbrook_jan.xlsx")
    at.file_uploader[0].set_value([(older.name, older.read_bytes(), XLSX)])
    at.date_input(key="up_as_at").set_value(dt.date(2026, 1, 31))
    _load(at)
    notice = " ".join(w.value for w in at.warning)
    assert "As at 31/01/2026, they are kept as an older submission" in notice
    assert "its current submission stays submission 4, as at 06/11/2026" in notice
    at.button(key="up_confirm_cancel").click().run()
    assert not at.exception, at.exception
    assert not any("Load these files" in w.value for w in at.warning)
    assert len(_submissions(demo_db)) == 4


def test_a_new_la_code_already_loaded_is_refused(demo_db, make_workbook):
    """Finding 1: "New LA..." with the code of a loaded LA is refused, naming both."""
    at = _on_upload("X01")
    at.selectbox(key="up_la").set_value(NEW_LA)
    error = _load_as_new(at, make_workbook, "x03")
    assert "LA code x03 is already loaded, as Westvale (X03)" in error
    assert "Nothing was loaded" in error
    assert len(_submissions(demo_db)) == 3


def test_page_follows_the_sidebar_la(demo_db, monkeypatch):
    """Finding 6: the report, its CSV download and the upload form's LA are the sidebar LA's,
    and follow it when it changes."""
    import streamlit as st

    from annexa.security import safe_export

    exported, names = [], []
    real_csv, real_button = safe_export.to_csv_bytes, st.download_button
    monkeypatch.setattr(safe_export, "to_csv_bytes",
                        lambda frame: exported.append(frame) or real_csv(frame))
    monkeypatch.setattr(st, "download_button",
                        lambda *a, **k: names.append(k.get("file_name")) or real_button(*a, **k))
    at = _on_upload("X01")
    assert at.selectbox(key="dq_submission").value == 1
    assert at.subheader[0].value == "Data quality: Northmoor, submission 1"
    at.selectbox(key="la").set_value("X02").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="dq_submission").value == 2
    assert at.selectbox(key="up_la").value == "X02"
    assert at.subheader[0].value == "Data quality: Eastbrook, submission 2"
    assert names[-1] == "data_quality_X02_2.csv"
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        expected = con.execute("select count(*) from dq_issues where submission_id = 2"
                               ).fetchall()[0][0]
        messages = set(r[0] for r in con.execute(
            "select message from dq_issues where submission_id = 2").fetchall())
    finally:
        con.close()
    assert len(exported[-1]) == expected and set(exported[-1].message) == messages
    # Another submission can still be chosen by hand, and stays chosen on the next run.
    at.selectbox(key="dq_submission").set_value(3).run()
    at.text_input(key="dq_text").set_value("zzz").run()
    assert at.subheader[0].value == "Data quality: Westvale, submission 3"
    # A filter typed for one submission is not carried to another's report.
    at.selectbox(key="la").set_value("X01").run()
    assert at.subheader[0].value == "Data quality: Northmoor, submission 1"
    assert at.text_input(key="dq_text").value == ""


def test_region_is_chosen_from_a_list(demo_db, make_workbook):
    """Finding 16: a new LA's region is one of Ofsted's nine, or one already loaded."""
    at = _on_upload("X01")
    at.selectbox(key="up_la").set_value(NEW_LA)
    region = at.selectbox(key="up_region")
    assert list(region.options)[:9] == [
        "North East", "North West", "Yorkshire and the Humber", "East Midlands",
        "West Midlands", "East of England", "London", "South East", "South West"]
    assert list(region.options)[9:] == ["Fictional Region"]
    wb = make_workbook(_contacts("N1"))
    at.file_uploader[0].set_value([(wb.name, wb.read_bytes(), XLSX)])
    at.text_input(key="up_new_code").set_value("Z98")
    at.text_input(key="up_new_name").set_value("Otherham")
    at.selectbox(key="up_region").set_value("North West")
    at.date_input(key="up_as_at").set_value(dt.date(2026, 10, 30))
    _load(at)
    assert not at.exception, at.exception
    assert _submissions(demo_db)[-1][1:4] == ("Z98", "Otherham", "North West")
    # The new LA is now the sidebar's, the form's and the report's.
    assert at.selectbox(key="la").value == "Z98"
    assert at.selectbox(key="up_la").value == "Z98"
    assert at.subheader[0].value == "Data quality: Otherham, submission 4"


def test_problems_chart_has_whole_number_ticks(demo_db):
    """Finding 25b: counts are whole rows, so the axis has no 0.2, 0.4... ticks."""
    at = _on_upload("X01")
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    axis = spec["encoding"]["x"]["axis"]
    assert axis["tickMinStep"] == 1 and axis["format"] == "d"


def test_an_inferred_as_at_date_is_flagged_with_how_to_correct_it(db_path, make_workbook):
    """Finding 15: an inferred as-at date is said prominently, with how to correct it. The page
    always asks for the date, so such a submission comes from `annexa ingest` without --as-at."""
    from ingest.load import ingest

    ingest([make_workbook(_contacts("A1", dt.date(2026, 9, 14)))], "T09", db=db_path)
    assert _submissions(db_path)[0][4:] == (dt.date(2026, 9, 14), "inferred")
    at = _on_upload("T09")
    warning = " ".join(w.value for w in at.warning)
    assert "The as-at date 14/09/2026 was inferred, not given" in warning
    assert "Reference date" in warning and "Manage data" in warning
    assert any("Manage data" in p.proto.label for p in at.get("page_link"))


def test_nothing_is_loaded_without_an_as_at_date(db_path, make_workbook):
    """Issue 11: an as-at date inferred from the lists can be weeks out and every window ends on
    it, so the page refuses to load without one, says why beside the field, and loads once it
    is given."""
    wb = make_workbook(_contacts("A1", dt.date(2026, 9, 14)))
    at = _on_upload()
    assert "Required" in at.date_input(key="up_as_at").help
    assert any("as-at date is required" in c.value for c in at.caption)
    at.file_uploader[0].set_value([(wb.name, wb.read_bytes(), XLSX)])
    at.text_input(key="up_new_code").set_value("T09")
    _load(at)
    assert not at.exception, at.exception
    error = " ".join(e.value for e in at.error)
    assert "as-at date of the data" in error and "Nothing was loaded" in error
    assert not Path(db_path).exists() or _submissions(db_path) == []
    at.date_input(key="up_as_at").set_value(dt.date(2026, 10, 30))
    _load(at)
    assert not at.exception, at.exception
    assert _submissions(db_path)[0][1:] == ("T09", None, None, dt.date(2026, 10, 30), "given")
