"""Accessibility in a real browser, to WCAG 2.2 AA (issue 15; README "Accessibility").

axe-core (the npm package, tests/e2e/package.json, installed by `make browser`) is injected into
every page of the dashboard in Debian's Chromium and run with the WCAG 2.0, 2.1 and 2.2 A and AA
rules, in the main states: an empty database; the demo database with its largest LA chosen; a
sample proposed and saved on Case selection; a child's journey shown; the Timelines' regional
cycles; the "How is this counted?" popovers open (one in a 1280 x 720 window, where it scrolls);
every expander of the Briefing open. No serious or critical violation may come from the app. One
that comes from Streamlit's own markup and that the app cannot change would go in STREAMLIT_OWNED
below, with the element it is allowed on, and in the README's list of what does not meet the
standard. Every chart on show must have a text alternative with a figure in it.

Then the lead inspector's job by keyboard alone (Tab, Shift+Tab, Enter, Space, arrows and typing;
no click): open Case selection, choose the visit type, propose a sample, remove a child, save the
sample and download it, in a bounded number of key presses, with the focus on the confirmation
after saving.

Each run writes the rules found per page and state to test-artifacts/axe_results.json and
screenshots to test-artifacts/a11y_*.png.
"""

from __future__ import annotations

import fcntl
import json
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from annexa.security import access
from annexa.store import warehouse
from e2e.conftest import ARTIFACTS, charts_drawn, wait_idle

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
LA = "X03"  # the demo's largest LA
PAGES = {"Briefing": "", "Lists in detail": "lists", "Regional overview": "regional",
         "Case selection": "case-selection",
         "Child journey": "child-journey", "Upload and data quality": "upload",
         "Manage data": "manage-data", "Timelines": "timelines",
         "Descriptor helper": "descriptor"}

# Serious or critical violations that come from Streamlit's own markup, which the app cannot
# change: (axe rule id, CSS selector the offending element matches or is inside, why). Each is
# listed in the README's accessibility statement. Empty: the three found (the sidebar's
# sectioned page list, 'list'/'listitem'; the date field's day and month segments,
# 'target-size'; a popover's body that scrolls without taking the focus,
# 'scrollable-region-focusable') have workarounds in dashboard/app.py.
STREAMLIT_OWNED: list[tuple[str, str, str]] = []

AXE_RUN = """async ([tags, owned]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  const allowedBy = (rule, target) => {
    if (target.length !== 1) return null;  // inside a frame: never allowed
    const el = document.querySelector(target[0]);
    const hit = el && owned.find(([id, sel]) => id === rule && el.closest(sel));
    return hit ? hit[1] : null;
  };
  return {version: axe.version, violations: result.violations.map(v => ({
    id: v.id, help: v.help, nodes: v.nodes.map(n => ({
      impact: n.impact, target: n.target, html: n.html.slice(0, 300),
      summary: n.failureSummary, allowedBy: allowedBy(v.id, n.target)}))}))};
}"""


