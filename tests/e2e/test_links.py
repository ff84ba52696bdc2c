"""Links in a real browser: the address bar holds the view after the first change of reference
date, so a copied link reopens it; /briefing (the path a user guesses, like /regional) opens the
Briefing; a reference date after the data's as-at date is flagged above the page.
Screenshots go to test-artifacts/links_*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import wait_idle


def _set_reference_date(page, digits: str) -> None:
    """Type ddmmyyyy into the sidebar's date field (day, month and year segments)."""
    field = page.locator("[data-testid='stSidebar'] [data-testid='stDateInput']").first
    field.locator("[data-type='day']").click()
    page.keyboard.type(digits, delay=40)
    page.keyboard.press("Escape")  # the calendar pop-up commits on closing
    page.get_by_role("heading", name="Local authority").click()
    wait_idle(page)


# Three tests on one server per worker: the reference date is the session's and the link's, and
# nothing is saved.
def test_briefing_path_opens_the_briefing(shared_demo_server, page):
    url = shared_demo_server
    page.goto(f"{url}/briefing?la=X02")
    wait_idle(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_text("Eastbrook").first).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_copied_link_keeps_the_reference_date(shared_demo_server, page):
    url = shared_demo_server
    page.goto(f"{url}/?la=X02")
    wait_idle(page)
    _set_reference_date(page, "30092026")
    expect(page.get_by_text("Windows end on 30 September 2026")).to_be_visible()
    assert "ref=2026-09-30" in page.url  # the first change, not only the second
    link = page.url
    page.goto(link)
    wait_idle(page)
    expect(page.get_by_text("Windows end on 30 September 2026")).to_be_visible()
    expect(page.get_by_text("is after this submission's as-at date")).to_have_count(0)


def test_a_reference_date_after_the_as_at_date_is_flagged(shared_demo_server, page, shot):
    url = shared_demo_server
    page.goto(f"{url}/?la=X02")
    wait_idle(page)
    # Not flagged on the as-at date itself (the default reference date) ...
    expect(page.get_by_text("is after this submission's as-at date")).to_have_count(0)
    _set_reference_date(page, "31122027")
    expect(page.get_by_text("is after this submission's as-at date")).to_be_visible()
    shot(page, "links_reference_after_as_at")
