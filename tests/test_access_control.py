"""Access control on a shared server (annexa/security/access.py, dashboard/auth.py,
dashboard/context.py).

The rules: password hashes and the users file (a bad file lets nobody in), a role's LAs, the
`annexa users` command; then, under AppTest, the sign-in gate and every page opened by restricted
users: another LA's code, name and a child ID that only that LA has must appear nowhere in what
the browser would receive (every element, every table's and chart's data, every download),
including when the URL names the other LA or the other LA's child.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
import shared_builds
from conftest import at_address, needs_reference, shared_folder
from db_query import sql
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from annexa.cli import main as annexa
from annexa.security import access
from annexa.services.demo import REGION as DEMO_REGION
from annexa.store import warehouse

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
OTHER_REGION = shared_builds.ACCESS_OTHER_REGION
PAGES = ["views/briefing.py", "views/regional.py", "views/case_selection.py",
         "views/child_journey.py", "views/upload.py", "views/manage_data.py",
         "views/timelines.py", "views/descriptor.py"]
PASSWORDS = {"insp": "inspector-pass-1", "ao": "analyst-pass-22", "rsi": "senior-pass-333",
             "rsiyh": "senior-pass-4444"}


# ==================================================================================== fixtures

@pytest.fixture(scope="session")
def _access_master(_demo_db_master, tmp_path_factory) -> Path:
    """The demo (X01-X03 in the fictional region, public judgements for the 153 real LAs) plus
    Y01 Southdale in another region, a saved sample of X02, and cycle events of X01, X02 and a
    real LA (350 Bolton, North West); built once per test run (shared_builds.access), and copied
    by each test."""
    return shared_builds.once(shared_folder(tmp_path_factory), "access")


_scrypt_once = functools.cache(access._scrypt)


@pytest.fixture(scope="session")
def _hashes() -> dict[str, str]:
    return {name: access.hash_password(pw) for name, pw in PASSWORDS.items()}


def users(hashes: dict[str, str]) -> list[access.User]:
    return [
        access.User("insp", "inspector", hashes["insp"], las=("X01",)),
        access.User("ao", "analytical_officer", hashes["ao"], region=OTHER_REGION),
        access.User("rsi", "regional_senior_inspector", hashes["rsi"], region=DEMO_REGION),
        access.User("rsiyh", "regional_senior_inspector", hashes["rsiyh"], region="YH"),
    ]


@pytest.fixture
def access_db(_access_master, _hashes, tmp_path, monkeypatch) -> Path:
    """A private copy as $ANNEXA_DB, with a users file beside it (the default place)."""
    path = tmp_path / "access.duckdb"
    shutil.copyfile(_access_master, path)
    monkeypatch.setenv("ANNEXA_DB", str(path))
    monkeypatch.delenv(access.USERS_ENV, raising=False)
    access.write_users(users(_hashes))
    assert access.users_path() == tmp_path / "users.toml"
    monkeypatch.setattr(access, "FAILED_LOGIN_DELAY", 0)
    # Each sign-in still checks the password typed against the user's hash; scrypt (about 0.25 s
    # of CPU, by design) is worked out once per password, salt and parameters, not per sign-in.
    # The tests of hashing and verifying themselves (above) do not use this fixture.
    monkeypatch.setattr(access, "_scrypt", _scrypt_once)
    access.THROTTLE.reset()
    yield path
    access.THROTTLE.reset()


@pytest.fixture(scope="session")
def only_in(_access_master) -> dict[str, str]:
    """For each LA, a child ID that no other LA has, nor has inside one of its own IDs (the
    synthetic IDs are '000257' or 'Y01-000257')."""
    out = {}
    for la in ("X01", "X02", "X03", "Y01"):
        out[la] = sql(_access_master,
                      "select child_id from children(?) where child_id not in "
                      "(select child_id from children(null) where la_code <> ?) "
                      "and child_id like ? || '-%' order by child_id limit 1",
                      [la, la, la]).child_id[0]
    return out


@pytest.fixture
def media(monkeypatch) -> list[bytes]:
    """Every file the app hands the browser (download buttons' data), as it is registered."""
    seen: list[bytes] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes | str):
            seen.append(path_or_data if isinstance(path_or_data, bytes)
                        else path_or_data.encode())
        return original(self, path_or_data, mimetype, kind, filename)

    def deferred(self, data_callable, *args, **kwargs):
        # A file made on click (st.download_button with a callable): make it now, as a click
        # would, and keep what the user would receive.
        data = data_callable()
        seen.append(data if isinstance(data, bytes) else str(data).encode())
        return original_deferred(self, data_callable, *args, **kwargs)

    original_deferred = MediaFileManager.add_deferred
    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", deferred)
    return seen


