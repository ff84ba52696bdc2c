"""Access control in a real browser: with a users file beside the database, a link to another LA
opens the sign-in form only; a wrong password is refused; an inspector for X01 then lands on the
link's page with X01, and sees nothing of the other demo LAs there, on the briefing or the child
journey; signing out ends it. Two tests share one server per xdist worker, each signing in in a
browser session of its own.
Screenshots go to test-artifacts/access_*.png."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from annexa.security import access
from annexa.store import warehouse
from e2e.conftest import start_server, stop_server, wait_idle

OTHERS = ["Eastbrook", "Westvale", "X02", "X03"]


def _page_text(page) -> str:
    wait_idle(page)
    return page.locator("body").inner_text()


def _sign_in(page, name: str, password: str) -> None:
    page.get_by_label("Username", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_idle(page)


@pytest.fixture(scope="module")
def access_server(_demo_db_master, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """A dashboard on a copy of the demo database with a users file beside it (an inspector for
    X01), shared by this module's tests, each signing in in a session of its own; yields its
    URL and a child ID that only X02 has."""
    folder = tmp_path_factory.mktemp("access_flow")
    db = folder / "e2e.duckdb"
    shutil.copyfile(_demo_db_master, db)
    access.write_users([access.User("insp", "inspector",
                                    access.hash_password("inspector-pass-1"), las=("X01",))],
                       folder / access.USERS_FILE_NAME)  # beside the database: the default
    con = warehouse.connect_reader(db)
    try:
        other_child = con.execute(
            "select child_id from children('X02') where child_id like 'X02-%' "
            "order by child_id limit 1").fetchone()[0]
    finally:
        con.close()
    proc, url = start_server(db, folder / "streamlit.log")
    try:
        yield url, other_child
    finally:
        stop_server(proc)


def test_a_link_to_another_la_opens_only_the_sign_in_form(access_server, page, shot):
    url, _ = access_server
    page.goto(f"{url}/regional?la=X02")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=60_000)
    text = _page_text(page)
    assert not [w for w in [*OTHERS, "Northmoor"] if w in text]
    shot(page, "access_sign_in")

    _sign_in(page, "insp", "wrong password")
    expect(page.get_by_text("Wrong username or password.")).to_be_visible()

    # The link's page opens once signed in, with the user's own LA instead of the link's.
    _sign_in_to_the_regional_overview(page)
    shot(page, "access_regional")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=60_000)
    assert "Northmoor" not in _page_text(page)


def _sign_in_to_the_regional_overview(page) -> None:
    _sign_in(page, "insp", "inspector-pass-1")
    expect(page.get_by_role("heading", name="Regional overview")).to_be_visible(
        timeout=90_000)
    expect(page.get_by_text("Signed in as insp")).to_be_visible()
    assert "la=X01" in page.url
    text = _page_text(page)
    assert "Northmoor (X01)" in text and not [w for w in OTHERS if w in text]


def test_signed_in_the_briefing_and_journeys_are_the_inspectors_la(access_server, page, shot):
    url, other_child = access_server
    page.goto(f"{url}/regional?la=X02")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=60_000)
    _sign_in_to_the_regional_overview(page)

    page.get_by_role("link", name="Briefing", exact=True).click()
    expect(page.get_by_role("heading", name="Briefing: Northmoor (X01)")).to_be_visible(
        timeout=90_000)
    text = _page_text(page)
    assert not [w for w in OTHERS if w in text]
    shot(page, "access_briefing")

    page.get_by_role("link", name="Child journey", exact=True).click()
    wait_idle(page)
    page.get_by_label("Case ID", exact=True).fill(other_child)
    page.get_by_label("Case ID", exact=True).press("Enter")
    wait_idle(page)
    expect(page.get_by_text(f"No child with case ID '{other_child}'")).to_be_visible()
    shot(page, "access_child_journey")
