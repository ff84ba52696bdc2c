"""The briefing as an Excel workbook (a sheet per section, with native Excel charts) and as a
printable HTML page: what the dashboard's Briefing page downloads and `annexa briefing` writes.

Both are built from an annexa/services/briefing.py `Briefing`, so they hold exactly the figures
the page shows, each with its window, definition and reference. LA-level aggregates only: no
child is named. The workbook goes through annexa/security/safe_export.py (`to_xlsx_bytes`
applies `safe_frame`), so text from an LA's workbook (a category written as '=...') can never run
as a formula; its charts (`chart_specs`) refer to the cells of their sheet's table and copy no
value. The HTML escapes every piece of text, so it can never run as markup.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html

import pandas as pd

from annexa.security.safe_export import Chart, to_xlsx_bytes
from annexa.services.briefing import (
    PAGE_SECTIONS,
    Briefing,
    PageSection,
    category_label,
    comparison_basis,
    comparison_number,
    comparison_table,
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
    if not b.comparisons.empty:
        rows.append(("National context", comparison_basis(b)))
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


NATIONAL_NUMBERS = {"This LA (number)": "la_value", "England (number)": "england_value",
                    "Region (number)": "region_value", "Neighbours (number)": "sn_mean"}


def national_frame(b: Briefing) -> pd.DataFrame:
    """The national context as the page shows it, then each figure as a number (its unit, this
    LA's where comparable, England's, the region's, the neighbours' mean) for the sheet's
    charts."""
    rows = b.comparisons.reset_index(drop=True)
    out = comparison_table(rows)
    out["Unit"] = rows.unit
    for column, source in NATIONAL_NUMBERS.items():
        values = rows[source].astype(float)
        if source == "la_value":
            values = values.where(rows.comparable.astype(bool))
        out[column] = values.round(1)
    return out


def sheets(b: Briefing) -> dict[str, pd.DataFrame]:
    """Every sheet of the workbook, in order: about, windows, a sheet per section, then the
    charts' tables."""
    out = {"About": about_frame(b), "Windows": windows_frame(b)}
    sections = b.indicators.drop_duplicates("section_no").sort_values("section_no")
    for no, name in zip(sections.section_no, sections.section, strict=True):
        out[f"{int(no)} {name}"] = section_frame(b, int(no))
    if not b.comparisons.empty:
        out["National context"] = national_frame(b)
    out["Age and gender"] = age_gender_frame(b)
    out["Flow between stages"] = flow_frame(b)
    out["Timeliness and stability"] = distributions_frame(b)
    return out


def to_xlsx(b: Briefing) -> bytes:
    frames = sheets(b)
    return to_xlsx_bytes(frames, title=f"Annex A briefing: {b.title}, reference date "
                                       f"{b.ref_date:%d/%m/%Y}", charts=chart_specs(frames))


# ------------------------------------------------------------------------------ excel charts

UNIT_AXES = {"count": "Number", "percent": "Per cent", "days": "Days"}
# Section figures charted by category: every breakdown but the data-quality counts (a table of
# lists by problem reads better than nine charts) and the rows behind the headline children.
NOT_CHARTED = ("dq_", "list_rows_in_window")
NATIONAL_UNITS = {"percent": "percentages"}


def _runs(keys: list) -> list[tuple[object, int, int]]:
    """Consecutive equal keys as (key, start, stop)."""
    out: list[tuple[object, int, int]] = []
    for i, key in enumerate(keys):
        if out and out[-1][0] == key:
            out[-1] = (key, out[-1][1], i + 1)
        else:
            out.append((key, i, i + 1))
    return out


def _section_charts(section: str, frame: pd.DataFrame) -> list[Chart]:
    """A bar chart per breakdown (the figure's categories), and one per run of single
    percentages (as the printable page draws them as bars)."""
    charts: list[Chart] = []
    ids = list(frame["Indicator id"])
    has_category = frame["Category"].notna().tolist()
    units = list(frame["Unit"])
    keys = [(i, "categories") if c else (None, u) for i, c, u in zip(ids, has_category, units,
                                                                     strict=True)]
    part = 0
    for (indicator, kind), start, stop in _runs(keys):
        if indicator is not None:
            if indicator.startswith(NOT_CHARTED) or stop - start < 2:
                continue
            label = frame["Figure"].iloc[start]
            unit = units[start]
            y_title = ("Children (list 11: adopters)" if indicator == "list_children_in_window"
                       else UNIT_AXES.get(unit, unit))
            charts.append(Chart(str(label), "Category", ("Value",), rows=(start, stop),
                                x_title="List" if indicator.startswith("list_") else "Category",
                                y_title=y_title))
        elif kind == "percent" and stop - start >= 2 and not str(ids[start]).startswith("dq_"):
            part += 1
            charts.append(Chart(f"{section}: percentages", "Figure", ("Value",),
                                rows=(start, stop), x_title="Figure", y_title="Per cent"))
    if part > 1:  # several runs: number them, so no two charts share a title
        n = 0
        for i, c in enumerate(charts):
            if c.title == f"{section}: percentages":
                n += 1
                charts[i] = dataclasses.replace(c, title=f"{c.title} ({n} of {part})")
    return charts