# ===================================================================================== helpers

def _bytes_text(data: bytes) -> str:
    try:
        return pa.ipc.open_stream(io.BytesIO(data)).read_all().to_pandas().to_csv()
    except Exception:  # not an Arrow table
        pass
    if data[:2] == b"PK":  # an Excel workbook: every part's text
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8", "replace")


def _proto_text(msg) -> list[str]:
    out = []
    for fd, value in msg.ListFields():
        values = list(value) if fd.is_repeated else [value]
        for v in values:
            if fd.type == fd.TYPE_MESSAGE:
                out += _proto_text(v)
            elif fd.type == fd.TYPE_BYTES:
                out.append(_bytes_text(v))
            else:
                out.append(str(v))
    return out


def rendered(at: AppTest, media: list[bytes] | None = None, skip=lambda node: False) -> str:
    """Everything the browser would receive: every element's fields, tables and charts decoded
    from Arrow, and the files behind download buttons (but the elements `skip` picks)."""
    parts = []
    for node in at._tree:
        if getattr(node, "proto", None) is not None and not skip(node):
            parts += _proto_text(node.proto)
    parts += [_bytes_text(m) for m in media or []]
    return "\n".join(parts)


def leaks(text: str, forbidden: list[str]) -> list[str]:
    """Each forbidden word found as a whole word, with where it was (for the failure message)."""
    found = []
    for f in forbidden:
        m = re.search(rf"(?<![A-Za-z0-9]){re.escape(f)}(?![A-Za-z0-9])", text)
        if m:
            found.append(f"{f}: ...{text[max(0, m.start() - 80):m.end() + 40]}...")
    return found


def sign_in(at: AppTest, name: str, password: str | None = None) -> AppTest:
    at.text_input(key="_sign_in_name").input(name)
    at.text_input(key="_sign_in_password").input(PASSWORDS[name] if password is None
                                                 else password)
    return at.button[0].click().run()


def open_as(name: str, page: str | None = None, **params) -> AppTest:
    """Follow a link to `page` (the default page if None) with these URL parameters, sign in as
    `name` on the sign-in form it shows, then follow the link again (the link a user follows)."""
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():  # the link, opened before signing in
        at.query_params[key] = value
    if page:  # its address: the sign-in form there, and once signed in that page
        at_address(at, page)
    at.run()
    sign_in(at, name)
    assert not at.exception, [e.message for e in at.exception]
    for key, value in params.items():  # and followed again once signed in
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def forbidden_for(name: str, only_in: dict[str, str]) -> list[str]:
    if name == "insp":
        return ["X02", "X03", "Y01", "Eastbrook", "Westvale", "Southdale", OTHER_REGION,
                "Eastbrook team", only_in["X02"], only_in["X03"], only_in["Y01"]]
    return ["X01", "X02", "X03", "Northmoor", "Eastbrook", "Westvale", DEMO_REGION,
            "Eastbrook team", only_in["X01"], only_in["X02"], only_in["X03"]]


# ============================================================================ passwords, file

