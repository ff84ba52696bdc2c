"""Browser tests: `streamlit run` on a free loopback port, driven by Playwright in Debian chromium.

`playwright install` cannot download a browser here, so the launch uses /usr/bin/chromium
(apt-get install chromium; `make browser` does it). Screenshots go to test-artifacts/ for a
person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

# A CI machine under load can take several seconds to rerun a page; Playwright's 5 s default made
# assertions fail there that pass on every rerun. Set once here rather than in every expect().
expect.set_options(timeout=30_000)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


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


@pytest.fixture
def server(tmp_path):
    """A dashboard on its own empty database; yields (url, database path, server log path)."""
    db = tmp_path / "e2e.duckdb"
    log = tmp_path / "streamlit.log"
    proc, url = start_server(db, log)
    try:
        yield url, db, log
    finally:
        stop_server(proc)


@pytest.fixture
def demo_server(_demo_db_master, tmp_path):
    """A dashboard on a private copy of the demo database; yields its URL."""
    db = tmp_path / "e2e.duckdb"
    shutil.copyfile(_demo_db_master, db)
    proc, url = start_server(db, tmp_path / "streamlit.log")
    try:
        yield url
    finally:
        stop_server(proc)


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
        wait_idle(page)
        # Data grids and charts draw after the script finishes; wait until they have.
        for sel in ("[data-testid='stDataFrame'] canvas", "[data-testid='stVegaLiteChart'] svg, "
                    "[data-testid='stVegaLiteChart'] canvas"):
            # Only those on show: a chart on a tab not chosen stays hidden.
            if page.locator(sel.split(" ")[0]).filter(visible=True).count():
                page.locator(sel).filter(visible=True).first.wait_for(state="visible",
                                                                      timeout=30_000)
        page.wait_for_timeout(1500)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=timeout)


def fill_as_at(page, day) -> None:
    """Type the Upload page's required as-at date. Streamlit's date field is a group of day,
    month and year segments: type into the first, then close the calendar that opens."""
    group = page.get_by_role("group", name="As-at date of the data", exact=True)
    group.get_by_role("spinbutton").first.click()
    page.keyboard.type(day.strftime("%d%m%Y"))
    page.keyboard.press("Escape")  # closes the calendar that opened beside the field
    page.wait_for_timeout(300)
    if page.locator("[data-st-overlay-root] [role=grid]").count():
        page.keyboard.press("Escape")
    wait_idle(page)
