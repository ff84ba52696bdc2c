"""The row checks added in issue 11 (docs/data-quality.md, "Row checks added in issue 11"): blank
required cells, Excel errors, identical rows, placement postcodes, ages a year out, and a load
that finds no as-at date. Each is planted in a small workbook or CSV and loaded by the ingest."""

import datetime as dt
import hashlib
import zipfile

import duckdb
import openpyxl
import pytest

from annexa.cli import main
from ingest.load import AsAtUnknown, ingest
from ingest.spec import load_spec

AS_AT = dt.date(2026, 10, 30)
SEP = dt.date(2026, 9, 1)


def _contact(child="A1", **over):
    row = {"child_id": child, "gender": "a) Male", "ethnicity": "a) WBRI", "dob": None,
           "age": None, "contact_date": SEP, "contact_source": "q) 6: Police"}
    return {**row, **over}


def _referral(child="R1", **over):
    row = {"child_id": child, "gender": "b) Female", "ethnicity": "a) WBRI",
           "referral_date": SEP, "referral_source": "e) 2A: Schools", "referral_nfa": "b) No",
           "referrals_12m": 1, "team": "Team A", "worker": "Worker B"}
    return {**row, **over}


def _lines(report, code, list_key=None):
    return [p for p in report.problems
            if p["code"] == code and (list_key is None or p["list"] == list_key)]


def _codes_at(report, list_key, row, column):
    return sorted(p["code"] for p in report.problems if p["list"] == list_key
                  and column == p["column_name"]
                  and row in (p["sample_rows"] or [p["row_number"]]))