def test_passwords_are_salted_scrypt_and_checked_in_constant_time():
    h = access.hash_password("a long passphrase")
    algo, n, r, p, salt, key = h.split("$")
    assert (algo, int(n), int(r), int(p)) == ("scrypt", access.SCRYPT_N, access.SCRYPT_R,
                                              access.SCRYPT_P)
    assert access.verify_password("a long passphrase", h)
    assert not access.verify_password("a long passphrasE", h)
    assert not access.verify_password("", h)
    assert access.hash_password("a long passphrase") != h  # a fresh salt each time
    tampered = h[:-6] + ("A" if h[-6] != "A" else "B") + h[-5:]
    assert not access.verify_password("a long passphrase", tampered)
    for bad in ["", "plain text", "scrypt$16$8$1$c2FsdA==$a2V5", "bcrypt$x$y$z$a$b",
                f"scrypt$3000$8$1${salt}${key}", f"scrypt$1073741824$8$1${salt}${key}"]:
        assert not access.verify_password("a long passphrase", bad)


def test_sign_in_checks_names_and_passwords():
    u = access.User("jo", "inspector", access.hash_password("right password"), las=("X01",))
    users_by_name = {"jo": u}
    assert access.authenticate(users_by_name, "Jo ", "right password") == u
    assert access.authenticate(users_by_name, "jo", "wrong password") is None
    assert access.authenticate(users_by_name, "nobody", "right password") is None


def test_failed_sign_ins_lock_a_username_for_a_while():
    now = [1000.0]
    throttle = access.LoginThrottle(max_failures=3, lockout=60, clock=lambda: now[0])
    for _ in range(3):
        assert throttle.wait_seconds("jo") == 0
        throttle.failed("Jo")
    assert throttle.wait_seconds("jo") == 60
    assert throttle.wait_seconds("someone else") == 0
    now[0] += 61
    assert throttle.wait_seconds("jo") == 0
    throttle.failed("jo")
    throttle.succeeded("jo")
    assert throttle.wait_seconds("jo") == 0


def test_the_users_file_round_trips(tmp_path, _hashes):
    path = access.write_users(users(_hashes), tmp_path / "u.toml")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    loaded = access.load_users(path)
    assert loaded == {u.name: u for u in users(_hashes)}
    assert loaded["insp"].las == ("X01",) and loaded["ao"].region == OTHER_REGION


BAD_FILES = {
    "not TOML": "[[users]\nname = 'x'",
    "unknown top-level key": "open = true\n",
    "unknown key": "[[users]]\nname='a'\nrole='inspector'\nlas=['X01']\npassword='{h}'\nadmin=true",
    "unknown role": "[[users]]\nname='a'\nrole='admin'\nlas=['X01']\npassword='{h}'",
    "plain password": "[[users]]\nname='a'\nrole='inspector'\nlas=['X01']\npassword='secret'",
    "tampered hash": "[[users]]\nname='a'\nrole='inspector'\nlas=['X01']\npassword='{t}'",
    "inspector without LAs": "[[users]]\nname='a'\nrole='inspector'\npassword='{h}'",
    "inspector with empty LAs": "[[users]]\nname='a'\nrole='inspector'\nlas=[]\npassword='{h}'",
    "inspector with a region": "[[users]]\nname='a'\nrole='inspector'\nlas=['X01']\n"
                               "region='YH'\npassword='{h}'",
    "analyst without a region": "[[users]]\nname='a'\nrole='analytical_officer'\n"
                                "password='{h}'",
    "analyst with LAs": "[[users]]\nname='a'\nrole='analytical_officer'\nregion='YH'\n"
                        "las=['X01']\npassword='{h}'",
    "bad name": "[[users]]\nname='A B'\nrole='inspector'\nlas=['X01']\npassword='{h}'",
    "twice": "[[users]]\nname='a'\nrole='inspector'\nlas=['X01']\npassword='{h}'\n"
             "[[users]]\nname='a'\nrole='inspector'\nlas=['X02']\npassword='{h}'",
}


@pytest.mark.parametrize("problem", list(BAD_FILES))
def test_a_bad_users_file_lets_nobody_in(problem, tmp_path, _hashes):
    h = _hashes["insp"]
    tampered = h.rsplit("$", 1)[0] + "$!!notbase64!!"
    path = tmp_path / "users.toml"
    path.write_text(BAD_FILES[problem].replace("{h}", h).replace("{t}", tampered))
    assert access.access_enabled(path)
    with pytest.raises(access.UsersFileError) as err:
        access.load_users(path)
    assert h not in str(err.value)


