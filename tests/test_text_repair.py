"""Text that carrying a file between systems damaged is repaired before it is read
(ingest/text_repair.py; docs/data-quality.md, "The order of reading"): each repair only where
its mark is, said in the reading's note or the header's variant line, never silent."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import write_template_workbook

from ingest.codes import read_code
from ingest.load import ingest
from ingest.spec import load_spec, match_headers
from ingest.text_repair import repair


@pytest.mark.parametrize(("damaged", "meant", "undone"), [
    ("Placed%20with%20parents", "Placed with parents", "web percent-encoding"),
    ("Placed+with+parents%2C+P1", "Placed with parents, P1", "web percent-encoding"),
    ("Aged%2016+", "Aged 16+", "web percent-encoding"),  # '%20' for spaces: '+' is a plus
    ("Foster care_x000D_\nshort term", "Foster care\r\nshort term", "Excel's escaped characters"),
    ("Children\\u2019s home", "Children’s home", "escapes written out"),
    ("Children\\u2019s\\nhome", "Children’s home", "escapes written out"),
    ("Family &amp; friends", "Family & friends", "HTML entities"),
    ("Children&#8217;s home", "Children’s home", "HTML entities"),
    ("Childrenâ€™s home", "Children’s home", "characters decoded with the wrong code page"),
    ("Children\ufffds home", "Children s home", "characters the export lost"),
])
def test_each_kind_of_damage_is_undone_and_named(damaged, meant, undone):
    text, done = repair(damaged)
    assert text == meant
    assert done == (undone,)


@pytest.mark.parametrize("plain", [
    # A backslash alone is a separator, not an escape: its 'no' stays.
    "Moved into independent living\\no support", "Returned home\\not part of planning",
    "P1: Placed with parents", "CIN + CP", "100% attendance", "Family & friends", "Café",
    "Foster - 50%", "Children's home", "U1", "",
])
def test_a_cell_written_plainly_is_never_touched(plain):
    assert repair(plain) == (plain, ())


def test_a_repaired_code_value_is_read_and_says_what_was_undone():
    r = read_code("list_8", "placement_type", "Placed%20with%20parents")
    assert (r.code, r.status) == ("k) P1: Placed with parents", "variant")
    assert "web percent-encoding" in r.note
    r = read_code("list_8", "placement_type", "Childrenâ€™s home")
    assert r.code == "p) K2: Children’s Homes"
    assert "wrong code page" in r.note
    # Written as the template writes it, the same value is exact and says nothing.
    assert read_code("list_8", "placement_type", "k) P1: Placed with parents").status == "exact"


def test_a_repaired_header_matches_its_column_and_is_reported_as_a_variant():
    spec = load_spec().lists["list_8"]
    headers = [c.header for c in spec.columns]
    headers[0] = headers[0].replace(" ", "%20")
    headers[1] = f"{headers[1]}_x000D_"
    m = match_headers(headers, spec)
    assert not m.unknown and not m.missing
    said = {col: why for _, _, col, why in m.variants}
    assert "web percent-encoding" in said[spec.columns[0].name]
    assert "Excel's escaped characters" in said[spec.columns[1].name]


def test_a_workbook_with_damaged_text_loads_with_every_repair_reported(tmp_path):
    spec = load_spec().lists["list_1"]
    child_id_header = next(c.header for c in spec.columns if c.name == "child_id")
    book = write_template_workbook(tmp_path / "damaged.xlsx", {
        "list_1": [{"child_id": "C1", "gender": "Male", "ethnicity": "a) WBRI",
                    "contact_date": dt.date(2026, 10, 1),
                    "contact_source": "Schools%20%28education%29"},
                   {"child_id": "C2", "gender": "b) Female", "ethnicity": "a) WBRI",
                    "contact_date": dt.date(2026, 10, 2), "contact_source": "q) 6"}],
    }, headers={"list_1": {"child_id": child_id_header.replace(" ", "%20")}})
    report = ingest([book], "E01", as_at=dt.date(2026, 10, 30), db=tmp_path / "d.duckdb")
    assert report.lists["list_1"]["rows_loaded"] == 2
    lines = {(p["code"], p.get("value")): p for p in report.problems}
    header_lines = [p for p in report.problems if p["code"] == "header_variant"]
    assert any("percent-encoding" in p["message"] for p in header_lines), header_lines
    source = lines[("mapped_variant", "Schools%20%28education%29")]
    assert "percent-encoding" in source["message"]


def test_an_la_mapping_of_a_damaged_spelling_still_applies():
    """The LA's mapping is keyed by the spelling as its file writes it (ingest/la_mappings.py)."""
    from ingest.codes import fold

    spelling = "Kinship%20(connected%20person)"
    mine = {("list_8", "placement_type", fold(spelling)):
            "c) U3: Foster placement - relative - not FFA"}
    r = read_code("list_8", "placement_type", spelling, la_mappings=mine)
    assert (r.code, r.status) == ("c) U3: Foster placement - relative - not FFA", "la_mapping")


def test_every_reading_of_a_repaired_value_says_so():
    retired = read_code("list_8", "placement_type",
                        "H5%3A%20Semi-independent living accommodation", year=2026)
    assert retired.status == "retired" and "web percent-encoding" in retired.note
    unread = read_code("list_8", "placement_type", "Zqx%20wibble")
    assert unread.code is None and "web percent-encoding" in unread.note
