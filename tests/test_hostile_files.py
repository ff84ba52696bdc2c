"""Hostile and malformed files (issue 6, item 1), built by tests/hostile_files.py.

Each file goes through the real command line, `python -m annexa ingest FILE --la X01 --db DB`,
in a child process, so the test can hold it to the bounds below and survive a reader that
aborts. A refused file must exit 2 with a message that names the file, says what is wrong and
what to do, holds no cell value, and leaves the database's bytes exactly as they were. A file
that can be used is loaded, with a data-quality note where reading it changed something.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import hostile_files as hf
import pytest
from conftest import built_once

from annexa.store import warehouse
from ingest.load import ingest
from ingest.reader import UnreadableFile, read_file

ROOT = Path(__file__).resolve().parents[1]

WALL_SECONDS = 60
"""Every file below is refused or loaded within 60 s of wall time, process start included, on
the project's 2-core machine (most take 2-5 s; the slowest, the 600,000 rows without cell
positions, about 5 s). A safety bound, not a speed target: it fails only when something runs
away."""

PEAK_RSS_MB = 1024
"""...and within 1 GB of peak resident memory (the child's ru_maxrss). A small valid ingest
peaks at about 270 MB; the readers' own bounds (ingest/reader.py) keep what a file can make
them hold to a few hundred MB more."""

ADDRESS_SPACE_BYTES = 8 << 30
"""Not an assertion: the child's address space is capped at 8 GB so that a regression fails
this test (an allocation fails and the child aborts) instead of exhausting the shared machine.
A normal ingest reserves about 3 GB of address space."""

CHILD_VALUES = re.compile(r"HX-0\d\d|Zoë|Zo\\xeb")  # the synthetic child IDs in the files


@dataclass
class Run:
    rc: int | None  # None: killed at WALL_SECONDS
    stdout: str
    stderr: str
    wall: float
    peak_rss_mb: float


def _cap_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES))


def run_ingest(files: list[Path], db: Path, tmp: Path, *extra: str) -> Run:
    """The CLI in a child process, timed, with its own peak RSS from wait4()."""
    out, err = tmp / "stdout.txt", tmp / "stderr.txt"
    env = {k: v for k, v in os.environ.items() if k != "ANNEXA_DB"}
    with open(out, "w") as fo, open(err, "w") as fe:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "annexa", "ingest", *map(str, files), "--la", "X01",
             "--db", str(db), "--quiet", *extra],
            stdout=fo, stderr=fe, cwd=ROOT, env=env, preexec_fn=_cap_address_space)
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > WALL_SECONDS:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                killed = True
                break
            time.sleep(0.02)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(None if killed else proc.returncode, out.read_text(), err.read_text(), wall,
               usage.ru_maxrss / 1024)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    """A database that already holds one submission, built once per test run by a small valid
    ingest (each test copies it)."""
    return built_once(tmp_path_factory, "hostile_base", _build_base_db)


def _build_base_db(folder: Path) -> Path:
    wb = hf.write_xlsx(folder / "good.xlsx", [hf.Sheet("List_1", hf.sheet_xml(hf.list_1_rows()))])
    db = folder / "annexa.duckdb"
    ingest([wb], "T01", as_at=dt.date(2026, 10, 30), db=db)
    return db


@pytest.fixture
def db(base_db, tmp_path) -> Path:
    path = tmp_path / "db" / "annexa.duckdb"
    path.parent.mkdir()
    shutil.copyfile(base_db, path)
    return path


def _within_bounds(run: Run) -> None:
    assert run.rc is not None, f"still running after {WALL_SECONDS} s: {run.stderr[-2000:]}"
    assert run.wall < WALL_SECONDS
    assert run.peak_rss_mb < PEAK_RSS_MB, f"peak RSS {run.peak_rss_mb:.0f} MB"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert not CHILD_VALUES.search(run.stderr + run.stdout), "a cell value was printed"


# ---------------------------------------------------------------------------- refused files


def _lying_bomb(folder):
    return hf.zip_bomb(folder, lie=True)


def _wide_undeclared(folder):
    return hf.sixteen_k_columns(folder, dimension=False)


def _million_undeclared(folder):
    return hf.million_rows(folder, dimension=False)


def _corners_lying(folder):
    return hf.far_corners(folder, dimension="A1:B2")


def _gt_inside_quotes(folder):
    return hf.oddly_quoted_far_cell(folder)


def _r_inside_quotes(folder):
    return hf.oddly_quoted_far_cell(folder, 'foo=" r=\'A2\'" r="XFD1048576"')


def _two_positions(folder):
    return hf.oddly_quoted_far_cell(folder, 'r="A2" r="XFD1048576"')


REFUSED = [
    # generator, words the message must hold (besides the file name and "not changed")
    (hf.not_a_zip, ["not an Excel workbook", "plain text", "rename it to .csv"]),
    (hf.truncated_zip, ["damaged", "save it again from Excel"]),
    (hf.zip_bomb, ["would expand to 1.6 GB", "not loaded", "resend"]),
    (_lying_bomb, ["sheet 'List_1'", "more data than the zip directory says", "resend"]),
    (hf.entity_expansion_in_sheet, ["sheet 'List_1'", "<!DOCTYPE", "gigabytes", "resend"]),
    (hf.entity_expansion_in_shared_strings, ["xl/sharedStrings.xml", "<!DOCTYPE"]),
    (hf.external_entity, ["<!DOCTYPE", "resend"]),
    (hf.sixteen_k_columns, ["16,384 columns", "Delete", "unused columns"]),
    (_wide_undeclared, ["columns or more", "400", "unused columns"]),
    (hf.million_rows, ["1,048,576 rows", "Delete the empty rows"]),
    (_million_undeclared, ["or further", "500,000 rows", "Delete the empty rows"]),
    (hf.far_corners, ["row 1,048,576", "500,000 rows", "resend"]),
    (_corners_lying, ["row 1,048,576", "500,000 rows"]),
    (hf.prefixed_far_cell, ["columns or more", "400"]),
    (_gt_inside_quotes, ["cell tag", "cannot check", "resend"]),
    (_r_inside_quotes, ["cell tag", "cannot check"]),
    (_two_positions, ["cell tag", "two positions"]),
    (hf.unnumbered_wide, ["columns or more", "400"]),
    (hf.unnumbered_deep, ["or further", "500,000 rows"]),
    # 4.3 million copies of cell A1 are read (the sheet's rectangle is one cell, its XML under
    # the bounds) within the memory bound; the sheet then has no list headers.
    (hf.repeated_cell, ["none of the Annex A lists", "Nothing was loaded"]),
    (hf.legacy_xls, ["Excel 97-2003", ".xls", "Save As", "Excel Workbook (.xlsx)"]),
    (hf.xls_far_corners, ["Excel 97-2003", "Save As"]),
    (hf.encrypted_xlsx, ["password-protected", "remove the password"]),
    (hf.other_ole2, ["password-protected", "Excel 97-2003", "another Office document"]),
    (hf.xlsx_named_csv, ["Excel file with a .csv name", "Rename it to .xlsx"]),
    (hf.csv_named_xlsx, ["not an Excel workbook", "plain text", "rename it to .csv"]),
    (hf.pdf_named_xlsx, ["a PDF document", "not an Excel workbook"]),
    (hf.png_named_xlsx, ["a PNG picture", "not an Excel workbook"]),
    (hf.html_named_xls, ["web page (HTML)", "save it as an Excel Workbook (.xlsx)"]),
    (hf.csv_unclosed_quote, ["from line 2:", "quote", "never closed"]),
    (hf.csv_too_many_rows, ["500,000 rows"]),
]


@pytest.mark.parametrize("make, words", REFUSED, ids=[m.__name__.strip("_") for m, _ in REFUSED])
def test_hostile_file_is_refused_within_bounds_and_database_unchanged(make, words, db,
                                                                       tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = make(folder)
    assert bad.stat().st_size < 10_000_000  # generated files stay small on disk
    before = _digest(db)
    run = run_ingest([bad], db, tmp_path)
    _within_bounds(run)
    assert run.rc == 2, run.stderr[-3000:]
    message = run.stderr
    assert bad.name in message
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
    assert "not changed" in message
    assert _digest(db) == before


def test_a_hostile_file_among_good_ones_loads_nothing(db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = hf.write_xlsx(folder / "list1.xlsx",
                         [hf.Sheet("List_1", hf.sheet_xml(hf.list_1_rows()))])
    bomb = hf.zip_bomb(folder, lie=True)
    before = _digest(db)
    run = run_ingest([good, bomb], db, tmp_path)
    _within_bounds(run)
    assert run.rc == 2 and bomb.name in run.stderr
    assert _digest(db) == before


def test_messages_name_the_file_as_the_user_knows_it(tmp_path):
    # Uploads are saved as upload_0.xlsx; the message must use the name the user chose.
    bad = hf.far_corners(tmp_path)
    with pytest.raises(UnreadableFile, match=r"^Annex A March\.xlsx, sheet 'List_1'"):
        read_file(bad, "Annex A March.xlsx")


# ----------------------------------------------------------------------------- loaded files


def _load(make, db: Path, tmp_path: Path) -> tuple[dict, list[tuple]]:
    folder = tmp_path / "in"
    folder.mkdir()
    path = make(folder)
    report_path = tmp_path / "report.json"
    run = run_ingest([path], db, tmp_path, "--report-json", str(report_path))
    _within_bounds(run)
    assert run.rc in (0, 1), run.stderr[-3000:]
    report = json.loads(report_path.read_text())
    con = warehouse.connect_reader(db)
    try:
        rows = con.execute(
            "select child_id, age, contact_source from raw_list_1 where submission_id = ? "
            "order by row_number", [report["submission_id"]]).fetchall()
    finally:
        con.close()
    return report, rows


def _problems(report: dict, code: str) -> list[dict]:
    return [p for p in report["problems"] if p["code"] == code]


def test_formulas_load_their_saved_results_and_uncalculated_ones_are_reported(db, tmp_path):
    report, rows = _load(hf.formulas, db, tmp_path)
    # Rows 3-4: the cached results (13, 12, and the text a formula built). Row 5: never
    # calculated, so blank, with a warning that says which cell and what to do.
    assert rows == [("HX-001", "13", "q) 6: Police"),
                    ("HX-002", "12", "g) 3A: Health services"),
                    ("HX-003", None, None)]
    [note] = _problems(report, "formula_without_value")
    assert note["severity"] == "warning"
    assert "2 formula cells (first E5)" in note["message"]
    assert "let it calculate" in note["message"]


def test_merged_cells_load_as_written_and_are_reported(db, tmp_path):
    report, rows = _load(hf.merged_cells, db, tmp_path)
    assert [r[0] for r in rows] == ["HX-001", "HX-002", "HX-003"]
    [note] = _problems(report, "merged_cells")
    assert note["severity"] == "info"
    # The title merged across the top (as the template does) is not worth a note.
    assert "F2:G2, C3:C4" in note["message"] and "A1:H1" not in note["message"]


def test_hidden_and_very_hidden_lists_are_loaded_and_reported(db, tmp_path):
    report, _ = _load(hf.hidden_sheets, db, tmp_path)
    assert report["lists"]["list_3"]["rows_loaded"] == 1
    assert report["lists"]["list_6"]["rows_loaded"] == 1
    notes = {p["sheet"]: p for p in _problems(report, "hidden_sheet")}
    assert set(notes) == {"List_3", "List_6"}
    assert notes["List_3"]["severity"] == "info"
    assert "very hidden" in notes["List_6"]["message"]
    assert "very hidden" not in notes["List_3"]["message"]


@pytest.mark.parametrize("make", [hf.macro_workbook, hf.unnumbered_list],
                         ids=["xlsm", "cells_without_positions"])
def test_macro_workbooks_and_unpositioned_cells_load_normally(make, db, tmp_path):
    report, rows = _load(make, db, tmp_path)
    assert report["lists"]["list_1"]["rows_loaded"] == 3
    assert rows[0] == ("HX-001", "13", "q) 6: Police")
    assert not _problems(report, "missing_column")


@pytest.mark.parametrize("make", [hf.csv_with_bom, hf.csv_with_semicolons,
                                  hf.csv_in_windows_1252, hf.csv_in_utf16_tabs],
                         ids=["bom", "semicolons", "windows_1252", "utf16_tabs"])
def test_csv_variants_load(make, db, tmp_path):
    report, rows = _load(make, db, tmp_path)
    assert report["lists"]["list_1"]["rows_loaded"] == 2
    assert [r[0] for r in rows] == ["HX-001", "Zoë-002"]
    assert not _problems(report, "missing_column")


def test_an_uploaded_csv_is_matched_by_the_name_the_user_gave(tmp_path):
    # The upload page saves files as upload_0.csv; lists are matched by the user's file name.
    saved = tmp_path / "upload_0.csv"
    hf.csv_with_bom(tmp_path).rename(saved)
    [sheet] = read_file(saved, "List_3.csv")
    assert (sheet.source_file, sheet.sheet) == ("List_3.csv", "List_3")