def test_access_is_on_when_the_file_exists_and_fails_closed_when_it_is_missing_or_open(
        tmp_path, monkeypatch, _hashes):
    monkeypatch.setenv("ANNEXA_DB", str(tmp_path / "db" / "a.duckdb"))
    monkeypatch.delenv(access.USERS_ENV, raising=False)
    assert access.users_path() == tmp_path / "db" / "users.toml"
    assert not access.access_enabled()
    access.write_users(users(_hashes))
    assert access.access_enabled()
    # A world-writable file could have been changed by anyone: refused.
    access.users_path().chmod(0o666)
    with pytest.raises(access.UsersFileError, match="chmod 600"):
        access.load_users()
    # $ANNEXA_USERS naming a missing file: on, with nobody able to sign in (a typo must not
    # open the data to everyone).
    monkeypatch.setenv(access.USERS_ENV, str(tmp_path / "typo.toml"))
    assert access.access_enabled()
    with pytest.raises(access.UsersFileError, match="does not exist"):
        access.load_users()


# ====================================================================================== scopes

@needs_reference()  # the Ofsted regions of real LAs come from the published LA lookup
def test_each_role_sees_its_las(access_db, _hashes):
    con = warehouse.connect_reader(access_db)
    try:
        def query(s, p):
            return con.execute(s, p).df()

        by_name = {u.name: u for u in users(_hashes)}
        assert access.allowed_las(by_name["insp"], query) == {"X01"}
        assert access.allowed_las(by_name["ao"], query) == {"Y01"}
        assert access.allowed_las(by_name["rsi"], query) == {"X01", "X02", "X03"}
        yh = set(query("select la_code from ref_la where region_code = 'YH'", []).la_code)
        assert len(yh) > 10
        assert access.allowed_las(by_name["rsiyh"], query) == yh
        # By the region's name as well as its code, in any case.
        named = access.User("n", "analytical_officer", "h", region=" yorkshire AND the humber")
        assert access.allowed_las(named, query) == yh
        # A real LA loaded under another region's name stays in its Ofsted region.
        con.execute("create temp table s as select * from submissions")
        con.execute("update s set la_code = '370' where la_code = 'Y01'")
        moved = access.REGION_LAS_SQL.replace("from submissions", "from s")
        assert "370" not in set(query(moved, [OTHER_REGION]).la_code)
        assert "370" in set(query(moved, ["YH"]).la_code)
    finally:
        con.close()


def test_who_may_load_data_for_which_la(_hashes):
    by_name = {u.name: u for u in users(_hashes)}
    ao, insp = by_name["ao"], by_name["insp"]
    assert access.load_refusal(ao, "Y01", frozenset({"Y01"}), known=True) is None
    assert access.load_refusal(ao, "NEW9", frozenset({"Y01"}), known=False) is None
    assert "not in your region" in access.load_refusal(ao, "X02", frozenset({"Y01"}), True)
    assert "do not load data" in access.load_refusal(insp, "X01", frozenset({"X01"}), True)


# ========================================================================================= CLI

def test_users_add_list_remove(tmp_path, monkeypatch, capsys):
    path = tmp_path / "users.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO("a good password\n"))
    assert annexa(["users", "add", "Jo", "--role", "inspector", "--la", "X01", "--la", "X02",
                   "--password-stdin", "--users", str(path)]) == 0
    answers = iter(["another password", "another password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert annexa(["users", "add", "sam", "--role", "regional_senior_inspector", "--region",
                   "North West", "--users", str(path)]) == 0
    loaded = access.load_users(path)
    assert loaded["jo"].las == ("X01", "X02")
    assert access.verify_password("a good password", loaded["jo"].password_hash)
    assert access.verify_password("another password", loaded["sam"].password_hash)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    capsys.readouterr()

    assert annexa(["users", "list", "--users", str(path)]) == 0
    out = capsys.readouterr().out
    assert "jo" in out and "LAs X01, X02" in out and "region North West" in out
    assert "scrypt" not in out and loaded["jo"].password_hash not in out

    assert annexa(["users", "remove", "jo", "--users", str(path)]) == 0
    assert set(access.load_users(path)) == {"sam"}
    assert annexa(["users", "remove", "jo", "--users", str(path)]) == 1