CHART_LABELS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
  .filter(e => e.checkVisibility()).map(e => (e.getAttribute('aria-label') || '').trim())"""


@pytest.fixture(scope="module")
def results():
    """Every check's rules, written to test-artifacts/axe_results.json at the end."""
    found: dict[str, dict] = {}
    yield found
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "axe_results.json"
    # Both xdist workers may run this module's tests and merge into the file: one at a time.
    with open(ARTIFACTS / "axe_results.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        old = json.loads(path.read_text()) if path.exists() else {}
        path.write_text(json.dumps({**old, **found}, indent=1, sort_keys=True))


def check(page, results: dict, name: str, shot=None) -> None:
    """Run axe on the page as it is; fail on any serious or critical violation not allowed."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make browser` (npm ci in tests/e2e).")
    if shot is not None:  # waits for grids and charts to be drawn, and keeps a picture
        shot(page, "a11y_" + re.sub(r"\W+", "_", name.lower()).strip("_"))
    else:
        wait_idle(page)
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    run = page.evaluate(AXE_RUN, [TAGS, [[rule, sel] for rule, sel, _ in STREAMLIT_OWNED]])
    assert run["version"].startswith("4."), run["version"]
    counts, others, blocking = {}, {}, []
    for v in run["violations"]:
        for n in v["nodes"]:
            if n["impact"] not in BLOCKING:
                others[v["id"]] = others.get(v["id"], 0) + 1
                continue
            key = v["id"] + (" (Streamlit, allowed)" if n["allowedBy"] else "")
            counts[key] = counts.get(key, 0) + 1
            if not n["allowedBy"]:
                blocking.append(f"{v['id']} ({n['impact']}): {v['help']}\n    {n['target']}\n"
                                f"    {n['html']}\n    {n['summary']}")
    results[name] = {"axe": run["version"], "serious or critical": counts,
                     "moderate or minor": others}
    print(f"axe {run['version']} · {name}: {counts or 'no serious or critical violation'}"
          + (f"; moderate or minor: {others}" if others else ""))
    assert not blocking, f"{name}: {len(blocking)} violations\n" + "\n".join(blocking[:15])
    # Every chart on show has a text alternative saying what it shows and its main figure (a
    # number), not Vega's "Vega visualization" (WCAG 1.1.1; axe does not look inside charts).
    labels = page.evaluate(CHART_LABELS)
    bare = [label for label in labels if label == "Vega visualization" or not re.search(r"\d",
                                                                                      label)]
    assert not bare, f"{name}: charts without a text alternative: {bare}"


def _open(page, url: str, path: str) -> None:
    page.goto(f"{url}/{path}")
    wait_idle(page)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0


# Opening a page of an empty database changes nothing stored: these share one server per worker.
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_on_an_empty_database(shared_server, page, results, shot, name):
    url = shared_server
    _open(page, url, PAGES[name])
    check(page, results, f"empty database · {name}", shot)


def test_the_sign_in_form(server, page, results, shot):
    url, db, _ = server
    # With a users file beside the database, every page is the sign-in form.
    access.write_users([access.User("insp", "inspector", access.hash_password("inspector-pass-1"),
                                    las=("X01",))], db.parent / access.USERS_FILE_NAME)
    page.goto(url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=60_000)
    check(page, results, "sign-in form", shot)


# One test per page, then one per further state of a page: the walk through every page and state
# took two minutes as one test, longer than a test should, and could not be shared between the
# two workers. Only pages and states that change nothing stored share a server (one per worker).
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_with_an_la_loaded(shared_demo_server, page, results, shot, name):
    url, path = shared_demo_server, PAGES[name]
    _open(page, url, f"{path}?la={LA}")
    if name == "Briefing":
        _wait_for_the_briefings_charts(page)
    check(page, results, f"demo {LA} · {name}", shot)
    if name == "Briefing":
        # Each chart's numbers in a table under it (the national context's are above it).
        charts = page.locator("[data-testid='stVegaLiteChart']").count()
        tables = page.locator("[data-testid='stExpander'] summary").filter(
            has_text=re.compile(r": the figures as a table$")).count()
        assert charts > 5 and tables >= charts - 1, (charts, tables)


def _wait_for_the_briefings_charts(page) -> None:
    # The charts' code loads after the page's run has ended, later on a busy machine: the
    # checks wait for the charts themselves, not for a quiet page.
    page.locator("[data-testid='stVegaLiteChart']").nth(5).wait_for(timeout=60_000)


def test_the_briefings_popover_on_a_laptops_window(shared_demo_server, page, results):
    _open(page, shared_demo_server, f"?la={LA}")
    _wait_for_the_briefings_charts(page)
    # On a laptop's window the popover scrolls: opened by keyboard, its body takes the focus,
    # so the arrow keys scroll it; Escape gives the focus back to its button.
    page.set_viewport_size({"width": 1280, "height": 720})
    button = page.get_by_role("button", name="How is this counted?").first
    button.focus()
    page.keyboard.press("Enter")
    body = page.locator("[data-testid='stPopoverBody']")
    expect(body).to_be_visible()
    expect(body).to_be_focused()
    assert body.evaluate("e => e.scrollHeight > e.clientHeight")
    check(page, results, f"demo {LA} · Briefing · popover open (1280 x 720)")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.querySelector("
                           "'[data-testid=\"stPopoverBody\"]').scrollTop > 0",
                           timeout=10_000)
    page.keyboard.press("Escape")
    expect(button).to_be_focused()


def test_the_briefing_with_every_expander_open(shared_demo_server, page, results):
    _open(page, shared_demo_server, f"?la={LA}")
    _wait_for_the_briefings_charts(page)
    for summary in page.locator("[data-testid='stMain'] summary").all():
        summary.scroll_into_view_if_needed()
        summary.click()
    check(page, results, f"demo {LA} · Briefing · every expander open")


# A list with its own section (children in care), and one with adoption's steps.
@pytest.mark.parametrize("key", ["list_8", "list_10"])
def test_a_list_in_detail(shared_demo_server, page, results, shot, key):
    _open(page, shared_demo_server, f"{PAGES['Lists in detail']}?la={LA}&list={key}")
    check(page, results, f"demo {LA} · Lists in detail · {key}", shot)


def test_the_regional_overviews_popover(shared_demo_server, page, results):
    _open(page, shared_demo_server, f"{PAGES['Regional overview']}?la={LA}")
    charts_drawn(page)  # the check below reads each chart's text alternative, set once drawn
    page.get_by_role("button", name="How is this counted?").first.click()
    expect(page.locator("[data-testid='stPopoverBody']")).to_be_visible()
    check(page, results, f"demo {LA} · Regional overview · popover open")
    page.keyboard.press("Escape")


def test_a_sample_proposed_and_saved(demo_server, page, results, shot):
    # Saves a sample as visit 1: a server of its own.
    _open(page, demo_server, f"{PAGES['Case selection']}?la={LA}")
    page.get_by_role("button", name="Propose a sample").click()
    expect(page.get_by_text(re.compile(r"^Proposed \d+ children with seed 0\.")))\
        .to_be_visible(timeout=60_000)
    check(page, results, f"demo {LA} · Case selection · sample proposed", shot)
    page.get_by_role("textbox", name="Saved by").fill("HMI Axe")
    page.get_by_role("button", name="Save the sample to a visit").click()
    expect(page.get_by_text(re.compile(r"^Saved as visit 1: "))).to_be_visible(
        timeout=60_000)
    check(page, results, f"demo {LA} · Case selection · sample saved")


def test_a_childs_journey_shown(shared_demo_server, _demo_db_master, page, results, shot):
    _open(page, shared_demo_server,
          f"{PAGES['Child journey']}?la={LA}&child={_a_child(_demo_db_master)}")
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    check(page, results, f"demo {LA} · Child journey · a case shown", shot)


def test_the_timelines_regional_cycles(shared_demo_server, page, results, shot):
    _open(page, shared_demo_server, f"{PAGES['Timelines']}?la={LA}")
    page.get_by_role("tab", name="Regional cycles").click()
    wait_idle(page)
    # Every region: the demo's own region has no published judgement, so no chart.
    page.get_by_role("combobox", name="Region").click()
    page.get_by_role("option", name="All regions", exact=True).click()
    wait_idle(page)
    expect(page.locator("[data-testid='stVegaLiteChart']").filter(visible=True)
           .first).to_be_visible()
    check(page, results, f"demo {LA} · Timelines · regional cycles", shot)


def _a_child(db: Path) -> str:
    """A child of the LA with events in the sampling window, so the journey has a timeline."""
    con = warehouse.connect_reader(db)
    try:
        return con.execute("select child_id from children(?) order by child_id limit 1",
                           [LA]).fetchone()[0]
    finally:
        con.close()


# ------------------------------------------------------------------------ keyboard alone

# Key presses for the whole job, typing excluded: 71 or 72 in Streamlit 1.67 (about 150 Tab presses
# before the skip links and the focus kept after each edit): 37 to propose a sample from the
# home page, 35 to edit, save and export it. In two tests, each with its share of the bound.
MAX_PRESSES = 80
MAX_PRESSES_TO_PROPOSE = 41
MAX_PRESSES_AFTER = MAX_PRESSES - MAX_PRESSES_TO_PROPOSE


class _Keyboard:
    """Key presses on a page, counted; Tab until an element has the focus."""

    def __init__(self, page) -> None:
        self.page = page
        self.presses: list[str] = []

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses.append(key)
        self.page.wait_for_timeout(60)

    @staticmethod
    def focused(locator) -> bool:
        return locator.evaluate("e => e === document.activeElement || "
                                "e.contains(document.activeElement)")

    def tab_to(self, locator, limit: int = 40, key: str = "Tab") -> None:
        """Press Tab (or Shift+Tab) until the element has the focus."""
        for _ in range(limit):
            self.press(key)
            if self.focused(locator):
                return
        active = self.page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
        raise AssertionError(f"not reached in {limit} presses of {key}: {locator}; at {active}")

    def check_count(self, what: str, bound: int) -> None:
        presses = self.presses
        print(f"keyboard, {what}: {len(presses)} key presses ({presses.count('Tab')} Tab): "
              + " ".join(presses))
        assert len(presses) <= bound, f"{len(presses)} key presses: {presses}"


def _proposed_size(page) -> int:
    expect(page.get_by_text(re.compile(r"^Proposed \d+ children with seed 0\."))).to_be_visible(
        timeout=60_000)
    wait_idle(page)
    return int(re.search(r"Proposed sample: (\d+) children",
                         page.get_by_role("heading", name=re.compile("^Proposed sample"))
                         .inner_text()).group(1))


# The lead inspector's job by keyboard alone, first part: from the home page to a sample
# proposed. Nothing is saved: a server shared with the other tests that only read.
def test_proposing_a_sample_by_keyboard_alone(shared_demo_server, page):
    url = shared_demo_server
    keys = _Keyboard(page)
    press, tab_to = keys.press, keys.tab_to

    page.goto(f"{url}/?la={LA}")  # the Briefing, the home page
    wait_idle(page)
    expect(page.get_by_role("heading", name="Briefing", level=1)).to_be_visible()

    # Case selection, from the sidebar's page list.
    tab_to(page.locator("[data-testid='stSidebarNav']").get_by_role("link",
                                                                     name="Case selection"))
    press("Enter")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Case selection", level=1)).to_be_visible()

    # A monitoring visit, typed into the Visit type box.
    visit = page.get_by_role("combobox", name="Visit type")
    tab_to(visit)
    page.keyboard.type("Monitoring")
    press("Enter")
    wait_idle(page)
    expect(visit).to_have_value("Monitoring visit")

    # Propose a sample.
    propose = page.get_by_role("button", name="Propose a sample")
    tab_to(propose)
    press("Enter")
    assert _proposed_size(page) > 1
    keys.check_count("to propose a sample", MAX_PRESSES_TO_PROPOSE)


# Second part: from a sample proposed (as above, here by the mouse: the focus is left on the
# Propose button, as after the first part), edit it, save it and export it by keyboard alone.
def test_editing_saving_and_exporting_a_sample_by_keyboard_alone(demo_server, page, tmp_path,
                                                                 shot):
    url = demo_server
    keys = _Keyboard(page)
    press, tab_to = keys.press, keys.tab_to

    page.goto(f"{url}/case-selection?la={LA}")
    wait_idle(page)
    visit = page.get_by_role("combobox", name="Visit type")
    visit.click()
    page.get_by_role("option", name="Monitoring visit", exact=True).click()
    wait_idle(page)
    expect(visit).to_have_value("Monitoring visit")
    propose = page.get_by_role("button", name="Propose a sample")
    propose.click()
    n = _proposed_size(page)
    propose.focus()

    # Edit: past the sample's grid by the skip link, then remove the first child offered.
    tab_to(page.get_by_role("link", name="Edit the sample"))
    press("Enter")
    remove = page.get_by_role("combobox", name="Case IDs to remove")
    tab_to(remove)
    press("ArrowDown")  # opens the list on its first entry, "Select all"
    press("ArrowDown")  # the first child
    press("Enter")
    press("Escape")
    wait_idle(page)
    chosen = page.locator(".st-key-case_selection__remove_ids [data-tag]")
    expect(chosen).to_have_count(1)
    removed = chosen.get_attribute("aria-label").split(" (")[0].strip()
    tab_to(page.get_by_role("button", name="Remove from the sample"))
    press("Enter")
    expect(page.get_by_text(f"Removed {removed} from the sample.")).to_be_visible(timeout=30_000)
    wait_idle(page)
    # The focus is on the message, beside the controls, not dropped on the page.
    page.wait_for_function("() => document.querySelector('.st-key-case_selection__flash_edit')"
                           "?.contains(document.activeElement)", timeout=10_000)
    expect(page.get_by_text(f"Proposed sample: {n - 1} children")).to_be_visible()

    # Save: past the coverage, composition and pools by the next skip link.
    tab_to(page.get_by_role("link", name="Save and export").last)
    press("Enter")
    tab_to(page.get_by_role("textbox", name="Saved by"))
    page.keyboard.type("HMI Keyboard")
    tab_to(page.get_by_role("button", name="Save the sample to a visit"))
    press("Enter")
    confirmation = page.locator(".st-key-case_selection__saved_confirmation")
    expect(confirmation).to_contain_text(f"Saved as visit 1: {n - 1} children, by HMI Keyboard.",
                                         timeout=60_000)
    wait_idle(page)
    # The focus is on the confirmation, which a screen reader announces (role=status).
    page.wait_for_function(
        "() => document.querySelector('.st-key-case_selection__saved_confirmation')"
        "?.contains(document.activeElement)", timeout=10_000)
    assert confirmation.locator("[role='status']").count() == 1
    shot(page, "a11y_keyboard_saved")

    # Export: the next stops after the confirmation lead through the save form to the download.
    tab_to(page.get_by_role("button", name="Download Excel"))
    with page.expect_download() as download:
        press("Enter")
    xlsx = tmp_path / download.value.suggested_filename
    download.value.save_as(xlsx)
    rows = list(openpyxl.load_workbook(xlsx, read_only=True)["Sample"].iter_rows(values_only=True))
    header = rows[1]
    exported = [r[header.index("Case ID")] for r in rows[2:]]
    assert len(exported) == n - 1 and removed not in exported

    keys.check_count("to edit, save and export the sample", MAX_PRESSES_AFTER)
