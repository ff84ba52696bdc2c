"""The choices an LA's analysis is counted with: the dashboard's sidebar and the CLI's options.

dashboard/context.py fills a `Context` from the sidebar (and keeps who may see what); a command
such as `annexa briefing` fills one from its options. Either way the same figures follow from the
same choices. Defaults are in annexa/config.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from annexa import config

# How each edition in annexa/config.py is shown (docs/methodology/windows.md W3).
_EDITION_LABELS = {
    "ilacs-2018": "ILACS framework 2018, ¶258: lists 1 and 3 over 3 months",
    "template-2019": "Annex A template 2019: 6 months for lists 1-9",
}
EDITIONS = {e: _EDITION_LABELS.get(e, e) for e in config.EDITIONS}


@dataclass(frozen=True)
class Context:
    la_code: str | None
    la_name: str | None
    ref_date: dt.date | None
    ref_date_is_default: bool
    edition: str
    sampling_months: int
    sibling_threshold: int
    # A real LA standing in for a fictional one in national comparisons (sidebar "Compare as",
    # `--compare-as`).
    compare_as: str | None = None
