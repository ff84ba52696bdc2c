"""The briefing as an Excel workbook (a sheet per section) and as a printable HTML page.

Both are built from a `briefing_data.Briefing`, so they hold exactly the figures the page shows,
each with its window, definition and reference. LA-level aggregates only: no child is named.
The workbook goes through annexa/security/safe_export.py (`to_xlsx_bytes` applies `safe_frame`),
so text
from an LA's workbook (a category written as '=...') can never run as a formula; the HTML escapes
every piece of text, so it can never run as markup.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd

from annexa.security.safe_export import to_xlsx_bytes
from dashboard import national_context
from dashboard.briefing_data import (
    PAGE_SECTIONS,
    Briefing,
    PageSection,
    category_label,
    fmt_basis,
    fmt_value,
    list_label,
    page_ordered,
    plain,
)

WINDOW_NAMES = {"audits": "LA audits", "at_ref": "At the reference date",
                "last_12_months": "The last 12 months", "any_list": "Any list",
                "submission": "The whole submission"}
MEASURE_TITLES = {
    "assessment_working_days": "Assessments authorised: working days from start",
    "icpc_working_days": "ICPCs: working days from the strategy discussion",
    "cp_plan_months": "Open child protection plans: months since the start",
    "placements_12m": "Children in care: placements in the last 12 months",
    "missing_episodes_12m": "Children in care in the list 8 window: missing episodes in the 12 "
                            "months to the reference date",
    "adoption_days_entry_to_placement": "Adoption: entering care to placement (days)",
    "adoption_days_order_to_match": "Adoption: placement order to match (days)",
}


# ------------------------------------------------------------------------------------ frames

def about_frame(b: Briefing) -> pd.DataFrame:
    s = b.submission
    rows = [
        ("Local authority", b.title),
        ("Region", s.region or "not recorded"),
        ("Reference date", b.ref_label),
        ("Framework edition (sets the windows)", b.edition_label),
        ("Submission",
         f"{int(s.submission_id)}, loaded {pd.Timestamp(s.loaded_at):%d/%m/%Y %H:%M}"),
        ("As-at date of the data", f"{pd.Timestamp(s.as_at_date):%d/%m/%Y} ({s.as_at_source})"),
        ("Files", s.files),
        ("Rows loaded", f"{int(s.rows_loaded or 0):,}"),
        ("Produced", f"{dt.datetime.now():%d/%m/%Y %H:%M} by the Annex A dashboard"),
        ("Privacy", "LA-level counts only: no child is named or identifiable."),
    ]
    return pd.DataFrame(rows, columns=["Item", "Value"])


def windows_frame(b: Briefing) -> pd.DataFrame:
    w = b.windows.copy()
    w["Window"] = w.window_key.map(lambda k: list_label(k) if k.startswith("list_")
                                   else WINDOW_NAMES.get(k, k))
    return pd.DataFrame({
        "Window": w["Window"], "Dates": w["label"], "Includes": w["includes"],
        "From": pd.to_datetime(w["from_date"]).dt.date, "To": pd.to_datetime(w["to_date"]).dt.date,
        "Months": w["months"], "Reference": w["reference"],
    })


def section_frame(b: Briefing, section_no: int) -> pd.DataFrame:
    """One section of briefing_indicators, one row per figure, with its window and rule, in the
    page's order. Categories read as on the page ('Police', not the template's 'g) Police')."""
    df = page_ordered(b.indicators[b.indicators.section_no == section_no])
    return pd.DataFrame({
        "Figure": df["label"],
        "Category": [category_label(c) for c in df["category"]],
        "Value": df["value"],
        "Unit": df["unit"],
        "Count (n)": df["n"],
        "Of (d)": df["d"],
        "Window": [b.window(i, c if isinstance(c, str) else None)
                   for i, c in zip(df["indicator"], df["category"], strict=True)],
        "Definition": df["definition"],
        "Reference": df["reference"],
        "Indicator id": df["indicator"],
    })


def age_gender_frame(b: Briefing) -> pd.DataFrame:
    ag = b.age_gender
    if ag.empty:
        return pd.DataFrame({"Age band": []})
    wide = ag.pivot_table(index=["band_order", "age_band"], columns="gender", values="children",
                          aggfunc="sum", fill_value=0).reset_index()
    wide = wide.sort_values("band_order").drop(columns="band_order")
    wide.columns = ["Age band", *[plain(c) for c in wide.columns[1:]]]
    wide["All"] = wide.iloc[:, 1:].sum(axis=1)
    return wide


def flow_frame(b: Briefing) -> pd.DataFrame:
    f = b.flow
    return pd.DataFrame({
        "From": f["from_label"], "To": f["to_label"],
        "Children at the stage": f["children"], "Went on": f["moved_on"], "%": f["pct"],
        "Cohort window": [b.window("flow", k) for k in f["from_window"]],
    })


def distributions_frame(b: Briefing, measures: list[str] | None = None) -> pd.DataFrame:
    """The timeliness and stability bands (all, or these measures in this order)."""
    d = b.distributions
    if measures is not None:
        d = pd.concat([b.distribution(m) for m in measures]) if measures else d.iloc[0:0]
    return pd.DataFrame({
        "Measure": d["measure"].map(lambda m: MEASURE_TITLES.get(m, m)),
        "Band": d["band"], "Number": d["n"], "Of": d["total"],
        "Left out (end before start)": d.get("left_out", 0),
        "Standard": d["standard"],
        "Within the standard": d["meets_standard"].map(
            lambda v: "" if v is None or pd.isna(v) else ("yes" if v else "no")),
        "Window": d["measure"].map(lambda m: b.window(m)),
    })


def sheets(b: Briefing) -> dict[str, pd.DataFrame]:
    """Every sheet of the workbook, in order: about, windows, a sheet per section, then the
    charts' tables."""
    out = {"About": about_frame(b), "Windows": windows_frame(b)}
    sections = b.indicators.drop_duplicates("section_no").sort_values("section_no")
    for no, name in zip(sections.section_no, sections.section, strict=True):
        out[f"{int(no)} {name}"] = section_frame(b, int(no))
    if not b.comparisons.empty:
        out["National context"] = national_context.table(b.comparisons)
    out["Age and gender"] = age_gender_frame(b)
    out["Flow between stages"] = flow_frame(b)
    out["Timeliness and stability"] = distributions_frame(b)
    return out


