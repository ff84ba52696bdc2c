"""A real `streamlit run` server, driven through every page with planted child-level values:
nothing it logs, and no error page it shows, holds one (issue 6, item 6).

Its uploads include files it must refuse, an age DuckDB cannot cast, and (through a test-only
sitecustomize hook in the server's Python) an upload that fails with a DuckDB error quoting a
child's ID. Then the server's whole stdout/stderr, the files beside the database and its temp
folder are scanned. tests/test_privacy.py covers the CLI, the Python API and AppTest.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from privacy_fixture import (  # noqa: E402
    CHILD_IDS,
    leaks,
    scan_folder,
    write_crasher_workbook,
    write_planted_workbook,
    write_unusable_files,
)

from e2e.conftest import ROOT, fill_as_at, start_server, stop_server, wait_idle  # noqa: E402

# Loaded into the server's Python before anything else: an upload for LA "BOOM" fails the way
# DuckDB fails on a cell it cannot convert, quoting the cell.
HOOK = f"""
import duckdb
import ingest.load as load

_real = load.ingest_or_report_duplicate


def _boom(paths, la_code, *args, **kwargs):
    if la_code == "BOOM":
        raise duckdb.ConversionException(
            "Conversion Error: Could not convert string '{CHILD_IDS[1]}' to INT32")
    return _real(paths, la_code, *args, **kwargs)


load.ingest_or_report_duplicate = _boom
"""
AS_AT_E2E = dt.date(2026, 10, 30)
PAGES = ["Briefing", "Lists in detail", "Regional overview", "Case selection",
         "Child journey", "Upload and data quality", "Manage data", "Timelines",
         "Descriptor helper"]


def _upload(page, url: str, path: Path, code: str) -> None:
    """Upload one file as a new LA, from a fresh page (the uploader keeps earlier files)."""
    page.goto(f"{url}/upload")
    wait_idle(page)
    page.get_by_label("Local authority", exact=True).click()
    page.get_by_role("option", name="New LA...", exact=True).click()
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("textbox", name="New LA code").fill(code)
    fill_as_at(page, AS_AT_E2E)
    page.get_by_role("button", name="Load files").click()
    wait_idle(page, timeout=120_000, quiet=800)  # until the run the click starts has ended


def _shown(page) -> str:
    return page.locator("body").inner_text()


def test_server_log_and_error_pages_hold_no_child_value(page, tmp_path, monkeypatch, shot):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    planted = write_planted_workbook(inputs / "Annex A planted.xlsx")
    crasher = write_crasher_workbook(inputs / "crasher.xlsx")
    unusable = write_unusable_files(inputs, planted)
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK)
    temp = tmp_path / "temp"
    temp.mkdir()
    # The hook imports ingest before the app does: from this checkout, as the app will.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), str(ROOT)]))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.delenv("ANNEXA_USERS", raising=False)
    db = tmp_path / "data" / "annexa.duckdb"
    log = tmp_path / "streamlit.log"
    proc, url = start_server(db, log)
    try:
        page.goto(f"{url}/upload")
        expect(page.get_by_text("No data loaded yet: upload")).to_be_visible(timeout=30_000)

        # An upload that fails inside DuckDB, quoting a child's ID: a generic error page.
        _upload(page, url, planted, "BOOM")
        expect(page.locator("[data-testid='stException']")).to_be_visible()
        assert "error message is redacted" in _shown(page)
        assert page.get_by_role("link", name="Ask ChatGPT").count() == 0
        assert not leaks(_shown(page)), _shown(page)
        shot(page, "privacy_error_page")
        # An age DuckDB cannot cast: the same generic page (or, once such ages are reported as
        # invalid_number, a report), never the value.
        _upload(page, url, crasher, "P03")
        if page.locator("[data-testid='stException']").count():
            assert not leaks(_shown(page)), _shown(page)
        # Files it must refuse: a message saying what to do, quoting nothing from the file.
        for path in unusable:
            _upload(page, url, path, "P09")
            expect(page.get_by_text("Nothing was loaded; the data already")).to_be_visible()
            assert not leaks(_shown(page)), f"{path.name}: {_shown(page)}"

        # A workbook with every data-quality problem: the report may show IDs and values (its
        # table is drawn on a canvas); every other page is then visited.
        _upload(page, url, planted, "P01")
        expect(page.get_by_text("Data quality:")).to_be_visible(timeout=60_000)
        for name in PAGES:
            page.get_by_role("link", name=name, exact=True).click()
            wait_idle(page, timeout=120_000)
        # A copied link naming a child reaches the server as a request for the page.
        page.goto(f"{url}/child-journey?la=P01&child={CHILD_IDS[0]}")
        wait_idle(page, timeout=120_000)
        expect(page.get_by_text(CHILD_IDS[0]).first).to_be_visible()
        shot(page, "privacy_child_journey")
    finally:
        stop_server(proc, timeout=30)

    text = log.read_text()
    # The failures really were logged (the hook's error, by type and frames only)...
    assert "Uncaught app execution" in text and "ConversionException" in text, text
    # ...and nothing the server wrote holds a planted value.
    assert not leaks(log.read_bytes()), text
    assert scan_folder(db.parent, skip=[db, *(db.parent / ".readers").glob("*")]) == {}
    assert scan_folder(temp) == {}
