"""No request leaves the machine (issue 15, privacy): every page, opened in Chromium on the demo
database, and the sign-in form of a server with access control, make the browser ask nothing of
any host but the dashboard's own (127.0.0.1 / localhost). Streamlit turns a ':material/...'
page icon (st.set_page_config or st.Page) into a favicon fetched from fonts.gstatic.com, which is
why the favicon is an emoji and the navigation has no icons (dashboard/app.py, README "Security
and privacy"); the icons inside pages are drawn with the Material Symbols font Streamlit serves
itself. The server is started as `make app`
starts it, with no option on its command line, so that what is measured is
.streamlit/config.toml: with `browser.gatherUsageStats = true` the browser would fetch
https://data.streamlit.io/metrics.json.
Screenshots go to test-artifacts/offline_*.png."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from annexa.security import access
from e2e.conftest import ROOT, _free_port, drawn, stop_server, wait_healthy, wait_idle

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Every page of the navigation (dashboard/app.py), and /briefing, the hidden page that opens the
# Briefing; each with an LA chosen, so that its tables and charts are drawn.
PAGES = ["/", "/briefing", "/lists", "/regional", "/case-selection", "/child-journey",
         "/upload", "/manage-data", "/timelines", "/descriptor"]


def _serve(db: Path, log: Path, port: int) -> tuple[subprocess.Popen, str]:
    """`streamlit run dashboard/app.py --server.port N`, as the Makefile runs it: every other
    setting comes from .streamlit/config.toml."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("STREAMLIT_") and k != "ANNEXA_USERS"}
    env["ANNEXA_DB"] = str(db)
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port",
             str(port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return proc, wait_healthy(proc, f"http://127.0.0.1:{port}", log)


@pytest.fixture
def app_server(_demo_db_master, tmp_path):
    """The dashboard on a copy of the demo database, started as `make app` starts it: yields
    the database and a function that starts the server (write a users file first to test the
    sign-in form)."""
    db = tmp_path / "e2e.duckdb"
    shutil.copyfile(_demo_db_master, db)
    procs = []

    def start() -> str:
        proc, url = _serve(db, tmp_path / "streamlit.log", _free_port())
        procs.append(proc)
        return url

    yield db, start
    for proc in procs:
        stop_server(proc)


@pytest.fixture(scope="module")
def demo_app(_demo_db_master, tmp_path_factory) -> Iterator[str]:
    """The dashboard on a copy of the demo database, started as `make app` starts it, shared by
    this module's tests that only open pages (each in a browser context of its own, so a
    session of its own); yields its URL."""
    folder = tmp_path_factory.mktemp("demo_app")
    db = folder / "e2e.duckdb"
    shutil.copyfile(_demo_db_master, db)
    proc, url = _serve(db, folder / "streamlit.log", _free_port())
    try:
        yield url
    finally:
        stop_server(proc)


class _Requests:
    """How many requests the browser has in flight, and when one last started or ended."""

    def __init__(self) -> None:
        self.open = 0
        self.last = time.monotonic()

    def start(self, _request) -> None:
        self.open += 1
        self.last = time.monotonic()

    def end(self, _request) -> None:
        self.open = max(0, self.open - 1)
        self.last = time.monotonic()


_REQUESTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # page -> _Requests


def _watch(page) -> list[str]:
    """Every URL the browser asks for (its pages, workers, sockets) on a host that is not local."""
    outside: list[str] = []

    def note(url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            outside.append(url)

    requests = _REQUESTS.setdefault(page, _Requests())
    page.context.on("request", requests.start)
    page.context.on("requestfinished", requests.end)
    page.context.on("requestfailed", requests.end)
    page.context.on("request", lambda request: note(request.url))
    page.on("websocket", lambda ws: note(ws.url))
    return outside


def _settle(page, quiet: float = 0.5, cap: float = 1.5) -> None:
    """The script has run and the browser has drawn the page, its favicon and its charts: nothing
    redrawn and no request in flight or begun for `quiet` s (at most `cap` s, once a fixed wait)."""
    wait_idle(page)
    page.wait_for_load_state("load")
    until = time.monotonic() + cap
    drawn(page, quiet=int(quiet * 1000), cap=int(cap * 1000))
    requests = _REQUESTS[page]
    while time.monotonic() < until and (requests.open
                                         or time.monotonic() - requests.last < quiet):
        page.wait_for_timeout(50)


# Each page opened by its address, in a session of its own: one test per page, so that the walk
# through them all is shared between the xdist workers rather than one long test.
@pytest.mark.parametrize("path", PAGES)
def test_no_page_requests_an_outside_host(demo_app, page, path):
    outside = _watch(page)
    page.goto(f"{demo_app}{path}?la=X02")
    _settle(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert page.locator("[data-testid='stException']").count() == 0, path
    assert not outside, f"{path}: requests to outside hosts: {outside}"


# The same by the sidebar's links, as a user moves between pages (the favicon changes): every
# move of the walk Briefing, Regional overview, ..., Descriptor helper, Briefing, in two halves
# (the second starts on the page where the first ends).
NAVIGATION = ["Briefing", "Regional overview", "Case selection", "Child journey",
              "Upload and data quality", "Manage data", "Timelines", "Descriptor helper",
              "Briefing"]
HALVES = {"first half": ("/", NAVIGATION[1:5]), "second half": ("/upload", NAVIGATION[5:])}


@pytest.mark.parametrize("half", list(HALVES))
def test_moving_between_pages_requests_no_outside_host(demo_app, page, half):
    start, names = HALVES[half]
    outside = _watch(page)
    page.goto(f"{demo_app}{start}?la=X02")
    _settle(page)
    assert not outside, f"{start}: requests to outside hosts: {outside}"
    for name in names:
        page.locator("[data-testid='stSidebarNav']").get_by_role(
            "link", name=name, exact=True).click()
        _settle(page)
        assert not outside, f"{name}: requests to outside hosts: {outside}"


def test_the_briefing_popover_requests_no_outside_host(demo_app, page, shot):
    outside = _watch(page)
    page.goto(f"{demo_app}/?la=X02")
    _settle(page)
    # A popover on the Briefing draws its in-page icon and text.
    page.get_by_role("button", name="How is this counted?").first.click()
    _settle(page)
    assert not outside, f"Briefing popover: requests to outside hosts: {outside}"
    shot(page, "offline_briefing")


def test_the_sign_in_form_requests_no_outside_host(app_server, page, shot):
    db, start = app_server
    access.write_users([access.User("insp", "inspector",
                                    access.hash_password("inspector-pass-1"), las=("X01",))],
                       db.parent / access.USERS_FILE_NAME)  # beside the database: the default
    url = start()
    outside = _watch(page)
    for path in ("/", "/regional"):
        page.goto(f"{url}{path}")
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=60_000)
        _settle(page)
        assert not outside, f"sign-in {path}: requests to outside hosts: {outside}"
    page.get_by_label("Username", exact=True).fill("insp")
    page.get_by_label("Password", exact=True).fill("inspector-pass-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as insp")).to_be_visible(timeout=90_000)
    _settle(page)
    assert not outside, f"signed in: requests to outside hosts: {outside}"
    shot(page, "offline_signed_in")