def to_xlsx(b: Briefing) -> bytes:
    return to_xlsx_bytes(sheets(b), title=f"Annex A briefing: {b.title}, reference date "
                                          f"{b.ref_date:%d/%m/%Y}")


def file_stem(b: Briefing) -> str:
    return f"briefing_{b.la_code}_{b.ref_date:%Y-%m-%d}"


# -------------------------------------------------------------------------------------- html

CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #111; margin: 2em; font-size: 11pt; }
h1 { font-size: 20pt; margin-bottom: 0.2em; } h2 { font-size: 14pt; margin-top: 1.6em;
border-bottom: 2px solid #0072B2; } p.meta { color: #333; margin: 0.2em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef3f8; } td.num { text-align: right; white-space: nowrap; }
td.bars { white-space: nowrap; width: 104px; }
.bar { display: inline-block; height: 0.7em; background: #0072B2; margin-right: 4px;
-webkit-print-color-adjust: exact; print-color-adjust: exact; }
.small { font-size: 9pt; color: #333; }
@media print { body { margin: 1cm; } h2 { page-break-after: avoid; } }
"""


def _e(value) -> str:
    return html.escape("" if value is None or (not isinstance(value, str) and pd.isna(value))
                       else str(value))


def _table(frame: pd.DataFrame, numeric: set[str] = frozenset(), bars: str | None = None,
           bar_text: bool = True) -> str:
    """An HTML table; the column `bars` (percentages) drawn as bars, with the figure written
    beside each bar unless another column already gives it (bar_text=False)."""
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for col, value in zip(frame.columns, row, strict=True):
            text = _e(f"{value:,}" if isinstance(value, int) else value)
            if col == bars and isinstance(value, int | float) and not pd.isna(value):
                width = max(0.0, min(float(value), 100.0))
                text = (f'<span class="bar" style="width:{width:.0f}px"></span>'
                        + (_e(f"{value:.1f}%") if bar_text else ""))
            cls = (' class="bars"' if col == bars and not bar_text
                   else ' class="num"' if col in numeric or col == bars else "")
            cells.append(f"<td{cls}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section_html(b: Briefing, section: PageSection) -> str:
    """A section's figures as the page shows them, in its order."""
    df = page_ordered(b.indicators[b.indicators.indicator.isin(section.indicators)])
    rows = pd.DataFrame({
        "Figure": [(f"{label}: {category_label(c)}" if isinstance(c, str) else label)
                   for label, c in zip(df["label"], df["category"], strict=True)],
        "Value": [fmt_value(r) for _, r in df.iterrows()],
        # The page's bar charts, as bars of the percentage (out of 100 px) beside each figure.
        "Chart": [float(v) if u == "percent" and v is not None and not pd.isna(v) else None
                  for u, v in zip(df["unit"], df["value"], strict=True)],
        "Of": [fmt_basis(r) for _, r in df.iterrows()],
        "Window": [b.window(i, c if isinstance(c, str) else None)
                   for i, c in zip(df["indicator"], df["category"], strict=True)],
        "How it is counted": [f"{d} [{r}]" for d, r in zip(df["definition"], df["reference"],
                                                           strict=True)],
    })
    return _table(rows, numeric={"Value", "Of"}, bars="Chart", bar_text=False)


def to_html(b: Briefing) -> bytes:
    """A self-contained printable page (no scripts, no external files)."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_e(f'Annex A briefing: {b.title}')}</title><style>{CSS}</style></head><body>",
        f"<h1>Annex A briefing: {_e(b.title)}</h1>",
        f"<p class='meta'>Reference date: <b>{_e(b.ref_label)}</b>. {_e(b.edition_label)}.</p>",
        f"<p class='meta'>Submission {int(b.submission.submission_id)}, files "
        f"{_e(b.submission.files)}. LA-level counts only: no child is named.</p>",
        "<h2>Windows</h2>",
        _table(windows_frame(b).drop(columns=["From", "To", "Months"])),
    ]
    # The page's sections, headings and order (briefing_data.PAGE_SECTIONS); each chart's
    # numbers as a table where the page draws it.
    for no, section in enumerate(PAGE_SECTIONS, start=1):
        parts.append(f"<h2>{no}. {_e(section.title)}</h2>")
        if section.title == "The children":
            parts.append("<p class='small'>Children by age band and gender "
                         f"({_e(b.window('age_gender'))}):</p>")
            parts.append(_table(age_gender_frame(b),
                                numeric=set(age_gender_frame(b).columns[1:])))
        parts.append(_section_html(b, section))
        if section.title.startswith("Contacts, referrals"):
            parts.append("<p class='small'>Flow of children between stages (each step's cohort "
                         "is the children at the stage in its list's window):</p>")
            parts.append(_table(flow_frame(b), numeric={"Children at the stage", "Went on"},
                                bars="%"))
        if section.measures:
            bands = distributions_frame(b, section.measures)
            # Each band's bar as long as the chart draws it: against the measure's largest band.
            largest = bands.groupby("Measure")["Number"].transform("max").replace(0, 1)
            bands.insert(3, "Chart", (100.0 * bands["Number"] / largest).astype(float))
            parts.append("<p class='small'>As the charts draw them:</p>")
            parts.append(_table(bands, numeric={"Number", "Of"}, bars="Chart", bar_text=False))
    parts.append(f"<p class='small'>Produced {dt.datetime.now():%d/%m/%Y %H:%M} by the Annex A "
                 "dashboard. Each figure's rule is in its 'How it is counted' column, and in the "
                 "Excel download with its indicator id.</p></body></html>")
    return "".join(parts).encode("utf-8")
