"""The Briefing's national context: each comparable headline beside England, the region, the
statistical neighbours and all LAs (ILACS ¶65: "published statistics and national comparisons").

Reads the comparable_measures and comparison_distribution marts; the rules are in their headers
and in docs/methodology/national-comparisons.md N1-N7. No colour says good or bad (N4): the words
say "higher than" or "lower than".
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from annexa.services import briefing
from dashboard import charts, db

# The table's words and numbers have one home, shared with the Excel briefing, the printable page
# and `annexa briefing` (annexa/services/briefing.py).
_number = briefing.comparison_number
table = briefing.comparison_table


def render(rows: pd.DataFrame) -> None:
    st.subheader("National context")
    if rows.empty or rows.england_value.isna().all():
        st.info("No published statistics are loaded, so there is nothing to compare with. Run "
                "`annexa reference import` (the README says where the files come from).")
        return
    first = rows.iloc[0]
    if bool(first.using_comparator) and first.compared_as:
        name = db.named_scalar("national_context/compared_as_name", [first.compared_as])
        st.caption(f"This LA is not in the published statistics: it is compared as "
                   f"**{name} ({first.compared_as})**, whose child population, region and "
                   "statistical neighbours are used (chosen under Settings, *Compare as*). The "
                   "published figures are not this LA's own.")
    elif first.compared_as is None or (isinstance(first.compared_as, float)):
        st.caption("This LA is not in the published statistics: only England is shown and no "
                   "rate per 10,000 children can be worked out. Choose a real LA to compare as "
                   "under Settings, *Compare as*.")
    year = int(rows.data_year.dropna().max()) if rows.data_year.notna().any() else None
    st.dataframe(table(rows), hide_index=True, width="stretch", column_config={
        "How this LA's figure is counted": st.column_config.TextColumn(width="large")})
    region = rows.region_name.dropna()
    st.caption(
        (f"Region: {region.iloc[0]}. " if not region.empty else "")
        + "Neighbours: the mean of the LA's ten statistical neighbours (DfE's 2025 model) that "
        "have a published value, and how many do. "
        f"Published figures: the latest year of each (year ending 31 March {year}), from the "
        "Department for Education's and ONS's official statistics. The LA's own figures are "
        "from its Annex A on the reference date, counted in the published measure's terms: "
        "stocks on the reference date and flows over the list's window, annualised, per "
        "10,000 children aged 0-17; proportions as published. Quarters rank this LA's figure "
        "among all LAs' published ones. Suppressed published values are left out, never "
        "counted as zero.")
    _chart(rows)
    with st.expander("How is this counted?"):
        st.markdown(
            "Each measure is worked out from the Annex A lists exactly as the published "
            "statistic defines it, or not shown (the product's methodology, national "
            "comparisons N1-N7). Children looked after, in need and on a plan are counted "
            "on the reference date (the published ones on 31 March); referrals, plans and "
            "care starting in a list's window are scaled to a year (x 12 / the window's "
            "months). Care leavers' activity and accommodation are not compared: the "
            "publication counts 19-21 year olds around their birthday, list 9 every care "
            "leaver's current position.")


def _chart(rows: pd.DataFrame) -> None:
    shown = rows[rows.comparable & rows.la_value.notna()]
    if shown.empty:
        return
    spread = db.named("national_context/distribution", [list(shown.measure)])
    labels = dict(zip(shown.measure, shown.label, strict=True))
    points = pd.concat([
        pd.DataFrame({"Measure": spread.measure.map(labels), "value": spread.value,
                      "kind": "An LA"}),
        pd.DataFrame({"Measure": shown.label, "value": shown.england_value, "kind": "England"}),
        pd.DataFrame({"Measure": shown.label, "value": shown.la_value, "kind": "This LA"}),
    ], ignore_index=True).dropna(subset=["value"])
    # One data set for every layer, so the layers can be faceted by measure.
    base = alt.Chart(points).encode(
        x=alt.X("value:Q", title=None),
        tooltip=[alt.Tooltip("kind:N", title=""), alt.Tooltip("value:Q", format=",.1f")])
    others = base.mark_tick(color="#9e9e9e", opacity=0.6, thickness=1).transform_filter(
        alt.datum.kind == "An LA")
    england = base.mark_tick(color="#1d70b8", thickness=3, size=22).transform_filter(
        alt.datum.kind == "England")
    this_la = base.mark_point(shape="diamond", size=120, filled=True,
                              color="#1d1d1b").transform_filter(alt.datum.kind == "This LA")
    chart = alt.layer(others, england, this_la).properties(height=36, width=520).facet(
        row=alt.Row("Measure:N", title=None, sort=list(shown.label),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=320)),
    ).resolve_scale(x="independent").properties(title=alt.TitleParams(
        "Where this LA stands: each grey tick is an English LA, the blue bar England, the "
        "black diamond this LA", anchor="start"))
    summary = "; ".join(f"{r.label}: this LA {_number(r.la_value, r.unit)}, England "
                        f"{_number(r.england_value, r.unit)}" for r in shown.itertuples()) + "."
    st.altair_chart(charts.readable(chart), width="content",
                    alt="Where this LA stands among English LAs. " + summary)
    # The numbers of every measure are in the table above the chart.
    st.caption("Text alternative: " + summary + " Every figure is in the table above.")
