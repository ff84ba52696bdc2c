"""A regional senior inspector's Timelines flow in a real browser: plan a visit and take it to
Outlook, then record a judgement for an LA known only from its Annex A and see its place in the
cycle change at once. Screenshots go to test-artifacts/timelines_*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import wait_idle


def _not_known(page):
    """The 'Not known' RAG count above the regional table."""
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Not known")
    return metric.locator("[data-testid='stMetricValue']")


def _choose_by_typing(page, box, typed: str, option: str) -> None:
    """Open a long select box, type to narrow it as a user does, and pick the one option left.
    The page may still be redrawing after the click that opened the form, which closes the list:
    then open it again (three tries)."""
    for _ in range(3):
        wait_idle(page)
        box.click()
        page.keyboard.type(typed)
        try:
            expect(page.get_by_role("option")).to_have_count(1, timeout=5_000)
        except AssertionError:
            page.keyboard.press("Escape")
            continue
        page.get_by_role("option", name=option, exact=True).click()
        return
    raise AssertionError(f"could not choose {option!r}")


# Planning saves nothing (the calendar file is downloaded): a server shared with the other tests
# that only read. Recording a judgement saves it: a server of its own.
def test_plan_a_visit_and_take_it_to_outlook(shared_demo_server, tmp_path, page, shot):
    url = shared_demo_server
    page.goto(f"{url}/timelines?la=X01")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Plan one inspection or visit")).to_be_visible(
        timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download for Outlook (.ics)").click()
    ics = tmp_path / dl.value.suggested_filename
    dl.value.save_as(ics)
    text = ics.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "Northmoor" in text
    shot(page, "timelines_plan")


def test_record_a_judgement_and_see_the_cycle_change(demo_server, page, shot):
    url = demo_server
    page.goto(f"{url}/timelines?la=X01")
    wait_idle(page)
    page.get_by_role("tab", name="Regional cycles").click()
    wait_idle(page)
    # The sidebar's LA (Northmoor) was loaded under the demo's "Fictional Region": the tab opens
    # on it, as on any region an LA was loaded with (issue 15).
    heading = page.get_by_role("heading", name="Where each LA stands: Fictional Region")
    expect(heading).to_be_visible(timeout=30_000)
    grey_before = int(_not_known(page).inner_text())

    page.get_by_text("Record a cycle event").click()
    form = page.locator("[data-testid='stForm']")
    _choose_by_typing(page, form.get_by_label("LA", exact=True), "Northmoor", "Northmoor (X01)")
    form.get_by_label("Event", exact=True).click()
    page.get_by_role("option", name="Inspection judgement", exact=True).click()
    form.get_by_label("Detail", exact=True).fill("inadequate")
    form.get_by_role("button", name="Save the event").click()
    wait_idle(page)
    expect(page.get_by_text("Saved: Northmoor, judgement on")).to_be_visible(timeout=30_000)
    # The table above already counts it: Northmoor left 'Not known' for its pathway.
    expect(_not_known(page)).to_have_text(str(grey_before - 1))
    assert page.locator("[data-testid='stException']").count() == 0
    shot(page, "timelines_judgement_recorded")