def test_users_add_refuses_what_it_cannot_use(tmp_path, monkeypatch, capsys):
    path = tmp_path / "users.toml"

    def add(*args, stdin="a good password\n"):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return annexa(["users", "add", *args, "--password-stdin", "--users", str(path)])

    assert add("a", "--role", "inspector") == 2  # no LA
    assert add("a", "--role", "inspector", "--la", "X01", "--region", "YH") == 2
    assert add("a", "--role", "analytical_officer") == 2  # no region
    assert add("a", "--role", "analytical_officer", "--region", "YH", "--la", "X01") == 2
    assert add("a b", "--role", "inspector", "--la", "X01") == 2
    assert add("a", "--role", "inspector", "--la", "X01", stdin="short\n") == 2
    assert not path.exists()
    assert add("a", "--role", "inspector", "--la", "X01") == 0
    assert add("a", "--role", "inspector", "--la", "X02") == 2  # exists: needs --replace
    assert add("a", "--role", "inspector", "--la", "X02", "--replace") == 0
    assert access.load_users(path)["a"].las == ("X02",)
    answers = iter(["one password", "two password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert annexa(["users", "add", "b", "--role", "inspector", "--la", "X01", "--users",
                   str(path)]) == 2  # the two differ
    # A file that does not parse is not overwritten.
    path.write_text("not = [valid")
    assert add("c", "--role", "inspector", "--la", "X01") == 2
    assert path.read_text() == "not = [valid"
    assert "scrypt$" not in capsys.readouterr().err


# ==================================================================================== the gate

def _before_sign_in(at: AppTest, only_in: dict[str, str], where: str) -> None:
    assert not at.exception
    assert [t.value for t in at.title] == ["Sign in"], where
    assert not list(at.sidebar)[1:], f"the sidebar is drawn before signing in ({where})"
    assert not leaks(rendered(at), ["X01", "X02", "X03", "Y01", "Northmoor", "Eastbrook",
                                    DEMO_REGION, only_in["X01"]]), where
    assert "la" not in at.session_state


# Every page but Manage data, which is not an inspector's page (tested below). One test per page
# (each well under the suite's 20 s a test), each from a first visit of its own.
@pytest.mark.parametrize("page", [p for p in PAGES if p != "views/manage_data.py"])
def test_nothing_is_drawn_before_signing_in(access_db, only_in, page):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["la"] = "X01"
    at.query_params["child"] = only_in["X01"]
    if page != PAGES[0]:  # a first visit to the page's own address (the first page's is /)
        at_address(at, page)
    at.run()
    _before_sign_in(at, only_in, "first visit")
    # A session left on any page (the page in its URL) gets the sign-in page once signed out;
    # on the first page, a session signed out signs in again and is signed out again.
    for _ in range(2 if page == PAGES[0] else 1):
        sign_in(at, "insp")
        at.query_params["child"] = only_in["X01"]
        at.switch_page(page).run()
        assert [t.value for t in at.title] != ["Sign in"], page
        at.button(key="_sign_out").click().run()
        _before_sign_in(at, only_in, page)


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_name(access_db):
    at = AppTest.from_file(APP, default_timeout=120).run()
    sign_in(at, "insp", "not the password")
    assert any("Wrong username or password" in e.value for e in at.error)
    assert [t.value for t in at.title] == ["Sign in"]
    sign_in(at, "nobody", "whatever")
    assert any("Wrong username or password" in e.value for e in at.error)
    for _ in range(access.MAX_FAILURES - 1):
        sign_in(at, "insp", "not the password")
    sign_in(at, "insp")  # the right password, too late
    assert any("Too many failed attempts" in e.value for e in at.error)
    assert [t.value for t in at.title] == ["Sign in"]


