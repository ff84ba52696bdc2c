"""Inputs with planted child-level values, and a scanner for where they must never appear.

Used by tests/test_privacy.py and tests/e2e/test_privacy_server.py (issue 6, item 6: "no
child-level value in logs, warnings or error pages"). The planted values are distinctive strings
that occur nowhere else, so any occurrence outside the database and the deliberate reports
(data-quality report, --report-json, exports) is a leak.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
from conftest import write_template_workbook

AS_AT = dt.date(2026, 10, 30)
CHILD_IDS = ("ZQPRIVACY123", "ZQPRIVACY456", "ZQPRIVACY789")
BAD_DATE = "PRIVDATE99"
BAD_CODE = "PRIVCODE77"
BAD_NUMBER = "PRIVNUM55"
WORKER = "PRIVWORKER31"
TEAM = "PRIVTEAM42"
NOTE = "PRIVNOTE64"  # in a sheet that is not a list (ignored_sheet)
CSV_ID = "ZQPRIVCSV88"
# An age that DuckDB cannot cast to an integer: its error message quotes it, digit for digit
# ("Type DOUBLE with value 7.777777777777777e+19 can't be cast ...").
HUGE_AGE = "7.777777777777777e+19"
PLANTED = (*CHILD_IDS, BAD_DATE, BAD_CODE, BAD_NUMBER, WORKER, TEAM, NOTE, CSV_ID, HUGE_AGE)

# Every problem code the ingest reports (README "Data-quality codes"): the planted workbook
# triggers each one, so every message template is exercised with a planted value nearby.
ALL_CODES = {
    "missing_list", "missing_column", "unknown_column", "duplicate_column", "duplicate_list",
    "ignored_sheet", "empty_list", "unparseable_date", "unmapped_code", "invalid_number",
    "blank_child_id", "duplicate_child", "end_before_start", "future_event", "age_mismatch",
    "cross_list", "header_by_place",
}

_PERSON = {"gender": "a) Male", "ethnicity": "a) WBRI"}


def _planted_lists() -> dict[str, list[dict]]:
    a, b, c = CHILD_IDS
    return {
        "list_1": [
            {"child_id": a, "gender": BAD_CODE, "ethnicity": "a) WBRI", "contact_date": BAD_DATE,
             "contact_source": "q) 6: Police"},
            {"child_id": b, **_PERSON, "dob": dt.date(2010, 1, 1), "age": 2,
             "contact_date": dt.date(2026, 9, 1), "contact_source": "q) 6: Police"},
            {"child_id": None, **_PERSON, "contact_date": dt.date(2026, 9, 2),
             "contact_source": "q) 6: Police"},
            {"child_id": c, **_PERSON, "contact_date": dt.date(2027, 6, 1),
             "contact_source": "q) 6: Police"},
        ],
        "list_3": [
            {"child_id": a, **_PERSON, "referral_date": dt.date(2026, 9, 3),
             "referral_source": "q) 6: Police", "referral_nfa": "b) No",
             "referrals_12m": BAD_NUMBER, "team": TEAM, "worker": WORKER},
            {"child_id": a, **_PERSON, "referral_date": dt.date(2026, 9, 20),
             "referral_source": "q) 6: Police", "referral_nfa": "b) No", "referrals_12m": 1,
             "team": TEAM, "worker": WORKER},
        ],
        "list_4": [
            {"child_id": b, **_PERSON, "disability": "b) No",
             "assessment_start_date": dt.date(2026, 9, 1), "child_seen": "a) Yes",
             "assessment_auth_date": dt.date(2026, 8, 1), "worker": WORKER},
        ],
        "list_6": [
            {"child_id": a, **_PERSON, "disability": "b) No",
             "cin_start_date": dt.date(2026, 9, 5), "primary_need": "N1 - Abuse or neglect",
             "case_status": "b) Child Protection plan", "worker": WORKER},
        ],
        "list_7": [
            {"child_id": c, **_PERSON, "disability": "b) No",
             "cp_start_date": dt.date(2026, 7, 1), "cp_initial_category": "a) Neglect",
             "cp_latest_category": "a) Neglect", "epo_6m": "b) No", "previous_cp_plans": 0,
             "worker": WORKER},
        ],
        "list_11": [],
    }


def write_planted_workbook(path: Path) -> Path:
    """A workbook that loads, reporting every problem code, with planted values in every list."""
    write_template_workbook(path, _planted_lists(),
                            # A date header where a code column belongs is not read by its place
                            # (missing_column and unknown_column); an opaque one is
                            # (header_by_place).
                            headers={"list_6": {"primary_need": "Zqx Date"},
                                     "list_7": {"cp_latest_category": "Zqx Kode"}})
    wb = openpyxl.load_workbook(path)
    # The same list twice (duplicate_list), under a name the spec also recognises.
    wb.copy_worksheet(wb["List_1"]).title = "Contacts"
    # A column that is not in the template, and one that repeats.
    ws = wb["List_3"]
    width = ws.max_column
    ws.cell(2, width + 1, "Favourite colour")
    ws.cell(2, width + 2, "Gender")
    for r in range(3, ws.max_row + 1):
        ws.cell(r, width + 1, f"blue {CHILD_IDS[0]}")
        ws.cell(r, width + 2, BAD_CODE)
    notes = wb.create_sheet("Extra data")
    notes.append(["Working column", NOTE])
    notes.append([CHILD_IDS[0], "see file"])
    wb.save(path)
    return path


def write_planted_csv(path: Path) -> Path:
    path.write_text(
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,"
        f"Contact Source\n{CSV_ID},a) Male,a) WBRI,,,{BAD_DATE},q) 6: Police\n"
        f"{CSV_ID},{BAD_CODE},a) WBRI,,,01/09/2026,q) 6: Police\n", encoding="utf-8")
    return path


def write_crasher_workbook(path: Path) -> Path:
    """A list 1 whose age cell DuckDB cannot cast, with a planted child ID beside it."""
    return write_template_workbook(path, {"list_1": [
        {"child_id": CHILD_IDS[0], **_PERSON, "age": HUGE_AGE,
         "contact_date": dt.date(2026, 9, 1), "contact_source": "q) 6: Police"}]})


def write_unusable_files(folder: Path, planted_xlsx: Path) -> list[Path]:
    """Files the ingest must refuse (exit 2), each carrying planted values in its bytes."""
    junk = " ".join(PLANTED).encode()
    files = {
        "corrupt.xlsx": b"PK\x03\x04" + junk * 50,
        "protected.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + junk * 50,
        "text_named.xlsx": junk * 50,
        "not_text.csv": b"\x81\x8d\x8f\x90\x9d " + junk,
        "excel_named.csv": b"PK\x03\x04" + junk,
    }
    out = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out.append(folder / name)
    # A real workbook with none of the lists.
    wb = openpyxl.Workbook()
    wb.active.title = "Stuff"
    wb.active.append(list(PLANTED))
    wb.save(folder / "no_lists.xlsx")
    out.append(folder / "no_lists.xlsx")
    # Workbooks whose first sheet the reader rejects; the second with an error that quotes the
    # cell (calamine: "Unknown cell 't' attribute: \"ZQPRIVACY123\"").
    sheets = {
        "damaged.xlsx": b"<worksheet><sheetData><row><c t='inlineStr'><is><t>" + junk,
        "bad_cell.xlsx": (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                          b'.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="'
                          + CHILD_IDS[0].encode() + b'"><v>1</v></c></row></sheetData>'
                          b"</worksheet>"),
    }
    for name, sheet_xml in sheets.items():
        with zipfile.ZipFile(planted_xlsx) as src, zipfile.ZipFile(folder / name, "w") as dst:
            for item in src.infolist():
                data = src.read(item)
                dst.writestr(item, sheet_xml if item.filename == "xl/worksheets/sheet1.xml"
                             else data)
        out.append(folder / name)
    return out


def leaks(text: str | bytes, values=PLANTED) -> list[str]:
    """The planted values found in text (bytes are searched as UTF-8 and UTF-16)."""
    if isinstance(text, bytes):
        found = []
        for v in values:
            if v.encode() in text or v.encode("utf-16-le") in text:
                found.append(v)
        return found
    return [v for v in values if v in text]


def scan_folder(folder: Path, skip=()) -> dict[str, list[str]]:
    """Every file under folder (but those in skip) that holds a planted value."""
    skip = {Path(p).resolve() for p in skip}
    hits = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.resolve() not in skip and (found := leaks(path.read_bytes())):
            hits[str(path)] = found
    return hits