def _sql(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sheet(path, title, headers, rows):
    """A one-sheet workbook with exactly these headers in row 1 (no title row)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


# ------------------------------------------------------------------------------ missing_value

def test_blank_required_cells_are_one_line_per_column_with_their_rows(db_path, make_workbook):
    rows = [_contact(f"A{i}") for i in range(1, 16)]
    for i in (2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14):  # rows 4, 6 ... 16 of the sheet
        rows[i]["ethnicity"] = None if i % 3 else "N/A"
    rows[3]["contact_source"] = "  "
    rows[0]["child_id"] = None  # blank_child_id, not also missing_value
    rows[1]["team"] = None  # not in list 1, and age/dob are not required: nothing
    report = ingest([make_workbook({"list_1": rows})], "T01", as_at=AS_AT, db=db_path)
    lines = {p["column_name"]: p for p in _lines(report, "missing_value")}
    assert set(lines) == {"ethnicity", "contact_source"}
    eth = lines["ethnicity"]
    assert eth["severity"] == "warning" and eth["list"] == "list_1" and eth["sheet"] == "List_1"
    assert eth["row_count"] == 12 and eth["row_number"] == 5
    assert eth["sample_rows"] == [5, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    assert eth["value"] is None and eth["header"] == "Ethnicity"
    assert eth["message"].startswith("'Ethnicity' is blank in 12 rows (first: 5, 7, 8, 9, 10)")
    assert "fill it in or say why it is not recorded" in eth["message"]
    source = lines["contact_source"]
    assert (source["row_count"], source["sample_rows"]) == (1, [6])
    assert "'Contact Source' is blank in row 6." in source["message"]
    assert [p["row_number"] for p in _lines(report, "blank_child_id")] == [3]


def test_a_column_the_sheet_lacks_is_missing_column_not_missing_value(db_path, tmp_path):
    headers = ["Child Unique ID", "Gender", "Date of Contact", "Contact Source"]  # no Ethnicity
    wb = _sheet(tmp_path / "l1.xlsx", "List_1", headers,
                [["A1", "a) Male", SEP, "q) 6: Police"], ["A2", None, SEP, "q) 6: Police"]])
    report = ingest([wb], "T01", as_at=AS_AT, db=db_path)
    assert [p["column_name"] for p in _lines(report, "missing_column")
            if p["severity"] == "error"] == ["ethnicity"]
    assert [(p["column_name"], p["row_count"]) for p in _lines(report, "missing_value")] == [
        ("gender", 1)]


# -------------------------------------------------------------------------------- excel_error

def test_excel_errors_as_text_are_kept_and_reported_once(db_path, tmp_path):
    """'#N/A' and '#REF!' typed or exported as text: kept as written in the raw table, null once
    typed, one excel_error line per column and error, and no other problem for those cells."""
    path = tmp_path / "list_3.csv"
    head = ("Child Unique ID,Gender,Ethnicity,Date of referral,Referral Source,Referral NFA?,"
            "Number of Referrals in Last 12 Months,Allocated Team,Allocated Worker\n")
    path.write_text(
        head
        + "R1,#N/A,a) WBRI,#N/A,e) 2A: Schools,b) No,#REF!,Team A,#N/A\n"
        + "R2,b) Female,#N/A,#REF!,#N/A,b) No,1,Team A,W\n"
        + "R3,b) Female,a) WBRI,#N/A,e) 2A: Schools, #n/a ,2,#VALUE!,W\n"
        + "#N/A,b) Female,a) WBRI,01/09/2026,e) 2A: Schools,b) No,1,Team A,W\n",
        encoding="utf-8")
    report = ingest([path], "T01", as_at=AS_AT, db=db_path)
    errors = {(p["column_name"], p["value"]): p for p in _lines(report, "excel_error")}
    assert set(errors) == {
        ("gender", "#N/A"), ("ethnicity", "#N/A"), ("referral_date", "#N/A"),
        ("referral_date", "#REF!"), ("referral_source", "#N/A"), ("referral_nfa", " #n/a "),
        ("referrals_12m", "#REF!"), ("team", "#VALUE!"), ("worker", "#N/A"),
        ("child_id", "#N/A")}
    dates = errors[("referral_date", "#N/A")]
    assert (dates["row_count"], dates["sample_rows"], dates["row_number"]) == (2, [2, 4], 2)
    assert dates["severity"] == "warning"
    assert "'#N/A' is an Excel error" in dates["message"] and "2 rows (2, 4)" in dates["message"]
    assert "cannot be linked" in errors[("child_id", "#N/A")]["message"]
    # One problem per cell: not also unparseable, unmapped, invalid, blank or a blank ID.
    others = {"unparseable_date", "unmapped_code", "invalid_number", "missing_value",
              "blank_child_id", "duplicate_child"}
    assert not [p for p in report.problems if p["code"] in others], report.problems
    raw = _sql(db_path, "select gender, referral_date, referrals_12m, team, child_id "
                        "from raw_list_3 order by row_number")
    assert raw[0][0] == "#N/A" and raw[0][1] == "#N/A" and raw[0][2] == "#REF!"
    assert raw[2][3] == "#VALUE!" and raw[3][4] == "#N/A"
    typed = _sql(db_path, "select child_id, gender, referral_date, referrals_12m, team, worker "
                          "from stg_list_3 order by row_number")
    assert typed[0][1:4] == (None, None, None) and typed[0][5] is None
    assert typed[2][4] is None and typed[3][0] is None


def test_true_error_cells_in_a_workbook_are_not_read_as_blank(db_path, tmp_path):
    """An .xlsx cell of error type (t="e"), and a formula whose saved result is an error: the
    reader (fastexcel) gives them as blank, so ingest/reader.py puts the error back."""
    src = tmp_path / "src.xlsx"
    headers = [c.header for c in load_spec().lists["list_1"].columns]
    rows = [["A1", "a) Male", "#N/A", None, None, SEP, "q) 6: Police"],
            ["A2", "a) Male", "a) WBRI", None, None, SEP, "q) 6: Police"],
            ["A3", "#REF!", "a) WBRI", None, None, SEP, "q) 6: Police"]]
    _sheet(src, "List_1", headers, rows)
    assert openpyxl.load_workbook(src)["List_1"]["C2"].data_type == "e"
    # G3 becomes a formula whose cached result is #DIV/0!, as Excel saves it.
    path = tmp_path / "errors.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b'<c r="G3"')
                end = data.index(b"</c>", start) + 4
                data = (data[:start] + b'<c r="G3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
                        + data[end:])
            zout.writestr(item, data)
    report = ingest([path], "T01", as_at=AS_AT, db=db_path)
    errors = {(p["row_number"], p["column_name"], p["value"]) for p in
              _lines(report, "excel_error")}
    assert errors == {(2, "ethnicity", "#N/A"), (3, "contact_source", "#DIV/0!"),
                      (4, "gender", "#REF!")}
    assert not _lines(report, "missing_value") and not _lines(report, "unmapped_code")
    assert _sql(db_path, "select row_number, gender, ethnicity, contact_source from raw_list_1 "
                         "order by row_number") == [
        (2, "a) Male", "#N/A", "q) 6: Police"), (3, "a) Male", "a) WBRI", "#DIV/0!"),
        (4, "#REF!", "a) WBRI", "q) 6: Police")]


# ------------------------------------------------------------------------------ duplicate_row

def test_identical_rows_on_a_list_that_allows_several_rows_per_child(db_path, make_workbook):
    rows = [_contact("A1"), _contact("A2"), _contact("A1"), _contact("A1", contact_date=SEP
                                                                      - dt.timedelta(days=3))]
    rows += [_contact("B1", contact_source="h) 3A: GP")] * 12
    report = ingest([make_workbook({"list_1": rows})], "T01", as_at=AS_AT, db=db_path)
    lines = sorted(_lines(report, "duplicate_row"), key=lambda p: p["row_number"])
    assert [(p["row_number"], p["row_count"], p["sample_rows"]) for p in lines] == [
        (3, 2, [3, 5]), (7, 12, list(range(7, 17)))]
    assert all(p["severity"] == "warning" and p["column_name"] is None for p in lines)
    assert lines[0]["message"].startswith("Rows 3, 5 are identical, the same in every column "
                                          "(2 rows")
    assert "Rows 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 and 2 more are identical" in \
        lines[1]["message"]


def test_identical_rows_on_a_one_row_per_child_list(db_path, make_workbook):
    """List 3: exact copies are duplicate_row and not also duplicate_child; a child whose rows
    differ is still duplicate_child, its exact copies left out of that line."""
    rows = [_referral("R1"), _referral("R2"), _referral("R1"),  # rows 3 and 5: copies
            _referral("R3"), _referral("R3", referral_date=SEP - dt.timedelta(days=40)),
            _referral("R3")]  # rows 6 and 8 copies; row 7 another referral of R3
    report = ingest([make_workbook({"list_3": rows})], "T01", as_at=AS_AT, db=db_path)
    dup_rows = sorted((p["row_number"], p["sample_rows"]) for p in _lines(report,
                                                                           "duplicate_row"))
    assert dup_rows == [(3, [3, 5]), (6, [6, 8])]
    dup_child = sorted((p["row_number"], p["value"]) for p in _lines(report, "duplicate_child"))
    assert dup_child == [(6, "R3"), (7, "R3")]
    assert "appears 2 times" in _lines(report, "duplicate_child")[0]["message"]


# --------------------------------------------------------------------------- invalid_postcode

def test_placement_postcodes_full_or_district_are_accepted(db_path, make_workbook):
    postcodes = ["SW1A 1AA", "sw1a1aa", "m11ae", "M1 1AE", "SW1A", "M1", " ec1a ", "B33 8TH",
                 "GIR 0AA", None, "", "12345", "Out of area", "SW1A 1A", "1AA", "#N/A",
                 "S70\u00a02TA"]
    rows = [{"child_id": f"C{i}", "placement_postcode": pc} for i, pc in enumerate(postcodes)]
    report = ingest([make_workbook({"list_8": rows})], "T01", as_at=AS_AT, db=db_path)
    bad = {p["value"]: p for p in _lines(report, "invalid_postcode")}
    assert set(bad) == {"12345", "Out of area", "SW1A 1A", "1AA"}
    assert all(p["severity"] == "warning" and p["column_name"] == "placement_postcode"
               for p in bad.values())
    assert bad["12345"]["row_number"] == 3 + postcodes.index("12345")
    message = bad["Out of area"]["message"]
    assert "not a UK postcode" in message and "district alone" in message
    assert "Out of area" not in message  # where a child lives stays out of the printed report
    # The error cell is excel_error only; a blank postcode is fine (the column is optional).
    assert [p["value"] for p in _lines(report, "excel_error")] == ["#N/A"]
    assert not [p for p in _lines(report, "missing_value")
                if p["column_name"] == "placement_postcode"]


# ------------------------------------------------------------------------------- age_mismatch

def test_an_age_one_year_out_is_info_two_or_more_a_warning(db_path, make_workbook):
    dob = dt.date(2015, 3, 1)  # 11 on the as-at date
    rows = [_contact(f"A{age}", dob=dob, age=age) for age in (11, 10, 12, 9, 14)]
    report = ingest([make_workbook({"list_1": rows})], "T01", as_at=AS_AT, db=db_path)
    found = {p["value"]: p for p in _lines(report, "age_mismatch")}
    assert {v: p["severity"] for v, p in found.items()} == {
        "10": "info", "12": "info", "9": "warning", "14": "warning"}
    assert "is one year from the age the date of birth 01/03/2015 gives" in found["10"]["message"]
    assert "(age 11 at the as-at date, 3 years apart)" in found["14"]["message"]


# ----------------------------------------------------------------------------------- as-at date

@pytest.fixture
def loaded_db(db_path, make_workbook):
    ingest([make_workbook({"list_1": [_contact()]}, name="good.xlsx")], "T01", as_at=AS_AT,
           db=db_path)
    return db_path


@pytest.mark.parametrize("rows", [[], [_contact(contact_date=None)]],
                         ids=["no rows", "rows without dates"])
def test_no_as_at_date_anywhere_refuses_the_load(rows, loaded_db, make_workbook, capsys):
    """Never today's date in silence: exit 2, a message naming --as-at, the database as it
    was; with --as-at the same workbook loads."""
    wb = make_workbook({"list_1": rows, "list_3": []}, name="undated.xlsx")
    before = _digest(loaded_db)
    rc = main(["ingest", str(wb), "--la", "T02", "--db", str(loaded_db), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2
    assert "undated.xlsx: no as-at date was given" in err and "--as-at YYYY-MM-DD" in err
    assert "not changed" in err and "Traceback" not in err
    assert _digest(loaded_db) == before
    with pytest.raises(AsAtUnknown):
        ingest([wb], "T02", db=loaded_db)
    assert _digest(loaded_db) == before
    assert main(["ingest", str(wb), "--la", "T02", "--db", str(loaded_db), "--quiet",
                 "--as-at", "2026-10-30"]) == 0


def test_event_dates_or_a_front_sheet_still_give_the_as_at_date(db_path, make_workbook,
                                                                tmp_path):
    wb = make_workbook({"list_1": [_contact(contact_date=dt.date(2026, 9, 14))]})
    report = ingest([wb], "T01", db=db_path)
    assert (report.as_at_date, report.as_at_source) == (dt.date(2026, 9, 14), "inferred")
    front = tmp_path / "front.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Front sheet"
    book.active.append(["Data as at:", "31/10/2026"])
    book.create_sheet("List_3").append([c.header for c in load_spec().lists["list_3"].columns])
    book.save(front)
    report = ingest([front], "T02", db=db_path)
    assert (report.as_at_date, report.as_at_source) == (dt.date(2026, 10, 31), "front sheet")


# ------------------------------------------------------------------------- header_by_place

def test_a_header_read_by_its_place_is_a_warning_naming_both_headers(db_path, tmp_path):
    headers = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Contact",
               "Referrer"]  # 'Referrer' where 'Contact Source' belongs
    wb = _sheet(tmp_path / "l1.xlsx", "List_1", headers,
                [["A1", "a) Male", "a) WBRI", None, None, SEP, "q) 6: Police"]])
    report = ingest([wb], "T01", as_at=AS_AT, db=db_path)
    [line] = _lines(report, "header_by_place")
    assert line["severity"] == "warning" and line["column_name"] == "contact_source"
    assert "column G 'Referrer' was read as 'Contact Source'" in line["message"]
    assert not _lines(report, "missing_column") and not _lines(report, "unknown_column")
    assert _sql(db_path, "select contact_source from stg_list_1") == [("q) 6: Police",)]
