"""The shared sidebar's choices, as pages read them.

app.py draws the sidebar (LA, reference date, framework edition, settings) with widgets bound to
the URL, so a link reopens the same view; pages call `current()` and never draw these widgets.

Access control (annexa/security/access.py holds the rules): when a users file exists, every page
asks this
module, and only this module, which LAs the signed-in user may see: `current()` never returns an
LA outside them, `only_allowed()` filters a frame of LAs, `require_la()` stops a page, and
`can_manage_data()` says whether the user may load, remove or record data. With no users file
`allowed_las()` is None and everything is as on a single-user machine.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from annexa import config
from annexa.security import access

# The choices themselves, and how each edition is shown (the pages read EDITIONS here), are
# shared with the CLI.
from annexa.services.context import EDITIONS, Context  # noqa: F401
from dashboard import db

# The sidebar's settings start from the defaults in annexa/config.py, as the CLI's options do.
DEFAULTS = {
    "edition": config.DEFAULT_EDITION,
    "sampling_months": config.DEFAULT_SAMPLING_MONTHS,
    "sibling_threshold": config.DEFAULT_SIBLING_THRESHOLD,
}


def current() -> Context:
    s = st.session_state
    la = s.get("la") or None
    if la is not None and not may_see(la):
        la = None  # a stale or forged choice reads as "no LA", never as another team's LA
    return Context(
        la_code=la,
        la_name=s.get("_la_name") if la else None,
        ref_date=s.get("_ref_date"),
        ref_date_is_default=s.get("_ref_date_is_default", True),
        edition=s.get("edition", DEFAULTS["edition"]),
        sampling_months=int(s.get("sampling_months", DEFAULTS["sampling_months"])),
        sibling_threshold=int(s.get("sibling_threshold", DEFAULTS["sibling_threshold"])),
        compare_as=s.get("compare") or None,
    )


def select_la(la_code: str) -> None:
    """Ask the sidebar to show this LA on the next run (a page cannot set a drawn widget)."""
    st.session_state["_pending_la"] = la_code


# ============================================================================== access control

USER_KEY = "_access_user"  # the signed-in access.User, set by dashboard/auth.py only


def access_on() -> bool:
    return access.access_enabled()


def user() -> access.User | None:
    """The signed-in user; None when access control is off or nobody is signed in."""
    if not access_on():
        return None
    found = st.session_state.get(USER_KEY)
    return found if isinstance(found, access.User) else None


def allowed_las() -> frozenset[str] | None:
    """The LA codes this session may see; None means every LA (access control off)."""
    if not access_on():
        return None
    signed_in = user()
    if signed_in is None:
        return frozenset()  # fail closed: a page reached without signing in sees nothing
    return access.allowed_las(signed_in, db.query)


def may_see(la_code: object) -> bool:
    allowed = allowed_las()
    return allowed is None or (isinstance(la_code, str) and la_code in allowed)


def only_allowed(frame: pd.DataFrame, column: str = "la_code") -> pd.DataFrame:
    """The rows of LAs this session may see (all rows when access control is off)."""
    allowed = allowed_las()
    if allowed is None:
        return frame
    return frame[frame[column].isin(allowed)].reset_index(drop=True)


def require_la(la_code: object) -> None:
    """Stop the page unless this session may see the LA."""
    if not may_see(la_code):
        st.error("You do not have access to this LA's data.", icon=":material/lock:")
        st.stop()


def can_manage_data() -> bool:
    """Load, remove and record data: anyone on a single-user machine; else by role."""
    if not access_on():
        return True
    signed_in = user()
    return signed_in is not None and signed_in.can_manage_data


def load_refusal(la_code: str) -> str | None:
    """Why this session may not load a submission for the LA (None: it may)."""
    signed_in = user()
    if not access_on():
        return None
    if signed_in is None:
        return "Sign in first."
    known = bool(db.scalar(access.KNOWN_LA_SQL, [la_code]))
    return access.load_refusal(signed_in, la_code, allowed_las() or frozenset(), known)
