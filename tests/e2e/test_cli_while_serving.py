"""The CLI loads a workbook while the dashboard serves a reader (issue 6, item 3): the reader's
pages keep working during the load, never show half a submission, and show the new LA after it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from warehouse_checks import assert_submission_whole, submission_state

from annexa.store import warehouse
from e2e.conftest import ROOT, wait_idle
from ingest.load import ingest

AS_AT = dt.date(2026, 10, 30)


def _no_error_on(page) -> None:
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0


def test_cli_load_while_a_browser_session_reads(server, page, cli_books, shot):
    url, db, log = server
    # A small workbook of R01 (seed 51) and a medium one of R02 (seed 52): shared_builds.E2E_BOOKS.
    first, second = cli_books["first.xlsx"], cli_books["second.xlsx"]
    ingest([first], "R01", la_name="Readingshire", region="Test Region", as_at=AS_AT, db=db)

    page.goto(f"{url}/?la=R01")
    _no_error_on(page)
    load = subprocess.Popen(
        [sys.executable, "-m", "annexa", "ingest", str(second), "--la", "R02", "--la-name",
         "Writingshire", "--region", "Test Region", "--as-at", AS_AT.isoformat(), "--db",
         str(db), "--quiet"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    visits = 0
    try:
        # Read page after page for as long as the load runs (a medium load takes seconds).
        while load.poll() is None or visits < 2:
            for link in ("Regional overview", "Briefing", "Upload and data quality"):
                page.get_by_role("link", name=link, exact=True).click()
                _no_error_on(page)
                visits += 1
    finally:
        out, err = load.communicate(timeout=300)
    assert load.returncode == 0, err
    assert visits >= 3

    page.get_by_role("link", name="Upload and data quality", exact=True).click()
    _no_error_on(page)
    page.get_by_label("Submission", exact=True).click()
    for name in ("Readingshire", "Writingshire"):
        assert page.get_by_role("option").filter(has_text=f"{name} as at").count() == 1
    page.keyboard.press("Escape")
    shot(page, "cli_load_while_serving")

    con = warehouse.connect_reader(db)
    try:
        state = submission_state(con)
    finally:
        con.close()
    assert sorted(s["la_code"] for s in state["submissions"].values()) == ["R01", "R02"]
    for sid, got in state["submissions"].items():
        assert_submission_whole(sid, got)
    assert "Traceback" not in log.read_text()
