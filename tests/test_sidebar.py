"""The shared sidebar keeps its choices in the URL as codes, so a copied link reopens the view."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def _param(at, key):
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def test_a_link_reopens_the_same_la_and_edition(demo_db):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["la"] = "X02"
    at.query_params["edition"] = "template-2019"
    at.run()
    assert not at.exception
    assert at.session_state["la"] == "X02"
    assert at.session_state["edition"] == "template-2019"
    assert _param(at, "la") == "X02" and _param(at, "edition") == "template-2019"


def test_choosing_an_la_writes_its_code_not_its_label(demo_db):
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.selectbox(key="la").set_value("X03").run()
    assert not at.exception
    assert _param(at, "la") == "X03"


def test_an_unknown_la_in_a_link_falls_back_to_a_loaded_one(demo_db):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["la"] = "NOPE"
    at.run()
    assert not at.exception
    assert at.session_state["la"] in {"X01", "X02", "X03"}


def test_a_link_reopens_the_reference_date_and_settings(demo_db):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["la"] = "X02"
    at.query_params["ref"] = "2026-09-30"
    at.query_params["sampling_months"] = "6"
    at.run()
    assert not at.exception
    assert str(at.session_state["_ref_date"]) == "2026-09-30"
    assert at.session_state["sampling_months"] == 6
    assert _param(at, "ref") == "2026-09-30" and _param(at, "sampling_months") == "6"


def test_a_malformed_link_falls_back_to_the_defaults(demo_db):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["la"] = "X02"
    at.query_params["ref"] = "30th of Sept"
    at.query_params["sampling_months"] = "²"  # isdigit() but not int()
    at.query_params["sibling_threshold"] = "99"
    at.run()
    assert not at.exception
    assert at.session_state["_ref_date_is_default"]
    assert at.session_state["sampling_months"] == 3
    assert at.session_state["sibling_threshold"] == 2
