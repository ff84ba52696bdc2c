"""A real `streamlit run` server, driven through every page with planted child-level values:
nothing it logs, and no error page it shows, holds one (issue 6, item 6).

Its uploads include files it must refuse, an age DuckDB cannot cast, and (through a test-only
sitecustomize hook in the server's Python) an upload that fails with a DuckDB error quoting a
child's ID; then every page is visited with the planted values loaded, and a copied link naming a
child is opened. After each test, and once more when the server has stopped, the server's whole
stdout/stderr, the files beside the database and its temp folder are scanned. The tests share
one server per xdist worker, each in a browser session of its own. tests/test_privacy.py covers
the CLI, the Python API and AppTest.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
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
from ingest.load import ingest  # noqa: E402

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


@dataclass
class Served:
    url: str
    db: Path
    log: Path
    temp: Path
    inputs: Path
    planted: Path


def _nothing_written_holds_a_value(served: Served) -> None:
    """Nothing the server wrote (its whole output, the files beside the database and its temp
    folder) holds a planted value."""
    text = served.log.read_text()
    assert not leaks(served.log.read_bytes()), text
    db = served.db
    assert scan_folder(db.parent, skip=[db, *(db.parent / ".readers").glob("*")]) == {}
    assert scan_folder(served.temp) == {}


# One server per xdist worker for this module's tests, each test in a session of its own (the
# walk took a minute as one test): each test checks what the server has written so far, and
# the last check, once the server has stopped, covers what it wrote on its way out.
@pytest.fixture(scope="module")
def privacy_server(tmp_path_factory, browser, browser_context_args) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("privacy_server")
    inputs = folder / "inputs"
    inputs.mkdir()
    planted = write_planted_workbook(inputs / "Annex A planted.xlsx")
    hook = folder / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK)
    temp = folder / "temp"
    temp.mkdir()
    served = Served("", folder / "data" / "annexa.duckdb", folder / "streamlit.log", temp,
                    inputs, planted)
    with pytest.MonkeyPatch.context() as mp:
        # The hook imports ingest before the app does: from this checkout, as the app will.
        mp.setenv("PYTHONPATH", os.pathsep.join([str(hook), str(ROOT)]))
        mp.setenv("TMPDIR", str(temp))
        mp.setenv("PYTHONUNBUFFERED", "1")  # each test reads the log the server has written
        mp.delenv("ANNEXA_USERS", raising=False)
        proc, served.url = start_server(served.db, served.log)
    try:
        context = browser.new_context(**browser_context_args)
        try:
            page = context.new_page()
            page.goto(f"{served.url}/upload")
            expect(page.get_by_text("No data loaded yet: upload")).to_be_visible(timeout=30_000)
        finally:
            context.close()
        yield served
    finally:
        stop_server(proc, timeout=30)
    _nothing_written_holds_a_value(served)


def _logged(served: Served, *words: str, timeout: float = 30) -> str:
    """The server's log once it holds every one of `words` (at most `timeout` s)."""
    deadline = time.monotonic() + timeout
    while True:
        text = served.log.read_text()
        if all(w in text for w in words) or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def test_an_upload_failing_in_duckdb_shows_a_generic_error_page(privacy_server, page, shot):
    served = privacy_server
    # An upload that fails inside DuckDB, quoting a child's ID: a generic error page.
    _upload(page, served.url, served.planted, "BOOM")
    expect(page.locator("[data-testid='stException']")).to_be_visible()
    assert "error message is redacted" in _shown(page)
    assert page.get_by_role("link", name="Ask ChatGPT").count() == 0
    assert not leaks(_shown(page)), _shown(page)
    shot(page, "privacy_error_page")
    # The failure really was logged (the hook's error, by type and frames only)...
    text = _logged(served, "Uncaught app execution", "ConversionException")
    assert "Uncaught app execution" in text and "ConversionException" in text, text
    # ...and nothing the server wrote holds a planted value.
    _nothing_written_holds_a_value(served)


def test_an_age_duckdb_cannot_cast_shows_no_value(privacy_server, page):
    served = privacy_server
    crasher = write_crasher_workbook(served.inputs / "crasher.xlsx")
    # An age DuckDB cannot cast: the same generic page (or, once such ages are reported as
    # invalid_number, a report), never the value.
    _upload(page, served.url, crasher, "P03")
    if page.locator("[data-testid='stException']").count():
        assert not leaks(_shown(page)), _shown(page)
    _nothing_written_holds_a_value(served)


UNUSABLE = ["corrupt.xlsx", "protected.xlsx", "text_named.xlsx", "not_text.csv",
            "excel_named.csv", "no_lists.xlsx", "damaged.xlsx", "bad_cell.xlsx"]


@pytest.fixture(scope="module")
def unusable(privacy_server) -> dict[str, Path]:
    folder = privacy_server.inputs / "unusable"
    folder.mkdir()
    files = {p.name: p for p in write_unusable_files(folder, privacy_server.planted)}
    assert sorted(files) == sorted(UNUSABLE)  # every one of them has its test below
    return files


@pytest.mark.parametrize("name", UNUSABLE)
def test_a_refused_file_says_what_to_do_quoting_nothing_from_it(privacy_server, unusable, page,
                                                               name):
    served = privacy_server
    # Files it must refuse: a message saying what to do, quoting nothing from the file.
    _upload(page, served.url, unusable[name], "P09")
    expect(page.get_by_text("Nothing was loaded; the data already")).to_be_visible()
    assert not leaks(_shown(page)), f"{name}: {_shown(page)}"
    _nothing_written_holds_a_value(served)


def test_the_data_quality_report_of_planted_values(privacy_server, page):
    served = privacy_server
    # A workbook with every data-quality problem: the report may show IDs and values (its
    # table is drawn on a canvas); nothing the server writes holds them.
    _upload(page, served.url, served.planted, "P01")
    expect(page.get_by_text("Data quality:")).to_be_visible(timeout=60_000)
    _nothing_written_holds_a_value(served)


@pytest.fixture(scope="module")
def planted_la(privacy_server) -> str:
    """The planted workbook loaded as LA P02 (by the ingest, as the Upload page loads it: the
    upload itself is the test above), for the walk through every page."""
    served = privacy_server
    ingest([served.planted], "P02", as_at=AS_AT_E2E, db=served.db)
    return "P02"


# Every page, by the sidebar's links, with the planted LA chosen: the walk in two halves (the
# second starts where the first ends), then a copied link naming a child.
HALVES = {"first half": ("upload", PAGES[:5]), "second half": ("child-journey", PAGES[5:])}


@pytest.mark.parametrize("half", list(HALVES))
def test_every_page_on_planted_values_logs_none(privacy_server, planted_la, page, shot, half):
    served = privacy_server
    start, names = HALVES[half]
    page.goto(f"{served.url}/{start}?la={planted_la}")
    wait_idle(page, timeout=120_000)
    for name in names:
        page.get_by_role("link", name=name, exact=True).click()
        wait_idle(page, timeout=120_000)
    if half == "second half":
        # A copied link naming a child reaches the server as a request for the page.
        page.goto(f"{served.url}/child-journey?la={planted_la}&child={CHILD_IDS[0]}")
        wait_idle(page, timeout=120_000)
        expect(page.get_by_text(CHILD_IDS[0]).first).to_be_visible()
        shot(page, "privacy_child_journey")
    _nothing_written_holds_a_value(served)
