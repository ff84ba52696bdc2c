"""An LA's own spellings of coded values (ingest/la_mappings.py, `annexa mappings`): each
refusal and its message, CSV import (refused whole), the CLI verbs and exit codes, and the
mappings read at the next load and, on apply, in loaded submissions without their files."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from db_query import rows as sql

from annexa.cli import main
from annexa.store import warehouse
from ingest import la_mappings as lm
from ingest.la_mappings import MappingError
from ingest.load import ingest

# A local contact source nothing in the spec reads as a code. ("MASH - Police Referral" is read
# as Police by its words, so it needs no mapping.)
LOCAL = "MASH PR"
POLICE = "q) 6: Police"


def write_csv(path, rows, header=("list", "column", "spelling", "code")):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def contacts_csv(path, child, source=LOCAL):
    """A one-list CSV (list_1) in the template's headers."""
    return write_csv(path, [[child, "a) Male", "a) WBRI", "01/09/2026", source]],
                     header=("Child Unique ID", "Gender", "Ethnicity", "Date of Contact",
                             "Contact Source"))


def cli(capsys, *args):
    rc = main(["mappings", *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


# ------------------------------------------------------------------------------------ checking

@pytest.mark.parametrize("list_", ["list_1", "1", "List 1", "List_1", "L1", "list 01",
                                   "List 1: Contacts", "Contacts"])
def test_a_list_may_be_written_several_ways(list_):
    assert lm.check(list_, "contact_source", LOCAL, POLICE).list == "list_1"


@pytest.mark.parametrize("column", ["contact_source", "Contact Source", "contact source ",
                                    "Source of Contact", "CONTACT SOURCE"])
def test_a_column_by_name_or_header_as_written(column):
    assert lm.check("1", column, LOCAL, POLICE).column == "contact_source"


@pytest.mark.parametrize("code", [POLICE, "Police", "6", "police", "q) 6: Police "])
def test_the_official_code_is_stored_whatever_reads_as_it(code):
    assert lm.check("1", "contact_source", f" {LOCAL} ", code) == lm.Mapping(
        "list_1", "contact_source", LOCAL, POLICE)


@pytest.mark.parametrize("entry, message", [
    (("12", "contact_source", LOCAL, POLICE), "unknown list '12': use a list number 1-11"),
    (("", "contact_source", LOCAL, POLICE), "no list given"),
    (("1", "Source", LOCAL, POLICE),
     "List 1: Contacts has no column 'Source': the coded columns of List 1: Contacts are "
     "'Gender' (gender), 'Ethnicity' (ethnicity), 'Contact Source' (contact_source)"),
    (("1", "Date of Contact", LOCAL, POLICE),
     "'Date of Contact' of List 1: Contacts is a date column, not a coded one, so it takes no "
     "mappings"),
    (("3", "Allocated Team", "MASH", POLICE), "is a text column, not a coded one"),
    (("1", "contact_source", LOCAL, "Polizia"),
     "'Polizia' is not a code of 'Contact Source' (code list 'Contact / Referral Source'): give "
     "one of 'a) 1A: Individual'; "),
    (("1", "contact_source", LOCAL, "a) Male"), "'a) Male' is not a code of 'Contact Source'"),
    (("1", "contact_source", LOCAL, ""), "no code given"),
    (("1", "contact_source", "  ", POLICE), "the spelling is blank"),
    (("1", "contact_source", "--", POLICE), "the spelling is blank"),
    (("1", "contact_source", "6", "Schools"),
     "'6' is the official code 'q) 6: Police' of 'Contact Source': a mapping cannot make it "
     "mean another code ('e) 2A: Schools')"),
])
def test_each_refusal_says_what_is_wrong_and_what_to_do(entry, message):
    with pytest.raises(MappingError) as exc:
        lm.check(*entry)
    assert message in str(exc.value)


def test_a_long_code_list_is_cut_short_in_a_refusal():
    with pytest.raises(MappingError) as exc:
        lm.check("8", "placement_type", "Foster - LA", "nothing like it")
    assert "more (the template's Codes_used sheet" in str(exc.value)


# ------------------------------------------------------------------------------------- the CSV

def test_a_good_csv_gives_checked_rows(tmp_path):
    path = write_csv(tmp_path / "m.csv", [
        ["list_1", "Contact Source", LOCAL, "Police"],
        ["List 3", "referral_source", "Front door - school", "e) 2A: Schools"],
        ["", "", "", ""],
        ["8", "Placement Type", "IFA", "f) U6: Foster placement - not FFA"],
        ["1", "contact source", "mash  pr", POLICE],  # the same spelling again, same code
    ])
    rows = lm.import_csv(path)
    assert [(m.list, m.column, m.spelling, m.code) for m in rows] == [
        ("list_1", "contact_source", LOCAL, POLICE),
        ("list_3", "referral_source", "Front door - school", "e) 2A: Schools"),
        ("list_8", "placement_type", "IFA", "f) U6: Foster placement - not FFA"),
    ]


def test_a_csv_from_excel_semicolons_bom_and_windows_text(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes("\ufeffList;Column;Spelling;Code\n1;Contact Source;MASH – PR;6\n"
                     .encode("utf-8"))
    assert lm.import_csv(path)[0].spelling == "MASH – PR"
    path.write_bytes("list,column,spelling,code\n1,Contact Source,MASH – PR,6\n"
                     .encode("cp1252"))
    assert lm.import_csv(path)[0].code == POLICE


def test_a_csv_with_bad_lines_is_refused_whole_naming_every_line(tmp_path):
    path = write_csv(tmp_path / "m.csv", [
        ["1", "Contact Source", LOCAL, "Police"],            # line 2: fine
        ["13", "Contact Source", "x", "Police"],             # line 3: no such list
        ["1", "Date of Contact", "x", "Police"],             # line 4: not coded
        ["1", "Contact Source", "", "Police"],               # line 5: blank spelling
        ["1", "Contact Source", "Y", "Polizia"],              # line 6: no such code
        ["1", "Contact Source", "mash-pr", "Schools"],       # line 7: disagrees with line 2
    ])
    with pytest.raises(MappingError) as exc:
        lm.import_csv(path)
    assert [where for where, _ in exc.value.problems] == [f"line {n}" for n in range(3, 8)]
    text = str(exc.value)
    assert "line 3: unknown list '13'" in text
    assert "line 4: 'Date of Contact' of List 1: Contacts is a date column" in text
    assert "line 5: the spelling is blank" in text
    assert "line 6: 'Polizia' is not a code of 'Contact Source'" in text
    assert f"line 7: 'mash-pr' is mapped to '{POLICE}' at line 2 and to 'e) 2A: Schools'" in text


@pytest.mark.parametrize("content, message", [
    (b"list,column,code\n1,Contact Source,6\n", "has no column 'spelling': its first line "
                                                "must be list,column,spelling,code"),
    (b"list,column,spelling,code\n", "has a header but no mappings"),
    (b"PK\x03\x04\x00\x00binary", "is not a text CSV file"),
])
def test_a_file_that_is_not_a_mappings_csv(tmp_path, content, message):
    path = tmp_path / "m.csv"
    path.write_bytes(content)
    with pytest.raises(MappingError, match=message):
        lm.import_csv(path)


def test_a_missing_file(tmp_path):
    with pytest.raises(MappingError, match="file not found"):
        lm.import_csv(tmp_path / "nope.csv")


# ------------------------------------------------------------------------------------- storing

def test_add_replaces_the_same_spelling_and_remove_matches_it_loosely(db_path):
    with warehouse.write_transaction(db_path) as con:
        assert lm.add_mapping(con, " T01 ", "1", "Contact Source", LOCAL, "Police") == POLICE
        assert lm.add_mapping(con, "T01", "1", "Contact Source", "mash-pr", "Schools") \
            == "e) 2A: Schools"
        lm.add_mapping(con, "T02", "1", "Contact Source", LOCAL, "Police")
    assert sql(db_path, "select la_code, spelling, code from la_code_mappings order by 1") == [
        ("T01", "mash-pr", "e) 2A: Schools"), ("T02", LOCAL, POLICE)]
    with warehouse.write_transaction(db_path) as con:
        assert lm.remove_mapping(con, "T01", "list_1", "contact_source", "MASH  PR") == [
            "mash-pr"]
        with pytest.raises(MappingError, match="LA T01 has no mapping of 'MASH PR' in "
                                               "'Contact Source' of List 1: Contacts"):
            lm.remove_mapping(con, "T01", "list_1", "contact_source", LOCAL)
    assert sql(db_path, "select la_code from la_code_mappings") == [("T02",)]


def test_a_refused_add_changes_nothing(db_path):
    warehouse.ensure_database(db_path)
    before = db_path.read_bytes()
    with pytest.raises(MappingError), warehouse.write_transaction(db_path) as con:
        lm.add_mapping(con, "T01", "1", "Contact Source", LOCAL, "nonsense")
    assert db_path.read_bytes() == before


# ------------------------------------------------------------------------------------- the CLI

def test_cli_add_list_remove(db_path, capsys):
    db = str(db_path)
    rc, out, _ = cli(capsys, "list", "--la", "T01", "--db", db)
    assert rc == 0 and "LA T01 has no mappings of its own" in out
    rc, out, err = cli(capsys, "add", "--la", "T01", "--list", "1", "--column", "Contact Source",
                       "--spelling", LOCAL, "--code", "6", "--db", db)
    assert rc == 0, err
    assert f"Stored for LA T01: List 1: Contacts, 'Contact Source': '{LOCAL}' means " \
           f"'{POLICE}'." in out
    assert "applies at LA T01's next load" in out
    rc, out, _ = cli(capsys, "list", "--la", "T01", "--db", db)
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].split() == ["List", "Column", "Spelling", "Code"]
    assert lines[2].startswith("List 1: Contacts  Contact Source  MASH PR")
    assert lines[2].endswith(POLICE)
    assert "1 mapping(s) for LA T01." in out
    rc, out, _ = cli(capsys, "remove", "--la", "T01", "--list", "list_1", "--column",
                     "contact_source", "--spelling", "mash pr", "--db", db)
    assert rc == 0 and f"Removed from LA T01: '{LOCAL}'." in out
    assert sql(db_path, "select count(*) from la_code_mappings") == [(0,)]


@pytest.mark.parametrize("args, message", [
    (["add", "--list", "1", "--column", "Date of Contact", "--spelling", "x", "--code", "6"],
     "'Date of Contact' of List 1: Contacts is a date column"),
    (["add", "--list", "99", "--column", "x", "--spelling", "x", "--code", "6"],
     "unknown list '99'"),
    (["add", "--list", "1", "--column", "Contact Source", "--spelling", " ", "--code", "6"],
     "the spelling is blank"),
    (["add", "--list", "1", "--column", "Contact Source", "--spelling", "x", "--code", "zz"],
     "'zz' is not a code of 'Contact Source'"),
    (["remove", "--list", "1", "--column", "Contact Source", "--spelling", "x"],
     "LA T01 has no mapping of 'x'"),
    (["apply"], "no submission is loaded for LA 'T01'"),
])
def test_cli_refusals_exit_2_with_the_message(db_path, capsys, args, message):
    rc, out, err = cli(capsys, args[0], "--la", "T01", *args[1:], "--db", str(db_path))
    assert rc == 2
    assert err.startswith("annexa mappings: ") and message in err
    assert out == ""


def test_cli_import_good_and_bad_files(db_path, tmp_path, capsys):
    db = str(db_path)
    good = write_csv(tmp_path / "good.csv", [["1", "Contact Source", LOCAL, "Police"],
                                             ["3", "Referral Source", "Front door", "6"]])
    rc, out, err = cli(capsys, "import", str(good), "--la", "T01", "--db", db)
    assert rc == 0, err
    assert "Stored 2 mapping(s) for LA T01" in out
    bad = write_csv(tmp_path / "bad.csv", [["1", "Contact Source", "Another", "Police"],
                                           ["1", "Gender", "boy", "Police"],
                                           ["1", "Ethnicity", "", "a) WBRI"]])
    before = db_path.read_bytes()
    rc, out, err = cli(capsys, "import", str(bad), "--la", "T01", "--db", db)
    assert rc == 2 and out == ""
    assert "was refused, nothing was stored" in err
    assert "line 3: 'Police' is not a code of 'Gender'" in err
    assert "line 4: the spelling is blank" in err
    assert "line 2" not in err
    assert db_path.read_bytes() == before
    assert sql(db_path, "select count(*) from la_code_mappings") == [(2,)]


# -------------------------------------------------------------- read at the next load, or applied

def _contact_source(db, submission_id):
    return sql(db, "select contact_source from stg_list_1 where submission_id = ?",
               [submission_id])[0][0]


def _reading(db, submission_id):
    return sql(db, "select code, status from code_readings where submission_id = ? and "
                   "column_name = 'contact_source'", [submission_id])[0]


def _unmapped(db, submission_id):
    return sql(db, "select value from dq_issues where submission_id = ? and code = "
                   "'unmapped_code'", [submission_id])


def test_a_mapping_is_read_at_the_next_load_and_applied_to_loaded_ones(db_path, tmp_path,
                                                                        capsys):
    db = str(db_path)
    first = contacts_csv(tmp_path / "list_1.csv", "C1")
    s1 = ingest([first], "T01", as_at=dt.date(2026, 10, 30), db=db).submission_id
    assert _contact_source(db, s1) is None
    assert _reading(db, s1) == (None, "unmapped")
    assert _unmapped(db, s1) == [(LOCAL,)]

    rc, _, err = cli(capsys, "add", "--la", "T01", "--list", "1", "--column", "Contact Source",
                     "--spelling", "mash-pr", "--code", "Police", "--db", db)
    assert rc == 0, err
    other = contacts_csv(tmp_path / "contacts_list_1.csv", "C2")
    s2 = ingest([other], "T01", as_at=dt.date(2026, 10, 31), db=db).submission_id
    assert _contact_source(db, s2) == POLICE
    assert _reading(db, s2) == (POLICE, "la_mapping")
    assert _unmapped(db, s2) == []
    assert _contact_source(db, s1) is None  # loaded before: read again only on apply

    # Apply re-reads what is loaded, without the files.
    first.unlink()
    other.unlink()
    rc, out, err = cli(capsys, "apply", "--la", "T01", "--db", db)
    assert rc == 0, err
    assert f"submission {s1}: 1 value(s) read through the LA's mappings, 0 value(s) still" in out
    assert _contact_source(db, s1) == POLICE
    assert sql(db, "select contact_source from int_list_1_rows where submission_id = ?",
               [s1]) == [(POLICE,)]
    assert _reading(db, s1) == (POLICE, "la_mapping")
    assert _unmapped(db, s1) == []

    # Removing it with --apply makes the value unread again, and reported.
    rc, out, err = cli(capsys, "remove", "--la", "T01", "--list", "1", "--column",
                       "contact_source", "--spelling", LOCAL, "--apply", "--db", db)
    assert rc == 0, err
    assert f"submission {s2}: 0 value(s) read through the LA's mappings, 1 value(s)" in out
    for sid in (s1, s2):
        assert _contact_source(db, sid) is None
        assert _unmapped(db, sid) == [(LOCAL,)]


def test_add_and_import_with_apply_and_other_las_untouched(db_path, tmp_path, capsys):
    db = str(db_path)
    s1 = ingest([contacts_csv(tmp_path / "list_1.csv", "C1")], "T01",
                as_at=dt.date(2026, 10, 30), db=db).submission_id
    s9 = ingest([contacts_csv(tmp_path / "list_1_other.csv", "Z1")], "T09",
                as_at=dt.date(2026, 10, 30), db=db).submission_id
    rc, out, err = cli(capsys, "add", "--la", "T01", "--list", "1", "--column", "Contact Source",
                       "--spelling", LOCAL, "--code", "Police", "--apply", "--db", db)
    assert rc == 0, err
    assert "Re-read the coded values of LA T01's 1 loaded submission(s)" in out
    assert _contact_source(db, s1) == POLICE
    assert _contact_source(db, s9) is None  # another LA's same spelling is its own business

    mappings = write_csv(tmp_path / "m.csv", [["1", "Contact Source", LOCAL, "Schools"]])
    rc, out, err = cli(capsys, "import", str(mappings), "--la", "T09", "--apply", "--db", db)
    assert rc == 0, err
    assert _contact_source(db, s9) == "e) 2A: Schools"
    assert _contact_source(db, s1) == POLICE
