"""AppTest for the Manage data page: the list with retention flags, purging with confirmation."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import built_once, open_on, write_template_workbook
from streamlit.testing.v1 import AppTest

from annexa.services import purge
from annexa.store import warehouse
from ingest.load import ingest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
D = dt.date


def _contacts(child: str) -> dict[str, list[dict]]:
    return {"list_1": [{"child_id": child, "gender": "a) Male", "ethnicity": "a) WBRI",
                        "contact_date": D(2026, 9, 1), "contact_source": "q) 6: Police"}]}


@pytest.fixture(scope="module")
def _db_master(tmp_path_factory):
    """T01: a submission long past retention and a current one; T02: one current submission.
    Loaded once per test run; the tests take copies."""
    return built_once(tmp_path_factory, "manage_data", _load_master)


def _load_master(folder):
    path = folder / "master.duckdb"
    today = dt.date.today()

    def load(child, name, la, la_name, as_at):
        book = write_template_workbook(folder / name, _contacts(child))
        return ingest([book], la, la_name=la_name, as_at=as_at, db=path).submission_id

    ids = {"old": load("OLDCHILD1", "old.xlsx", "T01", "Testshire", D(2001, 3, 31)),
           "new": load("NEWCHILD1", "new.xlsx", "T01", "Testshire", today),
           "other": load("OTHERCHILD1", "other.xlsx", "T02", "Otherton", today)}
    return path, ids


@pytest.fixture
def db(_db_master, db_path, monkeypatch):
    """A private copy of the master at db_path ($ANNEXA_DB), and its submission ids."""
    monkeypatch.delenv(purge.RETENTION_ENV, raising=False)
    master, ids = _db_master
    shutil.copyfile(master, db_path)
    return db_path, dict(ids)


def _app():
    at = open_on(AppTest.from_file(APP, default_timeout=60), "views/manage_data.py")
    assert not at.exception
    return at


def _submission_ids(db_path) -> list[int]:
    con = warehouse.connect_reader(db_path)
    try:
        return [r[0] for r in con.execute(
            "select submission_id from submissions order by 1").fetchall()]
    finally:
        con.close()


def _purge_button(at):
    return at.button(key="md_go")


def test_lists_submissions_with_retention_flags_and_a_banner(db):
    _, ids = db
    at = _app()
    assert any("1 submission(s) past retention" in w.value for w in at.warning)
    table = next(d.value for d in at.dataframe if "past_retention" in d.value.columns)
    flags = dict(zip(table.submission_id, table.past_retention, strict=True))
    assert flags == {ids["old"]: True, ids["new"]: False, ids["other"]: False}
    assert set(table.la_code) == {"T01", "T02"}


def test_nothing_is_purged_without_typing_the_la_code(db):
    db_path, ids = db
    before = db_path.read_bytes()
    at = _app()
    at.selectbox(key="md_la").set_value("T01").run()
    at.selectbox(key="md_submission").set_value(ids["old"]).run()
    # The button cannot be pressed (AppTest refuses, as a browser would) until the code is typed.
    assert _purge_button(at).disabled
    at.text_input(key=f"md_confirm_submission_T01_{ids['old']}").set_value("T02").run()
    assert _purge_button(at).disabled
    # A code typed for one target does not confirm another.
    at.text_input(key=f"md_confirm_submission_T01_{ids['old']}").set_value("T01").run()
    at.selectbox(key="md_submission").set_value(ids["new"]).run()
    assert _purge_button(at).disabled
    assert not at.exception and not at.success
    assert db_path.read_bytes() == before


def test_purge_one_submission_after_confirming(db):
    db_path, ids = db
    at = _app()
    at.selectbox(key="md_la").set_value("T01").run()
    at.selectbox(key="md_submission").set_value(ids["old"]).run()
    assert any("deletes submission" in w.value for w in at.warning)
    at.text_input(key=f"md_confirm_submission_T01_{ids['old']}").set_value("T01").run()
    assert not _purge_button(at).disabled
    _purge_button(at).click().run()
    assert not at.exception
    assert any(f"Purged T01: submission(s) {ids['old']}." in s.value for s in at.success)
    assert _submission_ids(db_path) == [ids["new"], ids["other"]]
    # The page reads the new version: the flagged submission and the banner are gone.
    assert not any("past retention" in w.value for w in at.warning)
    table = next(d.value for d in at.dataframe if "past_retention" in d.value.columns)
    assert ids["old"] not in set(table.submission_id)
    assert b"OLDCHILD1" not in db_path.read_bytes()


def test_purge_a_whole_la_after_confirming(db):
    db_path, ids = db
    at = _app()
    at.radio(key="md_scope").set_value("la").run()
    at.selectbox(key="md_la").set_value("T02").run()
    assert any("deletes all 1 submission(s) of T02" in w.value for w in at.warning)
    at.text_input(key="md_confirm_la_T02_None").set_value("T02").run()
    _purge_button(at).click().run()
    assert not at.exception
    assert any("Purged T02" in s.value for s in at.success)
    assert _submission_ids(db_path) == [ids["old"], ids["new"]]
    assert b"OTHERCHILD1" not in db_path.read_bytes()


def test_change_the_retention_period(db):
    db_path, _ = db
    at = _app()
    at.number_input(key="md_months").set_value(600)
    next(b for b in at.button if b.label == "Save the retention period").click().run()
    assert not at.exception
    assert any("Retention set to 600 months." in s.value for s in at.success)
    assert not any("past retention" in w.value for w in at.warning)
    con = warehouse.connect_reader(db_path)
    try:
        assert purge.retention_setting(con) == purge.Retention(600, "database")
    finally:
        con.close()
