"""Browser tests: `streamlit run` on a free loopback port, driven by Playwright in Debian chromium.

`playwright install` cannot download a browser here, so the launch uses /usr/bin/chromium
(apt-get install chromium; `make browser` does it). Screenshots go to test-artifacts/ for a
person to look at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import shared_builds
from conftest import shared_folder
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

# A CI machine under load can take several seconds to rerun a page; Playwright's 5 s default made
# assertions fail there that pass on every rerun. Set once here rather than in every expect().
expect.set_options(timeout=30_000)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


# The longest browser tests: run first, so that under xdist the two workers share them and finish
# together, rather than one starting a long test as the other runs out. Those that wait for a
# shared build started in the background (tests/shared_builds.py: the demo database, the medium
# workbooks) come after the first, which need none or the quickest.
LONGEST_FIRST = ["test_main_flow.py", "test_privacy_server.py", "test_accessibility.py",
                 "test_no_outside_requests.py", "test_cli_while_serving.py",
                 "test_concurrent_uploads.py"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(Path(str(item.fspath)).name, len(rank)))


@pytest.fixture(scope="session")
def concurrent_books(tmp_path_factory) -> dict[str, Path]:
    """The medium workbooks of C01 and C02 (shared_builds.E2E_BOOKS), by file name: written once
    per run, in the background from the start. Tests read them only."""
    return shared_builds.once(shared_folder(tmp_path_factory), "concurrent_books")


@pytest.fixture(scope="session")
def cli_books(tmp_path_factory) -> dict[str, Path]:
    """A small workbook of R01 and a medium one of R02 (shared_builds.E2E_BOOKS), by file
    name: written once per run, in the background from the start. Tests read them only."""
    return shared_builds.once(shared_folder(tmp_path_factory), "cli_books")


@pytest.fixture(scope="session")
def e2e_main(tmp_path_factory) -> dict[str, Path]:
    """The main flow's workbook and a database with it loaded (shared_builds.e2e_main)."""
    return shared_builds.once(shared_folder(tmp_path_factory), "e2e_main")


@pytest.fixture(scope="session")
def e2e_sample(tmp_path_factory) -> dict:
    """That database with the main flow's hand-edited sample saved as visit 1, and the case IDs
    the flow's tests need (shared_builds.e2e_sample). Tests read it only."""
    return shared_builds.once(shared_folder(tmp_path_factory), "e2e_sample")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for browser tests: apt-get install chromium "
                    "(or `make browser`).")
    return {
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1400, "height": 2200}, "accept_downloads": True}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "ANNEXA_DB": str(db)}
    log_file = open(log, "w")  # noqa: SIM115 - stays open for the server's lifetime
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
         "--server.headless=true", f"--server.port={port}", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
    )
    return proc, wait_healthy(proc, f"http://127.0.0.1:{port}", log)


def wait_healthy(proc: subprocess.Popen, url: str, log: Path) -> str:
    """Wait for a starting dashboard server to answer its health check; return its address.
    A server that exits or stays silent for 60 s is stopped and its log raised."""
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"streamlit did not start in 60 s:\n{log.read_text()}")


@contextlib.contextmanager
def serving(db: Path, log: Path, demo: Path | None = None) -> Iterator[str]:
    """A dashboard on `db` (a copy of `demo` first, when given) for the block; its URL."""
    if demo is not None:
        shutil.copyfile(demo, db)
    proc, url = start_server(db, log)
    try:
        yield url
    finally:
        stop_server(proc)


@pytest.fixture
def server(tmp_path):
    """A dashboard on its own empty database; yields (url, database path, server log path)."""
    db, log = tmp_path / "e2e.duckdb", tmp_path / "streamlit.log"
    with serving(db, log) as url:
        yield url, db, log


@pytest.fixture
def demo_server(_demo_db_master, tmp_path):
    """A dashboard on a private copy of the demo database; yields its URL."""
    with serving(tmp_path / "e2e.duckdb", tmp_path / "streamlit.log", _demo_db_master) as url:
        yield url


