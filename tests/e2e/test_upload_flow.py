"""A person uploads an Annex A workbook and reads its data-quality report, in a real browser."""

import datetime as dt
import sys
from pathlib import Path

from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import write_template_workbook  # noqa: E402

from e2e.conftest import fill_as_at, wait_idle  # noqa: E402


def test_upload_workbook_and_see_report(server, page, tmp_path, shot):
    url, db, log = server
    wb = write_template_workbook(tmp_path / "Annex A Testshire.xlsx", {
        "list_1": [
            {"child_id": "A1", "gender": "Femail", "ethnicity": "a) WBRI",
             "contact_date": dt.date(2026, 9, 1), "contact_source": "q) 6: Police"},
            {"child_id": "A2", "gender": "b) Female", "ethnicity": "a) WBRI",
             "contact_date": "31/02/2026", "contact_source": "Schools"},
        ],
        "list_7": [{"child_id": "A2", "gender": "b) Female", "ethnicity": "a) WBRI",
                    "disability": "b) No", "cp_start_date": dt.date(2026, 7, 1),
                    "cp_initial_category": "a) Neglect", "cp_latest_category": "a) Neglect",
                    "epo_6m": "b) No", "previous_cp_plans": 0}],
    })
    page.goto(url)
    page.get_by_role("link", name="Upload and data quality", exact=True).click()
    expect(page.get_by_text("No data loaded yet: upload")).to_be_visible(timeout=30_000)
    page.locator("input[type=file]").set_input_files(str(wb))
    page.get_by_role("textbox", name="New LA code").fill("T09")
    page.get_by_role("textbox", name="New LA name").fill("Testshire")
    fill_as_at(page, dt.date(2026, 10, 30))
    page.get_by_role("button", name="Load files").click()
    expect(page.get_by_text("Loaded submission 1 for Testshire")).to_be_visible(timeout=60_000)
    wait_idle(page)
    expect(page.get_by_text("Data quality: Testshire, submission 1")).to_be_visible(
        timeout=30_000)
    expect(page.get_by_text("Problems by kind")).to_be_visible(timeout=30_000)
    shot(page, "upload_report")
    # The same file again, now into Testshire (the form stands on it): the page first says
    # which submission the files would replace and loads only once that is confirmed; the
    # file is then recognised and nothing changes.
    expect(page.get_by_role("textbox", name="New LA code")).to_have_value("")
    page.locator("input[type=file]").set_input_files(str(wb))
    fill_as_at(page, dt.date(2026, 10, 30))
    page.get_by_role("button", name="Load files").click()
    expect(page.get_by_text("Load these files into Testshire (T09)?")).to_be_visible(
        timeout=30_000)
    shot(page, "upload_confirm")
    page.get_by_role("button", name="Load into Testshire (T09)").click()
    wait_idle(page)
    shot(page, "upload_again")
    expect(page.get_by_text("were already loaded as submission 1")).to_be_visible(timeout=60_000)
    # Nothing child-level in the server log.
    assert "A1" not in log.read_text() and "A2" not in log.read_text()
