"""Code normalisation, date parsing and identity rules in SQL
(docs/methodology/data.md D1, D3, D6, D7)."""

import datetime as dt

import duckdb
import pytest

from annexa.store import warehouse
from ingest import codes


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    warehouse.build(c)
    yield c
    c.close()


@pytest.mark.parametrize(
    ("code_list", "raw", "expected"),
    [
        ("gender", "b) Female", "b) Female"), ("gender", "Female", "b) Female"),
        ("gender", "F", "b) Female"), ("gender", "B) FEMALE", "b) Female"),
        ("gender", "Unborn", "c) Not stated/recorded"), ("gender", "Femail", None),
        ("adopter_gender", "Neither", "c) Neither"),  # list 11 order differs
        ("ethnicity", "WBRI", "a) WBRI"), ("ethnicity", "WBRI - White British (101)", "a) WBRI"),
        ("ethnicity", "White British", "a) WBRI"), ("ethnicity", "s) NOBT", "s) NOBT"),
        ("ethnicity", "#MULTIVALUE", None),
        ("source", "q) 6: Police", "q) 6: Police"), ("source", "Police", "q) 6: Police"),
        ("source", "3C", "i) 3C: Health services"), ("source", "5D", "p1) 5D: LA services"),
        ("source", "4", "m) 4: Housing"), ("source", "14", None),
        ("legal_status", "C1 - Interim care order", "C1: ICO"),
        ("legal_status", "E1", "E1: Placement order"),
        ("cla_end_reason", "E11", "a) E11: Adopted - application unopposed"),
        ("cla_end_reason", "E1", None),  # E1 is a legal status, never E11 by substring
        ("primary_need", "N1", "N1 - Abuse or neglect"), ("primary_need", "N10", None),
        ("placement_type", "U1", "a) U1: Foster placement - relatives - long term"),
        ("placement_provider", "b) PR1 - Own provision", "b) PR1: Own provision"),
        ("yes_no", "Y", "a) Yes"), ("yes_no", "no", "b) No"), ("yes_no", "maybe", None),
        ("referral_nfa", "No further action", "a) Yes"), ("referral_nfa", "NFA", "a) Yes"),
        ("yes_no_unknown", "Seen alone", "a) Yes"),
        ("adoption_reversal_reason", "(RD1) needs changed",
         "RD1 - The child’s needs changed subsequent to the decision"),
        ("abuse_category", "NEG", "a) Neglect"), ("case_status", "CLA", "a) Looked after child"),
        ("activity", "F4", "F4: Full time apprenticeship"),
        ("status_202", "looked after", "Looked after child"),
    ],
)
def test_read_value(code_list, raw, expected):
    assert codes.read_value(code_list, raw).code == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05/03/2024", dt.date(2024, 3, 5)), ("5/3/2024", dt.date(2024, 3, 5)),
        ("2024-03-05 00:00:00", dt.date(2024, 3, 5)), ("2024-03-05", dt.date(2024, 3, 5)),
        ("45356", dt.date(2024, 3, 5)), ("45356.75", dt.date(2024, 3, 5)),
        ("05-03-2024", dt.date(2024, 3, 5)), ("5 Mar 2024", dt.date(2024, 3, 5)),
        ("12/31/2024", None), ("31/02/2024", None), ("next week", None), ("2024", None),
        ("", None), (None, None),
    ],
)
def test_parse_date(con, raw, expected):
    assert con.execute("select parse_date(?::varchar)", [raw]).fetchall()[0][0] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" 0012 ", "0012"), ("1234.0", "1234"), ("A-17", "A-17"), ("", None), ("\u00a0", None)],
)
def test_clean_id(con, raw, expected):
    assert con.execute("select clean_id(?)", [raw]).fetchall()[0][0] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("6.7", 6), ("7", 7), ("-1", -1), ("<1", 0), ("6 months", 0), ("-3", None), ("x", None),
     ("nan", None), ("inf", None), ("4294967296", None)],
)
def test_parse_age(con, raw, expected):
    assert con.execute("select parse_age(?)", [raw]).fetchall()[0][0] == expected


@pytest.mark.parametrize(
    ("dob", "on", "expected"),
    [
        (dt.date(2010, 6, 1), dt.date(2024, 5, 31), 13),
        (dt.date(2010, 6, 1), dt.date(2024, 6, 1), 14),
        (dt.date(2012, 2, 29), dt.date(2024, 2, 28), 11),
        (dt.date(2027, 1, 1), dt.date(2026, 10, 30), -1),  # unborn: expected date of birth
    ],
)
def test_age_on(con, dob, on, expected):
    assert con.execute("select age_on(?, ?)", [dob, on]).fetchall()[0][0] == expected


# Exporters' 'nan' and 'inf', and numbers too big for the column, must be null (reported as
# invalid_number), never an error that stops the whole load.
@pytest.mark.parametrize(("raw", "expected"), [
    ("3", 3), ("3.0", 3), ("3.5", None), ("-1", None), ("nan", None), ("inf", None),
    ("1e30", None), ("-inf", None)])
def test_parse_int(con, raw, expected):
    assert con.execute("select parse_int(?)", [raw]).fetchall()[0][0] == expected
