"""Altair chart builders for the briefing and the regional overview.

Colours are the Okabe-Ito palette, which people with the common colour-vision deficiencies can tell
apart, and colour never carries meaning alone: every bar has its value written beside it, a
standard is named in the legend and by the band labels as well as by colour, the selected LA is
named '(selected)', and a pyramid's sides are named on the axis. Every chart has a title and a
subtitle stating its window and reference date, and a text alternative (WCAG 1.1.1): a sentence
saying what it shows and its main figure, which is the chart's accessible name, and its numbers as a
table in an expander under it (`show`, `as_table`). Its text is drawn in the page's text colour
(`readable`). The builders take the marts' frames and draw them: no figure is computed here.

Speed: the briefing draws about fifteen charts, so each is built the cheap way Altair allows:
channels as objects (a "field:N" string costs a schema lookup), one inline data set shared by
the layers (no per-layer copy), and the spec made without JSON-schema validation (`show`); a test
validates every builder's output instead.
"""

from __future__ import annotations

import functools
import logging
import math
import textwrap

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.markdown_safe import markdown_safe


class _SameAltFilter(logging.Filter):
    """Streamlit warns, with a stack trace, whenever alt= is given for a chart whose spec has a
    description. `show` passes the spec's own description as alt (the accessible name the
    frontend applies), so the warning says nothing here and only filled the server log with a
    stack per chart per run: dropped when the two are the same text, kept otherwise."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not (str(record.msg).startswith("The Vega-Lite / Altair chart already sets")
                    and len(args) == 2 and args[0] == args[1])


logging.getLogger("streamlit.elements.vega_charts").addFilter(_SameAltFilter())

BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PINK = "#CC79A7"
GREY = "#8C8C8C"
# The theme's text colour (.streamlit/config.toml): Streamlit's chart theme draws axis, legend and
# facet labels in #808495, 3.8:1 on white, short of WCAG 2.2 AA's 4.5:1 for text.
INK = "#0b0c0c"
OKABE_ITO = [BLUE, ORANGE, GREEN, VERMILLION, SKY, PINK, "#F0E442", "#000000"]

ROW_PX = 26  # height per bar in horizontal bar charts
LABEL_LIMIT = 260
LEGEND_LABEL_LIMIT = 400  # Vega-Lite's default (160 px) cut "date missing ..." short


def axis_title(text: str, width: int = 36) -> str | list[str]:
    """An axis title on lines of at most `width` characters: a half-width chart cut a long one
    short ('% of children in care at the reference da'). Vega-Lite draws a list as lines."""
    lines = textwrap.wrap(text, width)
    return lines[0] if len(lines) == 1 else lines


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to the first round number at or above `top` (about `count`
    steps of 1, 2 or 5 times a power of ten), so an axis stops near the largest bar even when
    the scale runs further to make room for the labels."""
    top = max(float(top), 1.0)
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    step = max(step, 1.0)
    end = math.ceil(top / step) * step
    ticks, value = [], 0.0
    while value <= end + 1e-9:
        ticks.append(int(value) if float(value).is_integer() else round(value, 6))
        value += step
    return ticks
TEXT = alt.Text(field="text", type="nominal")


def unchecked(builder):
    """Build without Altair's check of every object against the schema as it is made (its
    'debug mode', ~40% of a chart's build time); tests validate the finished specs instead."""
    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        with alt.utils.schemapi.debug_mode(False):
            return builder(*args, **kwargs)
    return wrapper


# Axis, legend and facet labels in the page's text colour (INK), as a spec's config.
READABLE = {part: {"labelColor": INK, "titleColor": INK} for part in ("axis", "legend", "header")}


