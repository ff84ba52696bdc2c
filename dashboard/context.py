"""The shared sidebar's choices, as pages read them.

app.py draws the sidebar (LA, reference date, framework edition, settings) with widgets bound to
the URL, so a link reopens the same view; pages call `current()` and never draw these widgets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

EDITIONS = {
    "ilacs-2018": "ILACS framework 2018 (002 ¶258): lists 1 and 3 over 3 months",
    "template-2019": "Annex A template 2019: 6 months for lists 1-9",
}

DEFAULTS = {
    "edition": "ilacs-2018",
    "sampling_months": 3,  # DECISIONS.md 9
    "sibling_threshold": 2,  # DECISIONS.md 10: 2+ brothers and sisters = a group of 3+
}


@dataclass(frozen=True)
class Context:
    la_code: str | None
    la_name: str | None
    ref_date: dt.date | None
    ref_date_is_default: bool
    edition: str
    sampling_months: int
    sibling_threshold: int


def current() -> Context:
    s = st.session_state
    return Context(
        la_code=s.get("la") or None,
        la_name=s.get("_la_name"),
        ref_date=s.get("_ref_date"),
        ref_date_is_default=s.get("_ref_date_is_default", True),
        edition=s.get("edition", DEFAULTS["edition"]),
        sampling_months=int(s.get("sampling_months", DEFAULTS["sampling_months"])),
        sibling_threshold=int(s.get("sibling_threshold", DEFAULTS["sibling_threshold"])),
    )


def select_la(la_code: str) -> None:
    """Ask the sidebar to show this LA on the next run (a page cannot set a drawn widget)."""
    st.session_state["_pending_la"] = la_code
