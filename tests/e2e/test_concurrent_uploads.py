"""Two analysts upload two LAs' workbooks at the same moment, in two browser sessions of one
dashboard (issue 6, item 3): both submissions are stored whole, and both sessions list both."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect
from warehouse_checks import assert_submission_whole, scan_everything, submission_state

from annexa.store import warehouse
from e2e.conftest import fill_as_at, track_runs, wait_idle
from ingest.load import file_digest

AS_AT = dt.date(2026, 10, 30)
# Medium workbooks (shared_builds.E2E_BOOKS, seeds 31 and 32): each load takes seconds, so the
# second click lands while the first loads.
LAS = [("C01", "Concurrentshire"), ("C02", "Parallelshire")]


def _open_submission_list(page):
    page.get_by_label("Submission", exact=True).click()


def test_two_sessions_upload_different_workbooks_at_once(server, browser, browser_context_args,
                                                         concurrent_books, shot):
    url, db, log = server
    books = [(code, name, concurrent_books[f"Annex A {name}.xlsx"]) for code, name in LAS]
    contexts = [browser.new_context(**browser_context_args) for _ in books]
    for c in contexts:
        track_runs(c)
    pages = [c.new_page() for c in contexts]
    try:
        for page, (code, name, path) in zip(pages, books, strict=True):
            page.goto(f"{url}/upload")
            expect(page.get_by_text("No data loaded yet: upload")).to_be_visible(timeout=30_000)
            page.locator("input[type=file]").set_input_files(str(path))
            page.get_by_role("textbox", name="New LA code").fill(code)
            page.get_by_role("textbox", name="New LA name").fill(name)
        for page in pages:
            fill_as_at(page, AS_AT)
            page.get_by_role("button", name="Load files").click()
        # The loads overlapped: neither had finished when the second one was asked for.
        assert all(p.get_by_text("Loaded submission").count() == 0 for p in pages)
        for page, (_code, name, _path) in zip(pages, books, strict=True):
            expect(page.get_by_text(re.compile(rf"Loaded submission [12] for {name}"))) \
                .to_be_visible(timeout=180_000)
            wait_idle(page)
        for i, page in enumerate(pages):
            # Another page and back: this session reads the database as it is now.
            page.get_by_role("link", name="Descriptor helper").click()
            wait_idle(page)
            page.get_by_role("link", name="Upload and data quality", exact=True).click()
            wait_idle(page)
            assert page.locator("[data-testid='stException']").count() == 0
            _open_submission_list(page)
            for _code, name, _path in books:
                expect(page.get_by_role("option", name=re.compile(rf"^[12]: {name} as at"))) \
                    .to_be_visible(timeout=30_000)
            page.keyboard.press("Escape")
            shot(page, f"concurrent_upload_session_{i + 1}")
    finally:
        for c in contexts:
            c.close()

    con = warehouse.connect_reader(db)
    try:
        state = submission_state(con)
        scan_everything(con)
    finally:
        con.close()
    assert state["orphans"] == {}
    assert sorted((s["la_code"], s["sha256"]) for s in state["submissions"].values()) == sorted(
        (code, file_digest([path])) for code, _name, path in books)
    for sid, got in state["submissions"].items():
        assert_submission_whole(sid, got)
    assert "Traceback" not in log.read_text()
