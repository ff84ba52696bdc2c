"""Loading real layouts: the official template, sheet-name and CSV variants, reloads."""

import datetime as dt

import duckdb

from annexa.cli import main
from annexa.store import warehouse
from ingest.load import ingest

AS_AT = dt.date(2026, 10, 30)


def _rows(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_official_template_loads_with_zero_rows_and_no_error(db_path, official_template):
    report = ingest([official_template], "T01", as_at=AS_AT, db=db_path)
    assert report.status == "loaded"
    assert set(report.lists) == {f"list_{n}" for n in range(1, 12)}
    assert all(v["rows_loaded"] == 0 for v in report.lists.values())
    assert not [p for p in report.problems if p["severity"] == "error"]
    codes = {p["code"] for p in report.problems}
    assert codes <= {"empty_list", "missing_list"}


def test_reloading_the_same_file_changes_nothing(db_path, make_workbook):
    wb = make_workbook({"list_1": [{"child_id": "C1", "gender": "a) Male", "ethnicity": "a) WBRI",
                                    "contact_date": dt.date(2026, 9, 1),
                                    "contact_source": "q) 6: Police"}]})
    first = ingest([wb], "T01", as_at=AS_AT, db=db_path)
    version = warehouse.data_version(db_path)
    again = ingest([wb], "T01", as_at=AS_AT, db=db_path)
    assert again.status == "already_loaded" and again.submission_id == first.submission_id
    assert warehouse.data_version(db_path) == version
    # The same file for another LA is another submission.
    other = ingest([wb], "T02", as_at=AS_AT, db=db_path)
    assert other.status == "loaded" and other.submission_id != first.submission_id


def test_named_sheets_headers_in_row_one_and_text_dates(db_path, make_workbook):
    wb = make_workbook(
        {"list_3": [{"child_id": "0042", "gender": "Female", "ethnicity": "WBRI",
                     "dob": "01/02/2015", "age": "11", "referral_date": "03/09/2026",
                     "referral_source": "Schools", "referral_nfa": "N",
                     "referrals_12m": "1", "team": "Team A", "worker": "Worker B"}]},
        title_row=False, sheet_names={"list_3": "Referrals"},
    )
    report = ingest([wb], "T01", as_at=AS_AT, db=db_path)
    assert report.lists["list_3"]["rows_loaded"] == 1
    assert not [p for p in report.problems if p["severity"] == "error"]
    row = _rows(db_path, "select child_id, gender, referral_date, referral_source, referral_nfa, "
                         "age from stg_list_3")[0]
    assert row == ("0042", "b) Female", dt.date(2026, 9, 3), "e) 2A: Schools", "b) No", 11)


def test_one_csv_per_list_with_bom_semicolons_and_cp1252(db_path, tmp_path):
    contacts = tmp_path / "list_1_contacts.csv"
    contacts.write_bytes(
        "\ufeffChild Unique ID;Gender;Ethnicity;Date of Birth;Age;Date of Contact;Contact Source\n"
        "C1;Male;WBRI;01/01/2010;16;01/09/2026;Police\n".encode())
    leavers = tmp_path / "care_leavers.csv"
    leavers.write_bytes(
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age,Does the Child have a Disability,"
        "Allocated Team,Allocated Worker,Eligibility Category,LA In Touch ,Type of Accommodation,"
        "Suitability of Accommodation,Activity Status\n"
        "C9,Female,WBRI,01/01/2006,20,No,Leaving care,Zoë Café,Relevant,Yes,U,Suitable,F2\n"
        .encode("cp1252"))
    report = ingest([contacts, leavers], "T01", as_at=AS_AT, db=db_path)
    assert report.lists["list_1"]["rows_loaded"] == 1
    assert report.lists["list_9"]["rows_loaded"] == 1
    assert _rows(db_path, "select worker, accommodation from stg_list_9") == [
        ("Zoë Café", "U: Independent living")]


def test_blank_rows_are_skipped_and_row_numbers_are_the_sheets(db_path, make_workbook):
    base = {"gender": "a) Male", "ethnicity": "a) WBRI", "contact_date": dt.date(2026, 9, 1),
            "contact_source": "q) 6: Police"}
    wb = make_workbook({"list_1": [{"child_id": "A", **base}, {}, {"child_id": "B", **base}]})
    ingest([wb], "T01", as_at=AS_AT, db=db_path)
    assert _rows(db_path, "select child_id, row_number from stg_list_1 order by 2") == [
        ("A", 3), ("B", 5)]


def test_as_at_inferred_from_latest_event_when_not_given(db_path, make_workbook):
    wb = make_workbook({"list_1": [{"child_id": "A", "gender": "a) Male", "ethnicity": "a) WBRI",
                                    "contact_date": dt.date(2026, 8, 14),
                                    "contact_source": "q) 6: Police"}]})
    report = ingest([wb], "T01", db=db_path)
    assert report.as_at_source == "inferred"
    assert report.as_at_date == dt.date(2026, 8, 14)


def test_cli_ingest_writes_json_report(db_path, make_workbook, tmp_path, capsys):
    wb = make_workbook({"list_1": [{"child_id": "A", "gender": "Femail", "ethnicity": "a) WBRI",
                                    "contact_date": dt.date(2026, 8, 14),
                                    "contact_source": "q) 6: Police"}]})
    out = tmp_path / "report.json"
    rc = main(["ingest", str(wb), "--la", "T01", "--as-at", "2026-10-30", "--db", str(db_path),
               "--report-json", str(out), "--quiet"])
    assert rc == 0
    text = capsys.readouterr().out
    assert "Loaded submission 1" in text and "unmapped_code" in text
    import json

    data = json.loads(out.read_text())
    assert data["lists"]["list_1"]["rows_loaded"] == 1
    [p] = [p for p in data["problems"] if p["code"] == "unmapped_code"]
    assert (p["list"], p["sheet"], p["row_number"], p["column_name"], p["value"]) == (
        "list_1", "List_1", 3, "gender", "Femail")
    assert p["header"] == "Gender"
