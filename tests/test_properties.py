"""Property tests (hypothesis) for the rules every file passes through: header matching, code
normalisation and date parsing (issue 6, item 2). Working days and descriptors have theirs in
tests/test_workdays.py and tests/test_descriptor.py."""

import datetime as dt

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annexa.store import warehouse
from ingest import codes
from ingest.spec import load_spec, match_headers, normalise_header

SPEC = load_spec()
LISTS = sorted(SPEC.lists)
PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    warehouse.build(c)
    yield c
    c.close()


def _scramble_header(header: str, case: int, pad: str) -> str:
    """The ways LAs retype a header: case, padding, straight for curly quotes."""
    text = header.replace("‘", "'").replace("’", "'")
    text = [text.lower(), text.upper(), text.title(), text][case]
    return f"{pad}{text}{pad}"


@PROPERTY
@given(st.text(max_size=60))
def test_normalise_header_is_idempotent(text):
    once = normalise_header(text)
    assert normalise_header(once) == once


@PROPERTY
@given(list_key=st.sampled_from(LISTS), data=st.data())
def test_headers_match_in_any_order_case_and_padding(list_key, data):
    ls = SPEC.lists[list_key]
    order = data.draw(st.permutations(range(len(ls.columns))))
    case = data.draw(st.integers(0, 3))
    pad = data.draw(st.sampled_from(["", " ", "  ", "\u00a0"]))
    extra = data.draw(st.lists(st.sampled_from(["Notes", "Social worker comments", "Flag"]),
                               max_size=2, unique=True))
    headers = [_scramble_header(ls.columns[i].header, case, pad) for i in order] + extra
    match = match_headers(headers, ls)
    assert match.mapping == {ls.columns[i].name: pos for pos, i in enumerate(order)}
    assert [h for _, h in match.unknown] == extra


CODES = [(name, e["code"]) for name, body in SPEC.codes.items() for e in body["entries"]]


@PROPERTY
@given(item=st.sampled_from(CODES), case=st.integers(0, 2),
       pad=st.sampled_from(["", " ", "  "]), strip_prefix=st.booleans())
def test_every_official_code_maps_to_itself_however_written(item, case, pad, strip_prefix):
    code_list, code = item
    text = code.split(") ", 1)[1] if strip_prefix and ") " in code else code
    text = [text, text.upper(), text.lower()][case]
    assert codes.read_value(code_list, f"{pad}{text}{pad}").code == code


@PROPERTY
@given(st.text(max_size=40))
def test_reading_never_fails_and_only_returns_official_codes(text):
    official = {c for name, c in CODES if name == "placement_type"}
    got = codes.read_value("placement_type", text).code
    assert got is None or got in official


@PROPERTY
@given(st.dates(min_value=dt.date(1927, 6, 1), max_value=dt.date(2100, 12, 31)))
def test_parse_date_reads_every_form_an_excel_date_arrives_in(con, day):
    serial = (day - dt.date(1899, 12, 30)).days
    forms = [day.strftime("%d/%m/%Y"), f"{day:%Y-%m-%d} 00:00:00", str(serial),
             f"{serial}.5", day.strftime("%d-%m-%Y"), f"{day.day}/{day.month}/{day.year}"]
    got = con.execute("select list_transform(?::varchar[], lambda x: parse_date(x))",
                      [forms]).fetchall()[0][0]
    assert got == [day] * len(forms)


@PROPERTY
@given(st.text(max_size=30))
def test_parse_date_never_fails_on_any_text(con, text):
    con.execute("select parse_date(?)", [text]).fetchall()
