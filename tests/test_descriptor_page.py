"""AppTest for the Descriptor helper page: figures equal annexa/rules/descriptor.py and the SQL
macro."""

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from annexa.store import warehouse

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def _sql_label(k, n):
    con = duckdb.connect()
    warehouse.build(con)
    return con.execute("select descriptor_label(?, ?)", [k, n]).fetchall()[0][0]


def test_descriptor_page_matches_the_rule(db_path):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/descriptor.py").run()
    assert not at.exception
    at.number_input(key="desc_n").set_value(7).run()
    at.number_input(key="desc_k").set_value(5).run()
    assert at.subheader[0].value == _sql_label(5, 7) == "large majority (5 of 7)"
    at.number_input(key="desc_n").set_value(6).run()
    at.number_input(key="desc_k").set_value(3).run()
    assert "half (3 of 6)" in at.subheader[0].value
    assert at.warning, "exactly half must be flagged"


def test_more_cases_with_the_feature_than_seen_is_refused_not_kept_stale(db_path):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/descriptor.py").run()
    at.number_input(key="desc_n").set_value(7).run()
    at.number_input(key="desc_k").set_value(9).run()
    assert not at.exception
    assert not at.subheader, "no descriptor may be shown for 9 of 7"
    assert "more than the 7 cases seen" in at.error[0].value


def test_the_subject_typed_is_shown_as_text(db_path):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/descriptor.py").run()
    at.text_input[0].set_value("[cases](http://example.invalid)").run()
    assert any("[cases](http://example.invalid)" in t.value for t in at.text)
    assert not any("example.invalid" in m.value for m in at.markdown)
