"""Signing in and out, for app.py. Who sees what is decided in dashboard/context.py (which asks
annexa/security/access.py); this module only draws the sign-in page and the account box.

When a users file exists, app.py calls `gate()` before it draws any page or the sidebar: until a
user signs in, every page's URL runs the sign-in form and nothing else. The user is checked
against the users file again on every run: removed, or given a new password, they are signed out
at once; given a new role or scope, it applies at once.
"""

from __future__ import annotations

import hmac
import math
import time

import streamlit as st

from annexa.security import access
from dashboard import context

# Pages only for users who may load and remove data (dashboard/views/manage_data.py): the page
# is left out of the navigation for everyone else, so its URL leads to the default page.
MANAGE_PAGES = {"manage-data", "manage_data"}


def _clear_session() -> None:
    """Everything this browser session held (working samples, choices): the next person to use
    the browser must not inherit any of it."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def _signed_in_user() -> access.User | None:
    user = st.session_state.get(context.USER_KEY)
    if not isinstance(user, access.User):
        return None
    try:
        users = access.load_users()
    except access.UsersFileError:
        _clear_session()
        return None
    now = users.get(user.name)
    if now is None or not hmac.compare_digest(now.password_hash, user.password_hash):
        _clear_session()
        return None
    if now != user:
        st.session_state[context.USER_KEY] = now
    return now


def _url_path(page) -> str:
    # The default page's public url_path is "" (the root); its own path is what its hash, and
    # so the page a link or a rerun asks for, is made from.
    return getattr(page, "_url_path", None) or page.url_path


def gate(pages: dict[str, list]) -> bool:
    """True when the app may draw its pages: access control is off, or a user is signed in.
    Otherwise the sign-in form is drawn, and False returned.

    Until then every page's URL runs the sign-in form and nothing else: a copied link
    (/regional?la=370) asks the user to sign in, then opens that page (for that LA, if theirs)."""
    if not access.access_enabled():
        st.session_state.pop(context.USER_KEY, None)
        return True
    if _signed_in_user() is not None:
        return True
    stand_ins = [st.Page(_sign_in_page, title="Sign in", url_path=_url_path(p),
                         default=bool(getattr(p, "_default", False)))
                 for items in pages.values() for p in items]
    st.navigation(stand_ins, position="hidden").run()
    return False


def _sign_in_page() -> None:
    st.title("Sign in")
    st.caption("This dashboard holds children's personal data. Sign in with the account the "
               "server's administrator gave you; you will see only your LAs.")
    try:
        users = access.load_users()
    except access.UsersFileError as exc:
        st.error(f"Access control is on, but the users file cannot be used, so nobody can sign "
                 f"in until the administrator fixes it: {exc}.", icon=":material/lock:")
        return
    if not users:
        st.error("Access control is on, but the users file has no users: the administrator adds "
                 "them with `annexa users add`.", icon=":material/lock:")
        return
    with st.form("sign_in", clear_on_submit=True):
        name = st.text_input("Username", key="_sign_in_name", autocomplete="username")
        password = st.text_input("Password", type="password", key="_sign_in_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary", icon=":material/login:")
    if not submitted:
        return
    wait = access.THROTTLE.reserve(name)  # counted as a failure until it succeeds
    if wait:
        st.error(f"Too many failed attempts for this username: try again in "
                 f"{math.ceil(wait / 60)} minute(s).", icon=":material/lock_clock:")
        return
    user = access.authenticate(users, name, password)
    if user is None:
        time.sleep(access.FAILED_LOGIN_DELAY)
        st.error("Wrong username or password.", icon=":material/lock:")
        return
    access.THROTTLE.succeeded(name)
    _clear_session()
    st.session_state[context.USER_KEY] = user
    st.rerun()


def visible_pages(pages: dict[str, list]) -> dict[str, list]:
    """The navigation without the pages this user may not open."""
    if context.can_manage_data():
        return pages
    kept = {section: [p for p in items if p.url_path not in MANAGE_PAGES]
            for section, items in pages.items()}
    return {section: items for section, items in kept.items() if items}


def account_box() -> None:
    """'Signed in as' and Sign out, at the foot of the sidebar (nothing when access is off)."""
    user = context.user()
    if user is None:
        return
    with st.sidebar:
        st.divider()
        st.caption(f":material/person: Signed in as **{user.name}** ({user.role_label}; "
                   f"{user.scope_text}).")
        st.button("Sign out", key="_sign_out", icon=":material/logout:", on_click=_clear_session)