def test_signing_in_and_out(access_db):
    at = open_as("insp")
    assert at.title[0].value == "Briefing: Northmoor (X01)"
    assert any("Signed in as **insp** (Inspector; LA X01)" in c.value for c in at.sidebar.caption)
    at.button(key="_sign_out").click().run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert "la" not in at.session_state


def test_a_removed_user_is_signed_out_at_the_next_click(access_db, _hashes):
    at = open_as("insp")
    access.write_users([u for u in users(_hashes) if u.name != "insp"])
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]


def test_a_broken_users_file_lets_nobody_in(access_db):
    access.users_path().write_text("[[users]]\nname = 'insp'\nrole = 'inspector'\n")
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert any("cannot be used" in e.value for e in at.error)
    assert not at.text_input


# =============================================================================== every page

def test_the_sidebar_offers_only_the_users_las_and_a_link_to_another_falls_back(access_db):
    at = open_as("rsi", la="X02")
    assert at.session_state["la"] == "X02"
    assert at.selectbox(key="la").options == ["Northmoor (X01)", "Eastbrook (X02)",
                                              "Westvale (X03)"]
    at = open_as("insp", la="X02")
    assert at.session_state["la"] == "X01"
    assert at.selectbox(key="la").options == ["Northmoor (X01)"]
    assert at.query_params["la"] in ("X01", ["X01"])
    at = open_as("ao", la="X01")
    assert at.session_state["la"] == "Y01"


@pytest.mark.parametrize("name", ["insp", "ao"])
@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_another_las_data(page, name, access_db, only_in, media):
    own = {"insp": "X01", "ao": "Y01"}[name]
    other = {"insp": "X02", "ao": "X01"}[name]
    params = {"la": other, "child": only_in[other], "region": DEMO_REGION if name == "ao"
              else OTHER_REGION, "visit": "monitoring"}
    if name == "insp" and page == "views/manage_data.py":
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            open_as(name, page, **params)  # not in an inspector's navigation at all
        return
    at = open_as(name, page, **params)

    def typed_by_the_user(node) -> bool:
        # The journey echoes the ID from the link in its box and in "No child with case ID
        # '...'": the user's own words, not data. Nothing else may name that child.
        if page != "views/child_journey.py":
            return False
        if getattr(node, "key", None) == "child":
            return True
        return str(getattr(node.proto, "body", "")).startswith(
            f"No child with case ID '{only_in[other]}' in the data of")

    text = rendered(at, media, skip=typed_by_the_user)
    assert not leaks(text, forbidden_for(name, only_in)), page
    assert at.session_state["la"] == own
    if page == "views/child_journey.py":
        assert any("No child with case ID" in w.value for w in at.warning)


def test_briefing_and_its_downloads_are_the_users_la(access_db, only_in, media):
    at = open_as("insp", la="X02")
    assert at.title[0].value == "Briefing: Northmoor (X01)"
    assert len(media) >= 2  # Excel and printable page
    assert not leaks(rendered(at, media), forbidden_for("insp", only_in))
    assert any("Northmoor" in _bytes_text(m) for m in media)


def test_regional_overview_compares_only_the_users_las(access_db, only_in):
    at = open_as("rsi", "views/regional.py")
    table = next(df.value for df in at.dataframe if "Latest ILACS grade" in df.value.columns)
    assert len(table) == 3
    # The walker sees what a table and a chart hold (else the checks above would prove nothing).
    assert leaks(rendered(at), ["Eastbrook", "X03"])
    at = open_as("insp", "views/regional.py", region=DEMO_REGION)
    table = next(df.value for df in at.dataframe if "Latest ILACS grade" in df.value.columns)
    assert table.LA.tolist() == ["Northmoor (X01) (selected)"]
    assert at.selectbox(key="region").options == [DEMO_REGION]
    assert at.selectbox(key="rg_cmp_la").options == ["Northmoor (X01)"]