def readable(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart with its axis, legend and facet labels in the page's text colour (INK)."""
    with alt.utils.schemapi.debug_mode(False):
        return (chart.configure_axis(**READABLE["axis"])
                .configure_legend(**READABLE["legend"])
                .configure_header(**READABLE["header"]))


def readable_spec(spec: dict) -> dict:
    """readable() on a finished spec: the same config, set in the dict. Each configure_* call
    deep-copies the whole chart, its data included (a fifth of the Briefing's drawing time)."""
    config = spec.setdefault("config", {})
    for part, colours in READABLE.items():
        config[part] = {**config.get(part, {}), **colours}
    return spec


def as_table(title: str, summary: str, table: pd.DataFrame) -> None:
    """A chart's numbers for those who cannot see it or want the figures: under the chart, an
    expander named after it holding the summary sentence and every number as a table (a plain
    HTML table, which a screen reader reads cell by cell)."""
    with st.expander(f"{title}: the figures as a table"):
        st.markdown(markdown_safe(summary))
        st.table(table, hide_index=True)


def show(chart: alt.TopLevelMixin) -> None:
    """Draw a chart at the container's width, its plot as tall as its spec says, then its text
    alternative.

    The spec is made without schema validation (see the module docstring). Autosize 'fit-x':
    Streamlit's default 'fit' squeezes title, legend and axes into the given height, which leaves
    a long bar chart's bars too thin to label; here they are added around the plot instead. The
    builder's summary (the spec's description) is the chart's accessible name; its table, kept in
    the spec's usermeta by `layered`, goes under the chart and is not sent with the spec.
    """
    with alt.utils.schemapi.debug_mode(False):
        spec = readable_spec(chart.to_dict(validate=False))
    alternative = spec.pop("usermeta", {}).get("alternative")
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    st.vega_lite_chart(spec, width="stretch", alt=spec.get("description"))
    if alternative:
        as_table(alternative["title"], spec["description"], pd.DataFrame(alternative["table"]))


def _records(frame: pd.DataFrame) -> alt.Data:
    """The frame as inline JSON values (missing values as null, numbers as plain numbers)."""
    rows = frame.to_dict("records")
    for row in rows:
        for k, v in row.items():
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
                row[k] = None
            elif hasattr(v, "item"):
                row[k] = v.item()
            elif isinstance(v, pd.Timestamp):
                row[k] = v.isoformat()
    return alt.Data(values=rows)


def layered(frame: pd.DataFrame, layers: list[alt.Chart], title: str,
           subtitle: str | list[str] | None, height: int, description: str,
           table: pd.DataFrame) -> alt.LayerChart:
    """The layers on one data set, titled. `description` says what the chart shows and its main
    figure (its text alternative); `table` holds its numbers, shown under it by `show`."""
    sub = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    return layer_chart(
        layer=layers, data=_records(frame), height=height, description=description,
        usermeta={"alternative": {"title": title, "table": table.astype(str).to_dict("records")}},
        title=alt.TitleParams(title, subtitle=sub, anchor="start", fontSize=14,
                              subtitleColor="#444444", subtitleFontSize=12))


_MOVED_UP = ("params", "data", "height", "width", "view")


def layer_chart(*, layer: list[alt.Chart], **kwargs) -> alt.LayerChart:
    """alt.LayerChart(layer=..., **kwargs), without Altair's merging of the layers' own
    parameters, data and sizes when no layer has any.

    That merging deep-copies every layer twice (a fifth of a briefing's drawing time); with
    nothing to merge it only copies, so the chart is made as the schema's layer spec directly.
    A layer that does carry one of them goes through Altair's own path.
    """
    if any(getattr(chart, key, alt.Undefined) is not alt.Undefined
           for chart in layer for key in _MOVED_UP):
        return alt.LayerChart(layer=layer, **kwargs)
    for spec in layer:  # Altair's own checks of what may be layered
        alt.vegalite.v6.api._check_if_valid_subspec(spec, "LayerChart")
        alt.vegalite.v6.api._check_if_can_be_layered(spec)
    chart = alt.LayerChart.__new__(alt.LayerChart)
    alt.TopLevelLayerSpec.__init__(chart, layer=list(layer), **kwargs)
    return chart


@unchecked
def share_bars(data: pd.DataFrame, title: str, subtitle: str | list[str] | None = None,
               *, label: str = "label", colour: str = BLUE, value_title: str = "% of total",
               sort: list[str] | None = None) -> alt.LayerChart:
    """Horizontal bars of percentages with '34.5% (1,234)' written at each bar's end.

    data: label, value (percent), n, d.
    """
    frame = pd.DataFrame({
        "label": data[label].astype(str).to_numpy(),
        "shown": data["value"].fillna(0).astype(float).to_numpy(),
        "text": [f"{v:.1f}% ({int(n):,})" if pd.notna(v) else "none to count (0 of 0)"
                 for v, n in zip(data["value"], data["n"], strict=True)],
        "of": [f"{int(n):,} of {int(d) if pd.notna(d) else 0:,}"
               for n, d in zip(data["n"], data["d"], strict=True)],
    })
    order = sort or list(frame["label"])
    top = max(float(frame["shown"].max() or 0), 1.0)
    y = alt.Y(field="label", type="nominal", sort=order, title=None,
              axis=alt.Axis(labelLimit=LABEL_LIMIT))
    # Room at the right for the labels; the axis stops at 100 even when the scale goes on.
    right = max(top * 1.4, top + 25)
    x = alt.X(field="shown", type="quantitative", title=axis_title(value_title),
              scale=alt.Scale(domain=[0, right], nice=False),
              axis=alt.Axis(values=[v for v in range(0, 101, 10) if v <= right]))
    tooltip = [alt.Tooltip(field="label", type="nominal", title="Category"),
               alt.Tooltip(field="shown", type="quantitative", title="%", format=".1f"),
               alt.Tooltip(field="of", type="nominal", title="Count")]
    # A label goes beside its bar, or inside it (white on the bar) when the bar is long enough
    # that the label would run off a narrow chart.
    inside = f"datum.shown > {right * 0.55}"
    bars = alt.Chart().mark_bar(color=colour).encode(x=x, y=y, tooltip=tooltip)
    outside_text = alt.Chart().transform_filter(f"!({inside})").mark_text(
        align="left", dx=4, color="#222222").encode(x=x, y=y, text=TEXT)
    inside_text = alt.Chart().transform_filter(inside).mark_text(
        align="right", dx=-4, color="#ffffff").encode(x=x, y=y, text=TEXT)
    largest = frame.loc[frame["shown"].idxmax()] if len(frame) else None
    summary = (f"{title}: bar chart of {value_title}, one bar per category ({len(frame)})"
               + (f"; the largest: {largest['label']}, {largest['text']}." if largest is not None
                  else "."))
    table = pd.DataFrame({"Category": frame["label"],
                          value_title: [f"{v:.1f}%" if pd.notna(v) else "none to count"
                                        for v in data["value"]],
                          "Number": frame["of"]})
    return layered(frame, [bars, outside_text, inside_text], title, subtitle,
                  40 + ROW_PX * len(frame), summary, table)


@unchecked
def pyramid(data: pd.DataFrame, title: str, subtitle: str | list[str] | None = None
            ) -> alt.LayerChart:
    """Age and gender pyramid: males to the left, females to the right, counts at the bar ends.

    data: briefing_age_gender (age_band, band_order, gender as the template codes it, children).
    """
    sides = {"a) Male": ("Male", -1), "b) Female": ("Female", 1)}
    drawn = data[data["gender"].isin(sides)]
    frame = pd.DataFrame({
        "age_band": drawn["age_band"].to_numpy(),
        "side": [sides[g][0] for g in drawn["gender"]],
        "children": drawn["children"].astype(int).to_numpy(),
        "signed": [n * sides[g][1] for n, g in zip(drawn["children"], drawn["gender"],
                                                   strict=True)],
        "text": [f"{int(n):,}" for n in drawn["children"]],
    })
    bands = data.drop_duplicates("age_band").sort_values("band_order")["age_band"].tolist()
    # Oldest at the top, as population pyramids are drawn; an unknown age at the very bottom.
    order = [b for b in reversed(bands) if b != "unknown"] + [b for b in bands if b == "unknown"]
    top = max(int(frame["children"].max()) if not frame.empty else 0, 1) * 1.25
    x = alt.X(field="signed", type="quantitative",
              title="← Male · children · Female →",
              scale=alt.Scale(domain=[-top, top]),
              axis=alt.Axis(labelExpr="format(abs(datum.value), ',')"))
    y = alt.Y(field="age_band", type="nominal", sort=order, title="Age band")
    colour = alt.Color(field="side", type="nominal", title="Gender",
                       scale=alt.Scale(domain=["Male", "Female"], range=[BLUE, ORANGE]),
                       legend=alt.Legend(orient="bottom"))
    tooltip = [alt.Tooltip(field="age_band", type="nominal", title="Age band"),
               alt.Tooltip(field="side", type="nominal", title="Gender"),
               alt.Tooltip(field="children", type="quantitative", title="Children", format=",")]
    bars = alt.Chart().mark_bar().encode(x=x, y=y, color=colour, tooltip=tooltip)
    left = alt.Chart().transform_filter("datum.signed < 0").mark_text(
        align="right", dx=-4).encode(x=x, y=y, text=TEXT)
    right = alt.Chart().transform_filter("datum.signed >= 0").mark_text(
        align="left", dx=4).encode(x=x, y=y, text=TEXT)
    by_band = frame.pivot_table(index="age_band", columns="side", values="children",
                                aggfunc="sum", fill_value=0).reindex(
        columns=["Male", "Female"], fill_value=0)
    by_band = by_band.reindex([b for b in bands if b in by_band.index])
    totals = by_band.sum()
    summary = (f"{title}: males to the left, females to the right, by age band, with counts: "
               f"{int(totals['Male']):,} male and {int(totals['Female']):,} female")
    if not frame.empty:
        top = frame.loc[frame["children"].idxmax()]
        summary += (f"; the largest group: {top['side'].lower()}, {top['age_band']} "
                    f"({int(top['children']):,})")
    table = pd.DataFrame({"Age band": by_band.index,
                          "Male": [f"{int(n):,}" for n in by_band["Male"]],
                          "Female": [f"{int(n):,}" for n in by_band["Female"]]})
    return layered(frame, [bars, left, right], title, subtitle, 80 + 30 * len(order),
                  summary + ".", table)


FLOW_AT_STAGE = "Children at the stage (in its window)"
FLOW_WENT_ON = "Went on to the next stage"


@unchecked
def flow_chart(flow: pd.DataFrame, title: str, subtitle: str | list[str] | None = None
               ) -> alt.LayerChart:
    """One row per step: the children at the stage (light bar) and those who went on (dark bar,
    drawn over it), with '4,921 of 17,552 (28.0%) went on' written beside it.

    flow: briefing_flow (step_no, from_label, to_label, children, moved_on, pct).
    """
    steps = (flow["from_label"] + " → " + flow["to_label"]).tolist()
    texts = [f"{int(m):,} of {int(c):,} ({p:.1f}%) went on" if pd.notna(p) else "none at stage"
             for m, c, p in zip(flow["moved_on"], flow["children"], flow["pct"], strict=True)]
    frame = pd.DataFrame({
        "step": steps * 2,
        "what": [FLOW_AT_STAGE] * len(flow) + [FLOW_WENT_ON] * len(flow),
        "count": [int(c) for c in flow["children"]] + [int(m) for m in flow["moved_on"]],
        "layer": [0] * len(flow) + [1] * len(flow),
        "text": [""] * len(flow) + texts,
        "total": [int(c) for c in flow["children"]] * 2,
    })
    order = [s for _, s in sorted(zip(flow["step_no"], steps, strict=True))]
    y = alt.Y(field="step", type="nominal", sort=order, title=None,
              axis=alt.Axis(labelLimit=LABEL_LIMIT))
    largest = max(int(flow["children"].max() or 0), 1)
    # The scale runs on past the largest bar to leave room for the text beside it; the axis and
    # its grid stop at the first round number above the largest bar.
    ticks = nice_ticks(largest)
    top = max(largest * 1.7, ticks[-1])
    scale = alt.Scale(domain=[0, top], nice=False)
    x = alt.X(field="count", type="quantitative", title="Children", scale=scale, stack=None,
              axis=alt.Axis(values=ticks, format=",.0f"))
    colour = alt.Color(field="what", type="nominal", title=None,
                       legend=alt.Legend(orient="bottom", labelLimit=LEGEND_LABEL_LIMIT),
                       scale=alt.Scale(domain=[FLOW_AT_STAGE, FLOW_WENT_ON], range=[SKY, BLUE]))
    tooltip = [alt.Tooltip(field="step", type="nominal", title="Step"),
               alt.Tooltip(field="what", type="nominal", title="Bar"),
               alt.Tooltip(field="count", type="quantitative", title="Children", format=",")]
    bars = alt.Chart().mark_bar(height=18).encode(
        x=x, y=y, color=colour, order=alt.Order(field="layer", type="quantitative"),
        tooltip=tooltip)
    text = alt.Chart().transform_filter("datum.layer == 1").mark_text(
        align="left", dx=4, color="#222222").encode(
        x=alt.X(field="total", type="quantitative", scale=scale), y=y, text=TEXT)
    summary = (f"{title}: for each step, the children at the stage and those who went on: "
               + "; ".join(f"{s}: {t}" for s, t in zip(steps, texts, strict=True)) + ".")
    table = pd.DataFrame({
        "Step": steps, FLOW_AT_STAGE: [f"{int(c):,}" for c in flow["children"]],
        FLOW_WENT_ON: [f"{int(m):,}" for m in flow["moved_on"]],
        "%": [f"{p:.1f}%" if pd.notna(p) else "" for p in flow["pct"]]})
    return layered(frame, [bars, text], title, subtitle, 80 + 40 * len(flow), summary, table)


UNKNOWN = "not known"
LEFT_OUT = "end before start: left out"
STATUS_COLOURS = {"within the standard": BLUE, "outside the standard": VERMILLION,
                  UNKNOWN: GREY, LEFT_OUT: "#C8C8C8", "children": BLUE}


@unchecked
def distribution(data: pd.DataFrame, title: str, subtitle: str | list[str] | None = None,
                 *, x_title: str, y_title: str = "Number") -> alt.LayerChart:
    """Vertical bars, one per band, each with its count on top; bands within a standard in blue,
    outside it in vermillion, the standard named in the legend. 'not known' (a date missing) is
    grey; 'before the start' (an end dated before its start, a data error that the figures leave
    out) light grey, and named so in the legend.

    data: briefing_distributions rows of one measure (band_no, band, n, meets_standard, standard).
    """
    has_standard = bool(data["standard"].notna().any())
    status = []
    for meets, band in zip(data["meets_standard"], data["band"], strict=True):
        if band == "before the start":
            status.append(LEFT_OUT)
        elif band == "not known":
            status.append(UNKNOWN)
        elif not has_standard or pd.isna(meets):
            status.append("children")
        else:
            status.append("within the standard" if meets else "outside the standard")
    frame = pd.DataFrame({
        "band_no": data["band_no"].astype(int).to_numpy(),
        "band": data["band"].astype(str).to_numpy(),
        "n": data["n"].astype(int).to_numpy(),
        "status": status,
        "text": [f"{int(n):,}" for n in data["n"]],
    })
    order = frame.sort_values("band_no")["band"].tolist()
    shown = [s for s in STATUS_COLOURS if s in set(status)]
    # Two entries to a row, each label whole: one row of four ran off a half-width chart.
    legend = (alt.Legend(orient="bottom", title=str(data["standard"].dropna().iloc[0])
                         .capitalize() + ":", columns=2, labelLimit=LEGEND_LABEL_LIMIT)
              if has_standard else None)
    colour = alt.Color(field="status", type="nominal", legend=legend,
                       scale=alt.Scale(domain=shown, range=[STATUS_COLOURS[s] for s in shown]))
    angle = 0 if max((len(b) for b in order), default=0) <= 9 else -30
    x = alt.X(field="band", type="nominal", sort=order, title=x_title,
              axis=alt.Axis(labelAngle=angle, labelLimit=120, labelOverlap=False))
    top = max(int(frame["n"].max()) if not frame.empty else 0, 1) * 1.18
    y = alt.Y(field="n", type="quantitative", title=y_title, scale=alt.Scale(domain=[0, top]))
    tooltip = [alt.Tooltip(field="band", type="nominal", title=x_title),
               alt.Tooltip(field="n", type="quantitative", title=y_title, format=","),
               alt.Tooltip(field="status", type="nominal", title="Standard")]
    bars = alt.Chart().mark_bar().encode(x=x, y=y, color=colour, tooltip=tooltip)
    text = alt.Chart().mark_text(dy=-6, color="#222222").encode(x=x, y=y, text=TEXT)
    summary = f"{title}: one bar per band of {x_title.lower()}, count written above each bar"
    counted = frame[frame["status"] != LEFT_OUT]
    if int(counted["n"].sum()):
        top = counted.loc[counted["n"].idxmax()]
        summary += f"; {int(counted['n'].sum()):,} in all, most in {top['band']} ({top['n']:,})"
    if has_standard and int(counted["n"].sum()):
        within = int(counted.loc[counted["status"] == "within the standard", "n"].sum())
        summary += (f"; {within:,} within the standard "
                    f"({100 * within / int(counted['n'].sum()):.1f}%)")
    table = pd.DataFrame({x_title: frame["band"], y_title: frame["text"]})
    if has_standard or LEFT_OUT in set(status) or UNKNOWN in set(status):
        table["Bar"] = frame["status"].to_numpy()
    return layered(frame, [bars, text], title, subtitle, 280, summary + ".", table)


@unchecked
def regional_bars(data: pd.DataFrame, title: str, subtitle: str | list[str] | None = None,
                  *, unit: str, highlight: str | None = None,
                  published: frozenset[str] = frozenset()) -> alt.LayerChart:
    """One bar per LA for one key indicator, largest first, value written at each bar's end; the
    LA in the sidebar is drawn in orange and named '(selected)', so it is found without colour.
    Rows whose la_code is in `published` (England, a region) are published figures, drawn grey
    and named as such in their label.

    data: la (display name), la_code, value, text.
    """
    def kind(code) -> str:
        return ("published figure" if code in published
                else "selected LA" if code == highlight else "other LAs")

    frame = pd.DataFrame({
        "la": [f"{la} (selected)" if c == highlight else la
               for la, c in zip(data["la"], data["la_code"], strict=True)],
        "selected": [kind(c) for c in data["la_code"]],
        "shown": data["value"].fillna(0).astype(float).to_numpy(),
        "known": data["value"].notna().to_numpy(),
        "text": data["text"].to_numpy(),
    }).sort_values("shown", ascending=False)
    order = frame["la"].tolist()
    top = max(float(frame["shown"].max() or 0), 1.0) * 1.35
    if unit == "percent":
        top = min(top, 100.0)
    y = alt.Y(field="la", type="nominal", sort=order, title=None,
              axis=alt.Axis(labelLimit=LABEL_LIMIT))
    ticks = [t for t in nice_ticks(float(frame["shown"].max() or 0)) if t <= top]
    x = alt.X(field="shown", type="quantitative",
              title={"percent": "%", "days": "days", "rate": "per 10,000 children"}.get(
                  unit, "number"),
              scale=alt.Scale(domain=[0, max(top, ticks[-1])], nice=False),
              axis=alt.Axis(values=ticks, format=",.0f"))
    colour = alt.Color(field="selected", type="nominal", legend=None,
                       scale=alt.Scale(domain=["other LAs", "selected LA", "published figure"],
                                       range=[BLUE, ORANGE, GREY]))
    tooltip = [alt.Tooltip(field="la", type="nominal", title="LA"),
               alt.Tooltip(field="text", type="nominal", title=title)]
    bars = alt.Chart().mark_bar().encode(x=x, y=y, color=colour, tooltip=tooltip)
    text = alt.Chart().mark_text(align="left", dx=4, color="#222222").encode(x=x, y=y, text=TEXT)
    summary = f"{title}: one bar per LA ({len(frame)}), value written beside each bar"
    known = frame[frame["known"]]
    if len(known):
        summary += f"; highest {known['la'].iloc[0]} ({known['text'].iloc[0]})"
    if len(known) > 1:
        summary += f", lowest {known['la'].iloc[-1]} ({known['text'].iloc[-1]})"
    table = pd.DataFrame({"LA": frame["la"], title: frame["text"]})
    return layered(frame, [bars, text], title, subtitle, 60 + ROW_PX * len(frame),
                  summary + ".", table)