def chart_specs(frames: dict[str, pd.DataFrame]) -> dict[str, list[Chart]]:
    """The native charts of each sheet of `sheets()`, each drawn from the sheet's own table:
    the section sheets' breakdowns and percentages (the headline: children on each list), the
    children by age band and gender, the flow between stages, each timeliness and stability
    measure's bands and the national context."""
    out: dict[str, list[Chart]] = {}
    for name, frame in frames.items():
        if frame.empty:
            continue
        if "Indicator id" in frame:  # a section sheet
            charts = _section_charts(name.split(" ", 1)[-1], frame)
        elif name == "Age and gender":
            genders = tuple(c for c in frame.columns if c not in ("Age band", "All"))
            charts = [Chart("Children by age band and gender", "Age band", genders,
                            x_title="Age band", y_title="Children",
                            horizontal=False)] if genders else []
        elif name == "Flow between stages":
            charts = [Chart("Children at each stage and how many went on to the next", "From",
                            ("Children at the stage", "Went on"), x_title="Stage",
                            y_title="Children")]
        elif name == "Timeliness and stability":
            charts = [Chart(str(measure), "Band", ("Number",), rows=(start, stop),
                            x_title="Band", y_title="Number", horizontal=False)
                      for measure, start, stop in _runs(list(frame["Measure"]))]
        elif name == "National context":
            charts = []
            numbers = frame[list(NATIONAL_NUMBERS)]
            for unit, start, stop in _runs(list(frame["Unit"])):
                if numbers.iloc[start:stop].isna().all().all():
                    continue
                what = NATIONAL_UNITS.get(str(unit), str(unit))
                charts.append(Chart(f"This LA, England, the region and the neighbours: {what}",
                                    "Measure", tuple(NATIONAL_NUMBERS), rows=(start, stop),
                                    x_title="Measure",
                                    y_title="Per cent" if unit == "percent" else str(unit)))
        else:
            charts = []
        if charts:
            out[name] = charts
    return out


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


def _national_html(b: Briefing) -> str:
    """The national context as the page shows it: the table, and whose statistics it uses."""
    rows = b.comparisons
    years = rows.data_year.dropna() if "data_year" in rows else pd.Series(dtype=float)
    year = (f" Published figures: the latest year of each (year ending 31 March "
            f"{int(years.max())}).") if not years.empty else ""
    return ("<h2>National context</h2>"
            f"<p class='small'>{_e(comparison_basis(b))}{_e(year)} Neighbours: the mean of the "
            "LA's statistical neighbours (DfE's 2025 model) with a published value, and how many "
            "have one. No colour says good or bad: the words say higher or lower.</p>"
            + _table(comparison_table(rows), numeric={"This LA", "England", "Region"})
            + "<p class='small'>As the charts draw them (each bar against the largest of the "
            "measure's figures):</p>"
            + _table(national_bars_frame(b), numeric={"Figure"}, bars="Chart", bar_text=False))


def national_bars_frame(b: Briefing) -> pd.DataFrame:
    """The national context as the printable page draws it: per measure, this LA's figure (where
    comparable), England's, the region's and the neighbours' mean, each a bar as long as its
    share of the largest of the four (the Excel sheet's chart, in HTML)."""
    numbers = national_frame(b)
    who = {"This LA (number)": "This LA", "England (number)": "England",
           "Region (number)": "Region", "Neighbours (number)": "Neighbours' mean"}
    rows = []
    for _, r in numbers.iterrows():
        values = {label: r[col] for col, label in who.items() if not pd.isna(r[col])}
        largest = max(values.values(), default=0) or 1
        for label, value in values.items():
            rows.append({"Measure": r["Measure"], "Whose": label,
                         "Figure": comparison_number(value, r["Unit"]),
                         "Chart": 100.0 * float(value) / largest})
    return pd.DataFrame(rows, columns=["Measure", "Whose", "Figure", "Chart"])


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
        if no == 1 and not b.comparisons.empty:
            parts.append(_national_html(b))
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