def test_case_selection_only_finds_the_users_children(access_db, only_in, media):
    at = open_as("insp", "views/case_selection.py", la="X02")
    assert any("No sample saved for this LA yet" in i.value for i in at.info)  # X02's is not
    at.text_input(key="case_selection__add_ids").input(only_in["X02"]).run()
    at.button(key="case_selection__add").click().run()
    assert any(f"No child with case ID '{only_in['X02']}' in this LA's data" in w.value
               for w in at.warning)
    sample = next(df.value for df in at.dataframe if "Why chosen" in df.value.columns)
    assert only_in["X02"] not in set(sample["Case ID"])
    assert [b.label for b in at.download_button][:2] == ["Download Excel", "Download CSV"]
    exports = "\n".join(_bytes_text(m) for m in media)
    assert "X01" in exports and not leaks(exports, forbidden_for("insp", only_in))


def test_the_child_journey_does_not_find_another_las_child(access_db, only_in):
    at = open_as("insp", "views/child_journey.py", la="X02", child=only_in["X02"])
    assert at.session_state["la"] == "X01"
    assert any("No child with case ID" in w.value for w in at.warning)
    assert not at.metric and not at.get("vega_lite_chart")
    # The ID is only echoed back in the box and the "not found" message.
    at.text_input(key="child").input(only_in["X01"]).run()
    assert any(s.value == f"Case {only_in['X01']}" for s in at.subheader)
    at.text_input(key="child").input(only_in["Y01"]).run()
    assert any("No child with case ID" in w.value for w in at.warning)


def test_upload_lets_an_analyst_load_only_into_their_region(access_db, make_workbook):
    wb = make_workbook({"list_1": [{"child_id": "A1", "gender": "a) Male",
                                    "ethnicity": "a) WBRI",
                                    "contact_date": dt.date(2026, 9, 1),
                                    "contact_source": "q) 6: Police"}]})
    before = len(sql(access_db, "select * from submissions"))

    def load(code: str) -> AppTest:
        at = open_as("ao", "views/upload.py")
        choose = next(s for s in at.selectbox if s.label == "Local authority")
        assert choose.options == ["Southdale (Y01)", "New LA..."]
        assert at.text_input[2].value == OTHER_REGION and at.text_input[2].disabled
        at.file_uploader[0].set_value([(wb.name, wb.read_bytes(), "application/vnd."
                                        "openxmlformats-officedocument.spreadsheetml.sheet")])
        choose.set_value("__new__")
        at.text_input[0].set_value(code)
        at.date_input[0].set_value(dt.date(2026, 10, 30))
        return at.button[0].click().run()

    at = load("X02")  # another region's LA, typed as a "new" one
    assert any("not in your region" in e.value for e in at.error)
    assert any("not in your region" in e.value for e in load("370").error)  # Barnsley, YH
    assert len(sql(access_db, "select * from submissions")) == before
    at = load("Z09")
    assert not at.exception
    row = sql(access_db, "select region from submissions where la_code = 'Z09'")
    assert row.region.tolist() == [OTHER_REGION]


def test_inspectors_neither_upload_nor_purge(access_db):
    at = open_as("insp", "views/upload.py")
    assert not at.file_uploader
    assert any("Inspectors read the data-quality reports" in i.value for i in at.info)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_as("insp", "views/manage_data.py")  # not in an inspector's navigation at all
    at = open_as("ao", "views/manage_data.py")
    assert at.title[0].value == "Manage data"
    assert at.selectbox(key="md_la").options == ["Southdale (Y01)"]


def test_timelines_show_only_the_users_cycles(access_db, only_in):
    at = open_as("insp", "views/timelines.py")
    at.selectbox(key="tl_region").set_value("All regions").run()
    status = next(df.value for df in at.dataframe if "Pathway" in df.value.columns)
    # Fictional, so not in Ofsted's LA lookup: named as its Annex A was loaded.
    assert status.LA.tolist() == ["Northmoor (X01)"]
    text = rendered(at)
    assert not leaks(text, ["X02", "Eastbrook", "350", "Bolton", "Bolton visit note"])
    assert not any(e.label == "Record a cycle event" for e in at.expander)
    # A regional senior inspector of the North West region... sees theirs, not X01's events.
    at = open_as("rsiyh", "views/timelines.py")
    at.selectbox(key="tl_region").set_value("All regions").run()
    status = next(df.value for df in at.dataframe if "Pathway" in df.value.columns)
    codes = set(status.LA.str.extract(r"\((\w+)\)$")[0])
    assert codes and codes <= set(sql(access_db, "select la_code from ref_la "
                                                 "where region_code = 'YH'").la_code)
    assert not leaks(rendered(at), ["X01", "X02", "Northmoor", "Bolton visit note"])


