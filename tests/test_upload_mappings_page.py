"""AppTest of the Upload page's "This LA's own spellings" expander
(dashboard/mappings_editor.py): saving the table, a refused row and its message, adding
a value the data-quality report found, applying, and an inspector's read-only view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import open_on
from db_query import rows as sql
from streamlit.testing.v1 import AppTest

from annexa.security import access
from annexa.store import warehouse
from ingest.load import ingest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
LOCAL = "MASH PR"  # a local contact source nothing reads as a code
POLICE = "q) 6: Police"
REGION = "Test Region"
PASSWORDS = {"insp": "inspector-pass-1", "ao": "analyst-pass-22"}


@pytest.fixture
def db(db_path, make_workbook):
    """T01, loaded with one contact whose source is the LA's own spelling."""
    book = make_workbook({"list_1": [
        {"child_id": "C1", "gender": "a) Male", "ethnicity": "a) WBRI",
         "contact_date": dt.date(2026, 9, 1), "contact_source": LOCAL},
        {"child_id": "C2", "gender": "a) Male", "ethnicity": "a) WBRI",
         "contact_date": dt.date(2026, 9, 2), "contact_source": "Skl"},
    ]})
    ingest([book], "T01", la_name="Testshire", region=REGION, as_at=dt.date(2026, 10, 30),
           db=db_path)
    return db_path


