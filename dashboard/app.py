"""Annex A pre-inspection dashboard: the router and the shared sidebar, nothing else.

Run with `streamlit run dashboard/app.py` from the repository root.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run` puts dashboard/ on the path, not the repo root
    sys.path.insert(0, str(ROOT))

from annexa.security import log_privacy  # noqa: E402
from dashboard import auth, context, db  # noqa: E402
from dashboard.context import DEFAULTS, EDITIONS  # noqa: E402

# Streamlit logs an uncaught page error with its message, and DuckDB's messages quote cell
# values: keep them out of the server log as the browser already does (showErrorDetails).
log_privacy.install()

VIEWS = Path(__file__).parent / "views"

# Streamlit's date field is a row of day, month and year segments, each a target of its own: a
# two-digit segment was 18 x 20 px, under WCAG 2.2's 24 x 24 px minimum (2.5.8, axe
# 'target-size'). The one stylesheet the app adds, and below its one script (README
# "Accessibility").
STYLE = """<style>
[data-testid="stDateInputField"] [role="spinbutton"] {
  display: inline-block; min-width: 24px; min-height: 24px; line-height: 24px;
  text-align: center;
}
</style>"""
# A popover ("How is this counted?") longer than the window scrolls, but Streamlit gives its body
# no focus, so a keyboard user could read only its first lines (WCAG 2.1.1, axe
# 'scrollable-region-focusable'). Each popover body, as it opens, is made focusable and takes the
# focus: the arrow keys scroll it, and Escape closes it with the focus back on its button.
SCRIPT = """<script>
if (!window.annexaPopoverFocus) {
  window.annexaPopoverFocus = new MutationObserver(() => {
    document.querySelectorAll('[data-testid="stPopoverBody"]:not([tabindex])').forEach(body => {
      body.setAttribute('tabindex', '0');
      body.focus({preventScroll: true});
    });
  });
  window.annexaPopoverFocus.observe(document.body, {childList: true, subtree: true});
}
</script>"""


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


# The reference date and settings are written to the URL by hand rather than with
# bind="query-params", which in Streamlit 1.67 leaves the first change out of the address bar
# while the page promises that the link reopens this view.
def _restore_from_url(key: str, parse) -> None:
    """On a session's first run, take a widget's value from the link (?ref=2026-09-30)."""
    if key not in st.session_state and (text := st.query_params.get(key)):
        value = parse(text)
        if value is not None:
            st.session_state[key] = value


def _initial(key: str) -> dict:
    """The default value, unless the session (or the link) already holds one: passing both
    makes Streamlit warn on the page."""
    return {} if key in st.session_state else {"value": DEFAULTS[key]}


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _parse_int(text: str, low: int, high: int) -> int | None:
    # isascii: '²'.isdigit() is true, and int('²') fails (a crafted link must not stop
    # every page).
    return int(text) if text.isascii() and text.isdigit() and low <= int(text) <= high \
        else None


def _set_param(key: str, value: str | None) -> None:
    """Keep one choice in the address bar (None: the default, left out of the link)."""
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def reference_date_warning() -> None:
    """Above every page: a reference date after the data's as-at date counts windows the
    submission cannot cover, so every count in them is too low."""
    ref, as_at = st.session_state.get("_ref_date"), st.session_state.get("_as_at_date")
    if ref and as_at and ref > as_at:
        st.warning(
            f"The reference date ({ref:%d/%m/%Y}) is after this submission's as-at date "
            f"({as_at:%d/%m/%Y}): the data stops there, so windows reaching past it are "
            "incomplete and their counts too low. Clear the reference date in the sidebar to "
            "use the as-at date.", icon=":material/event_busy:")


def sources_caption() -> None:
    st.caption("Paragraphs (¶) cited on these pages: **ILACS**, Ofsted's framework and "
               "guidance for inspecting LA children's services (2018); **Monitoring "
               "handbook**, its handbook for monitoring and re-inspecting LAs judged "
               "inadequate.")


def sidebar() -> None:
    """LA, reference date, framework edition and settings, each bound to the URL."""
    las = db.named("sidebar/las")
    # Only the signed-in user's LAs, so no page and no ?la= link can choose another.
    las = context.only_allowed(las)
    with st.sidebar:
        st.header("Local authority")
        if las.empty:
            st.caption("No data loaded yet.")
            st.session_state.pop("_ref_date", None)
            st.session_state.pop("_as_at_date", None)
            sources_caption()
            return
        names = dict(zip(las.la_code, las.la_name.fillna(las.la_code), strict=True))
        _choose_in_url("la", list(names), pending=st.session_state.pop("_pending_la", None))
        st.selectbox("LA", list(names), key="la", format_func=lambda c: f"{names[c]} ({c})")
        _set_param("la", st.session_state["la"])
        as_at = las.set_index("la_code").as_at_date[st.session_state["la"]]
        as_at = as_at.date() if hasattr(as_at, "date") else as_at
        st.session_state["_la_name"] = names[st.session_state["la"]]
        _restore_from_url("ref", _parse_date)
        ref = st.date_input(
            "Reference date", value=None, key="ref", format="DD/MM/YYYY",
            help="Every window is counted back from this date. Blank: the submission's as-at "
            f"date ({as_at:%d/%m/%Y}), the point of inspection the LA's lists describe. A "
            "window of N months runs from the same day N months earlier to this date.",
        )
        effective = db.named_scalar("sidebar/reference_date",
                                    [st.session_state["la"], ref, DEFAULTS["edition"]])
        st.session_state["_ref_date"] = (effective.date() if hasattr(effective, "date")
                                         else effective)
        st.session_state["_ref_date_is_default"] = ref is None
        st.session_state["_as_at_date"] = as_at
        _set_param("ref", ref.isoformat() if ref else None)
        st.caption(f"Windows end on **{st.session_state['_ref_date']:%d %B %Y}**"
                   + (" (the submission's as-at date)." if ref is None else "."))
        with st.expander("Settings"):
            _choose_in_url("edition", list(EDITIONS), default=DEFAULTS["edition"])
            st.selectbox("Framework edition", list(EDITIONS), key="edition",
                         format_func=EDITIONS.get)
            _set_param("edition", st.session_state["edition"])
            for key, top in (("sampling_months", 12), ("sibling_threshold", 10)):
                _restore_from_url(key, lambda text, top=top: _parse_int(text, 1, top))
            st.number_input("Sampling window (months)", 1, 12, key="sampling_months",
                            **_initial("sampling_months"),
                            help="Case selection: a case is recent, and can be proposed, if it "
                            "had an event in this many months before the reference date "
                            "(3 by default, the last three months).")
            st.number_input("Large sibling group: brothers and sisters at least", 1, 10,
                            key="sibling_threshold", **_initial("sibling_threshold"),
                            help="A child in care with at least this many brothers and sisters "
                            "counts as being from a large sibling group (Ofsted does not define "
                            "'large'; 2 by default, a group of 3 or more).")
            for key in ("sampling_months", "sibling_threshold"):
                value = int(st.session_state[key])
                _set_param(key, str(value) if value != DEFAULTS[key] else None)
            _compare_as(st.session_state["la"])
        sources_caption()


def _compare_as(la_code: str) -> None:
    """National comparisons need the LA's child population, region and statistical neighbours.
    A fictional LA (the demo's) has none: the user may choose a real LA to stand in for them
    (docs/methodology/national-comparisons.md N7). Hidden when the LA is a real one or no
    published statistics are loaded."""
    real = db.named("sidebar/compare_as_options")
    # Under access control a user compares as one of their own LAs only: the list names no LA
    # they may not see.
    real = context.only_allowed(real)
    if real.empty or la_code in set(real.la_code):
        st.session_state["compare"] = None
        _set_param("compare", None)
        return
    names = {"": "None: England only", **dict(zip(real.la_code, real.la_name, strict=True))}
    _choose_in_url("compare", list(names), default="")
    st.selectbox("Compare as (a real LA)", list(names), key="compare",
                 format_func=lambda c: names[c] if not c else f"{names[c]} ({c})",
                 help="This LA is not in the published statistics (the demo's LAs are "
                 "fictional). Choose a real LA whose child population, region and statistical "
                 "neighbours the Briefing's national comparisons should use.")
    _set_param("compare", st.session_state["compare"] or None)


def run() -> None:
    # The favicon is an emoji, which Streamlit draws as an inline image. A ':material/...' page
    # icon, here or on an st.Page (each is a favicon candidate), makes the browser fetch it from
    # fonts.gstatic.com: the tool asks nothing of any outside host (README "Security and
    # privacy", tests/e2e/test_no_outside_requests.py). Icons inside pages are drawn with the
    # Material Symbols font Streamlit serves itself, so they may stay.
    st.set_page_config(page_title="Annex A dashboard", page_icon="🧒", layout="wide")
    st.html(STYLE)
    st.html(SCRIPT, unsafe_allow_javascript=True)
    # The default page is served at the root URL only; /briefing, the path a user guesses or
    # bookmarks like /regional, is a hidden page that opens it with the same query.
    briefing = st.Page(VIEWS / "briefing.py", title="Briefing", url_path="home", default=True)

    def briefing_by_name() -> None:
        st.switch_page(briefing, query_params=st.query_params.to_dict())

    pages = {
        "Analyse": [
            briefing,
            st.Page(briefing_by_name, title="Briefing", url_path="briefing",
                    visibility="hidden"),
            st.Page(VIEWS / "lists.py", title="Lists in detail", url_path="lists"),
            st.Page(VIEWS / "regional.py", title="Regional overview", url_path="regional"),
            st.Page(VIEWS / "case_selection.py", title="Case selection", url_path="case-selection"),
            st.Page(VIEWS / "child_journey.py", title="Child journey", url_path="child-journey"),
        ],
        "Data": [
            st.Page(VIEWS / "upload.py", title="Upload and data quality", url_path="upload"),
            st.Page(VIEWS / "manage_data.py", title="Manage data", url_path="manage-data"),
        ],
        "Plan": [st.Page(VIEWS / "timelines.py", title="Timelines", url_path="timelines")],
        "Tools": [st.Page(VIEWS / "descriptor.py", title="Descriptor helper",
                          url_path="descriptor")],
    }
    if not auth.gate(pages):  # users file present and nobody signed in: the sign-in form only
        return
    # One flat list: Streamlit draws a section's name as a header inside the page list
    # (<ul><div><header>...<li>), markup that screen readers cannot read as a list (axe rules
    # 'list' and 'listitem', WCAG 1.3.1); without sections it is a valid list in a <nav>
    # landmark with the current page marked (README "Accessibility").
    nav = st.navigation([p for section in auth.visible_pages(pages).values() for p in section])
    sidebar()
    auth.account_box()
    reference_date_warning()
    nav.run()


run()
