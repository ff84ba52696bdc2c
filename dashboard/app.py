"""Annex A pre-inspection dashboard: the router and the shared sidebar, nothing else.

Run with `streamlit run dashboard/app.py` from the repository root.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run` puts dashboard/ on the path, not the repo root
    sys.path.insert(0, str(ROOT))

from dashboard import auth, context, db  # noqa: E402
from dashboard.context import DEFAULTS, EDITIONS  # noqa: E402
from ingest import log_privacy  # noqa: E402

# Streamlit logs an uncaught page error with its message, and DuckDB's messages quote cell
# values: keep them out of the server log as the browser already does (showErrorDetails).
log_privacy.install()

VIEWS = Path(__file__).parent / "views"


def _choose_in_url(key: str, options: list[str], *, default: str | None = None,
                   pending: str | None = None) -> None:
    """Set a selectbox's value before it is drawn: a page's request, else this session's
    choice, else the link's (?la=X02), else the default.

    The URL holds the code, not the label (bind="query-params" would write the label), so a
    copied link reopens the same view.
    """
    current = st.session_state.get(key)
    for candidate in (pending, current, st.query_params.get(key), default, options[0]):
        if candidate in options:
            st.session_state[key] = candidate
            return


def sidebar() -> None:
    """LA, reference date, framework edition and settings, each bound to the URL."""
    las = db.query(
        "select la_code, any_value(la_name order by loaded_at desc) as la_name, "
        "max(as_at_date) as as_at_date from submissions group by la_code order by la_code"
    )
    # Only the signed-in user's LAs, so no page and no ?la= link can choose another.
    las = context.only_allowed(las)
    with st.sidebar:
        st.header("Local authority")
        if las.empty:
            st.caption("No data loaded yet.")
            st.session_state.pop("_ref_date", None)
            return
        names = dict(zip(las.la_code, las.la_name.fillna(las.la_code), strict=True))
        _choose_in_url("la", list(names), pending=st.session_state.pop("_pending_la", None))
        st.selectbox("LA", list(names), key="la", format_func=lambda c: f"{names[c]} ({c})")
        st.query_params["la"] = st.session_state["la"]
        as_at = las.set_index("la_code").as_at_date[st.session_state["la"]]
        as_at = as_at.date() if hasattr(as_at, "date") else as_at
        st.session_state["_la_name"] = names[st.session_state["la"]]
        ref = st.date_input(
            "Reference date", value=None, key="ref", bind="query-params", format="DD/MM/YYYY",
            help="Every window is counted back from this date. Blank: the submission's as-at "
            f"date ({as_at:%d/%m/%Y}). DECISIONS.md 1-2.",
        )
        st.session_state["_ref_date"] = ref or as_at
        st.session_state["_ref_date_is_default"] = ref is None
        st.caption(f"Windows end on **{st.session_state['_ref_date']:%d %B %Y}**"
                   + (" (the submission's as-at date)." if ref is None else "."))
        with st.expander("Settings"):
            _choose_in_url("edition", list(EDITIONS), default=DEFAULTS["edition"])
            st.selectbox("Framework edition", list(EDITIONS), key="edition",
                         format_func=EDITIONS.get)
            st.query_params["edition"] = st.session_state["edition"]
            st.number_input("Sampling window (months)", 1, 12, DEFAULTS["sampling_months"],
                            key="sampling_months", bind="query-params",
                            help="DECISIONS.md 9: a case is recent if it had an event in this "
                            "many months before the reference date.")
            st.number_input("Large sibling group: brothers and sisters at least", 1, 10,
                            DEFAULTS["sibling_threshold"], key="sibling_threshold",
                            bind="query-params", help="DECISIONS.md 10.")


def run() -> None:
    st.set_page_config(page_title="Annex A dashboard", page_icon=":material/child_care:",
                       layout="wide")
    pages = {
        "Analyse": [
            st.Page(VIEWS / "briefing.py", title="Briefing", icon=":material/summarize:",
                    url_path="briefing", default=True),
            st.Page(VIEWS / "regional.py", title="Regional overview", icon=":material/map:",
                    url_path="regional"),
            st.Page(VIEWS / "case_selection.py", title="Case selection",
                    icon=":material/checklist:", url_path="case-selection"),
            st.Page(VIEWS / "child_journey.py", title="Child journey",
                    icon=":material/timeline:", url_path="child-journey"),
        ],
        "Data": [
            st.Page(VIEWS / "upload.py", title="Upload and data quality",
                    icon=":material/upload_file:", url_path="upload"),
            st.Page(VIEWS / "manage_data.py", title="Manage data",
                    icon=":material/auto_delete:", url_path="manage-data"),
        ],
        "Plan": [st.Page(VIEWS / "timelines.py", title="Timelines", icon=":material/event:",
                         url_path="timelines")],
        "Tools": [st.Page(VIEWS / "descriptor.py", title="Descriptor helper",
                          icon=":material/percent:", url_path="descriptor")],
    }
    if not auth.gate(pages):  # users file present and nobody signed in: the sign-in form only
        return
    nav = st.navigation(auth.visible_pages(pages))
    sidebar()
    auth.account_box()
    nav.run()


run()