# Tests that only read (they open pages, choose things on them, run the accessibility checks,
# and change nothing stored) share one server per xdist worker instead of starting their own:
# each browser test still has its own browser context, so its own Streamlit session. A test that
# loads, saves, records or writes a users file takes `server` or `demo_server` above.
@pytest.fixture(scope="session")
def shared_server(tmp_path_factory):
    """A dashboard on an empty database, shared by the tests that only read it; yields its URL."""
    folder = tmp_path_factory.mktemp("shared_server")
    with serving(folder / "e2e.duckdb", folder / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def shared_demo_server(_demo_db_master, tmp_path_factory):
    """A dashboard on a copy of the demo database, shared by the tests that only read it; yields
    its URL."""
    folder = tmp_path_factory.mktemp("shared_demo_server")
    with serving(folder / "e2e.duckdb", folder / "streamlit.log", _demo_db_master) as url:
        yield url


def stop_server(proc: subprocess.Popen, timeout: float = 10) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def shot():
    """Save a full-page screenshot under test-artifacts/ (kept after the run)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        charts_drawn(page)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# Resolves once nothing on the page has changed for `quiet` ms (at most `cap` ms after it
# starts: what was a fixed wait), then once its fonts are loaded and two frames have been painted.
_DRAWN = """([quiet, cap]) => new Promise(resolve => {
  let timer;
  const done = () => { observer.disconnect(); clearTimeout(timer); clearTimeout(limit);
                       resolve(); };
  const observer = new MutationObserver(() => { clearTimeout(timer);
                                                timer = setTimeout(done, quiet); });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                   characterData: true});
  timer = setTimeout(done, quiet);
  const limit = setTimeout(done, cap);
}).then(() => document.fonts.ready)
  .then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"""


def charts_drawn(page) -> None:
    """Wait until the script has run and the data grids and charts it sent are drawn (they draw
    after the script finishes; a chart's text alternative is set once it is drawn)."""
    wait_idle(page)
    for sel in ("[data-testid='stDataFrame'] canvas", "[data-testid='stVegaLiteChart'] svg, "
                "[data-testid='stVegaLiteChart'] canvas"):
        # Only those on show: a chart on a tab not chosen stays hidden.
        if page.locator(sel.split(" ")[0]).filter(visible=True).count():
            page.locator(sel).filter(visible=True).first.wait_for(state="visible",
                                                                  timeout=30_000)
    drawn(page)


def drawn(page, quiet: int = 400, cap: int = 1500) -> None:
    """Wait until the browser has finished drawing what the script sent: no change to the page
    for `quiet` ms (at most `cap` ms), fonts loaded, and two frames painted since."""
    page.evaluate(_DRAWN, [quiet, cap])


# Installed in every page before the app's own scripts (the `context` fixture below): notes when
# the user last acted (a key, a click, typed or chosen input) and when a script run last started,
# from the app root's data-test-script-state, which Streamlit sets to "running" while the script
# runs and to "notRunning" once the run has finished (all it drew has reached the page).
RUN_TRACKER = """(() => {
  if (window.top !== window || window.__annexaRuns) return;
  const runs = window.__annexaRuns = {action: performance.now(), started: -1};
  const acted = () => { runs.action = performance.now(); };
  for (const type of ["pointerdown", "pointerup", "mousedown", "mouseup", "click", "keydown",
                      "keyup", "input", "change", "submit"])
    window.addEventListener(type, acted, true);
  new MutationObserver(records => {
    for (const r of records)
      if (["running", "rerunRequested"].includes(r.target.getAttribute(r.attributeName)))
        runs.started = performance.now();
  }).observe(document, {subtree: true, attributes: true,
                        attributeFilter: ["data-test-script-state"]});
})()"""

# Idle: connected, the script not running, and either a run has started (and so ended) since the
# user's last action, or `quiet` ms have passed since it without one starting (an action that
# starts no run: Escape, opening an expander).
_IDLE = """([quiet]) => {
  const runs = window.__annexaRuns;
  const app = document.querySelector("[data-testid='stApp']");
  return !!app && app.getAttribute("data-test-connection-state") === "CONNECTED"
    && app.getAttribute("data-test-script-state") === "notRunning"
    && (runs.started > runs.action || performance.now() - runs.action >= quiet);
}"""


@pytest.fixture
def context(context):
    """pytest-playwright's browser context, with the run tracker in each of its pages."""
    track_runs(context)
    return context


def track_runs(context) -> None:
    """Let wait_idle see the script runs of the pages of a browser context made by hand."""
    context.add_init_script(RUN_TRACKER)


def wait_idle(page, timeout: float = 60_000, quiet: int = 300) -> None:
    """Wait until Streamlit has finished running the script: at once when the run that the last
    action started has ended, else once none has started for `quiet` ms after it. (A page
    without the run tracker: `quiet` ms, then until the status widget, shown while the script
    runs, has gone.)"""
    if page.evaluate("() => !window.__annexaRuns"):
        page.wait_for_timeout(quiet)
        page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=timeout)
        return
    page.wait_for_function(_IDLE, arg=[quiet], timeout=timeout, polling=50)


def fill_as_at(page, day) -> None:
    """Type the Upload page's required as-at date. Streamlit's date field is a group of day,
    month and year segments: type into the first, then close the calendar that opens."""
    group = page.get_by_role("group", name="As-at date of the data", exact=True)
    group.get_by_role("spinbutton").first.click()
    page.keyboard.type(day.strftime("%d%m%Y"))
    page.keyboard.press("Escape")  # closes the calendar that opened beside the field
    try:  # closed at once, or still open 300 ms later: then Escape again
        page.locator("[data-st-overlay-root] [role=grid]").wait_for(state="detached", timeout=300)
    except PlaywrightTimeoutError:
        page.keyboard.press("Escape")
    wait_idle(page)
