"""The briefing's figures for the page: annexa/services/briefing.py, read through the page's cached
queries.

The briefing itself (its figures, sections, labels and windows) is built in annexa, so that
`annexa briefing` writes exactly what this page downloads; this module only hands it the
dashboard's reader (dashboard/db.py `query`: read-only, cached per database version) and keeps
the names the page imports.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from annexa.services import briefing as _briefing
from annexa.services.briefing import (
    ADOPTION_FIGURES,
    CLA_FIGURES,
    CP_FIGURES,
    DQ_FIGURES,
    FRONT_DOOR_FIGURES,
    HEADLINE_FIGURES,
    LEAVER_OUTCOMES,
    LIST_KEYS,
    LIST_NAMES,
    LIST_SHORT_NAMES,
    MISSING_FIGURES,
    PAGE_ORDER,
    PAGE_SECTIONS,
    TIMELINESS_FIGURES,
    Briefing,
    PageSection,
    category_label,
    fmt_basis,
    fmt_value,
    list_label,
    page_ordered,
    plain,
)
from dashboard import db
from dashboard.context import Context

__all__ = [
    "ADOPTION_FIGURES", "CLA_FIGURES", "CP_FIGURES", "DQ_FIGURES", "FRONT_DOOR_FIGURES",
    "HEADLINE_FIGURES", "LEAVER_OUTCOMES", "LIST_KEYS", "LIST_NAMES", "LIST_SHORT_NAMES",
    "MISSING_FIGURES", "PAGE_ORDER", "PAGE_SECTIONS", "TIMELINESS_FIGURES", "Briefing",
    "PageSection", "category_label", "fmt_basis", "fmt_value", "list_label", "load",
    "page_ordered", "plain",
]


def load(ctx: Context, progress: Callable[[float, str], None] | None = None) -> Briefing | None:
    """The sidebar's LA's briefing (None when it has no data), through the page's cached reader.

    The briefing's queries run in worker threads (annexa/services/briefing.py `load`): each
    joins this script run, so that Streamlit's cache and its warnings see the page's run."""
    script_run = get_script_run_ctx(suppress_warning=True)

    def run(sql: str, params=()):
        if script_run is not None:
            add_script_run_ctx(threading.current_thread(), script_run)
        return db.query(sql, params)
    return _briefing.load(ctx, run, progress)