def test_with_no_users_file_everything_is_as_before(access_db):
    access.users_path().unlink()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["la"] = "Y01"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Briefing: Southdale (Y01)"
    assert len(at.selectbox(key="la").options) == 4
    assert not any("Signed in" in c.value for c in at.sidebar.caption)


def test_users_env_variable_points_elsewhere(access_db, tmp_path, monkeypatch, _hashes):
    elsewhere = tmp_path / "elsewhere" / "team.toml"
    access.write_users([u for u in users(_hashes) if u.name == "ao"], elsewhere)
    monkeypatch.setenv(access.USERS_ENV, str(elsewhere))
    at = AppTest.from_file(APP, default_timeout=120).run()
    sign_in(at, "insp")  # in the file beside the database, not in $ANNEXA_USERS's
    assert [t.value for t in at.title] == ["Sign in"]
    sign_in(at, "ao")
    assert at.title[0].value == "Briefing: Southdale (Y01)"
    assert os.environ[access.USERS_ENV] == str(elsewhere)


def test_parallel_sign_ins_cannot_pass_the_failure_limit():
    """Counting happens before the (slow) password check: many sessions guessing one username
    at once get no more than the limit of checks."""
    import threading

    throttle = access.LoginThrottle(max_failures=5, lockout=900)
    allowed = []
    barrier = threading.Barrier(12)

    def attempt():
        barrier.wait()
        if throttle.reserve("jo") == 0:
            allowed.append(1)

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(allowed) == 5
    throttle.succeeded("jo")
    assert throttle.reserve("jo") == 0


def test_a_region_reaches_las_loaded_under_its_name_before_any_lookup_is_imported():
    """Review finding: with no published lookup, an LA loaded with its region's name (or ONS
    code) belongs to that region's team, as the Timelines page shows it."""
    con = duckdb.connect()
    warehouse.build(con)
    for sid, la, region in ((1, "T01", "Yorkshire and the Humber"), (2, "T02", "E12000003"),
                            (3, "T03", "North West")):
        con.execute("insert into submissions (submission_id, la_code, region, as_at_date, "
                    "as_at_source, file_names, sha256) values (?, ?, ?, date '2026-10-30', "
                    "'given', ['f.xlsx'], ?)", [sid, la, region, str(sid)])

    def query(s, p):
        return con.execute(s, p).df()

    for region in ("YH", "yorkshire and the humber", "E12000003"):
        user = access.User("r", "regional_senior_inspector", "h", region=region)
        assert access.allowed_las(user, query) == {"T01", "T02"}, region
    shown = dict(con.execute("select la_code, region_code from int_la_directory").fetchall())
    assert shown == {"T01": "YH", "T02": "YH", "T03": "NW"}


def test_events_csv_rows_for_other_las_are_refused_and_said_so(access_db):
    at = open_as("ao", "views/timelines.py")
    csv_text = ("la_code,event_type,event_date,seq,detail,entered_by\n"
                "Y01,judgement,20/03/2026,,good,AO\n"
                "X01,judgement,20/03/2026,,inadequate,AO\n")
    at.file_uploader(key="tl_event_csv").set_value([("events.csv", csv_text.encode(), "text/csv")])
    at.run()
    at.button(key="tl_event_csv_go").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Recorded 1 of 2 events."]
    assert [e.value for e in at.error] == ["1 event is for an LA outside your scope: not "
                                           "recorded."]
    assert sql(access_db, "select la_code from la_events where entered_by = 'AO'"
               ).la_code.tolist() == ["Y01"]