def _page(at: AppTest | None = None) -> AppTest:
    if at is None:
        at = open_on(AppTest.from_file(APP, default_timeout=60), "views/upload.py")
    else:
        at.switch_page("views/upload.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _expander(at):
    return next(e for e in at.expander if e.label == "This LA's own spellings")


def _stored(db):
    return sql(db, "select la_code, list, column_name, spelling, code from la_code_mappings "
                   "order by spelling")


def _seed(at, rows):
    """What a user typed into the table (AppTest cannot type into a data editor)."""
    key = at.data_editor[0].key
    at.session_state[key] = {"edited_rows": {}, "added_rows": rows, "deleted_rows": []}
    return at.run()


def test_save_a_row_then_apply_it(db):
    at = _page()
    assert _expander(at)
    assert at.data_editor[0].value.empty
    _seed(at, [{"list": "list_1", "column_name": "contact_source", "spelling": LOCAL,
                "code": POLICE}])
    at.button(key="lam_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert _stored(db) == [("T01", "list_1", "contact_source", LOCAL, POLICE)]
    assert any("Saved 1 spelling(s) for this LA" in s.value for s in at.success)
    # The table now shows the saved row; the loaded submission is read again on Apply only.
    assert at.data_editor[0].value.spelling.tolist() == [LOCAL]
    assert sql(db, "select status from code_readings where raw = ?", [LOCAL]) == [("unmapped",)]
    at.button(key="lam_apply").click().run()
    assert not at.exception
    assert any("1 value(s) read through the LA's mappings" in s.value for s in at.success)
    assert sql(db, "select code, status from code_readings where raw = ?", [LOCAL]) == [
        (POLICE, "la_mapping")]
    assert sql(db, "select contact_source from int_list_1_rows where child_id = 'C1'") == [
        (POLICE,)]


def test_values_mapped_but_not_applied_leave_the_picker(db):
    at = _page()
    _seed(at, [{"list": "list_1", "column_name": "contact_source", "spelling": LOCAL,
                "code": POLICE},
               {"list": "list_1", "column_name": "contact_source", "spelling": "skl",
                "code": "e) 2A: Schools"}])
    at.button(key="lam_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="lam_pick").options == ["Type a spelling..."]
    assert any("2 value(s) of the latest submission are mapped but not yet read" in c.value
               for c in at.caption)


def test_a_refused_row_shows_its_message_and_nothing_is_saved(db):
    at = _page()
    _seed(at, [{"list": "list_1", "column_name": "contact_source", "spelling": LOCAL,
                "code": POLICE},
               {"list": "list_1", "column_name": "contact_source", "spelling": "Skl",
                "code": "a) Male"},
               {"list": "list_1", "column_name": "gender", "spelling": "  ", "code": "a) Male"}])
    at.button(key="lam_save").click().run()
    assert not at.exception
    text = "\n".join(e.value for e in at.error)
    assert "Nothing was saved: correct these rows and save again." in text
    assert "**Row 2**: 'a) Male' is not a code of 'Contact Source'" in text
    assert "**Row 3**: the spelling is blank" in text
    assert "Row 1" not in text
    assert _stored(db) == []


def test_add_a_value_the_report_found(db):
    at = _page()
    pick = at.selectbox(key="lam_pick")
    # Its options are shown as labels; its values are their positions (-1: type a spelling).
    assert pick.options[-1] == "Type a spelling..."
    assert f"List 1 · Contact Source: '{LOCAL}' (unmapped)" in pick.options, pick.options
    pick.set_value(pick.options.index(f"List 1 · Contact Source: '{LOCAL}' (unmapped)")).run()
    code = next(s for s in at.selectbox if s.label == "Official code it means")
    code.set_value(POLICE).run()
    at.button(key="lam_add").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert _stored(db) == [("T01", "list_1", "contact_source", LOCAL, POLICE)]
    # Applied at once (the box is ticked by default), so the value is no longer offered.
    assert sql(db, "select status from code_readings where raw = ?", [LOCAL]) == [
        ("la_mapping",)]
    assert not any(f"'{LOCAL}'" in o for o in at.selectbox(key="lam_pick").options)


def test_a_typed_spelling_that_is_an_official_code_is_refused(db):
    at = _page()
    at.selectbox(key="lam_pick").set_value(-1).run()
    at.selectbox(key="lam_column_list_1").set_value("contact_source").run()
    at.text_input(key="lam_spelling").input("6").run()
    next(s for s in at.selectbox if s.label == "Official code it means").set_value(
        "e) 2A: Schools").run()
    at.button(key="lam_add").click().run()
    assert not at.exception
    assert any("Nothing was added." in e.value and "a mapping cannot make it mean another "
               "code" in e.value for e in at.error)
    assert _stored(db) == []


# ------------------------------------------------------------------------------ access control

@pytest.fixture
def users(db, monkeypatch):
    monkeypatch.delenv(access.USERS_ENV, raising=False)
    monkeypatch.setattr(access, "FAILED_LOGIN_DELAY", 0)
    access.write_users([
        access.User("insp", "inspector", access.hash_password(PASSWORDS["insp"]), las=("T01",)),
        access.User("ao", "analytical_officer", access.hash_password(PASSWORDS["ao"]),
                    region=REGION),
    ])
    access.THROTTLE.reset()
    with warehouse.write_transaction(db) as con:
        con.execute("insert into la_code_mappings (la_code, list, column_name, spelling, code) "
                    "values ('T01', 'list_1', 'contact_source', ?, ?)", [LOCAL, POLICE]
                    ).fetchall()
    yield db
    access.THROTTLE.reset()


def _signed_in(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="_sign_in_name").input(name)
    at.text_input(key="_sign_in_password").input(PASSWORDS[name])
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return _page(at)


def test_an_inspector_sees_the_spellings_read_only(users):
    at = _signed_in("insp")
    assert _expander(at)
    assert not at.data_editor
    shown = next(d.value for d in at.dataframe if "Spelling as the LA writes it" in d.value)
    assert shown.to_dict("records") == [{
        "List": "List 1: Contacts", "Column": "Contact Source",
        "Spelling as the LA writes it": LOCAL, "Official code": POLICE}]
    keys = {b.key for b in at.button}
    assert not keys & {"lam_save", "lam_apply", "lam_add"}
    assert any("Read-only" in c.value for c in at.caption)


def test_an_analyst_of_the_region_may_edit(users):
    at = _signed_in("ao")
    assert at.data_editor and at.data_editor[0].value.spelling.tolist() == [LOCAL]
    assert at.button(key="lam_save")
