"""The briefing's downloads (an Excel workbook with native charts, a printable page): built by
annexa/services/briefing_export.py, the same code `annexa briefing` writes them with."""

from __future__ import annotations

from annexa.services.briefing_export import (
    about_frame,
    age_gender_frame,
    chart_specs,
    distributions_frame,
    file_stem,
    flow_frame,
    national_frame,
    section_frame,
    sheets,
    to_html,
    to_xlsx,
    windows_frame,
)

__all__ = ["about_frame", "age_gender_frame", "chart_specs", "distributions_frame", "file_stem",
           "flow_frame", "national_frame", "section_frame", "sheets", "to_html", "to_xlsx",
           "windows_frame"]
